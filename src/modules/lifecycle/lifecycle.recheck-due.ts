/**
 * The re-check due rule (R19) and the kept due days the queue reads (issue 10).
 *
 * `recheckDueRowsSql` is the one definition of the due day; `refreshRecheckDue` keeps
 * `recheck_due` equal to it for the request's day (Migration20261202140000_recheck_due: triggers
 * mark the households a write touched; the calendar makes rows stale by `valid_until`; a change of
 * the policy numbers in force recomputes every household on the list). A queue read first
 * refreshes what is stale — nothing, usually: one cheap statement — then pages the kept rows, so
 * its cost follows the page and the stale households, not the county.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { runPrepared } from '../../db/prepared';
import type { PolicyValues } from '../../policy/parameter-definitions';
import { loadPolicy } from '../../policy/policy.reader';
import { countyDayOf } from '../../shared/county-calendar';

/**
 * THE re-check due rule (R19), as SQL text others embed — lifecycle's queue and monitoring's
 * RECHECK_OVERDUE warning (through recheckDueSql, policy of today) and supervision's scorecard
 * figures RECHECKS_ON_TIME / RECHECKS_OVERDUE (as of a past day, policy in force that day): one
 * definition, so the queue and the scorecard cannot disagree. Rows (household_id, township_id,
 * on_list_since, last_checked_on, cadence_months, due_on) of every household on the list as of the
 * SQL date expression `day` (its latest episode started by then is not an exit). Due day = the later
 * of that episode's day and the last re-check recorded (checked_on) by `day`, plus the cadence for its
 * category and risk: extreme poverty → RECHECK_MONTHS_EXTREME_POVERTY; a current member with wage or
 * business income, or of working age (I2) on `day` with FULL or PARTIAL capacity →
 * RECHECK_MONTHS_VARIABLE; otherwise RECHECK_MONTHS_STABLE. `p` gives each policy number as an SQL
 * expression (a literal, or a lookup of the value in force on `day`). Members are today's rows (the
 * person table keeps no history of income or capacity). `where` narrows `household h`; no binds.
 */
/** The tables recheckDueRowsSql reads with the policy in force (what a kept figure built on it depends on). */
export const RECHECK_DUE_READS = ['household', 'household_episode', 'household_recheck', 'person', 'policy_parameter'] as const;

export interface RecheckPolicySql { extreme: string; variable: string; stable: string; workingAgeMin: string; retirementAge: string }
export function recheckDueRowsSql(day: string, p: RecheckPolicySql, where = 'true'): string {
  return `select h.id as household_id, h.township_id, cur.started_on as on_list_since, last.day as last_checked_on, m.months as cadence_months,
        (greatest(cur.started_on, coalesce(last.day, cur.started_on)) + make_interval(months => m.months))::date as due_on
      from household h
      cross join lateral (select e.kind, e.started_on, e.categories from household_episode e where e.household_id = h.id and e.started_on <= (${day})
                          order by e.started_on desc, e.id desc limit 1) cur
      left join lateral (select max(r.checked_on) as day from household_recheck r where r.household_id = h.id and r.checked_on <= (${day})) last on true
      -- Per household through person_household_idx (an EXISTS became a hashed seq scan of every person: 3× slower).
      cross join lateral (select coalesce(bool_or(p.income_wages + p.income_business > 0
                                               or (p.work_capacity in ('FULL', 'PARTIAL')
                                                   and p.birth_date <= ((${day}) - make_interval(years => (${p.workingAgeMin})::int))::date
                                                   and p.birth_date > ((${day}) - make_interval(years => (${p.retirementAge})::int))::date)), false) as variable
                            from person p where p.household_id = h.id and p.removed_at is null) v
      cross join lateral (select case when 'EXTREME_POVERTY' = any(cur.categories) then (${p.extreme})::int when v.variable then (${p.variable})::int
                                      else (${p.stable})::int end as months) m
      where cur.kind <> 'EXITED' and (${where})`;
}

/** The policy numbers of the due rule as the value in force on the SQL date `day` (policy_parameter). */
export function recheckPolicyInForceSql(day: string): RecheckPolicySql {
  const at = (key: string) => `(select pp.value from policy_parameter pp where pp.key = '${key}' and pp.effective_from <= (${day}) order by pp.effective_from desc limit 1)`;
  return { extreme: at('RECHECK_MONTHS_EXTREME_POVERTY'), variable: at('RECHECK_MONTHS_VARIABLE'), stable: at('RECHECK_MONTHS_STABLE'), workingAgeMin: at('WORKING_AGE_MIN'), retirementAge: at('RETIREMENT_AGE') };
}

