/**
 * One database per test run: a fresh database on the server named by TEST_DATABASE_URL or
 * DATABASE_URL, else an in-memory embedded PostgreSQL started once here.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';

declare global {
  // eslint-disable-next-line no-var
  var __testDb: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup() {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let url: string;
  if (serverUrl) {
    const name = `uha_test_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    globalThis.__testDb = {
      async stop() {
        const c = new Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
    process.env.TEST_DB_EMBEDDED = '';
  } else {
    const embedded = await startEmbeddedPostgres();
    url = embedded.url;
    globalThis.__testDb = embedded;
    process.env.TEST_DB_EMBEDDED = '1';
    console.log('\n[tests] No TEST_DATABASE_URL/DATABASE_URL: using the embedded database (tests needing a server will say they skip).');
  }
  process.env.TEST_DB_URL = url;
  // Migrations and reference data are applied by the first test file (test/support/app.ts):
  // MikroORM's metadata must live in the test realm, not in this one.
}
