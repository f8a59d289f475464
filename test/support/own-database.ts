/**
 * A database of one test file's own, for files whose rows would disturb the others sharing the
 * run's database (test/global-setup.ts): the demo county (test/support/demo-county.ts), and files
 * that move the clock years ahead (their decisions dated 2041 make every later policy change
 * "rewrite a decision", their parameter changes apply to every household; startApp's
 * `ownDatabase`).
 *
 * On a server: a fresh, empty database owned by the run's owner role, made by the same code as
 * the run's own (provisionRoles), so the app still connects as the least-privileged API role and
 * the owner migrates. On the embedded database: a second in-memory PostgreSQL (one role).
 * Migrations and reference data are the caller's (startApp and openDatabase migrate).
 */
import crypto from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { provisionRoles } from '../../src/db/roles';

export interface OwnDatabase {
  /** The API role's connection to the new database. */
  url: string;
  /** The owner role's (the same as `url` on the embedded database). */
  ownerUrl: string;
  embedded: boolean;
  /** Drops the database (stops the embedded one). */
  drop(): Promise<void>;
}

export async function createOwnDatabase(prefix = 'own_test'): Promise<OwnDatabase> {
  const adminUrl = process.env.TEST_DB_ADMIN_URL;
  if (process.env.TEST_DB_EMBEDDED === '1' || !adminUrl) {
    const db = await startEmbeddedPostgres();
    return { url: db.url, ownerUrl: db.url, embedded: true, drop: () => db.stop() };
  }
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const apiUrl = new URL(process.env.TEST_DB_URL!);
  const ownerUrl = new URL(process.env.TEST_DB_OWNER_URL!);
  // The run's roles exist already; no password given, so they keep theirs.
  await provisionRoles(adminUrl, {
    database: name,
    owner: { name: decodeURIComponent(ownerUrl.username) },
    api: { name: decodeURIComponent(apiUrl.username) },
  });
  apiUrl.pathname = `/${name}`;
  ownerUrl.pathname = `/${name}`;
  return {
    url: apiUrl.toString(),
    ownerUrl: ownerUrl.toString(),
    embedded: false,
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
