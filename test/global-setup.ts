/**
 * One database per test run: a fresh database on the server named by TEST_DATABASE_URL or
 * DATABASE_URL (an administrator, e.g. postgres), else an in-memory embedded PostgreSQL started
 * once here.
 *
 * On a server the run gets its own two roles (README: database roles), made by the same code as
 * `npm run db:roles`: an owner, which owns the database, migrates and seeds; and an API role with
 * only the privileges the owner grants it. The app under test connects as the API role
 * (TEST_DB_URL), so every test shows the API works with least privilege; TEST_DB_OWNER_URL is for
 * fixtures that need the owner. The embedded database has one role: both URLs are the same there.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { provisionRoles } from '../src/db/roles';

declare global {
  var __testDb: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup() {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (serverUrl) {
    // Roles are per server, not per database: names of this run alone, so parallel runs never meet.
    const name = `uha_test_${crypto.randomBytes(4).toString('hex')}`;
    const owner = { name: `${name}_owner`, password: crypto.randomBytes(12).toString('hex') };
    const api = { name: `${name}_api`, password: crypto.randomBytes(12).toString('hex') };
    await provisionRoles(serverUrl, { database: name, owner, api });
    const urlAs = (role: { name: string; password: string }) => {
      const u = new URL(serverUrl);
      u.username = role.name;
      u.password = role.password;
      u.pathname = `/${name}`;
      return u.toString();
    };
    process.env.TEST_DB_URL = urlAs(api);
    process.env.TEST_DB_OWNER_URL = urlAs(owner);
    process.env.TEST_DB_ADMIN_URL = serverUrl;
    globalThis.__testDb = {
      async stop() {
        const c = new Client({ connectionString: serverUrl });
        await c.connect();
        try {
          await c.query(`drop database if exists ${name} with (force)`);
          // Databases of single files (test/support/own-database.ts) a failed file left behind.
          const left = await c.query(`select datname from pg_database where pg_get_userbyid(datdba) = $1`, [owner.name]);
          for (const { datname } of left.rows) await c.query(`drop database if exists ${escapeIdentifier(datname)} with (force)`);
          await c.query(`drop role if exists ${api.name}`);
          await c.query(`drop role if exists ${owner.name}`);
        } finally {
          await c.end();
        }
      },
    };
    process.env.TEST_DB_EMBEDDED = '';
  } else {
    const embedded = await startEmbeddedPostgres();
    globalThis.__testDb = embedded;
    process.env.TEST_DB_URL = embedded.url;
    process.env.TEST_DB_OWNER_URL = embedded.url;
    process.env.TEST_DB_EMBEDDED = '1';
    console.log('\n[tests] No TEST_DATABASE_URL/DATABASE_URL: using the embedded database (one role; tests needing a server will say they skip).');
  }
  // Migrations and reference data are applied by the first test file (test/support/app.ts):
  // MikroORM's metadata must live in the test realm, not in this one.
}
