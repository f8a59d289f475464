/**
 * The "one application, two reviews, two public notices" workflow (R8–R10) end to end through
 * HTTP, with the tokens a township and county civil affairs would use.
 */
import request from 'supertest';
import { countyToday } from '../../src/graphql/scalars';
import { departmentToken, gql, startApp, TestApp, TestClock, townshipToken, idNumber } from '../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';

let t: TestApp;
let clock: TestClock;
let township: TestTownship;
let token: string;
let civil: string;
const today = () => countyToday(clock.now());
const plusDays = (n: number) => countyToday(new Date(clock.now().getTime() + n * 86_400_000));
const dbId = (g: string) => Buffer.from(g, 'base64url').toString().split(':')[1];

const CASE = `id state version causes primaryCause decidedOn confirmedOn closingReason
  eligibility { qualifies categories allowanceStandard trace { rule outcome } }
  transitions { fromState toState fromVersion by reason }
  notices { id kind printPath published { __typename } objections { id status version } }
  household { status categories assistanceCardNumber identifiedOn }`;
const step = (name: string, inputType: string) =>
  `mutation($i: ${inputType}!) { ${name}(input: $i) { case { ${CASE} } userErrors { field code message } } }`;
const M = {
  submit: step('submitApplication', 'SubmitApplicationInput'),
  start: step('startInvestigation', 'CaseStepInput'),
  investigate: step('recordInvestigation', 'RecordInvestigationInput'),
  opinion: step('recordReviewOpinion', 'RecordReviewOpinionInput'),
  notice: step('postPublicNotice', 'PostPublicNoticeInput'),
  forward: step('forwardToCounty', 'CaseStepInput'),
  approve: step('approveApplication', 'CaseDecisionInput'),
  reject: step('rejectApplication', 'CaseDecisionInput'),
  confirm: step('confirmHousehold', 'CaseStepInput'),
  withdraw: step('withdrawApplication', 'CaseDecisionInput'),
};
const PUBLIC_OBJECTION = `mutation($i: ObjectionInput!) { submitPublicObjection(input: $i) { objectionId userErrors { code } } }`;
const RESOLVE = `mutation($i: ResolveObjectionInput!) { resolveObjection(input: $i) { objectionId userErrors { field code } } }`;

beforeAll(async () => {
  clock = new TestClock();
  t = await startApp({}, { clock });
  township = await newTownship(t.orm);
  token = await townshipToken(township.code, 'caseworker-li');
  civil = await departmentToken('CIVIL_AFFAIRS', 'county-zhao');
});
afterAll(() => t.close());

