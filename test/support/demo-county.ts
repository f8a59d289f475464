/**
 * A fresh demo county, as `npm start` seeds it at first start, on a database of its own (a new
 * database on the test server, or a second embedded PostgreSQL in memory:
 * test/support/own-database.ts, which startApp's `ownDatabase` uses too), so tests that run the
 * documentation or the shipped samples against it neither see nor disturb the other files' rows.
 */
import 'reflect-metadata';
import type { Express } from 'express';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { Database, migrate } from '../../src/db/database';
import { ormConfig } from '../../src/db/mikro-orm.config';
import { seedHouseholds, seedReferenceData } from '../../src/db/seed';
import { DemoCountyResult, seedDemoCounty } from '../../src/db/seed/demo-county';
import type { Clock } from '../../src/graphql/context';
import { createOwnDatabase } from './own-database';

export interface DemoCounty {
  app: Express;
  db: Database;
  demo: DemoCountyResult;
  close(): Promise<void>;
}

export async function startDemoCounty(opts: { clock?: Clock; households?: number } = {}): Promise<DemoCounty> {
  // The run's owner role owns the new database: it migrates and seeds, and the app connects as it
  // (one role, as `npm start` has for a demo).
  const own = await createOwnDatabase('demo_test');
  const orm = await MikroORM.init(ormConfig({ url: own.ownerUrl, embedded: own.embedded }));
  let db: Database;
  try {
    const { applied } = await migrate(orm);
    db = { orm, url: own.ownerUrl, embedded: own.embedded, applied, granted: false, close: () => orm.close(true) };
  } catch (err) {
    await orm.close(true);
    await own.drop();
    throw err;
  }
  // As src/main.ts does at first start.
  await seedReferenceData(db.orm.em.fork());
  await seedHouseholds(db.orm.em.fork(), { households: opts.households ?? 200 });
  const demo = await seedDemoCounty(db.orm, { clock: opts.clock });
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url });
  const { app, stop } = await createApp(config, db.orm, { clock: opts.clock });
  return {
    app,
    db,
    demo,
    async close() {
      await stop();
      await db.close();
      await own.drop();
    },
  };
}
