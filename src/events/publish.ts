/**
 * Publishing a domain event: written with the entity manager of the change it announces, so it
 * commits (or rolls back) with that change (transactional outbox). Any module may publish; the
 * consumers are registered in src/events/subscribers.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent } from './domain-event.entity';

export interface NewDomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** From the request's clock: consumers act as of this instant (e.g. the planner's county day). */
  occurredAt: Date;
}

export function publishEvent(tx: EntityManager, event: NewDomainEvent): void {
  tx.create(DomainEvent, event);
}
