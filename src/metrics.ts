/**
 * Prometheus metrics (README "Metrics"). Every label has a bounded set of values: routes are
 * Express patterns, codes are the server's constants, and GraphQL operation names — chosen by
 * clients — are kept only when they look like names, and only the first MAX_OPERATION_NAMES of
 * them; any other is counted as `other`.
 *
 * Gauges that need SQL (outbox, domain-event consumers) are read when /metrics is scraped, in one
 * short read-only transaction with a statement timeout, never per request. The pool gauges read
 * the connection pool's counters (no SQL).
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import client from 'prom-client';
import ipaddr from 'ipaddr.js';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { DomainEventBus } from './events/domain-events';
import { elapsedSeconds, RequestObservation } from './access-log';
import { langFromHeader, message } from './shared/i18n';

export const MAX_OPERATION_NAMES = 100;
/** How long the SQL behind the gauges may take per scrape. */
export const SCRAPE_SQL_TIMEOUT_MS = 2000;

/** Codes that say the server failed, not the client. */
const SERVER_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'RESULT_UNAVAILABLE']);

/**
 * Audit rows that could not be written, by kind: `unmasked_read` (src/graphql/audit-flush.ts:
 * the personal data is then withheld) and `act` (mutations, downloads, partner calls). One
 * process-wide counter, registered in each app's registry.
 */
export const auditWriteFailures = new client.Counter({
  name: 'audit_write_failures_total',
  help: 'Audit rows that could not be written, by kind (unmasked_read: the personal data was withheld)',
  labelNames: ['kind'] as const,
  registers: [],
});

/** Client-chosen operation names as a label of bounded cardinality (see the top of this file). */
export class OperationLabels {
  private readonly kept = new Set<string>();
  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null): string {
    if (!name) return 'anonymous';
    if (this.kept.has(name)) return name;
    if (this.kept.size >= this.max) return 'other';
    this.kept.add(name);
    return name;
  }
}

/** ok, rejected (userErrors), client_error or server_error (errors[] or the status). */
export function outcomeOf(status: number, obs: RequestObservation): string {
  if (status >= 500 || obs.errorCodes.some((c) => SERVER_CODES.has(c))) return 'server_error';
  if (status >= 400 || obs.errorCodes.length) return 'client_error';
  if (obs.userErrorCodes.length) return 'rejected';
  return 'ok';
}

interface Pool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

export class AppMetrics {
  readonly registry = new client.Registry();
  readonly operations = new OperationLabels();
  private readonly httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  private readonly graphqlDuration: client.Histogram<'operation' | 'outcome'>;
  private readonly errors: client.Counter<'route' | 'code'>;
  private readonly userErrors: client.Counter<'code'>;
  private readonly rateLimited: client.Counter<'route'>;
  private readonly outboxPending: client.Gauge;
  private readonly outboxFailed: client.Gauge;
  private readonly outboxOldest: client.Gauge;
  private readonly consumerLag: client.Gauge<'consumer'>;
  private readonly consumerLagSeconds: client.Gauge<'consumer'>;
  private readonly sqlUp: client.Gauge;
  private readonly sqlSeconds: client.Gauge;

  constructor(private readonly orm: MikroORM, private readonly events: DomainEventBus, private readonly log?: Logger) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(auditWriteFailures);
    this.httpDuration = new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.graphqlDuration = new client.Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request duration by operation name (bounded: other beyond the first names) and outcome (ok, rejected, client_error, server_error)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.errors = new client.Counter({ name: 'api_errors_total', help: 'Error codes of responses (errors[] of GraphQL and the other routes), by route', labelNames: ['route', 'code'], registers });
    this.userErrors = new client.Counter({ name: 'graphql_user_errors_total', help: 'userErrors of mutation payloads, by code', labelNames: ['code'], registers });
    this.rateLimited = new client.Counter({ name: 'rate_limit_refusals_total', help: 'Requests refused with 429 (partner key over its per-minute limit), by route', labelNames: ['route'], registers });

    const pool = (): Pool | undefined => (orm.em.getKnex().client as { pool?: Pool }).pool;
    const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
      new client.Gauge({ name, help, registers, collect() { const p = pool(); this.set(p ? read(p) : 0); } });
    poolGauge('db_pool_connections_in_use', 'Database connections lent out', (p) => p.numUsed());
    poolGauge('db_pool_connections_idle', 'Database connections open and idle', (p) => p.numFree());
    poolGauge('db_pool_acquires_waiting', 'Requests for a connection waiting (pending acquires)', (p) => p.numPendingAcquires());
    poolGauge('db_pool_connections_max', 'Largest pool size', (p) => p.max);

