import type { Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { migrationsList } from '../migrations';
import { errorFields } from './shared/row';

/** A probe that waits longer than this gets 503: the pool is exhausted or the server hangs. */
export const READINESS_TIMEOUT_MS = 3000;

export type Readiness =
  | { status: 'ready' }
  | { status: 'unavailable'; reason: 'database' }
  | { status: 'unavailable'; reason: 'migrations'; pending: string[] };

/**
 * Ready to serve when the database answers AND every migration this code was built with is
 * applied (a database restored from an older backup, a failover to a lagging copy, or a release
 * whose migrations did not run yet would otherwise serve queries against a schema the code does
 * not match). Migrations the code does not know are fine: the previous release keeps serving
 * while the next one's additive migrations are applied. Reads `mikro_orm_migrations`, which the
 * API role may SELECT (src/db/roles.ts).
 */
export async function readiness(orm: MikroORM): Promise<Readiness> {
  const knex = orm.em.getKnex();
  try {
    await knex.raw('select 1');
  } catch {
    return { status: 'unavailable', reason: 'database' };
  }
  let applied: Set<string>;
  try {
    applied = new Set((await knex('mikro_orm_migrations').select('name')).map((r: { name: string }) => r.name.replace(/\.[jt]s$/, '')));
  } catch (err) {
    // No migrations table: nothing applied. Any other failure is the database's.
    if ((errorFields(err)?.code ?? errorFields(errorFields(err)?.cause)?.code) !== '42P01') return { status: 'unavailable', reason: 'database' };
    applied = new Set();
  }
  const pending = migrationsList.map((m) => m.name).filter((name) => !applied.has(name));
  return pending.length ? { status: 'unavailable', reason: 'migrations', pending } : { status: 'ready' };
}

/** GET /readyz: 200 when ready, else 503 with the reason. /healthz (liveness) never reads the database. */
export function readinessHandler(orm: MikroORM, timeoutMs = READINESS_TIMEOUT_MS) {
  return async (_req: Request, res: Response) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'unavailable', reason: 'database' }), timeoutMs);
    });
    const result = await Promise.race([readiness(orm), timedOut]).finally(() => clearTimeout(timer));
    res.status(result.status === 'ready' ? 200 : 503).set('cache-control', 'no-store').json(result);
  };
}
