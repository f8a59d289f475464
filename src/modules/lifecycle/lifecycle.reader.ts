/**
 * Plain-row reads of the lifecycle (R19), scoped in SQL by OTHER_ROWS.HouseholdLifecycle: civil
 * affairs every household, a township its own, anyone else nothing (aggregates excepted: the flow
 * report is for the leading group and finance too, counts only). Every read is set-based: a page of
 * households as of a day costs two statements whatever its size; the flow report one statement; the
 * queue a page of the kept due days (plus the policy, the staleness check and its count).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { mayReadRows } from '../../access/matrix';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import { loadPolicy } from '../../policy/policy.reader';
import { addCalendarDays, calendarDay } from '../../shared/county-calendar';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import { ExitReason, RecheckDueStatus } from './lifecycle.enums';
import { refreshRecheckDue } from './lifecycle.recheck-due';

// The due rule is part of the module's public face (monitoring's warning and supervision's figures embed it).
export { RECHECK_DUE_READS, recheckDueRowsSql, recheckDueSql, recheckPolicyInForceSql } from './lifecycle.recheck-due';
export type { RecheckPolicySql } from './lifecycle.recheck-due';
import type { ExitNotice } from './lifecycle.forms';

/** SQL: the instant a county day ends (the start of the next day in Asia/Shanghai). */
export const END_OF_DAY = `((?::date + 1)::timestamp at time zone 'Asia/Shanghai')`;

/** What a household looked like at the end of a day: its record, its members then, its episode then. */
export interface HouseholdAsOfRows {
  householdId: string;
  day: string;
  household: Row | null;
  members: Row[];
  episode: Row | null;
}

export interface RecheckQueueRow {
  id: string;
  household_id: string;
  due_on: string;
  last_checked_on: string | null;
  on_list_since: string;
  cadence_months: number;
  status: RecheckDueStatus;
}

export interface FlowMonthRow {
  township_id: string;
  month: string;
  opening: number;
  entries: number;
  reentries: number;
  exits: number;
  closing: number;
  exits_by_reason: Record<string, number>;
}

