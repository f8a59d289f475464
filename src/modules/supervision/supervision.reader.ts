/**
 * Plain-row reads of supervision (R21, R22): township scorecards for all townships and periods in
 * ONE statement (the figure registry's source rows aggregated per township and period, ranked in
 * SQL), drill-down pages of the rows behind a figure, department scorecards, checks and sign-offs.
 * Row rules from the access matrix (SUPERVISION_ROWS).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { supervisionRowsOf } from '../../access/matrix';
import { SqlFragment } from '../../access/scope';
import { keysetPage, Page, PageArgs } from '../../db/keyset';
import { calendarDay } from '../../shared/county-calendar';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { MEASURES, MeasureCode, measuresOwnedBy } from '../../shared/measures';
import type { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import { FIGURE_CODES, FigureCode, figureOf, figureReads, isFigureCode, SHARED_CTES, sharedCtesNamedIn } from './supervision.figures';
import type { Period } from './supervision.period';

/** One figure of one township for one period, as the scorecard shows it. */
export interface FigureCell {
  townshipId: string;
  periodKey: string;
  figure: FigureCode;
  value: number;
  /** The base of a share figure (null for plain figures). */
  base: number | null;
  /** 1 = best among the townships compared; ties share a rank; null when there is nothing to rank (a share of 0). */
  rank: number | null;
  /** Set when the township's assessment of the period is approved: these are its frozen figures. */
  frozenAt: Date | null;
}

/** A row behind a figure (drill-down). */
export interface SourceRow {
  id: string;
  townshipId: string;
  householdId: string | null;
  day: string | null;
  amount: number | null;
  department: string | null;
}

const NOTHING: SqlFragment = { sql: 'false', params: [] };
const ALL: SqlFragment = { sql: 'true', params: [] };

/** Which townships' scorecard rows a principal reads: all, its own, or none (null). */
function readsScorecardOf(p: Principal): ((townshipId: string) => boolean) | null {
  const rule = supervisionRowsOf(p.role).scorecard;
  if (rule === 'ALL') return () => true;
  if (rule === 'OWN_TOWNSHIP' && p.kind === 'TOWNSHIP') return (id) => id === p.townshipId;
  return null;
}

/**
 * The periods CTE `pr(period_key, d0, d1, asof)`: a VALUES list inlined into every figure (NOT
 * MATERIALIZED), so the planner knows how many periods there are and, for one period, folds its
 * days into constants and estimates each figure's date range from the statistics (hash joins
 * instead of nested loops; measured: the year's scorecard at 100,000 households 2.1 s → 0.95 s). Several
 * periods (trends) stay materialized: inlined, the 12 months ran 1.5× slower.
 * A set-returning function would be estimated at 100 rows and skew every join.
 */
function periodsCte(periods: readonly Period[], today: string): { sql: string; body: string; params: unknown[] } {
  const body = `select v.k as period_key, v.d0 as d0, v.d1 as d1, least(v.d1, ?::date) as asof
                   from (values ${periods.map(() => '(?::text, ?::date, ?::date)').join(', ')}) as v(k, d0, d1)`;
  return { sql: `pr as ${periods.length === 1 ? "not " : ""}materialized (${body})`, body, params: [today, ...periods.flatMap((p) => [p.key, p.start, p.end])] };
}

/** A township id as an SQL bigint literal (ids are inlined into the shared CTEs, which take no binds): digits only. */
function townshipLiteral(id: string): string {
  if (!/^\d{1,19}$/.test(id)) throw new Error(`scorecard: not a township id: ${id}`);
  return `${id}::bigint`;
}

/** Township ids as an SQL bigint[] literal. */
function townshipArray(ids: readonly string[]): string {
  return `array[${ids.map(townshipLiteral).join(', ')}]::bigint[]`;
}

/** The shared CTEs (`on_list`, `delivery_days`) the given SQL texts name, as `name as materialized (...)` items. */
function sharedCtes(sqls: readonly string[], inTownships: string | null): string {
  return [...new Set(sqls.flatMap(sharedCtesNamedIn))].map((name) => `, ${name} as materialized (${SHARED_CTES[name].body(inTownships)})`).join('');
}

/** The aggregate of one figure per township and period, from its source rows (of some townships only when `inTownships` is given). */
function aggregateOf(code: FigureCode, inTownships: string | null): string {
  const f = figureOf(code);
  const agg = f.aggregate === 'SUM' ? 'coalesce(sum(r.amount), 0)' : 'count(*)';
  return `select '${code}'::text as figure, r.township_id, r.period_key, ${agg}::bigint as value from (${f.rows}) r
    ${inTownships ? `where r.township_id = any(${inTownships})` : ''} group by r.township_id, r.period_key`;
}

