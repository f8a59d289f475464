import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { defaultFieldResolver, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { RequestContext } from './context';
import { ErrorCode, isKnownError, isServiceFault, RETRY_AFTER_SECONDS } from './errors';
import { message } from '../shared/i18n';
import { newPayload, payloadType } from './text-guard';

/**
 * Database faults and committed writes (issue 8, item 12).
 *
 * - A lost connection, a deadlock or a serialization failure is the service's problem: the
 *   answer is HTTP 503 with `Retry-After` and the retryable code SERVICE_UNAVAILABLE (formatError
 *   names the code; the plugin below sets the status and header).
 * - A write that committed is never reported as a failure. Every service commits its change in
 *   one transaction and then reads back the answer (the payload, its nested fields). Rule: once a
 *   transaction of a mutation has committed, that mutation answers with `userErrors: []` (done),
 *   whatever happens while reading back; fields that could not be read are null and `errors[]`
 *   carries RESULT_UNAVAILABLE ("saved; read the record again, do not resend"), HTTP 200. A
 *   request in which something committed is never answered 503, since a retry would apply the
 *   change twice (or fail with STALE_VERSION).
 * Commits are seen through MikroORM's afterTransactionCommit event on the request's entity
 * manager, which every service's transaction forks from.
 */

interface RequestWrites {
  commits: number;
  /** Response keys of root mutation fields whose transaction committed. */
  committedFields: Set<string>;
  /** Root mutation fields that committed and then failed to read back their answer. */
  unread: Array<{ responseKey: string; error: unknown }>;
}

const writes = new WeakMap<EntityManager, RequestWrites>();

/** The entity manager of one request, counting the transactions that commit through it. */
export function requestEntityManager(orm: MikroORM): EntityManager {
  // A clone of the global event manager: the subscriber below belongs to this request alone.
  const em = orm.em.fork({ cloneEventManager: true });
  const state: RequestWrites = { commits: 0, committedFields: new Set(), unread: [] };
  em.getEventManager().registerSubscriber({
    afterTransactionCommit: () => {
      state.commits++;
    },
  });
  writes.set(em, state);
  return em;
}

function writesOf(em: EntityManager | undefined): RequestWrites | undefined {
  return em ? writes.get(em) : undefined;
}

/** How many transactions have committed through this request so far. */
export function commitCount(ctx: RequestContext): number {
  return writesOf(ctx.em)?.commits ?? 0;
}

/** Response keys of the root mutations of this request whose change committed. */
export function committedFields(ctx: RequestContext): ReadonlySet<string> {
  return writesOf(ctx.em)?.committedFields ?? new Set();
}

/** The answer for a root field whose change committed but whose result cannot be sent. */
export function resultUnavailable(ctx: RequestContext, responseKey: string): GraphQLFormattedError {
  return { message: message(ctx.lang, ErrorCode.RESULT_UNAVAILABLE), path: [responseKey], extensions: { code: ErrorCode.RESULT_UNAVAILABLE } };
}

/** Wraps every root mutation so that a failure after its commit still answers "done" (see above). */
export function answerCommittedWrites(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const payload = payloadType(field.type);
    field.resolve = async (root, args, ctx: RequestContext, info) => {
      const state = writesOf(ctx.em);
      const before = state?.commits ?? 0;
      const responseKey = String(info.path.key);
      try {
        const result = await resolve(root, args, ctx, info);
        if (state && state.commits > before) state.committedFields.add(responseKey);
        return result;
      } catch (err) {
        if (!state || state.commits === before || !payload) throw err;
        state.committedFields.add(responseKey);
        state.unread.push({ responseKey, error: err });
        return newPayload(payload);
      }
    };
  }
}

/**
 * Logs what went wrong without personal data (class, SQLSTATE, request id, operation, path; see
 * src/logging.ts) and sets 503 + Retry-After for database faults, unless something committed.
 */
export function faultEdge(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(rc) {
          for (const error of rc.errors) {
            if (isKnownError(error)) continue;
            const fault = isServiceFault(error);
            log[fault ? 'warn' : 'error'](
              { requestId: rc.contextValue.requestId, operation: rc.operationName ?? null, path: error.path?.join('.') ?? null, err: error.originalError ?? error },
              fault ? 'database unavailable' : 'internal error',
            );
          }
        },
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const ctx = rc.contextValue;
          const state = writesOf(ctx.em);
          const committed = !!state && state.committedFields.size > 0;
          const result = rc.response.body.singleResult;
          const errors: GraphQLFormattedError[] = [...(result.errors ?? [])];
          for (const u of state?.unread ?? []) {
            log.error({ requestId: ctx.requestId, operation: rc.operationName ?? null, path: u.responseKey, err: u.error }, 'change committed, answer unreadable');
            errors.push(resultUnavailable(ctx, u.responseKey));
          }
          // Reading back a committed change failed: not retryable, the change is saved.
          for (let i = 0; i < errors.length; i++) {
            const e = errors[i];
            const key = e.path?.[0];
            if (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE && key !== undefined && state?.committedFields.has(String(key))) {
              errors[i] = { ...resultUnavailable(ctx, String(key)), path: e.path, locations: e.locations };
            }
          }
          if (errors.length) result.errors = errors;
          const unavailable = errors.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          if (unavailable && !committed) {
            rc.response.http.status = 503;
            rc.response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
