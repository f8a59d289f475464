/**
 * A fresh demo county, as `npm start` seeds it at first start, on a database of its own (a new
 * database on the test server, or a second embedded PostgreSQL in memory), so tests that run the
 * documentation or the shipped samples against it neither see nor disturb the other files' rows.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client } from 'pg';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { openDatabase, Database } from '../../src/db/database';
import { seedHouseholds, seedReferenceData } from '../../src/db/seed';
import { DemoCountyResult, seedDemoCounty } from '../../src/db/seed/demo-county';
import type { Clock } from '../../src/graphql/context';

export interface DemoCounty {
  app: Express;
  db: Database;
  demo: DemoCountyResult;
  close(): Promise<void>;
}

export async function startDemoCounty(opts: { clock?: Clock; households?: number } = {}): Promise<DemoCounty> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let drop: (() => Promise<void>) | undefined;
  let db: Database;
  if (serverUrl && !process.env.TEST_DB_EMBEDDED) {
    const name = `demo_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    drop = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    db = await openDatabase({ url: url.toString() });
  } else {
    db = await openDatabase({ dataDir: null });
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
      await drop?.();
    },
  };
}
