import path from 'node:path';
import { z } from 'zod';

/**
 * The database connections (README: database roles). DATABASE_URL is the API's: in production a
 * role that owns nothing (the server refuses to start as a superuser or as the schema's owner).
 * MIGRATION_DATABASE_URL is the owner role's, used only to migrate and then grant the API role;
 * unset, migrations run through DATABASE_URL (one role: development, or a production server whose
 * migrations were applied beforehand with `node dist/src/cli/migrations.js up`).
 */
const DatabaseEnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  MIGRATION_DATABASE_URL: z.string().url().optional(),
});

/** Environment → typed, validated configuration. Invalid settings stop the process at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  ...DatabaseEnvSchema.shape,
  DATA_DIR: z.string().default('data'),
  JWT_SECRET: z.string().min(32).optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo county on first start (default: only on the embedded database). */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  DEMO_HOUSEHOLDS: z.coerce.number().int().min(0).max(1_000_000).default(200),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Requests per minute per partner API key, across all API processes. */
  PARTNER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Development only: partner notifications may go to loopback (also over http). Refused in production. */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
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
  /** Subscription URLs and deliveries may target loopback (src/integrations/webhook-target.ts). */
  webhookAllowLoopback: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid environment: MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded database has one role)');
  }
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
    throw new Error('Invalid environment: production needs JWT_SECRET or JWT_JWKS_URL');
  }
  // SSRF guard (issue 8, item 4): the loopback switch is for tests on one machine, never for service.
  if (e.NODE_ENV === 'production' && e.WEBHOOK_ALLOW_LOOPBACK === 'true') {
    throw new Error('Invalid environment: WEBHOOK_ALLOW_LOOPBACK=true is refused in production');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    jwt: { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : !e.DATABASE_URL,
    demoHouseholds: e.DEMO_HOUSEHOLDS,
    trustProxy: e.TRUST_PROXY === 'true',
    partnerRateLimitPerMinute: e.PARTNER_RATE_LIMIT_PER_MINUTE,
    webhookAllowLoopback: e.WEBHOOK_ALLOW_LOOPBACK === 'true',
  };
}

/**
 * Only the database settings, for the commands that need nothing else (migrations, roles): they
 * run in the production image without the server's secrets.
 */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl?: string; migrationDatabaseUrl?: string } {
  const parsed = DatabaseEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return { databaseUrl: parsed.data.DATABASE_URL, migrationDatabaseUrl: parsed.data.MIGRATION_DATABASE_URL };
}