    this.outboxPending = new client.Gauge({ name: 'outbox_backlog_messages', help: 'Partner notifications not yet delivered (PENDING)', registers });
    this.outboxFailed = new client.Gauge({ name: 'outbox_failed_messages', help: 'Partner notifications given up after the last attempt (FAILED)', registers });
    this.outboxOldest = new client.Gauge({ name: 'outbox_oldest_pending_age_seconds', help: 'Age of the oldest undelivered notification (0 when none)', registers });
    this.consumerLag = new client.Gauge({ name: 'domain_event_consumer_lag_events', help: 'Domain events of its types after the consumer position', labelNames: ['consumer'], registers });
    this.consumerLagSeconds = new client.Gauge({ name: 'domain_event_consumer_lag_seconds', help: 'Age of the oldest event the consumer has not handled (0 when none)', labelNames: ['consumer'], registers });
    this.sqlUp = new client.Gauge({ name: 'metrics_database_collect_success', help: '1 when the gauges read from the database were collected in this scrape, else 0 (they then keep their last values)', registers });
    this.sqlSeconds = new client.Gauge({ name: 'metrics_database_collect_seconds', help: 'Time taken to read the database gauges in this scrape', registers });
  }

  /** One finished request, or one the client left before its end (status 499, as nginx counts it). */
  observe(req: Request, res: Response, route: string, obs: RequestObservation, aborted = false): void {
    const seconds = elapsedSeconds(obs);
    const status = aborted ? 499 : res.statusCode;
    this.httpDuration.observe({ method: req.method, route, status: String(status) }, seconds);
    if (route === '/graphql') {
      this.graphqlDuration.observe({ operation: this.operations.label(obs.operation), outcome: outcomeOf(status, obs) }, seconds);
    }
    for (const code of obs.errorCodes) this.errors.inc({ route, code });
    for (const code of obs.userErrorCodes) this.userErrors.inc({ code });
    if (status === 429) this.rateLimited.inc({ route });
  }

  /** The gauges that need SQL, read in one short transaction (see the top of this file). */
  async collectDatabaseGauges(timeoutMs = SCRAPE_SQL_TIMEOUT_MS): Promise<void> {
    const started = process.hrtime.bigint();
    const consumers = this.events.subscribed();
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = this.orm.em.getKnex().transaction(async (trx: Knex.Transaction) => {
        // Sequential statements: one connection runs one query at a time.
        await trx.raw(`set transaction read only`);
        await trx.raw(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
        const outbox = (await trx.raw(
          `select count(*) filter (where status = 'PENDING')::int as pending,
                  count(*) filter (where status = 'FAILED')::int as failed,
                  coalesce(extract(epoch from now() - min(created_at) filter (where status = 'PENDING')), 0)::float8 as oldest
             from outbox_message where status in ('PENDING', 'FAILED')`,
        )).rows[0];
        const lags: Array<{ name: string; lag: number; age: number }> = [];
        for (const c of consumers) {
          const row = (await trx.raw(
            `select count(*)::int as lag, coalesce(extract(epoch from now() - min(e.occurred_at)), 0)::float8 as age
               from domain_event e
              where e.type = any(?::text[])
                and e.id > coalesce((select last_event_id from event_consumer where name = ?), 0)`,
            [c.types, c.name],
          )).rows[0];
          lags.push({ name: c.name, lag: Number(row.lag), age: Math.max(0, Number(row.age)) });
        }
        return { outbox, lags };
      });
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('metrics SQL timed out')), timeoutMs + 500);
      });
      const { outbox, lags } = await Promise.race([read, timedOut]);
      this.outboxPending.set(Number(outbox.pending));
      this.outboxFailed.set(Number(outbox.failed));
      this.outboxOldest.set(Math.max(0, Number(outbox.oldest)));
      for (const l of lags) {
        this.consumerLag.set({ consumer: l.name }, l.lag);
        this.consumerLagSeconds.set({ consumer: l.name }, l.age);
      }
      this.sqlUp.set(1);
    } catch (err) {
      this.sqlUp.set(0);
      this.log?.warn({ err }, 'metrics: database gauges not collected');
    } finally {
      clearTimeout(timer);
      this.sqlSeconds.set(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** GET /metrics, behind the access rule of `metricsAccess`. */
  handler(config: Config): RequestHandler {
    const allowed = metricsAccess(config);
    return async (req: Request, res: Response) => {
      const verdict = allowed(req);
      if (verdict !== 'ok') {
        const lang = langFromHeader(req.header('accept-language') ?? undefined);
        const unauthenticated = verdict === 'unauthenticated';
        if (unauthenticated) res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        res.status(unauthenticated ? 401 : 403).set('cache-control', 'no-store').json({
          errors: [{ message: message(lang, REFUSAL_MESSAGES[verdict]), extensions: { code: unauthenticated ? 'UNAUTHENTICATED' : 'FORBIDDEN' } }],
        });
        return;
      }
      await this.collectDatabaseGauges();
      res.set('cache-control', 'no-store').type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}

type MetricsVerdict = 'ok' | 'unauthenticated' | 'not_allowed' | 'closed';
const REFUSAL_MESSAGES = { unauthenticated: 'METRICS_TOKEN_REQUIRED', not_allowed: 'METRICS_NOT_ALLOWED', closed: 'METRICS_CLOSED' } as const;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN: `Authorization: Bearer <token>`. With
 * METRICS_ALLOW_FROM: a TCP peer address in one of the listed networks (the socket's address,
 * never X-Forwarded-For, so a reverse proxy's address must not be listed). Either one suffices.
 * Neither configured: open in development and test, closed (403) in production.
 */
export function metricsAccess(config: Config): (req: Request) => MetricsVerdict {
  const { token, allowFrom } = config.metrics;
  const networks = allowFrom.map((cidr) => ipaddr.parseCIDR(cidr));
  const expected = token ? sha256(token) : undefined;
  if (!expected && networks.length === 0) {
    return config.env === 'production' ? () => 'closed' : () => 'ok';
  }
  return (req) => {
    const peer = req.socket.remoteAddress;
    if (peer && networks.length && ipaddr.isValid(peer)) {
      let addr = ipaddr.parse(peer);
      if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
      if (networks.some(([net, bits]) => net.kind() === addr.kind() && addr.match([net, bits]))) return 'ok';
    }
    if (!expected) return 'not_allowed';
    const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    // Compared as hashes: equal length for timingSafeEqual, and no early exit on the first byte.
    if (match && crypto.timingSafeEqual(sha256(match[1]), expected)) return 'ok';
    return 'unauthenticated';
  };
}
