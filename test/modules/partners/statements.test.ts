/**
 * No N+1 in a partner's list of open needs (issue 10): a page of 10 costs the statements a page of
 * 2 costs, and the open needs alone are read (no join with household: partners see no household,
 * R18), and totalCount is a sum of need_tally's counters, not a count of the open needs.
 */
import { gql, partnerApiKey, TestApp } from '../../support/app';
import { confirmedHousehold, DonorWorld, publishNeed, startDonorWorld } from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
let partnerKey: string;

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
  partnerKey = (await partnerApiKey(t.orm)).token;
  for (let i = 0; i < 12; i++) {
    const h = await confirmedHousehold(t.app, t.orm, w, `需求户${i}`, ['MINIMUM_LIVING_ALLOWANCE'], [], i % 2);
    await publishNeed(t.app, w, h.id, i % 2 ? 'MEDICAL' : 'SCHOOLING', 10000 + i * 1000, i % 3 ? 'MEDIUM' : 'HIGH', '医疗费用缺口');
  }
});
afterAll(() => t.close());

/** The statements of one request and what it sent, the fewer of two tries (a key's first request of a minute also prunes old rate windows). */
async function statements(query: string, variables: Record<string, unknown>): Promise<{ count: number; sql: string[]; data: any }> {
  const once = async () => {
    const knex = t.orm.em.getKnex();
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    knex.client.on('query', listener);
    try {
      const r = await gql(t.app, query, variables, { apiKey: partnerKey });
      return { count: sql.length, sql, data: r.data };
    } finally {
      knex.client.removeListener('query', listener);
    }
  };
  const a = await once();
  const b = await once();
  return a.count <= b.count ? a : b;
}

const NEEDS = `query($n: Int!) { needs(first: $n) { totalCount pageInfo { hasNextPage endCursor } nodes { id kind uncoveredAmount urgency description status publishedOn } } }`;

it('a partner\'s page of open needs costs the same statements for 2 and for 10, none of them reading household', async () => {
  await statements(NEEDS, { n: 1 }); // warm-up
  const two = await statements(NEEDS, { n: 2 });
  const ten = await statements(NEEDS, { n: 10 });
  expect(two.data.needs.nodes).toHaveLength(2);
  expect(ten.data.needs.nodes).toHaveLength(10);
  expect(ten.data.needs.totalCount).toBeGreaterThanOrEqual(12);
  expect(ten.data.needs.nodes.every((n: any) => n.status === 'OPEN')).toBe(true);
  expect([ten.count, 'statements']).toEqual([two.count, 'statements']);
  const reads = ten.sql.filter((s) => /\bfrom "need"/.test(s));
  expect(reads).toHaveLength(1); // the page; its count reads the counters
  expect(reads.filter((s) => /household/.test(s))).toEqual([]);
  expect(ten.sql.filter((s) => /\bfrom need_tally\b/.test(s))).toHaveLength(1);
});