/** The figures asked for and the figures they are shares of, in registry order. */
function withBases(codes: readonly FigureCode[]): FigureCode[] {
  const wanted = new Set<FigureCode>(codes);
  for (const c of codes) { const b = figureOf(c).base; if (b) wanted.add(b as FigureCode); }
  return FIGURE_CODES.filter((c) => wanted.has(c));
}

function figureValues(codes: readonly FigureCode[]): string {
  return codes.map((c) => {
    const f = figureOf(c);
    return `('${c}', ${f.base ? `'${f.base}'` : 'null'}, '${f.better}', ${FIGURE_CODES.indexOf(c)})`;
  }).join(', ');
}

/** A township's figure to compute (the reader's stale cells). */
export interface WantedCell { townshipId: string; figure: FigureCode }

/**
 * The scorecard SQL: every figure of every township for every period (ranked within period and
 * figure), approved periods showing their frozen figures. One statement; `where` narrows the
 * townships returned (ranks are computed over all of them first).
 * `townships` / `cells`: compute only these townships (every figure), or these figures of these
 * townships: each figure's rows, and the shared CTEs, narrowed to the townships that need them (as
 * the figure or as its base); ranks then rank those alone, so the reader ranks across every
 * township itself (rankCells).
 * `storeAs`: keep each computed figure of each township under this key (scorecard_cell), with the
 * tables it read.
 */
export function scorecardSql(periods: readonly Period[], today: string, frozen: boolean, where: SqlFragment, only?: readonly FigureCode[],
  opts: { storeAs?: string; townships?: readonly string[]; cells?: readonly WantedCell[] } = {}): { sql: string; params: unknown[] } {
  const pr = periodsCte(periods, today);
  const wanted = opts.cells ?? opts.townships?.flatMap((townshipId) => withBases(only ?? FIGURE_CODES).map((figure) => ({ townshipId, figure })));
  const codes = withBases(wanted ? [...new Set(wanted.map((c) => c.figure))] : only ?? FIGURE_CODES);
  // The townships each figure is computed for: those wanting it, and those wanting a share of it.
  const townshipsOf = new Map<FigureCode, Set<string>>(codes.map((c) => [c, new Set<string>()]));
  for (const w of wanted ?? []) {
    townshipsOf.get(w.figure)!.add(w.townshipId);
    const base = figureOf(w.figure).base as FigureCode | undefined;
    if (base) townshipsOf.get(base)!.add(w.townshipId);
  }
  const narrowed = (c: FigureCode) => (wanted ? townshipArray([...townshipsOf.get(c)!]) : null);
  const allNarrowed = wanted ? townshipArray([...new Set(wanted.map((w) => w.townshipId))]) : null;
  const pairs = wanted ? wanted.map((w) => {
    if (!isFigureCode(w.figure)) throw new Error(`scorecard: not a figure: ${w.figure}`);
    return `(${townshipLiteral(w.townshipId)}, '${w.figure}')`;
  }).join(', ') : '';
  // Stored for every figure of every township computed (the principal's `where` narrows what is returned, not what is kept).
  const store = opts.storeAs ? `,
  stored as (${storeCellsSql(`select x.township_id, x.figure, fr.reads, x.value from (
      select s.township_id, s.figure, jsonb_agg(jsonb_build_object('period_key', s.period_key, 'value', s.value, 'base', s.base, 'frozen_at', s.frozen_at) order by s.period_key) as value
        from shown s group by s.township_id, s.figure) x
      join (values ${codes.map((c) => `('${c}', '{${figureReads(c, frozen).join(',')}}'::text[])`).join(', ')}) as fr(figure, reads) on fr.figure = x.figure`)})` : '';
  const sql = `with ${pr.sql}${sharedCtes(codes.map((c) => figureOf(c).rows), allNarrowed)},
  agg as materialized (${codes.map((c) => aggregateOf(c, narrowed(c))).join('\n union all ')}),
  fig(figure, base_figure, better, ord) as (values ${figureValues(codes)}),
  live as (
    select t.id as township_id, pr.period_key, fig.figure, fig.better, fig.ord, coalesce(a.value, 0) as value,
           case when fig.base_figure is null then null else coalesce(b.value, 0) end as base
      from ${wanted ? `(values ${pairs}) as w(township_id, figure) join township t on t.id = w.township_id join fig on fig.figure = w.figure` : 'township t cross join fig'} cross join pr
      left join agg a on a.figure = fig.figure and a.township_id = t.id and a.period_key = pr.period_key
      left join agg b on b.figure = fig.base_figure and b.township_id = t.id and b.period_key = pr.period_key),
  shown as (
    select l.township_id, l.period_key, l.figure, l.better, l.ord, s.frozen_at,
           case when s.id is not null and (s.figures -> l.figure) is not null then (s.figures -> l.figure ->> 'value')::bigint else l.value end as value,
           case when s.id is not null and (s.figures -> l.figure) is not null then (s.figures -> l.figure ->> 'base')::bigint else l.base end as base
      from live l left join assessment_sign_off s on ${frozen ? 'true' : 'false'} and s.township_id = l.township_id and s.period = l.period_key and s.state = 'APPROVED'),
  scored as (
    select sh.*, case when sh.base is null then sh.value::numeric when sh.base = 0 then null else sh.value::numeric / sh.base end as score from shown sh),
  ranked as (
    select sc.*, case when sc.score is null then null else rank() over (partition by sc.period_key, sc.figure order by (case when sc.better = 'HIGHER' then -sc.score else sc.score end) asc nulls last) end as rank
      from scored sc)${store}
  select r.township_id::text, r.period_key, r.figure, r.value::text, r.base::text, r.rank::int, r.frozen_at from ranked r
   where ${where.sql}
   order by r.period_key, r.township_id, r.ord`;
  return { sql, params: [...pr.params, ...(opts.storeAs ? [opts.storeAs] : []), ...where.params] };
}

