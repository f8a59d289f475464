/** Domain events reach each named consumer once, in order, in the transaction of its own work. */
import { DomainEventBus, DomainEventRecord } from '../../src/events/domain-events';
import { startApp, TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

async function emit(type: string, aggregateId: string) {
  await t.orm.em.getKnex()('domain_event').insert({ type, aggregate_type: 'Household', aggregate_id: aggregateId, payload: JSON.stringify({ n: aggregateId }) });
}

it('delivers events of the subscribed types once each, in order, and remembers the position', async () => {
  const suffix = String(Date.now());
  const seen: string[] = [];
  const bus = new DomainEventBus();
  bus.subscribe({ name: `test-a-${suffix}`, types: [`TestHappened${suffix}`], handle: async (e: DomainEventRecord) => { seen.push(e.aggregateId); } });
  await emit(`TestHappened${suffix}`, '1');
  await emit(`Other${suffix}`, 'x');
  await emit(`TestHappened${suffix}`, '2');
  expect(await bus.deliverPending(t.orm)).toBe(2);
  expect(seen).toEqual(['1', '2']);
  expect(await bus.deliverPending(t.orm)).toBe(0);
  await emit(`TestHappened${suffix}`, '3');
  await bus.deliverPending(t.orm);
  expect(seen).toEqual(['1', '2', '3']);
});

it('a failing handler leaves its position where it was, so the event is delivered again', async () => {
  const suffix = `${Date.now()}b`;
  let fail = true;
  const seen: string[] = [];
  const bus = new DomainEventBus();
  bus.subscribe({
    name: `test-b-${suffix}`, types: [`Flaky${suffix}`],
    handle: async (e, em) => {
      await em.getKnex()('audit_event').insert({ actor: 'test', actor_role: 'TEST', action: `handled-${suffix}`, outcome: 'SUCCESS' }).transacting(em.getTransactionContext()!);
      if (fail) throw new Error('receiver down');
      seen.push(e.aggregateId);
    },
  });
  await emit(`Flaky${suffix}`, '1');
  await expect(bus.deliverPending(t.orm)).rejects.toThrow('receiver down');
  // The handler's own write rolled back with it.
  expect(await t.orm.em.getKnex()('audit_event').where({ action: `handled-${suffix}` })).toEqual([]);
  fail = false;
  expect(await bus.deliverPending(t.orm)).toBe(1);
  expect(seen).toEqual(['1']);
  expect(await t.orm.em.getKnex()('audit_event').where({ action: `handled-${suffix}` })).toHaveLength(1);
});
