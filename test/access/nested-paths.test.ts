/**
 * Every nested path that yields a household or a person applies the caller's row scope
 * (REGISTRY_ROWS, PAIRING_ROWS, PLAN_ROWS, OTHER_ROWS in src/access/matrix.ts), tried for a
 * township against another township, departments (education, HR, finance, the leading group, the
 * civilization office) and partners (each against the other's pairings).
 *
 * The county built here: households hA and hC of township A, hB of township B, all confirmed.
 * hA and hB each have a head able to work and a schoolchild; hC's second member left school.
 * A pairing of the trade union spans hA and hB (proposed from needs of both townships, approved by
 * civil affairs — the case the issue found); the youth league is paired with hC. Each household has
 * a need, ledger entries, plan items (education for the children — hC's now stale —, employment for
 * the heads, the allowance), an identification case; each township an allowance run.
 *
 * For every caller, every query below is checked two ways: no household or person id of ours it
 * may not see appears anywhere in the answer, and no name, phone or card number of a family it may
 * not see appears in the text. Positive checks make sure the paths are really walked.
 */
import crypto from 'node:crypto';
import { countyToday } from '../../src/graphql/scalars';
import { monthlyAllowance } from '../../src/policy/benefits';
import { loadPolicy } from '../../src/policy/policy.reader';
import { memberFromRow } from '../../src/policy/snapshot';
import { Caller, departmentToken, gql, GqlResult, idNumber, partnerApiKey, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';
import { dbId } from '../support/ids';

let t: TestApp;
let A: TestTownship;
let B: TestTownship;
const gid = (type: string, key: string | number) => Buffer.from(`${type}:${key}`).toString('base64url');

// A tag of this run, so texts never collide with other test files' rows in the shared database.
const TAG = Array.from({ length: 3 }, () => '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张'[crypto.randomInt(0, 24)]).join('');
const card = () => `MX${Array.from({ length: 10 }, () => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[crypto.randomInt(0, 32)]).join('')}`;

interface Family {
  key: 'hA' | 'hB' | 'hC';
  id: string;
  head: { id: string; name: string };
  other: { id: string; name: string };
  phone: string;
  card: string;
}
const F = {} as Record<'hA' | 'hB' | 'hC', Family>;
const nodeIds: string[] = [];
const callers = {} as Record<string, Caller>;

/** What a caller may see of our families: households and persons (by id) and which texts. */
interface Sight {
  households: Array<'hA' | 'hB' | 'hC'>;
  persons: Array<`${'hA' | 'hB' | 'hC'}.${'head' | 'other'}`>;
  /** Texts of a family that may appear: the head's name, phone and card (a household view), the other member's name. */
  texts: Array<`${'hA' | 'hB' | 'hC'}.${'household' | 'other'}`>;
}
const SIGHT: Record<string, Sight> = {
  'township A': { households: ['hA', 'hC'], persons: ['hA.head', 'hA.other', 'hC.head', 'hC.other'], texts: ['hA.household', 'hA.other', 'hC.household', 'hC.other'] },
  'township B': { households: ['hB'], persons: ['hB.head', 'hB.other'], texts: ['hB.household', 'hB.other'] },
  // Confirmed households with a schoolchild; only the schoolchildren.
  EDUCATION: { households: ['hA', 'hB'], persons: ['hA.other', 'hB.other'], texts: ['hA.household', 'hA.other', 'hB.household', 'hB.other'] },
  // Confirmed households with a member able to work; only those members (the heads).
  HUMAN_RESOURCES_SOCIAL_SECURITY: { households: ['hA', 'hB', 'hC'], persons: ['hA.head', 'hB.head', 'hC.head'], texts: ['hA.household', 'hB.household', 'hC.household'] },
  // No registry rows; every pairing in the PairedHousehold view.
  CIVILIZATION_OFFICE: { households: [], persons: [], texts: ['hA.household', 'hB.household', 'hC.household'] },
  // Aggregates only.
  FINANCE: { households: [], persons: [], texts: [] },
  LEADING_GROUP: { households: [], persons: [], texts: [] },
  // Partners: the PairedHousehold view of their own pairings.
  'partner union': { households: [], persons: [], texts: ['hA.household', 'hB.household'] },
  'partner youth league': { households: [], persons: [], texts: ['hC.household'] },
};

const H = `id headName contactPhone address assistanceCardNumber members { id name idNumber household { id } }`;
const P = `id name idNumber household { id headName members { id name } }`;
const PLAN = `id item household { ${H} } person { ${P} } deliveries { id }`;
const PAIRING = `id households { assistanceCardNumber headName community contactPhone household { ${H} } } ledger { assistanceCardNumber partnerName } partners { name }`;
const RUN = `id runHouseholds: households total lines { headName householdSize amount household { ${H} } }`;

/** One query per root operation (a refused operation refuses the whole request). */
const QUERIES: Array<[string, string]> = [
  ...(['a', 'b'] as const).map((v): [string, string] => ['households', `query($${v}: ID) { households(first: 10, filter: { township: $${v} }) { totalCount nodes {
    ${H} plan { ${PLAN} } identificationCases { id household { id } } } } }`]),
  ['persons', `query($a: ID, $b: ID) { a: persons(first: 100, filter: { township: $a }) { totalCount nodes { ${P} } } b: persons(first: 100, filter: { township: $b }) { totalCount nodes { ${P} } } }`],
  ['needs', `query($a: ID, $b: ID) { a: needs(first: 100, filter: { township: $a }) { totalCount nodes { id household { ${H} } community { name } } }
    b: needs(first: 100, filter: { township: $b }) { totalCount nodes { id household { ${H} } } } }`],
  ['pairings', `{ pairings(first: 20) { totalCount nodes { ${PAIRING} } } }`],
  ...(['a', 'b'] as const).map((v): [string, string] => ['planItems', `query($${v}: ID) { planItems(first: 20, filter: { township: $${v} }) { totalCount nodes { ${PLAN} } } }`]),
  ['overduePlanItems', `query($a: ID) { overduePlanItems(first: 20, filter: { township: $a }) { nodes { ${PLAN} } } }`],
  ['identificationCases', `query($a: ID, $b: ID) { a: identificationCases(first: 100, filter: { township: $a }) { nodes { id household { ${H} } } }
    b: identificationCases(first: 100, filter: { township: $b }) { nodes { id household { ${H} } } } }`],
  ['allowanceRuns', `query($a: ID, $b: ID) { a: allowanceRuns(township: $a, first: 10) { nodes { ${RUN} } } b: allowanceRuns(township: $b, first: 10) { nodes { ${RUN} } } }`],
  ['ledgerTotals', `{ byHousehold: ledgerTotals(by: HOUSEHOLD) { key entries } }`],
];
const NODE = `query($id: ID!) { node(id: $id) { id
  ... on Household { ${H} plan { ${PLAN} } }
  ... on Person { ${P} }
  ... on Need { household { ${H} } }
  ... on Pairing { ${PAIRING} }
  ... on PairingLedgerEntry { assistanceCardNumber }
  ... on PlanItem { ${PLAN} }
  ... on IdentificationCase { household { ${H} } }
  ... on AllowanceRun { ${RUN} }
} }`;

async function ok(r: GqlResult, what: string) {
  if (r.status !== 200 || r.errors) throw new Error(`${what}: ${JSON.stringify(r.body)}`);
  return r.data;
}

beforeAll(async () => {
  t = await startApp();
  A = await newTownship(t.orm);
  B = await newTownship(t.orm);
  const twA = await townshipToken(A.code);
  const twB = await townshipToken(B.code);
  const civil = await departmentToken('CIVIL_AFFAIRS');
  const civilization = await departmentToken('CIVILIZATION_OFFICE');
  const finance = await departmentToken('FINANCE');
  // Partners of this file alone, so other files' pairings and ours never meet in one partner's lists.
  const knex = t.orm.em.getKnex();
  const code = (k: string) => `np-${k}-${TAG}-${Date.now()}`;
  const [unionRow] = await knex('partner_organisation').insert({ code: code('union'), name: `${TAG}工会`, kind: 'TRADE_UNION', created_by: 'test', updated_by: 'test' }).returning(['id', 'code']);
  const [youthRow] = await knex('partner_organisation').insert({ code: code('youth'), name: `${TAG}团委`, kind: 'YOUTH_LEAGUE', created_by: 'test', updated_by: 'test' }).returning(['id', 'code']);
  const union = (await partnerApiKey(t.orm, unionRow.code)).token;
  const youth = (await partnerApiKey(t.orm, youthRow.code)).token;
  Object.assign(callers, {
    'township A': { token: twA }, 'township B': { token: twB },
    EDUCATION: { token: await departmentToken('EDUCATION') }, HUMAN_RESOURCES_SOCIAL_SECURITY: { token: await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY') },
    CIVILIZATION_OFFICE: { token: civilization }, FINANCE: { token: finance }, LEADING_GROUP: { token: await departmentToken('LEADING_GROUP') },
    'partner union': { apiKey: union }, 'partner youth league': { apiKey: youth },
  });
  const today = countyToday(new Date());

  const family = async (key: Family['key'], tw: TestTownship, token: string, phone: string, inSchool: boolean) => {
    const head = `${TAG}${key}户主`;
    const other = `${TAG}${key}成员`;
    const h = await registerHousehold(t.app, token, householdInput(tw, [
      member({ name: head }),
      member({
        name: other, relationToHead: 'CHILD', idNumber: idNumber('2014-06-01'), workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL',
        schoolingStage: inSchool ? 'PRIMARY' : 'NONE', monthlyIncome: null,
      }),
    ], { contactPhone: phone }));
    // An identification case while registered (R8), then confirmed with a card number.
    await ok(await gql(t.app, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { case { id } userErrors { code } } }`,
      { i: { household: h.id, appliedOn: today, reason: '生活困难' } }, { token }), 'submitApplication');
    await confirm(t.orm, h.id);
    const c = card();
    await knex('household').update({ assistance_card_number: c }).where({ id: dbId(h.id) });
    const byName = (n: string) => h.members.find((m: any) => m.name === n).id;
    F[key] = { key, id: h.id, head: { id: byName(head), name: head }, other: { id: byName(other), name: other }, phone, card: c };
  };
  await family('hA', A, twA, '13911110001', true);
  await family('hB', B, twB, '13922220002', true);
  await family('hC', A, twA, '13933330003', false);

  // Needs of each household; the union proposes one pairing from the needs of two townships.
  const needOf: Record<string, string> = {};
  for (const [key, token] of [['hA', twA], ['hB', twB], ['hC', twA]] as const) {
    const r = await ok(await gql(t.app, `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id } userErrors { code } } }`,
      { i: { household: F[key].id, kind: 'LIVING', uncoveredAmount: 20000, urgency: 'MEDIUM', description: '冬季取暖费用缺口' } }, { token }), 'publishNeed');
    needOf[key] = r.publishNeed.need.id;
    nodeIds.push(needOf[key]);
  }
  const propose = `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version } userErrors { code } } }`;
  const approve = `mutation($i: DecidePairingInput!) { approvePairing(input: $i) { pairing { status } userErrors { code } } }`;
  const p1 = (await ok(await gql(t.app, propose, { i: { needs: [needOf.hA, needOf.hB], note: '工会跨乡镇结对' } }, { apiKey: union }), 'propose')).proposePairing.pairing;
  expect((await ok(await gql(t.app, approve, { i: { pairing: p1.id, version: p1.version } }, { token: civil }), 'approve')).approvePairing.pairing.status).toBe('APPROVED');
  const youthId = gid('PartnerOrganisation', youthRow.id);
  const p2 = (await ok(await gql(t.app, propose, { i: { partners: [youthId], households: [F.hC.id], note: '团县委结对' } }, { token: civilization }), 'propose')).proposePairing.pairing;
  expect((await ok(await gql(t.app, approve, { i: { pairing: p2.id, version: p2.version } }, { token: civilization }), 'approve')).approvePairing.pairing.status).toBe('APPROVED');
  nodeIds.push(p1.id, p2.id);

  // Ledger entries: the union for hA and hB, the youth league for hC.
  const assist = `mutation($i: RegisterPairingAssistanceInput!) { registerPairingAssistance(input: $i) { entry { id } userErrors { code } } }`;
  for (const [key, apiKey] of [['hA', union], ['hB', union], ['hC', youth]] as const) {
    const r = await ok(await gql(t.app, assist, { i: { assistanceCardNumber: F[key].card, kind: 'VISIT', givenOn: today, description: '走访慰问', externalId: `${TAG}-${key}` } }, { apiKey }), 'assist');
    nodeIds.push(r.registerPairingAssistance.entry.id);
  }

  // Plan items straight into the table (the planner is tested elsewhere): the children's education
  // items (hC's child has left school: the item stays, its person and household are not
  // education's any more), the heads' employment items, the allowance.
  for (const key of ['hA', 'hB', 'hC'] as const) {
    const f = F[key];
    const township = key === 'hB' ? B : A;
    const row = (o: Record<string, unknown>) => ({
      household_id: dbId(f.id), township_id: township.id, status: 'ACCEPTED', basis: '{}', created_by: 'test', updated_by: 'test', ...o,
    });
    const inserted = await knex('plan_item').insert([
      row({ person_id: dbId(f.other.id), item: 'COMPULSORY_EDUCATION_SUPPORT', measure: 'EDUCATION_AID', department: 'EDUCATION' }),
      row({ person_id: dbId(f.head.id), item: 'JOB_INFORMATION', measure: 'EMPLOYMENT', department: 'HUMAN_RESOURCES_SOCIAL_SECURITY', required_deliveries: 2 }),
      ...(key === 'hC' ? [] : [row({ item: 'MINIMUM_LIVING_ALLOWANCE', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS', amount: 40000, proposed_amount: 40000 })]),
    ]).returning('id');
    const [d] = await knex('delivery').insert({ plan_item_id: inserted[0].id, delivered_on: today, note: '送教育资助政策', recorded_by: 'test' }).returning('id');
    nodeIds.push(...inserted.map((r: any) => gid('PlanItem', r.id)), gid('Delivery', d.id));
  }
  for (const c of await knex('identification_case').whereIn('household_id', Object.values(F).map((f) => dbId(f.id))).select('id')) nodeIds.push(gid('IdentificationCase', c.id));

  // An allowance run for each township, paid from a safety-net allocation. The run pays the amount
  // computed from the household and the policy in force (issue 11), not the item's stored one:
  // hA's and hB's heads get the wages that make it 40000 fen this month.
  const policy = await loadPolicy(knex, `${today.slice(0, 7)}-01`);
  for (const key of ['hA', 'hB'] as const) {
    const householdKey = dbId(F[key].id);
    await knex('person').update({ income_wages: 0, income_business: 0, income_property: 0, income_transfers: 0, income_other: 0 }).where({ household_id: householdKey });
    const members = await knex('person').where({ household_id: householdKey }).whereNull('removed_at').orderBy('id');
    const atZero = monthlyAllowance({ members: members.map(memberFromRow) }, policy).amount;
    await knex('person').update({ income_wages: atZero - 40000 }).where({ id: dbId(F[key].head.id) });
  }
  const src = await ok(await gql(t.app, `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`,
    { i: { code: `NP-${Date.now()}`, name: '县级财政', kind: 'COUNTY_FINANCE' } }, { token: finance }), 'source');
  const alloc = await ok(await gql(t.app, `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
    { i: { source: src.createFundSource.fundSource.id, measure: 'SAFETY_NET', year: Number(today.slice(0, 4)), amount: 10_000_000 } }, { token: finance }), 'allocate');
  for (const tw of [A, B]) {
    const r = await ok(await gql(t.app, `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { run { id households } userErrors { code } } }`,
      { i: { township: tw.globalId, month: today.slice(0, 7), allocation: alloc.allocateFund.allocation.id } }, { token: civil }), 'run');
    expect(r.runMonthlyAllowance.run.households).toBe(1);
    nodeIds.push(r.runMonthlyAllowance.run.id);
  }
  nodeIds.push(...Object.values(F).flatMap((f) => [f.id, f.head.id, f.other.id]));
});
afterAll(() => t.close());

