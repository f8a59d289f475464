import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: `householdStatistics(asOf:)` and `householdFlowReport(year:)` (R19) read summary
 * tables of O(townships × days) rows instead of scanning every household's episodes and history.
 * The answers are exactly those of the scans they replace (Migration20261202073000 and the flow
 * report's episode scan); test/modules/lifecycle/summaries.test.ts compares them.
 *
 * - `lifecycle_household_step`: each household's state as the statistics see it, as a step
 *   function of the day — from `from_day` until `to_day` (excluded; null: open) its township,
 *   status, persons, categories and causes (those only while on the list). The state on a day is
 *   the old rule's: the episode in force (latest started_on, then id) and the household's record
 *   as the history held it at the end of the day, its current member count while the history
 *   has no row yet (a household on the list filed before history began). Consecutive equal
 *   states are one step. Writes only: no read of the statistics touches it.
 * - `lifecycle_status_day` / `lifecycle_status_month`: per township, day (month) and status, the
 *   change in households and persons that day (month): +step at its from_day, −step at its
 *   to_day. The state as of a day is the sum of the months before its month and of the days of
 *   its month up to it: ≤ townships × 3 × (months + 31) rows, whatever the county size.
 * - `lifecycle_label_day` / `lifecycle_label_month`: the same for categories and causes of the
 *   households on the list.
 * - `lifecycle_flow_month`: episodes begun per township, month and kind (entries, re-entries,
 *   exits), and `lifecycle_exit_reason_month` their exit reasons. The flow report's stock on the
 *   list is the IN_HARDSHIP households of `lifecycle_status_month` (each household has exactly
 *   one episode in force on a day, so "episodes on the list" and "households on the list" are
 *   the same count, by the episode's township).
 *
 * Kept exact by statement-level triggers (transition tables), in the writer's own transaction,
 * for every writer: the steps depend only on a household's episodes (insert-only), its
 * `record_history` rows (insert-only; every change of a household row writes one, so its current
 * member count never changes without one) — so an insert into either recomputes the steps of the
 * households it names (backdated episodes, re-entries, township and member changes included) and
 * writes the difference of old and new steps to the day/month tables, netted, in key order (the
 * way household_tally is kept). The household rows are locked (FOR NO KEY UPDATE, which does not
 * wait for the foreign keys' KEY SHARE) before the steps are read, so two transactions writing the
 * same household take turns and the second, under READ COMMITTED (the application's level), reads
 * the first's rows. TRUNCATE of any of the three tables rebuilds everything. Backfilled here.
 */
export class Migration20261202111000_lifecycle_summaries extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "lifecycle_household_step" ("household_id" bigint not null, "from_day" date not null, "to_day" date null, "township_id" bigint not null, "status" text not null, "member_count" int not null, "categories" text[] not null, "causes" text[] not null, constraint "lifecycle_household_step_pkey" primary key ("household_id", "from_day"));`);
    this.addSql(`create table "lifecycle_status_day" ("township_id" bigint not null, "day" date not null, "status" text not null, "households" bigint not null default 0, "persons" bigint not null default 0, constraint "lifecycle_status_day_pkey" primary key ("township_id", "day", "status"));`);
    this.addSql(`create table "lifecycle_status_month" ("township_id" bigint not null, "month" date not null, "status" text not null, "households" bigint not null default 0, "persons" bigint not null default 0, constraint "lifecycle_status_month_pkey" primary key ("township_id", "month", "status"));`);
    this.addSql(`create table "lifecycle_label_day" ("township_id" bigint not null, "day" date not null, "kind" text not null, "label" text not null, "households" bigint not null default 0, constraint "lifecycle_label_day_pkey" primary key ("township_id", "day", "kind", "label"));`);
    this.addSql(`create table "lifecycle_label_month" ("township_id" bigint not null, "month" date not null, "kind" text not null, "label" text not null, "households" bigint not null default 0, constraint "lifecycle_label_month_pkey" primary key ("township_id", "month", "kind", "label"));`);
    this.addSql(`create table "lifecycle_flow_month" ("township_id" bigint not null, "month" date not null, "kind" text not null, "episodes" bigint not null default 0, constraint "lifecycle_flow_month_pkey" primary key ("township_id", "month", "kind"));`);
    this.addSql(`create table "lifecycle_exit_reason_month" ("township_id" bigint not null, "month" date not null, "reason" text not null, "exits" bigint not null default 0, constraint "lifecycle_exit_reason_month_pkey" primary key ("township_id", "month", "reason"));`);
    // The statistics read one day's month and its days; county-wide reads scan by day.
    this.addSql(`create index "lifecycle_status_day_day_idx" on "lifecycle_status_day" ("day");`);
    this.addSql(`create index "lifecycle_label_day_day_idx" on "lifecycle_label_day" ("day");`);

    // The steps of the given households, from their rows (the rule of lifecycle_statistics_as_of).
    this.addSql(`create function lifecycle_steps_of(p_households bigint[])
      returns table (household_id bigint, from_day date, to_day date, township_id bigint, status text, member_count int, categories text[], causes text[])
      language sql stable as $$
      with hs as (select distinct unnest(p_households) as id),
           pts as (
             select e.household_id, e.started_on as day from hs join household_episode e on e.household_id = hs.id
             union
             select r.row_id, (r.at at time zone 'Asia/Shanghai')::date from hs join record_history r on r.table_name = 'household' and r.row_id = hs.id),
           s as (
             select p.household_id, p.day, coalesce(e.township_id, hh.township_id) as township_id,
                    case when e.kind is null then 'REGISTERED' when e.kind = 'EXITED' then 'EXITED' else 'IN_HARDSHIP' end as status,
                    coalesce(hh.member_count, (select cur.member_count from household cur where cur.id = p.household_id)) as member_count,
                    case when e.kind is not null and e.kind <> 'EXITED' then e.categories else '{}'::text[] end as categories,
                    case when e.kind is not null and e.kind <> 'EXITED' then e.causes else '{}'::text[] end as causes
               from pts p
               left join lateral (select e.township_id, e.kind, e.categories, e.causes from household_episode e
                                   where e.household_id = p.household_id and e.started_on <= p.day
                                   order by e.started_on desc, e.id desc limit 1) e on true
               left join lateral (select (r."row"->>'township_id')::bigint as township_id, (r."row"->>'member_count')::int as member_count from record_history r
                                   where r.table_name = 'household' and r.row_id = p.household_id and r.at < ((p.day + 1)::timestamp at time zone 'Asia/Shanghai')
                                   order by r.at desc, r.id desc limit 1) hh on true),
           changes as (
             select s.*, (lag(s.status) over w) is null
                         or (lag(s.township_id) over w, lag(s.status) over w, lag(s.member_count) over w, lag(s.categories) over w, lag(s.causes) over w)
                            is distinct from (s.township_id, s.status, s.member_count, s.categories, s.causes) as differs
               from s window w as (partition by s.household_id order by s.day))
      select c.household_id, c.day, lead(c.day) over (partition by c.household_id order by c.day), c.township_id, c.status, c.member_count, c.categories, c.causes
        from changes c where c.differs
    $$;`);

    // Writes new − old steps to the day and month tables, netted, in key order.
    this.addSql(`create function lifecycle_summaries_add(old_steps lifecycle_household_step[], new_steps lifecycle_household_step[]) returns void language sql as $$
      with d as materialized (
             select township_id, from_day as day, status, 1 as n, member_count as m, categories, causes from unnest(new_steps)
             union all select township_id, to_day, status, -1, -member_count, categories, causes from unnest(new_steps) where to_day is not null
             union all select township_id, from_day, status, -1, -member_count, categories, causes from unnest(old_steps)
             union all select township_id, to_day, status, 1, member_count, categories, causes from unnest(old_steps) where to_day is not null),
           l as materialized (
             select township_id, day, 'CATEGORY' as kind, unnest(categories) as label, n from d where status = 'IN_HARDSHIP'
             union all select township_id, day, 'CAUSE', unnest(causes), n from d where status = 'IN_HARDSHIP'),
           sd as (
             insert into lifecycle_status_day as t (township_id, day, status, households, persons)
             select township_id, day, status, sum(n), sum(m) from d group by 1, 2, 3 having sum(n) <> 0 or sum(m) <> 0 order by 1, 2, 3
             on conflict (township_id, day, status) do update set households = t.households + excluded.households, persons = t.persons + excluded.persons),
           sm as (
             insert into lifecycle_status_month as t (township_id, month, status, households, persons)
             select township_id, date_trunc('month', day)::date, status, sum(n), sum(m) from d group by 1, 2, 3 having sum(n) <> 0 or sum(m) <> 0 order by 1, 2, 3
             on conflict (township_id, month, status) do update set households = t.households + excluded.households, persons = t.persons + excluded.persons),
           ld as (
             insert into lifecycle_label_day as t (township_id, day, kind, label, households)
             select township_id, day, kind, label, sum(n) from l group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4
             on conflict (township_id, day, kind, label) do update set households = t.households + excluded.households)
      insert into lifecycle_label_month as t (township_id, month, kind, label, households)
      select township_id, date_trunc('month', day)::date, kind, label, sum(n) from l group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4
      on conflict (township_id, month, kind, label) do update set households = t.households + excluded.households;
    $$;`);

    // Recomputes the steps of the households a statement wrote and applies the difference.
    this.addSql(`create function lifecycle_restep(p_households bigint[]) returns void language plpgsql as $$
      declare
        old_steps lifecycle_household_step[];
        new_steps lifecycle_household_step[];
      begin
        if cardinality(p_households) = 0 then return; end if;
        -- One writer of a household at a time; the next statement's snapshot sees the other's rows.
        perform 1 from household h where h.id = any(p_households) order by h.id for no key update;
        select coalesce(array_agg(s order by s.household_id, s.from_day), '{}') into old_steps
          from lifecycle_household_step s where s.household_id = any(p_households);
        select coalesce(array_agg(row(f.*)::lifecycle_household_step order by f.household_id, f.from_day), '{}') into new_steps
          from lifecycle_steps_of(p_households) f;
        if old_steps = new_steps then return; end if;
        delete from lifecycle_household_step s where s.household_id = any(p_households);
        insert into lifecycle_household_step select * from unnest(new_steps);
        perform lifecycle_summaries_add(old_steps, new_steps);
      end $$;`);

    this.addSql(`create function lifecycle_flows_add(p_episodes household_episode[]) returns void language sql as $$
      insert into lifecycle_flow_month as t (township_id, month, kind, episodes)
      select township_id, date_trunc('month', started_on)::date, kind, count(*) from unnest(p_episodes) group by 1, 2, 3 order by 1, 2, 3
      on conflict (township_id, month, kind) do update set episodes = t.episodes + excluded.episodes;
      insert into lifecycle_exit_reason_month as t (township_id, month, reason, exits)
      select e.township_id, date_trunc('month', e.started_on)::date, x.reason, count(*) from unnest(p_episodes) e cross join unnest(e.exit_reasons) as x(reason)
       where e.kind = 'EXITED' group by 1, 2, 3 order by 1, 2, 3
      on conflict (township_id, month, reason) do update set exits = t.exits + excluded.exits;
    $$;`);

    // Everything from the rows: the backfill, and after a TRUNCATE.
    this.addSql(`create function lifecycle_summaries_rebuild() returns void language plpgsql as $$
      declare new_steps lifecycle_household_step[];
      begin
        delete from lifecycle_household_step; delete from lifecycle_status_day; delete from lifecycle_status_month;
        delete from lifecycle_label_day; delete from lifecycle_label_month; delete from lifecycle_flow_month; delete from lifecycle_exit_reason_month;
        select coalesce(array_agg(row(f.*)::lifecycle_household_step), '{}') into new_steps
          from lifecycle_steps_of(array(select e.household_id from household_episode e union select r.row_id from record_history r where r.table_name = 'household')) f;
        insert into lifecycle_household_step select * from unnest(new_steps);
        perform lifecycle_summaries_add('{}', new_steps);
        perform lifecycle_flows_add(array(select e from household_episode e));
      end $$;`);

    this.addSql(`create function lifecycle_summaries_on_episodes() returns trigger language plpgsql as $$
      begin
        perform lifecycle_restep(array(select distinct n.household_id from new_rows n order by 1));
        perform lifecycle_flows_add(array(select n::household_episode from new_rows n));
        return null;
      end $$;`);
    this.addSql(`create function lifecycle_summaries_on_history() returns trigger language plpgsql as $$
      begin
        perform lifecycle_restep(array(select distinct n.row_id from new_rows n where n.table_name = 'household' order by 1));
        return null;
      end $$;`);
    this.addSql(`create function lifecycle_summaries_on_truncate() returns trigger language plpgsql as $$
      begin perform lifecycle_summaries_rebuild(); return null; end $$;`);
    this.addSql(`create trigger lifecycle_summaries_episode_insert after insert on household_episode referencing new table as new_rows for each statement execute function lifecycle_summaries_on_episodes();`);
    this.addSql(`create trigger lifecycle_summaries_history_insert after insert on record_history referencing new table as new_rows for each statement execute function lifecycle_summaries_on_history();`);
    for (const table of ['household_episode', 'record_history', 'household']) {
      this.addSql(`create trigger lifecycle_summaries_${table}_truncate after truncate on ${table} for each statement execute function lifecycle_summaries_on_truncate();`);
    }

    this.addSql(`select lifecycle_summaries_rebuild();`);
    this.addSql(`analyze lifecycle_household_step, lifecycle_status_day, lifecycle_status_month, lifecycle_label_day, lifecycle_label_month, lifecycle_flow_month, lifecycle_exit_reason_month;`);

    // The statistics as of a day from the summaries: the months before the day's month, then its days.
    this.addSql(`create or replace function lifecycle_statistics_as_of(p_day date, p_township bigint)
      returns table (grp text, key text, status text, households bigint, persons bigint) language sql stable as $$
      with st as (
             select x.township_id, x.status, sum(x.households)::bigint as households, sum(x.persons)::bigint as persons from (
               select t.township_id, t.status, t.households, t.persons from lifecycle_status_month t
                where t.month < date_trunc('month', p_day)::date and (p_township is null or t.township_id = p_township)
               union all
               select t.township_id, t.status, t.households, t.persons from lifecycle_status_day t
                where t.day >= date_trunc('month', p_day)::date and t.day <= p_day and (p_township is null or t.township_id = p_township)) x
              group by 1, 2 having sum(x.households) <> 0),
           lb as (
             select x.kind, x.label, sum(x.households)::bigint as households from (
               select t.kind, t.label, t.households from lifecycle_label_month t
                where t.month < date_trunc('month', p_day)::date and (p_township is null or t.township_id = p_township)
               union all
               select t.kind, t.label, t.households from lifecycle_label_day t
                where t.day >= date_trunc('month', p_day)::date and t.day <= p_day and (p_township is null or t.township_id = p_township)) x
              group by 1, 2 having sum(x.households) <> 0)
      select 'TOWNSHIP', st.township_id::text, st.status, st.households, st.persons from st
      union all
      select lb.kind, lb.label, null, lb.households, null from lb
      order by 1, 2, 3
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function lifecycle_statistics_as_of(p_day date, p_township bigint)
      returns table (grp text, key text, status text, households bigint, persons bigint) language sql stable as $$
      with e as materialized (
             select distinct on (e.household_id) e.household_id, e.township_id, e.kind, e.categories, e.causes
               from household_episode e where e.started_on <= p_day
              order by e.household_id desc, e.started_on desc, e.id desc),
           hh as materialized (
             select distinct on (r.row_id) r.row_id as id, (r."row"->>'township_id')::bigint as township_id, (r."row"->>'member_count')::int as member_count
               from record_history r
              where r.table_name = 'household' and r.at < ((p_day + 1)::timestamp at time zone 'Asia/Shanghai')
              order by r.row_id desc, r.at desc, r.id desc),
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
    for (const table of ['household_episode', 'record_history', 'household']) this.addSql(`drop trigger lifecycle_summaries_${table}_truncate on ${table};`);
    this.addSql(`drop trigger lifecycle_summaries_history_insert on record_history; drop trigger lifecycle_summaries_episode_insert on household_episode;`);
    this.addSql(`drop function lifecycle_summaries_on_truncate(); drop function lifecycle_summaries_on_history(); drop function lifecycle_summaries_on_episodes();`);
    this.addSql(`drop function lifecycle_summaries_rebuild(); drop function lifecycle_flows_add(household_episode[]); drop function lifecycle_restep(bigint[]);`);
    this.addSql(`drop function lifecycle_summaries_add(lifecycle_household_step[], lifecycle_household_step[]); drop function lifecycle_steps_of(bigint[]);`);
    this.addSql(`drop table "lifecycle_exit_reason_month", "lifecycle_flow_month", "lifecycle_label_month", "lifecycle_label_day", "lifecycle_status_month", "lifecycle_status_day", "lifecycle_household_step";`);
  }

}
