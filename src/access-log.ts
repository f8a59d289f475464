/**
 * The request id and the access log: one JSON line per request, and the request's id
 * in every log line and audit row written for it.
 *
 * Request id: `X-Request-Id` from the client or an upstream proxy is kept when it is 1–40
 * characters of [A-Za-z0-9._-] (a UUID, a proxy's 32 hex digits; 40 is the width of
 * audit_event.request_id), otherwise the request gets a new UUID. The id goes back in the
 * response's `X-Request-Id`, even on errors.
 *
 * The access line names the request by its shape only: method, route pattern (`/notices/:id`,
 * never the path's values nor the query string, which can carry a GET query's variables),
 * status, duration, the GraphQL operation name, the principal's kind and role (never who: no
 * name, subject, actor, token or key), and the error codes of the response. Nothing of the
 * request's headers, body or variables is logged (src/logging.ts for errors).
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Principal } from './shared/principal';

/** The X-Request-Id that is accepted as given (see above). */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,40}$/;

/** A GraphQL operation name as the grammar allows it (ASCII), at most 64 characters. */
export const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Error codes are the server's constants (UPPER_SNAKE); anything else is not reported as is. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** What the access line and the metrics say of one request, filled in as it is handled. */
export interface RequestObservation {
  requestId: string;
  startedAt: bigint;
  /** The GraphQL operation name, when the request was one and named it. */
  operation: string | null;
  principal: { kind: Principal['kind']; role: Principal['role'] } | null;
  /** Codes of the response's `errors[]` (GraphQL and the other routes alike). */
  errorCodes: string[];
  /** Codes of the userErrors in the GraphQL payloads. */
  userErrorCodes: string[];
  /** The GraphQL response, read when the response has left (Apollo's plugins edit it until then). */
  graphqlResponse?: { body: { kind: string; singleResult?: { data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> } } };
}

export function observationOf(res: Response | ServerResponse): RequestObservation {
  return (res as Response).locals.observation as RequestObservation;
}

/** The request's id (set by `requestIdentity`, the first middleware; a new one if it did not run). */
export function requestIdOf(req: Request | IncomingMessage): string {
  const r = req as IncomingMessage;
  r.id ??= crypto.randomUUID();
  return String(r.id);
}

export function notePrincipal(res: Response, principal: Principal): void {
  const obs = observationOf(res);
  if (obs) obs.principal = { kind: principal.kind, role: principal.role };
}

export function noteErrorCode(res: Response, code: unknown): void {
  const obs = observationOf(res);
  if (obs) obs.errorCodes.push(safeCode(code));
}

export function safeCode(code: unknown): string {
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'OTHER';
}

export function safeOperationName(name: unknown): string | null {
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : null;
}

/** The route pattern: the matched Express route or the GraphQL mount; never the path's values. */
export function routeOf(req: Request): string {
  // The GraphQL mount first: Express keeps `req.route` of an earlier route that passed the request
  // on (the explorer's `GET /graphql` redirect calls next() for clients), which under the mount
  // would read `/graphql/graphql`. Mount paths match case-insensitively: report the constant.
  if ((req.baseUrl ?? '').toLowerCase() === '/graphql') return '/graphql';
  if (req.route?.path) return `${req.baseUrl ?? ''}${String(req.route.path)}`;
  return 'unmatched';
}

/**
 * The codes of a finished GraphQL response: `errors[].extensions.code`, and `userErrors[].code` of
 * each top-level payload. Read once the response has left, when no plugin changes it any more.
 */
export function settleGraphqlCodes(obs: RequestObservation): void {
  const result = obs.graphqlResponse?.body.kind === 'single' ? obs.graphqlResponse.body.singleResult : undefined;
  obs.graphqlResponse = undefined;
  if (!result) return;
  for (const e of result.errors ?? []) obs.errorCodes.push(safeCode(e.extensions?.code));
  if (result.data && typeof result.data === 'object') {
    for (const payload of Object.values(result.data as Record<string, unknown>)) {
      const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
      if (Array.isArray(userErrors)) for (const u of userErrors) obs.userErrorCodes.push(safeCode((u as { code?: unknown })?.code));
    }
  }
}

/**
 * First middleware: the request id (header in, header out), the observation, and the codes of
 * every JSON error body the other routes send (`{ errors: [{ extensions: { code } }] }`).
 */
export function requestIdentity(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    (req as IncomingMessage).id = requestId;
    res.setHeader('X-Request-Id', requestId);
    const observation: RequestObservation = { requestId, startedAt: process.hrtime.bigint(), operation: null, principal: null, errorCodes: [], userErrorCodes: [] };
    res.locals.observation = observation;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const errors = (body as { errors?: unknown } | null)?.errors;
      if (Array.isArray(errors)) for (const e of errors) observation.errorCodes.push(safeCode((e as { extensions?: { code?: unknown } })?.extensions?.code));
      return json(body);
    };
    next();
  };
}

