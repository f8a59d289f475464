/**
 * Issue 11 "Done when": the flow report reconciles month by month over a seeded county (the demo
 * seed gives its confirmed households their CONFIRMED episode and its exited ones their EXITED
 * episode, src/db/seed/lifecycle.ts), and householdStatistics(asOf:) — a second SQL path over the
 * same episodes and the record history — agrees with it at every month's end.
 */
import { seedHouseholds } from '../../../src/db/seed';
import { countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, startApp, TestApp, TestClock } from '../../support/app';

let t: TestApp;
const clock = new TestClock();
let civil: string;
let leading: string;

beforeAll(async () => {
  t = await startApp({}, { clock });
  await seedHouseholds(t.owner.em.fork(), { households: 400, today: countyToday(clock) });
  civil = await departmentToken('CIVIL_AFFAIRS');
  leading = await departmentToken('LEADING_GROUP');
});
afterAll(() => t.close());

const FLOW = `query($y: Int!) { householdFlowReport(year: $y) { months {
  township { id } month openingOnList entries reentries exits exitsByReason { reason exits } onList turnoverRate reconciles } } }`;
const STATS = `query($d: Date) { householdStatistics(asOf: $d) { byTownship { township { id } status households } } }`;

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

it('reconciles month by month over six years of the seeded county, and agrees with the statistics as of each month\'s end', async () => {
  const year = Number(countyToday(clock).slice(0, 4));
  const carried = new Map<string, number>();
  let entries = 0;
  let exits = 0;
  const ends: Array<{ month: string; onList: Map<string, number> }> = [];
  for (let y = year - 6; y <= year; y++) {
    const r = await gql(t.app, FLOW, { y }, { token: leading });
    expect(r.errors).toBeUndefined();
    const byMonth = new Map<string, Map<string, number>>();
    for (const m of r.data.householdFlowReport.months) {
      expect(m.reconciles).toBe(true);
      expect(m.openingOnList + m.entries + m.reentries - m.exits).toBe(m.onList);
      if (carried.has(m.township.id)) expect(m.openingOnList).toBe(carried.get(m.township.id));
      carried.set(m.township.id, m.onList);
      entries += m.entries;
      exits += m.exits;
      expect(m.exitsByReason.reduce((s: number, e: { exits: number }) => s + e.exits, 0)).toBeGreaterThanOrEqual(m.exits);
      if (m.turnoverRate !== null) expect(m.turnoverRate).toBeGreaterThanOrEqual(0);
      if (!byMonth.has(m.month)) byMonth.set(m.month, new Map());
      byMonth.get(m.month)!.set(m.township.id, m.onList);
    }
    for (const [month, onList] of byMonth) ends.push({ month, onList });
  }
  // The seed confirmed ~65% of 400 households within five years and exited some of them.
  expect(entries).toBeGreaterThan(150);
  expect(exits).toBeGreaterThan(5);

  // Every month's end of the last two years (and today's) by the statistics' own path.
  const today = countyToday(clock);
  for (const { month, onList } of ends.filter((e) => e.month >= `${year - 1}-01` && lastDay(e.month) < today)) {
    const s = await gql(t.app, STATS, { d: lastDay(month) }, { token: leading });
    expect(s.errors).toBeUndefined();
    const stats = new Map<string, number>();
    for (const row of s.data.householdStatistics.byTownship) if (row.status === 'IN_HARDSHIP') stats.set(row.township.id, row.households);
    for (const [township, n] of onList) expect([month, township, stats.get(township) ?? 0]).toEqual([month, township, n]);
  }
  // The statistics of today (the tallies' path) count at least the households the episodes put on the list.
  const now = await gql(t.app, STATS, {}, { token: civil });
  const onListNow = now.data.householdStatistics.byTownship.filter((r: { status: string }) => r.status === 'IN_HARDSHIP').reduce((s: number, r: { households: number }) => s + r.households, 0);
  const current = [...carried.values()].reduce((s, n) => s + n, 0);
  expect(onListNow).toBeGreaterThanOrEqual(current);
  // A future day is refused.
  const future = await gql(t.app, STATS, { d: '2999-01-01' }, { token: civil });
  expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
