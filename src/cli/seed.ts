/**
 * `npm run seed -- --households N` (default 200): seeds the reference data of the demo county and
 * N synthetic households into the configured database (DATABASE_URL, else the embedded one under
 * DATA_DIR). Households are added to whatever is there; reference data is only inserted once.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { seedHouseholds, seedReferenceData } from '../db/seed';
import { integerOption, parseCommandLine } from './args';

const USAGE = 'usage: npm run seed -- [--households N]   (N: a non-negative integer, default 200)';

/** Returns the household count, or an error message. */
export function parseSeedArgs(args: string[]): number | string {
  const parsed = parseCommandLine(args, { households: { type: 'string' } }, USAGE);
  if (!parsed.ok) return parsed.message;
  return integerOption('households', parsed.values.households, 200, 0, Number.MAX_SAFE_INTEGER, USAGE);
}

async function main(): Promise<void> {
  const households = parseSeedArgs(process.argv.slice(2));
  if (typeof households === 'string') {
    console.error(households);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.env === 'production') {
    // Synthetic households never go into production data (src/config.ts refuses SEED_DEMO there too).
    console.error('npm run seed writes synthetic households: refused with NODE_ENV=production');
    process.exit(2);
  }
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const em = db.orm.em.fork();
    await seedReferenceData(em);
    const result = await seedHouseholds(em, {
      households,
      onBatch: (done) => { if (households > 10_000) console.log(`  ${done} / ${households} households`); },
    });
    console.log(`Seeded ${result.households} households with ${result.persons} persons in ${(result.ms / 1000).toFixed(1)} s ` +
      `(${db.embedded ? 'embedded database' : 'PostgreSQL server'})`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
