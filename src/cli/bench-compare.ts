/**
 * `npm run bench:compare -- [--households N] [--clients C] [--seconds S] [--rounds R] [--page P]
 * [--server URL] [--database NAME] [--only a,b]` (defaults 100000, 8, 8, 3, 50,
 * postgres://postgres@127.0.0.1:5432/postgres, uha_bench_<N>): issue 10's side-by-side benchmark.
 *
 * Seeds (or reuses) a database of N households on the PostgreSQL server, then starts three servers
 * over it, each in its own process: this API (built dist, NODE_ENV production, every access rule,
 * masking and audit on: src/cli/bench-serve.ts), PostGraphile 4.14 (bench/postgraphile-server.js)
 * and the raw `pg` + `node:http` floor (bench/floor-server.js). PostGraphile and the floor are
 * benchmark-only tools: bench/package.json, installed on demand into bench/node_modules, never in
 * the API's dependencies or lockfile. Each query of the issue's table is driven with C concurrent
 * keep-alive clients for S seconds per server; rounds alternate the servers' order (R rounds) so
 * machine drift hits them alike; each figure is the median over the rounds. Before the load, one
 * probe per query and server checks that the three answer the same rows (node and member counts,
 * totals). Prints requests/s and p50 per server, the ratios API÷PostGraphile and API÷floor, the
 * goals of the issue, and the machine's load average before and after.
 */
import 'reflect-metadata';
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../db/database';
import { mintStaffToken } from '../access/tokens';
import { toGlobalId } from '../graphql/relay';
import { LIVE_MATCH_STATES, pledgeRankingSql } from '../modules/donors/donors.reader';
import { loadPolicy } from '../policy/policy.reader';
import { countyDayOf } from '../shared/county-calendar';
import { ensureGivingData, ensureHouseholds, GivingData } from './bench';
import { closedLoopLoad, percentile } from './bench-support';

const USAGE = 'usage: npm run bench:compare -- [--households N] [--clients C] [--seconds S] [--rounds R] [--page P] [--server URL] [--database NAME] [--only township,county,node,statistics,needs,ranking]';
const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'bench'))) dir = path.dirname(dir);
  return dir;
})();
const BENCH = path.join(ROOT, 'bench');

interface Options {
  households: number; clients: number; seconds: number; rounds: number; page: number; server: string; database: string | null; only: string[] | null;
}

function parseArgs(args: string[]): Options | string {
  const opts: Options = {
    households: 100_000, clients: 8, seconds: 8, rounds: 3, page: 50, server: 'postgres://postgres@127.0.0.1:5432/postgres', database: null, only: null,
  };
  const ints: Record<string, [number, number]> = { households: [1, 2_000_000], clients: [1, 64], seconds: [1, 600], rounds: [1, 21], page: [1, 100] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const key = flag.replace(/^--/, '');
    const value = inline ?? args[++i];
    if (!flag.startsWith('--') || value === undefined) return `bad argument '${args[i - 1] ?? args[i]}'\n${USAGE}`;
    if (key in ints) {
      const [min, max] = ints[key];
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < min || n > max) return `${flag} must be an integer in [${min}, ${max}], got '${value}'\n${USAGE}`;
      (opts as unknown as Record<string, number>)[key] = n;
    } else if (key === 'server') {
      if (!/^postgres(ql)?:\/\//.test(value)) return `--server must be a postgres:// URL\n${USAGE}`;
      opts.server = value;
    } else if (key === 'database') {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) return `--database must be a plain lower-case identifier\n${USAGE}`;
      opts.database = value;
    } else if (key === 'only') {
      opts.only = value.split(',');
    } else {
      return `unknown argument '${flag}'\n${USAGE}`;
    }
  }
  return opts;
}

// ---------- the benchmark-only tools ----------

