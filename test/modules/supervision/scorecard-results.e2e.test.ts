/**
 * Kept scorecard results (issue 10; R21, R22): township scorecards, trends and department
 * scorecards are served from `scorecard_result` only while provably current. Through the real
 * /graphql over a seeded county and a simulated year:
 * - every table the scorecards' plans read carries the change trigger (a figure reading a new
 *   table fails here until a migration watches it);
 * - a served answer reads no source row: its plan touches only scorecard_result and scorecard_change;
 * - a statement on ANY watched table makes the next answer a fresh computation, and real writes
 *   change the next answer to exactly what the figure registry's SQL computes now (no stale read);
 * - an uncommitted write is not seen (nor kept) by a reader, a committed one is; a result kept by
 *   a transaction that writes afterwards is not served;
 * - approved (frozen) figures stay as approved whatever is written later.
 */
import 'reflect-metadata';
import type { Knex } from '@mikro-orm/postgresql';
import { systemClock } from '../../../src/graphql/context';
import { toGlobalId } from '../../../src/graphql/relay';
import { seedHouseholds } from '../../../src/db/seed';
import { countyToday } from '../../../src/shared/county-calendar';
import type { Principal } from '../../../src/shared/principal';
import { FIGURE_CODES, figureReads } from '../../../src/modules/supervision/supervision.figures';
import { monthsOf, parsePeriod, Period } from '../../../src/modules/supervision/supervision.period';
import { DEPARTMENT_READS, departmentSql, pruneScorecardResults, resultKey, scorecardSql, SupervisionReader, townshipLookupSql } from '../../../src/modules/supervision/supervision.reader';
import { simulateYear } from '../../../src/modules/supervision/supervision.simulation';
import { departmentToken, gql, serverOnly, startApp, TestApp } from '../../support/app';

let t: TestApp;
let civil: string;
let k: Knex;
const today = countyToday(systemClock);
const Y = Number(today.slice(0, 4));
const YEAR = parsePeriod(`${Y - 1}`)!;
const ALL = { sql: 'true', params: [] };

const SCORECARD = `query($p: String!) { townshipScorecard(period: $p) { townships { township { code } frozenAt figures { figure value base rank } } } }`;
const DEPARTMENTS = `query($p: String!) { departmentScorecard(period: $p) { measures { measure proposed decided delivered overdue allocations { year amount paidInPeriod disbursedTotal } } } }`;
const TREND = `query($p: String!) { scorecardTrend(period: $p, figures: [HOUSEHOLDS_ENTERED, HOUSEHOLDS_EXITED, HOUSEHOLDS_ON_LIST, ITEMS_DUE]) { month totals { figure value } } }`;
const KEY = resultKey('township', [YEAR], today, `frozen:${FIGURE_CODES.join(',')}`);

beforeAll(async () => {
  // simulateYear writes into every household of the database, and this file writes into every source table: a database of its own.
  t = await startApp({}, { ownDatabase: true });
  civil = await departmentToken('CIVIL_AFFAIRS');
  k = t.owner.em.getKnex();
  await seedHouseholds(t.owner.em.fork(), { households: 150, today });
  await simulateYear(k, Y - 1);
  // A check with findings, so the check tables have rows the figures count.
  const demo = await k('township').select('id').where('code', '350421100').first();
  const r = await gql(t.app, `mutation($i: DrawSupervisionCheckInput!) { drawSupervisionCheck(input: $i) { check { households { id version } } userErrors { code } } }`,
    { i: { township: toGlobalId('Township', String(demo.id)), kind: 'RANDOM', seed: '0123456789abcdef' } }, { token: civil });
  for (const h of r.data.drawSupervisionCheck.check.households) {
    await gql(t.app, `mutation($i: RecordCheckFindingsInput!) { recordCheckFindings(input: $i) { userErrors { code } } }`,
      { i: { checkHousehold: h.id, version: h.version, identityMatches: true, incomeAsRecorded: true, measuresDelivered: true, noticesPosted: true, inspectedOn: today } }, { token: civil });
  }
}, 180_000);
afterAll(async () => t?.close());

