/**
 * The seven measures end to end (R12–R18, R20): a household confirmed through the workflow gets its
 * plan (一户一策); each department accepts and delivers its own items; compliance, overdue lists,
 * money from funds, the monthly allowance run and its roster; the plan follows the household.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { countyToday } from '../../../src/graphql/scalars';
import { registerConsumers } from '../../../src/events/subscribers';
import { DepartmentCode } from '../../../src/shared/principal';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { deliverAllEvents } from '../../support/events';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
let clock: TestClock;
let township: TestTownship;
let tokenTownship: string;
const tokens = {} as Record<DepartmentCode, string>;
let household: any;
const today = () => countyToday(clock.now());
const year = () => Number(today().slice(0, 4));

const PLAN = `query($h: ID!) { planItems(first: 100, filter: { household: $h }) { nodes {
  id item measure department status proposedAmount amount requiredDeliveries version basis
  compliance { required delivered met } person { name } } } }`;
const DECIDE = `mutation($i: DecidePlanItemInput!) { decidePlanItem(input: $i) { planItem { id status amount version dueOn } userErrors { field code } } }`;
const DELIVER = `mutation($i: RecordDeliveryInput!) { recordDelivery(input: $i) { planItem { status compliance { required delivered met } deliveries { amount } } userErrors { field code } } }`;

async function plan(as: string) {
  const r = await gql(t.app, PLAN, { h: household.id }, { token: as });
  if (!r.data) throw new Error(JSON.stringify(r.body));
  return r.data.planItems.nodes as any[];
}
const item = (items: any[], code: string) => items.find((i) => i.item === code);
async function decide(as: string, i: any, decision = 'ACCEPT', extra: Record<string, unknown> = {}) {
  const r = await gql(t.app, DECIDE, { i: { planItem: i.id, version: i.version, decision, ...extra } }, { token: as });
  return r.data.decidePlanItem;
}
async function deliver(as: string, i: any, extra: Record<string, unknown> = {}) {
  const r = await gql(t.app, DELIVER, { i: { planItem: i.id, deliveredOn: today(), note: '已落实', ...extra } }, { token: as });
  return r.data.recordDelivery;
}
async function allocate(measure: string, amount: number) {
  const finance = tokens.FINANCE;
  const code = `fund-${measure}-${Math.random().toString(36).slice(2, 8)}`;
  const src = await gql(t.app, `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`, { i: { code, name: `县财政${measure}`, kind: 'COUNTY_FINANCE' } }, { token: finance });
  const alloc = await gql(t.app, `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id amount disbursed balance } userErrors { code } } }`,
    { i: { source: src.data.createFundSource.fundSource.id, measure, year: year(), amount } }, { token: finance });
  return alloc.data.allocateFund.allocation;
}

beforeAll(async () => {
  clock = new TestClock();
  t = await startApp({}, { clock });
  registerConsumers();
  township = await newTownship(t.orm);
  tokenTownship = await townshipToken(township.code);
  for (const d of ['CIVIL_AFFAIRS', 'EDUCATION', 'HUMAN_RESOURCES_SOCIAL_SECURITY', 'HOUSING', 'MEDICAL_INSURANCE', 'HEALTH', 'DISABLED_PERSONS_FEDERATION', 'FINANCE', 'CIVILIZATION_OFFICE', 'LEADING_GROUP'] as DepartmentCode[]) {
    tokens[d] = await departmentToken(d, `staff-${d.toLowerCase()}`);
  }
  const age = (years: number) => `${Number(countyToday(clock).slice(0, 4)) - years}-03-15`;
  household = await registerHousehold(t.app, tokenTownship, householdInput(township, [
    member({ name: '高建国', idNumber: idNumber(age(40)), workCapacity: 'FULL', employmentStatus: 'UNEMPLOYED', monthlyIncome: { wages: 30000 } }),
    member({ name: '高小雨', idNumber: idNumber(age(16), 'FEMALE'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'SENIOR_HIGH', monthlyIncome: null }),
    member({ name: '刘秀英', idNumber: idNumber(age(70), 'FEMALE'), relationToHead: 'PARENT', workCapacity: 'NONE', employmentStatus: 'RETIRED', illness: 'CHRONIC', monthlyIncome: null }),
  ], { housingArea: 30 }));
  await confirmThroughWorkflow(t.app, clock, tokenTownship, tokens.CIVIL_AFFAIRS, household.id, ['SCHOOLING']);
  await deliverAllEvents(t.orm);
});
afterAll(() => t.close());

describe('a confirmed household through its plan', () => {
  it('proposes the items its profile and the policy entitle it to, each owned by its department', async () => {
    const items = await plan(tokens.CIVIL_AFFAIRS);
    const codes = items.map((i) => `${i.item}${i.person ? `:${i.person.name}` : ''}`).sort();
    expect(codes).toEqual([
      'JOB_INFORMATION:高建国', 'MEDICAL_ASSISTANCE:刘秀英', 'MINIMUM_LIVING_ALLOWANCE', 'PAIRING_ASSISTANCE', 'PUBLIC_RENTAL_PRIORITY',
      'PUBLIC_WELFARE_JOB:高建国', 'RENT_SUBSIDY', 'SENIOR_HIGH_GRANT:高小雨', 'SENIOR_HIGH_TUITION_WAIVER:高小雨', 'SKILLS_TRAINING:高建国',
      'TEMPORARY_RELIEF',
    ]);
    // Hand-computed: standard 57960 × 3 − 30000 income = 143880, + elderly 2000 + minor 2000 = 147880.
    expect(item(items, 'MINIMUM_LIVING_ALLOWANCE')).toMatchObject({ department: 'CIVIL_AFFAIRS', proposedAmount: 147880, status: 'PROPOSED' });
    // 10 m² a person is below 13: rent subsidy 3900 × 3 persons a month.
    expect(item(items, 'RENT_SUBSIDY')).toMatchObject({ department: 'HOUSING', proposedAmount: 11700 });
    expect(item(items, 'SENIOR_HIGH_GRANT')).toMatchObject({ department: 'EDUCATION', proposedAmount: 300000 });
    expect(item(items, 'JOB_INFORMATION')).toMatchObject({ department: 'HUMAN_RESOURCES_SOCIAL_SECURITY', requiredDeliveries: 2 });
    expect(item(items, 'SKILLS_TRAINING').requiredDeliveries).toBe(1);
  });

  it('shows each department only its own measures\' items', async () => {
    const expected: Partial<Record<DepartmentCode, string[]>> = {
      HUMAN_RESOURCES_SOCIAL_SECURITY: ['JOB_INFORMATION', 'PUBLIC_WELFARE_JOB', 'SKILLS_TRAINING'],
      EDUCATION: ['SENIOR_HIGH_GRANT', 'SENIOR_HIGH_TUITION_WAIVER'],
      HOUSING: ['PUBLIC_RENTAL_PRIORITY', 'RENT_SUBSIDY'],
      MEDICAL_INSURANCE: ['MEDICAL_ASSISTANCE'],
      HEALTH: ['MEDICAL_ASSISTANCE'],
      DISABLED_PERSONS_FEDERATION: [],
      CIVILIZATION_OFFICE: ['PAIRING_ASSISTANCE'],
    };
    for (const [d, codes] of Object.entries(expected)) {
      expect([d, (await plan(tokens[d as DepartmentCode])).map((i) => i.item).sort()]).toEqual([d, codes]);
    }
    expect((await plan(tokenTownship)).length).toBe(11);
    for (const d of ['FINANCE', 'LEADING_GROUP'] as DepartmentCode[]) {
      expect((await gql(t.app, PLAN, { h: household.id }, { token: tokens[d] })).status).toBe(403);
    }
    const otherTownship = await townshipToken((await newTownship(t.orm)).code);
    expect(await plan(otherTownship)).toEqual([]);
  });

  it('lets only the owning department decide and deliver; refuses items not agreed', async () => {
    const items = await plan(tokens.CIVIL_AFFAIRS);
    const grant = item(items, 'SENIOR_HIGH_GRANT');
    // Housing cannot see an education item; civil affairs sees it but does not own it.
    expect((await decide(tokens.HOUSING, grant)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await decide(tokens.CIVIL_AFFAIRS, grant)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_YOUR_MEASURE' })]);
    // Not entitled yet: still only proposed.
    const jobs = item(items, 'JOB_INFORMATION');
    expect((await deliver(tokens.HUMAN_RESOURCES_SOCIAL_SECURITY, jobs)).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ENTITLED' })]);
    // Adjusting or declining needs a reason; amounts are checked.
    expect((await decide(tokens.EDUCATION, grant, 'ADJUST', { amount: 250000 })).userErrors[0]).toMatchObject({ code: 'REQUIRED', field: ['input', 'reason'] });
    expect((await decide(tokens.EDUCATION, grant, 'ACCEPT', { amount: -5 })).userErrors[0].code).toBe('AMOUNT_NEGATIVE');
    expect((await decide(tokens.EDUCATION, grant, 'ACCEPT', { amount: 2_000_000_000 })).userErrors[0].code).toBe('AMOUNT_TOO_LARGE');
    const accepted = await decide(tokens.EDUCATION, grant);
    expect(accepted).toMatchObject({ userErrors: [], planItem: { status: 'ACCEPTED', amount: 300000 } });
    expect(accepted.planItem.dueOn > today()).toBe(true);
    const declined = await decide(tokens.HUMAN_RESOURCES_SOCIAL_SECURITY, item(items, 'PUBLIC_WELFARE_JOB'), 'DECLINE', { reason: '本人已有意向岗位' });
    expect(declined.planItem.status).toBe('DECLINED');
  });

  it('records deliveries until compliance is reached: two job-information visits, one training', async () => {
    const hr = tokens.HUMAN_RESOURCES_SOCIAL_SECURITY;
    let items = await plan(hr);
    await decide(hr, item(items, 'JOB_INFORMATION'));
    await decide(hr, item(items, 'SKILLS_TRAINING'));
    items = await plan(hr);
    const first = await deliver(hr, item(items, 'JOB_INFORMATION'), { note: '送岗位信息：县城物业保洁岗' });
    expect(first.planItem.compliance).toEqual({ required: 2, delivered: 1, met: false });
    const second = await deliver(hr, item(items, 'JOB_INFORMATION'), { note: '送岗位信息：超市理货员' });
    expect(second.planItem.compliance).toEqual({ required: 2, delivered: 2, met: true });
    expect((await deliver(hr, item(items, 'SKILLS_TRAINING'), { note: '参加家政服务培训' })).planItem.compliance.met).toBe(true);
    expect((await deliver(hr, item(items, 'SKILLS_TRAINING'), { deliveredOn: countyToday(new Date(clock.now().getTime() + 3 * 86_400_000)) })).userErrors[0].code).toBe('DATE_IN_FUTURE');
    expect((await deliver(hr, item(items, 'SKILLS_TRAINING'), { amount: 100 })).userErrors[0].code).toBe('INVALID_FORMAT');
  });

  it('pays money items from an allocation of their measure, once per delivery, never beyond the allocation', async () => {
    const edu = tokens.EDUCATION;
    const grant = item(await plan(edu), 'SENIOR_HIGH_GRANT');
    const small = await allocate('EDUCATION_AID', 100000);
    const over = await deliver(edu, grant, { amount: 300000, allocation: small.id });
    expect(over.userErrors[0].code).toBe('FUND_OVERDRAWN');
    const wrongMeasure = await allocate('HOUSING_AID', 1_000_000);
    expect((await deliver(edu, grant, { amount: 300000, allocation: wrongMeasure.id })).userErrors[0].code).toBe('WRONG_MEASURE');
    expect((await deliver(edu, grant, { amount: 300000 })).userErrors[0]).toMatchObject({ code: 'REQUIRED', field: ['input', 'allocation'] });
    const fund = await allocate('EDUCATION_AID', 1_000_000);
    const paid = await deliver(edu, grant, { amount: 300000, allocation: fund.id, note: '发放2026学年高中国家助学金' });
    expect(paid.planItem).toMatchObject({ compliance: { met: true }, deliveries: [{ amount: 300000 }] });
    const balance = await gql(t.app, `query($m: MeasureCode) { fundAllocations(filter: { measure: $m }) { id amount disbursed balance } }`, { m: 'EDUCATION_AID' }, { token: tokens.FINANCE });
    expect(balance.data.fundAllocations.find((a: any) => a.id === fund.id)).toMatchObject({ amount: 1_000_000, disbursed: 300000, balance: 700000 });
    expect(balance.data.fundAllocations.find((a: any) => a.id === small.id)).toMatchObject({ disbursed: 0 });
  });

  it('runs the monthly allowance once per township and month, and exports the roster', async () => {
    const ca = tokens.CIVIL_AFFAIRS;
    await decide(ca, item(await plan(ca), 'MINIMUM_LIVING_ALLOWANCE'));
    const fund = await allocate('SAFETY_NET', 10_000_000);
    const RUN = `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { alreadyRun run { id households total rosterPath } userErrors { code } } }`;
    const month = today().slice(0, 7);
    const first = await gql(t.app, RUN, { i: { township: township.globalId, month, allocation: fund.id } }, { token: ca });
    expect(first.data.runMonthlyAllowance).toMatchObject({ alreadyRun: false, userErrors: [], run: { households: 1, total: 147880 } });
    const again = await gql(t.app, RUN, { i: { township: township.globalId, month, allocation: fund.id } }, { token: ca });
    expect(again.data.runMonthlyAllowance).toMatchObject({ alreadyRun: true, run: { id: first.data.runMonthlyAllowance.run.id, total: 147880 } });
    const allowance = item(await plan(ca), 'MINIMUM_LIVING_ALLOWANCE');
    expect(allowance.compliance.delivered).toBe(1); // the second run paid nothing

    const xlsx = await request(t.app).get(first.data.runMonthlyAllowance.run.rosterPath).set('authorization', `Bearer ${ca}`).buffer(true)
      .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0];
    const text = (r: number) => (sheet.getRow(r).values as unknown[]).filter((v) => v != null && v !== '').map(String);
    const all = Array.from({ length: sheet.rowCount }, (_, i) => text(i + 1));
    expect(all.some((r) => r.some((c) => c.includes('城市低保金发放花名册')))).toBe(true);
    const line = all.find((r) => r.includes('高建国'))!;
    expect(line).toEqual(expect.arrayContaining(['高建国', '3']));
    expect(line.map(Number)).toContain(1478.8);
    expect(JSON.stringify(all)).not.toMatch(/\d{17}[\dX]/); // no id numbers on the roster
    const denied = await request(t.app).get(first.data.runMonthlyAllowance.run.rosterPath).set('authorization', `Bearer ${tokens.EDUCATION}`);
    expect(denied.status).toBe(404);
  });

  it('lists agreed items past their due day without the required deliveries', async () => {
    const housing = tokens.HOUSING;
    await decide(housing, item(await plan(housing), 'PUBLIC_RENTAL_PRIORITY'));
    const OVERDUE = `query($d: String) { overduePlanItems(first: 50, filter: { department: $d }) { nodes { id item } } }`;
    const before = await gql(t.app, OVERDUE, { d: 'HOUSING' }, { token: housing });
    expect(before.data.overduePlanItems.nodes.map((n: any) => n.item)).not.toContain('PUBLIC_RENTAL_PRIORITY');
    clock.advanceDays(120);
    const after = await gql(t.app, OVERDUE, { d: 'HOUSING' }, { token: housing });
    expect(after.data.overduePlanItems.nodes.map((n: any) => n.item)).toContain('PUBLIC_RENTAL_PRIORITY');
    const hr = await gql(t.app, `{ overduePlanItems(first: 50) { nodes { item household { id } } } }`, {}, { token: tokens.HUMAN_RESOURCES_SOCIAL_SECURITY });
    expect(hr.data.overduePlanItems.nodes.filter((n: any) => n.household?.id === household.id).map((n: any) => n.item)).toEqual([]);
    const townshipView = await gql(t.app, `query($t: ID) { overduePlanItems(first: 50, filter: { township: $t }) { nodes { item } } }`, { t: township.globalId }, { token: tokenTownship });
    expect(townshipView.data.overduePlanItems.nodes.map((n: any) => n.item)).toContain('PUBLIC_RENTAL_PRIORITY');
  });

  it('follows the household: a new preschooler is proposed a grant, the allowance goes back for a new amount', async () => {
    const age3 = `${Number(today().slice(0, 4)) - 3}-06-01`;
    const add = await gql(t.app, `mutation($i: AddHouseholdMemberInput!) { addHouseholdMember(input: $i) { userErrors { code } } }`, {
      i: { household: household.id, version: (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { version } } }`, { id: household.id }, { token: tokenTownship })).data.node.version,
        member: member({ name: '高小宝', idNumber: idNumber(age3), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', schoolingStage: 'PRESCHOOL', monthlyIncome: null }) },
    }, { token: tokenTownship });
    expect(add.data.addHouseholdMember.userErrors).toEqual([]);
    await deliverAllEvents(t.orm);
    const items = await plan(tokens.CIVIL_AFFAIRS);
    expect(item(items, 'PRESCHOOL_GRANT')).toMatchObject({ status: 'PROPOSED', proposedAmount: 200000, person: { name: '高小宝' } });
    // 4 members: 57960 × 4 − 30000 = 201840 + elderly 2000 + two minors 4000 = 207840; back to civil affairs.
    expect(item(items, 'MINIMUM_LIVING_ALLOWANCE')).toMatchObject({ status: 'PROPOSED', proposedAmount: 207840, amount: 147880 });
    expect(item(items, 'RENT_SUBSIDY').proposedAmount).toBe(15600);
  });

  it('lets education keep its roster of schoolchildren: a pupil who leaves school leaves the grant', async () => {
    const edu = tokens.EDUCATION;
    const members = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { members { id name version } } } }`, { id: household.id }, { token: edu })).data.node.members;
    expect(members.map((m: any) => m.name).sort()).toEqual(['高小宝', '高小雨']); // only the schoolchildren
    const UPDATE = `mutation($i: UpdateSchoolRecordInput!) { updateSchoolRecord(input: $i) { member { schoolingStage } userErrors { code } } }`;
    const pupil = members.find((m: any) => m.name === '高小雨');
    const done = await gql(t.app, UPDATE, { i: { person: pupil.id, version: pupil.version, schoolingStage: 'NONE' } }, { token: edu });
    // Out of school, she leaves education's roster: the payload no longer shows her to education.
    expect(done.data.updateSchoolRecord).toEqual({ userErrors: [], member: null });
    const seenByTownship = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Person { schoolingStage } } }`, { id: pupil.id }, { token: tokenTownship });
    expect(seenByTownship.data.node).toEqual({ schoolingStage: 'NONE' });
    // The grandmother is not on education's roster: it cannot touch her record.
    const elder = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { members { id name version } } } }`, { id: household.id }, { token: tokenTownship })).data.node.members.find((m: any) => m.name === '刘秀英');
    const refused = await gql(t.app, UPDATE, { i: { person: elder.id, version: elder.version, schoolingStage: 'HIGHER' } }, { token: edu });
    expect(refused.data.updateSchoolRecord.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    await deliverAllEvents(t.orm);
    const items = await plan(tokens.CIVIL_AFFAIRS);
    // The paid grant keeps its record; the waiver, never agreed, is withdrawn with it.
    expect(items.filter((i) => i.item.startsWith('SENIOR_HIGH')).map((i) => i.status).sort()).toEqual(['WITHDRAWN', 'WITHDRAWN']);
  });
});
