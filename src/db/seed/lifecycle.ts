/**
 * The demo county's episodes on the list (issue 11, R19): the population generator files households
 * with their status and confirmation day only, so this step gives each confirmed household its
 * CONFIRMED episode on that day and each exited one its EXITED episode on a day after it (spread
 * deterministically over the time since confirmation), with the reason the generator built it for:
 * per-capita income above the R6 line. Payments stop from the month after the exit. Set-based: two
 * statements whatever the number of households; households that already have episodes are skipped,
 * so the step can run after every batch or once at the end.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { run, SEED_ACTOR } from './sql';

export async function seedEpisodes(knex: Knex, today: string): Promise<void> {
  await run(knex,
    `insert into household_episode (household_id, township_id, kind, started_on, categories, causes, primary_cause, decided_on, decided_by, backfilled, created_by)
     select h.id, h.township_id, 'CONFIRMED', h.identified_on, h.categories, h.causes, h.primary_cause, h.identified_on, ?, true, ?
       from household h
      where h.identified_on is not null and h.status in ('IN_HARDSHIP', 'EXITED')
        and not exists (select 1 from household_episode e where e.household_id = h.id)
      order by h.id`, [SEED_ACTOR, SEED_ACTOR]);
  await run(knex,
    `insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, causes, primary_cause,
                                    exit_reasons, payments_stop_from, gradual_exit_months, decided_on, decided_by, backfilled, created_by)
     select h.id, h.township_id, 'EXITED', d.day, e.id, h.categories, h.causes, h.primary_cause,
            '{INCOME_ABOVE_LINE}', (date_trunc('month', d.day) + interval '1 month')::date, 0, d.day, ?, true, ?
       from household h
       join household_episode e on e.household_id = h.id and e.kind = 'CONFIRMED'
       cross join lateral (select least(?::date, h.identified_on + 1 + ((h.id * 7919) % greatest(1, ?::date - h.identified_on))::int) as day) d
      where h.status = 'EXITED' and not exists (select 1 from household_episode x where x.household_id = h.id and x.kind = 'EXITED')
      order by h.id`, [SEED_ACTOR, SEED_ACTOR, today, today]);
}
