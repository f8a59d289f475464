import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: the re-check queue (R19) reads each household's due day from `recheck_due` instead of
 * computing every household's due day of the township per request (6.2 s at 1,000,000 households).
 *
 * The due day depends on the request's day (the episode and re-checks in force, members' ages) and
 * on the policy in force that day, which a trigger does not know; so the rows are computed by the
 * application (lifecycle.recheck-due.ts, from the one rule, recheckDueSql) and only *marked stale*
 * here:
 * - `recheck_due`: per household on the list, its due day and what the queue shows, computed as of
 *   `computed_on`; `valid_until` is the first later day on which the answer may change by the
 *   calendar alone (a member with working capacity reaching the working age or retirement age, an
 *   episode or re-check dated in the future), null when none. A row is stale on a day before
 *   `computed_on` or from `valid_until` on.
 * - `recheck_due_stale`: households whose rows a write may have changed. Statement-level triggers
 *   (one insert per statement, however many rows) on every table the rule reads — household,
 *   person (old and new household: a member who moves changes both), household_episode,
 *   household_recheck — add their ids in the writer's own transaction, so a refresh that reads
 *   this table reads the rows the write left. Each mark takes a new number (on conflict too, which
 *   also locks the row): a refresh removes only the marks it read, by number, so a write that
 *   marks a household again while the refresh runs, unseen by its snapshot, stays marked.
 * - `recheck_due_day`: households per township and due day, written by the refresh in the same
 *   statement as the rows (the difference of old and new), for the queue's totalCount.
 * - `recheck_due_state`: the policy numbers the rows were computed under; when the numbers in force
 *   differ every household on the list is recomputed. Starts empty: the first refresh computes all.
 */
export class Migration20261202140000_recheck_due extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "recheck_due" ("household_id" bigint not null, "township_id" bigint not null, "due_on" date null, "on_list_since" date null, "last_checked_on" date null, "cadence_months" int null, "computed_on" date not null, "valid_until" date null, constraint "recheck_due_pkey" primary key ("household_id"));`);
    // The queue: a township's (or the county's) households by due day; the refresh: what the calendar made stale.
    this.addSql(`create index "recheck_due_township_idx" on "recheck_due" ("township_id", "due_on", "household_id") where due_on is not null;`);
    this.addSql(`create index "recheck_due_due_idx" on "recheck_due" ("due_on", "household_id") where due_on is not null;`);
    this.addSql(`create index "recheck_due_valid_until_idx" on "recheck_due" ("valid_until") where valid_until is not null;`);
    this.addSql(`create index "recheck_due_computed_on_idx" on "recheck_due" ("computed_on");`);
    // totalCount: households per township and due day, kept by the refresh beside the rows, so a
    // count sums O(days) rows, not every household in the window (83,616 in one township of 1,000,000).
    this.addSql(`create table "recheck_due_day" ("township_id" bigint not null, "due_on" date not null, "households" bigint not null default 0, constraint "recheck_due_day_pkey" primary key ("township_id", "due_on"));`);
    this.addSql(`create sequence "recheck_due_mark_seq";`);
    this.addSql(`create table "recheck_due_stale" ("household_id" bigint not null, "mark" bigint not null, constraint "recheck_due_stale_pkey" primary key ("household_id"));`);
    this.addSql(`create table "recheck_due_state" ("id" smallint not null default 1, "policy" text not null, "computed_at" timestamptz(3) not null, constraint "recheck_due_state_pkey" primary key ("id"), constraint "recheck_due_state_single" check (id = 1));`);

    this.addSql(`create function recheck_due_mark(p_households bigint[]) returns void language sql as $$
      insert into recheck_due_stale as s (household_id, mark)
      select x, nextval('recheck_due_mark_seq') from (select distinct x from unnest(p_households) x where x is not null order by 1) u
      on conflict (household_id) do update set mark = excluded.mark;
    $$;`);
    // One function per shape of transition tables: inserts see new rows, deletes old, updates both.
    const column = { household: 'id', person: 'household_id', household_episode: 'household_id', household_recheck: 'household_id' } as const;
    for (const [table, col] of Object.entries(column)) {
      this.addSql(`create function recheck_due_on_${table}_new() returns trigger language plpgsql as $$
        begin perform recheck_due_mark(array(select n.${col} from new_rows n)); return null; end $$;`);
      this.addSql(`create function recheck_due_on_${table}_old() returns trigger language plpgsql as $$
        begin perform recheck_due_mark(array(select o.${col} from old_rows o)); return null; end $$;`);
      this.addSql(`create function recheck_due_on_${table}_both() returns trigger language plpgsql as $$
        begin perform recheck_due_mark(array(select n.${col} from new_rows n union all select o.${col} from old_rows o)); return null; end $$;`);
      this.addSql(`create trigger recheck_due_${table}_insert after insert on ${table} referencing new table as new_rows for each statement execute function recheck_due_on_${table}_new();`);
      this.addSql(`create trigger recheck_due_${table}_delete after delete on ${table} referencing old table as old_rows for each statement execute function recheck_due_on_${table}_old();`);
      this.addSql(`create trigger recheck_due_${table}_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function recheck_due_on_${table}_both();`);
    }
    // TRUNCATE of a table the rule reads: everything is recomputed on the next refresh.
    this.addSql(`create function recheck_due_on_truncate() returns trigger language plpgsql as $$
      begin delete from recheck_due_state; return null; end $$;`);
    for (const table of Object.keys(column)) {
      this.addSql(`create trigger recheck_due_${table}_truncate after truncate on ${table} for each statement execute function recheck_due_on_truncate();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['household', 'person', 'household_episode', 'household_recheck']) {
      for (const op of ['insert', 'delete', 'update', 'truncate']) this.addSql(`drop trigger if exists recheck_due_${table}_${op} on ${table};`);
      for (const shape of ['new', 'old', 'both']) this.addSql(`drop function if exists recheck_due_on_${table}_${shape}();`);
    }
    this.addSql(`drop function if exists recheck_due_on_truncate();`);
    this.addSql(`drop function if exists recheck_due_mark(bigint[]);`);
    this.addSql(`drop table if exists "recheck_due_state", "recheck_due_stale", "recheck_due_day", "recheck_due";`);
    this.addSql(`drop sequence if exists "recheck_due_mark_seq";`);
  }
}