type Cells = Record<string, { value: number; base: number | null; rank: number | null }>;

/** The township scorecard as the API answers it: `code:FIGURE` → value, base, rank. */
async function answer(period = YEAR.key): Promise<Cells> {
  const r = await gql(t.app, SCORECARD, { p: period }, { token: civil });
  expect(r.errors).toBeUndefined();
  const out: Cells = {};
  for (const tw of r.data.townshipScorecard.townships) {
    for (const f of tw.figures) out[`${tw.township.code}:${f.figure}`] = { value: f.value, base: f.base, rank: f.rank };
  }
  return out;
}

/** The cells whose value, base or rank differ (a short list for the failure message, not two whole scorecards). */
function changed(a: Cells, b: Cells): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

/** The same figures computed now by the figure registry's SQL, nothing kept or read from kept results. */
async function fresh(period: Period = YEAR): Promise<Cells> {
  const q = scorecardSql([period], today, true, ALL);
  const rows = await k.transaction(async (trx) => {
    await trx.raw('set local jit = off');
    return (await trx.raw(q.sql, q.params as never[])).rows as Array<{ township_id: string; figure: string; value: string; base: string | null; rank: number | null }>;
  });
  const codes = new Map((await k('township').select('id', 'code')).map((r: { id: string; code: string }) => [String(r.id), r.code]));
  const out: Cells = {};
  for (const r of rows) out[`${codes.get(String(r.township_id))}:${r.figure}`] = { value: Number(r.value), base: r.base == null ? null : Number(r.base), rank: r.rank };
  return out;
}

/** The kept cells of the year's township scorecard, by `township code:figure`: snapshot/writer of each (changes whenever that figure of that township is computed again). */
async function keptCells(key = KEY): Promise<Record<string, string>> {
  const rows = await k('scorecard_cell as s').join('township as t', 't.id', 's.township_id').where('s.key', key)
    .select('t.code', 's.figure', k.raw('s.snapshot::text as snapshot'), 's.writer_xid').orderBy(['t.code', 's.figure']);
  return Object.fromEntries(rows.map((r: { code: string; figure: string; snapshot: string; writer_xid: string }) => [`${r.code}:${r.figure}`, `${r.snapshot}/${r.writer_xid}`]));
}

/** The kept cells by township code: whether any of its figures was computed again shows as a change. */
async function keptByTownship(key = KEY): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [cell, v] of Object.entries(await keptCells(key))) { const code = cell.split(':')[0]; out[code] = `${out[code] ?? ''}${v};`; }
  return out;
}

/** The cells computed again between two readings of keptCells. */
function recomputed(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((cell) => after[cell] !== before[cell]).sort();
}

/** The kept result of the year's township scorecard as one string (changes whenever any township is computed again); null when none is kept. */
async function kept(key = KEY): Promise<string | null> {
  const by = await keptByTownship(key);
  return Object.keys(by).length ? JSON.stringify(by) : null;
}

