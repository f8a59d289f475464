/**
 * What every seed step shares: the actor its rows are created by, and raw SQL with array
 * parameters. Writes go through knex with array parameters (`insert ... select ... from
 * unnest(?::text[], …)`) rather than entities: one statement per table per batch keeps 100,000
 * households fast. (`em.getConnection().execute` inlines parameters into the SQL text, so it is
 * not used here.)
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';

export const SEED_ACTOR = 'system:seed';

/**
 * Runs SQL with positional `?` parameters and returns the rows. pg sends JS arrays (nulls
 * included) as PostgreSQL arrays; knex's types do not admit arrays with nulls, hence the cast.
 */
export async function run<R = unknown>(db: Knex, query: string, params: unknown[] = []): Promise<R[]> {
  const res: { rows: R[] } = await db.raw(query, params as Knex.RawBinding[]);
  return res.rows;
}

/**
 * The knex to write with: the em's open transaction when called inside em.transactional (batches
 * then become savepoints), else the pool. Using the pool from inside a transaction would deadlock
 * the embedded database, which has a single connection.
 */
export function knexOf(em: EntityManager): Knex {
  return em.getTransactionContext<Knex.Transaction>() ?? em.getKnex();
}
