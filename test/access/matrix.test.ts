/**
 * Proves every cell of the access matrix (src/access/matrix.ts) through the HTTP API:
 * operations (allowed and denied for every role), rows (which households and members each role
 * sees) and fields (which sensitive classes each role reads, and id-number masking).
 */
import { monthlyAllowance } from '../../src/policy/benefits';
import { loadPolicy } from '../../src/policy/policy.reader';
import { memberFromRow } from '../../src/policy/snapshot';
import crypto from 'node:crypto';
import { GraphQLObjectType } from 'graphql';
import request from 'supertest';
import { OPERATIONS } from '../../src/access/matrix';
import { Role, ROLES } from '../../src/shared/principal';
import { createSchema } from '../../src/graphql/schema';
import { addCalendarDays, countyToday } from '../../src/shared/county-calendar';
import { Caller, callersByRole, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';
import { dbId } from '../support/ids';
import { partnerKey } from '../support/partners';
import { socialCreditCheckCharacter } from '../../src/modules/donors/donors.service'; // donors

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
  'Query.township': { query: '{ township(code: "350421100") { id } }' },
  'Query.community': { query: '{ community(code: "350421100001") { id } }' },
  'Query.household': { query: '{ household(cardNumber: "MX0000000000") { id } }' },
  'Query.person': { query: '{ person(idNumber: "11010519491231002X") { id } }' },
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
  'Mutation.decidePlanItems': { query: 'mutation { decidePlanItems(input: { items: [{ planItem: "x", version: 1, decision: ACCEPT }] }) { userErrors { code } } }' },
  'Mutation.recordDelivery': { query: 'mutation { recordDelivery(input: { planItem: "x", deliveredOn: "2020-01-01", note: "x" }) { userErrors { code } } }' },
  'Query.fundSources': { query: '{ fundSources { id } }' },
  'Query.fundAllocations': { query: '{ fundAllocations { id } }' },
  'Query.allowanceRuns': { query: '{ allowanceRuns(first: 1) { totalCount } }' },
  'Mutation.createFundSource': { query: 'mutation { createFundSource(input: { code: "", name: "", kind: COUNTY_FINANCE }) { userErrors { code } } }' },
  'Mutation.allocateFund': { query: 'mutation { allocateFund(input: { source: "x", measure: SAFETY_NET, year: 2020, amount: 0 }) { userErrors { code } } }' },
  'Mutation.runMonthlyAllowance': { query: 'mutation { runMonthlyAllowance(input: { township: "x", month: "x", allocation: "x" }) { userErrors { code } } }' },
  // supervision (issue 13)
  'Query.scorecardFigures': { query: '{ scorecardFigures { code } }' },
  'Query.townshipScorecard': { query: '{ townshipScorecard(period: "2025") { totals { value } } }' },
  'Query.scorecardTrend': { query: '{ scorecardTrend(period: "2025-Q1") { month } }' },
  'Query.scorecardDrillDown': { query: '{ scorecardDrillDown(figure: ITEMS_DUE, township: "VG93bnNoaXA6MQ", period: "2025", first: 1) { totalCount } }' },
  'Query.departmentScorecard': { query: '{ departmentScorecard(period: "2025") { measures { measure } } }' },
  'Query.supervisionChecks': { query: '{ supervisionChecks(first: 1) { totalCount } }' },
  'Query.assessmentSignOffs': { query: '{ assessmentSignOffs(period: "2025") { id } }' },
  'Mutation.drawSupervisionCheck': { query: 'mutation { drawSupervisionCheck(input: { township: "x", kind: RANDOM }) { userErrors { code } } }' },
  'Mutation.recordCheckFindings': { query: 'mutation { recordCheckFindings(input: { checkHousehold: "x", version: 1, identityMatches: true, incomeAsRecorded: true, measuresDelivered: true, noticesPosted: true }) { userErrors { code } } }' },
  'Mutation.submitAssessment': { query: 'mutation { submitAssessment(input: { period: "x" }) { userErrors { code } } }' },
  'Mutation.scheduleRegularChecks': { query: 'mutation { scheduleRegularChecks(input: { dueOn: "2000-01-01" }) { userErrors { code } } }' },
  'Mutation.approveAssessment': { query: 'mutation { approveAssessment(input: { signOff: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.returnAssessment': { query: 'mutation { returnAssessment(input: { signOff: "x", version: 1, reason: "x" }) { userErrors { code } } }' },
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
  // donors (issue 12)
  'Query.charityPlatforms': { query: '{ charityPlatforms { id } }' },
  'Query.donors': { query: '{ donors(first: 1) { totalCount } }' },
  'Query.pledges': { query: '{ pledges(first: 1) { totalCount } }' },
  'Query.donationNeeds': { query: '{ donationNeeds(first: 1) { totalCount } }' },
  'Query.pledgeCandidates': { query: '{ pledgeCandidates(pledge: "x") { rank } }' },
  'Query.needCandidates': { query: '{ needCandidates(need: "x") { rank } }' },
  'Query.donationMatches': { query: '{ donationMatches(first: 1) { totalCount } }' },
  'Query.allocationRuns': { query: '{ allocationRuns(first: 1) { totalCount } }' },
  'Query.assistanceChain': { query: '{ assistanceChain(household: "x") { totals { source } } }' },
  'Query.assistanceTotals': { query: '{ assistanceTotals(by: SOURCE) { key } }' },
  'Query.donationUnitValues': { query: '{ donationUnitValues { unit } }' },
  'Mutation.registerCharityPlatform': { query: 'mutation { registerCharityPlatform(input: { code: "", name: "", unifiedSocialCreditCode: "", designatedFundraisingPlatform: false }) { userErrors { code } } }' },
  'Mutation.createCharityPlatformApiKey': { query: 'mutation { createCharityPlatformApiKey(input: { platform: "x", label: "" }) { userErrors { code } } }' },
  'Mutation.revokeCharityPlatformApiKey': { query: 'mutation { revokeCharityPlatformApiKey(input: { apiKey: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.registerDonor': { query: 'mutation { registerDonor(input: { displayName: "", kind: INDIVIDUAL, platformReference: "" }) { userErrors { code } } }' },
  'Mutation.createPledge': { query: 'mutation { createPledge(input: { resource: MONEY, needKinds: [], areaLevel: COUNTY, quantity: 0, description: "", validUntil: "2020-01-01" }) { userErrors { code } } }' },
  'Mutation.approvePledge': { query: 'mutation { approvePledge(input: { pledge: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.blockPledge': { query: 'mutation { blockPledge(input: { pledge: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.proposeDonationMatch': { query: 'mutation { proposeDonationMatch(input: { pledge: "x", need: "x", quantity: 0 }) { userErrors { code } } }' },
  'Mutation.acceptDonationMatch': { query: 'mutation { acceptDonationMatch(input: { match: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.rejectDonationMatch': { query: 'mutation { rejectDonationMatch(input: { match: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.runFairAllocation': { query: 'mutation { runFairAllocation(input: { township: "x" }) { userErrors { code } } }' },
  'Mutation.dispatchDonation': { query: 'mutation { dispatchDonation(input: { match: "x", version: 1 }) { userErrors { code } } }' },
  'Mutation.confirmDonationReceipt': { query: 'mutation { confirmDonationReceipt(input: { match: "x", version: 1, outcome: RECEIVED }) { userErrors { code } } }' },
  'Mutation.reverseDonationAllocation': { query: 'mutation { reverseDonationAllocation(input: { match: "x", version: 1, reason: "" }) { userErrors { code } } }' },
  'Mutation.drawReceiptVisitSample': { query: 'mutation { drawReceiptVisitSample(input: { month: "x" }) { userErrors { code } } }' },
  'Mutation.setDonationUnitValue': { query: 'mutation { setDonationUnitValue(input: { resource: GOODS, unit: "", valuePerUnit: 0 }) { userErrors { code } } }' },
  'Mutation.subscribeToDonationNotices': { query: 'mutation { subscribeToDonationNotices(input: { url: "x" }) { userErrors { code } } }' },
  'Mutation.importPlatformBatch': { query: 'mutation { importPlatformBatch(input: { content: "{}" }) { result { accepted } userErrors { code } } }' },
  // end donors
  // lifecycle (issue 11)
  'Query.recheckQueue': { query: '{ recheckQueue(first: 1) { totalCount } }' },
  'Query.householdFlowReport': { query: '{ householdFlowReport(year: 2025) { year } }' },
  'Mutation.recordRecheck': { query: 'mutation { recordRecheck(input: { household: "x", checkedOn: "2020-01-01", methods: [HOME_VISIT], findings: "", proposal: CONTINUE, opinion: "" }) { userErrors { code } } }' },
  'Mutation.decideRecheck': { query: 'mutation { decideRecheck(input: { recheck: "x", version: 1, outcome: CONTINUE, reason: "" }) { userErrors { code } } }' },
  // monitoring (issue 11)
  'Query.warningRules': { query: '{ warningRules { code } }' },
  'Query.warnings': { query: '{ warnings(first: 1) { totalCount } }' },
  'Query.temporaryReliefs': { query: '{ temporaryReliefs(first: 1) { totalCount } }' },
  'Mutation.reportDepartmentFact': { query: 'mutation { reportDepartmentFact(input: { person: "x", kind: DIED, occurredOn: "2020-01-01" }) { userErrors { code } } }' },
  'Mutation.handleWarning': { query: 'mutation { handleWarning(input: { warning: "x", version: 1, result: NO_ACTION, reason: "" }) { userErrors { code } } }' },
  'Mutation.applyTemporaryRelief': { query: 'mutation { applyTemporaryRelief(input: { household: "x", eventKind: ACCIDENT, eventOn: "2020-01-01", amount: 1, reason: "" }) { userErrors { code } } }' },
  'Mutation.decideTemporaryRelief': { query: 'mutation { decideTemporaryRelief(input: { relief: "x", version: 1, decision: REFUSE, reason: "" }) { userErrors { code } } }' },
};

// Households of the row test, each built so that exactly one department's predicate matches.
const H: Record<string, string> = {};
const P: Record<string, string> = {};

beforeAll(async () => {
  // The partner and platform keys make a few hundred calls here within a minute: the rate limit
  // is proven in rate-limit.test.ts, not in the matrix.
  t = await startApp({ PARTNER_RATE_LIMIT_PER_MINUTE: '100000' });
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
    const householdKey = dbId(H.none);
    // The run pays the amount computed from the household and the policy in force (issue 11):
    // give the household the income that makes it 30000 fen this month.
    const policy = await loadPolicy(knex, `${today.slice(0, 7)}-01`);
    await knex('person').update({ income_wages: 0, income_business: 0, income_property: 0, income_transfers: 0, income_other: 0 }).where({ household_id: householdKey });
    const members = await knex('person').where({ household_id: householdKey }).whereNull('removed_at').orderBy('id');
    const atZero = monthlyAllowance({ members: members.map(memberFromRow) }, policy).amount;
    await knex('person').update({ income_wages: atZero - 30000 }).where({ id: members[0].id });
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

describe('SUCCESS audit of every mutation', () => {
  // One successful call per mutation, as a caller the matrix allows, in an app of its own (its
  // clock passes the notice periods without touching the other blocks' households). Each call
  // carries its own request id; the mutation must have left exactly one SUCCESS row
  // `Mutation.<name>` under it (the mutation runner, src/db/mutation.ts, writes it).
  let s: TestApp;
  const clock = new TestClock();
  const today = () => countyToday(clock);
  const as: Partial<Record<Role, Caller>> = {};
  /** Global ids and versions the calls hand on to later ones. */
  const v: Record<string, any> = {};
  const calls: Array<{ op: string; role: Role; requestId: string }> = [];
  const failures: string[] = [];

  /** The one call of `op`: answered without errors and userErrors, else recorded as a failure. */
  const call = async (op: string, role: Role, query: string, variables: Record<string, unknown>) => {
    const requestId = `m-${crypto.randomUUID()}`; // X-Request-Id takes at most 40 characters
    calls.push({ op, role, requestId });
    const r = await gql(s.app, query, variables, { ...as[role], requestId });
    const payload = r.data?.[op.slice('Mutation.'.length)];
    if (r.errors || !payload || payload.userErrors.length) failures.push(`${op}: ${JSON.stringify(r.body)}`);
    return payload ?? {};
  };
  const CASE = 'case { id version notices { id } }';
  const step = (op: string, type: string, input: Record<string, unknown>, role: Role = 'TOWNSHIP') =>
    call(op, role, `mutation($i: ${type}!) { ${op.slice(9)}(input: $i) { ${CASE} userErrors { code } } }`, { i: input });
  const caseVersion = (key: string, payload: any) => { if (payload.case) v[key] = payload.case; };
  const investigations = [
    { method: 'HOME_VISIT' }, { method: 'NEIGHBOUR_INTERVIEWS' }, { method: 'EVIDENCE_LETTERS' },
    { method: 'ECONOMIC_CROSS_CHECK', authorisationSigned: true },
    { method: 'DEMOCRATIC_APPRAISAL', participants: ['居民代表'], conclusion: '评议通过' },
  ];
  /** A case driven to its first notice with the same mutations (their own rows are not the point here). */
  const toFirstNotice = async (key: string, household: string) => {
    const at = { ...as.TOWNSHIP };
    const run = async (name: string, type: string, input: Record<string, unknown>, caller: Caller = at) => {
      const r = await gql(s.app, `mutation($i: ${type}!) { ${name}(input: $i) { ${CASE} userErrors { code } } }`, { i: input }, caller);
      if (!r.data?.[name]?.case) throw new Error(`${name}: ${JSON.stringify(r.body)}`);
      v[key] = r.data[name].case;
    };
    await run('submitApplication', 'SubmitApplicationInput', { household, appliedOn: today(), reason: '生活困难' });
    await run('startInvestigation', 'CaseStepInput', { case: v[key].id, version: v[key].version });
    for (const m of investigations) await run('recordInvestigation', 'RecordInvestigationInput', { case: v[key].id, version: v[key].version, conductedOn: today(), findings: '情况属实', ...m });
    await run('recordReviewOpinion', 'RecordReviewOpinionInput', { case: v[key].id, version: v[key].version, recommendation: 'APPROVE', opinion: '同意', causes: ['ILLNESS'], primaryCause: 'ILLNESS' });
    await run('postPublicNotice', 'PostPublicNoticeInput', { case: v[key].id, version: v[key].version, kind: 'FIRST', place: '公示栏', postedOn: today(), endsOn: addCalendarDays(today(), 4), complaintContact: '0598-0000000' });
  };

  /**
   * THE table: one successful call per mutation, run in this order (later ones use what earlier
   * ones made). A mutation of the schema missing here fails the first test below.
   */
  const SUCCESS: Record<string, () => Promise<void>> = {
    'Mutation.registerHousehold': async () => {
      const p = await call('Mutation.registerHousehold', 'TOWNSHIP', `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { household { id version members { id name version } } userErrors { code } } }`,
        { i: householdInput(v.township, [member({ name: '周成功' }), member({ name: '吴成功', relationToHead: 'SPOUSE', idNumber: idNumber('1982-03-03', 'FEMALE') }),
          member({ name: '周小成', relationToHead: 'CHILD', idNumber: idNumber('2012-06-06'), workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'PRIMARY', monthlyIncome: null })]) });
      v.household = p.household;
    },
    'Mutation.updateHousehold': async () => {
      const p = await call('Mutation.updateHousehold', 'TOWNSHIP', `mutation($i: UpdateHouseholdInput!) { updateHousehold(input: $i) { household { version } userErrors { code } } }`,
        { i: { household: v.household.id, version: v.household.version, address: '成功路2号' } });
      v.household.version = p.household?.version;
    },
    'Mutation.addHouseholdMember': async () => {
      const p = await call('Mutation.addHouseholdMember', 'CIVIL_AFFAIRS', `mutation($i: AddHouseholdMemberInput!) { addHouseholdMember(input: $i) { household { version } member { id version } userErrors { code } } }`,
        { i: { household: v.household.id, version: v.household.version, member: member({ name: '周小二', relationToHead: 'CHILD', idNumber: idNumber('2014-08-08'), workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'PRIMARY', monthlyIncome: null }) } });
      v.household.version = p.household?.version;
      v.added = p.member;
    },
    'Mutation.updateHouseholdMember': async () => {
      const p = await call('Mutation.updateHouseholdMember', 'TOWNSHIP', `mutation($i: UpdateHouseholdMemberInput!) { updateHouseholdMember(input: $i) { member { version } userErrors { code } } }`,
        { i: { person: v.added.id, version: v.added.version, illness: 'CHRONIC', illnessNote: '哮喘' } });
      v.added.version = p.member?.version;
    },
    'Mutation.updateSchoolRecord': async () => {
      const p = await call('Mutation.updateSchoolRecord', 'TOWNSHIP', `mutation($i: UpdateSchoolRecordInput!) { updateSchoolRecord(input: $i) { member { version } userErrors { code } } }`,
        { i: { person: v.added.id, version: v.added.version, schoolingStage: 'JUNIOR_HIGH' } });
      v.added.version = p.member?.version;
    },
    'Mutation.removeHouseholdMember': async () => {
      await call('Mutation.removeHouseholdMember', 'TOWNSHIP', `mutation($i: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $i) { removedMemberId userErrors { code } } }`,
        { i: { person: v.added.id, version: v.added.version, reason: '迁出' } });
    },
    'Mutation.changeHouseholdHead': async () => {
      // Another household, so the first one's head stays as the workflow below expects.
      const h = await registerHousehold(s.app, as.TOWNSHIP!.token!, householdInput(v.township, [member({ name: '郑原户主' }), member({ name: '王新户主', relationToHead: 'SPOUSE', idNumber: idNumber('1981-01-01', 'FEMALE') })]));
      await call('Mutation.changeHouseholdHead', 'TOWNSHIP', `mutation($i: ChangeHouseholdHeadInput!) { changeHouseholdHead(input: $i) { household { headName } userErrors { code } } }`,
        { i: { household: h.id, version: h.version, newHead: h.members.find((m: any) => m.name === '王新户主').id, formerHeadRelation: 'SPOUSE' } });
    },
    'Mutation.registerUtilityAccount': async () => {
      await call('Mutation.registerUtilityAccount', 'TOWNSHIP', `mutation($i: RegisterUtilityAccountInput!) { registerUtilityAccount(input: $i) { household { id } userErrors { code } } }`,
        { i: { household: v.household.id, utility: 'WATER', accountNumber: `W-${crypto.randomInt(1e9)}` } });
    },
    'Mutation.setPolicyParameter': async () => {
      // The value in force, from a far day of this run alone: nothing any test reads changes.
      await call('Mutation.setPolicyParameter', 'CIVIL_AFFAIRS', `mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { history { value } userErrors { code } } }`,
        { i: { key: 'NOTICE_MIN_DAYS', value: 5, effectiveFrom: addCalendarDays('2150-01-01', crypto.randomInt(0, 18000)), reason: '矩阵测试' } });
    },
    // The identification workflow (R8–R10) on the first household; a second case is rejected, a third withdrawn.
    'Mutation.submitApplication': async () => {
      caseVersion('case', await step('Mutation.submitApplication', 'SubmitApplicationInput', { household: v.household.id, appliedOn: today(), reason: '生活困难' }));
    },
    'Mutation.startInvestigation': async () => {
      caseVersion('case', await step('Mutation.startInvestigation', 'CaseStepInput', { case: v.case.id, version: v.case.version }));
    },
    'Mutation.recordInvestigation': async () => {
      const [first, ...rest] = investigations;
      caseVersion('case', await step('Mutation.recordInvestigation', 'RecordInvestigationInput', { case: v.case.id, version: v.case.version, conductedOn: today(), findings: '情况属实', ...first }));
      for (const m of rest) {
        const r = await gql(s.app, `mutation($i: RecordInvestigationInput!) { recordInvestigation(input: $i) { ${CASE} userErrors { code } } }`,
          { i: { case: v.case.id, version: v.case.version, conductedOn: today(), findings: '情况属实', ...m } }, as.TOWNSHIP);
        v.case = r.data.recordInvestigation.case;
      }
    },
    'Mutation.recordReviewOpinion': async () => {
      caseVersion('case', await step('Mutation.recordReviewOpinion', 'RecordReviewOpinionInput', { case: v.case.id, version: v.case.version, recommendation: 'APPROVE', opinion: '同意', causes: ['ILLNESS'], primaryCause: 'ILLNESS' }));
    },
    'Mutation.postPublicNotice': async () => {
      caseVersion('case', await step('Mutation.postPublicNotice', 'PostPublicNoticeInput', { case: v.case.id, version: v.case.version, kind: 'FIRST', place: '公示栏', postedOn: today(), endsOn: addCalendarDays(today(), 4), complaintContact: '0598-0000000' }));
      const rejected = await registerHousehold(s.app, as.TOWNSHIP!.token!, householdInput(v.township, [member({ name: '冯待驳回' })]));
      await toFirstNotice('rejectedCase', rejected.id);
    },
    'Mutation.recordObjection': async () => {
      v.objection = (await call('Mutation.recordObjection', 'TOWNSHIP', `mutation($i: ObjectionInput!) { recordObjection(input: $i) { objectionId userErrors { code } } }`,
        { i: { notice: v.case.notices[0].id, summary: '住房面积有出入' } })).objectionId;
    },
    'Mutation.submitPublicObjection': async () => {
      v.publicObjection = (await call('Mutation.submitPublicObjection', 'ANONYMOUS', `mutation($i: ObjectionInput!) { submitPublicObjection(input: $i) { objectionId userErrors { code } } }`,
        { i: { notice: v.case.notices[0].id, summary: '怀疑有车辆' } })).objectionId;
    },
    'Mutation.resolveObjection': async () => {
      const RESOLVE = `mutation($i: ResolveObjectionInput!) { resolveObjection(input: $i) { objectionId userErrors { code } } }`;
      await call('Mutation.resolveObjection', 'TOWNSHIP', RESOLVE, { i: { objection: v.objection, version: 1, outcome: 'DISMISSED', resolution: '经查属实无误' } });
      await gql(s.app, RESOLVE, { i: { objection: v.publicObjection, version: 1, outcome: 'DISMISSED', resolution: '经查无车辆' } }, as.TOWNSHIP);
    },
    'Mutation.forwardToCounty': async () => {
      clock.advanceDays(5);
      caseVersion('case', await step('Mutation.forwardToCounty', 'CaseStepInput', { case: v.case.id, version: v.case.version }));
      const r = await gql(s.app, `mutation($i: CaseStepInput!) { forwardToCounty(input: $i) { ${CASE} userErrors { code } } }`, { i: { case: v.rejectedCase.id, version: v.rejectedCase.version } }, as.TOWNSHIP);
      v.rejectedCase = r.data?.forwardToCounty?.case ?? v.rejectedCase;
    },
    'Mutation.approveApplication': async () => {
      caseVersion('case', await step('Mutation.approveApplication', 'CaseDecisionInput', { case: v.case.id, version: v.case.version, reason: '同意' }, 'CIVIL_AFFAIRS'));
    },
    'Mutation.rejectApplication': async () => {
      await step('Mutation.rejectApplication', 'CaseDecisionInput', { case: v.rejectedCase.id, version: v.rejectedCase.version, reason: '收入超过标准' }, 'CIVIL_AFFAIRS');
    },
    'Mutation.confirmHousehold': async () => {
      const second = await gql(s.app, `mutation($i: PostPublicNoticeInput!) { postPublicNotice(input: $i) { ${CASE} userErrors { code } } }`,
        { i: { case: v.case.id, version: v.case.version, kind: 'SECOND', place: '公示栏', postedOn: today(), endsOn: addCalendarDays(today(), 4) } }, as.TOWNSHIP);
      v.case = second.data?.postPublicNotice?.case ?? v.case;
      clock.advanceDays(5);
      await step('Mutation.confirmHousehold', 'CaseStepInput', { case: v.case.id, version: v.case.version });
    },
    'Mutation.withdrawApplication': async () => {
      const h = await registerHousehold(s.app, as.TOWNSHIP!.token!, householdInput(v.township, [member({ name: '陈撤回' })]));
      const submitted = await gql(s.app, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${CASE} userErrors { code } } }`,
        { i: { household: h.id, appliedOn: today(), reason: '生活困难' } }, as.TOWNSHIP);
      const c = submitted.data?.submitApplication?.case ?? {};
      await step('Mutation.withdrawApplication', 'CaseDecisionInput', { case: c.id, version: c.version, reason: '申请人撤回' });
    },
    // lifecycle (issue 11): the confirmed household's periodic re-check, and the county's decision to keep it on the list.
    'Mutation.recordRecheck': async () => {
      v.recheck = (await call('Mutation.recordRecheck', 'TOWNSHIP', `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) { recheck { id version } userErrors { code } } }`,
        { i: { household: v.household.id, checkedOn: today(), methods: ['HOME_VISIT', 'ECONOMIC_CROSS_CHECK'], findings: '情况未变', proposal: 'CONTINUE', opinion: '继续保留' } })).recheck;
    },
    'Mutation.decideRecheck': async () => {
      await call('Mutation.decideRecheck', 'CIVIL_AFFAIRS', `mutation($i: DecideRecheckInput!) { decideRecheck(input: $i) { recheck { state } userErrors { code } } }`,
        { i: { recheck: v.recheck?.id, version: v.recheck?.version, outcome: 'CONTINUE', reason: '同意继续保留' } });
    },
    // Measures and funds on the confirmed household: plan items as the planner would propose them.
    'Mutation.decidePlanItem': async () => {
      const knex = s.orm.em.getKnex();
      const base = { household_id: dbId(v.household.id), township_id: v.township.id, basis: '{}', created_by: 'test', updated_by: 'test' };
      const [allowance] = await knex('plan_item').insert({ ...base, item: 'MINIMUM_LIVING_ALLOWANCE', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS', status: 'PROPOSED', proposed_amount: 30000 }).returning('id');
      const [rental] = await knex('plan_item').insert({ ...base, item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING', status: 'ACCEPTED' }).returning('id');
      v.rental = Buffer.from(`PlanItem:${rental.id}`).toString('base64url');
      await call('Mutation.decidePlanItem', 'CIVIL_AFFAIRS', `mutation($i: DecidePlanItemInput!) { decidePlanItem(input: $i) { planItem { status } userErrors { code } } }`,
        { i: { planItem: Buffer.from(`PlanItem:${allowance.id}`).toString('base64url'), version: 1, decision: 'ACCEPT' } });
    },
    // office-files (issue 14): two items of the safety net decided in one call.
    'Mutation.decidePlanItems': async () => {
      const knex = s.orm.em.getKnex();
      const base = { household_id: dbId(v.household.id), township_id: v.township.id, basis: '{}', created_by: 'test', updated_by: 'test', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS', status: 'PROPOSED' };
      const rows = await knex('plan_item').insert([{ ...base, item: 'TEMPORARY_RELIEF', proposed_amount: 50000 }, { ...base, item: 'EXTREME_POVERTY_SUPPORT', proposed_amount: 60000 }]).returning('id');
      await call('Mutation.decidePlanItems', 'CIVIL_AFFAIRS', `mutation($i: DecidePlanItemsInput!) { decidePlanItems(input: $i) { planItems { status } userErrors { code } } }`,
        { i: { items: rows.map((r: { id: string }) => ({ planItem: Buffer.from(`PlanItem:${r.id}`).toString('base64url'), version: 1, decision: 'ACCEPT' })) } });
    },
    'Mutation.recordDelivery': async () => {
      await call('Mutation.recordDelivery', 'HOUSING', `mutation($i: RecordDeliveryInput!) { recordDelivery(input: $i) { planItem { status } userErrors { code } } }`,
        { i: { planItem: v.rental, deliveredOn: today(), note: '已配租' } });
    },
    'Mutation.createFundSource': async () => {
      v.source = (await call('Mutation.createFundSource', 'FINANCE', `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`,
        { i: { code: `MS-${crypto.randomUUID().slice(0, 8)}`, name: '县级财政', kind: 'COUNTY_FINANCE' } })).fundSource;
    },
    'Mutation.allocateFund': async () => {
      v.allocation = (await call('Mutation.allocateFund', 'FINANCE', `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
        { i: { source: v.source?.id, measure: 'SAFETY_NET', year: Number(today().slice(0, 4)), amount: 1_000_000 } })).allocation;
    },
    'Mutation.runMonthlyAllowance': async () => {
      await call('Mutation.runMonthlyAllowance', 'CIVIL_AFFAIRS', `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { run { id } userErrors { code } } }`,
        { i: { township: v.township.globalId, month: today().slice(0, 7), allocation: v.allocation?.id } });
    },
    // monitoring (issue 11): HR reports a fact about a working member of the confirmed household, the
    // township handles the warning it raised; temporary relief applied, granted and paid (1000 fen).
    'Mutation.reportDepartmentFact': async () => {
      const worker = await s.orm.em.getKnex()('person').where({ household_id: dbId(v.household.id) }).whereNot('work_capacity', 'NONE').whereNull('removed_at').orderBy('id').first();
      v.fact = (await call('Mutation.reportDepartmentFact', 'HUMAN_RESOURCES_SOCIAL_SECURITY', `mutation($i: ReportDepartmentFactInput!) { reportDepartmentFact(input: $i) { fact { id } userErrors { code } } }`,
        { i: { person: Buffer.from(`Person:${worker?.id}`).toString('base64url'), kind: 'EMPLOYED_WITH_WAGES', occurredOn: today(), monthlyWages: 300000 } })).fact;
    },
    'Mutation.handleWarning': async () => {
      const w = await s.orm.em.getKnex()('warning').where({ household_id: dbId(v.household.id), rule_code: 'EMPLOYED_WITH_WAGES' }).first();
      await call('Mutation.handleWarning', 'TOWNSHIP', `mutation($i: HandleWarningInput!) { handleWarning(input: $i) { warning { status } userErrors { code } } }`,
        { i: { warning: Buffer.from(`Warning:${w?.id}`).toString('base64url'), version: w?.version ?? 1, result: 'RECHECK_STARTED', reason: '入户核查' } });
    },
    'Mutation.applyTemporaryRelief': async () => {
      v.relief = (await call('Mutation.applyTemporaryRelief', 'TOWNSHIP', `mutation($i: ApplyTemporaryReliefInput!) { applyTemporaryRelief(input: $i) { relief { id version } userErrors { code } } }`,
        { i: { household: v.household.id, eventKind: 'ACCIDENT', eventOn: today(), amount: 1000, reason: '意外受伤' } })).relief;
    },
    'Mutation.decideTemporaryRelief': async () => {
      await call('Mutation.decideTemporaryRelief', 'CIVIL_AFFAIRS', `mutation($i: DecideTemporaryReliefInput!) { decideTemporaryRelief(input: $i) { relief { status } userErrors { code } } }`,
        { i: { relief: v.relief?.id, version: v.relief?.version, decision: 'GRANT', allocation: v.allocation?.id } });
    },
    // supervision (issue 13): a check of the test township (its confirmed household), its findings; the
    // township submits this month, civil affairs approves it; last month is submitted and returned.
    'Mutation.drawSupervisionCheck': async () => {
      v.check = (await call('Mutation.drawSupervisionCheck', 'CIVIL_AFFAIRS', `mutation($i: DrawSupervisionCheckInput!) { drawSupervisionCheck(input: $i) { check { id households { id version } } userErrors { code } } }`,
        { i: { township: v.township.globalId, kind: 'REGULAR', dueOn: today() } })).check;
    },
    'Mutation.recordCheckFindings': async () => {
      await call('Mutation.recordCheckFindings', 'CIVIL_AFFAIRS', `mutation($i: RecordCheckFindingsInput!) { recordCheckFindings(input: $i) { checkHousehold { result } userErrors { code } } }`,
        { i: { checkHousehold: v.check?.households[0]?.id, version: v.check?.households[0]?.version, identityMatches: true, incomeAsRecorded: true, measuresDelivered: true, noticesPosted: true, note: '抽查合格' } });
    },
    'Mutation.scheduleRegularChecks': async () => {
      await call('Mutation.scheduleRegularChecks', 'CIVIL_AFFAIRS', `mutation($i: ScheduleRegularChecksInput!) { scheduleRegularChecks(input: $i) { checks { id } userErrors { code } } }`,
        { i: { dueOn: today() } });
    },
    'Mutation.submitAssessment': async () => {
      v.signOff = (await call('Mutation.submitAssessment', 'TOWNSHIP', `mutation($i: SubmitAssessmentInput!) { submitAssessment(input: $i) { signOff { id version } userErrors { code } } }`,
        { i: { period: today().slice(0, 7) } })).signOff;
    },
    'Mutation.approveAssessment': async () => {
      await call('Mutation.approveAssessment', 'CIVIL_AFFAIRS', `mutation($i: ApproveAssessmentInput!) { approveAssessment(input: $i) { signOff { state } userErrors { code } } }`,
        { i: { signOff: v.signOff?.id, version: v.signOff?.version } });
    },
    'Mutation.returnAssessment': async () => {
      const submitted = await gql(s.app, `mutation($i: SubmitAssessmentInput!) { submitAssessment(input: $i) { signOff { id version } userErrors { code } } }`,
        { i: { period: today().slice(0, 4) } }, as.TOWNSHIP);
      const so = submitted.data?.submitAssessment?.signOff ?? {};
      await call('Mutation.returnAssessment', 'CIVIL_AFFAIRS', `mutation($i: ReturnAssessmentInput!) { returnAssessment(input: $i) { signOff { state } userErrors { code } } }`,
        { i: { signOff: so.id, version: so.version, reason: '数据需核实' } });
    },
    // Partners, then pairing with the partner registered here (a trade union, for its batch format).
    'Mutation.registerPartnerOrganisation': async () => {
      v.partner = (await call('Mutation.registerPartnerOrganisation', 'CIVILIZATION_OFFICE', `mutation($i: RegisterPartnerOrganisationInput!) { registerPartnerOrganisation(input: $i) { partner { id code } userErrors { code } } }`,
        { i: { code: `matrix-union-${crypto.randomUUID().slice(0, 8)}`, name: '矩阵测试工会', kind: 'TRADE_UNION' } })).partner;
    },
    'Mutation.createPartnerApiKey': async () => {
      v.apiKey = (await call('Mutation.createPartnerApiKey', 'CIVIL_AFFAIRS', `mutation($i: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $i) { apiKey { id version } secret userErrors { code } } }`,
        { i: { partner: v.partner?.id, label: '矩阵测试' } })).apiKey;
    },
    'Mutation.revokePartnerApiKey': async () => {
      await call('Mutation.revokePartnerApiKey', 'CIVIL_AFFAIRS', `mutation($i: RevokePartnerApiKeyInput!) { revokePartnerApiKey(input: $i) { apiKey { revokedAt } userErrors { code } } }`,
        { i: { apiKey: v.apiKey?.id, version: v.apiKey?.version } });
      // The partner's own key for the calls below (inserted directly: the one created above is revoked).
      as.PARTNER = { apiKey: (await partnerKey(s.orm, v.partner.code)).token };
    },
    'Mutation.publishNeed': async () => {
      v.need = (await call('Mutation.publishNeed', 'TOWNSHIP', `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id version } userErrors { code } } }`,
        { i: { household: v.household.id, kind: 'LIVING', uncoveredAmount: 20000, urgency: 'MEDIUM', description: '冬季生活物资缺口' } })).need;
    },
    'Mutation.updateNeed': async () => {
      await call('Mutation.updateNeed', 'CIVIL_AFFAIRS', `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { need { version } userErrors { code } } }`,
        { i: { need: v.need?.id, version: v.need?.version, status: 'OPEN', uncoveredAmount: 15000 } });
    },
    'Mutation.proposePairing': async () => {
      v.pairing = (await call('Mutation.proposePairing', 'PARTNER', `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version } userErrors { code } } }`,
        { i: { needs: [v.need?.id], note: '结对帮扶' } })).pairing;
    },
    'Mutation.approvePairing': async () => {
      await call('Mutation.approvePairing', 'CIVILIZATION_OFFICE', `mutation($i: DecidePairingInput!) { approvePairing(input: $i) { pairing { status } userErrors { code } } }`,
        { i: { pairing: v.pairing?.id, version: v.pairing?.version } });
    },
    'Mutation.rejectPairing': async () => {
      const proposed = await gql(s.app, `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version } userErrors { code } } }`,
        { i: { partners: [v.partner?.id], households: [v.household.id], note: '重复结对' } }, as.CIVILIZATION_OFFICE);
      const p = proposed.data?.proposePairing?.pairing ?? {};
      await call('Mutation.rejectPairing', 'CIVIL_AFFAIRS', `mutation($i: DecidePairingInput!) { rejectPairing(input: $i) { pairing { status } userErrors { code } } }`,
        { i: { pairing: p.id, version: p.version, reason: '已有结对' } });
    },
    'Mutation.registerPairingAssistance': async () => {
      // Assistance names its household by the card number confirmation gave it (R20).
      const h = await gql(s.app, `query($id: ID!) { node(id: $id) { ... on Household { assistanceCardNumber } } }`, { id: v.household.id }, as.CIVIL_AFFAIRS);
      v.card = h.data?.node?.assistanceCardNumber;
      await call('Mutation.registerPairingAssistance', 'PARTNER', `mutation($i: RegisterPairingAssistanceInput!) { registerPairingAssistance(input: $i) { entry { id } userErrors { code } } }`,
        { i: { pairing: v.pairing?.id, assistanceCardNumber: v.card, kind: 'VISIT', givenOn: today(), description: '入户走访', externalId: `MX-${crypto.randomUUID().slice(0, 8)}` } });
    },
    'Mutation.importPartnerRecords': async () => {
      const content = JSON.stringify({ batchId: `MX-${crypto.randomUUID().slice(0, 8)}`, records: [
        { recordNo: `MX-${crypto.randomUUID().slice(0, 8)}`, cardNo: v.card, type: '走访慰问', date: today(), note: '入户走访' },
      ] });
      const p = await call('Mutation.importPartnerRecords', 'PARTNER', `mutation($i: ImportPartnerRecordsInput!) { importPartnerRecords(input: $i) { result { accepted rejected { code } } userErrors { code } } }`,
        { i: { format: 'trade-union', content } });
      if (p.result?.accepted !== 1) failures.push(`Mutation.importPartnerRecords accepted nothing: ${JSON.stringify(p)}`);
    },
    'Mutation.subscribeToNeeds': async () => {
      await call('Mutation.subscribeToNeeds', 'PARTNER', `mutation($i: SubscribeToNeedsInput!) { subscribeToNeeds(input: $i) { subscriptionId userErrors { code } } }`,
        { i: { url: 'http://127.0.0.1:9/matrix-needs', needKinds: ['LIVING'] } });
    },
    // donors (issue 12): a platform registered and keyed here, a goods pledge for the confirmed household's LIVING need.
    'Mutation.registerCharityPlatform': async () => {
      const first17 = `53350421${String(crypto.randomInt(0, 1e9)).padStart(9, '0')}`;
      v.platform = (await call('Mutation.registerCharityPlatform', 'CIVIL_AFFAIRS', `mutation($i: RegisterCharityPlatformInput!) { registerCharityPlatform(input: $i) { platform { id code } userErrors { code } } }`,
        { i: { code: `matrix-platform-${crypto.randomUUID().slice(0, 8)}`, name: '矩阵测试慈善平台', unifiedSocialCreditCode: first17 + socialCreditCheckCharacter(first17), designatedFundraisingPlatform: true, designationReference: '民政部公告（测试）' } })).platform;
    },
    'Mutation.createCharityPlatformApiKey': async () => {
      const p = await call('Mutation.createCharityPlatformApiKey', 'CIVIL_AFFAIRS', `mutation($i: CreateCharityPlatformApiKeyInput!) { createCharityPlatformApiKey(input: $i) { apiKey { id version } secret userErrors { code } } }`,
        { i: { platform: v.platform?.id, label: '矩阵测试' } });
      v.platformKey = p.apiKey;
      as.CHARITY_PLATFORM = { apiKey: p.secret };
    },
    'Mutation.setDonationUnitValue': async () => {
      v.unit = `矩${crypto.randomUUID().slice(0, 6)}`;
      await call('Mutation.setDonationUnitValue', 'CIVIL_AFFAIRS', `mutation($i: SetDonationUnitValueInput!) { setDonationUnitValue(input: $i) { values { unit } userErrors { code } } }`,
        { i: { resource: 'GOODS', unit: v.unit, valuePerUnit: 5000, effectiveFrom: '2020-01-01' } });
    },
    'Mutation.registerDonor': async () => {
      v.donor = (await call('Mutation.registerDonor', 'CHARITY_PLATFORM', `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { donor { id } userErrors { code } } }`,
        { i: { displayName: '矩阵测试捐赠人', kind: 'ENTERPRISE', platformReference: `MX-${crypto.randomUUID().slice(0, 8)}` } })).donor;
    },
    'Mutation.createPledge': async () => {
      const input = { donor: v.donor?.id, resource: 'GOODS', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: v.township.globalId, quantity: 3, unit: v.unit, description: '矩阵测试物资', validUntil: addCalendarDays(today(), 30) };
      const Q = `mutation($i: CreatePledgeInput!) { createPledge(input: $i) { pledge { id version } userErrors { code } } }`;
      v.pledge = (await call('Mutation.createPledge', 'CHARITY_PLATFORM', Q, { i: input })).pledge;
      v.blockedPledge = (await gql(s.app, Q, { i: input }, as.CHARITY_PLATFORM)).data?.createPledge?.pledge;
    },
    'Mutation.approvePledge': async () => {
      v.pledge = (await call('Mutation.approvePledge', 'CIVILIZATION_OFFICE', `mutation($i: DecidePledgeInput!) { approvePledge(input: $i) { pledge { id version } userErrors { code } } }`,
        { i: { pledge: v.pledge?.id, version: v.pledge?.version } })).pledge;
    },
    'Mutation.blockPledge': async () => {
      await call('Mutation.blockPledge', 'CIVIL_AFFAIRS', `mutation($i: DecidePledgeInput!) { blockPledge(input: $i) { pledge { status } userErrors { code } } }`,
        { i: { pledge: v.blockedPledge?.id, version: v.blockedPledge?.version, reason: '重复登记' } });
    },
    'Mutation.subscribeToDonationNotices': async () => {
      await call('Mutation.subscribeToDonationNotices', 'CHARITY_PLATFORM', `mutation($i: SubscribeToDonationNoticesInput!) { subscribeToDonationNotices(input: $i) { subscriptionId userErrors { code } } }`,
        { i: { url: 'http://127.0.0.1:9/matrix-donations' } });
    },
    'Mutation.proposeDonationMatch': async () => {
      // The platform names the need by its pseudonym, from the ranking of its pledge.
      const ranked = await gql(s.app, `query($p: String!) { pledgeCandidates(pledge: $p) { donationNeed { id } } }`, { p: v.pledge?.id }, as.CHARITY_PLATFORM);
      const M = `mutation($i: ProposeDonationMatchInput!) { proposeDonationMatch(input: $i) { match { id version } userErrors { code } } }`;
      v.match = (await call('Mutation.proposeDonationMatch', 'CHARITY_PLATFORM', M, { i: { pledge: v.pledge?.id, need: ranked.data?.pledgeCandidates?.[0]?.donationNeed?.id, quantity: 1 } })).match;
      v.rejectedMatch = (await gql(s.app, M, { i: { pledge: v.pledge?.id, need: v.need?.id, quantity: 1 } }, as.CIVILIZATION_OFFICE)).data?.proposeDonationMatch?.match;
    },
    'Mutation.acceptDonationMatch': async () => {
      v.match = (await call('Mutation.acceptDonationMatch', 'TOWNSHIP', `mutation($i: DecideDonationMatchInput!) { acceptDonationMatch(input: $i) { match { id version } userErrors { code } } }`,
        { i: { match: v.match?.id, version: v.match?.version } })).match;
    },
    'Mutation.rejectDonationMatch': async () => {
      await call('Mutation.rejectDonationMatch', 'CIVILIZATION_OFFICE', `mutation($i: DecideDonationMatchInput!) { rejectDonationMatch(input: $i) { match { status } userErrors { code } } }`,
        { i: { match: v.rejectedMatch?.id, version: v.rejectedMatch?.version, reason: '已由其他捐赠满足' } });
    },
    'Mutation.dispatchDonation': async () => {
      v.match = (await call('Mutation.dispatchDonation', 'CHARITY_PLATFORM', `mutation($i: DispatchDonationInput!) { dispatchDonation(input: $i) { match { id version } userErrors { code } } }`,
        { i: { match: v.match?.id, version: v.match?.version } })).match;
    },
    'Mutation.confirmDonationReceipt': async () => {
      v.match = (await call('Mutation.confirmDonationReceipt', 'TOWNSHIP', `mutation($i: ConfirmDonationReceiptInput!) { confirmDonationReceipt(input: $i) { match { id version } userErrors { code } } }`,
        { i: { match: v.match?.id, version: v.match?.version, outcome: 'RECEIVED_WITH_PROBLEMS', note: '包装破损' } })).match;
    },
    'Mutation.reverseDonationAllocation': async () => {
      await call('Mutation.reverseDonationAllocation', 'CIVIL_AFFAIRS', `mutation($i: ReverseDonationAllocationInput!) { reverseDonationAllocation(input: $i) { match { status } userErrors { code } } }`,
        { i: { match: v.match?.id, version: v.match?.version, reason: '登记有误，冲销' } });
    },
    'Mutation.runFairAllocation': async () => {
      await call('Mutation.runFairAllocation', 'CIVILIZATION_OFFICE', `mutation($i: RunFairAllocationInput) { runFairAllocation(input: $i) { run { id proposals } userErrors { code } } }`,
        { i: { township: v.township.globalId } });
    },
    'Mutation.drawReceiptVisitSample': async () => {
      // A month of its own (one sample per month on the run's shared database).
      const month = `${1900 + crypto.randomInt(0, 120)}-${String(crypto.randomInt(1, 13)).padStart(2, '0')}`;
      await call('Mutation.drawReceiptVisitSample', 'CIVIL_AFFAIRS', `mutation($i: DrawReceiptVisitSampleInput!) { drawReceiptVisitSample(input: $i) { sample { seed } userErrors { code } } }`, { i: { month } });
    },
    'Mutation.importPlatformBatch': async () => {
      const content = JSON.stringify({ batchId: `MX-${crypto.randomUUID().slice(0, 8)}`, records: [
        { recordNo: `MX-${crypto.randomUUID().slice(0, 8)}`, type: 'donor', donorNo: `MX-D-${crypto.randomUUID().slice(0, 8)}`, name: '矩阵批量捐赠人', donorType: '企业' },
      ] });
      const p = await call('Mutation.importPlatformBatch', 'CHARITY_PLATFORM', `mutation($i: ImportPlatformBatchInput!) { importPlatformBatch(input: $i) { result { accepted rejected { code } } userErrors { code } } }`, { i: { content } });
      if (p.result?.accepted !== 1) failures.push(`Mutation.importPlatformBatch accepted nothing: ${JSON.stringify(p)}`);
    },
    'Mutation.revokeCharityPlatformApiKey': async () => {
      await call('Mutation.revokeCharityPlatformApiKey', 'CIVIL_AFFAIRS', `mutation($i: RevokeCharityPlatformApiKeyInput!) { revokeCharityPlatformApiKey(input: $i) { apiKey { revokedAt } userErrors { code } } }`,
        { i: { apiKey: v.platformKey?.id, version: v.platformKey?.version } });
    },
    // end donors
  };

  beforeAll(async () => {
    // Loopback webhook targets for subscribeToNeeds (a test-only switch, refused in production).
    s = await startApp({ WEBHOOK_ALLOW_LOOPBACK: 'true' }, { clock });
    v.township = await newTownship(s.orm);
    Object.assign(as, callers, { TOWNSHIP: { token: await townshipToken(v.township.code) } });
    for (const run of Object.values(SUCCESS)) await run();
  });
  afterAll(async () => {
    // Leave nothing for other files' outbox workers: the subscription names a closed port.
    if (v.partner) await s.orm.em.getKnex()('partner_subscription').update({ active: false }).where({ partner_id: dbId(v.partner.id) });
    if (v.platform) await s.orm.em.getKnex()('platform_subscription').update({ active: false }).where({ platform_id: dbId(v.platform.id) }); // donors
    await s.close();
  });

  it('every mutation of the schema has a successful call in the table, each made exactly once by an allowed role', async () => {
    const schema = await createSchema();
    const mutations = Object.keys((schema.getType('Mutation') as GraphQLObjectType).getFields()).map((f) => `Mutation.${f}`).sort();
    expect(Object.keys(SUCCESS).sort()).toEqual(mutations);
    expect(calls.map((c) => c.op).sort()).toEqual(mutations);
    expect(calls.filter((c) => !OPERATIONS[c.op].includes(c.role)).map((c) => `${c.op} as ${c.role}`)).toEqual([]);
  });

  it('every successful call was answered without errors or userErrors', () => {
    expect(failures).toEqual([]);
  });

  it('every successful call left exactly one SUCCESS row Mutation.<name> under its request id', async () => {
    const knex = s.orm.em.getKnex();
    const missing: string[] = [];
    for (const c of calls) {
      const rows = await knex('audit_event').where({ request_id: c.requestId, action: c.op, outcome: 'SUCCESS' });
      if (rows.length !== 1) {
        const seen = await knex('audit_event').where({ request_id: c.requestId }).select('action', 'outcome');
        missing.push(`${c.op}: ${rows.length} SUCCESS rows (request's rows: ${seen.map((r) => `${r.action} ${r.outcome}`).join(', ') || 'none'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
