import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: counters of needs per township, status, kind and urgency, kept by statement-level
 * triggers on `need` (transition tables, one netted upsert per statement, in key order) as
 * `household_tally` is, so a partner's or the civilization office's `totalCount` of open needs is a
 * sum over at most townships × kinds × urgencies rows, not a count of every open need (20,000 at
 * 100,000 households, 74,000 at 1,000,000). TRUNCATE empties it. Backfilled from the rows present.
 */
export class Migration20261203000000_need_tally extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "need_tally" ("township_id" bigint not null, "status" text not null, "kind" text not null, "urgency" text not null, "needs" bigint not null default 0, constraint "need_tally_pkey" primary key ("township_id", "status", "kind", "urgency"));`);
    this.addSql(`create function need_tally_add(old_rows need[], new_rows need[]) returns void language sql as $$
      insert into need_tally as t (township_id, status, kind, urgency, needs)
      select township_id, status, kind, urgency, sum(n) from (
        select township_id, status, kind, urgency, 1 as n from unnest(new_rows)
        union all
        select township_id, status, kind, urgency, -1 from unnest(old_rows)
      ) d group by township_id, status, kind, urgency having sum(n) <> 0 order by township_id, status, kind, urgency
      on conflict (township_id, status, kind, urgency) do update set needs = t.needs + excluded.needs;
    $$;`);
    this.addSql(`create function need_tally_on_insert() returns trigger language plpgsql as $$
      begin perform need_tally_add('{}'::need[], array(select n::need from new_rows n)); return null; end $$;`);
    this.addSql(`create function need_tally_on_update() returns trigger language plpgsql as $$
      begin perform need_tally_add(array(select o::need from old_rows o), array(select n::need from new_rows n)); return null; end $$;`);
    this.addSql(`create function need_tally_on_delete() returns trigger language plpgsql as $$
      begin perform need_tally_add(array(select o::need from old_rows o), '{}'::need[]); return null; end $$;`);
    this.addSql(`create function need_tally_on_truncate() returns trigger language plpgsql as $$
      begin delete from need_tally; return null; end $$;`);
    this.addSql(`create trigger need_tally_insert after insert on need referencing new table as new_rows for each statement execute function need_tally_on_insert();`);
    this.addSql(`create trigger need_tally_update after update on need referencing old table as old_rows new table as new_rows for each statement execute function need_tally_on_update();`);
    this.addSql(`create trigger need_tally_delete after delete on need referencing old table as old_rows for each statement execute function need_tally_on_delete();`);
    this.addSql(`create trigger need_tally_truncate after truncate on need for each statement execute function need_tally_on_truncate();`);
    this.addSql(`insert into need_tally (township_id, status, kind, urgency, needs)
      select township_id, status, kind, urgency, count(*) from need group by township_id, status, kind, urgency;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger need_tally_truncate on need; drop trigger need_tally_delete on need; drop trigger need_tally_update on need; drop trigger need_tally_insert on need;`);
    this.addSql(`drop function need_tally_on_truncate(); drop function need_tally_on_delete(); drop function need_tally_on_update(); drop function need_tally_on_insert(); drop function need_tally_add(need[], need[]);`);
    this.addSql(`drop table "need_tally";`);
  }

}
