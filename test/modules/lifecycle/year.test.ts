/**
 * Issue 11 "Done when" (R19 dynamic management): one household through a simulated year with the
 * test clock, through the real HTTP API — confirmed; re-checked at six months and a category
 * changes; income rises, the re-check proposes exit, civil affairs decides, payments stop after the
 * gradual-exit months; the household re-enters through a new case and keeps its card; `asOf` at
 * every step answers what was true then, and the flow report reconciles month by month.
 */
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
const clock = new TestClock();
let township: TestTownship;
let tw: string;
let civil: string;

beforeAll(async () => {
  t = await startApp({}, { clock });
  township = await newTownship(t.orm);
  tw = await townshipToken(township.code);
  civil = await departmentToken('CIVIL_AFFAIRS');
});
afterAll(() => t.close());

const today = () => countyToday(clock);

async function call(query: string, variables: Record<string, unknown>, token: string) {
  const r = await gql(t.app, query, variables, { token });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const AS_OF = `query($id: ID!, $day: Date!) { node(id: $id) { ... on Household {
  asOf(day: $day) { day filed onList status categories causes memberCount monthlyIncomeTotal headName
    episode { kind startedOn } members { id name monthlyIncome { wages total } illness } } } } }`;
const asOf = async (id: string, day: string) => (await call(AS_OF, { id, day }, civil)).node.asOf;

const HOUSEHOLD = `query($id: ID!) { node(id: $id) { ... on Household { id status categories causes assistanceCardNumber version
  episodes { id kind startedOn categories exitReasons paymentsStopFrom gradualExitMonths decisionReference previousEpisode { id kind } recheck { id outcome } }
  rechecks { id state proposal outcome checkedOn }
  members { id name version relationToHead } } } }`;
const household = async (id: string) => (await call(HOUSEHOLD, { id }, civil)).node;

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

async function payable(householdKey: string, month: string): Promise<boolean> {
  const { rows } = await t.orm.em.getKnex().raw('select lifecycle_payable_in(?::bigint, ?::date) as ok', [householdKey, `${month}-01`]);
  return rows[0].ok;
}

function monthPlus(month: string, n: number): string {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

it('R19: confirmed, re-checked, categories changed, exited after the gradual-exit months, re-entered with its card; asOf and the flow report at every step', async () => {
  const h = await registerHousehold(t.app, tw, householdInput(township, [
    member({ name: '林一', idNumber: idNumber('1985-03-02'), monthlyIncome: { wages: 50000 } }),
    member({ name: '陈二', idNumber: idNumber('1987-06-09', 'FEMALE'), relationToHead: 'SPOUSE', monthlyIncome: {} }),
    member({ name: '林三', idNumber: idNumber('2014-01-20'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', monthlyIncome: {} }),
  ]));
  const key = dbId(h.id);
  const filedOn = today();
  clock.advanceDays(1);

  // ---- confirmed (R8–R10) ----
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
  expect(await payable(key, confirmedOn.slice(0, 7))).toBe(true);

  // ---- six months: due in the township's queue (working-age member with wages: every six months) ----
  clock.advanceDays(175);
  let queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  const entry = queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id);
  expect(entry).toMatchObject({ cadenceMonths: 6, status: 'DUE', lastCheckedOn: null });
  clock.advanceDays(10);
  queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  expect(queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id).status).toBe('OVERDUE');

  // The spouse is now seriously ill: the township updates the record, then re-checks.
  const spouse = now.members.find((m: { relationToHead: string }) => m.relationToHead === 'SPOUSE');
  const u = await call(UPDATE_MEMBER, { i: { person: spouse.id, version: spouse.version, illness: 'SERIOUS' } }, tw);
  expect(u.updateHouseholdMember.userErrors).toEqual([]);
  const beforeChange = today();
  clock.advanceDays(1);
  const firstCheck = today();
  const rec = (await call(RECORD, { i: {
    household: h.id, checkedOn: firstCheck, methods: ['HOME_VISIT', 'ECONOMIC_CROSS_CHECK'], findings: '配偶患重病，医疗支出大',
    proposal: 'CHANGE_CATEGORIES', categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'], causes: ['ILLNESS'], primaryCause: 'ILLNESS', opinion: '建议增加支出型类别',
  } }, tw)).recordRecheck;
  expect(rec.userErrors).toEqual([]);
  expect(rec.recheck.eligibility.qualifies).toBe(true);
  expect(rec.recheck.eligibility.categories).toEqual(['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME']);
  expect(rec.recheck.eligibility.trace.map((s: { rule: string }) => s.rule)).toContain('R6');
  clock.advanceDays(2);
  const changedOn = today();
  const dec = (await call(DECIDE, { i: { recheck: rec.recheck.id, version: rec.recheck.version, outcome: 'CHANGE_CATEGORIES', reason: '同意调整' } }, civil)).decideRecheck;
  expect(dec.userErrors).toEqual([]);
  expect(dec.episode).toMatchObject({ kind: 'CHANGED', startedOn: changedOn });
  expect(dec.household).toMatchObject({ status: 'IN_HARDSHIP', categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'] });
  expect(await asOf(h.id, beforeChange)).toMatchObject({ categories: ['MINIMUM_LIVING_ALLOWANCE'], episode: { kind: 'CONFIRMED' } });
  expect((await asOf(h.id, filedOn)).members.find((m: { name: string }) => m.name === '陈二').illness).toBe('NONE');
  expect((await asOf(h.id, changedOn)).members.find((m: { name: string }) => m.name === '陈二').illness).toBe('SERIOUS');
  expect(await asOf(h.id, changedOn)).toMatchObject({ categories: ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'], episode: { kind: 'CHANGED' } });
  // The re-check moved the queue: the next one is six months after it.
  queue = (await call(QUEUE, { t: township.globalId }, tw)).recheckQueue;
  expect(queue.nodes.find((n: { household: { id: string } }) => n.household.id === h.id)).toBeUndefined();

  // ---- the county sets a gradual exit of two months ----
  const gradual = await call(`mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { userErrors { code } } }`,
    { i: { key: 'GRADUAL_EXIT_MONTHS', value: 2, effectiveFrom: today(), reason: '县政府决定：退出设两个月渐退期' } }, civil);
  expect(gradual.setPolicyParameter.userErrors).toEqual([]);

  // ---- income rises far above the line; the re-check proposes exit ----
  clock.advanceDays(60);
  now = await household(h.id);
  const head = now.members.find((m: { relationToHead: string }) => m.relationToHead === 'HEAD');
  expect((await call(UPDATE_MEMBER, { i: { person: head.id, version: head.version, employmentStatus: 'EMPLOYED', monthlyIncome: { wages: 450000 } } }, tw)).updateHouseholdMember.userErrors).toEqual([]);
  const incomeRoseOn = today();
  clock.advanceDays(3);
  const exitCheck = (await call(RECORD, { i: {
    household: h.id, checkedOn: today(), methods: ['HOME_VISIT', 'EVIDENCE_LETTERS'], findings: '户主稳定就业，月工资4500元',
    proposal: 'EXIT', exitReasons: ['INCOME_ABOVE_LINE'], opinion: '建议退出',
  } }, tw)).recordRecheck;
  expect(exitCheck.userErrors).toEqual([]);
  expect(exitCheck.recheck.eligibility.qualifies).toBe(false);
  // "Continue" is not a decision the county can take on a household that no longer qualifies.
  const refused = (await call(DECIDE, { i: { recheck: exitCheck.recheck.id, version: exitCheck.recheck.version, outcome: 'CONTINUE', reason: '继续' } }, civil)).decideRecheck;
  expect(refused.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_ELIGIBLE']);
  clock.advanceDays(1);
  const exitedOn = today();
  const exit = (await call(DECIDE, { i: { recheck: exitCheck.recheck.id, version: exitCheck.recheck.version, outcome: 'EXIT', reason: '收入超过标准，同意退出' } }, civil)).decideRecheck;
  expect(exit.userErrors).toEqual([]);
  const exitMonth = exitedOn.slice(0, 7);
  expect(exit.recheck.paymentsStopMonth).toBe(monthPlus(exitMonth, 1));
  expect(exit.episode).toMatchObject({ kind: 'EXITED', startedOn: exitedOn, exitReasons: ['INCOME_ABOVE_LINE'], gradualExitMonths: 2, paymentsStopFrom: monthPlus(exitMonth, 3) });
  expect(exit.household.status).toBe('EXITED');
  // Payments: the decision's month, then the two gradual-exit months; none after.
  expect(await payable(key, exitMonth)).toBe(true);
  expect(await payable(key, monthPlus(exitMonth, 1))).toBe(true);
  expect(await payable(key, monthPlus(exitMonth, 2))).toBe(true);
  expect(await payable(key, monthPlus(exitMonth, 3))).toBe(false);
  expect(await payable(key, monthPlus(exitMonth, 4))).toBe(false);

  // An exited household is read-only, and no re-check applies to it.
  now = await household(h.id);
  const headNow = now.members.find((m: { relationToHead: string }) => m.relationToHead === 'HEAD');
  const readOnly = (await call(UPDATE_MEMBER, { i: { person: headNow.id, version: headNow.version, monthlyIncome: { wages: 1000 } } }, tw)).updateHouseholdMember;
  expect(readOnly.userErrors.map((e: { code: string }) => e.code)).toEqual(['HOUSEHOLD_EXITED']);
  const notOnList = (await call(RECORD, { i: { household: h.id, checkedOn: today(), methods: ['HOME_VISIT'], findings: '复查', proposal: 'CONTINUE', opinion: '继续' } }, tw)).recordRecheck;
  expect(notOnList.userErrors.map((e: { code: string }) => e.code)).toEqual(['HOUSEHOLD_NOT_ON_LIST']);

  expect(await asOf(h.id, incomeRoseOn)).toMatchObject({ onList: true, status: 'IN_HARDSHIP', monthlyIncomeTotal: 450000 });
  expect(await asOf(h.id, changedOn)).toMatchObject({ monthlyIncomeTotal: 50000 });
  expect(await asOf(h.id, exitedOn)).toMatchObject({ onList: false, status: 'EXITED', categories: [], episode: { kind: 'EXITED' } });

  // ---- months later the head loses the job: re-entry through a new case, same card ----
  clock.advanceDays(100);
  await confirmThroughWorkflow(t.app, clock, tw, civil, h.id, [], {
    afterSubmit: async () => {
      const cur = await household(h.id);
      const hd = cur.members.find((m: { relationToHead: string }) => m.relationToHead === 'HEAD');
      const r = (await call(UPDATE_MEMBER, { i: { person: hd.id, version: hd.version, employmentStatus: 'UNEMPLOYED', monthlyIncome: { wages: 40000 } } }, tw)).updateHouseholdMember;
      expect(r.userErrors).toEqual([]); // writable again while the re-entry case is open
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
  expect(await asOf(h.id, reenteredOn)).toMatchObject({ onList: true, status: 'IN_HARDSHIP', episode: { kind: 'REENTERED' }, monthlyIncomeTotal: 40000 });
  expect(await asOf(h.id, addCalendarDays(reenteredOn, -1))).toMatchObject({ onList: false, status: 'EXITED' });
  expect(await payable(key, reenteredOn.slice(0, 7))).toBe(true);

  // ---- the flow report of every year the story touched reconciles month by month ----
  const years = [...new Set([confirmedOn, reenteredOn].map((d) => Number(d.slice(0, 4))))];
  const totals = { entries: 0, exits: 0, reentries: 0 };
  let carried: number | null = null;
  for (let y = years[0]; y <= years[years.length - 1]; y++) {
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
      if (m.month === exitMonth) expect(m.exitsByReason).toEqual([{ reason: 'INCOME_ABOVE_LINE', exits: 1 }]);
      if (m.month === confirmedOn.slice(0, 7)) expect(m.entries).toBe(1);
    }
  }
  expect(totals).toEqual({ entries: 1, exits: 1, reentries: 1 });
  expect(carried).toBe(1);
});