/**
 * Computed scorecards are kept with the snapshot of the statement that computed them and served
 * only while provably current (migrations Migration20261202103000_scorecard_results,
 * Migration20261203120000_scorecard_townships): no transaction that wrote a source table since is
 * visible to the reader unless the computing snapshot saw it too, and the storing transaction wrote
 * none. Such a transaction's change row has an id >= the snapshot's xmin: one range scan. So a
 * served result is exactly what computing it now would give; anything else is computed afresh.
 * CURRENT: no change of any township to a table it reads (the department scorecard, kept whole in
 * scorecard_result);
 * CURRENT_CELL: no change of the kept cell's township, nor of every township (0), to a table it
 * reads: the township scorecards and trends (scorecard_cell, one row per township and figure).
 */
const UNSEEN = (s: string) => `c.xid >= pg_snapshot_xmin(${s}.snapshot) and (c.xid = ${s}.writer_xid or not pg_visible_in_snapshot(c.xid, ${s}.snapshot))`;
/** The tables the department scorecard reads (departmentSql): a write to any other leaves it current. */
export const DEPARTMENT_READS = ['delivery', 'disbursement', 'fund_allocation', 'plan_item'] as const;
const CURRENT = (s: string) => `not exists (select 1 from scorecard_change c where c.source = any('{${DEPARTMENT_READS.join(',')}}'::text[]) and ${UNSEEN(s)})`;
const CURRENT_CELL = (s: string) => `not exists (select 1 from scorecard_change c where c.township_id in (${s}.township_id, 0) and c.source = any(${s}.reads) and ${UNSEEN(s)})`;

/**
 * Computing a scorecard holds this advisory lock in share mode from its lookup statement to the end
 * of its transaction; pruning takes it exclusively (tried, never waited for). So pruning never
 * runs while a computing statement's snapshot could still be stored (see pruneScorecardResults).
 */
const COMPUTING_LOCK = `hashtext('scorecard_result.computing')`;

/** The lookup's prelude: JIT off for the transaction (see `inTransaction`) and the computing lock. */
const PRELUDE = `(select set_config('jit', 'off', true) as jit, pg_advisory_xact_lock_shared(${COMPUTING_LOCK}) as computing) j`;

/** An upsert of `scorecard_result` (key: the next `?`) with the value of `valueSql` and the current statement's snapshot. */
function storeSql(valueSql: string): string {
  return `insert into scorecard_result as s (key, snapshot, writer_xid, value, computed_at)
      select ?, pg_current_snapshot(), pg_current_xact_id(), (${valueSql}), now()
      on conflict (key) do update set snapshot = excluded.snapshot, writer_xid = excluded.writer_xid, value = excluded.value, computed_at = excluded.computed_at`;
}

/** An upsert of `scorecard_cell` (key: the next `?`), one row per (township_id, figure, reads, value) of `rowsSql`. */
function storeCellsSql(rowsSql: string): string {
  return `insert into scorecard_cell as s (key, township_id, figure, reads, snapshot, writer_xid, value, computed_at)
      select k.key, v.township_id, v.figure, v.reads, pg_current_snapshot(), pg_current_xact_id(), v.value, now() from (select ?::text as key) k cross join (${rowsSql}) v
      on conflict (key, township_id, figure) do update set reads = excluded.reads, snapshot = excluded.snapshot, writer_xid = excluded.writer_xid, value = excluded.value, computed_at = excluded.computed_at`;
}