/** Relations a statement's plan reads. */
async function relationsOf(sql: string, params: unknown[]): Promise<Set<string>> {
  const plan = await k.transaction(async (trx) => {
    await trx.raw('set local jit = off');
    return (await trx.raw(`explain (format json) ${sql}`, params as never[])).rows[0]['QUERY PLAN'];
  });
  const out = new Set<string>();
  const walk = (n: Record<string, unknown>) => {
    if (typeof n['Relation Name'] === 'string') out.add(n['Relation Name']);
    for (const c of (n.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(c);
  };
  walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan);
  return out;
}

async function watchedTables(): Promise<string[]> {
  return (await k.raw(`select distinct c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like 'scorecard\\_change\\_%' order by 1`)).rows.map((r: { relname: string }) => r.relname);
}

describe('kept scorecard results: exact, or computed afresh', () => {
  it('every table the scorecards read carries the change trigger', async () => {
    const watched = new Set(await watchedTables());
    const read = new Set<string>();
    const plans = [
      scorecardSql([YEAR], today, true, ALL),
      scorecardSql(monthsOf(YEAR), today, false, ALL),
      departmentSql(YEAR, today, 'explain'),
    ];
    for (const q of plans) for (const r of await relationsOf(q.sql, q.params)) read.add(r);
    for (const own of ['scorecard_result', 'scorecard_cell', 'scorecard_change']) read.delete(own);
    expect(read.size).toBeGreaterThan(15);
    expect([...read].filter((r) => !watched.has(r)).sort()).toEqual([]);
  });

  it('the department scorecard reads only the tables it declares, and a write to another leaves it current', async () => {
    const d = departmentSql(YEAR, today, 'explain');
    const read = [...await relationsOf(d.sql, d.params)].filter((r) => !r.startsWith('scorecard_'));
    expect(read.filter((r) => !(DEPARTMENT_READS as readonly string[]).includes(r))).toEqual([]);
    const key = resultKey('department', [YEAR], today, 'all');
    const snapshot = async () => (await k('scorecard_result').where('key', key).first(k.raw('snapshot::text as s')))?.s ?? null;
    const first = (await gql(t.app, DEPARTMENTS, { p: YEAR.key }, { token: civil })).data.departmentScorecard;
    const kept = await snapshot();
    expect(kept).not.toBeNull();
    await k.raw(`update warning set reason = reason where id = (select min(id) from warning)`);
    expect((await gql(t.app, DEPARTMENTS, { p: YEAR.key }, { token: civil })).data.departmentScorecard).toEqual(first);
    expect(await snapshot()).toBe(kept);
    await k.raw(`update delivery set note = note where id = (select min(id) from delivery)`);
    expect((await gql(t.app, DEPARTMENTS, { p: YEAR.key }, { token: civil })).data.departmentScorecard).toEqual(first);
    expect(await snapshot()).not.toBe(kept);
  });

  it('a current scorecard is served from its kept result: its plan reads no source table, in a handful of statements, the same figures', async () => {
    const first = await answer();
    expect(await kept()).not.toBeNull();
    const snapshot = await kept();
    const lookup = townshipLookupSql(KEY, FIGURE_CODES);
    expect([...await relationsOf(lookup.sql, lookup.params)].sort()).toEqual(['scorecard_cell', 'scorecard_change', 'township']);
    const api = t.orm.em.getKnex();
    const statements: string[] = [];
    const count = (q: { sql: string }) => { statements.push(q.sql); };
    api.client.on('query', count);
    let second: Cells;
    try {
      second = await answer();
    } finally {
      api.client.removeListener('query', count);
    }
    expect(changed(first, second)).toEqual([]);
    expect(changed(second, await fresh())).toEqual([]);
    expect(await kept()).toBe(snapshot);
    // Authentication, begin, the lookup, commit, the townships' loader; the big statement never runs.
    expect(statements.length).toBeLessThanOrEqual(5);
    expect(statements.some((s) => /\bagg as materialized\b/.test(s))).toBe(false);
  });

  it('every watched table carries the trigger for inserts, updates, deletes and truncates', async () => {
    const events = (await k.raw(`select c.relname, array_agg(g.tgname::text order by g.tgname) as names from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where g.tgname like 'scorecard\\_change\\_%' group by c.relname`)).rows as Array<{ relname: string; names: string[] }>;
    expect(events.length).toBeGreaterThan(15);
    for (const e of events) expect([e.relname, e.names]).toEqual([e.relname, ['scorecard_change_delete', 'scorecard_change_insert', 'scorecard_change_truncate', 'scorecard_change_update']]);
  });

  it('a statement that changes no row changes nothing: the next answer is still served from what is kept', async () => {
    const tables = await watchedTables();
    await answer();
    const before = await kept();
    for (const table of tables) await k.raw(`delete from ?? where false`, [table]);
    const now = await answer();
    expect(await kept()).toBe(before);
    expect(changed(now, await fresh())).toEqual([]);
  });

  it('a write to one household computes its township again and serves every other township as kept', async () => {
    const demo = await k('township').select('id').where('code', '350421100').first();
    await answer();
    const before = await keptByTownship();
    expect(Object.keys(before).length).toBeGreaterThan(1);
    // A household of the demo township exits in the year (an episode: read through its household's township).
    await k.raw(`insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, exit_reasons, payments_stop_from, decided_on, decided_by, created_by)
      select e.household_id, e.township_id, 'EXITED', '${Y - 1}-09-30', e.id, e.categories, '{INCOME_ABOVE_LINE}', '${Y - 1}-10-01', '${Y - 1}-09-30', 'test', 'test'
        from household_episode e join household h on h.id = e.household_id where h.township_id = ? and e.started_on < '${Y - 1}-09-01' and e.kind <> 'EXITED'
         and not exists (select 1 from household_episode x where x.previous_episode_id = e.id) order by e.id limit 1`, [demo.id]);
    const now = await answer();
    const after = await keptByTownship();
    expect(Object.keys(after).filter((code) => after[code] !== before[code])).toEqual(['350421100']);
    expect(changed(now, await fresh())).toEqual([]);
  });

  it('a write computes again only the figures that read the table written, of its township', async () => {
    // The township of an open warning (the simulated year raised some).
    const demo = (await k.raw(`select t.id, t.code from township t where t.id = (select township_id from warning where status = 'OPEN' order by id limit 1)`)).rows[0];
    expect(demo).toBeDefined();
    await answer();
    const before = await keptCells();
    // One of its warnings handled: only the warning figures read warnings.
    const handled = await k.raw(`update warning set status = 'HANDLED', result = 'NO_ACTION', reason = 'test', handled_by = 'test', handled_on = raised_on
      where id = (select min(id) from warning where township_id = ? and status = 'OPEN')`, [demo.id]);
    expect(handled.rowCount).toBe(1);
    let now = await answer();
    let after = await keptCells();
    expect(recomputed(before, after)).toEqual(['WARNINGS_HANDLED_ON_TIME', 'WARNINGS_OVERDUE', 'WARNINGS_RAISED'].map((f) => `${demo.code}:${f}`));
    expect(changed(now, await fresh())).toEqual([]);
    // A member of one of its households changes: the figures built on the re-check due rule, which reads members.
    await k.raw(`update person set income_wages = income_wages + 1 where id = (select min(p.id) from person p join household h on h.id = p.household_id where h.township_id = ?)`, [demo.id]);
    now = await answer();
    const later = await keptCells();
    expect(recomputed(after, later)).toEqual(['RECHECKS_ON_TIME', 'RECHECKS_OVERDUE'].map((f) => `${demo.code}:${f}`));
    expect(changed(now, await fresh())).toEqual([]);
    after = later;
    // A policy number: every township's figures that read policy numbers.
    // (Insert-only: a value for a day far ahead changes no figure, but is a write to the table.)
    await k.raw(`insert into policy_parameter (key, value, effective_from, set_by, reason)
      select key, value, '2099-01-01', 'test', 'test' from policy_parameter where key = 'RECHECK_MONTHS_STABLE' order by effective_from desc limit 1`);
    now = await answer();
    const figures = recomputed(after, await keptCells()).map((cell) => cell.split(':')[1]);
    expect([...new Set(figures)].sort()).toEqual(['CASES_DECIDED_ON_TIME', 'RECHECKS_ON_TIME', 'RECHECKS_OVERDUE']);
    expect(figures.length).toBe(3 * Object.keys(await keptByTownship()).length);
    expect(changed(now, await fresh())).toEqual([]);
  });

  it('each figure reads only the tables it declares (figureReads), so a write to any other leaves it current', async () => {
    for (const code of FIGURE_CODES) {
      for (const frozen of [true, false]) {
        const q = scorecardSql([YEAR], today, frozen, ALL, [code]);
        const read = [...await relationsOf(q.sql, q.params)].filter((r) => !r.startsWith('scorecard_'));
        const narrowed = scorecardSql([YEAR], today, frozen, ALL, [code], { townships: ['1'] });
        read.push(...[...await relationsOf(narrowed.sql, narrowed.params)].filter((r) => !r.startsWith('scorecard_')));
        expect([code, frozen, [...new Set(read)].filter((r) => !figureReads(code, frozen).includes(r)).sort()]).toEqual([code, frozen, []]);
      }
    }
  });

  it('each township computed alone has the figures the whole county\'s computation gives it', async () => {
    const all = await fresh();
    const townships = (await k('township').select('id', 'code')) as Array<{ id: string; code: string }>;
    for (const tw of townships) {
      const q = scorecardSql([YEAR], today, true, ALL, undefined, { townships: [String(tw.id)] });
      const rows = await k.transaction(async (trx) => { await trx.raw('set local jit = off'); return (await trx.raw(q.sql, q.params as never[])).rows as Array<{ township_id: string; figure: string; value: string; base: string | null }>; });
      expect(new Set(rows.map((r) => String(r.township_id)))).toEqual(new Set([String(tw.id)]));
      const alone = Object.fromEntries(rows.map((r) => [`${tw.code}:${r.figure}`, { value: Number(r.value), base: r.base == null ? null : Number(r.base) }]));
      const whole = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(`${tw.code}:`)).map(([key, c]) => [key, { value: c.value, base: c.base }]));
      expect(alone).toEqual(whole);
    }
  });

  /** Real writes, one or more per source table: each changes the year's figures; the next answer is what the registry computes now. */
  const WRITES: Array<[string, string]> = [
    ['an episode (household exits)', `insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, exit_reasons, payments_stop_from, decided_on, decided_by, created_by)
       select e.household_id, e.township_id, 'EXITED', '${Y - 1}-06-30', e.id, e.categories, '{INCOME_ABOVE_LINE}', '${Y - 1}-07-01', '${Y - 1}-06-30', 'test', 'test'
         from household_episode e where e.started_on < '${Y - 1}-06-01' and e.kind <> 'EXITED' and not exists (select 1 from household_episode x where x.previous_episode_id = e.id)
        order by e.id limit 3`],
    ['a household moves township', `update household set township_id = (select id from township where code = '350421101') where id = (select min(id) from household where status = 'IN_HARDSHIP' and township_id <> (select id from township where code = '350421101'))`],
    ['a plan item is due elsewhere in time', `update plan_item set due_on = due_on + 400 where id in (select id from plan_item where due_on between '${Y - 1}-01-01' and '${Y - 1}-12-31' order by id limit 5)`],
    ['deliveries removed', `delete from disbursement where delivery_id in (select id from delivery where plan_item_id in (select plan_item_id from delivery order by plan_item_id limit 4)); delete from delivery where plan_item_id in (select plan_item_id from delivery order by plan_item_id limit 4)`],
    ['a disbursement changes amount', `update disbursement set amount = amount + 1 where id = (select min(id) from disbursement where paid_on between '${Y - 1}-01-01' and '${Y - 1}-12-31')`],
    ['a case decided later', `update identification_case set decided_on = '${Y + 1}-01-15' where id in (select id from identification_case where decided_on between '${Y - 1}-01-01' and '${Y - 1}-12-31' order by id limit 3)`],
    ['the decision limit changes', `insert into policy_parameter (key, value, effective_from, set_by, reason) values ('CASE_DECISION_DAYS', 1, '${Y - 1}-01-02', 'test', 'test')`],
    ['a notice now entered late', `update public_notice set entered_late = not entered_late where id in (select id from public_notice where posted_on between '${Y - 1}-01-01' and '${Y - 1}-12-31' order by id limit 3)`],
    ['objections dismissed', `update notice_objection set status = 'DISMISSED' where id in (select id from notice_objection where status = 'UPHELD' order by id limit 2)`],
    ['an allowance run removed', `delete from allowance_run where id = (select min(id) from allowance_run where month like '${Y - 1}-%' and not exists (select 1 from allowance_run_line l where l.run_id = allowance_run.id))`],
    ['a pairing decided later', `update pairing set decided_on = '${Y + 1}-01-01' where id in (select id from pairing where status = 'APPROVED' order by id limit 3)`],
    ['a pairing loses its household', `delete from pairing_household where (pairing_id, household_id) in (select ph.pairing_id, ph.household_id from pairing_household ph join pairing p on p.id = ph.pairing_id
       where p.status = 'APPROVED' and p.decided_on <= '${Y - 1}-12-31' order by ph.pairing_id limit 2)`],
    ['pairing ledger given', `insert into pairing_ledger_entry (pairing_id, partner_id, household_id, township_id, kind, given_on, amount, description, origin, recorded_by)
       select pairing_id, partner_id, household_id, township_id, kind, given_on, 777, description, origin, recorded_by from pairing_ledger_entry where amount is not null order by id limit 1`],
    ['needs published in the year', `update need set created_at = '${Y - 1}-05-05T12:00:00+08:00' where id in (select id from need order by id limit 3)`],
    ['a need covered', `update need set status = case when status = 'COVERED' then 'OPEN' else 'COVERED' end where id in (select id from need where created_at < '${Y}-01-01T00:00:00+08:00' order by id limit 2)`],
    ['a donation not received', `update donation_match set status = 'NOT_RECEIVED' where id in (select id from donation_match where status = 'RECEIVED' order by id limit 3)`],
    ['a warning handled', `update warning set status = 'HANDLED', result = 'NO_ACTION', reason = 'test', handled_by = 'test', handled_on = raised_on + 1 where id in (select id from warning where status = 'OPEN' order by id limit 3)`],
    ['a finding failed', `update supervision_check_household set result = 'FAIL', income_as_recorded = false, inspected_on = '${Y - 1}-11-11' where id = (select min(id) from supervision_check_household where result = 'PASS')`],
  ];

  it.each(WRITES)('%s: the next answer changes to exactly the figures computed now', async (_, sql) => {
    const before = await answer();
    expect(before).toEqual(await fresh());
    await k.transaction(async (trx) => {
      for (const s of sql.split(/;\s*(?=delete|update|insert)/)) await trx.raw(s);
    });
    const after = await answer();
    expect(changed(before, after).length).toBeGreaterThan(0);
    expect(changed(after, await fresh())).toEqual([]);
  });

  it('a result kept by a transaction that writes a source table afterwards is not served', async () => {
    const principal: Principal = { kind: 'DEPARTMENT', role: 'CIVIL_AFFAIRS', actor: 'test', name: 'test', department: 'CIVIL_AFFAIRS' };
    const before = await answer();
    await k.transaction(async (trx) => {
      const inside = await new SupervisionReader(trx, principal).scorecard([YEAR], today);
      expect(inside.length).toBeGreaterThan(0);
      await trx.raw(`update warning set handled_on = null, status = 'OPEN', result = null, reason = null, handled_by = null where id in (select id from warning where status = 'HANDLED' order by id limit 3)`);
    });
    const after = await answer();
    expect(changed(before, after).length).toBeGreaterThan(0);
    expect(changed(after, await fresh())).toEqual([]);
  });

  it('trends and department scorecards follow writes too', async () => {
    const trend = async () => (await gql(t.app, TREND, { p: YEAR.key }, { token: civil })).data.scorecardTrend;
    const departments = async () => (await gql(t.app, DEPARTMENTS, { p: YEAR.key }, { token: civil })).data.departmentScorecard.measures;
    const trendBefore = await trend();
    const departmentsBefore = await departments();
    expect(await trend()).toEqual(trendBefore);
    expect(await departments()).toEqual(departmentsBefore);
    await k.raw(`update plan_item set due_on = '${Y - 1}-03-03' where id in (select id from plan_item where due_on between '${Y - 1}-06-01' and '${Y - 1}-12-31' order by id limit 6)`);
    await k.raw(`update disbursement set amount = amount + 5 where id = (select min(id) from disbursement where paid_on between '${Y - 1}-01-01' and '${Y - 1}-12-31')`);
    const trendAfter = await trend();
    expect(trendAfter).not.toEqual(trendBefore);
    const months = monthsOf(YEAR);
    const q = scorecardSql(months, today, false, ALL, ['HOUSEHOLDS_ENTERED', 'HOUSEHOLDS_EXITED', 'HOUSEHOLDS_ON_LIST', 'ITEMS_DUE']);
    const rows = await k.transaction(async (trx) => { await trx.raw('set local jit = off'); return (await trx.raw(q.sql, q.params as never[])).rows as Array<{ period_key: string; figure: string; value: string }>; });
    for (const m of trendAfter) {
      for (const f of m.totals) {
        expect([m.month, f.figure, f.value]).toEqual([m.month, f.figure, rows.filter((r) => r.period_key === m.month && r.figure === f.figure).reduce((s, r) => s + Number(r.value), 0)]);
      }
    }
    const departmentsAfter = await departments();
    expect(departmentsAfter).not.toEqual(departmentsBefore);
    const d = departmentSql(YEAR, today, 'test:fresh');
    const value = (await k.transaction(async (trx) => (await trx.raw(d.sql, d.params as never[])).rows[0].value)) as { rows: Array<{ measure: string; overdue: number }>; allocations: Array<{ measure: string; paid: string }> };
    await k('scorecard_result').where('key', 'test:fresh').delete();
    for (const m of departmentsAfter) {
      expect([m.measure, m.overdue]).toEqual([m.measure, value.rows.find((r) => r.measure === m.measure)!.overdue]);
      expect([m.measure, m.allocations.map((a: { paidInPeriod: number }) => a.paidInPeriod)]).toEqual([m.measure, value.allocations.filter((a) => a.measure === m.measure).map((a) => Number(a.paid))]);
    }
  });

  it('approved (frozen) figures stay as approved, whatever is written afterwards (R22)', async () => {
    const demo = await k('township').select('id').where('code', '350421100').first();
    const live = await answer();
    const frozen = { HOUSEHOLDS_ON_LIST: { value: live['350421100:HOUSEHOLDS_ON_LIST'].value + 1000, base: null } };
    await k('assessment_sign_off').insert({ township_id: demo.id, period: YEAR.key, state: 'APPROVED', figures: JSON.stringify(frozen), computed_at: new Date(), submitted_by: 'test', decided_by: 'test', frozen_at: new Date(), created_by: 'test', updated_by: 'test' });
    const approved = await answer();
    expect(approved['350421100:HOUSEHOLDS_ON_LIST'].value).toBe(frozen.HOUSEHOLDS_ON_LIST.value);
    expect(changed(approved, await fresh())).toEqual([]);
    await k.raw(`update household set township_id = ? where id = (select min(id) from household where status = 'IN_HARDSHIP' and township_id <> ?)`, [demo.id, demo.id]);
    const later = await answer();
    expect(later['350421100:HOUSEHOLDS_ON_LIST'].value).toBe(frozen.HOUSEHOLDS_ON_LIST.value);
    expect(changed(later, await fresh())).toEqual([]);
  });
});

