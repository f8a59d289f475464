import express, { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from './config';
import { Authenticator, rateLimitHeaders, rateLimitMessage, RateLimitedError } from './access/authenticate';
import { HostResolver, systemResolver, TargetPolicy } from './webhooks/webhook-target';
import { webhooksRouter } from './webhooks/webhooks.routes';
import { identificationRoutes } from './modules/identification/identification.routes';
import { lifecycleRoutes } from './modules/lifecycle/lifecycle.routes'; // lifecycle (issue 11)
import { fundsRoutes } from './modules/funds/funds.routes';
// supervision (issue 13)
import { supervisionRoutes } from './modules/supervision/supervision.routes';
import { officeRoutes } from './modules/office/office.routes'; // office-files (issue 14)
import { WebhookSecretBox } from './webhooks/secrets';
import { UnmaskedReads } from './access/audit';
import { Clock, RequestContext, systemClock } from './graphql/context';
import { formatError, isServiceFault, RETRY_AFTER_SECONDS, ServiceUnavailableError } from './graphql/errors';
import { faultEdge, requestEntityManager } from './graphql/faults';
import { legacyJsonStatus } from './graphql/media-type';
import { createLogger } from './logging';
import { accessLog, noteErrorCode, notePrincipal, observationOf, observeGraphql, requestIdentity, requestIdOf, routeOf, safeOperationName } from './access-log';
import { AppMetrics } from './metrics';
import { DomainEventBus, domainEvents } from './events/domain-events';
import { readinessHandler } from './readiness';
import { sendError } from './http/error-body';
import { langFromHeader, message } from './shared/i18n';
import { createLoaders } from './graphql/loaders';
import { operationGuard } from './graphql/operation-guard';
import { unmaskedReadAudit } from './graphql/audit-flush';
import { createSchema } from './graphql/schema';
import { compiledExecution } from './graphql/compiled-execution';
import { explorerRouter, introspectionForStaff } from './http/explorer';

/** Abuse limits (graphql-armor). Numbers chosen to fit the deepest real query with room. */
export const ARMOR = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 20000,
  /**
   * Validation errors a refused document gets at most (graphql-js `maxErrors`; one more says the
   * rest were cut). graphql-js reports one error per offending node, 100 by default: 60 repeated
   * `@include` answered 60 errors. The limit errors come first, being reported on entering the
   * operation, before any field is visited.
   */
  maxErrors: 5,
};

export interface App {
  app: express.Express;
  stop(): Promise<void>;
}

