/**
 * Plain-row reads of the audit trail (insert-only, written by src/access/audit.ts). Who may read
 * it is the matrix's AuditEvent row rule: the operation guard checks Query.auditEvents, and
 * `byIds` (node(id:)) answers nothing to a role without it.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { mayReadRows } from '../../access/matrix';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { PageInfo } from '../../db/keyset';
import type { Principal } from '../../shared/principal';

export interface AuditRow {
  id: string;
  at: string | Date;
  actor: string;
  actor_role: string;
  action: string;
  entity: string | null;
  record_id: string | null;
  /** The records a request read unmasked (one row per request and read kind, issue 10). */
  record_ids: string[] | null;
  outcome: string;
  ip: string | null;
  detail: string | Record<string, unknown> | null;
}

/**
 * What the list is narrowed to. `record` is the record's type and key (the resolver decodes the
 * global id); `null` is an id that names nothing, so the list is empty.
 */
export interface AuditRowFilter {
  record?: { entity: string; key: string } | null;
  action?: string | null;
  actor?: string | null;
}

export class AuditReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  async byIds(ids: readonly string[]): Promise<AuditRow[]> {
    if (!mayReadRows(this.principal.role, 'AuditEvent')) return [];
    return this.knex('audit_event').whereIn('id', [...ids]);
  }

  /** Newest first; a page costs an index seek on the id (keyset paging). */
  async page(filter: AuditRowFilter, page: PageArgs): Promise<{ rows: AuditRow[]; cursors: string[]; pageInfo: PageInfo; totalCount: () => Promise<number> }> {
    const base = this.knex('audit_event as a');
    if (filter.record === null) base.whereRaw('false');
    else if (filter.record) {
      // "Who saw person X": a mutation's row names its record in record_id, a request's read row
      // lists every record it read in record_ids (GIN index); PostgreSQL ORs the two index scans.
      const { entity, key } = filter.record;
      base.where('a.entity', entity).where((q) => q.where('a.record_id', key).orWhereRaw('a.record_ids @> array[?]::text[]', [key]));
    }
    if (filter.action) base.where('a.action', filter.action.slice(0, 80));
    if (filter.actor) base.where('a.actor', filter.actor.slice(0, 120));
    const result = await keysetPage<AuditRow>(base.clone().select('a.*'), { column: 'a.id', cast: 'bigint', value: (r) => String(r.id) }, true, page, 'a.id');
    return { ...result, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }
}
