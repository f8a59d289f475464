/**
 * `npm run bench:donors -- [--households N] [--needs M] [--pledges P] [--rankings R]`
 * (defaults 100000, 20000, 5000, 200): the donors module's speed (issue 12) on a PostgreSQL server
 * (DATABASE_URL; a database of its own is created there and dropped afterwards).
 * 1. Ranking the candidate needs of one pledge among M open needs of an N-household county,
 *    through the API (POST /graphql as a charity platform, loopback): p50/p95 over R requests,
 *    each for a different county-wide pledge.
 * 2. A full fair-allocation run of P approved pledges against the M needs, through the API
 *    (runFairAllocation as civil affairs): wall time of the request and the run's own durationMs.
 * A benchmark, not a test: it prints figures (README).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { seedHouseholds, seedReferenceData } from '../db/seed';
import { mintStaffToken } from '../access/tokens';
import { newApiKey } from '../access/tokens';
import { toGlobalId } from '../graphql/relay';
import { countyDayOf, addCalendarDays } from '../shared/county-calendar';
import { integerOption, parseCommandLine } from './args';
import { benchPlatformAndDonor, insertBenchNeeds, insertBenchPledges } from './bench';

const USAGE = 'usage: npm run bench:donors -- [--households N] [--needs M] [--pledges P] [--rankings R]';

async function main() {
  const parsed = parseCommandLine(process.argv.slice(2), { households: { type: 'string' }, needs: { type: 'string' }, pledges: { type: 'string' }, rankings: { type: 'string' } }, USAGE);
  if (!parsed.ok) { console.error(parsed.message); process.exitCode = 2; return; }
  const opt = (k: string, d: number, max: number) => { const n = integerOption(k, parsed.values[k as never], d, 1, max, USAGE); if (typeof n === 'string') throw new Error(n); return n; };
  const households = opt('households', 100_000, 1_000_000);
  const needs = opt('needs', 20_000, 200_000);
  const pledges = opt('pledges', 5_000, 100_000);
  const rankings = opt('rankings', 200, 10_000);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) { console.error('bench:donors: DATABASE_URL (a PostgreSQL server) is required'); process.exitCode = 2; return; }

  // BENCH_DONORS_DB=<name>: reuse a database a run kept (BENCH_DONORS_KEEP=1) instead of seeding a new one.
  const reuse = process.env.BENCH_DONORS_DB;
  const keep = process.env.BENCH_DONORS_KEEP === '1' || !!reuse;
  const name = reuse ?? `bench_donors_${crypto.randomBytes(5).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('BENCH_DONORS_DB: lowercase letters, digits and _ only');
  if (!reuse) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  try {
    const t0 = Date.now();
    if (!reuse) await seed();
    async function seed() {
    await seedReferenceData(db.orm.em.fork());
    await seedHouseholds(db.orm.em.fork(), { households });
    const knex = db.orm.em.getKnex();
    const today = countyDayOf(new Date());
    // M open needs over the households in hardship (a second kind for some when there are fewer households than needs).
    await knex.raw(`delete from need`);
    await insertBenchNeeds(knex, needs);
    // A server's autovacuum analyzes the bulk-loaded tables soon after; the benchmark does not wait for it.
    await knex.raw('analyze household');
    await knex.raw('analyze need');
    // A platform, a donor, P approved pledges: a fifth county-wide, the rest by township or community.
    const { platform, donor } = await benchPlatformAndDonor(knex);
    await insertBenchPledges(knex, { platformId: platform.id, donorId: donor.id, from: 1, to: pledges, validFrom: today, validUntil: addCalendarDays(today, 60) });
    await knex.raw('analyze pledge');
    }
    const knex = db.orm.em.getKnex();
    const openNeeds = Number((await knex('need').count({ n: '*' }).first())!.n);
    await knex('donation_match').delete();
    await knex('allocation_run').delete();
    const key = newApiKey();
    const platform = await knex('charity_platform').where({ code: 'bench-platform' }).first('id');
    await knex('charity_platform_api_key').insert({ platform_id: platform.id, key_id: key.keyId, secret_hash: key.secretHash, label: 'bench', scopes: ['DONORS', 'PLEDGES', 'NEEDS_READ', 'SUBSCRIPTIONS'], created_by: 'bench' });
    console.log(`${reuse ? 'reused' : 'seeded'} database ${name}: ${openNeeds} open needs, ${pledges} pledges, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), JWT_SECRET: process.env.JWT_SECRET ?? crypto.randomBytes(32).toString('hex'), PARTNER_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'silent' });
    const { app, stop } = await createApp(config, db.orm);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const post = async (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark reads the answers it asked for
      const body = await res.json() as { data?: any; errors?: unknown[] };
      if (res.status !== 200 || body.errors) throw new Error(`${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return body.data;
    };
    try {
      const countyPledges: string[] = (await knex('pledge').where({ area_level: 'COUNTY' }).orderBy('id').limit(rankings).pluck('id')).map(String);
      const Q = `query($p: String!) { pledgeCandidates(pledge: $p, first: 20) { rank score factors { factor value points } donationNeed { id kind lackingAmount area { township community } } } }`;
      const as = { 'x-api-key': key.token };
      for (let i = 0; i < 10; i++) await post(as, Q, { p: toGlobalId('Pledge', countyPledges[i % countyPledges.length]) }); // warm-up
      // Baseline: the same key's cheapest call (authentication, rate count, audit of the platform call).
      const base: number[] = [];
      for (let i = 0; i < 100; i++) {
        const s0 = performance.now();
        await post(as, '{ viewer { kind } }');
        base.push(performance.now() - s0);
      }
      base.sort((a, b) => a - b);
      console.log(`baseline { viewer { kind } } as the platform: p50 ${base[50].toFixed(1)} ms, p95 ${base[95].toFixed(1)} ms`);
      const lat: number[] = [];
      let candidates = 0;
      for (let i = 0; i < rankings; i++) {
        const s = performance.now();
        const d = await post(as, Q, { p: toGlobalId('Pledge', countyPledges[i % countyPledges.length]) });
        lat.push(performance.now() - s);
        candidates += d.pledgeCandidates.length;
      }
      lat.sort((a, b) => a - b);
      const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
      console.log(`pledgeCandidates (county-wide pledge, first 20, ${openNeeds} open needs): ${rankings} requests, p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${lat[lat.length - 1].toFixed(1)} ms, ${(candidates / rankings).toFixed(1)} candidates each`);

      const token = await mintStaffToken(config.jwt.secret ?? process.env.JWT_SECRET!, { sub: 'bench', name: 'bench', department: 'CIVIL_AFFAIRS' });
      const s = performance.now();
      const run = await post({ authorization: `Bearer ${token}` }, `mutation { runFairAllocation { run { pledges needs proposals proposedValue durationMs largestShareOfPledge } userErrors { code } } }`);
      const wall = performance.now() - s;
      const r = run.runFairAllocation.run;
      console.log(`runFairAllocation (county): ${r.pledges} pledges × ${r.needs} needs → ${r.proposals} proposals (${r.proposedValue} fen), ${wall.toFixed(0)} ms through the API, ${r.durationMs} ms in the service; largest share of a pledge ${r.largestShareOfPledge}`);
    } finally {
      server.close();
      await stop();
    }
  } finally {
    await db.close();
    if (!keep) {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