/** Express app: /graphql, /healthz, /readyz, /metrics. Takes an open ORM; owns nothing else. */
export async function createApp(config: Config, orm: MikroORM, opts: { clock?: Clock; resolver?: HostResolver; logger?: Logger; events?: DomainEventBus } = {}): Promise<App> {
  const clock = opts.clock ?? systemClock;
  // Subscription URLs must reach public addresses; the resolver is replaceable so tests can stage DNS answers.
  const webhookTargets: TargetPolicy = { allowLoopback: config.webhookAllowLoopback, resolver: opts.resolver ?? systemResolver };
  const webhookSecrets = new WebhookSecretBox(config.webhookSecretKey);
  const production = config.env === 'production';
  // Never personal data in logs: errors are logged by class and code only (src/logging.ts).
  const log = opts.logger ?? createLogger(config.env === 'test' ? 'silent' : config.logLevel);
  // Prometheus metrics (src/metrics.ts); the consumers' lag is read from the process's event bus.
  const metrics = new AppMetrics(orm, opts.events ?? domainEvents, log);

  const armor = new ApolloArmor({
    maxDepth: { n: ARMOR.maxDepth },
    // Every alias counts: armor's default allowList exempts `__typename` (101 of them passed).
    maxAliases: { n: ARMOR.maxAliases, allowList: [] },
    maxDirectives: { n: ARMOR.maxDirectives },
    // Apollo's parser enforces the token limit (parseOptions below): armor's own token plugin
    // turns every syntax error into a 500.
    maxTokens: { enabled: false },
    // Depth and cost leave `__schema` out (armor's default, kept): the standard introspection
    // query of development tools measures depth 21 and cost 87,000. Production refuses
    // introspection altogether (`introspection: false`), so nothing escapes the limits there.
    costLimit: { maxCost: ARMOR.maxCost },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const schema = await createSchema();
  const apollo = new ApolloServer<RequestContext>({
    // Queries run compiled (graphql-jit), mutations by graphql-js: src/graphql/compiled-execution.ts.
    gateway: compiledExecution(schema),
    // Production answers introspection only when the explorer is on, and then only to staff
    // (introspectionForStaff below, src/http/explorer.ts).
    introspection: !production || config.explorer,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // One shutdown path (src/main.ts): Apollo's own signal handler would stop it and re-send the
    // signal before the requests in flight and the database close had finished.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    logger: { debug: () => {}, info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
    parseOptions: { maxTokens: ARMOR.maxTokens },
    validationRules: [...protection.validationRules],
    validationOptions: { maxErrors: ARMOR.maxErrors },
    plugins: [
      ...protection.plugins,
      // Measured: the cache-control plugin costs ~40% on hot reads and we send no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      // No Apollo landing page (its Sandbox loads from the internet): the local explorer instead.
      ApolloServerPluginLandingPageDisabled(),
      ...(production && config.explorer ? [introspectionForStaff()] : []),
      operationGuard(),
      faultEdge(log),
      legacyJsonStatus(),
      unmaskedReadAudit(log),
      observeGraphql(),
    ],
  });
  await apollo.start();

  const auth = new Authenticator(config);
  const app = express();
  app.disable('x-powered-by');
  // No ETag: every answer of this API is personal data sent with no-store (below), so a validator
  // serves no cache, and hashing each body cost a share of every request (issue 10).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // First: the request id (X-Request-Id in and out), then one access line per request, which also
  // feeds the metrics (src/access-log.ts).
  app.use(requestIdentity());
  app.use(accessLog(log, (req, res, obs, aborted) => metrics.observe(req, res, routeOf(req), obs, aborted)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: the database answers and its migrations are current (src/readiness.ts).
  app.get('/readyz', readinessHandler(orm));
  // Open in development; in production only with METRICS_TOKEN or from METRICS_ALLOW_FROM.
  app.get('/metrics', metrics.handler(config));

  // Printable notice for the community board (R10): identification's REST route.
  app.use(identificationRoutes({ orm, auth, clock, onPrincipal: notePrincipal, requestIdOf }));
  // The printable exit notice to the household (lifecycle, issue 11: R19).
  app.use(lifecycleRoutes({ orm, auth, onPrincipal: notePrincipal, requestIdOf }));

  // Partner systems deliver their records here, signed (src/webhooks/webhooks.routes.ts).
  app.use(webhooksRouter({ orm, auth, clock, onPrincipal: notePrincipal, requestIdOf }));

  // The monthly allowance roster as the Excel file a county office prints (R17, R20).
  app.use(fundsRoutes({ orm, auth, onPrincipal: notePrincipal, requestIdOf }));

  // supervision (issue 13): the frozen assessment table (Excel) and the wall-screen dashboard page.
  app.use(supervisionRoutes({ orm, auth, clock, onPrincipal: notePrincipal, requestIdOf }));

  // The county's Excel ledger of households in and out (office-files, issue 14).
  app.use(officeRoutes({ orm, auth, clock, onPrincipal: notePrincipal, requestIdOf }));

  // GraphQL over HTTP: /graphql answers application/graphql-response+json (when the client prefers
  // it; then parse and validation failures are 400) or application/json (a missing Accept, `*/*`,
  // or legacy clients; then such request errors are 200, src/graphql/media-type.ts). An Accept header
  // listing neither is refused with 406 before anything runs: Apollo would execute the operation,
  // a mutation included, and only then answer 406. Browsers are sent to the explorer (below).
  const graphqlMediaTypes = ['application/graphql-response+json', 'application/json'];
  const negotiate = (req: Request, res: Response, next: NextFunction) => {
    if (req.accepts(graphqlMediaTypes)) return next();
    const lang = langFromHeader(req.header('accept-language') ?? undefined);
    sendError(res, 406, 'NOT_ACCEPTABLE', message(lang, 'NOT_ACCEPTABLE'));
  };

  // The local explorer (GraphiQL from npm, offline): /explorer, and a browser's GET /graphql
  // (it prefers text/html) is sent there. Off: the browser gets what any client gets.
  if (config.explorer) {
    app.use(explorerRouter({ production }));
    app.get('/graphql', (req, res, next) => {
      if (req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html' && !req.query.query) return res.redirect(302, '/explorer');
      next();
    });
  }

  app.use(
    '/graphql',
    negotiate,
    // Answers name households and people: no browser or proxy keeps them (as the forms and pages).
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.set('cache-control', 'no-store');
      next();
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RequestContext> => {
        // The request's entity manager counts the transactions committed through it (faults.ts).
        const em = requestEntityManager(orm);
        const apiKey = req.header('x-api-key') ?? undefined;
        // The id of the access line and of the response header (src/access-log.ts).
        const requestId = requestIdOf(req);
        const observation = observationOf(res);
        // Named before the document is parsed, so a refusal here (401, 429, 503) has it too.
        observation.operation = safeOperationName(req.body?.operationName);
        const lang = langFromHeader(req.header('accept-language') ?? undefined);
        // A partner key's standing goes out as RateLimit-* headers (a 429 carries them itself).
        const onRateLimit = (s: Parameters<typeof rateLimitHeaders>[0]) => void res.set(rateLimitHeaders(s));
        const principal = await auth.authenticate(em, { authorization: req.header('authorization') ?? undefined, apiKey, lang, onRateLimit }).catch((err) => {
          // Apollo answers a failed context without running the plugins: the code is noted here.
          // Authentication reads the database: a fault there is a 503 like any other.
          if (err instanceof GraphQLError && !isServiceFault(err)) {
            noteErrorCode(res, err.extensions?.code);
            throw err;
          }
          log[isServiceFault(err) ? 'warn' : 'error']({ requestId, operation: observation.operation, err }, 'authentication failed');
          noteErrorCode(res, isServiceFault(err) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR');
          throw isServiceFault(err) ? new ServiceUnavailableError() : err;
        });
        notePrincipal(res, principal);
        const knex = em.getKnex();
        return {
          principal,
          em,
          knex,
          lang,
          requestId,
          ip: req.ip ?? null,
          loaders: createLoaders(knex, principal),
          unmaskedReads: new UnmaskedReads(),
          clock,
          webhookTargets,
          webhookSecrets,
          observation,
        };
      },
    }),
  );

  // Body-parser and other HTTP-level errors: the right status and a JSON body, never a 500 for
  // what the client sent.
  // A database fault is a 503 with Retry-After, as on /graphql. Logged by class and code only.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    // A partner key over its limit on any route (webhook, notice page, roster): 429, never a 500.
    if (err instanceof RateLimitedError) {
      const lang = langFromHeader(req.header('accept-language') ?? undefined);
      sendError(res, 429, 'RATE_LIMITED', rateLimitMessage(lang, err.state), { ...rateLimitHeaders(err.state), 'Retry-After': String(err.retryAfterSeconds) }, { retryAfterSeconds: err.retryAfterSeconds });
      return;
    }
    const requestId = requestIdOf(req);
    if (isServiceFault(err)) {
      log.warn({ requestId, route: routeOf(req), err }, 'database unavailable');
      sendError(res, 503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable; retry shortly', { 'retry-after': String(RETRY_AFTER_SECONDS) }, { retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS });
      return;
    }
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ requestId, route: routeOf(req), err }, 'unhandled error');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'BAD_REQUEST' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    sendError(res, status, code, status === 500 ? 'Internal server error' : err.message);
  });

  return {
    app,
    async stop() {
      await apollo.stop();
    },
  };
}