/** bench/node_modules with PostGraphile 4.14, installed from bench/package-lock.json when missing. */
function ensureBenchTools(): void {
  const installed = (() => {
    try {
      return JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version as string;
    } catch {
      return null;
    }
  })();
  if (installed?.startsWith('4.14.')) return;
  const locked = fs.existsSync(path.join(BENCH, 'package-lock.json'));
  console.log(`Installing the benchmark tools into bench/node_modules (npm ${locked ? 'ci' : 'install'}) ...`);
  execFileSync('npm', [locked ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
}

function databaseUrl(server: string, database: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

async function ensureDatabase(server: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

/** Starts `node <script>` and resolves with its port once it prints `listening <port>`. */
function startServer(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ name: string; port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ name, port: Number(m[1]), child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}) before listening:\n${out}`)); });
  });
}

// ---------- load ----------

type Target = 'api' | 'postgraphile' | 'floor';
const TARGETS: Target[] = ['api', 'postgraphile', 'floor'];

/** The JSON data of one server's answer, read by path (three servers, three shapes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

interface Call { path: string; body: unknown; token?: string; apiKey?: string }
interface Scenario {
  key: string;
  name: string;
  /** The next request of one client, given its previous answer's data (null at the start). */
  next: Record<Target, (prev: Answer) => Call>;
  /** What the three must agree on, from one answer's data. */
  shape: Record<Target, (data: Answer) => unknown>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(port: number, call: Call): Promise<{ ok: boolean; data: Answer; error?: string }> {
  return new Promise((resolve) => {
    const body = JSON.stringify(call.body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.apiKey) headers['x-api-key'] = call.apiKey;
    const req = http.request({ host: '127.0.0.1', port, path: call.path, method: 'POST', agent, headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { data?: unknown; errors?: Array<{ message: string }> };
          const ok = res.statusCode === 200 && !parsed.errors?.length && parsed.data != null;
          resolve({ ok, data: parsed.data ?? null, error: ok ? undefined : `${res.statusCode} ${parsed.errors?.[0]?.message ?? ''}` });
        } catch {
          resolve({ ok: false, data: null, error: `${res.statusCode} unparsable` });
        }
      });
    });
    req.on('error', (err) => resolve({ ok: false, data: null, error: err.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

interface Measured { rps: number; p50: number; p95: number; errors: number; requests: number }

async function load(port: number, next: (prev: unknown) => Call, clients: number, seconds: number): Promise<Measured> {
  const { latencies, errors, seconds: elapsed } = await closedLoopLoad(clients, seconds, (prev) => post(port, next(prev)));
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), errors, requests: latencies.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------- the issue's queries, as each server spells them ----------

const apiHouseholds = (idNumber: boolean) => `query($first: Int!, $after: String, $filter: HouseholdFilter) {
  households(first: $first, after: $after, filter: $filter, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id headName memberCount township { name } community { name } members { id name ${idNumber ? 'idNumber ' : ''}age relationToHead } }
  }
}`;
const pgHouseholds = (idNumber: boolean) => `query($first: Int!, $after: Cursor, $condition: HouseholdCondition) {
  allHouseholds(first: $first, after: $after, condition: $condition, orderBy: [CREATED_AT_DESC, ID_DESC]) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id headName memberCount townshipByTownshipId { name } communityByCommunityId { name }
      peopleByHouseholdId(condition: { removedAt: null }, orderBy: ID_ASC) { nodes { id name ${idNumber ? 'idNumber ' : ''}birthDate relationToHead } } }
  }
}`;
const API_NODE = `query($id: ID!) { node(id: $id) { ... on Household {
  id headName memberCount township { name } community { name } members { id name idNumber age relationToHead } } } }`;
const PG_NODE = `query($id: BigInt!) { householdById(id: $id) {
  id headName memberCount townshipByTownshipId { name } communityByCommunityId { name }
  peopleByHouseholdId(condition: { removedAt: null }, orderBy: ID_ASC) { nodes { id name idNumber birthDate relationToHead } } } }`;
const API_STATISTICS = `query { householdStatistics { byTownship { township { name } status households persons } } }`;
const PG_STATISTICS = `query { allHouseholds { groupedAggregates(groupBy: [TOWNSHIP_ID, STATUS]) { keys distinctCount { id } sum { memberCount } } } }`;

// A partner's list of open needs: what a partner reads to choose whom to help (anonymised: no
// household field exists on Need). PostGraphile: the need table with the same condition and order.
const API_NEEDS = `query($first: Int!, $after: String) { needs(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id kind uncoveredAmount urgency description status publishedOn } } }`;
const PG_NEEDS = `query($first: Int!, $after: Cursor) { allNeeds(first: $first, after: $after, condition: { status: "OPEN" }, orderBy: [ID_DESC]) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id kind uncoveredAmount urgency description status createdAt } } }`;
// A platform ranking the candidate needs of one of its county-wide pledges (as bench:donors).
// PostGraphile: the API's own ranking statement as a database function (bench_pledge_candidates).
const API_RANKING = `query($p: String!) { pledgeCandidates(pledge: $p, first: 20) {
  rank score factors { factor value points } kind urgency lackingAmount donationNeed { id area { level township community } } } }`;
const PG_RANKING = `query($p: BigInt!, $today: Date!, $k: Int!) { benchPledgeCandidates(pledge: $p, today: $today, k: $k, size: 20) {
  nodes { id kind urgency u v days uncoveredAmount allocated createdAt townshipName communityName communityShown } } }`;

interface Tokens { township: string; civil: string; finance: string }
interface Giving extends GivingData { today: string; k: number }

function listScenario(key: string, name: string, page: number, token: string, township: { id: string } | null, idNumber: boolean): Scenario {
  const cursor = (conn: Answer) => (conn?.pageInfo?.hasNextPage ? conn.pageInfo.endCursor : null);
  const members = (nodes: Answer[], field: string) => nodes.reduce((n, h) => n + (field === 'members' ? h.members.length : h.peopleByHouseholdId.nodes.length), 0);
  return {
    key,
    name,
    next: {
      api: (prev) => ({ path: '/graphql', token, body: { query: apiHouseholds(idNumber), variables: {
        first: page, after: cursor(prev?.households), filter: township ? { township: toGlobalId('Township', township.id) } : null } } }),
      postgraphile: (prev) => ({ path: '/graphql', body: { query: pgHouseholds(idNumber), variables: { first: page, after: cursor(prev?.allHouseholds), condition: township ? { townshipId: township.id } : {} } } }),
      floor: (prev) => ({ path: '/households', body: { first: page, after: cursor(prev?.households), township: township?.id ?? null } }),
    },
    shape: {
      api: (d) => [d.households.totalCount, d.households.nodes.length, members(d.households.nodes, 'members')],
      postgraphile: (d) => [d.allHouseholds.totalCount, d.allHouseholds.nodes.length, members(d.allHouseholds.nodes, 'persons')],
      floor: (d) => [d.households.totalCount, d.households.nodes.length, members(d.households.nodes, 'members')],
    },
  };
}

function scenarios(opts: Options, tokens: Tokens, township: { id: string; code: string }, sample: string[], giving: Giving): Scenario[] {
  let i = 0;
  const pick = () => sample[(i = (i + 7919) % sample.length)];
  let j = 0;
  const pledges = giving.countyPledges;
  const pledge = () => pledges[(j = (j + 7) % pledges.length)];
  const needsCursor = (conn: Answer) => (conn?.pageInfo?.hasNextPage ? conn.pageInfo.endCursor : null);
  const needsShape = (conn: Answer) => [conn.totalCount, conn.nodes.length, conn.nodes.map((n: Answer) => `${n.kind}:${n.uncoveredAmount}:${n.urgency}`).join(',')];
  // The ranking as each answers it: in rank order, the need's kind, what it still lacks and its area.
  const rankedShape = (rows: Answer[]) => rows.map((r) => `${r.kind}:${r.lacking}:${r.township}:${r.community ?? '-'}`);
  const all: Scenario[] = [
    listScenario('township', `township ${township.code}, page of ${opts.page} with members and id numbers (unmasked, audited)`, opts.page, tokens.township, township, true),
    listScenario('township', `the same without id numbers`, opts.page, tokens.township, township, false),
    listScenario('county', `civil affairs, all townships, page of ${opts.page} with members and id numbers`, opts.page, tokens.civil, null, true),
    listScenario('county', `civil affairs, the same without id numbers`, opts.page, tokens.civil, null, false),
    {
      key: 'node',
      name: 'one household by node(id:) with members (civil affairs, id numbers)',
      next: {
        api: () => ({ path: '/graphql', token: tokens.civil, body: { query: API_NODE, variables: { id: toGlobalId('Household', pick()) } } }),
        postgraphile: () => ({ path: '/graphql', body: { query: PG_NODE, variables: { id: pick() } } }),
        floor: () => ({ path: '/household', body: { id: pick() } }),
      },
      shape: { api: (d) => d.node != null, postgraphile: (d) => d.householdById != null, floor: (d) => d.household != null },
    },
    {
      key: 'statistics',
      name: 'household counts by township and status (finance)',
      next: {
        api: () => ({ path: '/graphql', token: tokens.finance, body: { query: API_STATISTICS } }),
        postgraphile: () => ({ path: '/graphql', body: { query: PG_STATISTICS } }),
        floor: () => ({ path: '/statistics', body: {} }),
      },
      shape: {
        api: (d) => d.householdStatistics.byTownship.reduce((n: number, r: Answer) => n + r.households, 0),
        postgraphile: (d) => d.allHouseholds.groupedAggregates.reduce((n: number, r: Answer) => n + Number(r.distinctCount.id), 0),
        floor: (d) => d.householdStatistics.byTownship.reduce((n: number, r: Answer) => n + r.households, 0),
      },
    },
    {
      key: 'needs',
      name: `a partner's open needs, page of ${opts.page} (X-Api-Key, NEEDS_READ)`,
      next: {
        api: (prev) => ({ path: '/graphql', apiKey: giving.partnerKey, body: { query: API_NEEDS, variables: { first: opts.page, after: needsCursor(prev?.needs) } } }),
        postgraphile: (prev) => ({ path: '/graphql', body: { query: PG_NEEDS, variables: { first: opts.page, after: needsCursor(prev?.allNeeds) } } }),
        floor: (prev) => ({ path: '/needs', body: { first: opts.page, after: needsCursor(prev?.needs) } }),
      },
      shape: { api: (d) => needsShape(d.needs), postgraphile: (d) => needsShape(d.allNeeds), floor: (d) => needsShape(d.needs) },
    },
    {
      key: 'ranking',
      name: `pledgeCandidates: a platform ranks ${giving.openNeeds} open needs for one county-wide pledge, first 20`,
      next: {
        api: () => ({ path: '/graphql', apiKey: giving.platformKey, body: { query: API_RANKING, variables: { p: toGlobalId('Pledge', pledge()) } } }),
        postgraphile: () => ({ path: '/graphql', body: { query: PG_RANKING, variables: { p: pledge(), today: giving.today, k: giving.k } } }),
        floor: () => ({ path: '/ranking', body: { pledge: pledge(), today: giving.today, k: giving.k } }),
      },
      shape: {
        api: (d) => rankedShape(d.pledgeCandidates.map((r: Answer) => ({ kind: r.kind, lacking: r.lackingAmount, township: r.donationNeed.area.township, community: r.donationNeed.area.community }))),
        postgraphile: (d) => rankedShape(rankedRows(d.benchPledgeCandidates.nodes)),
        floor: (d) => rankedShape(rankedRows(d.ranking)),
      },
    },
  ];
  return opts.only ? all.filter((s) => opts.only!.includes(s.key)) : all;
}

