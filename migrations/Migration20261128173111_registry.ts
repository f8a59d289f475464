import { Migration } from '@mikro-orm/migrations';

export class Migration20261128173111_registry extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor" varchar(120) not null, "actor_role" varchar(40) not null, "action" varchar(80) not null, "entity" varchar(40) null, "record_id" varchar(40) null, "outcome" varchar(12) not null, "ip" varchar(64) null, "request_id" varchar(40) null, "detail" jsonb null);`);
    this.addSql(`create index "audit_event_at_idx" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_record_idx" on "audit_event" ("entity", "record_id");`);

    this.addSql(`create table "department" ("code" varchar(40) not null, "name" varchar(50) not null, "name_en" varchar(80) not null, constraint "department_pkey" primary key ("code"));`);

    this.addSql(`create table "partner_organisation" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "code" varchar(40) not null, "name" varchar(100) not null, "kind" text check ("kind" in ('PARTY_CADRE', 'WORK_UNIT', 'CIVILIZED_UNIT', 'ENTERPRISE', 'TRADE_UNION', 'YOUTH_LEAGUE', 'WOMENS_FEDERATION', 'POWER_COMPANY', 'WATER_COMPANY', 'CABLE_COMPANY', 'CHARITY', 'SOCIAL_ORGANISATION', 'VOLUNTEER')) not null);`);
    this.addSql(`alter table "partner_organisation" add constraint "partner_organisation_code_unique" unique ("code");`);

    this.addSql(`create table "partner_api_key" ("id" bigserial primary key, "partner_id" bigint not null, "key_id" varchar(32) not null, "secret_hash" varchar(64) not null, "label" varchar(100) not null, "version" int not null default 1, "created_at" timestamptz not null default now(), "created_by" varchar(120) not null, "revoked_at" timestamptz null, "revoked_by" varchar(120) null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "partner_api_key" add constraint "partner_api_key_key_id_unique" unique ("key_id");`);
    this.addSql(`create index "partner_api_key_partner_id_index" on "partner_api_key" ("partner_id");`);

    this.addSql(`create table "township" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "code" varchar(12) not null, "name" varchar(50) not null);`);
    this.addSql(`alter table "township" add constraint "township_code_unique" unique ("code");`);

    this.addSql(`create table "community" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "township_id" bigint not null, "code" varchar(15) not null, "name" varchar(50) not null, "kind" text check ("kind" in ('VILLAGE', 'RESIDENTIAL')) not null);`);
    this.addSql(`alter table "community" add constraint "community_code_unique" unique ("code");`);
    this.addSql(`create index "community_township_id_index" on "community" ("township_id");`);

    this.addSql(`create table "household" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "township_id" bigint not null, "community_id" bigint not null, "address" varchar(200) not null, "contact_phone" varchar(20) not null, "head_name" varchar(50) not null, "member_count" int not null default 0, "monthly_income_total" int not null default 0, "housing_area" numeric(10,2) not null, "deposits_fen" int not null default 0, "securities_fen" int not null default 0, "vehicle_count" smallint not null default 0, "other_property_count" smallint not null default 0, "status" text check ("status" in ('REGISTERED', 'IN_HARDSHIP', 'EXITED')) not null default 'REGISTERED', "categories" text[] not null default '{}', "causes" text[] not null default '{}', "primary_cause" text check ("primary_cause" in ('ILLNESS', 'DISABILITY', 'SCHOOLING', 'DISASTER')) null);`);
    this.addSql(`create index "household_causes_idx" on "household" using gin ("causes");`);
    this.addSql(`create index "household_categories_idx" on "household" using gin ("categories");`);
    this.addSql(`create index "household_status_idx" on "household" ("status");`);
    this.addSql(`create index "household_community_idx" on "household" ("community_id");`);
    this.addSql(`create index "household_head_name_idx" on "household" ("head_name", "id");`);
    this.addSql(`create index "household_updated_idx" on "household" ("updated_at", "id");`);
    this.addSql(`create index "household_created_idx" on "household" ("created_at", "id");`);
    this.addSql(`create index "household_township_created_idx" on "household" ("township_id", "created_at", "id");`);

    this.addSql(`create table "person" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "household_id" bigint not null, "name" varchar(50) not null, "id_number" varchar(18) not null, "sex" text check ("sex" in ('MALE', 'FEMALE')) not null, "birth_date" date not null, "relation_to_head" text check ("relation_to_head" in ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDPARENT', 'GRANDCHILD', 'SIBLING', 'OTHER')) not null, "work_capacity" text check ("work_capacity" in ('FULL', 'PARTIAL', 'NONE')) not null, "employment_status" text check ("employment_status" in ('EMPLOYED', 'SELF_EMPLOYED', 'FLEXIBLY_EMPLOYED', 'UNEMPLOYED', 'IN_SCHOOL', 'RETIRED', 'NOT_IN_LABOUR_FORCE')) not null, "disability_category" text check ("disability_category" in ('VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE')) null, "disability_grade" smallint null, "illness" text check ("illness" in ('NONE', 'CHRONIC', 'SERIOUS')) not null default 'NONE', "illness_note" varchar(200) null, "schooling_stage" text check ("schooling_stage" in ('NONE', 'PRESCHOOL', 'PRIMARY', 'JUNIOR_HIGH', 'SENIOR_HIGH', 'VOCATIONAL', 'HIGHER')) not null default 'NONE', "income_wages" int not null default 0, "income_business" int not null default 0, "income_property" int not null default 0, "income_transfers" int not null default 0, "income_other" int not null default 0, "removed_at" timestamptz null, "removed_by" varchar(120) null, "removal_reason" varchar(200) null);`);
    this.addSql(`create unique index "person_id_number_current_uniq" on "person" ("id_number") where "removed_at" is null;`);
    this.addSql(`create index "person_name_prefix_idx" on "person" ("name" varchar_pattern_ops) where "removed_at" is null;`);
    this.addSql(`create index "person_household_idx" on "person" ("household_id");`);

    this.addSql(`alter table "partner_api_key" add constraint "partner_api_key_partner_id_foreign" foreign key ("partner_id") references "partner_organisation" ("id") on update cascade;`);

    this.addSql(`alter table "community" add constraint "community_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);

    this.addSql(`alter table "household" add constraint "household_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "household" add constraint "household_community_id_foreign" foreign key ("community_id") references "community" ("id") on update cascade;`);

    this.addSql(`alter table "person" add constraint "person_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);

    // Audit rows are insert-only: the database itself refuses to change or remove them.
    this.addSql(`create function audit_event_is_insert_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is insert-only (% refused)', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger audit_event_no_update_delete before update or delete on "audit_event" for each row execute function audit_event_is_insert_only();`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on "audit_event" for each statement execute function audit_event_is_insert_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_event_no_truncate on "audit_event";`);
    this.addSql(`drop trigger if exists audit_event_no_update_delete on "audit_event";`);
    this.addSql(`drop function if exists audit_event_is_insert_only();`);
    this.addSql(`alter table "partner_api_key" drop constraint "partner_api_key_partner_id_foreign";`);

    this.addSql(`alter table "community" drop constraint "community_township_id_foreign";`);

    this.addSql(`alter table "household" drop constraint "household_township_id_foreign";`);

    this.addSql(`alter table "household" drop constraint "household_community_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_household_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "partner_organisation" cascade;`);

    this.addSql(`drop table if exists "partner_api_key" cascade;`);

    this.addSql(`drop table if exists "township" cascade;`);

    this.addSql(`drop table if exists "community" cascade;`);

    this.addSql(`drop table if exists "household" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);
  }

}
