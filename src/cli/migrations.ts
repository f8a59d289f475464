/**
 * `npm run migration:create -- name` writes a migration for the difference between the entities
 * and a fresh database migrated to the latest migration; `npm run migration:check` fails when
 * there is such a difference. Both run on an in-memory embedded database: no server needed.
 */
import 'reflect-metadata';
import { openDatabase } from '../db/database';

async function main() {
  const [command, name] = process.argv.slice(2);
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
      console.error('usage: migrations.ts check | create [name]');
      process.exitCode = 2;
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
