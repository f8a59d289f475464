/**
 * Production safety and the configuration (issue 15, item 4): every setting is validated once at
 * start, every problem is named on its own line (all at once, never echoing a value), and
 * production refuses the embedded database unless allowed, seeds nothing and prints no
 * development hints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig, loadDatabaseConfig } from '../../src/config';
import { DEVELOPMENT_WEBHOOK_SECRET_KEY } from '../../src/webhooks/secrets';
import { buildDist, ROOT, startServer } from './server-process';

const SECRET = 'x'.repeat(32);
const SERVER = { DATABASE_URL: 'postgres://assistance_api:pw@db.county.test:5432/assistance' };
const KEY = 'ab'.repeat(32);
const production = { NODE_ENV: 'production', JWT_SECRET: SECRET, WEBHOOK_SECRET_KEY: KEY, ...SERVER };

/** The problem lines of the error loadConfig throws, without the heading. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    const [heading, ...lines] = (err as Error).message.split('\n');
    expect(heading).toBe('Invalid environment:');
    return lines.map((l) => l.trim());
  }
  throw new Error('loadConfig accepted the environment');
}

describe('defaults', () => {
  it('development on the embedded database seeds the demo county; on a server it does not', () => {
    const dev = loadConfig({});
    expect(dev).toMatchObject({ env: 'development', port: 4000, databaseUrl: undefined, seedDemo: true, demoHouseholds: 200, logLevel: 'info', trustProxy: false, webhookAllowLoopback: false, shutdownTimeoutMs: 10_000 });
    expect(dev.dataDir).toBe(path.resolve('data'));
    expect(loadConfig(SERVER).seedDemo).toBe(false);
    expect(loadConfig({ ...SERVER, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('production on a server with a secret starts, seeding nothing', () => {
    expect(loadConfig(production)).toMatchObject({ env: 'production', databaseUrl: SERVER.DATABASE_URL, seedDemo: false });
    expect(loadConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.county.test/jwks', WEBHOOK_SECRET_KEY: KEY, ...SERVER }).jwt.jwksUrl).toBe('https://idp.county.test/jwks');
  });

  it('SHUTDOWN_TIMEOUT_MS sets the deadline of requests in flight at shutdown', () => {
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '25000' }).shutdownTimeoutMs).toBe(25_000);
    expect(problems({ SHUTDOWN_TIMEOUT_MS: 'soon' })).toEqual(['SHUTDOWN_TIMEOUT_MS: must be a whole number']);
    expect(problems({ SHUTDOWN_TIMEOUT_MS: '-1' })).toEqual(['SHUTDOWN_TIMEOUT_MS: must be at least 0']);
  });
});

describe('production rules', () => {
  it('refuses the embedded database unless ALLOW_EMBEDDED_DATABASE=true', () => {
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: SECRET, WEBHOOK_SECRET_KEY: KEY })).toEqual([
      'DATABASE_URL: production needs a PostgreSQL server (the embedded database has one role and lives in the container; ALLOW_EMBEDDED_DATABASE=true for a demo)',
    ]);
    const demo = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, WEBHOOK_SECRET_KEY: KEY, ALLOW_EMBEDDED_DATABASE: 'true' });
    expect(demo).toMatchObject({ databaseUrl: undefined, seedDemo: false });
    // The switch changes nothing outside production, and a server makes it moot.
    expect(loadConfig({ ALLOW_EMBEDDED_DATABASE: 'false' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ ...production, ALLOW_EMBEDDED_DATABASE: 'false' }).databaseUrl).toBe(SERVER.DATABASE_URL);
    expect(problems({ ALLOW_EMBEDDED_DATABASE: 'yes' })).toEqual(['ALLOW_EMBEDDED_DATABASE: must be true or false']);
  });

  it('never seeds the demo county in production', () => {
    expect(problems({ ...production, SEED_DEMO: 'true' })).toEqual(['SEED_DEMO: the demo county is not seeded in production']);
    expect(loadConfig({ ...production, SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('needs a JWT secret or a JWKS URL, the JWKS over https', () => {
    expect(problems({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: KEY, ...SERVER })).toEqual(['JWT_SECRET: production needs JWT_SECRET or JWT_JWKS_URL']);
    expect(problems({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: KEY, ...SERVER, JWT_JWKS_URL: 'http://idp.county.test/jwks' })).toEqual(['JWT_JWKS_URL: production fetches the signing keys over https only']);
    expect(loadConfig({ JWT_JWKS_URL: 'http://127.0.0.1:9999/jwks' }).jwt.jwksUrl).toBe('http://127.0.0.1:9999/jwks'); // development
  });

  it('refuses WEBHOOK_ALLOW_LOOPBACK=true', () => {
    expect(problems({ ...production, WEBHOOK_ALLOW_LOOPBACK: 'true' })).toEqual(['WEBHOOK_ALLOW_LOOPBACK: WEBHOOK_ALLOW_LOOPBACK=true is refused in production']);
  });

  it('names every problem at once', () => {
    expect(problems({ NODE_ENV: 'production', SEED_DEMO: 'true', WEBHOOK_ALLOW_LOOPBACK: 'true' })).toEqual([
      'DATABASE_URL: production needs a PostgreSQL server (the embedded database has one role and lives in the container; ALLOW_EMBEDDED_DATABASE=true for a demo)',
      'JWT_SECRET: production needs JWT_SECRET or JWT_JWKS_URL',
      'SEED_DEMO: the demo county is not seeded in production',
      'WEBHOOK_ALLOW_LOOPBACK: WEBHOOK_ALLOW_LOOPBACK=true is refused in production',
      'WEBHOOK_SECRET_KEY: production needs its own key (32 random bytes, e.g. `openssl rand -base64 32`), not the development default',
    ]);
  });

  it('needs its own key for the webhook signing secrets (issue 14), not the development default, and a key of 32 bytes', () => {
    const { WEBHOOK_SECRET_KEY: _omitted, ...withoutKey } = production;
    const refusal = 'WEBHOOK_SECRET_KEY: production needs its own key (32 random bytes, e.g. `openssl rand -base64 32`), not the development default';
    expect(problems(withoutKey)).toEqual([refusal]);
    expect(problems({ ...production, WEBHOOK_SECRET_KEY: DEVELOPMENT_WEBHOOK_SECRET_KEY })).toEqual([refusal]);
    expect(problems({ ...production, WEBHOOK_SECRET_KEY: 'too-short' })).toEqual(['WEBHOOK_SECRET_KEY: must be 32 bytes: 64 hex characters or base64']);
    expect(loadConfig(production).webhookSecretKey).toEqual(Buffer.from(KEY, 'hex'));
    expect(loadConfig({ NODE_ENV: 'development' }).webhookSecretKey.length).toBe(32); // the default, development only
  });
});

describe('every setting is checked, one line per problem, no value echoed', () => {
  it('names each bad setting and what it needs', () => {
    const bad = {
      NODE_ENV: 'prod',
      PORT: '70000',
      DATABASE_URL: 'mysql://assistance:hunter2-db@db/assistance',
      MIGRATION_DATABASE_URL: 'not a url hunter2-owner',
      ALLOW_EMBEDDED_DATABASE: '1',
      DATA_DIR: '',
      JWT_SECRET: 'hunter2-short',
      JWT_JWKS_URL: 'idp.county.test/jwks',
      JWT_ISSUER: '',
      JWT_AUDIENCE: '',
      LOG_LEVEL: 'verbose',
      SEED_DEMO: 'yes',
      DEMO_HOUSEHOLDS: '1.5',
      TRUST_PROXY: 'on',
      PARTNER_RATE_LIMIT_PER_MINUTE: '0',
      WEBHOOK_ALLOW_LOOPBACK: 'TRUE',
      SHUTDOWN_TIMEOUT_MS: '600001',
    };
    const lines = problems(bad);
    expect(lines).toEqual([
      'NODE_ENV: must be development, production or test',
      'PORT: must be at most 65535',
      'DATABASE_URL: must be a postgres:// (or postgresql://) URL',
      'MIGRATION_DATABASE_URL: must be a postgres:// (or postgresql://) URL',
      'ALLOW_EMBEDDED_DATABASE: must be true or false',
      'DATA_DIR: must not be empty',
      'JWT_SECRET: must be at least 32 characters (the HS256 key)',
      'JWT_JWKS_URL: must be a URL',
      'JWT_ISSUER: must not be empty',
      'JWT_AUDIENCE: must not be empty',
      'LOG_LEVEL: must be fatal, error, warn, info, debug, trace or silent',
      'SEED_DEMO: must be true or false',
      'DEMO_HOUSEHOLDS: must be a whole number',
      'TRUST_PROXY: must be true or false',
      'PARTNER_RATE_LIMIT_PER_MINUTE: must be at least 1',
      'WEBHOOK_ALLOW_LOOPBACK: must be true or false',
      'SHUTDOWN_TIMEOUT_MS: must be at most 600000',
    ]);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('MIGRATION_DATABASE_URL needs DATABASE_URL', () => {
    expect(problems({ MIGRATION_DATABASE_URL: 'postgres://owner@db/assistance' })).toEqual(['MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded database has one role)']);
  });

  it('the migration and role commands check only the database settings', () => {
    expect(loadDatabaseConfig({ NODE_ENV: 'production', DATABASE_URL: SERVER.DATABASE_URL })).toEqual({ databaseUrl: SERVER.DATABASE_URL, migrationDatabaseUrl: undefined });
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'http://db/assistance' })).toThrow('Invalid environment:\n  DATABASE_URL: must be a postgres:// (or postgresql://) URL');
  });
});

describe('the server process', () => {
  beforeAll(() => buildDist());

  it('in production without DATABASE_URL stops at once with the problem and exit code 2, opening no database', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uha-config-'));
    try {
      const r = spawnSync(process.execPath, ['dist/src/main.js'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe([
        'Invalid environment:',
        '  DATABASE_URL: production needs a PostgreSQL server (the embedded database has one role and lives in the container; ALLOW_EMBEDDED_DATABASE=true for a demo)',
        '  JWT_SECRET: production needs JWT_SECRET or JWT_JWKS_URL',
        '  WEBHOOK_SECRET_KEY: production needs its own key (32 random bytes, e.g. `openssl rand -base64 32`), not the development default',
      ].join('\n'));
      expect(r.stdout).toBe('');
      expect(fs.readdirSync(dataDir)).toEqual([]); // no embedded database was created
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm run seed refuses production: no synthetic households in production data', () => {
    const r = spawnSync(process.execPath, ['dist/src/cli/seed.js'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...production }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('npm run seed writes synthetic households: refused with NODE_ENV=production');
  });

  it('in production on the embedded database (allowed) seeds nothing and prints no development hints', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uha-config-'));
    const server = await startServer({ ALLOW_EMBEDDED_DATABASE: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 90_000);
    try {
      const r = await fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ townships { name } }' }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).data).toEqual({ townships: [] });
      expect(server.output()).toContain('API ready at http://localhost:');
      expect(server.output()).not.toMatch(/Seeded|npm run token|Get a token|createPartnerApiKey/);
      expect(fs.existsSync(path.join(dataDir, 'dev-jwt-secret'))).toBe(false);
    } finally {
      server.proc.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
