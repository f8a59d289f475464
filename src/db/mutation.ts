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

/**
 * A unique violation and the constraint it names (PostgreSQL reports it), or null for any other
 * error. MikroORM wraps the driver error when it flushes; a statement through `sqlOf(tx)` (knex)
 * throws the driver's own error, SQLSTATE 23505: both are the same violation.
 */
export function uniqueViolationOf(err: unknown): { constraint: string | undefined } | null {
  if (err instanceof UniqueConstraintViolationException) {
    const e = err as unknown as { constraint?: string; cause?: { constraint?: string } };
    return { constraint: e.constraint ?? e.cause?.constraint };
  }
  const e = err as { code?: unknown; constraint?: unknown } | null;
  if (e && typeof e === 'object' && e.code === '23505') return { constraint: typeof e.constraint === 'string' ? e.constraint : undefined };
  return null;
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
    const unique = uniqueViolationOf(err);
    if (unique) {
      const problem = options.onUniqueViolation?.(unique.constraint);
      if (problem) return { ok: false, problems: [problem] };
    }
    throw err;
  }
}
