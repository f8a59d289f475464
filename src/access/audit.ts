import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Principal } from '../shared/principal';
import { auditWriteFailures } from '../metrics';

export type AuditOutcome = 'SUCCESS' | 'REJECTED' | 'DENIED' | 'FAILED';

export interface AuditEntry {
  action: string;
  entity?: string | null;
  recordId?: string | null;
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
      outcome: e.outcome,
      ip: source.ip,
      request_id: source.requestId,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })),
  );
}

/**
 * Collects reads of unmasked personal data during one request; the GraphQL layer writes them in
 * one insert before the response leaves, and withholds the response if that write fails.
 */
export class UnmaskedReads {
  private readonly seen = new Map<string, AuditEntry>();

  note(action: string, entity: string, recordId: string): void {
    const key = `${action}:${entity}:${recordId}`;
    if (!this.seen.has(key)) this.seen.set(key, { action, entity, recordId, outcome: 'SUCCESS' });
  }

  drain(): AuditEntry[] {
    const entries = [...this.seen.values()];
    this.seen.clear();
    return entries;
  }
}
