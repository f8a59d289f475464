/**
 * `npm run bench -- [--households N] [--clients C] [--seconds S] [--page P]`
 * (defaults 100000, 8, 15, 50): bounded loopback load against the real app on a PostgreSQL
 * server (DATABASE_URL). Tops the registry up to N households, starts the app in-process on an
 * ephemeral 127.0.0.1 port, runs C concurrent loops for S seconds per scenario, and prints
 * requests, errors, req/s, p50/p95/p99 latency and SQL statements per request. The load runs in
 * the same process as the server, so figures include the client's own share of the CPU.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { seedHouseholds, seedReferenceData } from '../db/seed';
import { mintStaffToken, newApiKey, StaffClaims } from '../access/tokens';
import { addCalendarDays, countyDayOf } from '../shared/county-calendar';
import { toGlobalId } from '../graphql/relay';
import { integerOption, parseCommandLine } from './args';
import { type BenchApp, closedLoopLoad, percentile, serveBenchApp } from './bench-support';

const USAGE = 'usage: npm run bench -- [--households N] [--clients C] [--seconds S] [--page P]';
const REQUEST_TIMEOUT_MS = 30_000;

interface Options { households: number; clients: number; seconds: number; page: number }

function parseArgs(args: string[]): Options | string {
  const defaults: Options = { households: 100_000, clients: 8, seconds: 15, page: 50 };
  const limits: Record<keyof Options, [number, number]> = {
    households: [0, 1_000_000], clients: [1, 64], seconds: [1, 600], page: [1, 100],
  };
  const parsed = parseCommandLine(args, { households: { type: 'string' }, clients: { type: 'string' }, seconds: { type: 'string' }, page: { type: 'string' } }, USAGE);
  if (!parsed.ok) return parsed.message;
  const opts = { ...defaults };
  for (const key of Object.keys(limits) as Array<keyof Options>) {
    const n = integerOption(key, parsed.values[key], defaults[key], limits[key][0], limits[key][1], USAGE);
    if (typeof n === 'string') return n;
    opts[key] = n;
  }
  return opts;
}

interface Scenario {
  name: string;
  token: string;
  query: string;
  /** Variables of the next request of one loop, given the previous response's data (null at start). */
  next(prev: unknown): Record<string, unknown>;
}

interface Result { requests: number; errors: number; seconds: number; latencies: number[] }

const HOUSEHOLDS = `query($first: Int!, $after: String, $filter: HouseholdFilter) {
  households(first: $first, after: $after, filter: $filter, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id headName memberCount township { name } community { name } members { id name idNumber age relationToHead } }
  }
}`;

const STATISTICS = `query {
  householdStatistics {
    byCategory { category households }
    byCause { cause households }
    byTownship { township { name } status households persons }
  }
}`;

/** Forward paging: the next page after the previous response's endCursor, from the top again at the end. */
function pager(page: number, filter?: Record<string, unknown>): (prev: unknown) => Record<string, unknown> {
  return (prev) => {
    const info = (prev as { households?: { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } } | null)?.households?.pageInfo;
    return { first: page, after: info?.hasNextPage ? info.endCursor : null, filter: filter ?? null };
  };
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<{ ok: boolean; data: unknown }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
    return { ok: res.ok && !body.errors?.length && body.data != null, data: body.data ?? null };
  } catch {
    return { ok: false, data: null };
  }
}

async function runLoad(url: string, s: Scenario, clients: number, seconds: number): Promise<Result> {
  const { latencies, errors, seconds: elapsed } = await closedLoopLoad(clients, seconds, (prev) => post(url, s.token, s.query, s.next(prev)));
  return { requests: latencies.length, errors, seconds: elapsed, latencies };
}

/**
 * Tops the registry of `db` up to `households` (reference data first); answers how many there are.
 * Shared with `npm run bench:compare` (src/cli/bench-compare.ts).
 */
export async function ensureHouseholds(db: Awaited<ReturnType<typeof openDatabase>>, households: number): Promise<number> {
  const knex = db.orm.em.getKnex();
  await seedReferenceData(db.orm.em.fork());
  const have = Number((await knex('household').count<Array<{ count: string }>>({ count: '*' }))[0].count);
  if (have < households) {
    console.log(`Seeding ${households - have} households (have ${have}) ...`);
    const r = await seedHouseholds(db.orm.em.fork(), { households: households - have });
    console.log(`  ${r.households} households, ${r.persons} persons in ${(r.ms / 1000).toFixed(1)} s`);
    await knex.raw('vacuum analyze household, person'); // as autovacuum would: index-only counts
  }
  return Number((await knex('household').count<Array<{ count: string }>>({ count: '*' }))[0].count);
}

/** The kinds of need the giving seed spreads over (as bench:donors). */
export const NEED_KINDS = ['EMPLOYMENT', 'MEDICAL', 'SCHOOLING', 'HOUSING', 'LIVING', 'SOCIAL_INSURANCE', 'UTILITIES'];