describe('pruning kept scorecard results', () => {
  it('deletes stale results and the change rows no kept result can need; current results are still served, exactly', async () => {
    // Two results: the department scorecard, made stale by a write, then the township scorecard, current.
    const dKey = resultKey('department', [YEAR], today, 'all');
    expect((await gql(t.app, DEPARTMENTS, { p: YEAR.key }, { token: civil })).errors).toBeUndefined();
    await k.raw(`update disbursement set amount = amount + 1 where id = (select min(id) from disbursement)`);
    await k.raw(`update warning set reason = reason where id = (select min(id) from warning)`);
    const served = await answer();
    const township = await kept();
    expect(township).not.toBeNull();
    const changesBefore = Number((await k('scorecard_change').count({ n: '*' }).first())!.n);
    expect(changesBefore).toBeGreaterThan(2);
    expect(await k('scorecard_result').where('key', dKey).first()).toBeDefined();

    const pruned = await pruneScorecardResults(k);
    expect(pruned).not.toBeNull();
    expect(pruned!.results).toBeGreaterThanOrEqual(1);
    expect(pruned!.changes).toBeGreaterThan(0);
    expect(await k('scorecard_result').where('key', dKey).first()).toBeUndefined();
    // The current result stays, is served as it was (not computed again), and is what computing gives now.
    expect(await kept()).toBe(township);
    const again = await answer();
    expect(await kept()).toBe(township);
    expect(changed(served, again)).toEqual([]);
    expect(changed(again, await fresh())).toEqual([]);
    // What is left: no change row below the oldest kept snapshot's xmin.
    const below = await k.raw(`select count(*)::int as n from scorecard_change where xid < least((select min(pg_snapshot_xmin(snapshot)) from scorecard_result), (select min(pg_snapshot_xmin(snapshot)) from scorecard_cell))`);
    expect(below.rows[0].n).toBe(0);
    // A kept cell no write touched for more than a day goes too (it would hold every change row since its snapshot).
    const old = (await k('scorecard_cell').where('key', KEY).orderBy(['township_id', 'figure']).first('township_id', 'figure'));
    await k('scorecard_cell').where({ key: KEY, township_id: old.township_id, figure: old.figure }).update({ computed_at: k.raw(`now() - interval '25 hours'`) });
    const aged = await pruneScorecardResults(k);
    expect(aged!.results).toBe(1);
    expect(await k('scorecard_cell').where({ key: KEY, township_id: old.township_id, figure: old.figure }).first()).toBeUndefined();
    expect(changed(again, await answer())).toEqual([]);
    // A write after pruning still makes the next answer a fresh computation.
    const kept2 = await kept();
    await k.raw(`update disbursement set amount = amount + 1 where id = (select min(id) from disbursement where paid_on between '${Y - 1}-01-01' and '${Y - 1}-12-31')`);
    const after = await answer();
    expect(await kept()).not.toBe(kept2);
    expect(changed(served, after).length).toBeGreaterThan(0);
    expect(changed(after, await fresh())).toEqual([]);
  });
});