/** Household and person ids of ours anywhere in a JSON answer. */
function idsIn(body: unknown): Set<string> {
  const ours = new Set(Object.values(F).flatMap((f) => [f.id, f.head.id, f.other.id]));
  const found = new Set<string>();
  JSON.stringify(body, (_k, v) => {
    if (typeof v === 'string' && ours.has(v)) found.add(v);
    return v;
  });
  return found;
}

/** Checks an answer against what the caller may see; returns the answer's text. */
function check(who: string, what: string, body: unknown): string {
  const sight = SIGHT[who];
  const allowed = new Set<string>([
    ...sight.households.map((k) => F[k].id),
    ...sight.persons.map((p) => { const [k, m] = p.split('.') as [Family['key'], 'head' | 'other']; return F[k][m].id; }),
  ]);
  const leaked = [...idsIn(body)].filter((id) => !allowed.has(id)).map((id) => Buffer.from(id, 'base64url').toString());
  expect([who, what, leaked]).toEqual([who, what, []]);
  const text = JSON.stringify(body);
  for (const f of Object.values(F)) {
    const texts: Array<[string, string]> = [];
    if (!sight.texts.includes(`${f.key}.household`)) texts.push(['head', f.head.name], ['phone', f.phone], ['card', f.card]);
    if (!sight.texts.includes(`${f.key}.other`)) texts.push(['member', f.other.name]);
    for (const [kind, value] of texts) expect([who, what, f.key, kind, text.includes(value)]).toEqual([who, what, f.key, kind, false]);
  }
  return text;
}