/** `count` open needs over the households in hardship, up to four kinds each (bench:compare and bench:donors). */
export async function insertBenchNeeds(knex: Knex, count: number): Promise<void> {
  await knex.raw(
    `insert into need (household_id, township_id, community_id, kind, uncovered_amount, urgency, description, created_by, updated_by, created_at, updated_at)
     select h.id, h.township_id, h.community_id, (?::text[])[1 + (h.id + k) % 7], (1 + (h.id * 7 + k) % 30) * 10000,
            (array['LOW', 'MEDIUM', 'HIGH'])[1 + (h.id + k) % 3], '生活物资缺口', 'bench', 'bench', now() - ((h.id % 120) || ' days')::interval, now()
       from household h cross join generate_series(0, 3) k
      where h.status = 'IN_HARDSHIP'
      order by k, h.id limit ?`, [NEED_KINDS, count]);
}

/** The bench charity platform `bench-platform` and its one donor, made when missing. */
export async function benchPlatformAndDonor(knex: Knex): Promise<{ platform: { id: string }; donor: { id: string } }> {
  await knex.raw(`insert into charity_platform (code, name, unified_social_credit_code, designated_fundraising_platform, designation_reference, created_by, updated_by)
    values ('bench-platform', '压测平台', '533504210000000015', true, 'bench', 'bench', 'bench') on conflict do nothing`);
  const platform = await knex('charity_platform').where({ code: 'bench-platform' }).first('id');
  await knex.raw(`insert into donor (platform_id, display_name, kind, platform_reference, created_by, updated_by) values (?, '压测捐赠人', 'ENTERPRISE', 'BENCH-1', 'bench', 'bench')
    on conflict (platform_id, platform_reference) do nothing`, [platform.id]);
  const donor = await knex('donor').where({ platform_id: platform.id, platform_reference: 'BENCH-1' }).first('id');
  return { platform, donor };
}

/** Approved pledges number `from`..`to` of the platform's donor: a fifth county-wide, the rest by township or community. */
export async function insertBenchPledges(knex: Knex, p: { platformId: string; donorId: string; from: number; to: number; validFrom: string; validUntil: string }): Promise<void> {
  await knex.raw(
    `insert into pledge (platform_id, donor_id, resource, need_kinds, area_level, township_id, community_id, quantity, unit, unit_value, cap_per_household, description,
                         valid_from, valid_until, status, created_by, updated_by)
     select ?, ?, case when i % 2 = 0 then 'MONEY' else 'GOODS' end, array[(?::text[])[1 + i % 7], (?::text[])[1 + (i + 3) % 7]],
            case when i % 5 = 0 then 'COUNTY' when i % 5 in (1, 2) then 'TOWNSHIP' else 'COMMUNITY' end,
            case when i % 5 = 0 then null else c.township_id end, case when i % 5 in (3, 4) then c.id end,
            case when i % 2 = 0 then 50000 + (i % 10) * 10000 else 5 + i % 20 end,
            case when i % 2 = 0 then '分' else '袋' end, case when i % 2 = 0 then 1 else 10000 end, null, '压测捐赠', ?::date, ?::date, 'APPROVED', 'bench', 'bench'
       from generate_series(?::int, ?::int) i
       join lateral (select id, township_id from community order by id offset (i % (select count(*) from community)) limit 1) c on true`,
    [p.platformId, p.donorId, NEED_KINDS, NEED_KINDS, p.validFrom, p.validUntil, p.from, p.to]);
}

export interface GivingData {
  openNeeds: number;
  /** `X-Api-Key` of a partner that reads needs (a key made for this run; older bench keys are removed). */
  partnerKey: string;
  /** `X-Api-Key` of the bench charity platform (likewise). */
  platformKey: string;
  /** Keys of the platform's approved county-wide pledges, oldest first. */
  countyPledges: string[];
}

/**
 * Tops up what the partner `needs` list and the donors' `pledgeCandidates` ranking read (issue 10,
 * third goal), idempotently and without dropping anything: open needs up to `needs` (over the
 * households in hardship, as bench:donors seeds them), a partner `bench-partner`, a charity
 * platform `bench-platform` with one donor and up to `pledges` approved pledges (a fifth
 * county-wide, the rest by township or community), and fresh API keys for both.
 */
