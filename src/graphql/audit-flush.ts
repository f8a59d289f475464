import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { writeAudit } from '../access/audit';
import { auditWriteFailures } from '../metrics';
import { RequestContext } from './context';
import { ErrorCode, RETRY_AFTER_SECONDS, ServiceUnavailableError } from './errors';
import { committedFields, resultUnavailable } from './faults';

/**
 * Writes the unmasked personal-data reads of a request in one insert before the response leaves.
 * If that write fails, the personal data is withheld: personal data is never sent unaudited.
 * - Nothing committed in the request (a read): the answer is 503 SERVICE_UNAVAILABLE with
 *   Retry-After, like any database fault.
 * - A mutation's change committed: it is not reported as failed (src/graphql/faults.ts). Its
 *   payload keeps `userErrors` (empty: done) and its flags, every object in it is null, and
 *   `errors[]` says RESULT_UNAVAILABLE (saved; read the record again), HTTP 200.
 * The log line carries the error's class and code only (src/logging.ts), never its message.
 */
export function unmaskedReadAudit(log?: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const ctx = rc.contextValue;
          const entries = ctx.unmaskedReads?.drain() ?? [];
          if (entries.length === 0 && !ctx.unmaskedReads?.auditFailed) return;
          try {
            // A read that carried its own audit failed (readAuditedInStatement): withheld as below.
            if (ctx.unmaskedReads.auditFailed) throw new Error('audit in a read statement failed');
            await writeAudit(ctx.em, ctx, entries);
          } catch (err) {
            log?.error({ requestId: ctx.requestId, operation: rc.operationName ?? null, err }, 'audit of unmasked reads failed; personal data withheld');
            if (rc.response.body.kind !== 'single') return;
            const committed = committedFields(ctx);
            if (committed.size === 0) {
              rc.response.body.singleResult = {
                errors: [{ message: 'Audit unavailable; personal data withheld', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS } }],
              };
              rc.response.http.status = 503;
              rc.response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              return;
            }
            const data = (rc.response.body.singleResult.data ?? {}) as Record<string, unknown>;
            const withheld: Record<string, unknown> = {};
            // Personal data lives in the objects of a payload; its flags (duplicate, alreadyRun) and userErrors do not.
            for (const [key, value] of Object.entries(data)) {
              withheld[key] = value && typeof value === 'object'
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'userErrors' || v === null || typeof v !== 'object' ? v : null]))
                : value;
            }
            rc.response.body.singleResult = { data: withheld, errors: [...committed].map((key) => resultUnavailable(ctx, key)) };
            rc.response.http.status = 200;
          }
        },
      };
    },
  };
}

/**
 * A read whose statement also writes its own unmasked-read audit (issue 10: `readAuditInsert`,
 * one round trip). Its failure is a failed audit: counted as the flush's failures are, and the
 * whole response is withheld exactly as when the flush fails (503 SERVICE_UNAVAILABLE, no data).
 */
export async function readAuditedInStatement<T>(ctx: RequestContext, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    auditWriteFailures.inc({ kind: 'unmasked_read' });
    ctx.unmaskedReads.auditFailed = true;
    throw new ServiceUnavailableError(err);
  }
}
