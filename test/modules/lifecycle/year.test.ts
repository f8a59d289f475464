/**
 * Issue 11 "Done when" (R19 dynamic management, with monitoring's amounts, warnings and relief):
 * one household through a simulated year 2041 with the test clock, through the real HTTP API —
 * confirmed, its allowance accepted and paid; a child turns 18 and the amount drops by the minor
 * supplement; the minimum wage rises and the next run pays the new amount; re-checked at six
 * months and a category changes; income rises, HR's fact raises a warning, the re-check proposes
 * exit, civil affairs decides, payments stop after the gradual-exit months; illness strikes,
 * temporary relief is paid, the household re-enters through a new case and keeps its card;
 * `asOf` at every step answers what was true then, and the flow report reconciles month by month.
 */
import { domainEvents } from '../../../src/events/domain-events';
import { registerConsumers } from '../../../src/events/subscribers';
import { allowanceAmountsForMonth } from '../../../src/modules/funds/funds.allowance';
import { runDailyMonitoring } from '../../../src/modules/monitoring/monitoring.job';
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
const clock = new TestClock();
const at = (day: string) => clock.setInstant(`${day}T02:00:00Z`); // 10:00 in the county
let township: TestTownship;
let tw: string;
let civil: string;
let finance: string;
let hr: string;

beforeAll(async () => {
  at('2041-01-03');
  t = await startApp({}, { clock, ownDatabase: true }); // years ahead: its decisions and policy changes would meet other files' (test/support/own-database.ts)
  township = await newTownship(t.orm);
  tw = await townshipToken(township.code);
  civil = await departmentToken('CIVIL_AFFAIRS');
  finance = await departmentToken('FINANCE');
  hr = await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY');
  registerConsumers();
});
afterAll(() => t.close());

const today = () => countyToday(clock);
const knex = () => t.orm.em.getKnex();
const deliverEvents = async () => { while ((await domainEvents.deliverPending(t.orm, 1000)) > 0) { /* the planner and the warnings follow the events */ } };

async function call(query: string, variables: Record<string, unknown>, token: string) {
  const r = await gql(t.app, query, variables, { token });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}
const mutate = async (name: string, query: string, variables: Record<string, unknown>, token: string) => {
  const payload = (await call(query, variables, token))[name];
  expect(payload.userErrors).toEqual([]);
  return payload;
};

const AS_OF = `query($id: ID!, $day: Date!) { node(id: $id) { ... on Household {
  asOf(day: $day) { day filed onList status categories causes memberCount monthlyIncomeTotal headName
    episode { kind startedOn } members { id name monthlyIncome { wages total } illness } } } } }`;
const asOf = async (id: string, day: string) => (await call(AS_OF, { id, day }, civil)).node.asOf;

const HOUSEHOLD = `query($id: ID!) { node(id: $id) { ... on Household { id status categories causes assistanceCardNumber version
  episodes { id kind startedOn categories exitReasons paymentsStopFrom gradualExitMonths decisionReference previousEpisode { id kind } recheck { id outcome } }
  rechecks { id state proposal outcome checkedOn }
  members { id name version relationToHead } } } }`;
const household = async (id: string) => (await call(HOUSEHOLD, { id }, civil)).node;
const memberOf = (h: { members: Array<{ id: string; version: number; name: string }> }, name: string) => h.members.find((m) => m.name === name)!;

const RECORD = `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) {
  recheck { id version state proposal proposedCategories eligibility { qualifies categories perCapitaMonthlyIncome trace { rule outcome } } }
  userErrors { code field } } }`;
const DECIDE = `mutation($i: DecideRecheckInput!) { decideRecheck(input: $i) {
  recheck { id state outcome paymentsStopMonth } episode { id kind startedOn paymentsStopFrom gradualExitMonths exitReasons }
  household { id status categories } userErrors { code field } } }`;
