/**
 * Township scorecards (R22) over a seeded county and a simulated year, through the real /graphql:
 * every figure computed by the scorecard equals the same figure computed here from the underlying
 * rows (read straight from the tables, counted in JavaScript); totals equal the sums of the rows;
 * drill-down lists exactly the rows counted; ranks follow the values; department scorecards agree
 * with the plan items; access: the leading group reads figures without people, a township only its
 * own row, departments their own measures.
 */
import 'reflect-metadata';
import { systemClock } from '../../../src/graphql/context';
import { toGlobalId } from '../../../src/graphql/relay';
import { seedHouseholds } from '../../../src/db/seed';
import { calendarDay, countyDayOf, countyToday } from '../../../src/shared/county-calendar';
import { FIGURE_CODES, FIGURES, FigureCode } from '../../../src/modules/supervision/supervision.figures';
import { parsePeriod, Period } from '../../../src/modules/supervision/supervision.period';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { simulateYear } from '../../../src/modules/supervision/supervision.simulation';
import { ITEMS } from '../../../src/modules/measures/measures.catalogue';

let t: TestApp;
let civil: string;
const today = countyToday(systemClock);
const Y = Number(today.slice(0, 4));
const PERIODS = [`${Y - 1}`, `${Y - 1}-Q2`, `${Y - 1}-06`, `${Y}`];

const SCORECARD = `query($p: String!) { townshipScorecard(period: $p) { period start end computedAt
  townships { township { id code } frozenAt figures { figure value base share rank } }
  totals { figure value base share } } }`;

beforeAll(async () => {
  // simulateYear writes into every household of the database (plan items, pairings with the first
  // partner's ledger entries, allowance runs of every township): a database of this file's own.
  t = await startApp({}, { ownDatabase: true });
  civil = await departmentToken('CIVIL_AFFAIRS');
  await seedHouseholds(t.owner.em.fork(), { households: 400, today });
  await simulateYear(t.owner.em.getKnex(), Y - 1);
}, 120_000);
afterAll(async () => t?.close());

type Counts = Map<string, { value: number; base: number | null }>;
const day = (v: unknown) => (v == null ? null : calendarDay(v));
const within = (d: string | null, p: Period) => d != null && d >= p.start && d <= p.end;