/**
 * The first statement of a township scorecard read: every township and figure with its kept cell
 * under `key` when it is current (`value` null: not kept, or stale — compute it).
 */
export function townshipLookupSql(key: string, figures: readonly FigureCode[]): { sql: string; params: unknown[] } {
  return {
    sql: `select j.jit, t.id::text as township_id, f.figure, s.value from ${PRELUDE} cross join township t cross join unnest(?::text[]) as f(figure)
      left join scorecard_cell s on s.key = ? and s.township_id = t.id and s.figure = f.figure and ${CURRENT_CELL('s')}`,
    params: [figures, key],
  };
}

/**
 * Keeps the kept results and `scorecard_change` small (the server runs it every ten minutes,
 * src/main.ts): without it every writing transaction of the county would leave rows for ever.
 * 1. Results no longer current are deleted: they can never be served again (the change row that
 *    made one stale is visible to every later snapshot, and is kept while the result is). So are
 *    results computed more than a day ago: a figure no write touches stays current for ever, and
 *    its snapshot would hold every change row since (step 2); most keys name today's date and are
 *    never asked for again. Deleting a current result costs one computation, never exactness.
 * 2. Change rows older than every kept result's snapshot xmin and the current one are deleted: the
 *    currency check only looks at rows at or above a result's xmin, and a later snapshot's xmin is
 *    at least the current one. A computing transaction's snapshot is older than that, and its result
 *    not yet visible here: so pruning runs only when none holds COMPUTING_LOCK, and a computation
 *    starting meanwhile waits for the prune to commit.
 * Rows a storing transaction holds are skipped. Returns how many rows went, or null when a
 * computation was running (nothing done; the next run prunes).
 */
export async function pruneScorecardResults(knex: Knex): Promise<{ results: number; changes: number } | null> {
  return knex.transaction(async (k) => {
    const free = (await k.raw(`select pg_try_advisory_xact_lock(${COMPUTING_LOCK}) as free`)).rows[0].free;
    if (!free) return null;
    const results = await k.raw(`delete from scorecard_result where key in (select s.key from scorecard_result s
      where s.computed_at < now() - interval '1 day' or not (${CURRENT('s')}) for update skip locked)`);
    const cells = await k.raw(`delete from scorecard_cell where (key, township_id, figure) in (select s.key, s.township_id, s.figure from scorecard_cell s
      where s.computed_at < now() - interval '1 day' or not (${CURRENT_CELL('s')}) for update skip locked)`);
    const changes = await k.raw(`delete from scorecard_change where xid < least((select min(pg_snapshot_xmin(snapshot)) from scorecard_result),
      (select min(pg_snapshot_xmin(snapshot)) from scorecard_cell), pg_snapshot_xmin(pg_current_snapshot()))`);
    return { results: (results.rowCount ?? 0) + (cells.rowCount ?? 0), changes: changes.rowCount ?? 0 };
  });
}

/** The key of a kept result: what it is, and each period with the day it is computed as of (a past period's is its last day, whatever today is). */
export function resultKey(kind: string, periods: readonly Period[], today: string, rest: string): string {
  return `${kind}:${periods.map((p) => `${p.key}@${p.end < today ? p.end : today}`).join(',')}:${rest}`;
}

/** A township's figure of a period as kept (an element of scorecard_cell.value) or computed (scorecardSql's rows): unranked. */
interface UnrankedCell { townshipId: string; periodKey: string; figure: FigureCode; value: number; base: number | null; frozenAt: Date | null }

function unrankedOf(r: Row): UnrankedCell {
  return {
    townshipId: String(r.township_id), periodKey: r.period_key, figure: r.figure, value: Number(r.value),
    base: r.base == null ? null : Number(r.base), frozenAt: r.frozen_at ? new Date(r.frozen_at) : null,
  };
}

/**
 * Ranks every township's cells within period and figure, as SQL's rank() over the score would: the
 * score is the value, or value / base for a share (none when the base is 0: no rank); 1 is the best
 * (higher or lower, by the figure), ties share a rank, the next rank counts them. Scores are
 * compared as fractions (a·d against c·b), exactly. Ordered by period, township, figure.
 */