const UPDATE_MEMBER = `mutation($i: UpdateHouseholdMemberInput!) { updateHouseholdMember(input: $i) { member { id version } userErrors { code field } } }`;
const QUEUE = `query($t: ID!) { recheckQueue(township: $t, first: 50) { totalCount nodes { dueOn status cadenceMonths lastCheckedOn household { id } } } }`;
const FLOW = `query($y: Int!, $t: ID!) { householdFlowReport(year: $y, township: $t) { year months {
  month openingOnList entries reentries exits exitsByReason { reason exits } onList turnoverRate reconciles township { id } } } }`;
const SET_PARAMETER = `mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { userErrors { code } } }`;
const RUN = `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { run { id } userErrors { code } } }`;
const WARNINGS = `query($t: ID!) { warnings(township: $t, first: 50) { nodes { id version status rule { code } household { id } } } }`;

async function payable(householdKey: string, month: string): Promise<boolean> {
  const { rows } = await knex().raw('select lifecycle_payable_in(?::bigint, ?::date) as ok', [householdKey, `${month}-01`]);
  return rows[0].ok;
}
const amountFor = async (householdKey: string, month: string) =>
  (await allowanceAmountsForMonth(knex(), township.id, month)).find((l) => String(l.household_id) === householdKey)?.amount ?? null;
async function runAllowance(month: string, allocation: string, householdKey: string): Promise<number | null> {
  const r = await call(RUN, { i: { township: township.globalId, month, allocation } }, civil);
  if (r.runMonthlyAllowance.userErrors.length) return r.runMonthlyAllowance.userErrors[0].code === 'NOTHING_TO_PAY' ? null : Promise.reject(new Error(JSON.stringify(r.runMonthlyAllowance.userErrors)));
  const line = await knex()('allowance_run_line').where({ run_id: dbId(r.runMonthlyAllowance.run.id), household_id: householdKey }).first();
  return line ? Number(line.amount) : null;
}
const policyValue = async (key: string, day: string) =>
  Number((await knex()('policy_parameter').where('key', key).where('effective_from', '<=', day).orderBy('effective_from', 'desc').first()).value);