// Two connections at once: the embedded database has one (an open transaction would block the reader).
serverOnly('kept scorecard results under concurrent transactions', () => {
    it('a reader sees no uncommitted write and keeps nothing of it; after the commit the next answer has it', async () => {
      const before = await answer();
      const trx = await k.transaction();
      try {
        const u = await trx.raw(`update disbursement set amount = amount + 3 where id = (select max(id) from disbursement where paid_on between '${Y - 1}-01-01' and '${Y - 1}-12-31')`);
        expect(u.rowCount).toBe(1);
        expect(changed(before, await answer())).toEqual([]);
        await trx.commit();
      } catch (e) {
        await trx.rollback();
        throw e;
      }
      const after = await answer();
      expect(changed(before, after).length).toBeGreaterThan(0);
      expect(changed(after, await fresh())).toEqual([]);
    });

    it('pruning does nothing while a scorecard is being computed (its transaction holds the lock), and prunes once that has committed', async () => {
      const principal: Principal = { kind: 'DEPARTMENT', role: 'CIVIL_AFFAIRS', actor: 'test', name: 'test', department: 'CIVIL_AFFAIRS' };
      await k.raw(`update warning set reason = reason where id = (select min(id) from warning)`);
      const changes = Number((await k('scorecard_change').count({ n: '*' }).first())!.n);
      const trx = await k.transaction();
      try {
        // Computing (the lookup takes the lock in share mode and holds it to the end of the transaction).
        expect((await new SupervisionReader(trx, principal).scorecard([YEAR], today)).length).toBeGreaterThan(0);
        expect(await pruneScorecardResults(k)).toBeNull();
        expect(Number((await k('scorecard_change').count({ n: '*' }).first())!.n)).toBe(changes);
        await trx.commit();
      } catch (e) {
        await trx.rollback();
        throw e;
      }
      expect(await pruneScorecardResults(k)).not.toBeNull();
    });
});