/** A poor household: 2 members, 400 yuan a month in all, the spouse seriously ill. */
async function poorHousehold(names = ['陈平', '周兰']) {
  return registerHousehold(t.app, token, householdInput(township, [
    member({ name: names[0], idNumber: idNumber('1970-04-04'), monthlyIncome: { wages: 40000 } }),
    member({ name: names[1], idNumber: idNumber('1972-08-08', 'FEMALE'), relationToHead: 'SPOUSE', illness: 'SERIOUS', workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', monthlyIncome: {} }),
  ]));
}

async function run(mutation: string, input: Record<string, unknown>, as = token) {
  const r = await gql(t.app, mutation, { i: input }, { token: as });
  if (!r.data) throw new Error(JSON.stringify(r.body));
  return Object.values(r.data)[0] as { case: any; userErrors: Array<{ code: string; field: string[] }> };
}

async function ok(mutation: string, input: Record<string, unknown>, as = token) {
  const r = await run(mutation, input, as);
  expect(r.userErrors).toEqual([]);
  return r.case;
}

/** Application through the investigation and the township's opinion: ready for the first notice. */
async function investigated(h: any) {
  let c = await ok(M.submit, { household: h.id, appliedOn: today(), reason: '妻子重病，家庭收入低' });
  c = await ok(M.start, { case: c.id, version: c.version });
  const methods: Array<Record<string, unknown>> = [
    { method: 'HOME_VISIT', findings: '入户查看住房和生活情况' },
    { method: 'NEIGHBOUR_INTERVIEWS', findings: '走访邻居三户，情况属实' },
    { method: 'EVIDENCE_LETTERS', findings: '向工作单位函调收入证明' },
    { method: 'ECONOMIC_CROSS_CHECK', findings: '核对存款、车辆、房产、社保', authorisationSigned: true },
    { method: 'DEMOCRATIC_APPRAISAL', findings: '社区评议小组评议', participants: ['社区主任', '居民代表甲', '居民代表乙'], conclusion: '评议通过，同意认定' },
  ];
  for (const m of methods) c = await ok(M.investigate, { case: c.id, version: c.version, conductedOn: today(), ...m });
  return ok(M.opinion, { case: c.id, version: c.version, recommendation: 'APPROVE', opinion: '符合低保条件', causes: ['ILLNESS'], primaryCause: 'ILLNESS' });
}

const firstNotice = (c: any, postedOn = today(), endsOn = plusDays(4)) =>
  ({ case: c.id, version: c.version, kind: 'FIRST', place: '测试村公示栏', postedOn, endsOn, complaintContact: '0598-0000000' });

describe('a case from application to the confirmed list', () => {
  it('runs every step with the right principal and ends with a confirmed household and its card', async () => {
    const h = await poorHousehold();
    let c = await investigated(h);
    c = await ok(M.notice, firstNotice(c));
    expect(c.state).toBe('FIRST_NOTICE');

    // The public sees the notice with exactly R10(a)'s fields; no names, no id numbers.
    const pub = await gql(t.app, `query($t: ID!) { publicNotices(township: $t) { __typename ... on FirstPublicNotice {
      id place postedOn endsOn basicSituation investigationResult appraisalConclusion complaintContact } } }`, { t: township.globalId });
    const notice = pub.data.publicNotices.find((n: any) => n.id === c.notices[0].id);
    expect(notice).toMatchObject({ __typename: 'FirstPublicNotice', place: '测试村公示栏', appraisalConclusion: '评议通过，同意认定', complaintContact: '0598-0000000' });
    expect(notice.investigationResult).toContain('200.00元'); // 400 yuan ÷ 2 members
    const published = JSON.stringify(pub.body);
    for (const m of h.members) {
      expect(published).not.toContain(m.name);
      expect(published).not.toContain(m.idNumber);
    }
    expect(published).not.toMatch(/重病|SERIOUS|ILLNESS/);

    // The printable page for the board.
    const page = await request(t.app).get(c.notices[0].printPath);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('城市困难家庭认定第一次公示');
    expect(page.text).toContain('size: A4');
    expect(page.text).not.toContain(h.members[0].name);

    // Not before the notice ends; the county may not forward; then the township forwards.
    expect((await run(M.forward, { case: c.id, version: c.version })).userErrors[0].code).toBe('NOTICE_NOT_ENDED');
    const countyForward = await gql(t.app, M.forward, { i: { case: c.id, version: c.version } }, { token: civil });
    expect(countyForward.status).toBe(403);
    clock.advanceDays(5);
    c = await ok(M.forward, { case: c.id, version: c.version });
    expect(c.state).toBe('FORWARDED_TO_COUNTY');

    // Only county civil affairs decides (R9b); the township may not approve its own case.
    const townshipApproval = await gql(t.app, M.approve, { i: { case: c.id, version: c.version, reason: '同意' } }, { token });
    expect(townshipApproval.status).toBe(403);
    c = await ok(M.approve, { case: c.id, version: c.version, reason: '经审核，符合城市低保条件' }, civil);
    expect(c).toMatchObject({ state: 'APPROVED', decidedOn: today(), eligibility: { qualifies: true, categories: expect.arrayContaining(['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME']) } });
    expect(c.eligibility.trace.map((s: any) => s.rule)).toEqual(expect.arrayContaining(['R2', 'R3', 'R4', 'R6', 'R1']));

    // Second notice: head's name, household size, household income, nothing else.
    c = await ok(M.notice, { case: c.id, version: c.version, kind: 'SECOND', place: '测试村公示栏', postedOn: today(), endsOn: plusDays(4) });
    const second = await gql(t.app, `query($t: ID!) { publicNotices(township: $t) { ... on SecondPublicNotice { id headName householdSize householdMonthlyIncome } } }`, { t: township.globalId });
    expect(second.data.publicNotices).toContainEqual({ id: c.notices[1].id, headName: '陈平', householdSize: 2, householdMonthlyIncome: 40000 });
    expect((await run(M.confirm, { case: c.id, version: c.version })).userErrors[0].code).toBe('NOTICE_NOT_ENDED');
    clock.advanceDays(5);
    c = await ok(M.confirm, { case: c.id, version: c.version });

    expect(c).toMatchObject({ state: 'CONFIRMED', confirmedOn: today(), household: { status: 'IN_HARDSHIP', identifiedOn: today() } });
    expect(c.household.categories).toEqual(c.eligibility.categories);
    expect(c.household.assistanceCardNumber).toMatch(/^MX[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(c.transitions.map((x: any) => x.toState)).toEqual(['SUBMITTED', 'UNDER_INVESTIGATION', 'FIRST_NOTICE', 'FORWARDED_TO_COUNTY', 'APPROVED', 'SECOND_NOTICE', 'CONFIRMED']);
    for (const x of c.transitions.slice(1)) expect(x.fromVersion).toBeGreaterThan(0);
    expect(c.transitions[4]).toMatchObject({ by: 'department:CIVIL_AFFAIRS:county-zhao', reason: '经审核，符合城市低保条件' });

    // The domain event later parts subscribe to, written with the confirmation.
    const event = await t.orm.em.getKnex()('domain_event').where({ type: 'HouseholdConfirmed', aggregate_id: dbId(h.id) }).first();
    expect(event.payload).toMatchObject({ assistanceCardNumber: c.household.assistanceCardNumber, categories: c.household.categories, causes: ['ILLNESS'] });
    const audited = await t.orm.em.getKnex()('audit_event').where({ entity: 'IdentificationCase', record_id: dbId(c.id), outcome: 'SUCCESS' }).pluck('action');
    expect(audited).toEqual(expect.arrayContaining(['Mutation.submitApplication', 'Mutation.approveApplication', 'Mutation.confirmHousehold']));
  });
});

describe('objections', () => {
  it('an upheld objection stops the case; it cannot be forwarded', async () => {
    const h = await poorHousehold(['吴强', '郑芳']);
    let c = await ok(M.notice, firstNotice(await investigated(h)));
    const objection = await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[0].id, summary: '该户有经营性收入未申报' } });
    expect(objection.data.submitPublicObjection.userErrors).toEqual([]);
    clock.advanceDays(5);
    expect((await run(M.forward, { case: c.id, version: c.version })).userErrors[0].code).toBe('OPEN_OBJECTION');
    const upheld = await gql(t.app, RESOLVE, { i: { objection: objection.data.submitPublicObjection.objectionId, version: 1, outcome: 'UPHELD', resolution: '核实存在未申报经营收入', upheldAction: 'REJECT' } }, { token });
    expect(upheld.data.resolveObjection.userErrors).toEqual([]);
    const after = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on IdentificationCase { ${CASE} } } }`, { id: c.id }, { token });
    c = after.data.node;
    expect(c).toMatchObject({ state: 'REJECTED', closingReason: '核实存在未申报经营收入', household: { status: 'REGISTERED', assistanceCardNumber: null } });
    expect(c.notices[0].objections).toEqual([expect.objectContaining({ status: 'UPHELD' })]);
    expect((await run(M.forward, { case: c.id, version: c.version })).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    // A new application is possible once the old one is closed.
    expect((await run(M.submit, { household: h.id, appliedOn: today(), reason: '重新申请' })).userErrors).toEqual([]);
  });

  it('an upheld objection can send the case back to investigation; a dismissed one lets it continue', async () => {
    const h = await poorHousehold(['冯军', '蒋丽']);
    let c = await ok(M.notice, firstNotice(await investigated(h)));
    const record = `mutation($i: ObjectionInput!) { recordObjection(input: $i) { objectionId userErrors { code } } }`;
    const o1 = (await gql(t.app, record, { i: { notice: c.notices[0].id, summary: '住房面积有出入' } }, { token })).data.recordObjection.objectionId;
    await gql(t.app, RESOLVE, { i: { objection: o1, version: 1, outcome: 'UPHELD', resolution: '重新核实住房', upheldAction: 'RETURN_TO_INVESTIGATION' } }, { token });
    c = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on IdentificationCase { ${CASE} } } }`, { id: c.id }, { token })).data.node;
    expect(c.state).toBe('UNDER_INVESTIGATION');

    c = await ok(M.notice, firstNotice(c));
    const o2 = (await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[1].id, summary: '怀疑有车辆' } })).data.submitPublicObjection.objectionId;
    const dismissed = await gql(t.app, RESOLVE, { i: { objection: o2, version: 1, outcome: 'DISMISSED', resolution: '经查无车辆' } }, { token });
    expect(dismissed.data.resolveObjection.userErrors).toEqual([]);
    const again = await gql(t.app, RESOLVE, { i: { objection: o2, version: 1, outcome: 'DISMISSED', resolution: '重复' } }, { token });
    expect(again.data.resolveObjection.userErrors[0].code).toBe('OBJECTION_ALREADY_RESOLVED');
    clock.advanceDays(5);
    expect((await ok(M.forward, { case: c.id, version: c.version })).state).toBe('FORWARDED_TO_COUNTY');
    // The notice has ended: no more objections to it.
    const late = await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[1].id, summary: '迟到的异议' } });
    expect(late.data.submitPublicObjection.userErrors[0].code).toBe('NOTICE_NOT_CURRENT');
  });
});