it('R19 through 2041: confirmed and paid, a child turns 18, the minimum wage rises, categories change, exit after a warning, paid through the gradual-exit months, relief, re-entry with its card; asOf and the flow report at every step', async () => {
  const h = await registerHousehold(t.app, tw, householdInput(township, [
    member({ name: '林一', idNumber: idNumber('1985-03-02'), monthlyIncome: { wages: 50000 } }),
    member({ name: '陈二', idNumber: idNumber('1987-06-09', 'FEMALE'), relationToHead: 'SPOUSE', monthlyIncome: {} }),
    member({ name: '林三', idNumber: idNumber('2023-04-20'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', monthlyIncome: {} }),
  ]));
  const key = dbId(h.id);
  const filedOn = today();
  clock.advanceDays(1);

  // ---- confirmed (R8–R10); the planner proposes the allowance, civil affairs accepts it ----
  await confirmThroughWorkflow(t.app, clock, tw, civil, h.id);
  const confirmedOn = today();
  let now = await household(h.id);
  expect(now.status).toBe('IN_HARDSHIP');
  expect(now.episodes.map((e: { kind: string }) => e.kind)).toEqual(['CONFIRMED']);
  expect(now.episodes[0]).toMatchObject({ startedOn: confirmedOn, categories: ['MINIMUM_LIVING_ALLOWANCE'], previousEpisode: null });
  expect(now.episodes[0].decisionReference).toMatch(/.+/);
  const card = now.assistanceCardNumber;
  expect(card).toMatch(/^MX/);
  expect(await asOf(h.id, filedOn)).toMatchObject({ filed: true, onList: false, status: 'REGISTERED', categories: [], memberCount: 3, episode: null });
  expect(await asOf(h.id, confirmedOn)).toMatchObject({ onList: true, status: 'IN_HARDSHIP', categories: ['MINIMUM_LIVING_ALLOWANCE'], episode: { kind: 'CONFIRMED' } });

  await deliverEvents();
  const items = (await call(`query($h: ID!) { planItems(filter: { household: $h, item: MINIMUM_LIVING_ALLOWANCE }, first: 5) { nodes { id version status proposedAmount } } }`, { h: h.id }, civil)).planItems.nodes;
  expect(items).toHaveLength(1);
  await mutate('decidePlanItem', `mutation($i: DecidePlanItemInput!) { decidePlanItem(input: $i) { planItem { status } userErrors { code } } }`,
    { i: { planItem: items[0].id, version: items[0].version, decision: 'ACCEPT' } }, civil);
  const source = (await mutate('createFundSource', `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`,
    { i: { code: `YEAR-${Date.now().toString(36)}`.toUpperCase(), name: '年度低保资金', kind: 'COUNTY_FINANCE' } }, finance)).fundSource;
  const allocation = (await mutate('allocateFund', `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
    { i: { source: source.id, measure: 'SAFETY_NET', year: 2041, amount: 100_000_000 } }, finance)).allocation.id;

  const wage0 = await policyValue('MINIMUM_WAGE_MONTHLY', '2041-01-01');
  const ratio = await policyValue('ALLOWANCE_STANDARD_RATIO', '2041-01-01');
  const minor = await policyValue('SUPPLEMENT_MINOR', '2041-01-01');
  const standard = (wage: number) => Math.round(wage * ratio);
  const january = await runAllowance('2041-01', allocation, key);
  expect(january).toBe(standard(wage0) * 3 - 50000 + minor);

  // ---- the child turns 18 on 20 April: a minor for April, not from May; the daily job re-plans ----
  at('2041-05-02');
  expect(await amountFor(key, '2041-04')).toBe(january);
  const job = await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2041-04-01' });
  expect(job.householdsReplanned).toBeGreaterThanOrEqual(1);
  const may = await runAllowance('2041-05', allocation, key);
  expect(may).toBe(standard(wage0) * 3 - 50000);

  // ---- the minimum wage rises from June: the next run pays the new amount ----
  const wage1 = wage0 + 50000;
  expect((await call(SET_PARAMETER, { i: { key: 'MINIMUM_WAGE_MONTHLY', value: wage1, effectiveFrom: '2041-06-01', reason: '省政府调整最低工资标准' } }, civil)).setPolicyParameter.userErrors).toEqual([]);
  at('2041-06-02');
  await runDailyMonitoring(t.orm.em, clock, { townshipId: township.id, since: '2041-05-02' });
  const june = await runAllowance('2041-06', allocation, key);
  expect(june).toBe(standard(wage1) * 3 - 50000);
  expect(june! - may!).toBe((standard(wage1) - standard(wage0)) * 3);

  // ---- six months: due in the township's queue (a working-age member with wages: every six months) ----
  at(addCalendarDays(confirmedOn, 175));
  let queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  expect(queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id)).toMatchObject({ cadenceMonths: 6, status: 'DUE', lastCheckedOn: null });
  at(addCalendarDays(confirmedOn, 186));
  queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  expect(queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id).status).toBe('OVERDUE');

  // The spouse is now seriously ill: the township updates the record, then re-checks.
  now = await household(h.id);
  await mutate('updateHouseholdMember', UPDATE_MEMBER, { i: { person: memberOf(now, '陈二').id, version: memberOf(now, '陈二').version, illness: 'SERIOUS' } }, tw);
  const beforeChange = today();
  clock.advanceDays(1);
  const rec = await mutate('recordRecheck', RECORD, { i: {
    household: h.id, checkedOn: today(), methods: ['HOME_VISIT', 'ECONOMIC_CROSS_CHECK'], findings: '配偶患重病，医疗支出大',
    proposal: 'CHANGE_CATEGORIES', categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'], causes: ['ILLNESS'], primaryCause: 'ILLNESS', opinion: '建议增加支出型类别',
  } }, tw);
  expect(rec.recheck.eligibility.qualifies).toBe(true);
  expect(rec.recheck.eligibility.categories).toEqual(['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME']);
  expect(rec.recheck.eligibility.trace.map((s: { rule: string }) => s.rule)).toContain('R6');
  clock.advanceDays(2);
  const changedOn = today();
  const dec = await mutate('decideRecheck', DECIDE, { i: { recheck: rec.recheck.id, version: rec.recheck.version, outcome: 'CHANGE_CATEGORIES', reason: '同意调整' } }, civil);
  expect(dec.episode).toMatchObject({ kind: 'CHANGED', startedOn: changedOn });
  expect(dec.household).toMatchObject({ status: 'IN_HARDSHIP', categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'] });
  expect(await asOf(h.id, beforeChange)).toMatchObject({ categories: ['MINIMUM_LIVING_ALLOWANCE'], episode: { kind: 'CONFIRMED' } });
  expect((await asOf(h.id, filedOn)).members.find((m: { name: string }) => m.name === '陈二').illness).toBe('NONE');
  expect((await asOf(h.id, changedOn)).members.find((m: { name: string }) => m.name === '陈二').illness).toBe('SERIOUS');
  expect(await asOf(h.id, changedOn)).toMatchObject({ categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'], episode: { kind: 'CHANGED' } });
  queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  expect(queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id)).toBeUndefined();

  // ---- the county sets a gradual exit of two months from August ----
  expect((await call(SET_PARAMETER, { i: { key: 'GRADUAL_EXIT_MONTHS', value: 2, effectiveFrom: '2041-08-01', reason: '县政府决定：退出设两个月渐退期' } }, civil)).setPolicyParameter.userErrors).toEqual([]);

  // September is paid while on the list (the seriously ill spouse's supplement included).
  at('2041-09-02');
  const september = await runAllowance('2041-09', allocation, key);
  expect(september).toBe(standard(wage1) * 3 - 50000 + await policyValue('SUPPLEMENT_SERIOUSLY_ILL', '2041-09-01'));

  // ---- income rises: HR reports the head employed with wages, a warning goes to the township ----
  at('2041-09-03');
  now = await household(h.id);
  const head = memberOf(now, '林一');
  await mutate('reportDepartmentFact', `mutation($i: ReportDepartmentFactInput!) { reportDepartmentFact(input: $i) { fact { id } userErrors { code } } }`,
    { i: { person: head.id, kind: 'EMPLOYED_WITH_WAGES', occurredOn: '2041-09-01', monthlyWages: 450000 } }, hr);
  const warning = (await call(WARNINGS, { t: township.globalId }, tw)).warnings.nodes.find((w: any) => w.household.id === h.id && w.rule.code === 'EMPLOYED_WITH_WAGES');
  expect(warning).toMatchObject({ status: 'OPEN' });
  await mutate('updateHouseholdMember', UPDATE_MEMBER, { i: { person: head.id, version: head.version, employmentStatus: 'EMPLOYED', monthlyIncome: { wages: 450000 } } }, tw);
  const incomeRoseOn = today();
  clock.advanceDays(3);
  const exitCheck = await mutate('recordRecheck', RECORD, { i: {
    household: h.id, checkedOn: today(), methods: ['HOME_VISIT', 'EVIDENCE_LETTERS'], findings: '户主稳定就业，月工资4500元',
    proposal: 'EXIT', exitReasons: ['INCOME_ABOVE_LINE'], opinion: '建议退出',
  } }, tw);
  expect(exitCheck.recheck.eligibility.qualifies).toBe(false);
  await mutate('handleWarning', `mutation($i: HandleWarningInput!) { handleWarning(input: $i) { warning { status result } userErrors { code } } }`,
    { i: { warning: warning.id, version: warning.version, result: 'RECHECK_STARTED', reason: '已入户核查，建议退出' } }, tw);
  const refused = (await call(DECIDE, { i: { recheck: exitCheck.recheck.id, version: exitCheck.recheck.version, outcome: 'CONTINUE', reason: '继续' } }, civil)).decideRecheck;
  expect(refused.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_ELIGIBLE']);
  clock.advanceDays(1);
  const exitedOn = today();
  const exit = await mutate('decideRecheck', DECIDE, { i: { recheck: exitCheck.recheck.id, version: exitCheck.recheck.version, outcome: 'EXIT', reason: '收入超过标准，同意退出' } }, civil);
  expect(exit.recheck.paymentsStopMonth).toBe('2041-10');
  expect(exit.episode).toMatchObject({ kind: 'EXITED', startedOn: exitedOn, exitReasons: ['INCOME_ABOVE_LINE'], gradualExitMonths: 2, paymentsStopFrom: '2041-12' });
  expect(exit.household.status).toBe('EXITED');
  // Payable: the decision's month and the two gradual-exit months; none after (the allowance run reads this rule).
  expect([await payable(key, '2041-09'), await payable(key, '2041-10'), await payable(key, '2041-11'), await payable(key, '2041-12'), await payable(key, '2042-01')])
    .toEqual([true, true, true, false, false]);
  // The planner keeps the allowance item through the gradual exit; the runs pay the amount last paid
  // on the list (the income now above the line computes nothing), then stop.
  await deliverEvents();
  at('2041-10-02');
  expect(await runAllowance('2041-10', allocation, key)).toBe(september);
  at('2041-11-02');
  expect(await runAllowance('2041-11', allocation, key)).toBe(september);
  at('2041-12-02');
  await deliverEvents();
  expect(await amountFor(key, '2041-12')).toBeNull();
  expect(await runAllowance('2041-12', allocation, key)).toBeNull();

  // An exited household is read-only, and no re-check applies to it.
  now = await household(h.id);
  const readOnly = (await call(UPDATE_MEMBER, { i: { person: memberOf(now, '林一').id, version: memberOf(now, '林一').version, monthlyIncome: { wages: 1000 } } }, tw)).updateHouseholdMember;
  expect(readOnly.userErrors.map((e: { code: string }) => e.code)).toEqual(['HOUSEHOLD_EXITED']);
  const notOnList = (await call(RECORD, { i: { household: h.id, checkedOn: today(), methods: ['HOME_VISIT'], findings: '复查', proposal: 'CONTINUE', opinion: '继续' } }, tw)).recordRecheck;
  expect(notOnList.userErrors.map((e: { code: string }) => e.code)).toEqual(['HOUSEHOLD_NOT_ON_LIST']);
  expect(await asOf(h.id, incomeRoseOn)).toMatchObject({ onList: true, status: 'IN_HARDSHIP', monthlyIncomeTotal: 450000 });
  expect(await asOf(h.id, changedOn)).toMatchObject({ monthlyIncomeTotal: 50000 });
  expect(await asOf(h.id, exitedOn)).toMatchObject({ onList: false, status: 'EXITED', categories: [], episode: { kind: 'EXITED' } });

  // ---- illness strikes and the job is lost: temporary relief at once, then re-entry, same card ----
  at('2042-01-10');
  const relief = (await mutate('applyTemporaryRelief', `mutation($i: ApplyTemporaryReliefInput!) { applyTemporaryRelief(input: $i) { relief { id version } userErrors { code } } }`,
    { i: { household: h.id, eventKind: 'SERIOUS_ILLNESS', eventOn: '2042-01-08', amount: 200000, reason: '户主重病住院，失去工作' } }, tw)).relief;
  const reliefSource = (await mutate('createFundSource', `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`,
    { i: { code: `RELIEF-${Date.now().toString(36)}`.toUpperCase(), name: '临时救助资金', kind: 'COUNTY_FINANCE' } }, finance)).fundSource;
  const reliefAllocation = (await mutate('allocateFund', `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
    { i: { source: reliefSource.id, measure: 'SAFETY_NET', year: 2042, amount: 10_000_000 } }, finance)).allocation.id;
  const granted = await mutate('decideTemporaryRelief', `mutation($i: DecideTemporaryReliefInput!) { decideTemporaryRelief(input: $i) { relief { status grantedAmount } userErrors { code } } }`,
    { i: { relief: relief.id, version: relief.version, decision: 'GRANT', amount: 200000, allocation: reliefAllocation, reason: '同意临时救助' } }, civil);
  expect(granted.relief).toMatchObject({ status: 'GRANTED', grantedAmount: 200000 });
  expect((await call(WARNINGS, { t: township.globalId }, tw)).warnings.nodes.some((w: any) => w.household.id === h.id && w.rule.code === 'CONSIDER_IDENTIFICATION')).toBe(true);

  await confirmThroughWorkflow(t.app, clock, tw, civil, h.id, ['ILLNESS'], {
    afterSubmit: async () => {
      const cur = await household(h.id);
      const hd = memberOf(cur, '林一');
      // Writable again while the re-entry case is open.
      await mutate('updateHouseholdMember', UPDATE_MEMBER, { i: { person: hd.id, version: hd.version, employmentStatus: 'UNEMPLOYED', illness: 'SERIOUS', monthlyIncome: { wages: 0 } } }, tw);
    },
  });
  const reenteredOn = today();
  now = await household(h.id);
  expect(now.status).toBe('IN_HARDSHIP');
  expect(now.assistanceCardNumber).toBe(card);
  expect(now.episodes.map((e: { kind: string }) => e.kind)).toEqual(['CONFIRMED', 'CHANGED', 'EXITED', 'REENTERED']);
  expect(now.episodes.map((e: { previousEpisode: { kind: string } | null }) => e.previousEpisode?.kind ?? null)).toEqual([null, 'CONFIRMED', 'CHANGED', 'EXITED']);
  expect(now.episodes[1].recheck.outcome).toBe('CHANGE_CATEGORIES');
  expect(now.episodes[2].recheck.outcome).toBe('EXIT');
  expect(now.rechecks.map((r: { outcome: string }) => r.outcome)).toEqual(['CHANGE_CATEGORIES', 'EXIT']);
  expect(await asOf(h.id, reenteredOn)).toMatchObject({ onList: true, status: 'IN_HARDSHIP', episode: { kind: 'REENTERED' }, monthlyIncomeTotal: 0 });
  expect(await asOf(h.id, addCalendarDays(reenteredOn, -1))).toMatchObject({ onList: false, status: 'EXITED' });
  expect(await payable(key, reenteredOn.slice(0, 7))).toBe(true);

  // ---- the flow report of 2041 and 2042 reconciles month by month ----
  const totals = { entries: 0, exits: 0, reentries: 0 };
  let carried: number | null = null;
  for (const y of [2041, 2042]) {
    const report = (await call(FLOW, { y, t: township.globalId }, civil)).householdFlowReport;
    expect(report.months).toHaveLength(12);
    for (const m of report.months) {
      expect(m.township.id).toBe(township.globalId);
      expect(m.reconciles).toBe(true);
      expect(m.openingOnList + m.entries + m.reentries - m.exits).toBe(m.onList);
      if (carried !== null) expect(m.openingOnList).toBe(carried);
      carried = m.onList;
      totals.entries += m.entries;
      totals.exits += m.exits;
      totals.reentries += m.reentries;
      if (m.month === '2041-09') expect(m.exitsByReason).toEqual([{ reason: 'INCOME_ABOVE_LINE', exits: 1 }]);
      if (m.month === confirmedOn.slice(0, 7)) expect(m.entries).toBe(1);
      if (m.month === '2041-10') expect(m.onList).toBe(0);
    }
  }
  expect(totals).toEqual({ entries: 1, exits: 1, reentries: 1 });
  expect(carried).toBe(1);
}, 120_000);
