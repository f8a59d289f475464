/**
 * Issue 11 items 3–5 on the real database through the real app: amounts computed from the policy
 * in force every month (R17, I3), the daily re-planning and warning job (R19), department facts,
 * warning handling and temporary relief (R17), with their denied cases and bad input.
 *
 * The scene lives in 2040 (a TestClock), so the policy rise it enters there (policy_parameter is
 * insert-only: it stays) touches no other test's months; the daily job runs scoped to this file's
 * township.
 */
import 'reflect-metadata';
import { toGlobalId } from '../../../src/graphql/relay';
import { allowanceAmountsForMonth } from '../../../src/modules/funds/funds.allowance';
import { FundKind } from '../../../src/modules/funds/funds.enums';
import { FundsService } from '../../../src/modules/funds/funds.service';
import { replanHouseholds } from '../../../src/modules/measures/measures.service';
import { runDailyMonitoring } from '../../../src/modules/monitoring/monitoring.job';
import { domainEvents } from '../../../src/events/domain-events';
import { registerConsumers } from '../../../src/events/subscribers';
import type { ServiceContext } from '../../../src/shared/context';
import type { Principal } from '../../../src/shared/principal';
import type { Result } from '../../../src/shared/result';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

const clock = new TestClock();
let t: TestApp;
let township: TestTownship;
let otherTownship: TestTownship;
let householdId: string;
let householdGid: string;
let headGid: string;
let childGid: string;
const funds = new FundsService();
const knex = () => t.orm.em.getKnex();
const dept = (d: string): Principal => ({ kind: 'DEPARTMENT', role: d, department: d, actor: `department:${d}:tester`, name: 'tester' } as Principal);
const ctxOf = (principal: Principal): ServiceContext => ({ principal, em: t.orm.em, ip: null, requestId: null, clock });
const at = (day: string) => clock.setInstant(`${day}T02:00:00Z`); // 10:00 in the county
function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.problems)}`);
  return r.value;
}
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await knex()(table).where(where).count({ n: '*' }).first())!.n);

// Policy of this scene (the seeded values, and a rise entered below): standard = round(wage × 0.42).
const WAGE_BEFORE = 138000;
const WAGE_AFTER = 200000;
const standard = (wage: number) => Math.round(wage * 0.42);
const HEAD_WAGES = 30000;

async function allocation(amount: number) {
  const source = ok(await funds.createFundSource(ctxOf(dept('FINANCE')), { code: `MON${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase(), name: '临时救助测试资金', kind: FundKind.COUNTY_FINANCE }));
  return ok(await funds.allocateFund(ctxOf(dept('FINANCE')), { sourceId: source, measure: 'SAFETY_NET', year: 2040, amount }));
}

async function lineOf(runId: string) {
  return knex()('allowance_run_line').where({ run_id: runId, household_id: householdId }).first();
}

beforeAll(async () => {
  at('2040-02-10');
  t = await startApp({}, { clock, ownDatabase: true }); // years ahead: its decisions and policy changes would meet other files' (test/support/own-database.ts)
  township = await newTownship(t.orm);
  otherTownship = await newTownship(t.orm);
  const token = await townshipToken(township.code);
  // A head of working age with small wages and a child who turns 18 on 2040-07-15.
  const h = await registerHousehold(t.app, token, householdInput(township, [
    member({ name: '监测户主', idNumber: idNumber('1985-03-02'), monthlyIncome: { wages: HEAD_WAGES } }),
    member({ name: '监测子女', idNumber: idNumber('2022-07-15'), relationToHead: 'CHILD', workCapacity: 'NONE', schoolingStage: 'SENIOR_HIGH', monthlyIncome: {} }),
  ]));
  householdGid = h.id;
  householdId = dbId(h.id);
  headGid = h.members.find((m: { name: string }) => m.name === '监测户主').id;
  childGid = h.members.find((m: { name: string }) => m.name === '监测子女').id;
  await confirm(t.orm, h.id);
  // The plan as the planner makes it, and civil affairs accepting the allowance as proposed.
  await t.orm.em.fork().transactional((tx) => replanHouseholds(tx, [householdId], '2040-02-10', 'test'));
  await knex()('plan_item').update({ status: 'ACCEPTED', amount: knex().raw('proposed_amount'), decided_on: '2040-02-10', decided_by: 'test' })
    .where({ household_id: householdId, item: 'MINIMUM_LIVING_ALLOWANCE' });
});

afterAll(async () => {
  await t.close();
});