const addDay = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** PostgreSQL's date + n months: the same day of the month, clamped to the month's last day. */
function addMonths(d: string, n: number): string {
  const [y, m, dd] = d.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  const ny = Math.floor(t / 12);
  const nm = (t % 12) + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(dd, lastDayOf(ny, nm))).padStart(2, '0')}`;
}

/**
 * The re-check due day of a household as of a day (R19), from rows: its latest episode started by
 * then (not an exit), the last re-check recorded by then, the cadence in force then for its
 * category (extreme poverty) or risk (a current member with wage/business income, or of working age
 * with FULL/PARTIAL capacity), else the stable cadence. Null when not on the list that day.
 */
async function recheckDueOracle(rechecks: Array<{ household_id: unknown; checked_on: string }>) {
  const k = t.owner.em.getKnex();
  const episodes = (await k('household_episode').select('id', 'household_id', 'kind', 'started_on', 'categories'))
    .map((e) => ({ id: Number(e.id), household_id: String(e.household_id), kind: e.kind as string, started_on: day(e.started_on) as string,
      categories: (Array.isArray(e.categories) ? e.categories : String(e.categories ?? '').replace(/[{}]/g, '').split(',')) as string[] }));
  const persons = (await k('person').select('household_id', 'income_wages', 'income_business', 'work_capacity', 'birth_date').whereNull('removed_at'))
    .map((p) => ({ ...p, household_id: String(p.household_id), birth_date: day(p.birth_date) as string }));
  const policy = (await k('policy_parameter').select('key', 'value', 'effective_from')).map((r) => ({ key: r.key as string, value: Number(r.value), from: day(r.effective_from) as string }));
  const inForce = (key: string, d: string) => policy.filter((r) => r.key === key && r.from <= d).sort((a, b) => (a.from < b.from ? 1 : -1))[0].value;
  const minusYears = (d: string, n: number) => {
    const [y, m, dd] = d.split('-').map(Number);
    return `${y - n}-${String(m).padStart(2, '0')}-${String(Math.min(dd, lastDayOf(y - n, m))).padStart(2, '0')}`;
  };
  const group = <T extends { household_id: unknown }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(String(r.household_id), [...(m.get(String(r.household_id)) ?? []), r]);
    return m;
  };
  const episodesOf = group(episodes);
  const personsOf = group(persons);
  const rechecksOf = group(rechecks);
  return (householdId: string, d: string): string | null => {
    const cur = (episodesOf.get(householdId) ?? []).filter((e) => e.started_on <= d)
      .sort((a, b) => (a.started_on === b.started_on ? b.id - a.id : a.started_on < b.started_on ? 1 : -1))[0];
    if (!cur || cur.kind === 'EXITED') return null;
    const last = (rechecksOf.get(householdId) ?? []).map((r) => r.checked_on).filter((c) => c <= d).sort().pop();
    const since = last && last > cur.started_on ? last : cur.started_on;
    const lo = minusYears(d, inForce('RETIREMENT_AGE', d));
    const hi = minusYears(d, inForce('WORKING_AGE_MIN', d));
    const variable = (personsOf.get(householdId) ?? []).some((p) => Number(p.income_wages) + Number(p.income_business) > 0
      || (['FULL', 'PARTIAL'].includes(p.work_capacity) && p.birth_date <= hi && p.birth_date > lo));
    const months = cur.categories.includes('EXTREME_POVERTY') ? inForce('RECHECK_MONTHS_EXTREME_POVERTY', d)
      : variable ? inForce('RECHECK_MONTHS_VARIABLE', d) : inForce('RECHECK_MONTHS_STABLE', d);
    return addMonths(since, months);
  };
}

/** Every figure per township computed from the rows, independently of the figure registry's SQL. */
async function fromRows(period: Period): Promise<Record<FigureCode, Counts>> {
  const k = t.owner.em.getKnex();
  const asof = period.end < today ? period.end : today;
  const households = (await k('household').select('id', 'township_id', 'status', 'identified_on')).map((h) => ({ ...h, identified_on: day(h.identified_on) }));
  const episodes = (await k('household_episode').select('id', 'household_id', 'kind', 'started_on')).map((e) => ({ ...e, started_on: day(e.started_on) as string }));
  const rechecks = (await k('household_recheck').select('township_id', 'household_id', 'state', 'checked_on', 'decided_on'))
    .map((r) => ({ ...r, checked_on: day(r.checked_on) as string, decided_on: day(r.decided_on) }));
  const items = (await k('plan_item').select('id', 'household_id', 'township_id', 'status', 'due_on', 'required_deliveries', 'department')).map((i) => ({ ...i, due_on: day(i.due_on) }));
  const deliveries = (await k('delivery').select('id', 'plan_item_id', 'delivered_on')).map((d) => ({ ...d, delivered_on: day(d.delivered_on) as string }));
  const disbursements = (await k('disbursement').select('amount', 'paid_on', 'delivery_id')).map((d) => ({ ...d, paid_on: day(d.paid_on) }));
  const cases = (await k('identification_case').select('id', 'township_id', 'applied_on', 'decided_on')).map((c) => ({ ...c, applied_on: day(c.applied_on) as string, decided_on: day(c.decided_on) }));
  const limitDays = Number((await k('policy_parameter').where('key', 'CASE_DECISION_DAYS').orderBy('effective_from', 'desc').first()).value);
  const notices = (await k('public_notice').select('id', 'township_id', 'posted_on', 'entered_late')).map((n) => ({ ...n, posted_on: day(n.posted_on) }));
  const objections = (await k('notice_objection').select('notice_id', 'status', 'resolved_on')).map((o) => ({ ...o, resolved_on: day(o.resolved_on) }));
  const runs = await k('allowance_run').select('township_id', 'month', 'created_at');
  const pairings = (await k('pairing as p').join('pairing_household as ph', 'ph.pairing_id', 'p.id').select('ph.household_id', 'p.status', 'p.decided_on')).map((p) => ({ ...p, decided_on: day(p.decided_on) }));
  const needs = await k('need').select('township_id', 'created_at', 'status');
  const ledger = (await k('pairing_ledger_entry').select('township_id', 'given_on', 'amount')).map((e) => ({ ...e, given_on: day(e.given_on) }));
  const warnings = (await k('warning').select('township_id', 'status', 'raised_on', 'due_on', 'handled_on')).map((w) => ({ ...w, raised_on: day(w.raised_on) as string, due_on: day(w.due_on) as string, handled_on: day(w.handled_on) }));
  const donations = (await k('donation_match').select('township_id', 'status', 'confirmed_on')).map((m) => ({ ...m, confirmed_on: day(m.confirmed_on) }));
  const checks = (await k('supervision_check_household as ch').join('supervision_check as sc', 'sc.id', 'ch.check_id').select('sc.township_id', 'ch.result', 'ch.inspected_on')).map((c) => ({ ...c, inspected_on: day(c.inspected_on) }));

  const out = {} as Record<FigureCode, Counts>;
  const bump = (code: FigureCode, township: string, by = 1) => {
    out[code] ??= new Map();
    const cur = out[code].get(String(township)) ?? { value: 0, base: null };
    cur.value += by;
    out[code].set(String(township), cur);
  };
  for (const c of FIGURE_CODES) out[c] = new Map();
  const deliveredBy = (itemId: string, bound: string) => deliveries.filter((d) => String(d.plan_item_id) === String(itemId) && d.delivered_on <= bound).length;
  const agreed = items.filter((i) => ['ACCEPTED', 'ADJUSTED'].includes(i.status));
  const itemById = new Map(items.map((i) => [String(i.id), i]));
  const deliveryById = new Map(deliveries.map((d) => [String(d.id), d]));
  // On the list at the end: the latest episode started by then (by day, then id) is not an exit.
  const latest = new Map<string, { kind: string; started_on: string; id: number }>();
  for (const e of episodes) {
    if (e.started_on > asof) continue;
    const cur = latest.get(String(e.household_id));
    if (!cur || e.started_on > cur.started_on || (e.started_on === cur.started_on && Number(e.id) > cur.id)) latest.set(String(e.household_id), { kind: e.kind, started_on: e.started_on, id: Number(e.id) });
  }
  const townshipOf = new Map(households.map((h) => [String(h.id), h.township_id]));
  const onList = households.filter((h) => latest.has(String(h.id)) && latest.get(String(h.id))!.kind !== 'EXITED');
  for (const e of episodes) {
    if (!within(e.started_on, period)) continue;
    const code = ({ CONFIRMED: 'HOUSEHOLDS_ENTERED', EXITED: 'HOUSEHOLDS_EXITED', REENTERED: 'HOUSEHOLDS_REENTERED' } as Record<string, FigureCode>)[e.kind];
    if (code) bump(code, townshipOf.get(String(e.household_id))!);
  }
  for (const r of rechecks) if (r.state === 'DECIDED' && within(r.decided_on, period)) bump('RECHECKS_DECIDED', r.township_id);
  // Re-checks on time / overdue (R19): the due day as of a day, recomputed here from episodes,
  // re-checks, members and the policy rows (the rule of lifecycle's queue, independently of its SQL).
  const dueAsOf = await recheckDueOracle(rechecks);
  for (const r of rechecks) {
    if (r.state !== 'DECIDED' || !within(r.decided_on, period)) continue;
    const due = dueAsOf(String(r.household_id), addDay(r.checked_on, -1));
    if (due != null && r.decided_on! <= due) bump('RECHECKS_ON_TIME', r.township_id);
  }
  for (const h of households) {
    const due = dueAsOf(String(h.id), asof);
    if (due != null && due < asof) bump('RECHECKS_OVERDUE', h.township_id);
  }
  for (const h of onList) {
    bump('HOUSEHOLDS_ON_LIST', h.township_id);
    const mine = agreed.filter((i) => String(i.household_id) === String(h.id));
    if (mine.length && mine.every((i) => deliveredBy(i.id, asof) >= i.required_deliveries)) bump('HOUSEHOLDS_FULLY_HELPED', h.township_id);
    if (pairings.some((p) => String(p.household_id) === String(h.id) && ['APPROVED', 'ENDED'].includes(p.status) && p.decided_on != null && p.decided_on <= asof)) bump('HOUSEHOLDS_PAIRED', h.township_id);
  }
  for (const c of cases) {
    if (!within(c.decided_on, period)) continue;
    bump('CASES_DECIDED', c.township_id);
    const days = (Date.parse(c.decided_on!) - Date.parse(c.applied_on)) / 86_400_000;
    if (days <= limitDays) bump('CASES_DECIDED_ON_TIME', c.township_id);
  }
  for (const i of agreed) {
    if (within(i.due_on, period)) {
      bump('ITEMS_DUE', i.township_id);
      if (deliveredBy(i.id, i.due_on!) >= i.required_deliveries) bump('ITEMS_DELIVERED_ON_TIME', i.township_id);
    }
    if (i.due_on != null && i.due_on < asof && deliveredBy(i.id, asof) < i.required_deliveries) bump('ITEMS_OVERDUE', i.township_id);
  }
  for (const d of disbursements) {
    if (!within(d.paid_on, period)) continue;
    const item = itemById.get(String(deliveryById.get(String(d.delivery_id))!.plan_item_id))!;
    bump('MONEY_DISBURSED', item.township_id, Number(d.amount));
  }
  for (const r of runs) {
    const first = `${r.month}-01`;
    if (!within(first, period)) continue;
    bump('ALLOWANCE_RUNS', r.township_id);
    const [yy, mm] = r.month.split('-').map(Number);
    const next = mm === 12 ? `${yy + 1}-01-01` : `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
    if (countyDayOf(new Date(r.created_at)) < next) bump('ALLOWANCE_RUNS_ON_TIME', r.township_id);
  }
  for (const n of needs) {
    if (!within(countyDayOf(new Date(n.created_at)), period)) continue;
    bump('NEEDS_PUBLISHED', n.township_id);
    if (n.status === 'COVERED') bump('NEEDS_COVERED', n.township_id);
  }
  for (const e of ledger) if (e.amount != null && within(e.given_on, period)) bump('PAIRING_MONEY', e.township_id, Number(e.amount));
  const noticeById = new Map(notices.map((n) => [String(n.id), n]));
  for (const n of notices) if (n.entered_late && within(n.posted_on, period)) bump('NOTICES_ENTERED_LATE', n.township_id);
  for (const o of objections) if (o.status === 'UPHELD' && within(o.resolved_on, period)) bump('OBJECTIONS_UPHELD', noticeById.get(String(o.notice_id))!.township_id);
  for (const w of warnings) {
    if (within(w.raised_on, period)) {
      bump('WARNINGS_RAISED', w.township_id);
      if (w.status === 'HANDLED' && w.handled_on != null && w.handled_on <= w.due_on) bump('WARNINGS_HANDLED_ON_TIME', w.township_id);
    }
    if (w.due_on < asof && w.raised_on <= asof && (w.handled_on == null || w.handled_on > asof)) bump('WARNINGS_OVERDUE', w.township_id);
  }
  for (const m of donations) {
    if (!within(m.confirmed_on, period) || !['RECEIVED', 'NOT_RECEIVED', 'RECEIVED_WITH_PROBLEMS'].includes(m.status)) continue;
    bump('DONATIONS_CONFIRMED', m.township_id);
    if (m.status !== 'RECEIVED') bump('DONATION_PROBLEMS', m.township_id);
  }
  for (const c of checks) {
    if (c.result == null || !within(c.inspected_on, period)) continue;
    bump('CHECKS_INSPECTED', c.township_id);
    if (c.result === 'PASS') bump('CHECKS_PASSED', c.township_id);
  }
  // Shares: the base is the base figure's value.
  for (const code of FIGURE_CODES) {
    const base = (FIGURES[code] as { base?: FigureCode }).base;
    if (!base) continue;
    const all = new Set([...out[code].keys(), ...out[base].keys()]);
    for (const tw of all) out[code].set(tw, { value: out[code].get(tw)?.value ?? 0, base: out[base].get(tw)?.value ?? 0 });
  }
  return out;
}

