/**
 * Hot reads as named prepared statements (issue 10). knex sends every statement unnamed, so
 * PostgreSQL parses and plans it on every request: for a township's page of households that was
 * as much server time as running it (2.2 ms planning, 2.4 ms execution). A statement sent with a
 * name is planned once per connection and then re-executed with new parameters; PostgreSQL
 * switches to its generic plan only when that plan is estimated no worse than the custom ones.
 *
 * The statement is still built by knex (same SQL, same bindings, same scope), and run on knex's
 * own connection: the pool's, or the transaction's when the builder belongs to one. knex's `query`
 * event is emitted as for any statement, so statement counts stay honest.
 *
 * Names are per connection (a prefix of the connection, then a digest of the text): the embedded
 * database is one session shared by every client that connects to it, where two clients preparing
 * the same name would collide. The prefix starts with a random part drawn when this module loads,
 * because a counter alone starts again wherever the module is loaded anew over the same session
 * (each test file of a run loads its own copy; the embedded session outlives them). Only
 * parameterised SQL belongs here: a text with values inlined would prepare a new statement per value.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
  emit(event: 'query', query: { sql: string; bindings: readonly unknown[]; method: string }): void;
}

const digests = new Map<string, string>();
const MAX_DIGESTS = 2000;
const prefixes = new WeakMap<PgConnection, string>();
let connections = 0;
const LOADED = randomBytes(4).toString('hex');

function digestOf(sql: string): string {
  let digest = digests.get(sql);
  if (!digest) {
    digest = createHash('sha1').update(sql).digest('base64url').slice(0, 22);
    if (digests.size >= MAX_DIGESTS) digests.delete(digests.keys().next().value as string);
    digests.set(sql, digest);
  }
  return digest;
}

function nameFor(connection: PgConnection, sql: string): string {
  let prefix = prefixes.get(connection);
  if (!prefix) prefixes.set(connection, (prefix = `p${LOADED}${(++connections).toString(36)}`));
  return `${prefix}_${digestOf(sql)}`;
}

/** Runs a knex query builder or raw statement as a named prepared statement; its rows. */
export async function runPrepared<R>(query: Knex.QueryBuilder | Knex.Raw): Promise<R[]> {
  const client = (query as unknown as { client: KnexClient }).client;
  const { sql, bindings } = query.toSQL().toNative();
  const connection = await client.acquireConnection();
  try {
    client.emit('query', { sql, bindings, method: 'select' });
    const result = await connection.query({ name: nameFor(connection, sql), text: sql, values: bindings as unknown[] });
    return result.rows as R[];
  } finally {
    await client.releaseConnection(connection);
  }
}
