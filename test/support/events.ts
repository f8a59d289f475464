import type { MikroORM } from '@mikro-orm/postgresql';
import { domainEvents } from '../../src/events/domain-events';

/**
 * Delivers every pending domain event to the consumers, batch after batch. Files share the run's
 * database: events other files left pending (a seeded county leaves hundreds) come first, so one
 * batch may not reach the events of this file.
 */
export async function deliverAllEvents(orm: MikroORM): Promise<number> {
  let total = 0;
  for (let n = await domainEvents.deliverPending(orm, 1000); n > 0; n = await domainEvents.deliverPending(orm, 1000)) total += n;
  return total;
}
