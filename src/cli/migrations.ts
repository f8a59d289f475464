/**
 * `npm run migration:create -- name` writes a migration for the difference between the entities
 * and a fresh database migrated to the latest migration; `npm run migration:check` fails when
 * there is such a difference. Both run on an in-memory embedded database: no server needed.
 *
 * `npm run migrate` (in the image: `node dist/src/cli/migrations.js up`) applies pending
 * migrations to the server of DATABASE_URL as the owner role of MIGRATION_DATABASE_URL, then
 * grants the API role (DATABASE_URL's) its privileges (README: database roles). It needs nothing
 * else from the server's configuration, so a deployment can migrate before the API starts and
 * keep the owner's password out of the API's environment.
 */
import 'reflect-metadata';
import { loadDatabaseConfig } from '../config';
import { openDatabase } from '../db/database';

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === 'up') return up();
  const db = await openDatabase({ dataDir: null });
  try {
    if (command === 'check') {
      const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      if (diff.trim()) {
        console.error('Entities differ from the migrations. Missing SQL:\n' + diff);
        process.exitCode = 1;
      } else {
        console.log('migration:check: entities and migrations agree');
      }
    } else if (command === 'create') {
      const result = await db.orm.getMigrator().createMigration('migrations', false, false, name);
      if (!result.fileName) console.log('No changes: no migration written');
      else console.log(`Wrote migrations/${result.fileName}; add it to migrations/index.ts`);
    } else {
      console.error('usage: migrations.ts check | create [name] | up');
      process.exitCode = 2;
    }
  } finally {
    await db.close();
  }
}

async function up() {
  const { databaseUrl, migrationDatabaseUrl } = loadDatabaseConfig();
  if (!databaseUrl) {
    console.error('migrate: DATABASE_URL is not set (the embedded database is migrated by the server when it starts)');
    process.exitCode = 2;
    return;
  }
  const db = await openDatabase({ url: databaseUrl, migrationUrl: migrationDatabaseUrl });
  try {
    const api = (await db.orm.em.getKnex().raw('select current_user as name')).rows[0].name;
    console.log(`migrate: ${db.applied.length ? `applied ${db.applied.join(', ')}` : 'nothing pending'}` +
      (db.granted ? `; privileges of the API role ${api} granted` : ` (one role: ${api}; set MIGRATION_DATABASE_URL to the owner role for two)`));
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
