import { Migration } from '@mikro-orm/migrations';

/**
 * Supervision (R22, issue 13): random and regular checks with the households drawn and the
 * inspectors' findings; the yearly assessment sign-off with its frozen figures; two policy
 * parameters (the sample size of a check, the time within which a case counts as decided on time).
 */
export class Migration20261202053000_supervision extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supervision_check" ("id" bigserial primary key, "kind" text check ("kind" in ('RANDOM', 'REGULAR')) not null, "township_id" bigint not null, "seed" varchar(64) not null, "sample_size" int not null, "population" jsonb not null, "drawn_on" date not null, "due_on" date null, "created_by" varchar(120) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "supervision_check_township_id_index" on "supervision_check" ("township_id");`);
    this.addSql(`create table "supervision_check_household" ("id" bigserial primary key, "check_id" bigint not null, "household_id" bigint not null, "position" smallint not null, "version" int not null default 1, "identity_matches" boolean null, "income_as_recorded" boolean null, "measures_delivered" boolean null, "notices_posted" boolean null, "result" text check ("result" in ('PASS', 'FAIL')) null, "note" varchar(1000) null, "inspected_on" date null, "inspected_by" varchar(120) null);`);
    this.addSql(`create index "supervision_check_household_inspected_idx" on "supervision_check_household" ("inspected_on");`);
    this.addSql(`alter table "supervision_check_household" add constraint "supervision_check_household_uniq" unique ("check_id", "household_id");`);
    this.addSql(`create table "assessment_sign_off" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "township_id" bigint not null, "period" varchar(7) not null, "state" text check ("state" in ('SUBMITTED', 'APPROVED', 'RETURNED')) not null, "figures" jsonb not null, "computed_at" timestamptz not null, "submitted_by" varchar(120) not null, "decided_by" varchar(120) null, "decision_reason" varchar(500) null, "frozen_at" timestamptz null);`);
    this.addSql(`alter table "assessment_sign_off" add constraint "assessment_sign_off_uniq" unique ("township_id", "period");`);
    this.addSql(`alter table "supervision_check" add constraint "supervision_check_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "supervision_check_household" add constraint "supervision_check_household_check_id_foreign" foreign key ("check_id") references "supervision_check" ("id") on update cascade;`);
    this.addSql(`alter table "supervision_check_household" add constraint "supervision_check_household_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "assessment_sign_off" add constraint "assessment_sign_off_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('CASE_DECISION_DAYS', 60, '2018-01-01', 'system:policy', 'Demo assumption: a case counts as decided on time within 60 days of its application'),
      ('RANDOM_CHECK_SAMPLE_SIZE', 5, '2018-01-01', 'system:policy', 'Households drawn per township for a check');`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "policy_parameter" where "key" in ('CASE_DECISION_DAYS', 'RANDOM_CHECK_SAMPLE_SIZE');`);
    this.addSql(`drop table if exists "supervision_check_household" cascade;`);
    this.addSql(`drop table if exists "supervision_check" cascade;`);
    this.addSql(`drop table if exists "assessment_sign_off" cascade;`);
  }

}
