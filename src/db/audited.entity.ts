import { PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Columns every registry record carries: a bigint key, a version for optimistic locking, and
 * who changed it when (DESIGN.md: every state change carries who, when and the version).
 */
export abstract class AuditedEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ version: true, type: 'integer' })
  version: number = 1;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Property({ type: 'string', length: 120 })
  updatedBy!: string;
}