/**
 * The GraphQL side of the observation: the operation name as resolved from the document, and the
 * response, whose codes are read once it has left (`settleGraphqlCodes`): Apollo runs the
 * plugins' willSendResponse hooks concurrently, and some of them still change the errors.
 */
export function observeGraphql(): ApolloServerPlugin<{ observation?: RequestObservation }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const obs = rc.contextValue.observation;
          if (!obs) return;
          obs.operation = safeOperationName(rc.operationName) ?? obs.operation;
          obs.graphqlResponse = rc.response as RequestObservation['graphqlResponse'];
        },
      };
    },
  };
}

/** Seconds since the request arrived. */
export function elapsedSeconds(obs: RequestObservation): number {
  return Number(process.hrtime.bigint() - obs.startedAt) / 1e9;
}

/** Probes and scrapes are not logged when they succeed (they come every few seconds). */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** The request's child logger, made on first use of `req.log` (see accessLog). */
const REQUEST_LOGGER = Symbol('requestLogger');

/**
 * The access log. `onFinished` runs first on every finished or aborted request (the metrics
 * count there); the line is written after it, at `info` (`error` for a 5xx or a stream error,
 * nothing for a successful probe), and only built when the logger writes that level.
 * `req.log` is a child logger bound to the request id, for the handlers' own lines; it is made
 * when a handler first asks for it.
 *
 * Not pino-http's middleware (which this replaced): pino-http 11 makes two child loggers per
 * request whatever its options (`quietReqLogger` only chooses which one `req.log` is), and with
 * the process logger's redaction each child runs the redaction serializer over its bindings — one
 * of them the whole IncomingMessage. That was ~10 % of the CPU of a `node(id:)` request under
 * load, for a line that at `LOG_LEVEL=warn` is never written.
 */
export function accessLog(log: Logger, onFinished: (req: Request, res: Response, obs: RequestObservation, aborted: boolean) => void): RequestHandler {
  const line = (req: Request, res: ServerResponse, obs: RequestObservation) => ({
    requestId: obs.requestId,
    method: req.method,
    route: routeOf(req),
    status: res.statusCode,
    durationMs: Math.round(elapsedSeconds(obs) * 10_000) / 10,
    ...(obs.operation ? { operation: obs.operation } : {}),
    principal: obs.principal ?? { kind: 'ANONYMOUS', role: 'ANONYMOUS' },
    ...(obs.errorCodes.length ? { errorCodes: [...new Set(obs.errorCodes)] } : {}),
    ...(obs.userErrorCodes.length ? { userErrorCodes: [...new Set(obs.userErrorCodes)] } : {}),
    // The client went away before the response was complete.
    ...(res.writableFinished ? {} : { aborted: true }),
  });
  /** `req.log`, on the request prototype of each app this middleware serves: a child made once per request, when asked for. */
  const prototypes = new WeakSet<object>();
  const lazyRequestLogger = (req: Request) => {
    const proto = Object.getPrototypeOf(req) as object;
    if (prototypes.has(proto)) return;
    prototypes.add(proto);
    Object.defineProperty(proto, 'log', {
      configurable: true,
      get(this: Request & { [REQUEST_LOGGER]?: Logger }) {
        return (this[REQUEST_LOGGER] ??= log.child({ requestId: requestIdOf(this) }));
      },
    });
  };
  return (req: Request, res: Response, next: NextFunction) => {
    // The id is set by requestIdentity, which runs before.
    requestIdOf(req);
    lazyRequestLogger(req);
    let done = false;
    // Once per response, on whichever comes first: finished, closed (aborted) or a stream error.
    const complete = (err?: Error) => {
      if (done) return;
      done = true;
      res.removeListener('finish', onFinish);
      res.removeListener('close', onClose);
      res.removeListener('error', complete);
      const obs = observationOf(res);
      settleGraphqlCodes(obs);
      onFinished(req, res, obs, !res.writableFinished);
      const failed = Boolean(err) || res.statusCode >= 500;
      if (!failed && res.statusCode < 400 && QUIET_ROUTES.has(routeOf(req))) return;
      const level = failed ? 'error' : 'info';
      if (!log.isLevelEnabled(level)) return;
      const message = failed ? 'request failed' : res.writableFinished ? 'request completed' : 'request aborted';
      log[level](line(req, res, obs), message);
    };
    const onFinish = () => complete();
    const onClose = () => complete();
    res.on('finish', onFinish);
    res.on('close', onClose);
    res.on('error', complete);
    next();
  };
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id (requestIdentity). */
    id?: string;
    /** A child logger bound to the request id (accessLog). */
    readonly log?: Logger;
  }
}