function rankCells(cells: readonly UnrankedCell[]): FigureCell[] {
  const groups = new Map<string, UnrankedCell[]>();
  for (const c of cells) {
    const g = `${c.periodKey}\u0000${c.figure}`;
    const list = groups.get(g);
    if (list) list.push(c); else groups.set(g, [c]);
  }
  const scored = (c: UnrankedCell) => c.base !== 0;
  const out: FigureCell[] = [];
  for (const list of groups.values()) {
    const higher = figureOf(list[0].figure).better === 'HIGHER';
    // a is better than b: compare a.value / a.base with b.value / b.base (a missing base is 1).
    const better = (a: UnrankedCell, b: UnrankedCell) => {
      const x = a.value * (b.base ?? 1); const y = b.value * (a.base ?? 1);
      return higher ? x > y : x < y;
    };
    for (const c of list) {
      const rank = scored(c) ? 1 + list.filter((o) => scored(o) && better(o, c)).length : null;
      out.push({ townshipId: c.townshipId, periodKey: c.periodKey, figure: c.figure, value: c.value, base: c.base, rank, frozenAt: c.frozenAt });
    }
  }
  return out.sort((a, b) => (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0)
    || Number(a.townshipId) - Number(b.townshipId) || FIGURE_CODES.indexOf(a.figure) - FIGURE_CODES.indexOf(b.figure));
}

export interface DepartmentRow {
  measure: MeasureCode;
  department: string;
  proposed: number;
  decided: number;
  delivered: number;
  overdue: number;
}

export interface AllocationUse {
  allocationId: string;
  measure: string;
  year: number;
  amount: number;
  paidInPeriod: number;
  disbursedTotal: number;
}