describe('illegal transitions and wrong principals', () => {
  it('answers each out-of-order step with a code saying why, and writes nothing', async () => {
    const h = await poorHousehold(['褚明', '卫红']);
    let c = await ok(M.submit, { household: h.id, appliedOn: today(), reason: '生活困难' });
    const transitionsBefore = await t.orm.em.getKnex()('case_transition').where('identification_case_id', dbId(c.id)).count({ n: '*' }).first();

    expect((await run(M.submit, { household: h.id, appliedOn: today(), reason: '再次申请' })).userErrors[0].code).toBe('OPEN_CASE_EXISTS');
    expect((await run(M.forward, { case: c.id, version: c.version })).userErrors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect((await run(M.confirm, { case: c.id, version: c.version })).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect((await run(M.approve, { case: c.id, version: c.version, reason: 'x' }, civil)).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect((await run(M.notice, firstNotice(c))).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect((await run(M.start, { case: c.id, version: c.version + 5 })).userErrors[0].code).toBe('STALE_VERSION');
    expect((await run(M.submit, { household: h.id, appliedOn: plusDays(3), reason: 'x' })).userErrors[0].code).toBe('DATE_IN_FUTURE');

    c = await ok(M.start, { case: c.id, version: c.version });
    expect((await run(M.investigate, { case: c.id, version: c.version, method: 'ECONOMIC_CROSS_CHECK', conductedOn: today(), findings: '核对' })).userErrors[0].code).toBe('AUTHORISATION_NOT_SIGNED');
    expect((await run(M.investigate, { case: c.id, version: c.version, method: 'DEMOCRATIC_APPRAISAL', conductedOn: today(), findings: '评议', conclusion: '通过' })).userErrors[0].code).toBe('APPRAISAL_INCOMPLETE');
    expect((await run(M.investigate, { case: c.id, version: c.version, method: 'HOME_VISIT', conductedOn: plusDays(1), findings: '入户' })).userErrors[0].code).toBe('DATE_IN_FUTURE');
    expect((await run(M.opinion, { case: c.id, version: c.version, recommendation: 'APPROVE', opinion: '同意', causes: ['ILLNESS'], primaryCause: 'DISASTER' })).userErrors[0].code).toBe('PRIMARY_CAUSE_NOT_IN_CAUSES');
    const incomplete = await run(M.notice, firstNotice(c));
    expect(incomplete.userErrors[0].code).toBe('INVESTIGATION_INCOMPLETE');

    const transitionsAfter = await t.orm.em.getKnex()('case_transition').where('identification_case_id', dbId(c.id)).count({ n: '*' }).first();
    expect(Number(transitionsAfter!.n)).toBe(Number(transitionsBefore!.n) + 1); // only startInvestigation
  });

  it('refuses a notice shorter than the minimum or dated in the future', async () => {
    const c = await investigated(await poorHousehold(['孔亮', '曹梅']));
    const short = await run(M.notice, firstNotice(c, today(), plusDays(3)));
    expect(short.userErrors[0]).toMatchObject({ code: 'NOTICE_TOO_SHORT', field: ['input', 'endsOn'] });
    expect((await run(M.notice, firstNotice(c, plusDays(1), plusDays(6)))).userErrors[0].code).toBe('DATE_IN_FUTURE');
    expect((await ok(M.notice, firstNotice(c, today(), plusDays(4)))).state).toBe('FIRST_NOTICE');
  });

  it('another township sees no case and gets NOT_FOUND, like for a case that does not exist', async () => {
    const other = await newTownship(t.orm);
    const otherToken = await townshipToken(other.code);
    const c = await ok(M.submit, { household: (await poorHousehold(['严华', '华丽'])).id, appliedOn: today(), reason: '困难' });
    const theirs = await gql(t.app, M.start, { i: { case: c.id, version: c.version } }, { token: otherToken });
    const missing = await gql(t.app, M.start, { i: { case: Buffer.from('IdentificationCase:999999999').toString('base64url'), version: 1 } }, { token: otherToken });
    expect(theirs.data.startInvestigation.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(theirs.body).toEqual(missing.body);
    const list = await gql(t.app, `{ identificationCases(first: 50) { totalCount } }`, {}, { token: otherToken });
    expect(list.data.identificationCases.totalCount).toBe(0);
    const node = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, { token: otherToken });
    expect(node.data.node).toBeNull();
    const education = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, { token: await departmentToken('EDUCATION') });
    expect(education.data.node).toBeNull();
  });
});

describe('every step, from every wrong state and by every wrong principal', () => {
  it('refuses each step from a state it does not start from', async () => {
    const c = await ok(M.submit, { household: (await poorHousehold(['金波', '魏娟'])).id, appliedOn: today(), reason: '困难' });
    const v = { case: c.id, version: c.version };
    const attempts: Array<[string, Record<string, unknown>, string?]> = [
      [M.investigate, { ...v, method: 'HOME_VISIT', conductedOn: today(), findings: '入户' }],
      [M.opinion, { ...v, recommendation: 'APPROVE', opinion: '同意', causes: [] }],
      [M.notice, firstNotice(c)],
      [M.notice, { ...v, kind: 'SECOND', place: '公示栏', postedOn: today(), endsOn: plusDays(4) }],
      [M.forward, v],
      [M.approve, { ...v, reason: '同意' }, civil],
      [M.reject, { ...v, reason: '不同意' }, civil],
      [M.confirm, v],
    ];
    for (const [mutation, input, as] of attempts) {
      const r = await run(mutation, input, as);
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION', field: ['input', 'case'] })]);
    }
    const closed = await ok(M.withdraw, { ...v, reason: '家庭主动撤回' });
    expect(closed.state).toBe('WITHDRAWN');
    expect((await run(M.withdraw, { case: c.id, version: closed.version, reason: '再撤回' })).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect((await run(M.start, { case: c.id, version: closed.version })).userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });

  it('gives another township NOT_FOUND for every step of a case that is not its own', async () => {
    const other = await townshipToken((await newTownship(t.orm)).code);
    const c = await ok(M.notice, firstNotice(await investigated(await poorHousehold(['钱伟', '孙静']))));
    const v = { case: c.id, version: c.version };
    for (const [mutation, input] of [
      [M.start, v], [M.investigate, { ...v, method: 'HOME_VISIT', conductedOn: today(), findings: '入户' }],
      [M.opinion, { ...v, recommendation: 'APPROVE', opinion: '同意', causes: [] }], [M.notice, firstNotice(c)],
      [M.forward, v], [M.confirm, v], [M.withdraw, { ...v, reason: '撤回' }],
    ] as Array<[string, Record<string, unknown>]>) {
      expect((await run(mutation, input, other)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'case'] })]);
    }
    const record = `mutation($i: ObjectionInput!) { recordObjection(input: $i) { objectionId userErrors { code } } }`;
    expect((await gql(t.app, record, { i: { notice: c.notices[0].id, summary: '异议' } }, { token: other })).data.recordObjection.userErrors[0].code).toBe('NOT_FOUND');
    const objection = (await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[0].id, summary: '异议' } })).data.submitPublicObjection.objectionId;
    const resolve = await gql(t.app, RESOLVE, { i: { objection, version: 1, outcome: 'DISMISSED', resolution: '不成立' } }, { token: other });
    expect(resolve.data.resolveObjection.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('will not confirm while an objection to the second notice is open', async () => {
    let c = await ok(M.notice, firstNotice(await investigated(await poorHousehold(['李勇', '王敏']))));
    clock.advanceDays(5);
    c = await ok(M.forward, { case: c.id, version: c.version });
    c = await ok(M.approve, { case: c.id, version: c.version, reason: '同意' }, civil);
    c = await ok(M.notice, { case: c.id, version: c.version, kind: 'SECOND', place: '公示栏', postedOn: today(), endsOn: plusDays(4) });
    await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[1].id, summary: '收入不实' } });
    clock.advanceDays(5);
    expect((await run(M.confirm, { case: c.id, version: c.version })).userErrors[0].code).toBe('OPEN_OBJECTION');
    const still = await t.orm.em.getKnex()('household').where({ id: dbId((await gql(t.app, `query($id: ID!) { node(id: $id) { ... on IdentificationCase { household { id } } } }`, { id: c.id }, { token })).data.node.household.id) }).first();
    expect(still).toMatchObject({ status: 'REGISTERED', assistance_card_number: null });
  });
});

