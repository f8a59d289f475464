/** Versioned policy parameters through the API: read as of a day, set from a day on, never rewritten. */
import { countyToday } from '../../src/graphql/scalars';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../support/app';
import { householdInput, member, newTownship, registerHousehold } from '../support/fixtures';
import { dbId } from '../support/ids';

let t: TestApp;
let civil: string;
const today = () => countyToday(new Date());
const plusDays = (n: number) => countyToday(new Date(Date.now() + n * 86_400_000));
const SET = `mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { history { value effectiveFrom setBy reason } userErrors { field code message } } }`;
const IN_FORCE = `query($d: Date) { policyParameters(asOf: $d) { key value unit effectiveFrom reason } }`;
const CHECK = `query($d: Date) { eligibilityCheck(asOf: $d, input: { members: [{ birthDate: "1980-01-01", workCapacity: FULL, monthlyIncome: 50000 }] }) {
  allowanceStandard qualifies categories trace { rule outcome thresholds explanationZh } } }`;
const value = (rows: any[], key: string) => rows.find((r) => r.key === key)?.value;

beforeAll(async () => {
  t = await startApp();
  civil = await departmentToken('CIVIL_AFFAIRS', 'policy-officer');
});
afterAll(() => t.close());

it('reads every parameter as of any day: the 2019 document raised the ratio from 0.40 to 0.42 (R2)', async () => {
  const before = await gql(t.app, IN_FORCE, { d: '2019-05-31' });
  const after = await gql(t.app, IN_FORCE, { d: '2019-06-01' });
  expect(value(before.data.policyParameters, 'ALLOWANCE_STANDARD_RATIO')).toBe(0.4);
  expect(value(after.data.policyParameters, 'ALLOWANCE_STANDARD_RATIO')).toBe(0.42);
  expect(after.data.policyParameters.find((r: any) => r.key === 'NOTICE_MIN_DAYS')).toMatchObject({ value: 5, unit: 'DAYS' });
  const none = await gql(t.app, IN_FORCE, { d: '2000-01-01' });
  expect(none.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
});

it('a walk-in check uses the standard of its day: 1380 × 0.40 = 552 yuan before June 2019, × 0.42 = 579.60 after', async () => {
  const old = await gql(t.app, CHECK, { d: '2019-05-31' }, { token: civil });
  const now = await gql(t.app, CHECK, { d: '2019-06-01' }, { token: civil });
  expect(old.data.eligibilityCheck).toMatchObject({ allowanceStandard: 55200, qualifies: true, categories: ['MINIMUM_LIVING_ALLOWANCE'] });
  expect(now.data.eligibilityCheck).toMatchObject({ allowanceStandard: 57960, qualifies: true });
  expect(now.data.eligibilityCheck.trace[0]).toMatchObject({ rule: 'R2', thresholds: expect.objectContaining({ ratioEffectiveFrom: '2019-06-01' }) });
});

it('a new value applies from its effective day and not before; history is kept', async () => {
  const from = plusDays(400);
  const set = await gql(t.app, SET, { i: { key: 'MINIMUM_WAGE_MONTHLY', value: 150000, effectiveFrom: from, reason: '省政府调整最低工资标准（测试）' } }, { token: civil });
  expect(set.data.setPolicyParameter.userErrors).toEqual([]);
  expect(set.data.setPolicyParameter.history[0]).toMatchObject({ value: 150000, effectiveFrom: from, setBy: 'department:CIVIL_AFFAIRS:policy-officer' });
  expect(set.data.setPolicyParameter.history.length).toBeGreaterThanOrEqual(2);

  const dayBefore = plusDays(399);
  expect((await gql(t.app, CHECK, { d: dayBefore }, { token: civil })).data.eligibilityCheck.allowanceStandard).toBe(57960);
  expect((await gql(t.app, CHECK, { d: from }, { token: civil })).data.eligibilityCheck.allowanceStandard).toBe(63000); // 1500 × 0.42

  const again = await gql(t.app, SET, { i: { key: 'MINIMUM_WAGE_MONTHLY', value: 160000, effectiveFrom: from, reason: '重复' } }, { token: civil });
  expect(again.data.setPolicyParameter.userErrors[0].code).toBe('PARAMETER_ALREADY_SET_FOR_DATE');
  const audit = await t.orm.em.getKnex()('audit_event').where({ action: 'Mutation.setPolicyParameter', actor: 'department:CIVIL_AFFAIRS:policy-officer', outcome: 'SUCCESS' });
  expect(audit).toHaveLength(1);
});

it('refuses an effective day that would rewrite a decision already taken, and writes nothing', async () => {
  const township = await newTownship(t.orm);
  const h = await registerHousehold(t.app, await townshipToken(township.code), householdInput(township, [member()]));
  const knex = t.orm.em.getKnex();
  // A decision taken today (the workflow tests take real ones; here only the date matters).
  await knex('identification_case').insert({
    household_id: dbId(h.id), township_id: township.id, state: 'REJECTED', applied_on: today(),
    application_reason: '测试', decided_on: today(), decided_by: 'test', created_by: 'test', updated_by: 'test',
  });
  const before = await knex('policy_parameter').count({ n: '*' }).first();
  const r = await gql(t.app, SET, { i: { key: 'NOTICE_MIN_DAYS', value: 7, effectiveFrom: plusDays(-10), reason: '追溯调整' } }, { token: civil });
  expect(r.data.setPolicyParameter.userErrors).toEqual([expect.objectContaining({ code: 'PARAMETER_WOULD_REWRITE_DECISION', field: ['input', 'effectiveFrom'] })]);
  expect(await knex('policy_parameter').count({ n: '*' }).first()).toEqual(before);
});

it.each([
  [{ key: 'ALLOWANCE_STANDARD_RATIO', value: 1.5 }, 'OUT_OF_RANGE'],
  [{ key: 'NOTICE_MIN_DAYS', value: 5.5 }, 'NOT_AN_INTEGER'],
  [{ key: 'RENT_SUBSIDY_PER_PERSON_MONTH', value: -100 }, 'OUT_OF_RANGE'],
  [{ key: 'NOTICE_MIN_DAYS', value: 7, reason: ' ' }, 'REQUIRED'],
])('rejects %j with %s', async (change, code) => {
  const r = await gql(t.app, SET, { i: { effectiveFrom: plusDays(500), reason: '测试', ...change } }, { token: civil });
  expect(r.data.setPolicyParameter.userErrors[0].code).toBe(code);
});

it('only civil affairs sets parameters; the table refuses updates and deletes', async () => {
  const township = await newTownship(t.orm);
  const r = await gql(t.app, SET, { i: { key: 'NOTICE_MIN_DAYS', value: 7, effectiveFrom: plusDays(600), reason: 'x' } }, { token: await townshipToken(township.code) });
  expect(r.status).toBe(403);
  const knex = t.orm.em.getKnex();
  await expect(knex('policy_parameter').update({ value: 1 }).where({ key: 'NOTICE_MIN_DAYS' })).rejects.toThrow(/insert-only/);
  await expect(knex('policy_parameter').delete().where({ key: 'NOTICE_MIN_DAYS' })).rejects.toThrow(/insert-only/);
});

it('shows a household\'s eligibility with its trace to the township, and hides it from departments', async () => {
  const township = await newTownship(t.orm);
  const token = await townshipToken(township.code);
  const h = await registerHousehold(t.app, token, householdInput(township, [member({ monthlyIncome: { wages: 57960 } })]));
  const q = `query($id: ID!) { node(id: $id) { ... on Household { eligibility { allowanceStandard perCapitaMonthlyIncome qualifies categories trace { rule outcome explanationZh } } } } }`;
  const r = await gql(t.app, q, { id: h.id }, { token });
  // Exactly at the standard: not below it (R4 fails, I1), and no cause for R6.
  expect(r.data.node.eligibility).toMatchObject({ allowanceStandard: 57960, perCapitaMonthlyIncome: 57960, qualifies: false, categories: [] });
  expect(r.data.node.eligibility.trace.find((s: any) => s.rule === 'R4')).toMatchObject({ outcome: 'FAIL' });
  await t.orm.em.getKnex()('household').update({ status: 'IN_HARDSHIP' }).where({ id: dbId(h.id) });
  const hidden = await gql(t.app, q, { id: h.id }, { token: await departmentToken('HOUSING') });
  expect(hidden.data.node).toEqual({ eligibility: null });
});
