/**
 * Plain-row reads of dynamic monitoring, scoped by the principal in SQL (OTHER_ROWS.Warning,
 * OTHER_ROWS.TemporaryRelief, OTHER_ROWS.DepartmentFact of the access matrix): warnings and relief
 * cases — civil affairs all, a township its own households'; department facts — the department
 * that reported them (and civil affairs). Keys in: undefined does not narrow, null (an id that
 * named nothing) narrows to nothing.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { OTHER_ROWS } from '../../access/matrix';
import { SqlFragment } from '../../access/scope';
import { keysetPage, Page, PageArgs } from '../../db/keyset';
import { calendarDay } from '../../shared/county-calendar';
import { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import { WarningStatus } from './monitoring.enums';
import { factFromRow, FactNode, reliefFromRow, ReliefNode, ruleFromRow, WarningNode, warningFromRow, WarningRuleNode } from './monitoring.types';

const NOTHING: SqlFragment = { sql: 'false', params: [] };

/** Rows routed to townships (alias `a`): civil affairs all, a township its own, nobody else. */
function townshipRows(p: Principal, readers: readonly string[], a: string): SqlFragment {
  if (!readers.includes(p.role)) return NOTHING;
  if (p.kind === 'TOWNSHIP') return { sql: `${a}.township_id = ?`, params: [p.townshipId] };
  return { sql: 'true', params: [] };
}

export const warningScope = (p: Principal, w = 'w') => townshipRows(p, OTHER_ROWS.Warning, w);
export const reliefScope = (p: Principal, t = 't') => townshipRows(p, OTHER_ROWS.TemporaryRelief, t);

/** Facts (alias `f`): civil affairs all; a department those it reported. */
export function factScope(p: Principal, f = 'f'): SqlFragment {
  if (!OTHER_ROWS.DepartmentFact.includes(p.role)) return NOTHING;
  if (p.role === 'CIVIL_AFFAIRS') return { sql: 'true', params: [] };
  return p.kind === 'DEPARTMENT' ? { sql: `${f}.department = ?`, params: [p.department] } : NOTHING;
}

export interface WarningFilter {
  townshipId?: string | null;
  rule?: string | null;
  status?: WarningStatus | null;
  /** Open and past its due day (on `today`). */
  overdue?: boolean | null;
  householdId?: string | null;
}

export class MonitoringReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  async rules(): Promise<WarningRuleNode[]> {
    return (await this.knex('warning_rule').select('*').orderBy('code')).map(ruleFromRow);
  }

  async rulesByCode(codes: readonly string[]): Promise<WarningRuleNode[]> {
    return (await this.knex('warning_rule').select('*').whereIn('code', codes as string[])).map(ruleFromRow);
  }

  private warnings(filter: WarningFilter, today: string): Knex.QueryBuilder {
    const s = warningScope(this.principal);
    const q = this.knex('warning as w').whereRaw(s.sql, s.params as never[]);
    if (filter.townshipId === null || filter.householdId === null) q.whereRaw('false');
    if (filter.townshipId) q.where('w.township_id', filter.townshipId);
    if (filter.householdId) q.where('w.household_id', filter.householdId);
    if (filter.rule) q.where('w.rule_code', filter.rule);
    if (filter.status) q.where('w.status', filter.status);
    if (filter.overdue === true) q.where('w.status', WarningStatus.OPEN).whereRaw('w.due_on < ?::date', [today]);
    if (filter.overdue === false) q.whereRaw(`not (w.status = 'OPEN' and w.due_on < ?::date)`, [today]);
    return q;
  }

  /** Warnings by due day, then id (the most urgent first). */
  async warningPage(filter: WarningFilter, today: string, args: PageArgs): Promise<Page<WarningNode>> {
    const base = this.warnings(filter, today);
    const page = await keysetPage<{ id: string }>(base.clone().select('w.*'), { column: 'w.due_on', cast: 'date', value: (r) => calendarDay(r.due_on) }, false, args, 'w.id');
    return {
      nodes: (page.rows as unknown as Row[]).map(warningFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  async warningsByIds(ids: readonly string[]): Promise<WarningNode[]> {
    const s = warningScope(this.principal);
    return (await this.knex('warning as w').select('w.*').whereRaw(s.sql, s.params as never[]).whereRaw('w.id = any(?::bigint[])', [ids as string[]])).map(warningFromRow);
  }

  async reliefsByIds(ids: readonly string[]): Promise<ReliefNode[]> {
    const s = reliefScope(this.principal);
    return (await this.knex('temporary_relief as t').select('t.*').whereRaw(s.sql, s.params as never[]).whereRaw('t.id = any(?::bigint[])', [ids as string[]])).map(reliefFromRow);
  }

  /** Relief cases newest first. */
  async reliefPage(filter: { townshipId?: string | null; status?: string | null }, args: PageArgs): Promise<Page<ReliefNode>> {
    const s = reliefScope(this.principal);
    const base = this.knex('temporary_relief as t').whereRaw(s.sql, s.params as never[]);
    if (filter.townshipId === null) base.whereRaw('false');
    else if (filter.townshipId) base.where('t.township_id', filter.townshipId);
    if (filter.status) base.where('t.status', filter.status);
    const page = await keysetPage<{ id: string }>(base.clone().select('t.*'), { column: 't.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 't.id');
    return {
      nodes: (page.rows as unknown as Row[]).map(reliefFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  async factsByIds(ids: readonly string[]): Promise<FactNode[]> {
    const s = factScope(this.principal);
    return (await this.knex('department_fact as f').select('f.*').whereRaw(s.sql, s.params as never[]).whereRaw('f.id = any(?::bigint[])', [ids as string[]])).map(factFromRow);
  }
}