describe.each(Object.keys(SIGHT))('%s', (who) => {
  it('reaches no household or person outside its rows by any list or nested path', async () => {
    let walked = 0;
    for (const [root, query] of QUERIES) {
      const r = await gql(t.app, query, { a: A.globalId, b: B.globalId }, callers[who]);
      const refused = r.status === 403 || (r.errors?.length && r.errors.every((e) => e.extensions?.code === 'FORBIDDEN'));
      if (refused) {
        // Not this role's operation (or, for aggregate readers, not per household): nothing answered.
        expect([who, root, r.data?.[root] ?? r.data?.byHousehold ?? null]).toEqual([who, root, null]);
        continue;
      }
      if (r.status !== 200 || r.errors) throw new Error(`${who} ${root}: ${JSON.stringify(r.body)}`);
      check(who, root, r.body);
      walked++;
    }
    expect(walked).toBeGreaterThan(0);
  });

  it('reaches none through node(id:) of any of our records and what hangs from it', async () => {
    for (const id of nodeIds) {
      const r = await gql(t.app, NODE, { id }, callers[who]);
      if (r.status !== 200 || r.errors) throw new Error(`${who} node ${Buffer.from(id, 'base64url')}: ${JSON.stringify(r.body)}`);
      check(who, `node(${Buffer.from(id, 'base64url')})`, r.body);
    }
  });
});

