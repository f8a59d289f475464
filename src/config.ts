import path from 'node:path';
import { z } from 'zod';

/** Environment → typed, validated configuration. Invalid settings stop the process at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
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
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Undefined: run on the embedded PostgreSQL (PGlite) kept under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  logLevel: string;
  seedDemo: boolean;
  demoHouseholds: number;
  trustProxy: boolean;
  partnerRateLimitPerMinute: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
    throw new Error('Invalid environment: production needs JWT_SECRET or JWT_JWKS_URL');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    jwt: { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : !e.DATABASE_URL,
    demoHouseholds: e.DEMO_HOUSEHOLDS,
    trustProxy: e.TRUST_PROXY === 'true',
    partnerRateLimitPerMinute: e.PARTNER_RATE_LIMIT_PER_MINUTE,
  };
}