/**
 * The ranking's rows as PostGraphile and the floor return them (the API's statement, columns in
 * camelCase), in the API's rank order: by the same score in the same double-precision arithmetic
 * (donors.reader.ts), then creation and key; the community only where k-anonymity shows it.
 */
function rankedRows(rows: Answer[]): Array<{ kind: string; lacking: number; township: string; community: string | null }> {
  const score = (r: Answer) => [0, 10, 25, 40][Number(r.u)] + (25 * Math.min(Number(r.v), 10)) / 10 + (15 * Math.min(Number(r.days), 180)) / 180
    + 10 * (1 - Number(r.allocated) / Math.max(Number(r.uncoveredAmount), 1));
  return rows.filter((r) => r.id != null)
    .map((r) => ({ r, s: score(r), t: new Date(r.createdAt).getTime() }))
    .sort((a, b) => b.s - a.s || a.t - b.t || Number(a.r.id) - Number(b.r.id))
    .map(({ r }) => ({ kind: r.kind, lacking: Number(r.uncoveredAmount) - Number(r.allocated), township: r.townshipName, community: r.communityShown ? r.communityName : null }));
}

/**
 * The API's ranking statement (donors.reader.ts pledgeRankingSql, no scope: PostGraphile and the
 * floor check no access) with numbered parameters: $1 the pledge, $2 today, $3 k, $4 first; the
 * live match states written in. Text for the floor's prepared statement and the body of the
 * PostGraphile function, so the three rank with the same SQL (the policy in force read too).
 */
