/**
 * Domain events: written to `domain_event` in the transaction of the change they announce (the
 * services do that), and delivered here to named consumers. Each consumer keeps its own position
 * in `event_consumer`; it handles events in order and moves its position in the same transaction
 * as whatever its handler writes, so an event is handled once per consumer even across several
 * API processes (the consumer row is locked with SKIP LOCKED while one process works on it). A new
 * consumer starts from the first event ever written.
 */
import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import { sqlOf } from '../access/audit';
import { startPolling } from '../shared/polling';

export interface DomainEventRecord {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface Consumer {
  /** Stable name: the position is kept under it. */
  name: string;
  /** Event types it wants. */
  types: string[];
  /** Runs inside the delivery transaction: write through `em` so work and position commit together. */
  handle(event: DomainEventRecord, em: EntityManager): Promise<void>;
}

export class DomainEventBus {
  private readonly consumers: Consumer[] = [];

  subscribe(consumer: Consumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) throw new Error(`consumer ${consumer.name} already subscribed`);
    this.consumers.push(consumer);
  }

  /** Names and event types of the subscribed consumers (their lag is a metric: src/metrics.ts). */
  subscribed(): Array<{ name: string; types: string[] }> {
    return this.consumers.map((c) => ({ name: c.name, types: [...c.types] }));
  }

  /** Delivers up to `batch` pending events to each consumer; returns how many were handled. */
  async deliverPending(orm: MikroORM, batch = 100): Promise<number> {
    let handled = 0;
    for (const consumer of this.consumers) handled += await this.deliverTo(orm, consumer, batch);
    return handled;
  }

  private async deliverTo(orm: MikroORM, consumer: Consumer, batch: number): Promise<number> {
    const em = orm.em.fork();
    await em.getKnex()('event_consumer').insert({ name: consumer.name, last_event_id: 0 }).onConflict('name').ignore();
    return em.transactional(async (tx) => {
      const knex: Knex = sqlOf(tx);
      const position = await knex('event_consumer').where({ name: consumer.name }).forUpdate().skipLocked().first();
      if (!position) return 0; // another process is delivering to this consumer
      const rows = await knex('domain_event')
        .where('id', '>', position.last_event_id)
        .whereIn('type', consumer.types)
        .orderBy('id')
        .limit(batch);
      for (const r of rows) {
        await consumer.handle({
          id: String(r.id), type: r.type, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id,
          payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload, occurredAt: new Date(r.occurred_at),
        }, tx);
      }
      if (rows.length) await knex('event_consumer').update({ last_event_id: rows[rows.length - 1].id, updated_at: knex.fn.now() }).where({ name: consumer.name });
      return rows.length;
    });
  }

  /** Polls in the background until the returned stop function is called (runs never overlap). */
  start(orm: MikroORM, intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
    return startPolling(intervalMs, () => this.deliverPending(orm, 500), onError);
  }

}

/** The process's bus: later parts (measures, pairing) subscribe their consumers to it at start-up. */
export const domainEvents = new DomainEventBus();
