import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: counters per township and status, and per category/cause label, maintained by
 * statement-level triggers on `household` (transition tables: one upsert per statement, however
 * many rows it writes), so `householdStatistics` and `totalCount` cost O(townships), not
 * O(households). The delta of a statement is netted before it is written: an update that changes
 * none of township, status, member count, categories or causes writes no tally row. Upserts go in
 * key order, so two statements lock tally rows in the same order. TRUNCATE empties the tallies.
 * Backfilled from the rows present.
 *
 * The unmasked-read audit becomes one row per request (record keys in `record_ids`, GIN-indexed
 * so "who saw person X" is an index lookup).
 */
export class Migration20261202050000_household_tally extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "household_tally" ("township_id" bigint not null, "status" text not null, "households" bigint not null default 0, "persons" bigint not null default 0, constraint "household_tally_pkey" primary key ("township_id", "status"));`);
    this.addSql(`create table "household_label_tally" ("township_id" bigint not null, "status" text not null, "kind" text not null, "label" text not null, "households" bigint not null default 0, constraint "household_label_tally_pkey" primary key ("township_id", "status", "kind", "label"));`);

    this.addSql(`create function household_tally_add(old_rows household[], new_rows household[]) returns void language sql as $$
      insert into household_tally as t (township_id, status, households, persons)
      select township_id, status, sum(n), sum(m) from (
        select township_id, status, 1 as n, member_count as m from unnest(new_rows)
        union all
        select township_id, status, -1, -member_count from unnest(old_rows)
      ) d group by township_id, status having sum(n) <> 0 or sum(m) <> 0 order by township_id, status
      on conflict (township_id, status) do update set households = t.households + excluded.households, persons = t.persons + excluded.persons;
      insert into household_label_tally as t (township_id, status, kind, label, households)
      select township_id, status, kind, label, sum(n) from (
        select township_id, status, 'CATEGORY' as kind, unnest(categories) as label, 1 as n from unnest(new_rows)
        union all select township_id, status, 'CAUSE', unnest(causes), 1 from unnest(new_rows)
        union all select township_id, status, 'CATEGORY', unnest(categories), -1 from unnest(old_rows)
        union all select township_id, status, 'CAUSE', unnest(causes), -1 from unnest(old_rows)
      ) d group by township_id, status, kind, label having sum(n) <> 0 order by township_id, status, kind, label
      on conflict (township_id, status, kind, label) do update set households = t.households + excluded.households;
    $$;`);
    this.addSql(`create function household_tally_on_insert() returns trigger language plpgsql as $$
      begin perform household_tally_add('{}'::household[], array(select n::household from new_rows n)); return null; end $$;`);
    this.addSql(`create function household_tally_on_update() returns trigger language plpgsql as $$
      begin perform household_tally_add(array(select o::household from old_rows o), array(select n::household from new_rows n)); return null; end $$;`);
    this.addSql(`create function household_tally_on_delete() returns trigger language plpgsql as $$
      begin perform household_tally_add(array(select o::household from old_rows o), '{}'::household[]); return null; end $$;`);
    this.addSql(`create function household_tally_on_truncate() returns trigger language plpgsql as $$
      begin delete from household_tally; delete from household_label_tally; return null; end $$;`);
    this.addSql(`create trigger household_tally_insert after insert on household referencing new table as new_rows for each statement execute function household_tally_on_insert();`);
    this.addSql(`create trigger household_tally_update after update on household referencing old table as old_rows new table as new_rows for each statement execute function household_tally_on_update();`);
    this.addSql(`create trigger household_tally_delete after delete on household referencing old table as old_rows for each statement execute function household_tally_on_delete();`);
    this.addSql(`create trigger household_tally_truncate after truncate on household for each statement execute function household_tally_on_truncate();`);

    this.addSql(`insert into household_tally (township_id, status, households, persons)
      select township_id, status, count(*), sum(member_count) from household group by township_id, status;`);
    this.addSql(`insert into household_label_tally (township_id, status, kind, label, households)
      select township_id, status, kind, label, count(*) from (
        select township_id, status, 'CATEGORY' as kind, unnest(categories) as label from household
        union all select township_id, status, 'CAUSE', unnest(causes) from household
      ) d group by township_id, status, kind, label;`);

    this.addSql(`alter table "audit_event" add column "record_ids" text[] null;`);
    this.addSql(`create index "audit_event_record_ids_idx" on "audit_event" using gin ("record_ids");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_event_record_ids_idx";`);
    this.addSql(`alter table "audit_event" drop column "record_ids";`);
    this.addSql(`drop trigger household_tally_truncate on household; drop trigger household_tally_delete on household; drop trigger household_tally_update on household; drop trigger household_tally_insert on household;`);
    this.addSql(`drop function household_tally_on_truncate(); drop function household_tally_on_delete(); drop function household_tally_on_update(); drop function household_tally_on_insert(); drop function household_tally_add(household[], household[]);`);
    this.addSql(`drop table "household_label_tally"; drop table "household_tally";`);
  }

}