describe('amounts from the policy in force (R17, I3)', () => {
  let alloc: string;
  beforeAll(async () => {
    alloc = await allocation(100_000_000);
  });

  it('pays February at the standard of February, with the minor supplement', async () => {
    const supplement = Number((await knex()('policy_parameter').where({ key: 'SUPPLEMENT_MINOR' }).orderBy('effective_from', 'desc').first()).value);
    const run = ok(await funds.runMonthlyAllowance(ctxOf(dept('CIVIL_AFFAIRS')), { townshipId: township.id, month: '2040-02', allocationId: alloc }));
    const line = await lineOf(run.run);
    expect(line.amount).toBe(standard(WAGE_BEFORE) * 2 - HEAD_WAGES + supplement);
    expect(line.household_size).toBe(2);
  });

  it('after a minimum-wage rise from March: the daily job re-plans (item back to civil affairs, warning), and the March run pays the new amount', async () => {
    // policy_parameter is insert-only: a second run of this file on the same database finds the row.
    await knex().raw(
      `insert into policy_parameter (key, value, effective_from, set_by, reason) select 'MINIMUM_WAGE_MONTHLY', ?, '2040-03-01', 'test', '测试：最低工资上调'
        where not exists (select 1 from policy_parameter where key = 'MINIMUM_WAGE_MONTHLY' and effective_from = '2040-03-01')`, [WAGE_AFTER]);
    at('2040-03-02');
    const before = await knex()('plan_item').where({ household_id: householdId, item: 'MINIMUM_LIVING_ALLOWANCE' }).first();
    const job = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2040-02-28' });
    expect(job.policyChanged).toContain('MINIMUM_WAGE_MONTHLY@2040-03-01');
    expect(job.householdsReplanned).toBe(1);
    const after = await knex()('plan_item').where({ id: before.id }).first();
    // The agreed amount no longer fits: back to civil affairs for decision (as a profile change does).
    expect(after.status).toBe('PROPOSED');
    expect(after.proposed_amount - before.proposed_amount).toBe((standard(WAGE_AFTER) - standard(WAGE_BEFORE)) * 2);
    const warning = await knex()('warning').where({ household_id: householdId, rule_code: 'POLICY_CHANGE_ALTERS_AMOUNT' }).first();
    expect(warning).toMatchObject({ status: 'OPEN', township_id: township.id });
    expect(warning.detail).toMatchObject({ before: before.proposed_amount, after: after.proposed_amount });

    // Idempotent: the same day again raises and changes nothing.
    const again = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2040-03-01' });
    expect(again.householdsReplanned).toBe(0);
    expect(Object.values(again.warningsRaised).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await count('warning', { household_id: householdId, rule_code: 'POLICY_CHANGE_ALTERS_AMOUNT' })).toBe(1);
    expect(job.statements).toBeGreaterThan(5); // counted (reads and writes), and bounded:
    expect(job.statements).toBeLessThan(40);

    // Payment does not stop while civil affairs re-decides: March pays the new computed amount.
    expect((await allowanceAmountsForMonth(knex(), township.id, '2040-03'))[0].amount).toBe(after.proposed_amount);
    const run = ok(await funds.runMonthlyAllowance(ctxOf(dept('CIVIL_AFFAIRS')), { townshipId: township.id, month: '2040-03', allocationId: alloc }));
    expect((await lineOf(run.run)).amount).toBe(after.proposed_amount);
  });

  it('a child turning 18 on 15 July is a minor for July and not from August; the job warns and re-plans', async () => {
    at('2040-08-02');
    const supplement = Number((await knex()('policy_parameter').where({ key: 'SUPPLEMENT_MINOR' }).orderBy('effective_from', 'desc').first()).value);
    const july = (await allowanceAmountsForMonth(knex(), township.id, '2040-07'))[0].amount;
    const august = (await allowanceAmountsForMonth(knex(), township.id, '2040-08'))[0].amount;
    expect(july - august).toBe(supplement);
    expect(august).toBe(standard(WAGE_AFTER) * 2 - HEAD_WAGES);

    const job = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2040-07-01' });
    expect(job.householdsReplanned).toBe(1);
    const warnings = await knex()('warning').where({ household_id: householdId, rule_code: 'AGE_LINE_CROSSED', person_id: dbId(childGid) });
    expect(warnings.map((w) => w.detail.age)).toEqual([18]);
    expect(warnings[0].due_on).toBeDefined();
  });
});

