import { DEVELOPMENT_WEBHOOK_SECRET_KEY, parseSecretKey } from './webhooks/secrets';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Every setting of the service, read from the environment once at start-up (`loadConfig`). A bad
 * setting stops the process with one line per problem, all problems at once, naming the variable
 * and what it needs; a value is never echoed (it may be a password or a secret).
 */

const postgresUrl = () =>
  z.string().refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), { message: `must be a postgres:// (or postgresql://) URL` }).optional();
const flag = z.enum(['true', 'false'], { message: 'must be true or false' });
const int = (min: number, max: number) => z.coerce.number({ message: 'must be a whole number' }).int({ message: 'must be a whole number' })
  .min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` });

/**
 * The database connections (README: database roles). DATABASE_URL is the API's: in production a
 * role that owns nothing (the server refuses to start as a superuser or as the schema's owner).
 * MIGRATION_DATABASE_URL is the owner role's, used only to migrate and then grant the API role;
 * unset, migrations run through DATABASE_URL (one role: development, or a production server whose
 * migrations were applied beforehand with `node dist/src/cli/migrations.js up`).
 */
const DatabaseEnvSchema = z.object({
  DATABASE_URL: postgresUrl(),
  MIGRATION_DATABASE_URL: postgresUrl(),
});

/** Environment → typed, validated configuration. Invalid settings stop the process at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }).default('development'),
  PORT: int(0, 65535).default(4000),
  ...DatabaseEnvSchema.shape,
  /** Production runs on a PostgreSQL server; the embedded database only when this says so (a demo). */
  ALLOW_EMBEDDED_DATABASE: flag.default('false'),
  DATA_DIR: z.string().min(1, { message: 'must not be empty' }).default('data'),
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters (the HS256 key)' }).optional(),
  JWT_JWKS_URL: z.url({ message: 'must be a URL' }).optional(),
  JWT_ISSUER: z.string().min(1, { message: 'must not be empty' }).optional(),
  JWT_AUDIENCE: z.string().min(1, { message: 'must not be empty' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be fatal, error, warn, info, debug, trace or silent' }).default('info'),
  /** Seed the demo county on first start (default: only on the embedded database, never in production). */
  SEED_DEMO: flag.optional(),
  DEMO_HOUSEHOLDS: int(0, 1_000_000).default(200),
  TRUST_PROXY: flag.default('false'),
  /** Requests per minute per partner API key, across all API processes. */
  PARTNER_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(120),
  /** Development only: partner notifications may go to loopback (also over http). Refused in production. */
  WEBHOOK_ALLOW_LOOPBACK: flag.default('false'),
  /** On SIGTERM/SIGINT: how long requests in flight may take to finish (src/main.ts). */
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  /** Bearer token that opens /metrics (src/metrics.ts); production needs it or METRICS_ALLOW_FROM. */
  METRICS_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }).optional(),
  /** Networks whose TCP peers may read /metrics without the token: comma-separated addresses or CIDRs. */
  METRICS_ALLOW_FROM: z.string().refine((v) => networksOf(v) !== null, { message: 'must be comma-separated IP addresses or CIDRs (10.0.0.0/8, ::1)' }).optional(),
  // The local explorer (issue 14, office-docs): on by default except in production.
  EXPLORER: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
  // office-files (issue 14): the server key that encrypts webhook subscriptions' signing secrets (src/webhooks/secrets.ts).
  WEBHOOK_SECRET_KEY: z.string().refine((v) => parseSecretKey(v) !== null, { message: 'must be 32 bytes: 64 hex characters or base64' }).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Undefined: run on the embedded PostgreSQL (PGlite) kept under dataDir. */
  databaseUrl?: string;
  /** The owner role's connection for migrations; undefined: migrations use databaseUrl. */
  migrationDatabaseUrl?: string;
  dataDir: string;
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  logLevel: string;
  seedDemo: boolean;
  demoHouseholds: number;
  trustProxy: boolean;
  partnerRateLimitPerMinute: number;
  /** Subscription URLs and deliveries may target loopback (src/webhooks/webhook-target.ts). */
  webhookAllowLoopback: boolean;
  /** Deadline for requests in flight at shutdown; then their connections are closed. */
  shutdownTimeoutMs: number;
  /** Who may read /metrics besides development (src/metrics.ts `metricsAccess`). */
  metrics: { token?: string; allowFrom: string[] };
  /** The GraphiQL explorer at /explorer (src/http/explorer.ts); in production only with EXPLORER=on, then for staff only. */
  explorer: boolean;
  /** AES-256-GCM key of the subscriptions' signing secrets (src/webhooks/secrets.ts); the development default outside production. */
  webhookSecretKey: Buffer;
}

/** `10.0.0.0/8, 192.168.1.5` → CIDRs (a bare address is its own /32 or /128); null if one is not an address. */
function networksOf(list: string): string[] | null {
  const out: string[] = [];
  for (const part of list.split(',').map((p) => p.trim()).filter(Boolean)) {
    // Dotted four-part IPv4 only: ipaddr.js also reads `10` or `0x0a.1` as addresses.
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(part) || ipaddr.IPv6.isValidCIDR(part)) out.push(part);
    else if (ipaddr.IPv4.isValidFourPartDecimal(part)) out.push(`${part}/32`);
    else if (ipaddr.IPv6.isValid(part)) out.push(`${part}/128`);
    else return null;
  }
  return out;
}

/** One line per problem: `  NAME: what it needs`. */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function invalid(problems: string[]): Error {
  return new Error(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw invalid(problemsOf(parsed.error));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // Rules between settings, all collected so one start shows every problem.
  const problems: string[] = [];
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    problems.push('MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded database has one role)');
  }
  if (production && !e.DATABASE_URL && e.ALLOW_EMBEDDED_DATABASE !== 'true') {
    problems.push('DATABASE_URL: production needs a PostgreSQL server (the embedded database has one role and lives in the container; ALLOW_EMBEDDED_DATABASE=true for a demo)');
  }
  if (production && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
    problems.push('JWT_SECRET: production needs JWT_SECRET or JWT_JWKS_URL');
  }
  if (production && e.JWT_JWKS_URL && !e.JWT_JWKS_URL.startsWith('https://')) {
    problems.push('JWT_JWKS_URL: production fetches the signing keys over https only');
  }
  // Synthetic households never go into production data.
  if (production && e.SEED_DEMO === 'true') {
    problems.push('SEED_DEMO: the demo county is not seeded in production');
  }
  // SSRF guard (issue 8, item 4): the loopback switch is for tests on one machine, never for service.
  if (production && e.WEBHOOK_ALLOW_LOOPBACK === 'true') {
    problems.push('WEBHOOK_ALLOW_LOOPBACK: WEBHOOK_ALLOW_LOOPBACK=true is refused in production');
  }
  // A signing secret encrypted under a key everyone can read in the source protects nothing.
  if (production && (!e.WEBHOOK_SECRET_KEY || e.WEBHOOK_SECRET_KEY === DEVELOPMENT_WEBHOOK_SECRET_KEY)) {
    problems.push('WEBHOOK_SECRET_KEY: production needs its own key (32 random bytes, e.g. `openssl rand -base64 32`), not the development default');
  }
  if (problems.length) throw invalid(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    jwt: { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    logLevel: e.LOG_LEVEL,
    seedDemo: production ? false : e.SEED_DEMO ? e.SEED_DEMO === 'true' : !e.DATABASE_URL,
    demoHouseholds: e.DEMO_HOUSEHOLDS,
    trustProxy: e.TRUST_PROXY === 'true',
    partnerRateLimitPerMinute: e.PARTNER_RATE_LIMIT_PER_MINUTE,
    webhookAllowLoopback: e.WEBHOOK_ALLOW_LOOPBACK === 'true',
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metrics: { token: e.METRICS_TOKEN, allowFrom: e.METRICS_ALLOW_FROM ? networksOf(e.METRICS_ALLOW_FROM)! : [] },
    explorer: e.EXPLORER ? e.EXPLORER === 'on' : !production,
    webhookSecretKey: parseSecretKey(e.WEBHOOK_SECRET_KEY ?? DEVELOPMENT_WEBHOOK_SECRET_KEY)!,
  };
}

/**
 * Only the database settings, for the commands that need nothing else (migrations, roles): they
 * run in the production image without the server's secrets.
 */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; migrationDatabaseUrl?: string } {
  const parsed = DatabaseEnvSchema.safeParse(env);
  if (!parsed.success) throw invalid(problemsOf(parsed.error));
  return { databaseUrl: parsed.data.DATABASE_URL, migrationDatabaseUrl: parsed.data.MIGRATION_DATABASE_URL };
}
