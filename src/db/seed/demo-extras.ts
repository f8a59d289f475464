/** What the demo needs beyond the households: their HouseholdConfirmed events and partners' needs to read. */
import type { Knex } from '@mikro-orm/postgresql';
import { SEED_ACTOR } from './sql';

/**
 * Seeded households come in already confirmed: announce each one once (as the workflow would), so
 * the measures planner gives it a plan (一户一策) when the server delivers events.
 */
export async function announceConfirmed(knex: Knex): Promise<void> {
  await knex.raw(`insert into domain_event (type, aggregate_type, aggregate_id, payload)
    select 'HouseholdConfirmed', 'Household', h.id::text, json_build_object('household', h.id::text, 'seeded', true)
      from household h
     where h.status = 'IN_HARDSHIP'
       and not exists (select 1 from domain_event e where e.type = 'HouseholdConfirmed' and e.aggregate_id = h.id::text)
     order by h.id`);
}

/**
 * Partners need something to read in the demo: an uncovered need for about one confirmed household
 * in eight, by its first cause, with impersonal descriptions (no names, as publishNeed requires).
 */
export async function publishDemoNeeds(knex: Knex): Promise<void> {
  await knex.raw(`insert into need (household_id, township_id, community_id, kind, uncovered_amount, urgency, description, created_by, updated_by)
    select h.id, h.township_id, h.community_id,
           case h.causes[1] when 'ILLNESS' then 'MEDICAL' when 'SCHOOLING' then 'SCHOOLING' when 'DISABILITY' then 'LIVING' else 'LIVING' end,
           (1 + h.id % 20) * 10000,
           (array['LOW', 'MEDIUM', 'HIGH'])[1 + h.id % 3],
           case h.causes[1] when 'ILLNESS' then '住院及门诊自付费用缺口' when 'SCHOOLING' then '子女学杂费及交通费缺口' when 'DISABILITY' then '康复护理及生活用品缺口' else '冬季生活物资缺口' end,
           ?, ?
      from household h
     where h.status = 'IN_HARDSHIP' and h.id % 8 = 0
       and not exists (select 1 from need n where n.household_id = h.id)`, [SEED_ACTOR, SEED_ACTOR]);
}
