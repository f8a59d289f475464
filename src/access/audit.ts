import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Principal } from '../shared/principal';
import { auditWriteFailures } from '../metrics';

export type AuditOutcome = 'SUCCESS' | 'REJECTED' | 'DENIED' | 'FAILED';

export interface AuditEntry {
  action: string;
  entity?: string | null;
  recordId?: string | null;
  /** The records of one read kind, for a request's unmasked-read row (recordId stays null). */
  recordIds?: string[] | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown> | null;
}

export interface AuditSource {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
}

/** The SQL handle of an entity manager: its open transaction if it has one, else the pool. */
export function sqlOf(em: EntityManager): Knex {
  return (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()) as Knex;
}

/**
 * Appends audit rows in one statement. Inside a service's transaction pass its `em` so the row
 * commits (or rolls back) with the change it records.
 */
export async function writeAudit(em: EntityManager, source: AuditSource, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await insertAudit(em, source, entries);
  } catch (err) {
    // Counted for the operator (metric audit_write_failures_total); the caller decides what fails.
    auditWriteFailures.inc({ kind: entries.every((e) => e.action.startsWith('READ_')) ? 'unmasked_read' : 'act' });
    throw err;
  }
}

async function insertAudit(em: EntityManager, source: AuditSource, entries: AuditEntry[]): Promise<void> {
  await sqlOf(em)('audit_event').insert(
    entries.map((e) => ({
      actor: source.principal.actor,
      actor_role: source.principal.role,
      action: e.action,
      entity: e.entity ?? null,
      record_id: e.recordId ?? null,
      record_ids: e.recordIds ?? null,
      outcome: e.outcome,
      ip: source.ip,
      request_id: source.requestId,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })),
  );
}

/**
 * Collects reads of unmasked personal data during one request; the GraphQL layer writes them in
 * one insert before the response leaves, and withholds the response if that write fails. One row
 * per read kind and record type, its record keys in `record_ids` (issue 10): a page of 50
 * households with 140 members read unmasked is one row, not 140.
 */
export class UnmaskedReads {
  private readonly seen = new Map<string, { action: string; entity: string; ids: Set<string> }>();
  /** Records whose read a statement of this request already audited itself (readAuditInsert). */
  private readonly written = new Set<string>();

  /** Whether a statement that carried its own read audit failed: the response is then withheld. */
  auditFailed = false;

  /** Records a read statement audited in its own statement: drain() leaves them out. */
  alreadyWritten(action: string, entity: string, recordIds: readonly string[]): void {
    for (const id of recordIds) this.written.add(`${action}:${entity}:${id}`);
  }

  note(action: string, entity: string, recordId: string): void {
    const key = `${action}:${entity}`;
    let group = this.seen.get(key);
    if (!group) this.seen.set(key, (group = { action, entity, ids: new Set() }));
    group.ids.add(recordId);
  }

  drain(): AuditEntry[] {
    const entries = [...this.seen.values()]
      .map((g): AuditEntry => ({
        action: g.action, entity: g.entity, recordId: null, outcome: 'SUCCESS',
        recordIds: [...g.ids].filter((id) => !this.written.has(`${g.action}:${g.entity}:${id}`)),
      }))
      .filter((e) => e.recordIds!.length > 0);
    this.seen.clear();
    return entries;
  }
}

/**
 * The insert of a request's unmasked-read row as part of the read statement itself (issue 10: one
 * round trip for `node(id:)` instead of the read and then the audit). Use it in a data-modifying
 * CTE: `with r as (<read>), a as (<this>) select … from r`. `idsSql` (its placeholders bound by
 * `idsParams`) is a query of one text[] column, the records the statement reads unmasked; no row is written when it is empty. The read
 * and its audit are one statement, so one commits exactly when the other does, and a failed audit
 * fails the read (nothing is sent); outside a transaction only, so it is committed before the
 * answer leaves. The caller then tells the request's UnmaskedReads (alreadyWritten).
 */
export function readAuditInsert(source: AuditSource, action: string, entity: string, idsSql: string, idsParams: readonly unknown[] = []): { sql: string; params: unknown[] } {
  return {
    sql: `insert into audit_event (actor, actor_role, action, entity, record_id, record_ids, outcome, ip, request_id)
      select ?, ?, ?, ?, null, x.ids, 'SUCCESS', ?, ? from (${idsSql}) x(ids) where cardinality(x.ids) > 0 returning record_ids`,
    params: [source.principal.actor, source.principal.role, action, entity, source.ip, source.requestId, ...idsParams],
  };
}
