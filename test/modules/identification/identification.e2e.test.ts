/**
 * The "one application, two reviews, two public notices" workflow (R8–R10) end to end through
 * HTTP, with the tokens a township and county civil affairs would use.
 */
import request from 'supertest';
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, startApp, TestApp, TestClock, townshipToken, idNumber } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
let clock: TestClock;
let township: TestTownship;
let token: string;
let civil: string;
const today = () => countyToday(clock);
const plusDays = (n: number) => addCalendarDays(today(), n);

const CASE = `id state version causes primaryCause appliedOn investigationStartedOn reviewedOn forwardedOn decidedOn confirmedOn closedOn closingReason
  noticeEnteredLate
  eligibility { qualifies categories allowanceStandard trace { rule outcome } }
  transitions { fromState toState fromVersion by reason }
  notices { id kind printPath enteredLate lateEntryEvidence published { __typename ... on FirstPublicNotice { postedOn endsOn } ... on SecondPublicNotice { postedOn endsOn } }
    objections { id status version resolvedOn } }
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
    expect(c).toMatchObject({ state: 'UNDER_INVESTIGATION', investigationStartedOn: today(), reviewedOn: null });

    // The investigation starts again that day, and the township gives its opinion anew after it
    // (investigations ≤ opinion ≤ first notice); the old opinion stays in the transition.
    expect((await run(M.notice, firstNotice(c))).userErrors[0].code).toBe('REVIEW_OPINION_MISSING');
    c = await ok(M.opinion, { case: c.id, version: c.version, recommendation: 'APPROVE', opinion: '重新核实住房后仍符合条件', causes: ['ILLNESS'], primaryCause: 'ILLNESS' });
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

// ---------------------------------------------------------------------------------------------
// Issue 8, items 6–7: every step has its day, in the policy's order (R8–R10); a notice entered
// after its period ended needs its evidence and marks the case.
// ---------------------------------------------------------------------------------------------

const day = (n: number) => plusDays(n);
const EVIDENCE = '公示栏照片记录 2026-118';
const caseNode = async (id: string, as = token) =>
  (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on IdentificationCase { ${CASE} } } }`, { id }, { token: as })).data.node;

/** A paper file: applied on `d0` (days from today), started and all five investigations on `d0`. */
async function paperInvestigation(names: string[], d0: number, conductedOn: (m: string) => number = () => d0) {
  let c = await ok(M.submit, { household: (await poorHousehold(names)).id, appliedOn: day(d0), reason: '纸质档案补录' });
  c = await ok(M.start, { case: c.id, version: c.version, occurredOn: day(d0) });
  for (const m of [
    { method: 'HOME_VISIT' }, { method: 'NEIGHBOUR_INTERVIEWS' }, { method: 'EVIDENCE_LETTERS' },
    { method: 'ECONOMIC_CROSS_CHECK', authorisationSigned: true },
    { method: 'DEMOCRATIC_APPRAISAL', participants: ['居民代表'], conclusion: '评议通过' },
  ]) c = await ok(M.investigate, { case: c.id, version: c.version, conductedOn: day(conductedOn(m.method)), findings: '情况属实', ...m });
  return c;
}

const opinion = (c: any, reviewedOn?: string) =>
  ({ case: c.id, version: c.version, recommendation: 'APPROVE', opinion: '符合条件', causes: ['ILLNESS'], primaryCause: 'ILLNESS', ...(reviewedOn ? { reviewedOn } : {}) });
const secondNotice = (c: any, postedOn: string, endsOn: string, extra: Record<string, unknown> = {}) =>
  ({ case: c.id, version: c.version, kind: 'SECOND', place: '测试村公示栏', postedOn, endsOn, ...extra });

