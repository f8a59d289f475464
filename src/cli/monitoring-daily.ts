/**
 * `npm run monitoring:daily` — the daily monitoring job (issue 11): re-plans the households whose
 * members crossed an age line and, after a policy change, every household on the list; raises the
 * warnings of every rule, set-based. Run once a day after midnight county time (cron); a second
 * run the same day does nothing (`--force` runs it again). Prints what it did as JSON.
 */
import 'reflect-metadata';
import path from 'node:path';
import { loadDatabaseConfig } from '../config';
import { openDatabase } from '../db/database';
import { runDailyMonitoring } from '../modules/monitoring/monitoring.job';

async function main(): Promise<void> {
  const { databaseUrl } = loadDatabaseConfig();
  // As the server: DATABASE_URL, or the embedded database kept under DATA_DIR (default ./data).
  const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: path.resolve(process.env.DATA_DIR ?? 'data') });
  try {
    const outcome = await runDailyMonitoring(db.orm.em.fork(), { now: () => new Date() }, { force: process.argv.includes('--force') });
    console.log(JSON.stringify(outcome, null, 2));
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
