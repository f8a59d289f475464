/**
 * `npm run bench:monitoring -- [--households N]` (default 100000): times the daily monitoring
 * job (issue 11: warnings and re-planning) on a PostgreSQL server (DATABASE_URL), with a clock of
 * its own on days after every run recorded in the database (so it can be repeated):
 *   day 1  a first run (records the window; plans nothing for parameters);
 *   day 2  a minimum-wage change takes effect: every household on the list is re-planned (on a
 *          fresh database this is also the first planning: every item inserted);
 *   day 3  another minimum-wage change: every household re-planned again (the amounts change,
 *          agreed items go back to their department, POLICY_CHANGE_ALTERS_AMOUNT raised) — the
 *          worst day of a county;
 *   day 4  an ordinary day: age lines and the warning rules only.
 * Prints each day's time, households re-planned, warnings raised by rule and SQL statements.
 */
import 'reflect-metadata';
import { openDatabase } from '../db/database';
import { runDailyMonitoring } from '../modules/monitoring/monitoring.job';
import { addCalendarDays, countyDayOf } from '../shared/county-calendar';
import { ensureHouseholds } from './bench';
import { positiveIntegerArg } from './bench-support';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.error('bench:monitoring: DATABASE_URL is not set, e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchdb npm run bench:monitoring');
    process.exit(2);
  }
  const households = positiveIntegerArg('households', 100_000);
  const db = await openDatabase({ url: process.env.DATABASE_URL });
  try {
    const total = await ensureHouseholds(db, households);
    const knex = db.orm.em.getKnex();
    const onList = Number((await knex('household').where('status', 'IN_HARDSHIP').count({ n: '*' }).first())!.n);
    const last = (await knex.raw(`select coalesce(max(day), ?::date)::text as day from monitoring_run`, [countyDayOf(new Date())])).rows[0].day as string;
    const start = addCalendarDays(last, 1);
    const wage = Number((await knex('policy_parameter').where('key', 'MINIMUM_WAGE_MONTHLY').orderBy('effective_from', 'desc').first()).value);
    console.log(`${total} households (${onList} on the list); days from ${start}`);
    const days: Array<{ label: string; day: string; wage?: number }> = [
      { label: 'day 1 (first run)', day: start },
      { label: 'day 2 (minimum wage change: re-plan all)', day: addCalendarDays(start, 1), wage: wage + 1000 },
      { label: 'day 3 (another change: re-plan all, amounts back to departments)', day: addCalendarDays(start, 2), wage: wage + 3000 },
      { label: 'day 4 (ordinary day)', day: addCalendarDays(start, 3) },
    ];
    for (const d of days) {
      if (d.wage) {
        await knex('policy_parameter').insert({ key: 'MINIMUM_WAGE_MONTHLY', value: d.wage, effective_from: d.day, set_by: 'system:bench-monitoring', reason: 'bench:monitoring' });
      }
      const clock = { now: () => new Date(`${d.day}T01:00:00Z`) };
      const r = await runDailyMonitoring(db.orm.em.fork(), clock);
      const warnings = Object.entries(r.warningsRaised).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
      console.log(`${d.label}: ${(r.millis / 1000).toFixed(2)} s, ${r.statements} statements; re-planned ${r.householdsReplanned} households ` +
        `(${r.itemsProposed} items proposed, ${r.amountsChanged} amounts changed, ${r.itemsReopened} back to departments, ${r.itemsWithdrawn} withdrawn); warnings: ${warnings}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
