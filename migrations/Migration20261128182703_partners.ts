import { Migration } from '@mikro-orm/migrations';

export class Migration20261128182703_partners extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_rate_bucket" ("key_id" varchar(32) not null, "window_start" timestamptz not null, "count" int not null default 0, constraint "api_rate_bucket_pkey" primary key ("key_id", "window_start"));`);

    this.addSql(`create table "pairing" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "status" text check ("status" in ('PROPOSED', 'APPROVED', 'REJECTED', 'ENDED')) not null default 'PROPOSED', "note" varchar(500) not null, "decided_by" varchar(120) null, "decided_on" date null, "decision_reason" varchar(500) null);`);
    this.addSql(`create index "pairing_status_id_index" on "pairing" ("status", "id");`);

    this.addSql(`create table "pairing_partner" ("pairing_id" bigint not null, "partner_id" bigint not null, constraint "pairing_partner_pkey" primary key ("pairing_id", "partner_id"));`);
    this.addSql(`create index "pairing_partner_partner_id_index" on "pairing_partner" ("partner_id");`);

    this.addSql(`create table "partner_subscription" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "partner_id" bigint not null, "need_kinds" text[] not null, "url" varchar(500) not null, "signing_key_id" varchar(32) not null, "active" boolean not null default true);`);
    this.addSql(`create index "partner_subscription_partner_id_index" on "partner_subscription" ("partner_id");`);

    this.addSql(`create table "outbox_message" ("id" bigserial primary key, "subscription_id" bigint not null, "event_type" varchar(60) not null, "payload" jsonb not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'FAILED')) not null default 'PENDING', "attempts" smallint not null default 0, "next_attempt_at" timestamptz not null default now(), "last_error" varchar(500) null, "created_at" timestamptz not null default now(), "delivered_at" timestamptz null);`);
    this.addSql(`create index "outbox_due_idx" on "outbox_message" ("status", "next_attempt_at");`);

    this.addSql(`create table "outbox_attempt" ("id" bigserial primary key, "message_id" bigint not null, "at" timestamptz not null default now(), "status_code" smallint null, "error" varchar(500) null, "duration_ms" int not null);`);
    this.addSql(`create index "outbox_attempt_message_id_index" on "outbox_attempt" ("message_id");`);

    this.addSql(`create table "pairing_ledger_entry" ("id" bigserial primary key, "pairing_id" bigint not null, "partner_id" bigint not null, "household_id" bigint not null, "township_id" bigint not null, "kind" text check ("kind" in ('VISIT', 'CASH', 'GOODS', 'SERVICE', 'VOLUNTEER_HOURS', 'FEE_WAIVER')) not null, "given_on" date not null, "amount" int null, "hours" numeric(8,2) null, "description" varchar(500) not null, "origin" text check ("origin" in ('TYPED', 'IMPORTED', 'PARTNER_SYSTEM')) not null, "external_id" varchar(100) null, "payload_hash" varchar(64) null, "recorded_by" varchar(120) not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create unique index "pairing_ledger_external_uniq" on "pairing_ledger_entry" ("partner_id", "external_id") where "external_id" is not null;`);
    this.addSql(`create index "pairing_ledger_township_idx" on "pairing_ledger_entry" ("township_id", "kind");`);
    this.addSql(`create index "pairing_ledger_partner_idx" on "pairing_ledger_entry" ("partner_id", "given_on");`);
    this.addSql(`create index "pairing_ledger_household_idx" on "pairing_ledger_entry" ("household_id", "given_on");`);
    this.addSql(`create index "pairing_ledger_entry_pairing_id_index" on "pairing_ledger_entry" ("pairing_id");`);

    this.addSql(`create table "pairing_household" ("pairing_id" bigint not null, "household_id" bigint not null, constraint "pairing_household_pkey" primary key ("pairing_id", "household_id"));`);
    this.addSql(`create index "pairing_household_household_id_index" on "pairing_household" ("household_id");`);

    this.addSql(`create table "need" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "household_id" bigint not null, "township_id" bigint not null, "community_id" bigint not null, "kind" text check ("kind" in ('EMPLOYMENT', 'MEDICAL', 'SCHOOLING', 'HOUSING', 'LIVING', 'SOCIAL_INSURANCE', 'UTILITIES')) not null, "uncovered_amount" int not null, "urgency" text check ("urgency" in ('LOW', 'MEDIUM', 'HIGH')) not null, "description" varchar(200) not null, "status" text check ("status" in ('OPEN', 'COVERED', 'CLOSED')) not null default 'OPEN');`);
    this.addSql(`create index "need_household_id_index" on "need" ("household_id");`);
    this.addSql(`create index "need_township_idx" on "need" ("township_id", "status");`);
    this.addSql(`create index "need_open_idx" on "need" ("status", "kind", "id");`);

    this.addSql(`create table "household_utility_account" ("id" bigserial primary key, "household_id" bigint not null, "utility" text check ("utility" in ('POWER', 'WATER', 'CABLE')) not null, "account_number" varchar(40) not null, "created_by" varchar(120) not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "household_utility_account_household_id_index" on "household_utility_account" ("household_id");`);
    this.addSql(`alter table "household_utility_account" add constraint "utility_account_uniq" unique ("utility", "account_number");`);

    this.addSql(`create table "webhook_receipt" ("id" bigserial primary key, "key_id" varchar(32) not null, "signature" varchar(64) not null, "received_at" timestamptz not null default now());`);
    this.addSql(`create index "webhook_receipt_received_at_index" on "webhook_receipt" ("received_at");`);
    this.addSql(`alter table "webhook_receipt" add constraint "webhook_receipt_uniq" unique ("key_id", "signature");`);

    this.addSql(`alter table "pairing_partner" add constraint "pairing_partner_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade;`);
    this.addSql(`alter table "pairing_partner" add constraint "pairing_partner_partner_id_foreign" foreign key ("partner_id") references "partner_organisation" ("id") on update cascade;`);

    this.addSql(`alter table "partner_subscription" add constraint "partner_subscription_partner_id_foreign" foreign key ("partner_id") references "partner_organisation" ("id") on update cascade;`);

    this.addSql(`alter table "outbox_message" add constraint "outbox_message_subscription_id_foreign" foreign key ("subscription_id") references "partner_subscription" ("id") on update cascade;`);

    this.addSql(`alter table "outbox_attempt" add constraint "outbox_attempt_message_id_foreign" foreign key ("message_id") references "outbox_message" ("id") on update cascade;`);

    this.addSql(`alter table "pairing_ledger_entry" add constraint "pairing_ledger_entry_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade;`);
    this.addSql(`alter table "pairing_ledger_entry" add constraint "pairing_ledger_entry_partner_id_foreign" foreign key ("partner_id") references "partner_organisation" ("id") on update cascade;`);
    this.addSql(`alter table "pairing_ledger_entry" add constraint "pairing_ledger_entry_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "pairing_ledger_entry" add constraint "pairing_ledger_entry_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);

    this.addSql(`alter table "pairing_household" add constraint "pairing_household_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade;`);
    this.addSql(`alter table "pairing_household" add constraint "pairing_household_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);

    this.addSql(`alter table "need" add constraint "need_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "need" add constraint "need_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "need" add constraint "need_community_id_foreign" foreign key ("community_id") references "community" ("id") on update cascade;`);

    this.addSql(`alter table "household_utility_account" add constraint "household_utility_account_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);

    this.addSql(`alter table "partner_organisation" add column "level" text check ("level" in ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY')) null;`);

    // Pairing quotas of civilized units by level (R18; demo assumptions, set by the county).
    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('CIVILIZED_UNIT_QUOTA_NATIONAL', 5, '2018-01-01', 'system:policy', 'Households per national-level civilized unit'),
      ('CIVILIZED_UNIT_QUOTA_PROVINCIAL', 4, '2018-01-01', 'system:policy', 'Households per provincial-level civilized unit'),
      ('CIVILIZED_UNIT_QUOTA_CITY', 3, '2018-01-01', 'system:policy', 'Households per city-level civilized unit'),
      ('CIVILIZED_UNIT_QUOTA_COUNTY', 2, '2018-01-01', 'system:policy', 'Households per county-level civilized unit');`);
    // The ledger is history: insert-only.
    this.addSql(`create trigger pairing_ledger_insert_only before update or delete on "pairing_ledger_entry" for each row execute function refuse_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists pairing_ledger_insert_only on "pairing_ledger_entry";`);
    this.addSql(`alter table "pairing_partner" drop constraint "pairing_partner_pairing_id_foreign";`);

    this.addSql(`alter table "pairing_ledger_entry" drop constraint "pairing_ledger_entry_pairing_id_foreign";`);

    this.addSql(`alter table "pairing_household" drop constraint "pairing_household_pairing_id_foreign";`);

    this.addSql(`alter table "outbox_message" drop constraint "outbox_message_subscription_id_foreign";`);

    this.addSql(`alter table "outbox_attempt" drop constraint "outbox_attempt_message_id_foreign";`);

    this.addSql(`drop table if exists "api_rate_bucket" cascade;`);

    this.addSql(`drop table if exists "pairing" cascade;`);

    this.addSql(`drop table if exists "pairing_partner" cascade;`);

    this.addSql(`drop table if exists "partner_subscription" cascade;`);

    this.addSql(`drop table if exists "outbox_message" cascade;`);

    this.addSql(`drop table if exists "outbox_attempt" cascade;`);

    this.addSql(`drop table if exists "pairing_ledger_entry" cascade;`);

    this.addSql(`drop table if exists "pairing_household" cascade;`);

    this.addSql(`drop table if exists "need" cascade;`);

    this.addSql(`drop table if exists "household_utility_account" cascade;`);

    this.addSql(`drop table if exists "webhook_receipt" cascade;`);

    this.addSql(`alter table "partner_organisation" drop column "level";`);
  }

}