describe('R8–R10: the day of every step, in the policy\'s order (issue 8 item 6)', () => {
  it('enters a whole paper file with its past days, checking each step against the ones before', async () => {
    let c = await paperInvestigation(['邹凯', '喻芬'], -40);
    c = await ok(M.opinion, opinion(c, day(-38)));
    c = await ok(M.notice, { ...firstNotice(c, day(-37), day(-33)), lateEntryEvidence: EVIDENCE });

    // The first notice runs -37 … -33 (I4: D … D+N−1): forwarding is possible from -32 on.
    expect((await run(M.forward, { case: c.id, version: c.version, occurredOn: day(-33) })).userErrors).toEqual([
      expect.objectContaining({ code: 'NOTICE_NOT_ENDED', field: ['input', 'occurredOn'] })]);
    c = await ok(M.forward, { case: c.id, version: c.version, occurredOn: day(-32) });

    // The county enters its paper decision with its day: not before forwarding, not in the future.
    const early = await run(M.approve, { case: c.id, version: c.version, reason: '同意', occurredOn: day(-33) }, civil);
    expect(early.userErrors).toEqual([expect.objectContaining({ code: 'DATE_BEFORE_CASE_STEP', field: ['input', 'occurredOn'] })]);
    expect((await run(M.approve, { case: c.id, version: c.version, reason: '同意', occurredOn: day(1) }, civil)).userErrors[0]).toMatchObject({ code: 'DATE_IN_FUTURE', field: ['input', 'occurredOn'] });
    c = await ok(M.approve, { case: c.id, version: c.version, reason: '同意', occurredOn: day(-30) }, civil);

    c = await ok(M.notice, secondNotice(c, day(-29), day(-25), { lateEntryEvidence: EVIDENCE }));
    expect((await run(M.confirm, { case: c.id, version: c.version, occurredOn: day(-25) })).userErrors).toEqual([
      expect.objectContaining({ code: 'NOTICE_NOT_ENDED', field: ['input', 'occurredOn'] })]);
    c = await ok(M.confirm, { case: c.id, version: c.version, occurredOn: day(-24) });

    expect(c).toMatchObject({
      state: 'CONFIRMED', appliedOn: day(-40), investigationStartedOn: day(-40), reviewedOn: day(-38), forwardedOn: day(-32),
      decidedOn: day(-30), confirmedOn: day(-24), closedOn: null, household: { status: 'IN_HARDSHIP', identifiedOn: day(-24) },
    });
    expect(c.notices.map((n: any) => [n.kind, n.published.postedOn, n.published.endsOn])).toEqual([['FIRST', day(-37), day(-33)], ['SECOND', day(-29), day(-25)]]);
  });

  it('refuses a first notice dated before the investigations it publishes, and an opinion before them', async () => {
    // Four methods on day -10, the democratic appraisal on day -5.
    let c = await paperInvestigation(['蒋涛', '沈慧'], -10, (m) => (m === 'DEMOCRATIC_APPRAISAL' ? -5 : -10));
    const before = c.version;

    const earlyOpinion = await gql(t.app, M.opinion, { i: opinion(c, day(-6)) }, { token, lang: 'en' });
    expect(earlyOpinion.data.recordReviewOpinion.userErrors).toEqual([{
      field: ['input', 'reviewedOn'], code: 'DATE_BEFORE_CASE_STEP', message: `The date cannot be before an investigation (${day(-5)})`,
    }]);
    c = await ok(M.opinion, opinion(c, day(-5)));

    // The notice publishes the investigations: it cannot be dated before them (Chinese by default).
    const early = await run(M.notice, firstNotice(c, day(-7), day(-3)));
    expect(early.userErrors).toEqual([{ field: ['input', 'postedOn'], code: 'DATE_BEFORE_CASE_STEP', message: `日期不能早于调查记录的日期（${day(-5)}）` }]);
    // An investigation may not be dated after the opinion already given.
    const late = await run(M.investigate, { case: c.id, version: c.version, method: 'HOME_VISIT', conductedOn: day(-4), findings: '补充入户' });
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'DATE_AFTER_CASE_STEP', field: ['input', 'conductedOn'] })]);
    // Nor a start before the application.
    const other = await ok(M.submit, { household: (await poorHousehold(['韩雪', '杨波'])).id, appliedOn: day(-3), reason: '困难' });
    expect((await run(M.start, { case: other.id, version: other.version, occurredOn: day(-4) })).userErrors[0]).toMatchObject({ code: 'DATE_BEFORE_CASE_STEP', field: ['input', 'occurredOn'] });
    // Started today (the default), a home visit made before the file was opened can still be entered.
    const started = await ok(M.start, { case: other.id, version: other.version });
    expect(started.investigationStartedOn).toBe(today());
    await ok(M.investigate, { case: other.id, version: started.version, method: 'HOME_VISIT', conductedOn: day(-3), findings: '入户' });
    expect((await run(M.investigate, { case: other.id, version: started.version + 1, method: 'HOME_VISIT', conductedOn: day(-4), findings: '入户' })).userErrors[0])
      .toMatchObject({ code: 'DATE_BEFORE_CASE_STEP', field: ['input', 'conductedOn'] });

    // Nothing was written by the refused steps.
    const now = await caseNode(c.id);
    expect(now).toMatchObject({ state: 'UNDER_INVESTIGATION', version: before + 1, reviewedOn: day(-5), notices: [] });
    expect((await ok(M.notice, firstNotice(c, day(-5), day(0)))).notices).toHaveLength(1);
  });

  it('refuses a second notice dated before the county\'s approval', async () => {
    let c = await paperInvestigation(['秦亮', '尤佳'], -12);
    c = await ok(M.opinion, opinion(c, day(-12)));
    c = await ok(M.notice, { ...firstNotice(c, day(-12), day(-8)), lateEntryEvidence: EVIDENCE });
    c = await ok(M.forward, { case: c.id, version: c.version, occurredOn: day(-7) });
    c = await ok(M.approve, { case: c.id, version: c.version, reason: '同意' }, civil); // today, by default
    expect(c.decidedOn).toBe(today());

    const r = await gql(t.app, M.notice, { i: secondNotice(c, day(-1), day(3)) }, { token, lang: 'en' });
    expect(r.data.postPublicNotice.userErrors).toEqual([{ field: ['input', 'postedOn'], code: 'DATE_BEFORE_CASE_STEP', message: `The date cannot be before the county's decision (${today()})` }]);
    expect(await caseNode(c.id)).toMatchObject({ state: 'APPROVED', version: c.version, notices: [expect.objectContaining({ kind: 'FIRST' })] });
    // Posted the day of the approval it is accepted, and confirmation waits for its end.
    c = await ok(M.notice, secondNotice(c, today(), plusDays(4)));
    expect((await run(M.confirm, { case: c.id, version: c.version })).userErrors[0]).toMatchObject({ code: 'NOTICE_NOT_ENDED', field: ['input', 'occurredOn'] });
  });

  it('forwards only after the objections to the first notice were resolved, and withdraws only after the last step', async () => {
    let c = await ok(M.notice, firstNotice(await investigated(await poorHousehold(['林涛', '许静']))));
    const objection = (await gql(t.app, PUBLIC_OBJECTION, { i: { notice: c.notices[0].id, summary: '收入有出入' } })).data.submitPublicObjection.objectionId;
    const objectionDay = today();
    const early = await gql(t.app, RESOLVE, { i: { objection, version: 1, outcome: 'DISMISSED', resolution: '经查属实', resolvedOn: plusDays(-1) } }, { token });
    expect(early.data.resolveObjection.userErrors).toEqual([{ field: ['input', 'resolvedOn'], code: 'DATE_BEFORE_CASE_STEP' }]);
    clock.advanceDays(8);
    expect((await gql(t.app, RESOLVE, { i: { objection, version: 1, outcome: 'DISMISSED', resolution: '经查不成立' } }, { token })).data.resolveObjection.userErrors).toEqual([]);
    c = await caseNode(c.id);
    expect(c.notices[0].objections[0].resolvedOn).toBe(today());
    // The notice ended 4 days after the objection; forwarding must also follow its resolution.
    const forwardedEarly = await run(M.forward, { case: c.id, version: c.version, occurredOn: addCalendarDays(objectionDay, 6) });
    expect(forwardedEarly.userErrors).toEqual([expect.objectContaining({ code: 'DATE_BEFORE_CASE_STEP', field: ['input', 'occurredOn'] })]);
    expect((await run(M.withdraw, { case: c.id, version: c.version, reason: '撤回', occurredOn: plusDays(-1) })).userErrors[0]).toMatchObject({ code: 'DATE_BEFORE_CASE_STEP', field: ['input', 'occurredOn'] });
    c = await ok(M.withdraw, { case: c.id, version: c.version, reason: '家庭主动撤回' });
    expect(c).toMatchObject({ state: 'WITHDRAWN', closedOn: today(), closingReason: '家庭主动撤回' });
  });
});