describe('township scorecard', () => {
  it('draws and inspects a check so the integrity figures have rows', async () => {
    const demo = await t.owner.em.getKnex()('township').select('id').where('code', '350421100').first();
    const r = await gql(t.app, `mutation($i: DrawSupervisionCheckInput!) { drawSupervisionCheck(input: $i) { check { id households { id version } } userErrors { code } } }`,
      { i: { township: toGlobalId('Township', String(demo.id)), kind: 'RANDOM', seed: 'abcdef0123456789' } }, { token: civil });
    expect(r.data.drawSupervisionCheck.userErrors).toEqual([]);
    const drawn = r.data.drawSupervisionCheck.check.households;
    expect(drawn.length).toBeGreaterThan(0);
    for (const [i, h] of drawn.entries()) {
      const f = await gql(t.app, `mutation($i: RecordCheckFindingsInput!) { recordCheckFindings(input: $i) { checkHousehold { result } userErrors { code } } }`,
        { i: { checkHousehold: h.id, version: h.version, identityMatches: true, incomeAsRecorded: i % 2 === 0, measuresDelivered: true, noticesPosted: true } }, { token: civil });
      expect(f.data.recordCheckFindings.checkHousehold.result).toBe(i % 2 === 0 ? 'PASS' : 'FAIL');
    }
  });

  it('records and decides re-checks in the past year (some on time, some late) so the re-check figures have rows', async () => {
    const k = t.owner.em.getKnex();
    const tw = await townshipToken('350421100');
    const listed = await k.raw(`select x.household_id from (select distinct on (e.household_id) e.household_id, e.kind, e.started_on from household_episode e
        join household h on h.id = e.household_id join township t on t.id = h.township_id where t.code = '350421100' and h.status = 'IN_HARDSHIP'
        order by e.household_id, e.started_on desc, e.id desc) x where x.kind <> 'EXITED' and x.started_on < ? order by x.household_id limit 8`, [`${Y - 1}-01-01`]);
    expect(listed.rows.length).toBeGreaterThan(3);
    for (const [i, row] of (listed.rows as Array<{ household_id: string }>).entries()) {
      const checkedOn = `${Y - 1}-${String(2 + i).padStart(2, '0')}-10`;
      const rec = await gql(t.app, `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) { recheck { id version } userErrors { code message } } }`, { i: {
        household: toGlobalId('Household', String(row.household_id)), checkedOn, methods: ['HOME_VISIT'], findings: '家庭情况无变化', proposal: 'CONTINUE', opinion: '建议继续保障',
      } }, { token: tw });
      expect(rec.data.recordRecheck.userErrors).toEqual([]);
      const r = rec.data.recordRecheck.recheck;
      const decidedOn = i % 2 === 0 ? `${Y - 1}-${String(2 + i).padStart(2, '0')}-15` : `${Y - 1}-12-28`;
      const dec = await gql(t.app, `mutation($i: DecideRecheckInput!) { decideRecheck(input: $i) { userErrors { code message } } }`,
        { i: { recheck: r.id, version: r.version, outcome: 'CONTINUE', reason: '情况属实，继续保障', decidedOn } }, { token: civil });
      expect(dec.data.decideRecheck.userErrors).toEqual([]);
    }
  });

  it.each(PERIODS)('every figure of %s equals the figure computed from its rows, and totals are the sums of the rows', async (key) => {
    const period = parsePeriod(key)!;
    const r = await gql(t.app, SCORECARD, { p: key }, { token: civil });
    expect(r.errors).toBeUndefined();
    const card = r.data.townshipScorecard;
    expect(card.start).toBe(period.start);
    const expected = await fromRows(period);
    let nonZero = 0;
    for (const row of card.townships) {
      const townshipKey = (await t.owner.em.getKnex()('township').select('id').where('code', row.township.code).first()).id;
      for (const f of row.figures) {
        const want = expected[f.figure as FigureCode].get(String(townshipKey)) ?? { value: 0, base: (FIGURES[f.figure as FigureCode] as { base?: string }).base ? 0 : null };
        expect({ figure: f.figure, township: row.township.code, value: f.value, base: f.base }).toEqual({ figure: f.figure, township: row.township.code, value: want.value, base: want.base });
        if (f.value) nonZero++;
      }
    }
    expect(nonZero).toBeGreaterThan(0);
    for (const total of card.totals) {
      const rows = card.townships.map((tw: { figures: Array<{ figure: string; value: number; base: number | null }> }) => tw.figures.find((f) => f.figure === total.figure)!);
      expect(total.value).toBe(rows.reduce((s: number, f: { value: number }) => s + f.value, 0));
      if (total.base != null) expect(total.base).toBe(rows.reduce((s: number, f: { base: number | null }) => s + (f.base ?? 0), 0));
    }
  });

  it('simulated year has data in every figure group', async () => {
    const r = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token: civil });
    const totals = Object.fromEntries(r.data.townshipScorecard.totals.map((f: { figure: string; value: number }) => [f.figure, f.value]));
    for (const code of ['HOUSEHOLDS_ENTERED', 'HOUSEHOLDS_EXITED', 'CASES_DECIDED', 'CASES_DECIDED_ON_TIME', 'ITEMS_DUE', 'ITEMS_DELIVERED_ON_TIME', 'ITEMS_OVERDUE', 'MONEY_DISBURSED',
      'ALLOWANCE_RUNS', 'ALLOWANCE_RUNS_ON_TIME', 'HOUSEHOLDS_PAIRED', 'PAIRING_MONEY', 'NOTICES_ENTERED_LATE', 'OBJECTIONS_UPHELD', 'DONATIONS_CONFIRMED', 'DONATION_PROBLEMS', 'WARNINGS_RAISED', 'WARNINGS_HANDLED_ON_TIME', 'WARNINGS_OVERDUE', 'RECHECKS_DECIDED', 'RECHECKS_ON_TIME', 'RECHECKS_OVERDUE']) expect([code, totals[code] > 0]).toEqual([code, true]);
  });

  it('re-checks on time count some but not all of the re-checks decided (both sides of the due day occur)', async () => {
    const r = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token: civil });
    const totals = Object.fromEntries(r.data.townshipScorecard.totals.map((f: { figure: string; value: number }) => [f.figure, f.value]));
    expect(totals.RECHECKS_ON_TIME).toBeGreaterThan(0);
    expect(totals.RECHECKS_ON_TIME).toBeLessThan(totals.RECHECKS_DECIDED);
  });

  it('simulated plan items are items of the measures catalogue, under their measure (an unknown code fails every list that shows it)', async () => {
    const simulated = await t.owner.em.getKnex()('plan_item').distinct('item', 'measure').where('created_by', 'test:simulation');
    expect(simulated.length).toBeGreaterThan(0);
    expect(simulated.map((r: { item: string; measure: string }) => [r.item, (ITEMS as Record<string, { measure: string }>)[r.item]?.measure ?? null]))
      .toEqual(simulated.map((r: { item: string; measure: string }) => [r.item, r.measure]));
    const hr = await gql(t.app, `{ overduePlanItems(first: 50) { nodes { item } } }`, {}, { token: await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY') });
    expect(hr.errors).toBeUndefined();
    expect(hr.data.overduePlanItems.nodes.length).toBeGreaterThan(0);
  });

  it('month by month, entries, exits and re-entries agree with lifecycle\'s flow report (two modules, two computations)', async () => {
    const trend = (await gql(t.app, `query($p: String!) { scorecardTrend(period: $p, figures: [HOUSEHOLDS_ENTERED, HOUSEHOLDS_EXITED, HOUSEHOLDS_REENTERED]) { month totals { figure value } } }`,
      { p: `${Y - 1}` }, { token: civil })).data.scorecardTrend;
    const flow = (await gql(t.app, `query($y: Int!) { householdFlowReport(year: $y) { months { month entries exits reentries } } }`, { y: Y - 1 }, { token: civil })).data.householdFlowReport.months;
    let moved = 0;
    for (const m of trend) {
      const f = flow.filter((x: { month: string }) => x.month === m.month);
      const sum = (k: 'entries' | 'exits' | 'reentries') => f.reduce((s: number, x: Record<string, number>) => s + x[k], 0);
      const v = Object.fromEntries(m.totals.map((x: { figure: string; value: number }) => [x.figure, x.value]));
      expect([m.month, v.HOUSEHOLDS_ENTERED, v.HOUSEHOLDS_EXITED, v.HOUSEHOLDS_REENTERED]).toEqual([m.month, sum('entries'), sum('exits'), sum('reentries')]);
      moved += v.HOUSEHOLDS_ENTERED + v.HOUSEHOLDS_EXITED;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('ranks townships on each figure: the best value ranks 1, ties share, lower-is-better figures rank ascending', async () => {
    const r = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token: civil });
    for (const code of ['ITEMS_DELIVERED_ON_TIME', 'ITEMS_OVERDUE', 'HOUSEHOLDS_ON_LIST'] as FigureCode[]) {
      const cells = r.data.townshipScorecard.townships.map((tw: { figures: Array<{ figure: string; value: number; share: number | null; rank: number | null }> }) => tw.figures.find((f) => f.figure === code)!)
        .filter((c: { rank: number | null }) => c.rank != null);
      const score = (c: { value: number; share: number | null }) => (c.share ?? c.value) * (FIGURES[code].better === 'HIGHER' ? -1 : 1);
      for (const a of cells) {
        const better = cells.filter((b: { value: number; share: number | null }) => score(b) < score(a)).length;
        expect(a.rank).toBe(better + 1);
      }
    }
  });

  it('drills down from a figure to exactly the rows it counts', async () => {
    const key = `${Y - 1}`;
    const card = (await gql(t.app, SCORECARD, { p: key }, { token: civil })).data.townshipScorecard;
    const row = card.townships.find((tw: { figures: Array<{ figure: string; value: number }> }) => tw.figures.find((f) => f.figure === 'ITEMS_OVERDUE')!.value > 0);
    const want = row.figures.find((f: { figure: string }) => f.figure === 'ITEMS_OVERDUE').value;
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const d: { data: { scorecardDrillDown: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ recordId: string; source: string; household: { id: string } | null }> } } } = await gql(t.app,
        `query($t: ID!, $p: String!, $a: String) { scorecardDrillDown(figure: ITEMS_OVERDUE, township: $t, period: $p, first: 100, after: $a) {
          totalCount pageInfo { hasNextPage endCursor } nodes { recordId source day department household { id headName } } } }`, { t: row.township.id, p: key, a: after }, { token: civil });
      const page = d.data.scorecardDrillDown;
      expect(page.totalCount).toBe(want);
      ids.push(...page.nodes.map((n) => n.recordId));
      expect(page.nodes.every((n) => n.source === 'PLAN_ITEM' && n.household)).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(want);
  });

  it('department scorecards agree with the plan items of each measure', async () => {
    const key = `${Y - 1}`;
    const r = await gql(t.app, `query($p: String!) { departmentScorecard(period: $p) { computedAt measures { measure department proposed decided delivered overdue
      allocations { measure year amount paidInPeriod disbursedTotal allocation { id } } } } }`, { p: key }, { token: civil });
    expect(r.errors).toBeUndefined();
    const measures = r.data.departmentScorecard.measures;
    expect(measures.map((m: { measure: string }) => m.measure)).toHaveLength(7);
    const k = t.owner.em.getKnex();
    const asof = `${Y - 1}-12-31`;
    for (const m of measures) {
      const items = await k('plan_item').select('id', 'status', 'due_on', 'required_deliveries').where('measure', m.measure);
      let overdue = 0;
      for (const i of items) {
        if (!['ACCEPTED', 'ADJUSTED'].includes(i.status) || !i.due_on || calendarDay(i.due_on) >= asof) continue;
        const n = Number((await k('delivery').where('plan_item_id', i.id).andWhere('delivered_on', '<=', asof).count({ n: '*' }).first())!.n);
        if (n < i.required_deliveries) overdue++;
      }
      expect([m.measure, m.overdue]).toEqual([m.measure, overdue]);
      for (const a of m.allocations) {
        const paid = await k('disbursement').where('allocation_id', (await k('fund_allocation').where({ measure: m.measure, year: a.year }).select('id')).map((x) => x.id)[0]).whereBetween('paid_on', [`${Y - 1}-01-01`, asof]).sum({ s: 'amount' }).first();
        if (m.allocations.length === 1) expect(a.paidInPeriod).toBe(Number(paid?.s ?? 0));
      }
    }
    expect(measures.find((m: { measure: string }) => m.measure === 'SAFETY_NET').overdue).toBeGreaterThan(0);
  });

  it('computes the whole county in a bounded number of statements', async () => {
    const k = t.orm.em.getKnex();
    let statements = 0;
    const count = () => { statements++; };
    k.client.on('query', count);
    try {
      const r = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token: civil });
      expect(r.errors).toBeUndefined();
    } finally {
      k.client.removeListener('query', count);
    }
    // Authentication, the scorecard's transaction (begin, set local jit = off, the one scorecard
    // statement for every township and figure, commit), the townships' loader: never one per township.
    expect(statements).toBeLessThanOrEqual(6);
  });
});

