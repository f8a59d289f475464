/**
 * The domain-event tables (transactional outbox): any module publishes through
 * `publishEvent` (src/events/publish.ts) without knowing the others; consumers are delivered to by
 * src/events/domain-events.ts.
 */
import { Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Domain events, written in the transaction of the change they announce (transactional outbox).
 * Later parts (measures, pairing, partner notifications) consume them through named consumers
 * that each keep their own position (src/events/domain-events.ts).
 */
@Entity({ tableName: 'domain_event' })
@Index({ name: 'domain_event_type_idx', properties: ['type', 'id'] })
export class DomainEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 60 })
  type!: string;

  @Property({ type: 'string', length: 40 })
  aggregateType!: string;

  @Property({ type: 'string', length: 40 })
  aggregateId!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt: Date & Opt = new Date();
}

/** A subscriber's position in the event stream: the last event it has handled. */
@Entity({ tableName: 'event_consumer' })
export class EventConsumer {
  @PrimaryKey({ type: 'string', length: 60 })
  name!: string;

  @Property({ type: 'bigint' })
  lastEventId: string & Opt = '0';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}
