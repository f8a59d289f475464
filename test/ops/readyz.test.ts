/**
 * Readiness and liveness (issue 15, item 10): /readyz answers 200 only when the database answers
 * and every migration of this code is applied; /healthz (liveness) never depends on the database.
 * Then the deployment's start as the image runs it: the server migrates as the owner role and
 * serves as the API role.
 */
import request from 'supertest';
import { Client } from 'pg';
import { migrationsList } from '../../migrations';
import { embedded, serverOnly, startApp, TestApp } from '../support/app';
import { buildDist, dedicatedDatabase, startServer } from './server-process';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t.close();
});

const last = migrationsList[migrationsList.length - 1].name;

describe('/readyz', () => {
  it('is ready when the database answers and its migrations are current', async () => {
    const r = await request(t.app).get('/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready' });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('is not ready while a migration of this code is missing from the database, and ready again once applied', async () => {
    // As a database restored from an older backup would be. The owner's change, undone below.
    const knex = t.owner.em.getKnex();
    const row = await knex('mikro_orm_migrations').where({ name: last }).first();
    expect(row).toBeDefined();
    await knex('mikro_orm_migrations').where({ id: row.id }).delete();
    try {
      const r = await request(t.app).get('/readyz');
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 'unavailable', reason: 'migrations', pending: [last] });
    } finally {
      await knex('mikro_orm_migrations').insert(row);
    }
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });

  it('migrations the code does not know (the next release, applied first) leave it ready', async () => {
    const knex = t.owner.em.getKnex();
    const [row] = await knex('mikro_orm_migrations').insert({ name: 'Migration29990101000000_next_release' }).returning('id');
    try {
      expect((await request(t.app).get('/readyz')).status).toBe(200);
    } finally {
      await knex('mikro_orm_migrations').where({ id: row.id ?? row }).delete();
    }
  });

  it('is not ready when the database does not answer; /healthz stays alive', async () => {
    // An app whose database connection is gone (closed pool): readiness fails, liveness does not,
    // so an orchestrator stops sending traffic instead of restarting the process.
    const other = await startApp();
    await other.orm.close(true);
    try {
      const ready = await request(other.app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', reason: 'database' });
      const live = await request(other.app).get('/healthz');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
    } finally {
      if (other.owner !== other.orm) await other.owner.close(true);
    }
  });
});

if (embedded) console.log('[tests] ops/readyz.test.ts: the deployment start is skipped: it needs a PostgreSQL server (set TEST_DATABASE_URL); CI runs it.');

serverOnly('the start of the image (node dist/src/main.js, production)', () => {
  it('migrates an empty database as the owner, serves as the API role and is ready; not ready when a migration goes missing', async () => {
    buildDist();
    const db = await dedicatedDatabase();
    const server = await startServer({ DATABASE_URL: db.apiUrl, MIGRATION_DATABASE_URL: db.ownerUrl });
    const adminUrl = new URL(process.env.TEST_DB_ADMIN_URL!);
    adminUrl.pathname = new URL(db.apiUrl).pathname; // the administrator, on the new database
    const admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const answer = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ townships { name } }' }) });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as any).data).toEqual({ townships: [] }); // production seeds nothing

      // The tables belong to the owner; the server's own connections are the API role's.
      const api = decodeURIComponent(new URL(db.apiUrl).username);
      const owner = decodeURIComponent(new URL(db.ownerUrl).username);
      const owners = await admin.query(`select distinct tableowner from pg_tables where schemaname = 'public'`);
      expect(owners.rows.map((r) => r.tableowner)).toEqual([owner]);
      const sessions = await admin.query(`select distinct usename from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      expect(sessions.rows.map((r) => r.usename)).toEqual([api]);
      expect(server.output()).not.toMatch(/npm run token/); // no development hints in production

      await admin.query('delete from mikro_orm_migrations where name = $1', [last]);
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'unavailable', reason: 'migrations', pending: [last] });
    } finally {
      await admin.end();
      server.proc.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      await db.drop();
    }
  }, 120_000);
});