/**
 * The re-check due day of every household on the list today (R19), for the queue and monitoring:
 * recheckDueRowsSql as of `today` under `policy` (today's), for households still IN_HARDSHIP.
 * `where` narrows `household h` (with its `?` parameters in `whereParams`).
 */
export function recheckDueSql(policy: PolicyValues, today: string, where = 'true', whereParams: unknown[] = []): { sql: string; params: unknown[] } {
  const sql = recheckDueRowsSql(dayLiteral(today), {
    extreme: int(policy.RECHECK_MONTHS_EXTREME_POVERTY), variable: int(policy.RECHECK_MONTHS_VARIABLE), stable: int(policy.RECHECK_MONTHS_STABLE),
    workingAgeMin: int(policy.WORKING_AGE_MIN), retirementAge: int(policy.RETIREMENT_AGE),
  }, `h.status = 'IN_HARDSHIP' and (${where})`);
  return { sql, params: whereParams };
}

/** A county day as an SQL literal; anything but YYYY-MM-DD is refused (the rule's SQL inlines it). */
function dayLiteral(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`re-check due rule: not a day: ${day}`);
  return `'${day}'::date`;
}

/** A policy number as an SQL integer literal; anything but an integer is refused. */
function int(v: number): string {
  if (!Number.isInteger(Number(v))) throw new Error(`re-check due rule: not an integer: ${v}`);
  return String(Number(v));
}

/** One lock for every refresher: two refreshes writing the same rows from different snapshots could leave the older. */
const REFRESH_LOCK = `hashtext('recheck_due.refresh')`;

/** The policy numbers of the rule, as kept in recheck_due_state. */
function policyKey(policy: PolicyValues): string {
  return JSON.stringify([policy.RECHECK_MONTHS_EXTREME_POVERTY, policy.RECHECK_MONTHS_VARIABLE, policy.RECHECK_MONTHS_STABLE, policy.WORKING_AGE_MIN, policy.RETIREMENT_AGE]);
}

/**
 * Brings `recheck_due` up to `today` under `policy` (today's): recomputes the households marked
 * stale by a write, those whose row the calendar made stale (a day before it was computed, or from
 * its `valid_until`), or all of them when the policy numbers differ from those the rows were
 * computed under. One statement when nothing is stale; otherwise a transaction under REFRESH_LOCK.
 * Returns the number of households recomputed.
 */