describe('public notices show exactly R10\'s fields', () => {
  it('the notice types carry those fields and no others', async () => {
    const r = await gql(t.app, `{ first: __type(name: "FirstPublicNotice") { fields { name } } second: __type(name: "SecondPublicNotice") { fields { name } } }`);
    const names = (x: any) => x.fields.map((f: any) => f.name).sort();
    expect(names(r.data.first)).toEqual(['appraisalConclusion', 'basicSituation', 'complaintContact', 'endsOn', 'id', 'investigationResult', 'place', 'postedOn']);
    expect(names(r.data.second)).toEqual(['endsOn', 'headName', 'householdMonthlyIncome', 'householdSize', 'id', 'place', 'postedOn']);
  });

  it('an anonymous reader cannot reach the case, the household or objections from a notice', async () => {
    const r = await gql(t.app, `query($t: ID!) { publicNotices(township: $t) { ... on FirstPublicNotice { id } } }`, { t: township.globalId });
    for (const n of r.data.publicNotices.filter((x: any) => x.id)) {
      // node(id:) gives back the published notice itself and nothing more.
      const node = await gql(t.app, `query($id: ID!) { node(id: $id) { __typename id } }`, { id: n.id });
      expect(node.data.node).toEqual({ __typename: 'FirstPublicNotice', id: n.id });
    }
    const cases = await gql(t.app, `{ identificationCases(first: 1) { totalCount } }`);
    expect(cases.status).toBe(401);
  });
});