describe('R10: a notice entered after its period ended (issue 8 item 7)', () => {
  const CASES = `query($f: CaseFilter) { identificationCases(first: 100, filter: $f) { nodes { id noticeEnteredLate } } }`;

  it('is accepted only with its evidence, marks the case, and the county finds it by filter', async () => {
    let c = await paperInvestigation(['葛明', '范丽'], -20);
    c = await ok(M.opinion, opinion(c, day(-20)));
    const ended = firstNotice(c, day(-19), day(-15));

    const missing = await gql(t.app, M.notice, { i: ended }, { token, lang: 'en' });
    expect(missing.data.postPublicNotice.userErrors).toEqual([{
      field: ['input', 'lateEntryEvidence'], code: 'LATE_ENTRY_EVIDENCE_REQUIRED',
      message: 'This notice period has already ended: entering it late needs a reference to its evidence (e.g. the number of the photographed board record)',
    }]);
    const blank = await run(M.notice, { ...ended, lateEntryEvidence: '   ' });
    expect(blank.userErrors).toEqual([expect.objectContaining({ code: 'LATE_ENTRY_EVIDENCE_REQUIRED', message: '该公示期已结束，补录时须注明公示凭证（如公示栏照片记录编号）' })]);
    expect((await run(M.notice, { ...ended, lateEntryEvidence: 'x'.repeat(201) })).userErrors[0]).toMatchObject({ code: 'STRING_TOO_LONG', field: ['input', 'lateEntryEvidence'] });
    expect(await caseNode(c.id)).toMatchObject({ state: 'UNDER_INVESTIGATION', version: c.version, noticeEnteredLate: false, notices: [] });

    c = await ok(M.notice, { ...ended, lateEntryEvidence: EVIDENCE });
    expect(c).toMatchObject({ state: 'FIRST_NOTICE', noticeEnteredLate: true, notices: [expect.objectContaining({ enteredLate: true, lateEntryEvidence: EVIDENCE })] });

    // It was never on the board online, and is not now.
    const board = await gql(t.app, `query($t: ID!) { publicNotices(township: $t) { ... on FirstPublicNotice { id } } }`, { t: township.globalId });
    expect(board.data.publicNotices.map((n: any) => n.id)).not.toContain(c.notices[0].id);

    // A notice posted in the past but still on the board is an ordinary one: no evidence needed.
    let current = await paperInvestigation(['方华', '任娜'], -3);
    current = await ok(M.opinion, opinion(current, day(-3)));
    current = await ok(M.notice, firstNotice(current, day(-2), day(2)));
    expect(current).toMatchObject({ noticeEnteredLate: false, notices: [expect.objectContaining({ enteredLate: false, lateEntryEvidence: null })] });

    // Civil affairs (and the township that entered it) find the case by the filter.
    for (const as of [civil, token]) {
      const late = (await gql(t.app, CASES, { f: { noticeEnteredLate: true } }, { token: as })).data.identificationCases.nodes.map((n: any) => n.id);
      expect(late).toContain(c.id);
      expect(late).not.toContain(current.id);
      const notLate = (await gql(t.app, CASES, { f: { noticeEnteredLate: false } }, { token: as })).data.identificationCases.nodes.map((n: any) => n.id);
      expect(notLate).toContain(current.id);
      expect(notLate).not.toContain(c.id);
    }
    // The mark stays with the case after it moves on.
    c = await ok(M.forward, { case: c.id, version: c.version, occurredOn: day(-14) });
    expect(c.noticeEnteredLate).toBe(true);
  });
});
