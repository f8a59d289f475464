import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One audited act: a mutation (whatever its outcome) or a read of unmasked personal data.
 * Insert-only: the migration installs triggers that refuse UPDATE, DELETE and TRUNCATE, so not
 * even the application's own database role can rewrite history.
 */
@Entity({ tableName: 'audit_event' })
@Index({ name: 'audit_event_record_idx', properties: ['entity', 'recordId'] })
@Index({ name: 'audit_event_at_idx', properties: ['at'] })
@Index({ name: 'audit_event_action_idx', properties: ['action', 'id'] })
@Index({ name: 'audit_event_actor_idx', properties: ['actor', 'id'] })
@Index({ name: 'audit_event_record_ids_idx', properties: ['recordIds'], type: 'gin' })
export class AuditEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  /** Principal id, e.g. `township:350421100:wang` or `partner:union-key-id`. */
  @Property({ type: 'string', length: 120 })
  actor!: string;

  @Property({ type: 'string', length: 40 })
  actorRole!: string;

  /** Operation name (`Mutation.registerHousehold`) or read kind (`READ_UNMASKED_ID_NUMBER`). */
  @Property({ type: 'string', length: 80 })
  action!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  entity?: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  recordId?: string | null;

  /**
   * Every record of one read kind a request read unmasked (issue 10: one row per request, not one
   * per person); `recordId` is null on such rows. GIN-indexed: `record_ids @> array['42']`.
   */
  @Property({ type: ArrayType, columnType: 'text[]', nullable: true })
  recordIds?: string[] | null;

  /** SUCCESS, REJECTED (userErrors), DENIED (access), FAILED (unexpected error). */
  @Property({ type: 'string', length: 12 })
  outcome!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  requestId?: string | null;

  /** Non-personal detail: changed field names, error codes. */
  @Property({ type: 'json', nullable: true })
  detail?: Record<string, unknown> | null;
}
