/**
 * `npm run bench:lifecycle -- [--households N] [--runs R]` (defaults 100000, 7): times the
 * lifecycle's reads (issue 11 speed) through the real app on a PostgreSQL server (DATABASE_URL):
 * `householdStatistics(asOf:)` for a past day, the monthly flow report for a year, the re-check
 * queue's first page and a page of 50 households asOf a past day. Tops the registry up to N
 * households with the demo seed (which gives them their episodes), then adds a year of churn once
 * (about 6% of the households on the list exit, a sixth of those re-enter; set-based SQL), so the
 * flow report has flows to count. Prints each query's median and best of R runs and its SQL statements.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { mintStaffToken } from '../access/tokens';
import { toGlobalId } from '../graphql/relay';
import { refreshRecheckDue } from '../modules/lifecycle/lifecycle.recheck-due';
import { loadPolicy } from '../policy/policy.reader';
import { addCalendarDays, countyDayOf } from '../shared/county-calendar';
import { ensureHouseholds } from './bench';
import { type BenchApp, positiveIntegerArg, serveBenchApp } from './bench-support';

const CHURN_ACTOR = 'system:bench-churn';

/** A year of exits and re-entries, once per database (marked by its actor). */
async function addChurn(knex: import('@mikro-orm/postgresql').Knex, today: string): Promise<void> {
  const done = await knex('household_episode').where('created_by', CHURN_ACTOR).first('id');
  if (done) return;
  const yearAgo = addCalendarDays(today, -365);
  await knex.transaction(async (trx) => {
    // Exits spread over the last year, of households on the list confirmed before it.
    await trx.raw(`insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, causes, primary_cause,
                     exit_reasons, payments_stop_from, gradual_exit_months, decided_on, decided_by, created_by)
      select e.household_id, e.township_id, 'EXITED', d.day, e.id, e.categories, e.causes, e.primary_cause,
             array[(array['INCOME_ABOVE_LINE','ASSETS_ABOVE_LIMIT','MOVED_AWAY','DIED','ON_REQUEST'])[1 + (e.household_id % 5)::int]],
             (date_trunc('month', d.day) + interval '1 month')::date, 0, d.day, ?, ?
        from household_episode e join household h on h.id = e.household_id and h.status = 'IN_HARDSHIP'
        cross join lateral (select (?::date + (e.household_id % 360)::int) as day) d
       where e.kind = 'CONFIRMED' and e.started_on < ?::date and e.household_id % 16 = 3
         and not exists (select 1 from household_episode x where x.previous_episode_id = e.id)`, [CHURN_ACTOR, CHURN_ACTOR, yearAgo, yearAgo]);
    // A sixth of them re-enter some weeks later (before today).
    await trx.raw(`insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, causes, primary_cause, decided_on, decided_by, created_by)
      select x.household_id, x.township_id, 'REENTERED', d.day, x.id, x.categories, x.causes, x.primary_cause, d.day, ?, ?
        from household_episode x cross join lateral (select least(?::date, x.started_on + 20 + (x.household_id % 60)::int) as day) d
       where x.created_by = ? and x.kind = 'EXITED' and x.household_id % 6 = 1`, [CHURN_ACTOR, CHURN_ACTOR, today, CHURN_ACTOR]);
    await trx.raw(`update household h set status = 'EXITED', updated_by = ?, updated_at = now(), version = version + 1
      where h.status = 'IN_HARDSHIP' and (select e.kind from household_episode e where e.household_id = h.id order by e.started_on desc, e.id desc limit 1) = 'EXITED'`, [CHURN_ACTOR]);
  });
  await knex.raw('vacuum analyze household_episode, household, record_history');
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.error('bench:lifecycle: DATABASE_URL is not set (a PostgreSQL server), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchdb npm run bench:lifecycle');
    process.exit(2);
  }
  const households = positiveIntegerArg('households', 100_000);
  const runs = positiveIntegerArg('runs', 7);
  const secret = process.env.JWT_SECRET ?? crypto.randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: secret,
    WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', SEED_DEMO: 'false',
  });
  const db = await openDatabase({ url: config.databaseUrl });
  const knex = db.orm.em.getKnex();
  let served: BenchApp | undefined;
  try {
    const total = await ensureHouseholds(db, households);
    const today = countyDayOf(new Date());
    await addChurn(knex, today);
    const counts = (await knex.raw(`select (select count(*) from household_episode) as episodes, (select count(*) from record_history) as history,
      (select count(*) from household where status = 'IN_HARDSHIP') as on_list`)).rows[0];
    const township = (await knex.raw('select township_id, count(*) as n from household group by township_id order by n desc limit 1')).rows[0] as { township_id: string } | undefined;

    served = await serveBenchApp(config, db.orm);
    const url = served.url;
    const civil = await mintStaffToken(secret, { sub: 'bench', name: 'bench', department: 'CIVIL_AFFAIRS' }, { ttl: '1h', issuer: config.jwt.issuer, audience: config.jwt.audience });
    const leading = await mintStaffToken(secret, { sub: 'bench', name: 'bench', department: 'LEADING_GROUP' }, { ttl: '1h', issuer: config.jwt.issuer, audience: config.jwt.audience });
    const townshipGlobal = toGlobalId('Township', String(township!.township_id));
    const past = addCalendarDays(today, -180);
    const year = Number(today.slice(0, 4));

    let statements = 0;
    knex.client.on('query', () => statements++);
    const time = async (name: string, token: string, query: string, variables: Record<string, unknown>, before?: () => Promise<void>) => {
      const ms: number[] = [];
      let perRequest = 0;
      for (let i = 0; i < runs; i++) {
        await before?.();
        const counted = statements;
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
        const body = await res.json() as { errors?: unknown };
        ms.push(performance.now() - t0);
        perRequest = statements - counted;
        if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      }
      ms.sort((a, b) => a - b);
      console.log(`${name.padEnd(58)} median ${ms[Math.floor(ms.length / 2)].toFixed(0).padStart(5)} ms   best ${ms[0].toFixed(0).padStart(5)} ms   ${perRequest} statements`);
    };

    console.log(`\n${total} households, ${counts.on_list} on the list, ${counts.episodes} episodes, ${counts.history} history rows; ${runs} runs each, sequential\n`);
    const STATS = `query($d: Date, $t: ID) { householdStatistics(asOf: $d, township: $t) { byTownship { township { name } status households persons } byCategory { category households } byCause { cause households } } }`;
    await time(`householdStatistics(asOf: ${past}) county`, leading, STATS, { d: past });
    await time(`householdStatistics(asOf: ${past}) one township`, leading, STATS, { d: past, t: townshipGlobal });
    await time('householdStatistics (today, tallies) county', leading, STATS, {});
    const FLOW = `query($y: Int!, $t: ID) { householdFlowReport(year: $y, township: $t) { months { township { name } month openingOnList entries reentries exits exitsByReason { reason exits } onList turnoverRate reconciles } } }`;
    await time(`householdFlowReport(year: ${year}) county`, leading, FLOW, { y: year });
    await time(`householdFlowReport(year: ${year - 1}) county`, leading, FLOW, { y: year - 1 });
    await time(`householdFlowReport(year: ${year}) one township`, leading, FLOW, { y: year, t: townshipGlobal });
    // The queue's kept due days (issue 10): computed for every household on the list once (a new
    // day's stale rows, or a new policy number, cost that at most), then each read pages them.
    await knex('recheck_due_state').delete();
    const t0 = performance.now();
    const recomputed = await refreshRecheckDue(knex, today, (await loadPolicy(knex, today)).values);
    console.log(`${'recheck_due computed for every household on the list'.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(12)} ms   ${recomputed} households`);
    const QUEUE = `query($t: ID) { recheckQueue(township: $t, first: 50) { totalCount nodes { dueOn status household { id } } } }`;
    await time('recheckQueue(first: 50) biggest township', civil, QUEUE, { t: townshipGlobal });
    const marked = (await knex('household').where({ township_id: township!.township_id, status: 'IN_HARDSHIP' }).orderBy('id').first('id')).id;
    const writes = async () => { await knex('household').where('id', marked).update({ updated_at: knex.fn.now() }); };
    await writes();
    await time('recheckQueue(first: 50) after a write to one household', civil, QUEUE, { t: townshipGlobal }, writes);
    await time(`households(first: 50) asOf(${past}) with members`, civil,
      `query($t: ID!, $d: Date!) { households(first: 50, filter: { township: $t }) { nodes { id asOf(day: $d) { status categories memberCount members { name } } } } }`, { t: townshipGlobal, d: past });
  } finally {
    await served?.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