export class LifecycleReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** SQL condition on a township column for the principal's lifecycle rows. */
  private scope(townshipColumn: string): { sql: string; params: unknown[] } {
    if (!mayReadRows(this.principal.role, 'HouseholdLifecycle')) return { sql: 'false', params: [] };
    if (this.principal.kind === 'TOWNSHIP') return { sql: `${townshipColumn} = ?`, params: [this.principal.townshipId] };
    return { sql: 'true', params: [] };
  }

  /** Aggregates: the flow figures' readers see every township (a township its own). */
  private aggregateScope(townshipColumn: string): { sql: string; params: unknown[] } {
    if (this.principal.kind === 'TOWNSHIP') return { sql: `${townshipColumn} = ?`, params: [this.principal.townshipId] };
    if (['CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE'].includes(this.principal.role)) return { sql: 'true', params: [] };
    return { sql: 'false', params: [] };
  }

  async episodesOfHouseholds(ids: readonly string[]): Promise<Row[]> {
    const s = this.scope('h.township_id');
    return this.knex('household_episode as e').join('household as h', 'h.id', 'e.household_id').select('e.*')
      .whereRaw('e.household_id = any(?::bigint[])', [ids as string[]]).whereRaw(s.sql, s.params as never[])
      .orderBy([{ column: 'e.household_id' }, { column: 'e.started_on' }, { column: 'e.id' }]);
  }

  async episodesByIds(ids: readonly string[]): Promise<Row[]> {
    const s = this.scope('h.township_id');
    return this.knex('household_episode as e').join('household as h', 'h.id', 'e.household_id').select('e.*')
      .whereRaw('e.id = any(?::bigint[])', [ids as string[]]).whereRaw(s.sql, s.params as never[]);
  }

  async rechecksOfHouseholds(ids: readonly string[]): Promise<Row[]> {
    const s = this.scope('r.township_id');
    return this.knex('household_recheck as r').select('r.*')
      .whereRaw('r.household_id = any(?::bigint[])', [ids as string[]]).whereRaw(s.sql, s.params as never[])
      .orderBy([{ column: 'r.household_id' }, { column: 'r.checked_on' }, { column: 'r.id' }]);
  }

  async rechecksByIds(ids: readonly string[]): Promise<Row[]> {
    const s = this.scope('r.township_id');
    return this.knex('household_recheck as r').select('r.*').whereRaw('r.id = any(?::bigint[])', [ids as string[]]).whereRaw(s.sql, s.params as never[]);
  }

  /**
   * The latest `limit` changes of each household and its members (R19: every change is kept), newest
   * first: one statement for any number of households.
   */
  async changesOfHouseholds(ids: readonly string[], limit: number): Promise<Row[]> {
    const s = this.scope('h.township_id');
    const { rows } = await this.knex.raw(
      `select * from (
         select r.id, r.table_name, r.row_id, r.household_id, r.op, r.changed, r.row, r.actor, r.at,
                row_number() over (partition by r.household_id order by r.at desc, r.id desc) as n
           from record_history r join household h on h.id = r.household_id
          where r.household_id = any(?::bigint[]) and ${s.sql}) x
        where x.n <= ? order by x.household_id, x.at desc, x.id desc`,
      [ids as string[], ...s.params, limit] as never[],
    );
    return rows;
  }

  /**
   * Households as of the end of `day`: the record and the members from the history (the row of
   * each one's latest change recorded before the day ended), the episode in force on the day. Two
   * statements for any number of households (DataLoader batches a page into one call).
   */
  async householdsAsOf(ids: readonly string[], day: string): Promise<HouseholdAsOfRows[]> {
    const s = this.scope('h.township_id');
    // Scope on the household as it is now: a township reads its own households' past; rows of a
    // household that moved in from elsewhere are its own too (the record belongs to the household).
    const { rows: history } = await this.knex.raw(
      `select distinct on (r.table_name, r.row_id) r.table_name, r.row_id, r.household_id, r.row
         from record_history r join household h on h.id = r.household_id
        where r.household_id = any(?::bigint[]) and r.at < ${END_OF_DAY} and ${s.sql}
        order by r.table_name, r.row_id, r.at desc, r.id desc`,
      [ids as string[], day, ...s.params] as never[],
    );
    const { rows: episodes } = await this.knex.raw(
      `select distinct on (e.household_id) e.* from household_episode e join household h on h.id = e.household_id
        where e.household_id = any(?::bigint[]) and e.started_on <= ?::date and ${s.sql}
        order by e.household_id, e.started_on desc, e.id desc`,
      [ids as string[], day, ...s.params] as never[],
    );
    const out = new Map<string, HouseholdAsOfRows>(ids.map((id) => [id, { householdId: id, day, household: null, members: [], episode: null }]));
    for (const r of history as Row[]) {
      const row = r.row as Row;
      if (r.table_name === 'household') {
        const o = out.get(String(r.row_id));
        if (o) o.household = row;
      } else if (row.removed_at == null) {
        out.get(String(row.household_id))?.members.push(row);
      }
    }
    for (const e of episodes as Row[]) {
      const o = out.get(String(e.household_id));
      if (o) o.episode = e;
    }
    for (const o of out.values()) o.members.sort((a, b) => Number(a.id) - Number(b.id));
    return [...out.values()];
  }

  /**
   * The township's queue of re-checks due and overdue (R19): every household on the list whose
   * next re-check — the later of the current episode's day and the last re-check's, plus the
   * cadence for its category and risk (policy in force `today`) — falls within the due window.
   * Ordered by due day (most overdue first), keyset-paged, from the kept due days (refreshed first:
   * lifecycle.recheck-due.ts), so a page costs the same in a county of any size.
   */
  async recheckQueue(filter: { townshipId?: string | null; status?: RecheckDueStatus | null }, today: string, args: PageArgs): Promise<Page<RecheckQueueRow>> {
    const empty: Page<RecheckQueueRow> = { nodes: [], cursors: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: async () => 0 };
    if (filter.townshipId === null) return empty;
    const policy = (await loadPolicy(this.knex, today)).values;
    await refreshRecheckDue(this.knex, today, policy);
    const s = this.scope('q.township_id');
    const window = addCalendarDays(today, policy.RECHECK_DUE_WINDOW_DAYS);
    // The rows and the day counts share their filter: scope, township, due window and status.
    const base = (table: 'recheck_due' | 'recheck_due_day') => {
      const qb = this.knex.from(`${table} as q`).whereRaw(s.sql, s.params as never[]).where('q.due_on', '<=', window);
      if (filter.townshipId !== undefined) qb.where('q.township_id', filter.townshipId);
      if (filter.status === RecheckDueStatus.OVERDUE) qb.where('q.due_on', '<', today);
      if (filter.status === RecheckDueStatus.DUE) qb.where('q.due_on', '>=', today);
      return qb;
    };
    const page = await keysetPage<Row & { id: string }>(base('recheck_due').select('q.*', 'q.household_id as id'), { column: 'q.due_on', cast: 'date', value: (r) => calendarDay(r.due_on) }, false, args, 'q.household_id');
    return {
      nodes: page.rows.map((r) => ({
        id: String(r.household_id), household_id: String(r.household_id), due_on: calendarDay(r.due_on), last_checked_on: r.last_checked_on ? calendarDay(r.last_checked_on) : null,
        on_list_since: calendarDay(r.on_list_since), cadence_months: Number(r.cadence_months),
        status: calendarDay(r.due_on) < today ? RecheckDueStatus.OVERDUE : RecheckDueStatus.DUE,
      })),
      cursors: page.cursors,
      pageInfo: page.pageInfo,
      totalCount: async () => Number((await base('recheck_due_day').sum({ n: 'q.households' }).first())?.n ?? 0),
    };
  }

  /**
   * The flow report (R19 regular statistics): per township and month of `year`, households on the
   * list at the start (the end of the month before), entries (first confirmation), re-entries,
   * exits (and by reason; an exit may name several), on the list at the end. One statement over the
   * summary tables (each episode counts on the list from its day until the next episode's), so its
   * cost does not grow with the county (issue 10).
   */
  async flowReport(year: number, townshipId: string | null | undefined): Promise<FlowMonthRow[]> {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'year out of range');
    if (townshipId === null) return [];
    const s = this.aggregateScope('t.id');
    const params: unknown[] = [`${year}-01-01`, `${year + 1}-01-01`, ...s.params];
    let townships = `select t.id from township t where ${s.sql}`;
    if (townshipId !== undefined) {
      townships += ' and t.id = ?';
      params.push(townshipId);
    }
    // From the summary tables the writers keep (Migration20261202111000_lifecycle_summaries), not
    // the episodes: the stock on the list is the IN_HARDSHIP households of lifecycle_status_month
    // (opening = every month before the year; each month's change = its row), the flows are the
    // episodes begun per month and kind, the reasons per month and reason. O(townships × months)
    // rows whatever the county size; the same figures as the episode scan it replaces.
    const { rows } = await this.knex.raw(
      `with bounds as (select ?::date as y0, ?::date as y1),
            months as (select m::date as month from bounds, generate_series(y0, y1 - 1, interval '1 month') m),
            towns as (${townships}),
            opening as (
              select s.township_id, sum(s.households) as n from lifecycle_status_month s, bounds
               where s.status = 'IN_HARDSHIP' and s.month < y0 and s.township_id in (select id from towns) group by 1),
            deltas as (
              select s.township_id, s.month, s.households as delta from lifecycle_status_month s, bounds
               where s.status = 'IN_HARDSHIP' and s.month >= y0 and s.month < y1 and s.township_id in (select id from towns)),
            flows as (
              select f.township_id, f.month,
                     coalesce(sum(f.episodes) filter (where f.kind = 'CONFIRMED'), 0) as entries,
                     coalesce(sum(f.episodes) filter (where f.kind = 'REENTERED'), 0) as reentries,
                     coalesce(sum(f.episodes) filter (where f.kind = 'EXITED'), 0) as exits
                from lifecycle_flow_month f, bounds where f.month >= y0 and f.month < y1 and f.township_id in (select id from towns) group by 1, 2),
            reasons as (
              select r.township_id, r.month, jsonb_object_agg(r.reason, r.exits) as by_reason
                from lifecycle_exit_reason_month r, bounds
               where r.month >= y0 and r.month < y1 and r.exits <> 0 and r.township_id in (select id from towns) group by 1, 2)
       select t.id as township_id, to_char(m.month, 'YYYY-MM') as month,
              coalesce(o.n, 0) + coalesce(sum(coalesce(d.delta, 0)) over (partition by t.id order by m.month rows between unbounded preceding and 1 preceding), 0) as opening,
              coalesce(f.entries, 0) as entries, coalesce(f.reentries, 0) as reentries, coalesce(f.exits, 0) as exits,
              coalesce(o.n, 0) + sum(coalesce(d.delta, 0)) over (partition by t.id order by m.month rows between unbounded preceding and current row) as closing,
              coalesce(r.by_reason, '{}'::jsonb) as exits_by_reason
         from towns t cross join months m
         left join opening o on o.township_id = t.id
         left join deltas d on d.township_id = t.id and d.month = m.month
         left join flows f on f.township_id = t.id and f.month = m.month
         left join reasons r on r.township_id = t.id and r.month = m.month
        order by t.id, m.month`,
      params as never[],
    );
    return rows.map((r: Row) => ({
      township_id: String(r.township_id), month: r.month, opening: Number(r.opening), entries: Number(r.entries), reentries: Number(r.reentries),
      exits: Number(r.exits), closing: Number(r.closing), exits_by_reason: r.exits_by_reason as Record<ExitReason, number>,
    }));
  }
}