export async function refreshRecheckDue(knex: Knex, today: string, policy: PolicyValues): Promise<number> {
  const day = dayLiteral(today);
  const key = policyKey(policy);
  const [check] = await runPrepared<{ current: boolean; stale: boolean }>(knex.raw(
    // Each part an ordered first row of an index, so it costs the same however many rows (or dead
    // rows of the last recompute) the tables hold, and whatever their statistics say.
    `select coalesce((select s.policy = ? from recheck_due_state s where s.id = 1), false) as current,
            (select s.household_id from recheck_due_stale s order by s.household_id limit 1) is not null
            or coalesce((select d.valid_until from recheck_due d where d.valid_until is not null order by d.valid_until limit 1) <= ?::date, false)
            or coalesce((select d.computed_on from recheck_due d order by d.computed_on desc limit 1) > ?::date, false) as stale`,
    [key, today, today],
  ));
  if (check.current && !check.stale) return 0;
  return knex.transaction(async (trx) => {
    // JIT off for the transaction: with estimates from the tables' statistics (a full recompute's
    // 100,000 marked rows) PostgreSQL compiled a 10 ms refresh's plan for 0.96 s.
    await trx.raw(`select set_config('jit', 'off', true), pg_advisory_xact_lock(${REFRESH_LOCK})`);
    const state = await trx('recheck_due_state').where('id', 1).first('policy');
    if (state?.policy !== key) {
      // Every household on the list, under the numbers now in force (the rows of the others go).
      await trx.raw('delete from recheck_due');
      await trx.raw('delete from recheck_due_day');
      await trx.raw(`select recheck_due_mark(array(select h.id from household h where h.status = 'IN_HARDSHIP'))`);
      await trx.raw(`insert into recheck_due_state (id, policy, computed_at) values (1, ?, now()) on conflict (id) do update set policy = excluded.policy, computed_at = excluded.computed_at`, [key]);
    }
    // What to recompute, read first into arrays (usually a handful): the marks with their numbers,
    // and the rows the calendar made stale. As parameters their sizes are known to the planner,
    // which plans index lookups per household; inside the statement it planned from the tables'
    // statistics, which after a full recompute still counted millions of rows (a 10 ms refresh took
    // 0.3 s at 1,000,000 households). A mark re-numbered after this read is not removed below.
    const marks = (await trx.raw('select s.household_id, s.mark from recheck_due_stale s order by s.household_id')).rows as Array<{ household_id: string; mark: string }>;
    const aged = (await trx.raw(
      `select d.household_id from recheck_due d where d.valid_until <= ${day} union select d.household_id from recheck_due d where d.computed_on > ${day}`,
    )).rows as Array<{ household_id: string }>;
    const ids = [...new Set([...marks.map((m) => String(m.household_id)), ...aged.map((a) => String(a.household_id))])];
    if (ids.length === 0) return 0;
    const due = recheckDueSql(policy, today, 'h.id in (select household_id from ids)');
    const years = (n: number) => `make_interval(years => ${int(n)})`;
    // The days after `today` on which the rule's answer may change by the calendar: a member with
    // working capacity reaching the working age or leaving it (the day the years add up to, and the
    // next, for those born on 29 February), an episode or re-check dated after today.
    await trx.raw(
      `with ids as materialized (select unnest(?::bigint[]) as household_id),
            marks as (select * from unnest(?::bigint[], ?::bigint[]) as m(household_id, mark)),
            fresh as materialized (${due.sql}),
            cal as materialized (
              select i.household_id, least(
                (select min(x.c) from person p
                   cross join lateral (values ((p.birth_date + ${years(policy.WORKING_AGE_MIN)})::date), ((p.birth_date + ${years(policy.WORKING_AGE_MIN)})::date + 1),
                                              ((p.birth_date + ${years(policy.RETIREMENT_AGE)})::date), ((p.birth_date + ${years(policy.RETIREMENT_AGE)})::date + 1)) x(c)
                  where p.household_id = i.household_id and p.removed_at is null and p.work_capacity in ('FULL', 'PARTIAL') and x.c > ${day}),
                (select min(e.started_on) from household_episode e where e.household_id = i.household_id and e.started_on > ${day}),
                (select min(r.checked_on) from household_recheck r where r.household_id = i.household_id and r.checked_on > ${day}))::date as valid_until
                from ids i),
            cleared as (delete from recheck_due_stale s using marks m where s.household_id = m.household_id and s.mark = m.mark),
            gone as (
              delete from recheck_due d using cal c where d.household_id = c.household_id and c.valid_until is null
                 and not exists (select 1 from fresh f where f.household_id = c.household_id)),
            kept as (
              insert into recheck_due as d (household_id, township_id, due_on, on_list_since, last_checked_on, cadence_months, computed_on, valid_until)
              select c.household_id, h.township_id, f.due_on, f.on_list_since, f.last_checked_on, f.cadence_months, ${day}, c.valid_until
                from cal c join household h on h.id = c.household_id left join fresh f on f.household_id = c.household_id
               where f.household_id is not null or c.valid_until is not null
               order by c.household_id
              on conflict (household_id) do update set township_id = excluded.township_id, due_on = excluded.due_on, on_list_since = excluded.on_list_since,
                last_checked_on = excluded.last_checked_on, cadence_months = excluded.cadence_months, computed_on = excluded.computed_on, valid_until = excluded.valid_until
              returning 1),
            -- The day counts: −1 for each old row in the queue's days, +1 for each new one, netted.
            counted as (
              insert into recheck_due_day as t (township_id, due_on, households)
              select x.township_id, x.due_on, sum(x.n) from (
                select d.township_id, d.due_on, -1 as n from recheck_due d join ids i on i.household_id = d.household_id where d.due_on is not null
                union all
                select f.township_id, f.due_on, 1 from fresh f) x
               group by 1, 2 having sum(x.n) <> 0 order by 1, 2
              on conflict (township_id, due_on) do update set households = t.households + excluded.households)
       select 1`,
      [ids, marks.map((m) => String(m.household_id)), marks.map((m) => String(m.mark)), ...due.params] as never[],
    );
    return ids.length;
  });
}

/** The refresh for the county day of `now` under the policy in force that day (the server's periodic job). */
export async function refreshRecheckDueToday(knex: Knex, now: Date): Promise<number> {
  const today = countyDayOf(now);
  return refreshRecheckDue(knex, today, (await loadPolicy(knex, today)).values);
}
