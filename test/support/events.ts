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

/**
 * Parks the outbox messages that earlier files of the run left pending (FAILED, with a reason).
 * Files share the run's database and the worker takes due messages by id, so their leftovers —
 * deliveries to receivers those files have closed, retried with backoff — can fill a batch ahead
 * of this file's own messages (seen in CI: a file's message not attempted at all, in a different
 * order of files on each run). Files run one at a time (--runInBand), so nothing else is sending.
 */
export async function parkEarlierFilesOutbox(orm: MikroORM): Promise<void> {
  await orm.em.getKnex()('outbox_message').where({ status: 'PENDING' }).update({ status: 'FAILED', last_error: 'parked by a later test file' });
}