/** The latest re-check of a household recorded on or after `day`, or null (e.g. a warning's RECHECK_STARTED). */
export async function recheckSince(knex: Knex, householdId: string, day: string): Promise<{ id: string; checkedOn: string; state: string } | null> {
  const r = await knex('household_recheck').select('id', 'checked_on', 'state').where('household_id', householdId).where('checked_on', '>=', day)
    .orderBy([{ column: 'checked_on', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
  return r ? { id: String(r.id), checkedOn: calendarDay(r.checked_on), state: r.state } : null;
}

/**
 * What the exit notice prints for a decided exit, or null when there is none the caller may see
 * (OTHER_ROWS.HouseholdLifecycle: civil affairs, the household's township). One statement.
 */
export async function exitNoticeData(knex: Knex, principal: Principal, recheckKey: string): Promise<ExitNotice | null> {
  if (!mayReadRows(principal.role, 'HouseholdLifecycle')) return null;
  const q = knex('household_recheck as r').join('household_episode as e', 'e.id', 'r.episode_id').join('household as h', 'h.id', 'r.household_id')
    .join('township as t', 't.id', 'r.township_id')
    .where('r.id', recheckKey).where('e.kind', 'EXITED')
    .first('r.id', 'r.checked_on', 'r.decided_on', 'r.decision_reason', 'r.eligibility', 'e.exit_reasons', 'e.payments_stop_from', 'e.gradual_exit_months',
      'h.head_name', 'h.assistance_card_number', 't.code as township_code', 't.name as township_name');
  if (principal.kind === 'TOWNSHIP') q.where('r.township_id', principal.townshipId);
  const r = await q;
  if (!r) return null;
  const eligibility = (typeof r.eligibility === 'string' ? JSON.parse(r.eligibility) : r.eligibility) as { perCapitaMonthlyIncome?: number; allowanceStandard?: number };
  return {
    recheckId: String(r.id), townshipCode: r.township_code, townshipName: r.township_name, headName: r.head_name, assistanceCardNumber: r.assistance_card_number ?? null,
    checkedOn: calendarDay(r.checked_on), decidedOn: calendarDay(r.decided_on), decisionReason: r.decision_reason ?? '', exitReasons: r.exit_reasons ?? [],
    paymentsStopFrom: calendarDay(r.payments_stop_from).slice(0, 7), gradualExitMonths: Number(r.gradual_exit_months ?? 0),
    perCapitaMonthlyIncome: eligibility?.perCapitaMonthlyIncome ?? null, allowanceStandard: eligibility?.allowanceStandard ?? null,
  };
}
