/**
 * The daily monitoring job (R19 动态管理; issue 11 items 3 and 4), for the CLI
 * (`src/cli/monitoring-daily.ts`) and for tests with their clock:
 *
 * 1. Re-planning. Households to re-plan are found in SQL: those with a member whose birthday at an
 *    age line (16, 18, 60, working age, leaving 0–14) fell since the previous run, and — when a
 *    policy parameter took effect or was entered since the previous run — every household on the
 *    list. They are re-planned in chunks by `replanHouseholds` (measures), a bounded number of
 *    set-based statements per chunk, with the same rule as a profile change: an agreed amount that
 *    no longer fits goes back to the department. Items whose amount a parameter change altered
 *    raise POLICY_CHANGE_ALTERS_AMOUNT.
 * 2. Warnings: every rule of monitoring.rules.ts once over the whole county (one statement each).
 *
 * Idempotent: the run of a county day is recorded in `monitoring_run`; a second call the same day
 * finds the warnings already raised (unique rule + occurrence) and nothing left to re-plan (the
 * window starts at the previous run). Everything commits in one transaction per chunk, then the
 * run row — a job killed half-way is re-run from its previous day.
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { loadPolicy } from '../../policy/policy.reader';
import { addCalendarDays, countyToday } from '../../shared/county-calendar';
import type { InstantSource } from '../../shared/county-calendar';
import { replanHouseholds } from '../measures/measures.service';
import {
  householdsCrossingAgeLines, raiseAgeLineWarnings, raiseAssetWarnings, raiseDeliveryWarnings, raiseFactWarnings, raiseIncomeWarnings,
  raisePolicyChangeWarnings, raiseRecheckWarnings, RuleScope,
} from './monitoring.rules';

export const MONITORING_ACTOR = 'system:monitoring';
/** Households re-planned per transaction. */
export const REPLAN_CHUNK = 2000;
/** Re-planning transactions at a time (each on its own connection of the pool). */
export const REPLAN_WORKERS = 2;

export interface DailyMonitoringOutcome {
  day: string;
  since: string;
  alreadyRun: boolean;
  policyChanged: string[];
  householdsReplanned: number;
  itemsProposed: number;
  itemsWithdrawn: number;
  itemsReopened: number;
  amountsChanged: number;
  warningsRaised: Record<string, number>;
  /** SQL statements the job sent (all of them, reads included). */
  statements: number;
  millis: number;
}

/** Counts the statements a knex instance sends while `work` runs. */
async function counting<T>(knex: Knex, work: () => Promise<T>): Promise<{ value: T; statements: number }> {
  let statements = 0;
  const onQuery = () => { statements++; };
  knex.on('query', onQuery);
  try {
    return { value: await work(), statements };
  } finally {
    knex.removeListener('query', onQuery);
  }
}

export interface DailyMonitoringOptions {
  /** Run again on a day already run. */
  force?: boolean;
  /**
   * Only this township's households (a township catching up, the tests): the run is not recorded
   * as the county's run of the day, and its window starts at `since` (default: the county's last run).
   */
  townshipId?: string;
  since?: string;
}

