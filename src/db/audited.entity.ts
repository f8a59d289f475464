import { Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Columns every registry record carries: a bigint key, a version for optimistic locking, and
 * who changed it when (DESIGN.md: every state change carries who, when and the version).
 */
export abstract class AuditedEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ version: true, type: 'integer' })
  version: number & Opt = 1;

  // Millisecond precision: the instants double as keyset-pagination cursors, and JS dates
  // carry milliseconds only.
  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  updatedBy!: string;
}
