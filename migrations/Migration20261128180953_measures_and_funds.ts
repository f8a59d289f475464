import { Migration } from '@mikro-orm/migrations';

export class Migration20261128180953_measures_and_funds extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "fund_source" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "code" varchar(40) not null, "name" varchar(100) not null, "kind" text check ("kind" in ('COUNTY_FINANCE', 'DEPARTMENT_SPECIAL', 'SOCIAL_DONATION', 'HIGHER_LEVEL_TRANSFER')) not null);`);
    this.addSql(`alter table "fund_source" add constraint "fund_source_code_unique" unique ("code");`);

    this.addSql(`create table "fund_allocation" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "source_id" bigint not null, "measure" varchar(30) not null, "year" smallint not null, "amount" bigint not null, "disbursed" bigint not null default '0');`);
    this.addSql(`create index "fund_allocation_source_id_index" on "fund_allocation" ("source_id");`);
    this.addSql(`create index "fund_allocation_measure_year_index" on "fund_allocation" ("measure", "year");`);

    this.addSql(`create table "plan_item" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "household_id" bigint not null, "township_id" bigint not null, "person_id" bigint null, "item" varchar(40) not null, "measure" varchar(30) not null, "department" varchar(40) not null, "status" text check ("status" in ('PROPOSED', 'ACCEPTED', 'ADJUSTED', 'DECLINED', 'WITHDRAWN')) not null default 'PROPOSED', "proposed_amount" int null, "amount" int null, "required_deliveries" smallint not null default 1, "basis" jsonb not null, "decision_reason" varchar(500) null, "decided_by" varchar(120) null, "decided_on" date null, "due_on" date null);`);
    this.addSql(`create unique index "plan_item_open_uniq" on "plan_item" ("household_id", "item", coalesce("person_id", 0)) where "status" not in ('DECLINED', 'WITHDRAWN');`);
    this.addSql(`create index "plan_item_household_idx" on "plan_item" ("household_id");`);
    this.addSql(`create index "plan_item_township_idx" on "plan_item" ("township_id", "department", "status");`);
    this.addSql(`create index "plan_item_department_idx" on "plan_item" ("department", "status", "due_on");`);

    this.addSql(`create table "delivery" ("id" bigserial primary key, "plan_item_id" bigint not null, "delivered_on" date not null, "note" varchar(500) not null, "amount" int null, "recorded_by" varchar(120) not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "delivery_plan_item_id_index" on "delivery" ("plan_item_id");`);

    this.addSql(`create table "disbursement" ("id" bigserial primary key, "allocation_id" bigint not null, "delivery_id" bigint not null, "amount" int not null, "paid_on" date not null, "recorded_by" varchar(120) not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`alter table "disbursement" add constraint "disbursement_delivery_id_unique" unique ("delivery_id");`);
    this.addSql(`create index "disbursement_allocation_id_index" on "disbursement" ("allocation_id");`);

    this.addSql(`create table "allowance_run" ("id" bigserial primary key, "township_id" bigint not null, "month" varchar(7) not null, "allocation_id" bigint not null, "households" int not null, "total" bigint not null, "created_by" varchar(120) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "allowance_run" add constraint "allowance_run_township_month_uniq" unique ("township_id", "month");`);

    this.addSql(`create table "allowance_run_line" ("id" bigserial primary key, "run_id" bigint not null, "household_id" bigint not null, "plan_item_id" bigint not null, "delivery_id" bigint not null, "head_name" varchar(50) not null, "household_size" smallint not null, "amount" int not null);`);
    this.addSql(`create index "allowance_run_line_run_id_index" on "allowance_run_line" ("run_id");`);

    this.addSql(`alter table "fund_allocation" add constraint "fund_allocation_source_id_foreign" foreign key ("source_id") references "fund_source" ("id") on update cascade;`);

    this.addSql(`alter table "plan_item" add constraint "plan_item_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "plan_item" add constraint "plan_item_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "plan_item" add constraint "plan_item_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "delivery" add constraint "delivery_plan_item_id_foreign" foreign key ("plan_item_id") references "plan_item" ("id") on update cascade;`);

    this.addSql(`alter table "disbursement" add constraint "disbursement_allocation_id_foreign" foreign key ("allocation_id") references "fund_allocation" ("id") on update cascade;`);
    this.addSql(`alter table "disbursement" add constraint "disbursement_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id") on update cascade;`);

    this.addSql(`alter table "allowance_run" add constraint "allowance_run_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "allowance_run" add constraint "allowance_run_allocation_id_foreign" foreign key ("allocation_id") references "fund_allocation" ("id") on update cascade;`);

    this.addSql(`alter table "allowance_run_line" add constraint "allowance_run_line_run_id_foreign" foreign key ("run_id") references "allowance_run" ("id") on update cascade;`);
    this.addSql(`alter table "allowance_run_line" add constraint "allowance_run_line_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "allowance_run_line" add constraint "allowance_run_line_plan_item_id_foreign" foreign key ("plan_item_id") references "plan_item" ("id") on update cascade;`);
    this.addSql(`alter table "allowance_run_line" add constraint "allowance_run_line_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id") on update cascade;`);

    // New parameters of the measures (demo assumptions, set by the county): the dispersed
    // extreme-poverty standard at 1.3× the allowance standard, required deliveries due in 90 days.
    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('EXTREME_POVERTY_SUPPORT_RATIO', 1.3, '2018-01-01', 'system:policy', 'Extreme-poverty support linked to the allowance standard (R17)'),
      ('MEASURE_DUE_DAYS', 90, '2018-01-01', 'system:policy', 'Working period for a plan item''s required deliveries');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "fund_allocation" drop constraint "fund_allocation_source_id_foreign";`);

    this.addSql(`alter table "disbursement" drop constraint "disbursement_allocation_id_foreign";`);

    this.addSql(`alter table "allowance_run" drop constraint "allowance_run_allocation_id_foreign";`);

    this.addSql(`alter table "delivery" drop constraint "delivery_plan_item_id_foreign";`);

    this.addSql(`alter table "allowance_run_line" drop constraint "allowance_run_line_plan_item_id_foreign";`);

    this.addSql(`alter table "disbursement" drop constraint "disbursement_delivery_id_foreign";`);

    this.addSql(`alter table "allowance_run_line" drop constraint "allowance_run_line_delivery_id_foreign";`);

    this.addSql(`alter table "allowance_run_line" drop constraint "allowance_run_line_run_id_foreign";`);

    this.addSql(`drop table if exists "fund_source" cascade;`);

    this.addSql(`drop table if exists "fund_allocation" cascade;`);

    this.addSql(`drop table if exists "plan_item" cascade;`);

    this.addSql(`drop table if exists "delivery" cascade;`);

    this.addSql(`drop table if exists "disbursement" cascade;`);

    this.addSql(`drop table if exists "allowance_run" cascade;`);

    this.addSql(`drop table if exists "allowance_run_line" cascade;`);
  }

}
