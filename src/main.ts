/**
 * Entry: config → database → app → listen. With no DATABASE_URL the embedded PostgreSQL under
 * ./data is used and the demo county is seeded on first start (never in production, where the
 * embedded database needs ALLOW_EMBEDDED_DATABASE=true). With MIGRATION_DATABASE_URL the
 * migrations run as the owner role and the server as the API role (README: database roles).
 *
 * Shutdown, the one path for SIGTERM and SIGINT (Apollo's own handler is off, src/app.ts):
 *   1. stop accepting connections; requests in flight run to the end, each connection closing
 *      after its response; quiet connections close after a short linger (src/http-drain.ts);
 *      the outbox worker and the domain-event consumers start no new batch;
 *   2. at SHUTDOWN_TIMEOUT_MS the connections still open are closed;
 *   3. once the workers' current batch is done: Apollo stops, the database closes, exit 0.
 * After the deadline the workers' batch and the database get the deadline again (at least 5 s);
 * past that the process exits 1 saying what did not finish (e.g. a request cut at the deadline
 * whose query still holds a database connection).
 */
import { WebhookSecretBox } from './webhooks/secrets';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Config, loadConfig } from './config';
import { openDatabase } from './db/database';
import { leastPrivilegeProblems } from './db/roles';
import { printDemoKeys, seedDemoCounty, seedHouseholds, seedReferenceData } from './db/seed';
import { createApp } from './app';
import { HttpDrain } from './http-drain';
import { domainEvents } from './events/domain-events';
import { registerConsumers } from './events/subscribers';
import { OutboxWorker } from './webhooks/outbox.worker';
import { DEFAULT_TOLERANCE_SECONDS, pruneWebhookReceipts } from './webhooks/signing';
import { pruneScorecardResults } from './modules/supervision/supervision.reader';
import { refreshRecheckDueToday } from './modules/lifecycle/lifecycle.recheck-due';
import { TOWNSHIPS } from './modules/registry/registry.county-data';
import { createLogger, describeFault, errorCode } from './logging';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    // One line per bad setting (src/config.ts); a stack trace would only hide them.
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  }
  const production = config.env === 'production';
  // Errors are logged by class and code, never their messages (SQL with parameters): src/logging.ts.
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
  if (!db.embedded) {
    // The audit holds only if the API cannot switch its triggers off: production refuses to serve
    // as a superuser or as the owner of the schema.
    const problems = await leastPrivilegeProblems(db.orm.em.getKnex());
    if (problems.length && production) {
      await db.close();
      throw new Error(`DATABASE_URL must connect as the API role (README: database roles; npm run db:roles):\n  - ${problems.join('\n  - ')}`);
    }
    if (problems.length) console.warn(`[db] DATABASE_URL could switch the audit off (refused in production): ${problems.join('; ')}`);
  } else if (production) {
    // Only with ALLOW_EMBEDDED_DATABASE=true (src/config.ts).
    console.warn('[db] the embedded database has a single role: the API owns the audit table and could switch its triggers off. Use a PostgreSQL server with two roles in production.');
  }
  if (config.seedDemo) {
    const em = db.orm.em.fork();
    const existing = Number((await em.getKnex()('township').count({ n: '*' }).first())?.n ?? 0);
    if (existing === 0) {
      await seedReferenceData(em);
      const r = await seedHouseholds(em, { households: config.demoHouseholds });
      console.log(`Seeded the demo county: ${r.households} synthetic households, ${r.persons} persons.`);
      // Keys, pairings, funds and cases (src/db/seed/demo-county.ts); the keys' plaintext exists
      // only now: printed once, in development (production never seeds).
      const demo = await seedDemoCounty(db.orm);
      if (!production) printDemoKeys(demo.keys);
    }
  }
  const { app, stop } = await createApp(config, db.orm, { logger: log });
  registerConsumers();
  const stopEvents = domainEvents.start(db.orm, 2000, (err) => log.error({ err }, 'domain event delivery failed'));
  // Partner notifications leave through the outbox, retried with backoff (src/webhooks).
  const stopOutbox = new OutboxWorker(db.orm, { allowLoopback: config.webhookAllowLoopback, secrets: new WebhookSecretBox(config.webhookSecretKey), log: (msg, data) => log.info({ outbox: data }, msg) }).start(5000);
  // Webhook receipts older than twice the timestamp tolerance can go: such requests are refused anyway.
  const pruning = setInterval(() => {
    pruneWebhookReceipts(db.orm.em.getKnex(), new Date(Date.now() - 2 * DEFAULT_TOLERANCE_SECONDS * 1000 - 60_000)).catch((err) => log.error({ err }, 'pruning receipts failed'));
    // Stale kept scorecards and the change rows no kept or future result can need (issue 10).
    pruneScorecardResults(db.orm.em.getKnex()).catch((err) => log.error({ err }, 'pruning kept scorecards failed'));
    // The re-check queue's due days for the new day or a new policy number, before a caseworker asks.
    refreshRecheckDueToday(db.orm.em.getKnex(), new Date()).catch((err) => log.error({ err }, 'refreshing re-check due days failed'));
  }, 10 * 60_000);
  pruning.unref();
  refreshRecheckDueToday(db.orm.em.getKnex(), new Date()).catch((err) => log.error({ err }, 'refreshing re-check due days failed'));
  const server = app.listen(config.port, () => {
    const port = (server.address() as AddressInfo).port;
    const where = db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server from DATABASE_URL';
    console.log(`API ready at http://localhost:${port}/graphql (${where})`);
    // Development hints only: production tokens come from the county identity provider.
    if (production) return;
    console.log('Get a token (send it as "Authorization: Bearer <token>"):');
    console.log('  npm run token -- --department CIVIL_AFFAIRS');
    console.log(`  npm run token -- --township ${TOWNSHIPS[0].code}     (${TOWNSHIPS[0].name}; any township code works)`);
    console.log('Partner API keys: the demo keys printed at first start, or createPartnerApiKey as CIVIL_AFFAIRS (see README).');
    if (config.explorer) console.log(`Explorer (GraphiQL, offline): http://localhost:${port}/explorer`);
  });

  // Shutdown: one path for SIGTERM and SIGINT (see the top of this file).
  const drain = new HttpDrain(server);
  let signalledAt = 0;
  let step = 'requests in flight';
  const shutdown = async (signal: NodeJS.Signals) => {
    if (signalledAt) return; // a second signal changes nothing; the time limit below still holds
    signalledAt = Date.now();
    console.log(`[shutdown] ${signal}: no new connections; requests in flight get ${config.shutdownTimeoutMs} ms`);
    const limit = config.shutdownTimeoutMs + Math.max(config.shutdownTimeoutMs, 5000);
    setTimeout(() => {
      console.error(`[shutdown] not finished after ${limit} ms (waiting for ${step}); exiting`);
      process.exit(1);
    }, limit).unref();
    try {
      // The workers finish their current batch while the requests drain; neither starts another.
      const workersStopped = Promise.all([stopEvents(), stopOutbox()]);
      clearInterval(pruning);
      const { cut } = await drain.close(config.shutdownTimeoutMs);
      if (cut) console.warn(`[shutdown] deadline: closed the connections of ${cut} requests still in flight`);
      step = 'the outbox worker and the event consumers';
      await workersStopped;
      step = 'Apollo';
      await stop();
      step = 'the database';
      await db.close();
      console.log(`[shutdown] done in ${Date.now() - signalledAt} ms`);
      process.exit(0);
    } catch (err) {
      log.error({ err }, '[shutdown] failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  // Our own start-up refusals are sentences for the operator; a database error is shown by class
  // and code only (its message can carry SQL and parameters).
  console.error(errorCode(err) ? JSON.stringify(describeFault(err)) : err instanceof Error ? err.message : err);
  process.exit(1);
});