describe('the paths are really walked', () => {
  const PAIRINGS = `{ pairings(first: 20) { nodes { households { assistanceCardNumber headName contactPhone household { id } } ledger { assistanceCardNumber } } } }`;
  const ours = (nodes: any[]) => nodes.filter((p) => [...p.households, ...p.ledger].some((h: any) => Object.values(F).some((f) => f.card === h.assistanceCardNumber)));

  it('a township reads only its own families of a pairing that spans two townships, and only their ledger', async () => {
    const view = (f: Family) => ({
      households: [{ assistanceCardNumber: f.card, headName: f.head.name, contactPhone: f.phone, household: { id: f.id } }],
      ledger: [{ assistanceCardNumber: f.card }],
    });
    const byCard = (x: any, y: any) => x.households[0].assistanceCardNumber.localeCompare(y.households[0].assistanceCardNumber);
    // Township A: the union's pairing shows hA only (hB is township B's), the youth league's hC.
    const a = ours((await ok(await gql(t.app, PAIRINGS, {}, callers['township A']), 'pairings')).pairings.nodes);
    expect(a.sort(byCard)).toEqual([view(F.hA), view(F.hC)].sort(byCard));
    const b = ours((await ok(await gql(t.app, PAIRINGS, {}, callers['township B']), 'pairings')).pairings.nodes);
    expect(b).toEqual([view(F.hB)]);
  });

  it('the partner keeps its PairedHousehold view of both townships\' families in its own pairing, never the registry record', async () => {
    const union = ours((await ok(await gql(t.app, PAIRINGS, {}, callers['partner union']), 'pairings')).pairings.nodes);
    expect(union).toHaveLength(1);
    expect(union[0].households.map((h: any) => [h.headName, h.household]).sort()).toEqual([[F.hA.head.name, null], [F.hB.head.name, null]].sort());
  });

  it('a department gets the stale item of a family it no longer sees without its person or household', async () => {
    const r = await ok(await gql(t.app, `query($a: ID) { planItems(first: 100, filter: { township: $a }) { nodes { item household { id } person { id } } } }`, { a: A.globalId }, callers.EDUCATION), 'planItems');
    expect(r.planItems.nodes.map((n: any) => [n.household?.id ?? null, n.person?.id ?? null]).sort()).toEqual([[F.hA.id, F.hA.other.id], [null, null]].sort());
  });

  it('finance and the leading group read allowance runs as aggregates, without the roster lines', async () => {
    for (const who of ['FINANCE', 'LEADING_GROUP']) {
      const r = await ok(await gql(t.app, `query($a: ID) { allowanceRuns(township: $a) { nodes { households total lines { headName } } } }`, { a: A.globalId }, callers[who]), who);
      expect([who, r.allowanceRuns.nodes]).toEqual([who, [{ households: 1, total: 40000, lines: [] }]]);
    }
  });
});

