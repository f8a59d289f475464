/**
 * The consumers of domain events in this process. Registered once at start-up (main.ts) and by the
 * tests that drive delivery themselves.
 */
import { countyToday } from '../graphql/scalars';
import { replan } from '../modules/measures/measures.service';
import { domainEvents } from './domain-events';

export const PLANNER = 'measures-planner';

let registered = false;

export function registerConsumers(): void {
  if (registered) return;
  registered = true;
  // 一户一策: a confirmed household gets its plan; a changed profile brings the plan up to date.
  domainEvents.subscribe({
    name: PLANNER,
    types: ['HouseholdConfirmed', 'HouseholdProfileChanged'],
    handle: async (event, em) => {
      await replan(em, event.aggregateId, countyToday(), 'system:planner');
    },
  });
}