export async function ensureGivingData(db: Awaited<ReturnType<typeof openDatabase>>, opts: { needs: number; pledges: number }): Promise<GivingData> {
  const knex = db.orm.em.getKnex();
  const today = countyDayOf(new Date());
  const open = async () => Number((await knex('need').where({ status: 'OPEN' }).count({ n: '*' }).first())!.n);
  const have = await open();
  if (have < opts.needs) {
    console.log(`Seeding ${opts.needs - have} open needs (have ${have}) ...`);
    await insertBenchNeeds(knex, opts.needs - have);
    await knex.raw('vacuum analyze need'); // as autovacuum would: index-only counts
  }
  await knex.raw('analyze donation_candidate'); // the ranking's projection, backfilled by its migration or kept by triggers
  await knex.raw(`insert into partner_organisation (code, name, kind, created_by, updated_by) values ('bench-partner', '压测帮扶单位', 'CHARITY', 'bench', 'bench') on conflict (code) do nothing`);
  const partner = await knex('partner_organisation').where({ code: 'bench-partner' }).first('id');
  const { platform, donor } = await benchPlatformAndDonor(knex);
  const pledges = Number((await knex('pledge').where({ platform_id: platform.id }).count({ n: '*' }).first())!.n);
  if (pledges < opts.pledges) {
    console.log(`Seeding ${opts.pledges - pledges} pledges (have ${pledges}) ...`);
    await insertBenchPledges(knex, { platformId: platform.id, donorId: donor.id, from: pledges + 1, to: opts.pledges, validFrom: today, validUntil: addCalendarDays(today, 365) });
    await knex.raw('analyze pledge');
  }
  // The window of a reused database's pledges moves with the calendar, so they stay in force.
  await knex('pledge').where({ platform_id: platform.id }).where('valid_until', '<', addCalendarDays(today, 30)).update({ valid_from: today, valid_until: addCalendarDays(today, 365) });
  await knex('partner_api_key').where({ label: 'bench-compare' }).delete();
  await knex('charity_platform_api_key').where({ label: 'bench-compare' }).delete();
  const pk = newApiKey();
  await knex('partner_api_key').insert({ partner_id: partner.id, key_id: pk.keyId, secret_hash: pk.secretHash, label: 'bench-compare', scopes: ['NEEDS_READ'], created_by: 'bench' });
  const ck = newApiKey();
  await knex('charity_platform_api_key').insert({ platform_id: platform.id, key_id: ck.keyId, secret_hash: ck.secretHash, label: 'bench-compare', scopes: ['DONORS', 'PLEDGES', 'NEEDS_READ'], created_by: 'bench' });
  const countyPledges = (await knex('pledge').where({ platform_id: platform.id, area_level: 'COUNTY', status: 'APPROVED' }).orderBy('id').limit(500).pluck('id')).map(String);
  return { openNeeds: await open(), partnerKey: pk.token, platformKey: ck.token, countyPledges };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    console.error(opts);
    process.exit(2);
  }
  if (!process.env.DATABASE_URL) {
    console.error('bench: DATABASE_URL is not set. Benchmarks run against a PostgreSQL server ' +
      '(the embedded database is a single session), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchdb npm run bench');
    process.exit(2);
  }
  const secret = process.env.JWT_SECRET ?? crypto.randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: secret, WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', SEED_DEMO: 'false',
  });

  const db = await openDatabase({ url: config.databaseUrl });
  const knex = db.orm.em.getKnex();
  let served: BenchApp | undefined;
  try {
    const total = await ensureHouseholds(db, opts.households);
    const township = await knex('township as t')
      .join('household as h', 'h.township_id', 't.id')
      .groupBy('t.id', 't.code')
      .select<Array<{ id: string; code: string; n: string }>>('t.id', 't.code', knex.raw('count(*) as n'))
      .orderBy('n', 'desc')
      .first();
    if (!township) throw new Error('no households in any township');

    served = await serveBenchApp(config, db.orm);
    const url = served.url;

    const mint = (claims: StaffClaims) => mintStaffToken(secret, claims, { ttl: '1h', issuer: config.jwt.issuer, audience: config.jwt.audience });
    const scenarios: Scenario[] = [
      { name: `A households p${opts.page} (CIVIL_AFFAIRS)`, token: await mint({ sub: 'bench', name: 'bench', department: 'CIVIL_AFFAIRS' }),
        query: HOUSEHOLDS, next: pager(opts.page) },
      { name: `B households p${opts.page} (township ${township.code})`, token: await mint({ sub: 'bench', name: 'bench', township: township.code }),
        query: HOUSEHOLDS, next: pager(opts.page, { township: toGlobalId('Township', String(township.id)) }) },
      { name: 'C householdStatistics (FINANCE)', token: await mint({ sub: 'bench', name: 'bench', department: 'FINANCE' }),
        query: STATISTICS, next: () => ({}) },
    ];

    console.log(`PostgreSQL server, ${total} households; township ${township.code} has ${township.n}. ` +
      `${opts.clients} clients × ${opts.seconds} s per scenario, loopback ${url}`);
    const rows: string[][] = [['scenario', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stmts/req']];
    for (const s of scenarios) {
      // Statements of one request on an idle server (warms the caches too).
      let statements = 0;
      const count = () => { statements++; };
      knex.client.on('query', count);
      const probe = await post(url, s.token, s.query, s.next(null));
      knex.client.removeListener('query', count);
      if (!probe.ok) throw new Error(`scenario ${s.name}: the probe request failed`);

      const r = await runLoad(url, s, opts.clients, opts.seconds);
      const sorted = [...r.latencies].sort((a, b) => a - b);
      rows.push([s.name, String(r.requests), String(r.errors), (r.requests / r.seconds).toFixed(1),
        ...[50, 95, 99].map((p) => percentile(sorted, p).toFixed(1)), String(statements)]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  } finally {
    await served?.close();
    await db.close();
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
