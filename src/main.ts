/**
 * Entry: config → database → app → listen. With no DATABASE_URL the embedded PostgreSQL under
 * ./data is used and the demo county is seeded on first start. With MIGRATION_DATABASE_URL the
 * migrations run as the owner role and the server as the API role (README: database roles).
 */
import 'reflect-metadata';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { leastPrivilegeProblems } from './db/roles';
import { seedHouseholds, seedReferenceData } from './db/seed';
import { createApp } from './app';
import { domainEvents } from './events/domain-events';
import { registerConsumers } from './events/subscribers';
import { OutboxWorker } from './integrations/outbox.worker';
import { DEFAULT_TOLERANCE_SECONDS, pruneWebhookReceipts } from './integrations/signing';
import { TOWNSHIPS } from './modules/registry/county.data';
import { createLogger, describeFault, errorCode } from './logging';

async function main() {
  const config = loadConfig();
  // Errors are logged by class and code, never their messages (SQL with parameters): src/logging.ts.
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
  if (!db.embedded) {
    // The audit holds only if the API cannot switch its triggers off: production refuses to serve
    // as a superuser or as the owner of the schema.
    const problems = await leastPrivilegeProblems(db.orm.em.getKnex());
    if (problems.length && config.env === 'production') {
      await db.close();
      throw new Error(`DATABASE_URL must connect as the API role (README: database roles; npm run db:roles):\n  - ${problems.join('\n  - ')}`);
    }
    if (problems.length) console.warn(`[db] DATABASE_URL could switch the audit off (refused in production): ${problems.join('; ')}`);
  } else if (config.env === 'production') {
    console.warn('[db] the embedded database has a single role: the API owns the audit table and could switch its triggers off. Use a PostgreSQL server with two roles in production.');
  }
  if (config.seedDemo) {
    const em = db.orm.em.fork();
    const existing = Number((await em.getKnex()('township').count({ n: '*' }).first())?.n ?? 0);
    if (existing === 0) {
      await seedReferenceData(em);
      const r = await seedHouseholds(em, { households: config.demoHouseholds });
      console.log(`Seeded the demo county: ${r.households} synthetic households, ${r.persons} persons.`);
    }
  }
  const { app, stop } = await createApp(config, db.orm, { logger: log });
  registerConsumers();
  const stopEvents = domainEvents.start(db.orm, 2000, (err) => log.error({ err }, 'domain event delivery failed'));
  // Partner notifications leave through the outbox, retried with backoff (src/integrations).
  const stopOutbox = new OutboxWorker(db.orm, { allowLoopback: config.webhookAllowLoopback, log: (msg, data) => log.info({ outbox: data }, msg) }).start(5000);
  // Webhook receipts older than twice the timestamp tolerance can go: such requests are refused anyway.
  const pruning = setInterval(() => {
    pruneWebhookReceipts(db.orm.em.getKnex(), new Date(Date.now() - 2 * DEFAULT_TOLERANCE_SECONDS * 1000 - 60_000)).catch((err) => log.error({ err }, 'pruning receipts failed'));
  }, 10 * 60_000);
  pruning.unref();
  const server = app.listen(config.port, () => {
    const where = db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server from DATABASE_URL';
    console.log(`API ready at http://localhost:${config.port}/graphql (${where})`);
    console.log('Get a token (send it as "Authorization: Bearer <token>"):');
    console.log('  npm run token -- --department CIVIL_AFFAIRS');
    console.log(`  npm run token -- --township ${TOWNSHIPS[0].code}     (${TOWNSHIPS[0].name}; any township code works)`);
    console.log('Partner API keys: mutation createPartnerApiKey as CIVIL_AFFAIRS (see README).');
  });
  const shutdown = async () => {
    server.close();
    await stopEvents();
    await stopOutbox();
    clearInterval(pruning);
    await stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  // Our own start-up refusals are sentences for the operator; a database error is shown by class
  // and code only (its message can carry SQL and parameters).
  console.error(errorCode(err) ? JSON.stringify(describeFault(err)) : err instanceof Error ? err.message : err);
  process.exit(1);
});