export async function runDailyMonitoring(em: EntityManager, clock: InstantSource, options: DailyMonitoringOptions = {}): Promise<DailyMonitoringOutcome> {
  const started = Date.now();
  const day = countyToday(clock);
  const knex = em.getKnex();
  const { value, statements } = await counting(knex, async () => {
    const previous = (await knex.raw(`select day::text as day, finished_at from monitoring_run where day < ?::date order by day desc limit 1`, [day])).rows[0];
    const scoped = options.townshipId !== undefined;
    const already = !scoped && (await knex.raw(`select 1 from monitoring_run where day = ?::date`, [day])).rows.length > 0;
    const since: string = options.since ?? previous?.day ?? addCalendarDays(day, -1);
    const out: DailyMonitoringOutcome = {
      day, since, alreadyRun: already && !options.force, policyChanged: [], householdsReplanned: 0, itemsProposed: 0, itemsWithdrawn: 0, itemsReopened: 0,
      amountsChanged: 0, warningsRaised: {}, statements: 0, millis: 0,
    };
    if (out.alreadyRun) return out;
    const policy = await loadPolicy(knex, day);
    const householdIds = scoped
      ? (await knex.raw(`select id from household where township_id = ? order by id`, [options.townshipId!])).rows.map((r: { id: string }) => String(r.id))
      : undefined;
    const scope: RuleScope = { day, since, actor: MONITORING_ACTOR, policy, householdIds };
    const lastFinished: Date | null = scoped ? null : previous?.finished_at ?? null;
    const at = clock.now();

    // 1. What changed since the previous run: parameters taking effect, or entered (set_at) since.
    const changedKeys: Array<{ key: string; effective_from: string }> = (await knex.raw(
      `select key, effective_from::text as effective_from from policy_parameter
        where effective_from <= ?::date and (effective_from > ?::date or (?::timestamptz is not null and set_at > ?::timestamptz))
        order by key, effective_from`,
      [day, since, lastFinished, lastFinished],
    )).rows;
    out.policyChanged = changedKeys.map((k) => `${k.key}@${k.effective_from}`);
    // A parameter change re-plans every household on the list (in scope); otherwise only those
    // whose members crossed an age line. (The very first run has no window: it re-plans nothing
    // for parameters, the plans having been made under the policy in force.)
    const targets = changedKeys.length && (previous || scoped)
      ? (await knex.raw(`select id from household where status = 'IN_HARDSHIP'${householdIds ? ' and id = any(?::bigint[])' : ''} order by id`, householdIds ? [householdIds] : [])).rows.map((r: { id: string }) => String(r.id))
      : await householdsCrossingAgeLines(knex, scope);
    const changeKey = changedKeys.length ? `${day}` : '';
    const chunks: string[][] = [];
    for (let i = 0; i < targets.length; i += REPLAN_CHUNK) chunks.push(targets.slice(i, i + REPLAN_CHUNK));
    // Chunks touch disjoint households: REPLAN_WORKERS transactions at a time, so the database
    // writes one chunk while the planner computes the next.
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        await em.fork().transactional(async (tx) => {
          const r = await replanHouseholds(tx, chunk, day, MONITORING_ACTOR, at);
          out.itemsProposed += r.proposed;
          out.itemsWithdrawn += r.withdrawn;
          out.itemsReopened += r.reopened;
          out.amountsChanged += r.amounts.length;
          if (changeKey) {
            const n = await raisePolicyChangeWarnings(sqlOf(tx), scope, r.amounts, changeKey);
            out.warningsRaised.POLICY_CHANGE_ALTERS_AMOUNT = (out.warningsRaised.POLICY_CHANGE_ALTERS_AMOUNT ?? 0) + n;
          }
        });
        out.householdsReplanned += chunk.length;
      }
    };
    await Promise.all(Array.from({ length: Math.min(REPLAN_WORKERS, chunks.length) }, worker));

    // 2. The warning rules over the county, one statement each, in one transaction with the run row.
    await em.fork().transactional(async (tx) => {
      const k = sqlOf(tx);
      const raised = out.warningsRaised;
      raised.AGE_LINE_CROSSED = await raiseAgeLineWarnings(k, scope);
      raised.INCOME_ABOVE_LINE = await raiseIncomeWarnings(k, scope);
      raised.ASSETS_ABOVE_LINE = await raiseAssetWarnings(k, scope);
      raised.NO_DELIVERY_IN_DUE_PERIOD = await raiseDeliveryWarnings(k, scope);
      raised.FACTS = await raiseFactWarnings(k, scope, undefined, lastFinished ? new Date(new Date(lastFinished).getTime() - 86_400_000) : undefined, householdIds);
      raised.RECHECK_OVERDUE = await raiseRecheckWarnings(k, scope);
      if (!scoped) await k.raw(
        `insert into monitoring_run (day, finished_at, stats) values (?::date, ?, ?::jsonb)
         on conflict (day) do update set finished_at = excluded.finished_at, stats = excluded.stats`,
        [day, clock.now(), JSON.stringify({ ...out, statements: undefined })],
      );
    });
    return out;
  });
  value.statements = statements;
  value.millis = Date.now() - started;
  return value;
}
