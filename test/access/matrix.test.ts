/**
 * Proves every cell of the access matrix (src/access/matrix.ts) through the HTTP API:
 * operations (allowed and denied for every role), rows (which households and members each role
 * sees) and fields (which sensitive classes each role reads, and id-number masking).
 */
import { getNamedType, GraphQLObjectType } from 'graphql';
import request from 'supertest';
import { OPERATIONS } from '../../src/access/matrix';
import { Role, ROLES } from '../../src/shared/principal';
import { createSchema } from '../../src/graphql/schema';
import { Caller, callersByRole, gql, idNumber, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';

let t: TestApp;
let township: TestTownship;
let callers: Record<Role, Caller>;

/** One harmless call per root operation; mutations get input naming nothing, so nothing is written. */
const CALLS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'Query.viewer': { query: '{ viewer { kind } }' },
  'Query.node': { query: '{ node(id: "VG93bnNoaXA6MQ") { id } }' },
  'Query.townships': { query: '{ townships { id } }' },
  'Query.communities': { query: '{ communities { id } }' },
  'Query.households': { query: '{ households(first: 1) { totalCount } }' },
  'Query.persons': { query: '{ persons(first: 1) { totalCount } }' },
  'Query.householdStatistics': { query: '{ householdStatistics { byCategory { households } } }' },
  'Query.partnerOrganisations': { query: '{ partnerOrganisations { id } }' },
  'Query.auditEvents': { query: '{ auditEvents(first: 1) { totalCount } }' },
  'Mutation.registerHousehold': {
    query: 'mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { userErrors { code } } }',
    variables: { i: { township: 'x', community: 'x', address: '', contactPhone: '', housingArea: 0, members: [] } },
  },
  'Mutation.updateHousehold': { query: 'mutation { updateHousehold(input: { household: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.changeHouseholdHead': { query: 'mutation { changeHouseholdHead(input: { household: "x", version: 1, newHead: "x", formerHeadRelation: CHILD }) { userErrors { code } } }' },
  'Mutation.addHouseholdMember': {
    query: 'mutation($m: MemberInput!) { addHouseholdMember(input: { household: "x", version: 1, member: $m }) { userErrors { code } } }',
    variables: { m: { name: '', idNumber: '', relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'UNEMPLOYED' } },
  },
  'Mutation.updateHouseholdMember': { query: 'mutation { updateHouseholdMember(input: { person: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.updateSchoolRecord': { query: 'mutation { updateSchoolRecord(input: { person: "x", version: 1, schoolingStage: NONE }) { userErrors { code } } }' },
  'Mutation.removeHouseholdMember': { query: 'mutation { removeHouseholdMember(input: { person: "x", version: 1, reason: "" }) { userErrors { code } } }' },
  'Query.policyParameters': { query: '{ policyParameters { key value } }' },
  'Query.policyParameterHistory': { query: '{ policyParameterHistory(key: NOTICE_MIN_DAYS) { value } }' },
  'Mutation.setPolicyParameter': { query: 'mutation { setPolicyParameter(input: { key: NOTICE_MIN_DAYS, value: -1, effectiveFrom: "2030-01-01", reason: "" }) { userErrors { code } } }' },
  'Query.eligibilityCheck': { query: '{ eligibilityCheck(input: { members: [] }) { qualifies } }' },
  'Query.identificationCases': { query: '{ identificationCases(first: 1) { totalCount } }' },
  'Query.publicNotices': { query: '{ publicNotices(township: "x") { __typename } }' },
  'Mutation.submitApplication': { query: 'mutation { submitApplication(input: { household: "x", appliedOn: "2020-01-01", reason: "" }) { userErrors { code } } }' },
  'Mutation.startInvestigation': { query: 'mutation { startInvestigation(input: { case: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.recordInvestigation': { query: 'mutation { recordInvestigation(input: { case: "x", version: 1, method: HOME_VISIT, conductedOn: "2020-01-01", findings: "" }) { userErrors { code } } }' },
  'Mutation.recordReviewOpinion': { query: 'mutation { recordReviewOpinion(input: { case: "x", version: 1, recommendation: APPROVE, opinion: "", causes: [] }) { userErrors { code } } }' },
  'Mutation.postPublicNotice': { query: 'mutation { postPublicNotice(input: { case: "x", version: 1, kind: FIRST, place: "", postedOn: "2020-01-01", endsOn: "2020-01-05" }) { userErrors { code } } }' },
  'Mutation.recordObjection': { query: 'mutation { recordObjection(input: { notice: "x", summary: "" }) { userErrors { code } } }' },
  'Mutation.submitPublicObjection': { query: 'mutation { submitPublicObjection(input: { notice: "x", summary: "" }) { userErrors { code } } }' },
  'Mutation.resolveObjection': { query: 'mutation { resolveObjection(input: { objection: "x", version: 1, outcome: DISMISSED, resolution: "" }) { userErrors { code } } }' },
  'Mutation.forwardToCounty': { query: 'mutation { forwardToCounty(input: { case: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.approveApplication': { query: 'mutation { approveApplication(input: { case: "x", version: 1, reason: "" }) { userErrors { code } } }' },
  'Mutation.rejectApplication': { query: 'mutation { rejectApplication(input: { case: "x", version: 1, reason: "" }) { userErrors { code } } }' },
  'Mutation.confirmHousehold': { query: 'mutation { confirmHousehold(input: { case: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.withdrawApplication': { query: 'mutation { withdrawApplication(input: { case: "x", version: 1, reason: "" }) { userErrors { code } } }' },
  'Query.measureCatalogue': { query: '{ measureCatalogue { code } }' },
  'Query.planItems': { query: '{ planItems(first: 1) { totalCount } }' },
  'Query.overduePlanItems': { query: '{ overduePlanItems(first: 1) { totalCount } }' },
  'Mutation.decidePlanItem': { query: 'mutation { decidePlanItem(input: { planItem: "x", version: 1, decision: ACCEPT }) { userErrors { code } } }' },
  'Mutation.recordDelivery': { query: 'mutation { recordDelivery(input: { planItem: "x", deliveredOn: "2020-01-01", note: "x" }) { userErrors { code } } }' },
  'Query.fundSources': { query: '{ fundSources { id } }' },
  'Query.fundAllocations': { query: '{ fundAllocations { id } }' },
  'Query.allowanceRuns': { query: '{ allowanceRuns(first: 1) { totalCount } }' },
  'Mutation.createFundSource': { query: 'mutation { createFundSource(input: { code: "", name: "", kind: COUNTY_FINANCE }) { userErrors { code } } }' },
  'Mutation.allocateFund': { query: 'mutation { allocateFund(input: { source: "x", measure: SAFETY_NET, year: 2020, amount: 0 }) { userErrors { code } } }' },
  'Mutation.runMonthlyAllowance': { query: 'mutation { runMonthlyAllowance(input: { township: "x", month: "x", allocation: "x" }) { userErrors { code } } }' },
  'Query.needs': { query: '{ needs(first: 1) { totalCount } }' },
  'Mutation.publishNeed': { query: 'mutation { publishNeed(input: { household: "x", kind: LIVING, uncoveredAmount: 0, urgency: LOW, description: "" }) { userErrors { code } } }' },
  'Mutation.updateNeed': { query: 'mutation { updateNeed(input: { need: "x", version: 1, status: CLOSED }) { userErrors { code } } }' },
  'Query.pairings': { query: '{ pairings(first: 1) { totalCount } }' },
  'Mutation.proposePairing': { query: 'mutation { proposePairing(input: { note: "" }) { userErrors { code } } }' },
  'Mutation.approvePairing': { query: 'mutation { approvePairing(input: { pairing: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.rejectPairing': { query: 'mutation { rejectPairing(input: { pairing: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.registerPairingAssistance': { query: 'mutation { registerPairingAssistance(input: { kind: VISIT, givenOn: "2020-01-01", description: "" }) { userErrors { code } } }' },
  'Mutation.importPartnerRecords': { query: 'mutation { importPartnerRecords(input: { format: "trade-union", content: "{}" }) { result { accepted } userErrors { code } } }' },
  'Mutation.subscribeToNeeds': { query: 'mutation { subscribeToNeeds(input: { url: "x", needKinds: [] }) { userErrors { code } } }' },
  'Query.ledgerTotals': { query: '{ ledgerTotals(by: KIND) { key } }' },
  'Mutation.registerUtilityAccount': { query: 'mutation { registerUtilityAccount(input: { household: "x", utility: POWER, accountNumber: "" }) { userErrors { code } } }' },
  'Mutation.registerPartnerOrganisation': { query: 'mutation { registerPartnerOrganisation(input: { code: "", name: "", kind: CHARITY }) { userErrors { code } } }' },
  'Mutation.createPartnerApiKey': { query: 'mutation { createPartnerApiKey(input: { partner: "x", label: "" }) { userErrors { code } } }' },
  'Mutation.revokePartnerApiKey': { query: 'mutation { revokePartnerApiKey(input: { apiKey: "x", version: 1 }) { userErrors { code } } }' },
};

// Households of the row test, each built so that exactly one department's predicate matches.
const H: Record<string, string> = {};
const P: Record<string, string> = {};

beforeAll(async () => {
  t = await startApp();
  township = await newTownship(t.orm);
  callers = await callersByRole(t.orm, township.code);
  const token = await townshipToken(township.code);
  const plain = { workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE' };
  const make = async (key: string, confirmed: boolean, extra: Record<string, unknown> | null) => {
    // The disabled household's head is disabled too, so housing (which sees heads) proves the
    // disability field is hidden from it rather than merely empty.
    const head = key === 'disabled' ? { disability: { category: 'VISUAL', grade: 1 } } : {};
    const members = [member({ name: `${key}户主`, ...plain, ...head })];
    if (extra) members.push(member({ name: `${key}成员`, relationToHead: 'CHILD', idNumber: idNumber('2008-02-02'), ...plain, ...extra }));
    const h = await registerHousehold(t.app, token, householdInput(township, members));
    if (confirmed) await confirm(t.orm, h.id);
    H[key] = h.id;
    for (const m of h.members) P[m.name] = m.id;
  };
  await make('registered', false, { schoolingStage: 'SENIOR_HIGH', illness: 'SERIOUS' });
  await make('school', true, { schoolingStage: 'SENIOR_HIGH' });
  await make('worker', true, { workCapacity: 'FULL', employmentStatus: 'UNEMPLOYED' });
  await make('ill', true, { illness: 'SERIOUS' });
  await make('disabled', true, { disability: { category: 'PHYSICAL', grade: 2 } });
  await make('none', true, null);
});
afterAll(() => t.close());

describe('operations', () => {
  it('every root operation of the schema has a rule, and every rule names an operation', async () => {
    const schema = await createSchema();
    const inSchema = ['Query', 'Mutation'].flatMap((root) => Object.keys((schema.getType(root) as GraphQLObjectType).getFields()).map((f) => `${root}.${f}`));
    expect(inSchema.filter((op) => !(op in OPERATIONS))).toEqual([]);
    expect(Object.keys(OPERATIONS).filter((op) => !inSchema.includes(op))).toEqual([]);
    expect(Object.keys(CALLS).sort()).toEqual(inSchema.sort());
  });

  const cells = Object.keys(CALLS).flatMap((op) => ROLES.map((role) => [op, role] as const));
  it.each(cells)('%s for %s', async (op, role) => {
    const call = CALLS[op];
    const r = await gql(t.app, call.query, call.variables ?? {}, callers[role]);
    const codes = (r.errors ?? []).map((e) => e.extensions?.code);
    if (OPERATIONS[op].includes(role)) {
      expect(r.status).toBe(200);
      expect(codes).toEqual([]);
    } else {
      expect(r.status).toBe(role === 'ANONYMOUS' ? 401 : 403);
      expect(codes).toEqual([role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      expect(r.data ?? null).toBeNull();
    }
  });
});

describe('audit of every mutation', () => {
  it('left an audit row for each mutation called above: REJECTED for the allowed roles, DENIED for the others', async () => {
    const knex = t.orm.em.getKnex();
    const missing: string[] = [];
    for (const op of Object.keys(CALLS).filter((o) => o.startsWith('Mutation.'))) {
      const outcomes = new Set(await knex('audit_event').where({ action: op }).pluck('outcome'));
      const deniedSomewhere = OPERATIONS[op].length < ROLES.length;
      // A malformed batch is answered per record, not rejected as a whole: the partner call is audited instead.
      const rejectedExpected = op !== 'Mutation.importPartnerRecords';
      if (deniedSomewhere && !outcomes.has('DENIED')) missing.push(`${op} DENIED`);
      if (rejectedExpected && !outcomes.has('REJECTED')) missing.push(`${op} REJECTED`);
    }
    expect(missing).toEqual([]);
    expect(await knex('audit_event').where({ action: 'PARTNER_CALL' }).first()).toBeTruthy();
  });
});

describe('rows', () => {
  // Which of the test households, and which of their members, each role with registry access sees.
  const ROWS: Partial<Record<Role, { households: string[]; members: string[] }>> = {
    TOWNSHIP: { households: ['registered', 'school', 'worker', 'ill', 'disabled', 'none'], members: ['all'] },
    CIVIL_AFFAIRS: { households: ['registered', 'school', 'worker', 'ill', 'disabled', 'none'], members: ['all'] },
    EDUCATION: { households: ['school'], members: ['school成员'] },
    HUMAN_RESOURCES_SOCIAL_SECURITY: { households: ['worker'], members: ['worker成员'] },
    HOUSING: { households: ['school', 'worker', 'ill', 'disabled', 'none'], members: ['school户主', 'worker户主', 'ill户主', 'disabled户主', 'none户主'] },
    MEDICAL_INSURANCE: { households: ['ill'], members: ['ill成员'] },
    HEALTH: { households: ['ill'], members: ['ill成员'] },
    DISABLED_PERSONS_FEDERATION: { households: ['disabled'], members: ['disabled户主', 'disabled成员'] },
  };
  const allMembers = () => Object.keys(P);
  const LIST = `query($f: HouseholdFilter) { households(first: 50, filter: $f) { totalCount nodes { id members { name } } } }`;

  it.each(ROLES.map((r) => [r]))('%s sees exactly its households and members, by list, count, node and persons', async (role) => {
    const expected = ROWS[role];
    const as = callers[role];
    const filter = { f: { township: township.globalId } };
    if (expected) {
      const list = await gql(t.app, LIST, filter, as);
      const seen = list.data.households.nodes.map((n: any) => n.id).sort();
      expect(seen).toEqual(expected.households.map((k) => H[k]).sort());
      expect(list.data.households.totalCount).toBe(expected.households.length);
      const members = list.data.households.nodes.flatMap((n: any) => n.members.map((m: any) => m.name)).sort();
      const expectedMembers = expected.members[0] === 'all' ? allMembers().sort() : [...expected.members].sort();
      expect(members).toEqual(expectedMembers);
      const persons = await gql(t.app, `query($t: ID) { persons(first: 50, filter: { township: $t }) { totalCount nodes { name } } }`, { t: township.globalId }, as);
      expect(persons.data.persons.nodes.map((n: any) => n.name).sort()).toEqual(expectedMembers);
    }
    // node(id:) agrees with the list for every household and member, whatever the role.
    for (const [key, id] of Object.entries(H)) {
      const r = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, as);
      expect([key, r.data.node?.id ?? null]).toEqual([key, expected?.households.includes(key) ? id : null]);
    }
    for (const [name, id] of Object.entries(P)) {
      const r = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, as);
      const visible = expected ? expected.members[0] === 'all' || expected.members.includes(name) : false;
      expect([name, r.data.node?.id ?? null]).toEqual([name, visible ? id : null]);
    }
  });
});

describe('fields', () => {
  // Sensitive classes each role reads (the rest come back null); the spec restated, not derived.
  const FIELDS: Partial<Record<Role, string[]>> = {
    TOWNSHIP: ['ID_NUMBER', 'INCOME', 'HEALTH', 'DISABILITY', 'HOUSING', 'EMPLOYMENT', 'SCHOOLING', 'CONTACT'],
    CIVIL_AFFAIRS: ['ID_NUMBER', 'INCOME', 'HEALTH', 'DISABILITY', 'HOUSING', 'EMPLOYMENT', 'SCHOOLING', 'CONTACT'],
    EDUCATION: ['SCHOOLING', 'CONTACT'],
    HUMAN_RESOURCES_SOCIAL_SECURITY: ['EMPLOYMENT', 'CONTACT'],
    HOUSING: ['HOUSING', 'CONTACT'],
    MEDICAL_INSURANCE: ['HEALTH', 'CONTACT'],
    HEALTH: ['HEALTH', 'CONTACT'],
    DISABLED_PERSONS_FEDERATION: ['DISABILITY', 'CONTACT'],
  };
  const SEEN_BY: Partial<Record<Role, string>> = {
    TOWNSHIP: 'disabled', CIVIL_AFFAIRS: 'disabled', EDUCATION: 'school', HUMAN_RESOURCES_SOCIAL_SECURITY: 'worker',
    HOUSING: 'disabled', MEDICAL_INSURANCE: 'ill', HEALTH: 'ill', DISABLED_PERSONS_FEDERATION: 'disabled',
  };
  const Q = `query($id: ID!) { node(id: $id) { ... on Household {
    address contactPhone housingArea perCapitaHousingArea monthlyIncomeTotal perCapitaMonthlyIncome assets { deposits }
    members { idNumber birthDate age workCapacity employmentStatus disability { grade } illness illnessNote schoolingStage monthlyIncome { total } }
  } } }`;

  it.each(Object.keys(FIELDS).map((r) => [r as Role]))('%s reads exactly its field classes', async (role) => {
    const r = await gql(t.app, Q, { id: H[SEEN_BY[role]!] }, callers[role]);
    if (!r.data) throw new Error(JSON.stringify(r.body));
    const h = r.data.node;
    // The member checked: the last one shown (for housing, the disabled head).
    const m = h.members[h.members.length - 1];
    const classes: Record<string, unknown[]> = {
      CONTACT: [h.address, h.contactPhone],
      HOUSING: [h.housingArea, h.perCapitaHousingArea],
      INCOME: [h.monthlyIncomeTotal, h.perCapitaMonthlyIncome, h.assets, m.monthlyIncome],
      EMPLOYMENT: [m.workCapacity, m.employmentStatus],
      HEALTH: [m.illness],
      SCHOOLING: [m.schoolingStage],
      DISABILITY: [m.disability],
    };
    for (const [cls, values] of Object.entries(classes)) {
      const allowed = FIELDS[role]!.includes(cls);
      for (const v of values) expect([cls, v === null]).toEqual([cls, !allowed]);
    }
    const unmasked = /^[1-9]\d{16}[\dX]$/.test(m.idNumber);
    expect(unmasked).toBe(FIELDS[role]!.includes('ID_NUMBER'));
    // MASKING: without the right only the region code, and no birth date beside it — the age instead.
    if (!unmasked) expect(m.idNumber).toMatch(/^\d{6}\*{12}$/);
    expect([role, m.birthDate === null]).toEqual([role, !unmasked]);
    expect(typeof m.age).toBe('number');
  });
});

describe('allowance runs (OTHER_ROWS.AllowanceRun and AllowanceRoster)', () => {
  // Finance and the leading group read runs as aggregates (households, total) — no people: the
  // roster lines and the printed roster, which name heads of household, are for civil affairs and
  // the township (its own). The spec restated, not derived.
  const RUNS: Partial<Record<Role, 'roster' | 'aggregate'>> = { CIVIL_AFFAIRS: 'roster', TOWNSHIP: 'roster', FINANCE: 'aggregate', LEADING_GROUP: 'aggregate' };
  let run: { id: string; rosterPath: string };

  beforeAll(async () => {
    const knex = t.orm.em.getKnex();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const householdKey = Buffer.from(H.none, 'base64url').toString().split(':')[1];
    await knex('plan_item').insert({
      household_id: householdKey, township_id: township.id, item: 'MINIMUM_LIVING_ALLOWANCE', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS',
      status: 'ACCEPTED', amount: 30000, proposed_amount: 30000, basis: '{}', created_by: 'test', updated_by: 'test',
    });
    const src = await gql(t.app, `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } } }`, { i: { code: `MX-${Date.now()}`, name: '县级财政', kind: 'COUNTY_FINANCE' } }, callers.FINANCE);
    const alloc = await gql(t.app, `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } } }`,
      { i: { source: src.data.createFundSource.fundSource.id, measure: 'SAFETY_NET', year: Number(today.slice(0, 4)), amount: 1_000_000 } }, callers.FINANCE);
    const r = await gql(t.app, `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { run { id rosterPath } userErrors { code } } }`,
      { i: { township: township.globalId, month: today.slice(0, 7), allocation: alloc.data.allocateFund.allocation.id } }, callers.CIVIL_AFFAIRS);
    run = r.data.runMonthlyAllowance.run;
  });

  it.each(ROLES.map((r) => [r]))('%s reads runs as the matrix says, by list and node, and downloads the roster only with the roster right', async (role) => {
    const expected = RUNS[role];
    const list = await gql(t.app, `query($t: ID) { allowanceRuns(township: $t) { nodes { id households total lines { headName householdSize amount } } } }`, { t: township.globalId }, callers[role]);
    const node = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on AllowanceRun { households total lines { headName } } } }`, { id: run.id }, callers[role]);
    if (!expected) {
      expect(list.status).toBe(role === 'ANONYMOUS' ? 401 : 403);
      expect(node.data.node).toBeNull();
    } else {
      const lines = expected === 'roster' ? [{ headName: 'none户主', householdSize: 1, amount: 30000 }] : [];
      expect(list.data.allowanceRuns.nodes).toEqual([{ id: run.id, households: 1, total: 30000, lines }]);
      expect(node.data.node).toEqual({ households: 1, total: 30000, lines: lines.map((l) => ({ headName: l.headName })) });
    }
    const download = request(t.app).get(run.rosterPath);
    const as = callers[role];
    if (as.token) download.set('authorization', `Bearer ${as.token}`);
    if (as.apiKey) download.set('x-api-key', as.apiKey);
    // Out of the role's rows looks like a roster that does not exist (404); anonymous is 401.
    expect([role, (await download).status]).toEqual([role, expected === 'roster' ? 200 : role === 'ANONYMOUS' ? 401 : 404]);
  });
});