function benchRankingSql(): string {
  const states = `array[${LIVE_MATCH_STATES.map((st) => `'${st}'`).join(', ')}]`;
  const order = ['$2', '$2', '$3', '$3', '$2', states, '$2', '$4', '$1'];
  let i = 0;
  const sql = pledgeRankingSql('true', 'true').replace(/\?/g, () => order[i++]);
  if (i !== order.length) throw new Error(`pledgeRankingSql has ${i} placeholders, the benchmark expects ${order.length}`);
  return `select s.id::bigint, s.kind::text, s.urgency::text, s.u::int, s.v::int, s.days::int, s.uncovered_amount::int, s.allocated::bigint, s.created_at::timestamptz,
    s.township_name::text, s.community_name::text, s.community_shown::boolean from (${sql}) s`;
}

/**
 * The ranking as PostGraphile would serve it: a STABLE SQL function over the same database
 * (PostGraphile exposes it as the query field benchPledgeCandidates), its body the API's
 * statement. A benchmark-only object of the benchmark database, made again on every run.
 */
async function ensureRankingFunction(knex: ReturnType<Awaited<ReturnType<typeof openDatabase>>['orm']['em']['getKnex']>): Promise<void> {
  await knex.raw(`drop function if exists bench_pledge_candidates(bigint, date, int, int)`);
  await knex.raw(`drop type if exists bench_ranked_need`);
  await knex.raw(`create type bench_ranked_need as (id bigint, kind text, urgency text, u int, v int, days int, uncovered_amount int, allocated bigint,
    created_at timestamptz, township_name text, community_name text, community_shown boolean)`);
  await knex.raw(`create function bench_pledge_candidates(pledge bigint, today date, k int, size int) returns setof bench_ranked_need
    language sql stable as $$ ${benchRankingSql()} $$`);
}

