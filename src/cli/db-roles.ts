/**
 * `npm run db:roles` (in the image: `node dist/src/cli/db-roles.js`) sets up the two database
 * roles of README "database roles" on a PostgreSQL server, idempotently:
 *
 *   DB_ADMIN_URL=postgres://postgres:…@db:5432/postgres \
 *   MIGRATION_DATABASE_URL=postgres://assistance_owner:…@db:5432/assistance \
 *   DATABASE_URL=postgres://assistance_api:…@db:5432/assistance  npm run db:roles
 *
 * The role names and passwords are taken from the two URLs the deployment uses anyway (so they
 * cannot disagree); a URL without a password leaves an existing role's password as it is. Creates
 * the database owned by the owner role, or hands an existing one over to it. The API role's
 * privileges are granted by the next migration run (`npm run migrate`, or the server's start with
 * MIGRATION_DATABASE_URL set).
 *
 * `npm run db:roles -- --check` connects as DATABASE_URL and fails unless it is a least-privileged
 * role (the same check the production server makes before serving).
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { loadDatabaseConfig } from '../config';
import { leastPrivilegeProblems, planFromUrls, provisionRoles } from '../db/roles';
import { parseCommandLine } from './args';

const USAGE = 'usage: DB_ADMIN_URL=… MIGRATION_DATABASE_URL=… DATABASE_URL=… npm run db:roles\n' +
  '       DATABASE_URL=… npm run db:roles -- --check';

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), { check: { type: 'boolean' } }, USAGE);
  if (!parsed.ok) return fail(parsed.message.split('\n')[0]!);
  const { databaseUrl, migrationDatabaseUrl } = loadDatabaseConfig();
  if (parsed.values.check) {
    if (!databaseUrl) return fail('DATABASE_URL is not set');
    return check(databaseUrl);
  }
  const adminUrl = process.env.DB_ADMIN_URL;
  if (!adminUrl || !databaseUrl || !migrationDatabaseUrl) return fail('DB_ADMIN_URL, MIGRATION_DATABASE_URL and DATABASE_URL are all needed');
  const plan = planFromUrls(databaseUrl, migrationDatabaseUrl);
  await provisionRoles(adminUrl, plan, (line) => console.log(`db:roles: ${line}`));
  console.log(`db:roles: owner ${plan.owner.name}, API ${plan.api.name}, database ${plan.database}. ` +
    'Next: npm run migrate (migrates as the owner and grants the API role).');
}

async function check(url: string): Promise<void> {
  // A plain connection: the check reads the catalog only.
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const problems = await leastPrivilegeProblems(c);
    if (problems.length) {
      console.error(`db:roles --check: DATABASE_URL is not a least-privileged API role:\n  - ${problems.join('\n  - ')}`);
      process.exitCode = 1;
    } else {
      console.log('db:roles --check: DATABASE_URL is a least-privileged API role');
    }
  } finally {
    await c.end();
  }
}

function fail(message: string): void {
  console.error(`db:roles: ${message}\n${USAGE}`);
  process.exitCode = 2;
}

main().catch((err) => {
  console.error(`db:roles: ${err.message ?? err}`);
  process.exit(1);
});
