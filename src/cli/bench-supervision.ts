/**
 * `npm run bench:supervision -- [--households N] [--runs R]` (defaults 100000, 7): times the
 * supervision reads (issue 13 speed) through the real app on a PostgreSQL server (DATABASE_URL):
 * the township scorecard of all townships for last year (one SQL statement), the department
 * scorecard, the month-by-month trend the dashboard draws and a drill-down page. Tops the registry
 * up to N households with the demo seed (with their episodes), then simulates last year's work once
 * (src/modules/supervision/supervision.simulation.ts, set-based SQL). Prints the load average and,
 * for each query, the median and best of R runs and the SQL statements it made: served from a kept
 * result that is current, and after writes to one row of the biggest township (a member, a delivery,
 * a warning, a household: the figures reading that table computed afresh for that township; the
 * department scorecard is kept for the whole county, so it is computed whole).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { mintStaffToken } from '../access/tokens';
import { toGlobalId } from '../graphql/relay';
import { countyDayOf } from '../shared/county-calendar';
import { simulateYear } from '../modules/supervision/supervision.simulation';
import { ensureHouseholds } from './bench';
import { type BenchApp, positiveIntegerArg, serveBenchApp } from './bench-support';

async function main(): Promise<void> {
  const households = positiveIntegerArg('households', 100_000);
  const runs = positiveIntegerArg('runs', 7);
  if (!process.env.DATABASE_URL) {
    console.error('bench:supervision: DATABASE_URL is not set, e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchdb npm run bench:supervision');
    process.exit(2);
  }
  const secret = crypto.randomBytes(32).toString('hex');
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: secret, WEBHOOK_SECRET_KEY: crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const db = await openDatabase({ url: config.databaseUrl });
  const knex = db.orm.em.getKnex();
  const year = Number(countyDayOf(new Date()).slice(0, 4)) - 1;
  let served: BenchApp | undefined;
  try {
    const total = await ensureHouseholds(db, households);
    if (!(await knex('plan_item').where('created_by', 'test:simulation').first('id'))) {
      const t0 = Date.now();
      await simulateYear(knex, year);
      await knex.raw('vacuum analyze');
      console.log(`simulated ${year} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const counts = await knex.raw(`select (select count(*) from plan_item) items, (select count(*) from delivery) deliveries, (select count(*) from household_episode) episodes,
      (select count(*) from identification_case) cases, (select count(*) from pairing_ledger_entry) ledger`);
    served = await serveBenchApp(config, db.orm);
    const url = served.url;
    const token = await mintStaffToken(secret, { sub: 'bench', name: 'bench', department: 'CIVIL_AFFAIRS' }, { ttl: '1h', issuer: config.jwt.issuer, audience: config.jwt.audience });
    const township = await knex('township').where('code', '350421100').first('id');
    const biggest = (await knex.raw('select township_id, count(*)::int as households from household group by 1 order by 2 desc limit 1')).rows[0];
    const scenarios: Array<[string, string, Record<string, unknown>]> = [
      ['townshipScorecard (all townships, a year)', `query($p: String!) { townshipScorecard(period: $p) { computedAt townships { township { code } figures { figure value base share rank } } totals { figure value } } }`, { p: String(year) }],
      ['departmentScorecard (a year)', `query($p: String!) { departmentScorecard(period: $p) { measures { measure proposed decided delivered overdue allocations { paidInPeriod } } } }`, { p: String(year) }],
      ['scorecardTrend (12 months, dashboard figures)', `query($p: String!) { scorecardTrend(period: $p, figures: [HOUSEHOLDS_ENTERED, HOUSEHOLDS_EXITED, HOUSEHOLDS_REENTERED, HOUSEHOLDS_ON_LIST, ITEMS_DUE, ITEMS_DELIVERED_ON_TIME]) { month totals { figure value } } }`, { p: String(year) }],
      ['scorecardDrillDown (ITEMS_OVERDUE, first 50)', `query($t: ID!, $p: String!) { scorecardDrillDown(figure: ITEMS_OVERDUE, township: $t, period: $p, first: 50) { totalCount nodes { recordId day household { headName } } } }`, { t: toGlobalId('Township', String(township.id)), p: String(year) }],
    ];
    console.log(`PostgreSQL, ${total} households; ${JSON.stringify(counts.rows[0])}; the biggest township has ${biggest.households}; ${runs} runs each`);
    const ask = async (name: string, query: string, variables: Record<string, unknown>) => {
      let n = 0;
      const count = () => { n++; };
      knex.client.on('query', count);
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = await res.json() as { errors?: unknown[] };
      const ms = performance.now() - t0;
      knex.client.removeListener('query', count);
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
      return { ms, statements: n };
    };
    const report = (name: string, times: number[], statements: number) => {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${name.padEnd(80)} median ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(5)} ms  best ${sorted[0].toFixed(0).padStart(5)} ms  ${statements} SQL statements`);
    };
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    // Writes to one row of the biggest township (a row written, even to the same values, marks its
    // township and table): a member (the re-check figures read members), a delivery (the delivery
    // and money figures), a warning (the warning figures), a household (households on the list and
    // every figure built on them: the dearest).
    const writes: Array<[string, string]> = [
      ['a member', 'update person set updated_at = updated_at where id = (select min(p.id) from person p join household h on h.id = p.household_id where h.township_id = ?)'],
      ['a delivery', 'update delivery set note = note where id = (select min(d.id) from delivery d join plan_item pi on pi.id = d.plan_item_id where pi.township_id = ?)'],
      ['a warning', 'update warning set reason = reason where id = (select min(id) from warning where township_id = ?)'],
      ['a household', 'update household set updated_at = updated_at where id = (select min(id) from household where township_id = ?)'],
    ];
    for (const [name, query, variables] of scenarios) {
      // Kept results (supervision.reader.ts) are served while current: the first answer computes and
      // keeps, the next ones are served. "after a write to …": that write before each run, so each
      // run computes the figures reading that table, of that township (the department scorecard is
      // kept for the county: a write to a table it reads computes it whole). Drill-downs are not kept.
      const served: number[] = [];
      let servedStatements = 0;
      await ask(name, query, variables);
      for (let i = 0; i < runs; i++) {
        const a = await ask(name, query, variables);
        served.push(a.ms);
        servedStatements = a.statements;
      }
      report(`${name}, current`, served, servedStatements);
      for (const [what, sql] of name.startsWith('scorecardDrillDown') ? [] : writes) {
        const fresh: number[] = [];
        let freshStatements = 0;
        for (let i = 0; i < runs; i++) {
          await knex.raw(sql, [biggest.township_id]);
          const b = await ask(name, query, variables);
          fresh.push(b.ms);
          freshStatements = b.statements;
        }
        report(`${name}, after a write to ${what}`, fresh, freshStatements);
      }
    }
  } finally {
    await served?.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