describe('department facts and warnings (R19)', () => {
  const REPORT = `mutation($i: ReportDepartmentFactInput!) { reportDepartmentFact(input: $i) { fact { id kind occurredOn monthlyWages } userErrors { field code } } }`;
  const WARNINGS = `query($rule: String, $township: ID, $overdue: Boolean) { warnings(rule: $rule, township: $township, overdue: $overdue, first: 10) {
    totalCount nodes { id version status overdue dueOn raisedOn detail rule { code deadlineDays } household { id } person { id } } } }`;
  const HANDLE = `mutation($i: HandleWarningInput!) { handleWarning(input: $i) { warning { id status result reason handledOn } userErrors { field code } } }`;

  it('HR reports a member employed with wages: a warning with the rule\'s deadline for the township; HR learns nothing more', async () => {
    at('2040-08-03');
    const hr = await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY');
    const r = await gql(t.app, REPORT, { i: { person: headGid, kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2040-08-01', monthlyWages: 350000 } }, { token: hr });
    expect(r.data.reportDepartmentFact).toMatchObject({ userErrors: [], fact: { kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2040-08-01', monthlyWages: 350000 } });
    const mine = await gql(t.app, WARNINGS, { rule: 'EMPLOYED_WITH_WAGES', township: township.globalId }, { token: await townshipToken(township.code) });
    expect(mine.data.warnings.totalCount).toBe(1);
    expect(mine.data.warnings.nodes[0]).toMatchObject({ status: 'OPEN', overdue: false, raisedOn: '2040-08-03', dueOn: '2040-08-18', rule: { code: 'EMPLOYED_WITH_WAGES', deadlineDays: 15 }, household: { id: householdGid }, person: { id: headGid } });
    // The department never reads warnings (what the township does is not its business).
    const denied = await gql(t.app, WARNINGS, { rule: 'EMPLOYED_WITH_WAGES' }, { token: hr });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // …nor through node(id:): the same row rule (null, as for an id that names nothing).
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Warning { status } } }`;
    const warningId = mine.data.warnings.nodes[0].id;
    expect((await gql(t.app, NODE, { id: warningId }, { token: hr })).data.node).toBeNull();
    expect((await gql(t.app, NODE, { id: warningId }, { token: await townshipToken(otherTownship.code) })).data.node).toBeNull();
    expect((await gql(t.app, NODE, { id: warningId }, { token: await townshipToken(township.code) })).data.node).toEqual({ id: warningId, status: 'OPEN' });
    // The fact is the department's own to read back; another department does not see it.
    const factId = r.data.reportDepartmentFact.fact.id;
    expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: factId }, { token: hr })).data.node).toEqual({ id: factId });
    expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: factId }, { token: await departmentToken('EDUCATION') })).data.node).toBeNull();
    // Another township sees none of them; civil affairs sees them all.
    const other = await gql(t.app, WARNINGS, { township: township.globalId }, { token: await townshipToken(otherTownship.code) });
    expect(other.data.warnings.totalCount).toBe(0);
    const civil = await gql(t.app, WARNINGS, { rule: 'EMPLOYED_WITH_WAGES', township: township.globalId }, { token: await departmentToken('CIVIL_AFFAIRS') });
    expect(civil.data.warnings.totalCount).toBe(1);
  });

  it('refuses a fact about a person the department cannot see, of another department, or with bad values — writing nothing', async () => {
    const facts = await count('department_fact');
    const warnings = await count('warning');
    // Medical insurance sees ill members only; the head is not ill.
    const mi = await gql(t.app, REPORT, { i: { person: headGid, kind: 'HOSPITALISATION', occurredOn: '2040-08-01', outOfPocket: 2_000_000 } }, { token: await departmentToken('MEDICAL_INSURANCE') });
    expect(mi.data.reportDepartmentFact.userErrors).toEqual([{ field: ['input', 'person'], code: 'NOT_FOUND' }]);
    const hr = await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY');
    const notHers = await gql(t.app, REPORT, { i: { person: headGid, kind: 'DIED', occurredOn: '2040-08-01' } }, { token: hr });
    expect(notHers.data.reportDepartmentFact.userErrors[0].code).toBe('NOT_YOUR_MEASURE');
    const future = await gql(t.app, REPORT, { i: { person: headGid, kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2040-09-01', monthlyWages: 1 } }, { token: hr });
    expect(future.data.reportDepartmentFact.userErrors[0].code).toBe('DATE_IN_FUTURE');
    const noWages = await gql(t.app, REPORT, { i: { person: headGid, kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2040-08-01' } }, { token: hr });
    expect(noWages.data.reportDepartmentFact.userErrors[0]).toEqual({ field: ['input', 'monthlyWages'], code: 'REQUIRED' });
    const impossible = await gql(t.app, REPORT, { i: { person: headGid, kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2040-02-30', monthlyWages: 1 } }, { token: hr });
    expect(impossible.status).toBeLessThan(500);
    expect(impossible.errors?.[0]?.extensions?.code ?? impossible.data?.reportDepartmentFact?.userErrors?.[0]?.code).toMatch(/BAD_USER_INPUT|INVALID_FORMAT/);
    const township1 = await gql(t.app, REPORT, { i: { person: headGid, kind: 'DIED', occurredOn: '2040-08-01' } }, { token: await townshipToken(township.code) });
    expect(township1.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect([await count('department_fact'), await count('warning')]).toEqual([facts, warnings]);
  });

  it('the township handles its own warning with a recorded result; NO_ACTION needs a reason; another township cannot', async () => {
    const token = await townshipToken(township.code);
    const list = await gql(t.app, WARNINGS, { rule: 'EMPLOYED_WITH_WAGES', township: township.globalId }, { token });
    const w = list.data.warnings.nodes[0];
    const noReason = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version, result: 'NO_ACTION' } }, { token });
    expect(noReason.data.handleWarning.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    const stranger = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version, result: 'NO_ACTION', reason: '已核实' } }, { token: await townshipToken(otherTownship.code) });
    expect(stranger.data.handleWarning.userErrors[0].code).toBe('NOT_FOUND');
    const civil = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version, result: 'NO_ACTION', reason: '已核实' } }, { token: await departmentToken('CIVIL_AFFAIRS') });
    expect(civil.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // "Re-check started" only once a re-check is on record (lifecycle's recordRecheck).
    const noRecheck = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version, result: 'RECHECK_STARTED' } }, { token });
    expect(noRecheck.data.handleWarning.userErrors).toEqual([{ field: ['input', 'result'], code: 'RECHECK_NOT_RECORDED' }]);
    const done = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version, result: 'PROFILE_UPDATED', reason: '已登记新的工资收入' } }, { token });
    expect(done.data.handleWarning).toMatchObject({ userErrors: [], warning: { status: 'HANDLED', result: 'PROFILE_UPDATED', reason: '已登记新的工资收入', handledOn: '2040-08-03' } });
    const twice = await gql(t.app, HANDLE, { i: { warning: w.id, version: w.version + 1, result: 'NO_ACTION', reason: 'x' } }, { token });
    expect(twice.data.handleWarning.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });

  it('the daily job raises income above the line once, and overdue warnings are listed as overdue', async () => {
    at('2040-08-04');
    // The township records the new wages: per-capita income now above the standard.
    await knex()('person').update({ income_wages: 350000 }).where({ id: dbId(headGid) });
    await knex()('household').update({ monthly_income_total: 350000 }).where({ id: householdId });
    const first = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2040-08-03' });
    expect(first.warningsRaised.INCOME_ABOVE_LINE).toBe(1);
    const second = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2040-08-03' });
    expect(second.warningsRaised.INCOME_ABOVE_LINE).toBe(0);
    at('2040-09-30');
    const token = await townshipToken(township.code);
    const overdue = await gql(t.app, WARNINGS, { township: township.globalId, overdue: true }, { token });
    expect(overdue.data.warnings.nodes.map((n: { rule: { code: string } }) => n.rule.code)).toEqual(expect.arrayContaining(['INCOME_ABOVE_LINE', 'AGE_LINE_CROSSED']));
    expect(overdue.data.warnings.nodes.every((n: { overdue: boolean }) => n.overdue)).toBe(true);
  });
});

describe('warnings on the events that trigger them', () => {
  const UPDATE_MEMBER = `mutation($input: UpdateHouseholdMemberInput!) { updateHouseholdMember(input: $input) { member { id version } userErrors { field code } } }`;

  it('a member\'s income recorded above the line raises INCOME_ABOVE_LINE when the profile-change event is delivered', async () => {
    at('2040-10-02');
    const token = await townshipToken(township.code);
    const h = await registerHousehold(t.app, token, householdInput(township, [member({ name: '事件户', monthlyIncome: { wages: 1000 } })]));
    await confirm(t.orm, h.id);
    registerConsumers();
    while ((await domainEvents.deliverPending(t.orm, 1000)) > 0) { /* catch up with the events of the whole test database */ }
    expect(await count('warning', { household_id: dbId(h.id), rule_code: 'INCOME_ABOVE_LINE' })).toBe(0);
    const m = h.members[0];
    const r = await gql(t.app, UPDATE_MEMBER, { input: { person: m.id, version: m.version, monthlyIncome: { wages: 500000 } } }, { token });
    expect(r.data.updateHouseholdMember.userErrors).toEqual([]);
    while ((await domainEvents.deliverPending(t.orm, 1000)) > 0) { /* deliver the change */ }
    const [w] = await knex()('warning').where({ household_id: dbId(h.id), rule_code: 'INCOME_ABOVE_LINE' });
    expect(w).toMatchObject({ status: 'OPEN', township_id: township.id, raised_on: expect.anything() });
    expect(w.detail).toMatchObject({ monthlyIncomeTotal: 500000, members: 1 });
  }, 120_000);
});

describe('temporary relief (R17)', () => {
  const APPLY = `mutation($i: ApplyTemporaryReliefInput!) { applyTemporaryRelief(input: $i) { relief { id version status requestedAmount eventKind } userErrors { field code } } }`;
  const DECIDE = `mutation($i: DecideTemporaryReliefInput!) { decideTemporaryRelief(input: $i) { relief { id status grantedAmount household { id } } userErrors { field code } } }`;

  it('for a household not on the list: applied by the township, capped, granted and paid from the allocation, raising CONSIDER_IDENTIFICATION', async () => {
    at('2040-10-08');
    const token = await townshipToken(township.code);
    const h = await registerHousehold(t.app, token, householdInput(township, [member({ name: '临时救助户' })]));
    const cap = 300000; // TEMPORARY_RELIEF_MAX seeded by the monitoring migration
    const over = await gql(t.app, APPLY, { i: { household: h.id, eventKind: 'ACCIDENT', eventOn: '2040-10-06', amount: cap + 1, reason: '交通意外' } }, { token });
    expect(over.data.applyTemporaryRelief.userErrors).toEqual([{ field: ['input', 'amount'], code: 'RELIEF_ABOVE_CAP' }]);
    const disaster = await gql(t.app, APPLY, { i: { household: h.id, eventKind: 'DISASTER', eventOn: '2040-10-06', amount: cap + 1, reason: '洪灾' } }, { token });
    expect(disaster.data.applyTemporaryRelief.userErrors).toEqual([]);
    const foreign = await gql(t.app, APPLY, { i: { household: h.id, eventKind: 'ACCIDENT', eventOn: '2040-10-06', amount: 1000, reason: 'x' } }, { token: await townshipToken(otherTownship.code) });
    expect(foreign.data.applyTemporaryRelief.userErrors[0].code).toBe('NOT_FOUND');
    const applied = await gql(t.app, APPLY, { i: { household: h.id, eventKind: 'SERIOUS_ILLNESS', eventOn: '2040-10-06', amount: 200000, reason: '重病住院' } }, { token });
    const relief = applied.data.applyTemporaryRelief.relief;
    expect(relief).toMatchObject({ status: 'APPLIED', requestedAmount: 200000 });

    const civil = await departmentToken('CIVIL_AFFAIRS');
    expect((await gql(t.app, DECIDE, { i: { relief: relief.id, version: relief.version, decision: 'GRANT' } }, { token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An allocation too small: nothing is written, the case stays applied.
    const small = await allocation(100);
    const overdraw = await gql(t.app, DECIDE, { i: { relief: relief.id, version: relief.version, decision: 'GRANT', allocation: toGlobalId('FundAllocation', small) } }, { token: civil });
    expect(overdraw.data.decideTemporaryRelief.userErrors[0].code).toBe('FUND_OVERDRAWN');
    expect(await count('delivery', { note: `临时救助 ${dbId(relief.id)}` })).toBe(0);
    const above = await gql(t.app, DECIDE, { i: { relief: relief.id, version: relief.version, decision: 'GRANT', amount: cap + 1, allocation: toGlobalId('FundAllocation', small) } }, { token: civil });
    expect(above.data.decideTemporaryRelief.userErrors[0].code).toBe('RELIEF_ABOVE_CAP');

    const alloc = await allocation(1_000_000);
    const granted = await gql(t.app, DECIDE, { i: { relief: relief.id, version: relief.version, decision: 'GRANT', amount: 150000, allocation: toGlobalId('FundAllocation', alloc) } }, { token: civil });
    expect(granted.data.decideTemporaryRelief).toMatchObject({ userErrors: [], relief: { status: 'GRANTED', grantedAmount: 150000, household: { id: h.id } } });
    expect(Number((await knex()('fund_allocation').where({ id: alloc }).first()).disbursed)).toBe(150000);
    const w = await knex()('warning').where({ household_id: dbId(h.id), rule_code: 'CONSIDER_IDENTIFICATION' });
    expect(w).toHaveLength(1);
    expect(w[0].township_id).toBe(township.id);
    const again = await gql(t.app, DECIDE, { i: { relief: relief.id, version: relief.version + 1, decision: 'GRANT', allocation: toGlobalId('FundAllocation', alloc) } }, { token: civil });
    expect(again.data.decideTemporaryRelief.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });
});