describe('name search (filters use only what the caller may read)', () => {
  const SEARCH = `query($s: String, $t: ID) { households(first: 10, filter: { nameSearch: $s, township: $t }) { totalCount nodes { id } } }`;

  it('a department cannot find a household by a hidden member\'s name prefix, but can by a visible member\'s', async () => {
    // Education sees hA's schoolchild, not its head; HR the head, not the child.
    const find = async (who: string, name: string) => (await ok(await gql(t.app, SEARCH, { s: name.slice(0, TAG.length + 3), t: A.globalId }, callers[who]), 'search')).households;
    expect(await find('EDUCATION', F.hA.other.name)).toEqual({ totalCount: 1, nodes: [{ id: F.hA.id }] });
    expect(await find('EDUCATION', F.hA.head.name)).toEqual({ totalCount: 0, nodes: [] });
    expect(await find('HUMAN_RESOURCES_SOCIAL_SECURITY', F.hA.head.name)).toEqual({ totalCount: 1, nodes: [{ id: F.hA.id }] });
    expect(await find('HUMAN_RESOURCES_SOCIAL_SECURITY', F.hA.other.name)).toEqual({ totalCount: 0, nodes: [] });
    // The township sees every member.
    expect(await find('township A', F.hA.head.name)).toEqual({ totalCount: 1, nodes: [{ id: F.hA.id }] });
    expect(await find('township A', F.hA.other.name)).toEqual({ totalCount: 1, nodes: [{ id: F.hA.id }] });
  });

  it('nor by persons(nameSearch), which lists only the members it sees', async () => {
    const r = await ok(await gql(t.app, `query($s: String) { persons(first: 10, filter: { nameSearch: $s }) { nodes { id } } }`, { s: F.hA.head.name }, callers.EDUCATION), 'persons');
    expect(r.persons.nodes).toEqual([]);
  });
});