describe('scorecard access (R22, the access matrix)', () => {
  it('the leading group and finance read figures but no rows behind them', async () => {
    for (const d of ['LEADING_GROUP', 'FINANCE'] as const) {
      const token = await departmentToken(d);
      const card = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token });
      expect(card.errors).toBeUndefined();
      expect(card.data.townshipScorecard.townships.length).toBeGreaterThanOrEqual(9);
      const tw = card.data.townshipScorecard.townships[0].township.id;
      const drill = await gql(t.app, `query($t: ID!) { scorecardDrillDown(figure: HOUSEHOLDS_ON_LIST, township: $t, period: "${Y - 1}") { totalCount nodes { recordId } } }`, { t: tw }, { token });
      expect(drill.data ?? null).toBeNull();
      expect(drill.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('a township reads only its own scorecard row and drills only into its own rows', async () => {
    const token = await townshipToken('350421100');
    const card = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token });
    expect(card.data.townshipScorecard.townships.map((x: { township: { code: string } }) => x.township.code)).toEqual(['350421100']);
    const other = await t.owner.em.getKnex()('township').select('id').where('code', '350421101').first();
    const drill = await gql(t.app, `query($t: ID!) { scorecardDrillDown(figure: HOUSEHOLDS_ON_LIST, township: $t, period: "${Y - 1}") { totalCount nodes { recordId } } }`,
      { t: toGlobalId('Township', String(other.id)) }, { token });
    expect(drill.errors).toBeUndefined();
    expect(drill.data.scorecardDrillDown).toMatchObject({ totalCount: 0, nodes: [] });
    const own = (await gql(t.app, `query($t: ID!) { scorecardDrillDown(figure: HOUSEHOLDS_ON_LIST, township: $t, period: "${Y - 1}") { totalCount } }`,
      { t: card.data.townshipScorecard.townships[0].township.id }, { token })).data.scorecardDrillDown.totalCount;
    expect(own).toBe(card.data.townshipScorecard.townships[0].figures.find((f: { figure: string }) => f.figure === 'HOUSEHOLDS_ON_LIST').value);
  });

  it('a department drills only into its own measures\' items and reads only its own department scorecard', async () => {
    const token = await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY');
    const tw = toGlobalId('Township', String((await t.owner.em.getKnex()('township').select('id').where('code', '350421100').first()).id));
    const d = await gql(t.app, `query($t: ID!) { scorecardDrillDown(figure: ITEMS_DUE, township: $t, period: "${Y - 1}", first: 100) { totalCount nodes { department } } }`, { t: tw }, { token });
    expect(d.errors).toBeUndefined();
    expect(d.data.scorecardDrillDown.totalCount).toBeGreaterThan(0);
    expect(new Set(d.data.scorecardDrillDown.nodes.map((n: { department: string }) => n.department))).toEqual(new Set(['HUMAN_RESOURCES_SOCIAL_SECURITY']));
    const notMine = await gql(t.app, `query($t: ID!) { scorecardDrillDown(figure: HOUSEHOLDS_ON_LIST, township: $t, period: "${Y - 1}") { totalCount } }`, { t: tw }, { token });
    expect(notMine.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const card = await gql(t.app, SCORECARD, { p: `${Y - 1}` }, { token });
    expect(card.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const dept = await gql(t.app, `query { departmentScorecard(period: "${Y - 1}") { measures { measure } } }`, {}, { token });
    expect(dept.data.departmentScorecard.measures.map((m: { measure: string }) => m.measure)).toEqual(['EMPLOYMENT']);
  });

  it('partners and anonymous callers get no scorecard; a bad period is a coded error', async () => {
    const anon = await gql(t.app, SCORECARD, { p: `${Y}` });
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await gql(t.app, SCORECARD, { p: '2026-13' }, { token: civil });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