export class SupervisionReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /**
   * Figures of the townships the principal may read, for each period, ranked across every
   * township: each township's kept figures when they are current (one lookup statement), the
   * others computed alone in one statement that also keeps them. A write makes stale only the
   * figures reading the table it wrote, of the townships its rows belong to: the next read
   * computes those.
   */
  async scorecard(periods: readonly Period[], today: string, opts: { frozen?: boolean; townshipId?: string | null; figures?: readonly FigureCode[] } = {}): Promise<FigureCell[]> {
    const reads = readsScorecardOf(this.principal);
    if (!reads || opts.townshipId === null) return [];
    const frozen = opts.frozen ?? true;
    const figures = withBases(opts.figures ?? FIGURE_CODES);
    const key = resultKey('township', periods, today, `${frozen ? 'frozen' : 'live'}:${figures.join(',')}`);
    const lookup = townshipLookupSql(key, figures);
    const cells = await this.inTransaction(async (k) => {
      const kept = (await k.raw(lookup.sql, lookup.params as never[])).rows as Array<{ township_id: string; figure: FigureCode; value: Row[] | null }>;
      const stale = kept.filter((t) => t.value == null).map((t) => ({ townshipId: t.township_id, figure: t.figure }));
      const out: UnrankedCell[] = kept.flatMap((t) => (t.value ?? []).map((v) => unrankedOf({ ...v, township_id: t.township_id, figure: t.figure })));
      if (stale.length) {
        const q = scorecardSql(periods, today, frozen, ALL, figures, { storeAs: key, cells: stale });
        out.push(...((await k.raw(q.sql, q.params as never[])).rows as Row[]).map(unrankedOf));
      }
      return out;
    });
    return rankCells(cells).filter((c) => reads(c.townshipId) && (!opts.townshipId || c.townshipId === opts.townshipId));
  }

  /** Live figures of one township for one period, unranked and unfrozen (what a township submits). */
  async liveFigures(period: Period, today: string, townshipId: string): Promise<FigureCell[]> {
    const q = scorecardSql([period], today, false, ALL, undefined, { townships: [townshipId] });
    return (await this.inTransaction(async (k) => {
      await k.raw('set local jit = off');
      return (await k.raw(q.sql, q.params as never[])).rows as Row[];
    })).map((r) => ({ ...unrankedOf(r), rank: null }));
  }

  /**
   * Scorecard statements run with PostgreSQL's JIT off (`set local`, or set_config in the lookup):
   * their estimated cost passes the JIT threshold and compiling their expressions took 3–15 s of a
   * 1 s query (measured at 100,000 households). `set local` ends with the transaction; inside a
   * caller's transaction it stays there.
   */
  private inTransaction<T>(go: (k: Knex) => Promise<T>): Promise<T> {
    return this.knex.isTransaction ? go(this.knex) : this.knex.transaction(go);
  }

  /**
   * The rows behind a figure for one township and period, in id order. Civil affairs: any
   * township; a township: its own; a department: the rows of its own measures of figures that
   * have them (byDepartment). Others (leading group, finance) read figures only: refused.
   */
  async drillDown(code: FigureCode, period: Period, today: string, townshipId: string | null, args: PageArgs): Promise<Page<SourceRow>> {
    const f = figureOf(code);
    const rule = supervisionRowsOf(this.principal.role).drillDown;
    let narrow: SqlFragment = NOTHING;
    if (rule === 'ALL') narrow = ALL;
    else if (rule === 'OWN_TOWNSHIP' && this.principal.kind === 'TOWNSHIP') narrow = { sql: 'r.township_id = ?', params: [this.principal.townshipId] };
    else if (rule === 'OWN_MEASURES' && this.principal.kind === 'DEPARTMENT') {
      if (!f.byDepartment) throw new RequestRefused(ErrorCode.FORBIDDEN, 'This figure has no rows of your measures');
      const own = departmentsReadBy(this.principal.department);
      narrow = { sql: 'r.department = any(?::text[])', params: [own] };
    } else throw new RequestRefused(ErrorCode.FORBIDDEN, 'Your role reads figures only');
    const empty: Page<SourceRow> = { nodes: [], cursors: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: async () => 0 };
    if (townshipId === null) return empty;
    const pr = periodsCte([period], today);
    const inTownship = townshipArray([townshipId]);
    const base = () => sharedCtesNamedIn(f.rows).reduce((q, name) => q.with(name, this.knex.raw(SHARED_CTES[name].body(inTownship))), this.knex
      .with('pr', this.knex.raw(pr.body, pr.params as never[])))
      .from(this.knex.raw(`(${f.rows}) as r`))
      .whereRaw(narrow.sql, narrow.params as never[])
      .where('r.township_id', townshipId);
    const page = await keysetPage<Row & { id: string }>(base().select('r.*'), { column: 'r.id', cast: 'bigint', value: (r) => String(r.id) }, false, args, 'r.id');
    return {
      nodes: page.rows.map((r) => ({
        id: String(r.id), townshipId: String(r.township_id), householdId: r.household_id == null ? null : String(r.household_id),
        day: r.day == null ? null : calendarDay(r.day), amount: r.amount == null ? null : Number(r.amount), department: r.department ?? null,
      })),
      cursors: page.cursors,
      pageInfo: page.pageInfo,
      totalCount: async () => Number((await base().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  /**
   * Department scorecards of the seven measures (R21, R22): the measures the principal may read,
   * from the kept result of all seven when it is current, else computed (one statement) and kept.
   */
  async departmentScorecard(period: Period, today: string): Promise<{ rows: DepartmentRow[]; allocations: AllocationUse[] }> {
    const measures = measuresReadBy(this.principal);
    if (!measures.length) return { rows: [], allocations: [] };
    const key = resultKey('department', [period], today, 'all');
    const value = await this.inTransaction(async (k) => {
      const found = (await k.raw(`select j.jit, x.value from ${PRELUDE}
          left join lateral (select s.value from scorecard_result s where s.key = ? and ${CURRENT('s')}) x on true`, [key])).rows as Row[];
      if (found[0]?.value != null) return found[0].value as { rows: Row[]; allocations: Row[] };
      const q = departmentSql(period, today, key);
      return (await k.raw(q.sql, q.params as never[])).rows[0].value as { rows: Row[]; allocations: Row[] };
    });
    const mine = (m: string) => measures.includes(m as MeasureCode);
    return {
      rows: value.rows.filter((r) => mine(r.measure)).sort((a, b) => measures.indexOf(a.measure) - measures.indexOf(b.measure)).map((r) => ({
        measure: r.measure, department: MEASURES[r.measure as MeasureCode].department, proposed: r.proposed, decided: r.decided, delivered: r.delivered, overdue: r.overdue,
      })),
      allocations: value.allocations.filter((r) => mine(r.measure)).map((r) => ({
        allocationId: String(r.id), measure: r.measure, year: Number(r.year), amount: Number(r.amount), paidInPeriod: Number(r.paid), disbursedTotal: Number(r.disbursed),
      })),
    };
  }
}

/**
 * The department scorecard of every measure for a period, as one jsonb value `{rows, allocations}`,
 * kept under `storeAs`: one pass over plan_item for every measure (filtered counts), deliveries of
 * the period grouped apart, each allocation's money paid in the period.
 */
export function departmentSql(period: Period, today: string, storeAs: string): { sql: string; params: unknown[] } {
  const pr = periodsCte([period], today);
  const all = Object.keys(MEASURES);
  const sql = `with ${pr.sql}, delivery_days as materialized (${SHARED_CTES.delivery_days.body(null)}),
    by_measure as (
      select m.measure, m.ord, coalesce(c.proposed, 0)::int as proposed, coalesce(c.decided, 0)::int as decided, coalesce(d.delivered, 0)::int as delivered, coalesce(c.overdue, 0)::int as overdue
        from unnest(?::text[]) with ordinality as m(measure, ord)
        left join (select pi.measure,
                          count(*) filter (where (pi.created_at at time zone 'Asia/Shanghai')::date between pr.d0 and pr.d1) as proposed,
                          count(*) filter (where pi.decided_on between pr.d0 and pr.d1) as decided,
                          count(*) filter (where pi.status in ('ACCEPTED', 'ADJUSTED') and pi.due_on < pr.asof
                                             and not (pi.required_deliveries = 0 or coalesce(dd.days[pi.required_deliveries] <= pr.asof, false))) as overdue
                     from plan_item pi cross join pr left join delivery_days dd on dd.plan_item_id = pi.id
                    where pi.measure = any(?::text[]) group by pi.measure) c on c.measure = m.measure
        left join (select pi.measure, count(distinct d.plan_item_id) as delivered from delivery d join plan_item pi on pi.id = d.plan_item_id cross join pr
                    where d.delivered_on between pr.d0 and pr.d1 and pi.measure = any(?::text[]) group by pi.measure) d on d.measure = m.measure),
    allocations as (
      select a.id, a.measure, a.year, a.amount::text as amount, a.disbursed::text as disbursed,
             coalesce((select sum(ds.amount) from disbursement ds where ds.allocation_id = a.id and ds.paid_on between pr.d0 and pr.d1), 0)::text as paid
        from fund_allocation a cross join pr
       where a.measure = any(?::text[]) and a.year between extract(year from pr.d0) and extract(year from pr.d1)),
    v as (select jsonb_build_object(
            'rows', coalesce((select jsonb_agg(to_jsonb(r) order by r.ord) from by_measure r), '[]'::jsonb),
            'allocations', coalesce((select jsonb_agg(to_jsonb(a) order by a.measure, a.year, a.id) from allocations a), '[]'::jsonb)) as value),
    stored as (${storeSql('select v.value from v')})
    select v.value from v`;
  return { sql, params: [...pr.params, all, all, all, all, storeAs] };
}

export interface CheckRow {
  dbId: string;
  kind: string;
  townshipId: string;
  seed: string;
  sampleSize: number;
  populationSize: number;
  drawnOn: string;
  dueOn: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface CheckHouseholdRow {
  dbId: string;
  checkId: string;
  householdId: string;
  position: number;
  version: number;
  identityMatches: boolean | null;
  incomeAsRecorded: boolean | null;
  measuresDelivered: boolean | null;
  noticesPosted: boolean | null;
  result: string | null;
  note: string | null;
  inspectedOn: string | null;
  inspectedBy: string | null;
}

export interface SignOffRow {
  dbId: string;
  version: number;
  townshipId: string;
  period: string;
  state: string;
  figures: Record<string, { value: number; base: number | null }>;
  computedAt: Date;
  submittedBy: string;
  decidedBy: string | null;
  decisionReason: string | null;
  frozenAt: Date | null;
}

const checkOf = (r: Row): CheckRow => ({
  dbId: String(r.id), kind: r.kind, townshipId: String(r.township_id), seed: r.seed, sampleSize: r.sample_size,
  populationSize: Number(r.population_size), drawnOn: calendarDay(r.drawn_on), dueOn: r.due_on ? calendarDay(r.due_on) : null,
  createdBy: r.created_by, createdAt: new Date(r.created_at),
});

const checkHouseholdOf = (r: Row): CheckHouseholdRow => ({
  dbId: String(r.id), checkId: String(r.check_id), householdId: String(r.household_id), position: r.position, version: r.version,
  identityMatches: r.identity_matches, incomeAsRecorded: r.income_as_recorded, measuresDelivered: r.measures_delivered, noticesPosted: r.notices_posted,
  result: r.result, note: r.note, inspectedOn: r.inspected_on ? calendarDay(r.inspected_on) : null, inspectedBy: r.inspected_by,
});

const signOffOf = (r: Row): SignOffRow => ({
  dbId: String(r.id), version: r.version, townshipId: String(r.township_id), period: r.period, state: r.state, figures: r.figures,
  computedAt: new Date(r.computed_at), submittedBy: r.submitted_by, decidedBy: r.decided_by, decisionReason: r.decision_reason,
  frozenAt: r.frozen_at ? new Date(r.frozen_at) : null,
});

/** Checks, their households and sign-offs, under SUPERVISION_ROWS (a separate class keeps the scorecard reader small). */
export class SupervisionRecordsReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  private seesChecks(): boolean {
    return supervisionRowsOf(this.principal.role).checks === 'ALL';
  }

  private signOffScope(): SqlFragment {
    const rule = supervisionRowsOf(this.principal.role).signOffs;
    if (rule === 'ALL') return ALL;
    if (rule === 'OWN_TOWNSHIP' && this.principal.kind === 'TOWNSHIP') return { sql: 's.township_id = ?', params: [this.principal.townshipId] };
    return NOTHING;
  }

  private checkQuery(): Knex.QueryBuilder {
    return this.knex('supervision_check as sc').select('sc.id', 'sc.kind', 'sc.township_id', 'sc.seed', 'sc.sample_size', 'sc.drawn_on', 'sc.due_on', 'sc.created_by', 'sc.created_at',
      this.knex.raw('jsonb_array_length(sc.population) as population_size'));
  }

  /** Checks, newest first; of one township when given. */
  async checkPage(townshipId: string | null | undefined, args: PageArgs): Promise<Page<CheckRow>> {
    const qb = this.checkQuery();
    if (!this.seesChecks() || townshipId === null) qb.whereRaw('false');
    else if (townshipId !== undefined) qb.where('sc.township_id', townshipId);
    const page = await keysetPage<Row & { id: string }>(qb.clone(), { column: 'sc.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'sc.id');
    return { nodes: page.rows.map(checkOf), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await qb.clone().clearSelect().count({ n: '*' }).first())?.n ?? 0) };
  }

  async checksByIds(ids: readonly string[]): Promise<CheckRow[]> {
    if (!this.seesChecks()) return [];
    return (await this.checkQuery().whereRaw('sc.id = any(?::bigint[])', [ids as string[]])).map(checkOf);
  }

  /** Households drawn, by check, in draw order. */
  async checkHouseholds(checkIds: readonly string[]): Promise<CheckHouseholdRow[]> {
    if (!this.seesChecks()) return [];
    return (await this.knex('supervision_check_household').select('*').whereRaw('check_id = any(?::bigint[])', [checkIds as string[]]).orderBy(['check_id', 'position'])).map(checkHouseholdOf);
  }

  async checkHouseholdsByIds(ids: readonly string[]): Promise<CheckHouseholdRow[]> {
    if (!this.seesChecks()) return [];
    return (await this.knex('supervision_check_household').select('*').whereRaw('id = any(?::bigint[])', [ids as string[]])).map(checkHouseholdOf);
  }

  /** Sign-offs the principal may read, of a period and/or township. */
  async signOffs(filter: { period?: string | null; townshipId?: string | null }, ids?: readonly string[]): Promise<SignOffRow[]> {
    const s = this.signOffScope();
    const qb = this.knex('assessment_sign_off as s').select('s.*').whereRaw(s.sql, s.params as never[]).orderBy([{ column: 's.period', order: 'desc' }, { column: 's.township_id' }]);
    if (filter.period) qb.where('s.period', filter.period);
    if (filter.townshipId === null) qb.whereRaw('false');
    else if (filter.townshipId !== undefined) qb.where('s.township_id', filter.townshipId);
    if (ids) qb.whereRaw('s.id = any(?::bigint[])', [ids as string[]]);
    return (await qb).map(signOffOf);
  }

  /** Every township with its sign-off of the period (state, frozen figures), for the assessment table. */
  async assessmentTable(period: string): Promise<Array<{ code: string; name: string; state: string | null; frozenAt: Date | null; figures: SignOffRow['figures'] | null }>> {
    if (!this.mayExport()) return [];
    const rows = await this.knex('township as t').leftJoin('assessment_sign_off as s', (j) => j.on('s.township_id', 't.id').andOn('s.period', this.knex.raw('?', [period])))
      .select('t.code', 't.name', 's.state', 's.frozen_at', 's.figures').orderBy('t.code');
    return rows.map((r: Row) => ({ code: r.code, name: r.name, state: r.state ?? null, frozenAt: r.frozen_at ? new Date(r.frozen_at) : null, figures: r.figures ?? null }));
  }

  /** Whether the principal may download the assessment workbook (figures only). */
  mayExport(): boolean {
    return supervisionRowsOf(this.principal.role).export;
  }
}

/** Departments whose plan rows a department reads in a drill-down (health: the medical ones it supports). */
function departmentsReadBy(department: string): string[] {
  if (department === 'HEALTH') return ['MEDICAL_INSURANCE'];
  return [department];
}

/** The measures whose department scorecard a principal reads (SUPERVISION_ROWS.departments). */
export function measuresReadBy(p: Principal): MeasureCode[] {
  const rule = supervisionRowsOf(p.role).departments;
  if (rule === 'ALL') return Object.keys(MEASURES) as MeasureCode[];
  if (rule === 'OWN_MEASURES' && p.kind === 'DEPARTMENT') {
    return p.department === 'HEALTH' ? ['MEDICAL_SECURITY'] : measuresOwnedBy(p.department);
  }
  return [];
}
