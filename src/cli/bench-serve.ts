/**
 * The API as `npm run bench:compare` runs it (src/cli/bench-compare.ts): built dist, NODE_ENV
 * production, warn-level logs, on an ephemeral 127.0.0.1 port, in a process of its own so the load
 * generator's CPU is not counted in its figures. Started by bench-compare with DATABASE_URL and
 * JWT_SECRET in the environment; prints `listening <port>`; stops on SIGTERM. Unlike `npm start` it
 * accepts the server's administrator role (a benchmark database of its own, not a deployment).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: process.env.JWT_SECRET,
    // A key of this process alone: the benchmark signs no webhook a partner keeps.
    WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', SEED_DEMO: 'false',
    // The partner and platform keys of the needs and ranking scenarios send thousands of requests
    // a minute: the limit is raised, the counting (one statement a request) stays.
    PARTNER_RATE_LIMIT_PER_MINUTE: '100000',
  });
  const db = await openDatabase({ url: config.databaseUrl });
  const { app, stop } = await createApp(config, db.orm);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  console.log(`listening ${(server.address() as AddressInfo).port}`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void stop().then(() => db.close()).then(() => process.exit(0)));
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
