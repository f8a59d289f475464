/**
 * No N+1 in the donors module: a ranking of 10 candidates and a page of 10 matches with their
 * pledges, anonymised needs and areas cost the same statements as 2 (issue 12; the team's bar).
 */
import { gql, TestApp } from '../../support/app';
import { ACCEPT, approve, CANDIDATES, confirmedHousehold, createPledge, startDonorWorld, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor } from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
let pledge: { id: string; version: number };
let other: { id: string; version: number };

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
  const donor = await registerDonor(t.app, w.platform);
  pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['HOUSING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 500000, description: '住房修缮', validUntil: inDays(20),
  }));
  // A second pledge, matched with none of the needs: its ranking has them all as candidates.
  other = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['HOUSING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 1000, description: '住房修缮', validUntil: inDays(20),
  }));
  for (let i = 0; i < 12; i++) {
    const h = await confirmedHousehold(t.app, t.orm, w, `计数户${i}`, ['MINIMUM_LIVING_ALLOWANCE'], [], i % 2);
    const need = await publishNeed(t.app, w, h.id, 'HOUSING', 10000 + i * 1000, i % 3 ? 'MEDIUM' : 'HIGH', '房屋修缮缺口');
    const m = (await gql(t.app, PROPOSE, { i: { pledge: pledge.id, need: need.id, quantity: 5000 } }, w.civilizationOffice)).data.proposeDonationMatch.match;
    await gql(t.app, ACCEPT, { i: { match: m.id, version: m.version } }, w.townshipCaller);
  }
});
afterAll(() => t.close());

/**
 * Statements of one request, the fewer of two tries: a request that opens a new rate-limit minute
 * for the key also prunes old windows (one statement more), whichever page size it asks for.
 */
async function statements(query: string, variables: Record<string, unknown>): Promise<{ count: number; data: any }> {
  const a = await statementsOnce(query, variables);
  const b = await statementsOnce(query, variables);
  return a.count <= b.count ? a : b;
}

async function statementsOnce(query: string, variables: Record<string, unknown>): Promise<{ count: number; data: any }> {
  const knex = t.orm.em.getKnex();
  let count = 0;
  const listener = () => count++;
  knex.client.on('query', listener);
  try {
    const r = await gql(t.app, query, variables, w.platform);
    return { count, data: r.data };
  } finally {
    knex.client.removeListener('query', listener);
  }
}

it('a page of matches costs the same statements for 2 and for 10', async () => {
  const Q = `query($n: Int!, $p: ID) { donationMatches(first: $n, filter: { pledge: $p }) { nodes { id status value area { township community }
    pledge { id remaining trace { allocatedValue } } donationNeed { id kind lackingAmount area { township } } need { id } } } }`;
  // Warm-up: the key's first request of a minute prunes old rate windows, the first pseudonym makes the server key.
  await statements(Q, { n: 1, p: pledge.id });
  const two = await statements(Q, { n: 2, p: pledge.id });
  const ten = await statements(Q, { n: 10, p: pledge.id });
  expect(two.data.donationMatches.nodes).toHaveLength(2);
  expect(ten.data.donationMatches.nodes).toHaveLength(10);
  expect(ten.data.donationMatches.nodes.every((m: any) => m.donationNeed && m.need === null)).toBe(true);
  expect([ten.count, 'statements']).toEqual([two.count, 'statements']);
});

it('a ranking costs the same statements for 2 and for 10 candidates', async () => {
  const two = await statements(CANDIDATES, { p: other.id, n: 2 });
  const ten = await statements(CANDIDATES, { p: other.id, n: 10 });
  expect(two.data.pledgeCandidates).toHaveLength(2);
  expect(ten.data.pledgeCandidates).toHaveLength(10);
  expect(ten.count).toBe(two.count);
});

it('a ranking is one statement over the projection and the policy in force, beside the key\'s own (issue 10)', async () => {
  const knex = t.orm.em.getKnex();
  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  await statements(CANDIDATES, { p: other.id, n: 10 }); // the key's minute and the pseudonym key already read
  knex.client.on('query', listener);
  try {
    expect((await gql(t.app, CANDIDATES, { p: other.id, n: 10 }, w.platform)).data.pledgeCandidates).toHaveLength(10);
  } finally {
    knex.client.removeListener('query', listener);
  }
  const ranking = sql.filter((s) => /donation_candidate/.test(s));
  expect(ranking).toHaveLength(1);
  // k and the pseudonyms' period come with the ranking: the policy is not read apart.
  expect(ranking[0]).toMatch(/policy_parameter/);
  expect(sql.filter((s) => /policy_parameter/.test(s))).toHaveLength(1);
  // The key's lookup (partners' and platforms' keys in one statement, which counts the request),
  // the call's audit row (PLATFORM_CALL), and the ranking.
  expect(sql.filter((s) => /charity_platform_api_key/.test(s))).toHaveLength(1);
  expect(sql.filter((s) => /audit_event/.test(s))).toHaveLength(1);
  expect(sql).toHaveLength(3);
  // Nothing else of the request reads a need, a household, a pledge or an allocation.
  expect(sql.filter((s) => !/donation_candidate/.test(s) && /\b(need|household|pledge|donation_allocation)\b/.test(s))).toEqual([]);
});