// ---------- main ----------

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    console.error(opts);
    process.exit(2);
  }
  const database = opts.database ?? `uha_bench_${opts.households}`;
  const url = databaseUrl(opts.server, database);
  ensureBenchTools();
  await ensureDatabase(opts.server, database);

  // Seed (or reuse), then pick the largest township and a sample of households for node(id:).
  const db = await openDatabase({ url });
  let total: number;
  let township: { id: string; code: string; n: number };
  let sample: string[];
  let giving: Giving;
  try {
    total = await ensureHouseholds(db, opts.households);
    const knex = db.orm.em.getKnex();
    const today = countyDayOf(new Date());
    giving = { ...await ensureGivingData(db, { needs: 20_000, pledges: 5_000 }), today, k: (await loadPolicy(knex, today)).values.DONATION_AREA_MIN_HOUSEHOLDS };
    await ensureRankingFunction(knex);
    township = (await knex.raw(`select t.id::text as id, t.code, count(*)::int as n from household h join township t on t.id = h.township_id
      group by t.id, t.code order by n desc limit 1`)).rows[0];
    sample = (await knex.raw(`select id::text as id from household tablesample system (2) repeatable (10) limit 2000`)).rows.map((r: { id: string }) => r.id);
  } finally {
    await db.close();
  }

  const secret = crypto.randomBytes(32).toString('hex');
  const mint = (claims: Parameters<typeof mintStaffToken>[1]) => mintStaffToken(secret, claims, { ttl: '12h' });
  const tokens: Tokens = {
    township: await mint({ sub: 'bench', name: 'bench', township: township.code }),
    civil: await mint({ sub: 'bench', name: 'bench', department: 'CIVIL_AFFAIRS' }),
    finance: await mint({ sub: 'bench', name: 'bench', department: 'FINANCE' }),
  };

  const started = await Promise.allSettled([
    // BENCH_API_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a CPU profile of the API under the load.
    startServer('api', path.join(ROOT, 'dist', 'src', 'cli', 'bench-serve.js'), [], { DATABASE_URL: url, JWT_SECRET: secret },
      (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)),
    startServer('postgraphile', path.join(BENCH, 'postgraphile-server.js'), [url], { NODE_ENV: 'production' }),
    startServer('floor', path.join(BENCH, 'floor-server.js'), [url], { NODE_ENV: 'production', FLOOR_RANKING_SQL: benchRankingSql() }),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const r of started) if (r.status === 'fulfilled') r.value.child.kill('SIGTERM');
    throw failed.reason;
  }
  const servers = started.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof startServer>>>).value);
  const port = Object.fromEntries(servers.map((s) => [s.name, s.port])) as Record<Target, number>;
  const stopAll = () => Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  })));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    const list = scenarios(opts, tokens, township, sample, giving);
    const loadBefore = os.loadavg();
    console.log(`${total} households, ${giving.openNeeds} open needs, ${giving.countyPledges.length} county-wide pledges ranked in turn; largest township ${township.code} has ${township.n}. ${opts.clients} clients, ${opts.seconds} s per server and query, ` +
      `${opts.rounds} rounds alternating; ${os.cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

    // Probes: every server answers, and the three agree on what they answered.
    for (const s of list) {
      const shapes: Record<string, unknown> = {};
      for (const t of TARGETS) {
        const r = await post(port[t], s.next[t](null));
        if (!r.ok) throw new Error(`${t}: '${s.name}' failed: ${r.error}`);
        shapes[t] = s.shape[t](r.data);
      }
      const [a, ...rest] = TARGETS.map((t) => JSON.stringify(shapes[t]));
      if (rest.some((x) => x !== a)) throw new Error(`'${s.name}': the servers answered differently: ${JSON.stringify(shapes)}`);
      for (const t of TARGETS) await load(port[t], s.next[t], opts.clients, 1); // warm-up
    }

    const results = new Map<string, Measured[]>();
    for (let round = 0; round < opts.rounds; round++) {
      const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
      for (const [si, s] of list.entries()) {
        for (const t of order) {
          const m = await load(port[t], s.next[t], opts.clients, opts.seconds);
          const key = `${si}:${t}`;
          results.set(key, [...(results.get(key) ?? []), m]);
          console.log(`  round ${round + 1} ${t.padEnd(12)} ${s.name}: ${m.rps.toFixed(1)} req/s, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms${m.errors ? `, ${m.errors} ERRORS` : ''}`);
        }
      }
    }
    const loadAfter = os.loadavg();

    const rows: string[][] = [['query', 'API req/s', 'PG req/s', 'floor req/s', 'API÷PG', 'API÷floor', 'API p50', 'PG p50', 'floor p50', 'p50 API÷floor', 'goals']];
    const summary: Array<Record<string, unknown>> = [];
    for (const [si, s] of list.entries()) {
      const med = (t: Target, k: 'rps' | 'p50') => median(results.get(`${si}:${t}`)!.map((m) => m[k]));
      const errors = TARGETS.reduce((n, t) => n + results.get(`${si}:${t}`)!.reduce((e, m) => e + m.errors, 0), 0);
      const [api, pg, floor] = TARGETS.map((t) => med(t, 'rps'));
      const [apiP50, pgP50, floorP50] = TARGETS.map((t) => med(t, 'p50'));
      const goals = `${api / pg >= 1 ? 'ok' : 'MISS'} ≥1.0×PG, ${apiP50 / floorP50 <= 3 ? 'ok' : 'MISS'} ≤3×floor p50${errors ? `, ${errors} errors` : ''}`;
      rows.push([s.name, api.toFixed(1), pg.toFixed(1), floor.toFixed(1), (api / pg).toFixed(2), (api / floor).toFixed(2),
        apiP50.toFixed(1), pgP50.toFixed(1), floorP50.toFixed(1), (apiP50 / floorP50).toFixed(2), goals]);
      summary.push({ query: s.name, api, pg, floor, apiP50, pgP50, floorP50, errors });
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`\nMedians of ${opts.rounds} rounds, ${total} households, ${opts.clients} clients:`);
    for (const r of rows) console.log(r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
    console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
    if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ households: total, loadBefore, loadAfter, summary }, null, 2));
  } finally {
    agent.destroy();
    await stopAll();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
