import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 11 item 6: `householdStatistics(asOf:)` for a past day, as a SQL function the registry's
 * statistics call (the registry does not import the lifecycle module; the rule is the lifecycle's,
 * in one place). The same three groupings as today's statistics:
 * - status as of the day from the episodes: on the list (IN_HARDSHIP) when the episode in force is
 *   not an exit, EXITED after an exit, REGISTERED for a household filed by then without an episode;
 * - the township from the episode in force (the record's then for a registered household); persons
 *   from the household's record as the history held it at the end of the day (its current record
 *   for a household on the list whose history starts later, e.g. filed before history began);
 * - categories and causes of the households on the list, as the episode decided them.
 * `p_township` null: every township. One statement: two DISTINCT ON scans, ~0.3 s at 100,000 households.
 */
export class Migration20261202070000_lifecycle_statistics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function lifecycle_statistics_as_of(p_day date, p_township bigint)
      returns table (grp text, key text, status text, households bigint, persons bigint) language sql stable as $$
      with e as materialized (
             select distinct on (e.household_id) e.household_id, e.township_id, e.kind, e.categories, e.causes
               from household_episode e where e.started_on <= p_day
              order by e.household_id, e.started_on desc, e.id desc),
           hh as materialized (
             select distinct on (r.row_id) r.row_id as id, (r."row"->>'township_id')::bigint as township_id, (r."row"->>'member_count')::int as member_count
               from record_history r
              where r.table_name = 'household' and r.at < ((p_day + 1)::timestamp at time zone 'Asia/Shanghai')
              order by r.row_id, r.at desc, r.id desc),
           s as materialized (
             select coalesce(e.township_id, hh.township_id) as township_id,
                    case when e.kind is null then 'REGISTERED' when e.kind = 'EXITED' then 'EXITED' else 'IN_HARDSHIP' end as status,
                    coalesce(hh.member_count, cur.member_count) as member_count, e.categories, e.causes
               from hh full join e on e.household_id = hh.id
               left join household cur on hh.id is null and cur.id = e.household_id),
           scoped as (select * from s where p_township is null or s.township_id = p_township)
      select 'TOWNSHIP', township_id::text, status, count(*), sum(member_count)::bigint from scoped group by township_id, status
      union all
      select 'CATEGORY', c, null, count(*), null from scoped cross join unnest(scoped.categories) as c where status = 'IN_HARDSHIP' group by c
      union all
      select 'CAUSE', c, null, count(*), null from scoped cross join unnest(scoped.causes) as c where status = 'IN_HARDSHIP' group by c
      order by 1, 2, 3
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function lifecycle_statistics_as_of(date, bigint);`);
  }

}
