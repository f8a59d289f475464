/**
 * Keyset pagination in SQL (no GraphQL): readers page with it, the GraphQL edge turns the page
 * into a Relay connection (src/graphql/relay.ts). A bad cursor or page size is refused with
 * BAD_USER_INPUT (`RequestRefused`, mapped at the edge like any coded error).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { ErrorCode, RequestRefused } from '../shared/errors';
import { runPrepared } from './prepared';

/** Where a page sits in its list (the shape of Relay's PageInfo). */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** One page of nodes with their cursors; the total is counted only when asked for. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  pageInfo: PageInfo;
  /** Counted lazily: only when the client selects totalCount. */
  totalCount: () => Promise<number>;
  /** The records whose unmasked read the page's own statement audited (PageReadAudit). */
  auditedIds?: string[];
}

/**
 * A page read that writes its own read audit (issue 10; src/access/audit.ts readAuditInsert), so a
 * page and its audit are one statement. `cte(bound)` is the data-modifying CTE `a` over the rows
 * `r` read, which carry `page_position` (1, 2, … in read order); it audits only the rows with
 * page_position <= bound (the page, not the extra row read to learn whether more follow) and
 * returns the column record_ids.
 */
export interface PageReadAudit {
  knex: Knex;
  cte: (bound: number) => Knex.Raw;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A sort key as SQL column plus the row property that holds its value. */
export interface SortKey {
  column: string; // e.g. 'h.created_at'
  value: (row: Record<string, unknown>) => string | number;
  cast: string; // SQL cast for the cursor value: 'timestamptz', 'text', 'bigint'
}

type Cursor = [string | number, string];

export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && ['string', 'number'].includes(typeof v[0]) && /^\d{1,18}$/.test(String(v[1]))) {
      return [v[0], String(v[1])];
    }
  } catch {
    /* fall through */
  }
  throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'Invalid cursor');
}

/**
 * Keyset pagination over (sort key, id): the page is found by an index seek, never by OFFSET, so
 * page 1,000 costs what page 1 costs. `last/before` reads backwards and reverses.
 */
export async function keysetPage<R extends { id: string }>(
  qb: Knex.QueryBuilder,
  sort: SortKey,
  descending: boolean,
  args: PageArgs,
  idColumn: string,
  audit?: PageReadAudit,
): Promise<{ rows: R[]; cursors: string[]; pageInfo: PageInfo; auditedIds?: string[] }> {
  if ((args.first ?? 0) < 0 || (args.last ?? 0) < 0) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'first/last must not be negative');
  if (args.first != null && args.last != null) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'Use first or last, not both');
  const backwards = args.last != null || (args.before != null && args.first == null);
  const size = Math.min(backwards ? (args.last ?? DEFAULT_PAGE_SIZE) : (args.first ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const readDescending = descending !== backwards;
  const cmp = readDescending ? '<' : '>';
  const bound = (c: Cursor, op: string) =>
    qb.whereRaw(`(${sort.column}, ${idColumn}) ${op} (?::${sort.cast}, ?::bigint)`, [c[0], c[1]]);
  if (args.after) bound(decodeCursor(args.after), backwards ? (descending ? '<' : '>') : cmp);
  if (args.before) bound(decodeCursor(args.before), backwards ? cmp : (descending ? '>' : '<'));
  const dir = readDescending ? 'desc' : 'asc';
  qb.orderByRaw(`${sort.column} ${dir}, ${idColumn} ${dir}`).limit(size + 1);
  let query = qb;
  if (audit) {
    qb.select(audit.knex.raw(`row_number() over (order by ${sort.column} ${dir}, ${idColumn} ${dir}) as page_position`));
    // The audited ids once, on the first row, not repeated on every row of the page.
    query = audit.knex.with('r', qb).with('a', audit.cte(size))
      .select('r.*', audit.knex.raw('case when r.page_position = 1 then (select a.record_ids from a) end as audited_ids')).from('r').orderBy('r.page_position');
  }
  // A named prepared statement: the list's shape repeats, only the cursor and filter values change.
  const fetched = await runPrepared<R>(query);
  const auditedIds = audit ? ((fetched as Array<{ audited_ids?: string[] | null }>).find((r) => r.audited_ids)?.audited_ids ?? []) : undefined;
  const more = fetched.length > size;
  const rows = fetched.slice(0, size);
  if (backwards) rows.reverse();
  const cursors = rows.map((r) => encodeCursor(sort.value(r as Record<string, unknown>), r.id));
  const pageInfo: PageInfo = {
    hasNextPage: backwards ? args.before != null : more,
    hasPreviousPage: backwards ? more : args.after != null,
    startCursor: cursors[0] ?? null,
    endCursor: cursors[cursors.length - 1] ?? null,
  };
  return { rows, cursors, pageInfo, auditedIds };
}
