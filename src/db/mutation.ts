/**
 * THE mutation runner: every service's write goes through `runMutation`, whoever calls it (GraphQL,
 * the CLI, a partner import, a webhook). It
 * - forks the caller's entity manager and runs `work` in one transaction;
 * - writes the SUCCESS audit row itself, in that transaction (so it commits with the change and
 *   no service writes one by hand); REJECTED, DENIED and FAILED rows are written at the GraphQL
 *   edge, where the outcome is known (src/graphql/mutation-audit.ts, operation-guard.ts);
 * - turns what the user can fix into problems, once for all services: `ProblemsThrown` (a
 *   service's `fail` or `Problems.throwIfAny`), a lost optimistic lock (STALE_VERSION), a unique
 *   violation the service names (`onUniqueViolation`; any other unique violation is a bug and is
 *   rethrown). Serialisation failures, deadlocks and lost connections are rethrown too: they are
 *   the service's problem (503 SERVICE_UNAVAILABLE at the edge, src/graphql/errors.ts).
 */
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { writeAudit } from '../access/audit';
import type { ServiceContext } from '../shared/context';
import { UserErrorCode } from '../shared/errors';
import { Problem, ProblemsThrown, Result } from '../shared/result';

/** What a successful write answers: its value and the record the SUCCESS audit row names. */
export interface Audited<T> {
  value: T;
  entity: string;
  recordId: string | number | null;
  detail?: Record<string, unknown> | null;
}

export function audited<T>(value: T, entity: string, recordId: string | number | null, detail?: Record<string, unknown> | null): Audited<T> {
  return { value, entity, recordId, detail };
}

export interface MutationOptions {
  /** The problem a unique violation means for this mutation (by constraint name), if any. */
  onUniqueViolation?: (constraint: string | undefined) => Problem | undefined;
}

/** The constraint a unique violation names (PostgreSQL reports it; MikroORM wraps the driver error). */
function constraintOf(err: UniqueConstraintViolationException): string | undefined {
  const e = err as unknown as { constraint?: string; cause?: { constraint?: string } };
  return e.constraint ?? e.cause?.constraint;
}

/**
 * Runs `work` as the mutation `action` (a domain verb such as `registerHousehold`; audited as
 * `Mutation.<action>`).
 */
export async function runMutation<T>(
  ctx: ServiceContext,
  action: string,
  work: (tx: EntityManager) => Promise<Audited<T>>,
  options: MutationOptions = {},
): Promise<Result<T>> {
  try {
    const value = await ctx.em.fork().transactional(async (tx) => {
      const done = await work(tx);
      await writeAudit(tx, ctx, [{
        action: `Mutation.${action}`, entity: done.entity, recordId: done.recordId == null ? null : String(done.recordId),
        outcome: 'SUCCESS', detail: done.detail ?? null,
      }]);
      return done.value;
    });
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ProblemsThrown) return { ok: false, problems: err.problems };
    if (err instanceof OptimisticLockError) return { ok: false, problems: [{ code: UserErrorCode.STALE_VERSION, path: ['input', 'version'], params: { current: '?' } }] };
    if (err instanceof UniqueConstraintViolationException) {
      const problem = options.onUniqueViolation?.(constraintOf(err));
      if (problem) return { ok: false, problems: [problem] };
    }
    throw err;
  }
}
