import { Migration } from '@mikro-orm/migrations';

/**
 * Donors (issue 12; R18's matching platform, R20's tracing): charity platforms and their keys,
 * donors, pledges, matches, the append-only allocation ledger, fair-allocation runs, the default
 * value table, receipt visit samples, platform subscriptions (the outbox carries platform
 * messages too) and the pseudonym key; the four donation parameters and the default values.
 */
export class Migration20261202064000_donors extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "allocation_run" ("id" bigserial primary key, "run_on" date not null, "run_by" varchar(120) not null, "tie_break_seed" varchar(64) not null, "household_share_cap" numeric(5,4) not null, "pledges" int not null, "needs" int not null, "proposals" int not null, "proposed_value" bigint not null, "figures" jsonb not null, "duration_ms" int not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create table "charity_platform" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "code" varchar(40) not null, "name" varchar(100) not null, "unified_social_credit_code" varchar(18) not null, "designated_fundraising_platform" boolean not null, "designation_reference" varchar(100) null);`);
    this.addSql(`alter table "charity_platform" add constraint "charity_platform_code_unique" unique ("code");`);
    this.addSql(`alter table "charity_platform" add constraint "charity_platform_unified_social_credit_code_unique" unique ("unified_social_credit_code");`);
    this.addSql(`create table "charity_platform_api_key" ("id" bigserial primary key, "platform_id" bigint not null, "key_id" varchar(32) not null, "secret_hash" varchar(64) not null, "label" varchar(100) not null, "scopes" text[] not null default '{DONORS,PLEDGES,NEEDS_READ,SUBSCRIPTIONS}', "version" int not null default 1, "created_at" timestamptz not null default now(), "created_by" varchar(120) not null, "revoked_at" timestamptz null, "revoked_by" varchar(120) null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "charity_platform_api_key" add constraint "charity_platform_api_key_key_id_unique" unique ("key_id");`);
    this.addSql(`create index "charity_platform_api_key_platform_id_index" on "charity_platform_api_key" ("platform_id");`);
    this.addSql(`create table "donation_unit_value" ("id" bigserial primary key, "resource" text check ("resource" in ('MONEY', 'GOODS', 'SERVICE', 'VOLUNTEER_HOURS')) not null, "unit" varchar(20) not null, "value_per_unit" int not null, "effective_from" date not null, "set_by" varchar(120) not null, "set_at" timestamptz not null default now());`);
    this.addSql(`alter table "donation_unit_value" add constraint "donation_unit_value_uniq" unique ("resource", "unit", "effective_from");`);
    this.addSql(`create table "donor" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "platform_id" bigint not null, "display_name" varchar(100) not null, "kind" text check ("kind" in ('INDIVIDUAL', 'ENTERPRISE', 'SOCIAL_ORGANISATION')) not null, "platform_reference" varchar(64) not null);`);
    this.addSql(`create index "donor_platform_id_id_index" on "donor" ("platform_id", "id");`);
    this.addSql(`alter table "donor" add constraint "donor_platform_reference_uniq" unique ("platform_id", "platform_reference");`);
    this.addSql(`create table "platform_subscription" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "platform_id" bigint not null, "url" varchar(500) not null, "signing_key_id" varchar(32) not null, "active" boolean not null default true);`);
    this.addSql(`create index "platform_subscription_platform_id_index" on "platform_subscription" ("platform_id");`);
    this.addSql(`create table "pseudonym_key" ("id" smallint not null, "secret" varchar(64) not null, constraint "pseudonym_key_pkey" primary key ("id"));`);
    this.addSql(`create table "receipt_visit_sample" ("id" bigserial primary key, "month" varchar(7) not null, "seed" varchar(64) not null, "population" int not null, "match_ids" text[] not null, "drawn_on" date not null, "drawn_by" varchar(120) not null);`);
    this.addSql(`create table "pledge" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "platform_id" bigint null, "donor_id" bigint null, "partner_id" bigint null, "resource" text check ("resource" in ('MONEY', 'GOODS', 'SERVICE', 'VOLUNTEER_HOURS')) not null, "need_kinds" text[] not null, "area_level" text check ("area_level" in ('COMMUNITY', 'TOWNSHIP', 'COUNTY')) not null, "township_id" bigint null, "community_id" bigint null, "quantity" bigint not null, "unit" varchar(20) not null, "unit_value" int not null, "cap_per_household" bigint null, "description" varchar(200) not null, "valid_from" date not null, "valid_until" date not null, "status" text check ("status" in ('PENDING', 'APPROVED', 'BLOCKED')) not null default 'PENDING', "decided_by" varchar(120) null, "decided_on" date null, "decision_reason" varchar(500) null);`);
    this.addSql(`create index "pledge_donor_id_index" on "pledge" ("donor_id");`);
    this.addSql(`create index "pledge_partner_id_id_index" on "pledge" ("partner_id", "id");`);
    this.addSql(`create index "pledge_platform_id_id_index" on "pledge" ("platform_id", "id");`);
    this.addSql(`create index "pledge_status_idx" on "pledge" ("status", "id");`);
    this.addSql(`create table "donation_match" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "pledge_id" bigint not null, "need_id" bigint not null, "household_id" bigint not null, "township_id" bigint not null, "quantity" bigint not null, "value" bigint not null, "status" text check ("status" in ('PROPOSED', 'REJECTED', 'WITHDRAWN', 'ALLOCATED', 'DISPATCHED', 'RECEIVED', 'NOT_RECEIVED', 'RECEIVED_WITH_PROBLEMS', 'REVERSED')) not null default 'PROPOSED', "run_id" bigint null, "factors" jsonb null, "proposed_on" date not null, "decided_by" varchar(120) null, "decided_on" date null, "dispatched_on" date null, "dispatch_note" varchar(200) null, "confirmed_on" date null, "confirmed_by" varchar(120) null, "receipt_note" varchar(500) null, "visit_flagged" boolean not null default false);`);
    this.addSql(`create index "donation_match_run_id_index" on "donation_match" ("run_id");`);
    this.addSql(`create index "donation_match_township_idx" on "donation_match" ("township_id", "status", "id");`);
    this.addSql(`create index "donation_match_need_idx" on "donation_match" ("need_id", "status");`);
    this.addSql(`create index "donation_match_pledge_idx" on "donation_match" ("pledge_id", "status");`);
    this.addSql(`create table "donation_allocation" ("id" bigserial primary key, "match_id" bigint not null, "pledge_id" bigint not null, "need_id" bigint not null, "household_id" bigint not null, "township_id" bigint not null, "entry" text check ("entry" in ('ALLOCATION', 'REVERSAL')) not null, "reverses_id" bigint null, "quantity" bigint not null, "value" bigint not null, "reason" varchar(500) null, "recorded_on" date not null, "recorded_by" varchar(120) not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "donation_allocation_household_idx" on "donation_allocation" ("household_id", "recorded_on");`);
    this.addSql(`create index "donation_allocation_need_idx" on "donation_allocation" ("need_id");`);
    this.addSql(`create index "donation_allocation_pledge_idx" on "donation_allocation" ("pledge_id");`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_reverses_uniq" unique ("reverses_id");`);
    this.addSql(`alter table "charity_platform_api_key" add constraint "charity_platform_api_key_platform_id_foreign" foreign key ("platform_id") references "charity_platform" ("id") on update cascade;`);
    this.addSql(`alter table "donor" add constraint "donor_platform_id_foreign" foreign key ("platform_id") references "charity_platform" ("id") on update cascade;`);
    this.addSql(`alter table "platform_subscription" add constraint "platform_subscription_platform_id_foreign" foreign key ("platform_id") references "charity_platform" ("id") on update cascade;`);
    this.addSql(`alter table "pledge" add constraint "pledge_platform_id_foreign" foreign key ("platform_id") references "charity_platform" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pledge" add constraint "pledge_donor_id_foreign" foreign key ("donor_id") references "donor" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pledge" add constraint "pledge_partner_id_foreign" foreign key ("partner_id") references "partner_organisation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pledge" add constraint "pledge_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pledge" add constraint "pledge_community_id_foreign" foreign key ("community_id") references "community" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "donation_match" add constraint "donation_match_pledge_id_foreign" foreign key ("pledge_id") references "pledge" ("id") on update cascade;`);
    this.addSql(`alter table "donation_match" add constraint "donation_match_need_id_foreign" foreign key ("need_id") references "need" ("id") on update cascade;`);
    this.addSql(`alter table "donation_match" add constraint "donation_match_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "donation_match" add constraint "donation_match_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "donation_match" add constraint "donation_match_run_id_foreign" foreign key ("run_id") references "allocation_run" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_match_id_foreign" foreign key ("match_id") references "donation_match" ("id") on update cascade;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_pledge_id_foreign" foreign key ("pledge_id") references "pledge" ("id") on update cascade;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_need_id_foreign" foreign key ("need_id") references "need" ("id") on update cascade;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "donation_allocation" add constraint "donation_allocation_reverses_id_foreign" foreign key ("reverses_id") references "donation_allocation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "outbox_message" drop constraint "outbox_message_subscription_id_foreign";`);
    this.addSql(`alter table "outbox_message" add column "platform_subscription_id" bigint null;`);
    this.addSql(`alter table "outbox_message" alter column "subscription_id" type bigint using ("subscription_id"::bigint);`);
    this.addSql(`alter table "outbox_message" alter column "subscription_id" drop not null;`);
    this.addSql(`alter table "outbox_message" add constraint "outbox_message_subscription_id_foreign" foreign key ("subscription_id") references "partner_subscription" ("id") on update cascade on delete set null;`);
    // The allocation ledger is append-only: corrections are reversing entries (R20).
    this.addSql(`create function donation_allocation_append_only() returns trigger language plpgsql as $$ begin raise exception 'donation_allocation is append-only (reverse an entry instead)'; end $$;`);
    this.addSql(`create trigger donation_allocation_append_only before update or delete on "donation_allocation" for each row execute function donation_allocation_append_only();`);
    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('DONATION_HOUSEHOLD_SHARE_CAP', 0.25, '2018-01-01', 'system:policy', 'Fair allocation: one household gets at most a quarter of a pledge'),
      ('DONATION_AREA_MIN_HOUSEHOLDS', 5, '2018-01-01', 'system:policy', 'k-anonymity of the areas shown to charity platforms'),
      ('DONATION_VISIT_SAMPLE_SIZE', 5, '2018-01-01', 'system:policy', 'Confirmed receipts drawn for a home visit each month'),
      ('DONATION_PSEUDONYM_DAYS', 30, '2018-01-01', 'system:policy', 'Validity of a need pseudonym shown to a platform');`);
    this.addSql(`insert into "donation_unit_value" ("resource", "unit", "value_per_unit", "effective_from", "set_by") values
      ('GOODS', '件', 5000, '2018-01-01', 'system:policy'),
      ('GOODS', '袋', 10000, '2018-01-01', 'system:policy'),
      ('GOODS', '桶', 8000, '2018-01-01', 'system:policy'),
      ('GOODS', '箱', 6000, '2018-01-01', 'system:policy'),
      ('GOODS', '台', 150000, '2018-01-01', 'system:policy'),
      ('SERVICE', '次', 10000, '2018-01-01', 'system:policy'),
      ('VOLUNTEER_HOURS', '小时', 3000, '2018-01-01', 'system:policy');`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "policy_parameter" where "key" in ('DONATION_HOUSEHOLD_SHARE_CAP', 'DONATION_AREA_MIN_HOUSEHOLDS', 'DONATION_VISIT_SAMPLE_SIZE', 'DONATION_PSEUDONYM_DAYS');`);
    this.addSql(`delete from "outbox_message" where "platform_subscription_id" is not null;`);
    this.addSql(`alter table "outbox_message" drop column "platform_subscription_id";`);
    this.addSql(`alter table "outbox_message" alter column "subscription_id" set not null;`);
    for (const t of ['donation_allocation', 'donation_match', 'allocation_run', 'pledge', 'donor', 'platform_subscription', 'charity_platform_api_key', 'charity_platform', 'donation_unit_value', 'receipt_visit_sample', 'pseudonym_key']) {
      this.addSql(`drop table if exists "${t}" cascade;`);
    }
    this.addSql(`drop function if exists donation_allocation_append_only();`);
  }

}
