/**
 * Plain-row reads of the funds module, scoped by the principal (R20, R21). Row rules from the
 * access matrix (OTHER_ROWS.Funds, OTHER_ROWS.AllowanceRun, OTHER_ROWS.AllowanceRoster). Keys in:
 * a key left out (undefined) does not narrow a list, `null` is an id that named nothing (the list
 * is empty).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { OTHER_ROWS } from '../../access/matrix';
import { SqlFragment } from '../../access/scope';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import { measuresOwnedBy } from '../../shared/measures';
import { Principal, Role } from '../../shared/principal';
import {
  AllowanceRunLineNode, AllowanceRunNode, allocationFromRow, FundAllocationNode, FundSourceNode, lineFromRow, runFromRow, sourceFromRow,
} from './funds.types';
import type { Row } from '../../shared/row';

/** Read every source and allocation: aggregates only, no people. */
export const FUND_READERS: readonly Role[] = OTHER_ROWS.Funds;
/** Read every allowance run as an aggregate (month, households, total); a township reads its own. */
export const RUN_READERS: readonly Role[] = OTHER_ROWS.AllowanceRun.filter((r) => r !== 'TOWNSHIP');
/** Read every run's roster (lines and the printed roster name heads of household); a township its own. */
export const ROSTER_READERS: readonly Role[] = OTHER_ROWS.AllowanceRoster.filter((r) => r !== 'TOWNSHIP');

const NOTHING: SqlFragment = { sql: 'false', params: [] };

/** Allocations (alias `a`): fund readers all; a department those of its own measures (R21). */
export function allocationScope(p: Principal, a = 'a'): SqlFragment {
  if (FUND_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind !== 'DEPARTMENT') return NOTHING;
  const own = measuresOwnedBy(p.department);
  return own.length ? { sql: `${a}.measure = any(?::text[])`, params: [own] } : NOTHING;
}

/** Sources (alias `s`): their totals span every measure, so fund readers only. */
export function sourceScope(p: Principal): SqlFragment {
  return FUND_READERS.includes(p.role) ? { sql: 'true', params: [] } : NOTHING;
}

/** Allowance runs (alias `r`). */
export function runScope(p: Principal, r = 'r'): SqlFragment {
  if (RUN_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind === 'TOWNSHIP' && OTHER_ROWS.AllowanceRun.includes('TOWNSHIP')) return { sql: `${r}.township_id = ?`, params: [p.townshipId] };
  return NOTHING;
}

/** Runs whose roster (lines, printed roster) the principal may read (alias `r`): no names for aggregate readers. */
export function rosterScope(p: Principal, r = 'r'): SqlFragment {
  if (ROSTER_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind === 'TOWNSHIP' && OTHER_ROWS.AllowanceRoster.includes('TOWNSHIP')) return { sql: `${r}.township_id = ?`, params: [p.townshipId] };
  return NOTHING;
}

/** What a list of allocations is narrowed to (keys; see the header for undefined and null). */
export interface AllocationRowFilter {
  measure?: string | null;
  year?: number | null;
  sourceId?: string | null;
}


export class FundsReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** Sources with their totals aggregated in SQL. */
  async sources(ids?: readonly string[]): Promise<FundSourceNode[]> {
    const s = sourceScope(this.principal);
    const q = this.knex('fund_source as s')
      .leftJoin('fund_allocation as a', 'a.source_id', 's.id')
      .whereRaw(s.sql, s.params as never[])
      .groupBy('s.id')
      .orderBy('s.code')
      .select('s.id', 's.code', 's.name', 's.kind', 's.version', this.knex.raw('coalesce(sum(a.amount), 0)::text as allocated'), this.knex.raw('coalesce(sum(a.disbursed), 0)::text as disbursed'));
    if (ids) q.whereRaw('s.id = any(?::bigint[])', [ids as string[]]);
    return (await q).map(sourceFromRow);
  }

  async allocations(filter: AllocationRowFilter | null | undefined, ids?: readonly string[]): Promise<FundAllocationNode[]> {
    const s = allocationScope(this.principal);
    const q = this.knex('fund_allocation as a').select('a.*').whereRaw(s.sql, s.params as never[]).orderBy([{ column: 'a.year', order: 'desc' }, { column: 'a.measure' }, { column: 'a.id' }]);
    if (ids) q.whereRaw('a.id = any(?::bigint[])', [ids as string[]]);
    if (filter?.measure) q.where('a.measure', filter.measure);
    // Compared as integer (the column is smallint): a year past 32767 matches nothing instead of
    // failing with 'out of range' (found by test/graphql/bad-input.property.test.ts).
    if (filter?.year != null) q.whereRaw('a.year = ?::integer', [filter.year]);
    if (filter?.sourceId === null) q.whereRaw('false');
    else if (filter?.sourceId !== undefined) q.where('a.source_id', filter.sourceId);
    return (await q).map(allocationFromRow);
  }

  private runs(): Knex.QueryBuilder {
    const s = runScope(this.principal);
    return this.knex('allowance_run as r').whereRaw(s.sql, s.params as never[]);
  }

  /** Runs newest month first, of one township when `townshipId` is given. */
  async runPage(townshipId: string | null | undefined, args: PageArgs): Promise<Page<AllowanceRunNode>> {
    const base = this.runs();
    if (townshipId === null) base.whereRaw('false');
    else if (townshipId !== undefined) base.where('r.township_id', townshipId);
    const page = await keysetPage<{ id: string }>(base.clone().select('r.*'), { column: 'r.month', cast: 'text', value: (r) => String(r.month) }, true, args, 'r.id');
    return {
      nodes: page.rows.map(runFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  async runsByIds(ids: readonly string[]): Promise<AllowanceRunNode[]> {
    return (await this.runs().select('r.*').whereRaw('r.id = any(?::bigint[])', [ids as string[]])).map(runFromRow);
  }

  /** Runs whose roster the principal may read. */
  private rosters(): Knex.QueryBuilder {
    const s = rosterScope(this.principal);
    return this.knex('allowance_run as r').whereRaw(s.sql, s.params as never[]);
  }

  /** Roster lines of runs, in household order; none for readers of aggregates (finance, leading group). */
  async lines(runIds: readonly string[]): Promise<AllowanceRunLineNode[]> {
    const rows = await this.rosters().join('allowance_run_line as l', 'l.run_id', 'r.id').select('l.*').whereRaw('r.id = any(?::bigint[])', [runIds as string[]]).orderBy('l.id');
    return rows.map(lineFromRow);
  }

  /** A run with its township's name and its lines, for the printed roster; null when not yours to print. */
  async roster(runId: string): Promise<{ run: AllowanceRunNode; townshipName: string; lines: AllowanceRunLineNode[] } | null> {
    const row: Row | undefined = await this.rosters().join('township as t', 't.id', 'r.township_id').select('r.*', 't.name as township_name').where('r.id', runId).first();
    if (!row) return null;
    return { run: runFromRow(row), townshipName: row.township_name, lines: await this.lines([runId]) };
  }
}
