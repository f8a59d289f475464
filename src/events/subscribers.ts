/**
 * The consumers of domain events in this process. Registered once at start-up (main.ts) and by the
 * tests that drive delivery themselves.
 */
import { countyDayOf } from '../shared/county-calendar';
import { replan } from '../modules/measures/measures.service';
import { domainEvents } from './domain-events';
// monitoring (issue 11)
import { sqlOf } from '../access/audit';
import { loadPolicy } from '../policy/policy.reader';
import { raiseHouseholdWarnings } from '../modules/monitoring/monitoring.rules';

export const PLANNER = 'measures-planner';
export const MONITOR = 'monitoring-warnings';

let registered = false;

export function registerConsumers(): void {
  if (registered) return;
  registered = true;
  // 一户一策: a confirmed household gets its plan; a changed profile brings the plan up to date.
  domainEvents.subscribe({
    name: PLANNER,
    types: ['HouseholdConfirmed', 'HouseholdProfileChanged'],
    // As of the event: its instant comes from the clock of the request that wrote it, so the plan
    // follows the county day of the change, not the worker's UTC day or its own clock.
    handle: async (event, em) => {
      await replan(em, event.aggregateId, countyDayOf(event.occurredAt), 'system:planner', event.occurredAt);
    },
  });
  // monitoring (issue 11): a changed profile (income, assets, members) is checked against the
  // lines at once, set-based for the household, as of the event's county day.
  domainEvents.subscribe({
    name: MONITOR,
    types: ['HouseholdConfirmed', 'HouseholdProfileChanged'],
    handle: async (event, em) => {
      const day = countyDayOf(event.occurredAt);
      const knex = sqlOf(em);
      await raiseHouseholdWarnings(knex, [event.aggregateId], day, await loadPolicy(knex, day), 'system:monitoring');
    },
  });
}
