import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 11 (R19 dynamic management): a household's time on the list as episodes, re-checks with
 * the county's decision, and the history of every change of a household or a member.
 *
 * - `household_episode` (insert-only) and `household_recheck`;
 * - `record_history` (insert-only), written by statement-level triggers on `household` and `person`
 *   (transition tables: one insert per statement however many rows it writes), so every writer
 *   leaves its row: the row after the change and the old values of the columns that changed;
 *   `at` is the row's `updated_at` (the writer's clock), the actor `app.actor` when the
 *   transaction set it, else the row's `updated_by`;
 * - the SQL functions other modules use instead of copying the rule: `lifecycle_on_list(h, day)`,
 *   `lifecycle_payable_in(h, month)`, `lifecycle_household_writable(h)`;
 * - the re-check cadence and gradual-exit parameters (values the county sets; demo defaults);
 * - backfill: a CONFIRMED episode for every household confirmed before (with its confirmed case
 *   when there is one), an EXITED one for every household already exited (the day of its last
 *   change, reasons unknown, payments stopped from the next month), and a BASELINE history row for
 *   every household and member present (valid from its filing: history begins here).
 */
export class Migration20261202051000_lifecycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "record_history" ("id" bigserial primary key, "table_name" varchar(30) not null, "row_id" bigint not null, "household_id" bigint not null, "op" varchar(10) not null, "changed" jsonb null, "row" jsonb not null, "actor" varchar(120) not null, "at" timestamptz(3) not null);`);
    this.addSql(`create index "record_history_row_idx" on "record_history" ("table_name", "row_id", "at");`);
    this.addSql(`create index "record_history_household_idx" on "record_history" ("household_id", "at", "id");`);

    this.addSql(`create table "household_episode" ("id" bigserial primary key, "household_id" bigint not null, "township_id" bigint not null, "kind" text check ("kind" in ('CONFIRMED', 'CHANGED', 'EXITED', 'REENTERED')) not null, "started_on" date not null, "previous_episode_id" bigint null, "identification_case_id" bigint null, "recheck_id" bigint null, "categories" text[] not null default '{}', "causes" text[] not null default '{}', "primary_cause" text check ("primary_cause" in ('ILLNESS', 'DISABILITY', 'SCHOOLING', 'DISASTER')) null, "exit_reasons" text[] not null default '{}', "payments_stop_from" date null, "gradual_exit_months" smallint null, "decided_on" date not null, "decided_by" varchar(120) not null, "backfilled" boolean not null default false, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null);`);
    this.addSql(`alter table "household_episode" add constraint "household_episode_previous_uniq" unique ("previous_episode_id");`);
    this.addSql(`create index "household_episode_kind_idx" on "household_episode" ("kind", "started_on");`);
    this.addSql(`create index "household_episode_township_idx" on "household_episode" ("township_id", "started_on");`);
    this.addSql(`create index "household_episode_household_idx" on "household_episode" ("household_id", "started_on", "id");`);
    // An exit names its reasons and the month payments stop (rows made from older data excepted).
    this.addSql(`alter table "household_episode" add constraint "household_episode_exit_check" check ("kind" <> 'EXITED' or ("payments_stop_from" is not null and ("backfilled" or cardinality("exit_reasons") > 0)));`);

    this.addSql(`create table "household_recheck" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "household_id" bigint not null, "township_id" bigint not null, "state" text check ("state" in ('PROPOSED', 'DECIDED')) not null default 'PROPOSED', "checked_on" date not null, "methods" text[] not null default '{}', "findings" varchar(2000) not null, "profile" jsonb not null, "eligibility" jsonb not null, "proposal" text check ("proposal" in ('CONTINUE', 'CHANGE_CATEGORIES', 'EXIT')) not null, "proposed_categories" text[] not null default '{}', "proposed_causes" text[] not null default '{}', "proposed_primary_cause" text check ("proposed_primary_cause" in ('ILLNESS', 'DISABILITY', 'SCHOOLING', 'DISASTER')) null, "proposed_exit_reasons" text[] not null default '{}', "opinion" varchar(1000) not null, "checked_by" varchar(120) not null, "outcome" text check ("outcome" in ('CONTINUE', 'CHANGE_CATEGORIES', 'EXIT')) null, "decided_on" date null, "decided_by" varchar(120) null, "decision_reason" varchar(1000) null, "payments_stop_month" date null, "episode_id" bigint null);`);
    this.addSql(`alter table "household_recheck" add constraint "household_recheck_episode_uniq" unique ("episode_id");`);
    this.addSql(`create unique index "household_recheck_one_open_uniq" on "household_recheck" ("household_id") where "state" = 'PROPOSED';`);
    this.addSql(`create index "household_recheck_household_idx" on "household_recheck" ("household_id", "checked_on");`);
    this.addSql(`create index "household_recheck_township_idx" on "household_recheck" ("township_id", "state", "id");`);

    this.addSql(`alter table "household_episode" add constraint "household_episode_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "household_episode" add constraint "household_episode_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "household_episode" add constraint "household_episode_previous_episode_id_foreign" foreign key ("previous_episode_id") references "household_episode" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "household_episode" add constraint "household_episode_identification_case_id_foreign" foreign key ("identification_case_id") references "identification_case" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "household_episode" add constraint "household_episode_recheck_id_foreign" foreign key ("recheck_id") references "household_recheck" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "household_recheck" add constraint "household_recheck_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "household_recheck" add constraint "household_recheck_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "household_recheck" add constraint "household_recheck_episode_id_foreign" foreign key ("episode_id") references "household_episode" ("id") on update cascade on delete set null;`);

    this.addSql(`create trigger household_episode_insert_only before update or delete on "household_episode" for each row execute function refuse_change();`);
    this.addSql(`create trigger record_history_insert_only before update or delete on "record_history" for each row execute function refuse_change();`);

    // ---- history of households and members, for every writer ----
    for (const [table, householdOf] of [['household', 'id'], ['person', 'household_id']] as const) {
      this.addSql(`create function record_history_of_${table}() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then
            insert into record_history (table_name, row_id, household_id, op, changed, "row", actor, at)
            select '${table}', n.id, n.${householdOf}, 'INSERT', null, to_jsonb(n), coalesce(nullif(current_setting('app.actor', true), ''), n.updated_by), n.updated_at
              from new_rows n order by n.id;
          elsif tg_op = 'UPDATE' then
            insert into record_history (table_name, row_id, household_id, op, changed, "row", actor, at)
            select '${table}', n.id, n.${householdOf}, 'UPDATE', d.changed, to_jsonb(n), coalesce(nullif(current_setting('app.actor', true), ''), n.updated_by),
                   case when n.updated_at is distinct from o.updated_at then n.updated_at else now() end
              from new_rows n join old_rows o on o.id = n.id
              cross join lateral (
                select jsonb_object_agg(e.key, e.value) as changed from jsonb_each(to_jsonb(o)) e
                 where e.key not in ('version', 'updated_at', 'updated_by') and (to_jsonb(n) -> e.key) is distinct from e.value) d
             where d.changed is not null
             order by n.id;
          else
            insert into record_history (table_name, row_id, household_id, op, changed, "row", actor, at)
            select '${table}', o.id, o.${householdOf}, 'DELETE', to_jsonb(o), to_jsonb(o), coalesce(nullif(current_setting('app.actor', true), ''), 'unknown'), now()
              from old_rows o order by o.id;
          end if;
          return null;
        end $$;`);
      this.addSql(`create trigger record_history_${table}_insert after insert on "${table}" referencing new table as new_rows for each statement execute function record_history_of_${table}();`);
      this.addSql(`create trigger record_history_${table}_update after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function record_history_of_${table}();`);
      this.addSql(`create trigger record_history_${table}_delete after delete on "${table}" referencing old table as old_rows for each statement execute function record_history_of_${table}();`);
    }

    // ---- the rules others call (src/modules/lifecycle/README: /tmp/contracts/lifecycle.md) ----
    // On the list on a day: the latest episode started on or before it is not an exit.
    this.addSql(`create function lifecycle_on_list(p_household bigint, p_day date) returns boolean language sql stable as $$
      select coalesce((select e.kind <> 'EXITED' from household_episode e
                        where e.household_id = p_household and e.started_on <= p_day
                        order by e.started_on desc, e.id desc limit 1), false)
    $$;`);
    // Payable for a month: on the list at some time in the month and not exited before it began,
    // or exited with payments running on (the decision's stop month + gradual-exit months).
    this.addSql(`create function lifecycle_payable_in(p_household bigint, p_month date) returns boolean language sql stable as $$
      select coalesce((select e.kind <> 'EXITED' or e.payments_stop_from > date_trunc('month', p_month)::date from household_episode e
                        where e.household_id = p_household and e.started_on < (date_trunc('month', p_month) + interval '1 month')::date
                        order by e.started_on desc, e.id desc limit 1), false)
    $$;`);
    // An exited household is read-only except while a new identification case (re-entry) is open.
    this.addSql(`create function lifecycle_household_writable(p_household bigint) returns boolean language sql stable as $$
      select not exists (select 1 from household h where h.id = p_household and h.status = 'EXITED'
                           and not exists (select 1 from identification_case c where c.household_id = h.id
                                             and c.state not in ('REJECTED', 'CONFIRMED', 'WITHDRAWN')))
    $$;`);

    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('RECHECK_MONTHS_EXTREME_POVERTY', 12, '2018-01-01', 'system:policy', 'Re-check extreme-poverty households yearly (R19)'),
      ('RECHECK_MONTHS_STABLE', 12, '2018-01-01', 'system:policy', 'Re-check stable households yearly (R19)'),
      ('RECHECK_MONTHS_VARIABLE', 6, '2018-01-01', 'system:policy', 'Re-check households with variable income or working-age members every six months (R19)'),
      ('RECHECK_DUE_WINDOW_DAYS', 30, '2018-01-01', 'system:policy', 'A re-check enters the township''s queue this many days before it is due (R19)'),
      ('GRADUAL_EXIT_MONTHS', 0, '2018-01-01', 'system:policy', 'Months payments continue after the month an exit decision stops them (R19)');`);

    // ---- backfill ----
    this.addSql(`insert into household_episode (household_id, township_id, kind, started_on, identification_case_id, categories, causes, primary_cause, decided_on, decided_by, backfilled, created_by)
      select h.id, h.township_id, 'CONFIRMED', h.identified_on,
             (select c.id from identification_case c where c.household_id = h.id and c.state = 'CONFIRMED' order by c.confirmed_on desc nulls last, c.id desc limit 1),
             h.categories, h.causes, h.primary_cause, h.identified_on,
             coalesce((select c.decided_by from identification_case c where c.household_id = h.id and c.state = 'CONFIRMED' order by c.confirmed_on desc nulls last, c.id desc limit 1), 'system:migration'),
             true, 'system:migration'
        from household h where h.identified_on is not null and h.status in ('IN_HARDSHIP', 'EXITED') order by h.id;`);
    this.addSql(`insert into household_episode (household_id, township_id, kind, started_on, previous_episode_id, categories, causes, primary_cause, exit_reasons, payments_stop_from, gradual_exit_months, decided_on, decided_by, backfilled, created_by)
      select h.id, h.township_id, 'EXITED', d.day, e.id, h.categories, h.causes, h.primary_cause, '{}',
             (date_trunc('month', d.day) + interval '1 month')::date, 0, d.day, 'system:migration', true, 'system:migration'
        from household h join household_episode e on e.household_id = h.id
        cross join lateral (select greatest(h.identified_on, (h.updated_at at time zone 'Asia/Shanghai')::date) as day) d
       where h.status = 'EXITED' order by h.id;`);
    this.addSql(`insert into record_history (table_name, row_id, household_id, op, changed, "row", actor, at)
      select 'household', h.id, h.id, 'BASELINE', null, to_jsonb(h), h.created_by, h.created_at from household h order by h.id;`);
    this.addSql(`insert into record_history (table_name, row_id, household_id, op, changed, "row", actor, at)
      select 'person', p.id, p.household_id, 'BASELINE', null, to_jsonb(p), p.created_by, p.created_at from person p order by p.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "policy_parameter" where "key" in ('RECHECK_MONTHS_EXTREME_POVERTY', 'RECHECK_MONTHS_STABLE', 'RECHECK_MONTHS_VARIABLE', 'RECHECK_DUE_WINDOW_DAYS', 'GRADUAL_EXIT_MONTHS');`);
    this.addSql(`drop function lifecycle_household_writable(bigint); drop function lifecycle_payable_in(bigint, date); drop function lifecycle_on_list(bigint, date);`);
    for (const table of ['household', 'person']) {
      this.addSql(`drop trigger record_history_${table}_insert on "${table}"; drop trigger record_history_${table}_update on "${table}"; drop trigger record_history_${table}_delete on "${table}";`);
      this.addSql(`drop function record_history_of_${table}();`);
    }
    this.addSql(`alter table "household_recheck" drop constraint "household_recheck_episode_id_foreign";`);
    this.addSql(`drop table "household_episode"; drop table "household_recheck"; drop table "record_history";`);
  }

}
