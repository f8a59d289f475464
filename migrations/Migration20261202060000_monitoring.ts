import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 11 (monitoring): warning rules as data (seeded), department facts, warnings with deadlines
 * (one per rule and occurrence), temporary relief cases (R17), the daily job's runs, and the
 * relief caps and the large-medical-cost line as policy parameters (demo values: a county sets its
 * own; the policy text gives none).
 */
export class Migration20261202060000_monitoring extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "warning_rule" ("code" varchar(40) not null, "deadline_days" smallint not null, "description_zh" varchar(200) not null, "description_en" varchar(300) not null, "active" boolean not null default true, constraint "warning_rule_pkey" primary key ("code"));`);

    this.addSql(`create table "department_fact" ("id" bigserial primary key, "kind" text check ("kind" in ('EMPLOYED_WITH_WAGES', 'HOSPITALISATION', 'DISABILITY_GRADE', 'DIED', 'MOVED_AWAY')) not null, "department" varchar(40) not null, "person_id" bigint not null, "household_id" bigint not null, "township_id" bigint not null, "occurred_on" date not null, "monthly_wages" int null, "out_of_pocket" int null, "disability_grade" smallint null, "note" varchar(500) null, "reported_by" varchar(120) not null, "reported_at" timestamptz(3) not null default now());`);
    this.addSql(`create index "department_fact_household_idx" on "department_fact" ("household_id");`);
    this.addSql(`create index "department_fact_department_idx" on "department_fact" ("department", "id");`);

    this.addSql(`create table "warning" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "rule_code" varchar(40) not null, "subject_key" varchar(120) not null, "household_id" bigint not null, "township_id" bigint not null, "person_id" bigint null, "fact_id" bigint null, "detail" jsonb not null, "raised_on" date not null, "due_on" date not null, "status" text check ("status" in ('OPEN', 'HANDLED')) not null default 'OPEN', "result" text check ("result" in ('RECHECK_STARTED', 'PROFILE_UPDATED', 'IDENTIFICATION_STARTED', 'NO_ACTION')) null, "reason" varchar(500) null, "handled_by" varchar(120) null, "handled_on" date null);`);
    this.addSql(`create index "warning_household_idx" on "warning" ("household_id");`);
    this.addSql(`create index "warning_rule_idx" on "warning" ("rule_code", "status", "id");`);
    this.addSql(`create index "warning_status_idx" on "warning" ("status", "due_on", "id");`);
    this.addSql(`create index "warning_township_idx" on "warning" ("township_id", "status", "due_on", "id");`);
    this.addSql(`alter table "warning" add constraint "warning_rule_subject_uniq" unique ("rule_code", "subject_key");`);

    this.addSql(`create table "temporary_relief" ("id" bigserial primary key, "version" int not null default 1, "created_at" timestamptz(3) not null default now(), "created_by" varchar(120) not null, "updated_at" timestamptz(3) not null default now(), "updated_by" varchar(120) not null, "household_id" bigint not null, "township_id" bigint not null, "event_kind" text check ("event_kind" in ('SUDDEN_EVENT', 'ACCIDENT', 'SERIOUS_ILLNESS', 'DISASTER')) not null, "event_on" date not null, "applied_on" date not null, "requested_amount" int not null, "reason" varchar(500) not null, "status" text check ("status" in ('APPLIED', 'GRANTED', 'REFUSED')) not null default 'APPLIED', "granted_amount" int null, "decision_reason" varchar(500) null, "decided_by" varchar(120) null, "decided_on" date null, "allocation_id" bigint null, "delivery_id" bigint null);`);
    this.addSql(`create index "temporary_relief_household_idx" on "temporary_relief" ("household_id");`);
    this.addSql(`create index "temporary_relief_township_idx" on "temporary_relief" ("township_id", "status", "id");`);

    this.addSql(`create table "monitoring_run" ("day" date not null, "finished_at" timestamptz(3) not null, "stats" jsonb not null, constraint "monitoring_run_pkey" primary key ("day"));`);

    this.addSql(`alter table "department_fact" add constraint "department_fact_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "department_fact" add constraint "department_fact_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "department_fact" add constraint "department_fact_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "warning" add constraint "warning_rule_code_foreign" foreign key ("rule_code") references "warning_rule" ("code") on update cascade;`);
    this.addSql(`alter table "warning" add constraint "warning_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "warning" add constraint "warning_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "warning" add constraint "warning_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "warning" add constraint "warning_fact_id_foreign" foreign key ("fact_id") references "department_fact" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "temporary_relief" add constraint "temporary_relief_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
    this.addSql(`alter table "temporary_relief" add constraint "temporary_relief_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade;`);
    this.addSql(`alter table "temporary_relief" add constraint "temporary_relief_allocation_id_foreign" foreign key ("allocation_id") references "fund_allocation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "temporary_relief" add constraint "temporary_relief_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id") on update cascade on delete set null;`);

    // The rules, as data: a county may change a deadline or switch a rule off with an UPDATE.
    this.addSql(`insert into "warning_rule" ("code", "deadline_days", "description_zh", "description_en") values
      ('RECHECK_OVERDUE', 15, '定期核查已逾期，请尽快核查', 'The periodic re-check is overdue'),
      ('AGE_LINE_CROSSED', 30, '家庭成员跨过年龄界线（16、18、60周岁、劳动年龄、0-14岁康复），类别或帮扶事项可能变化', 'A member crossed an age line (16, 18, 60, working age, 0–14 rehabilitation): categories or items may change'),
      ('INCOME_ABOVE_LINE', 15, '家庭人均收入达到或超过低保标准', 'Per-capita income is at or above the minimum-living standard'),
      ('ASSETS_ABOVE_LINE', 15, '家庭财产超过低保家庭财产限额', 'Assets exceed the limits for an allowance household'),
      ('NO_DELIVERY_IN_DUE_PERIOD', 10, '已同意的帮扶事项在落实期限内未落实', 'An accepted plan item had no delivery in its due period'),
      ('POLICY_CHANGE_ALTERS_AMOUNT', 10, '政策参数调整改变了帮扶金额', 'A policy change alters an amount of the plan'),
      ('MEMBER_DIED', 7, '民政部门报告家庭成员死亡', 'Civil affairs reports a member died'),
      ('MEMBER_MOVED', 15, '民政部门报告家庭成员迁出', 'Civil affairs reports a member moved away'),
      ('EMPLOYED_WITH_WAGES', 15, '人社部门报告家庭成员已就业并有工资收入', 'HR and social security report a member employed with wages'),
      ('LARGE_MEDICAL_COST', 7, '医保部门报告住院自付费用较大，可能需要临时救助', 'Medical insurance reports a hospitalisation with large out-of-pocket costs'),
      ('NEW_DISABILITY_GRADE', 15, '残联报告家庭成员残疾等级变化', 'The disabled persons'' federation reports a new disability grade'),
      ('CONSIDER_IDENTIFICATION', 30, '尚未纳入的家庭获得临时救助，请考虑启动认定', 'A household not on the list received temporary relief: consider an identification case');`);

    this.addSql(`insert into "policy_parameter" ("key", "value", "effective_from", "set_by", "reason") values
      ('TEMPORARY_RELIEF_MAX', 300000, '2018-01-01', 'system:policy', 'Demo value: temporary relief per case for a sudden event, accident or serious illness (R17); the county sets its own'),
      ('DISASTER_RELIEF_MAX', 1000000, '2018-01-01', 'system:policy', 'Demo value: disaster relief per case (R17); the county sets its own'),
      ('LARGE_MEDICAL_COST_MIN', 1000000, '2018-01-01', 'system:policy', 'Demo value: out-of-pocket hospital cost from which medical insurance''s report raises a warning (R13, R19)');`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "policy_parameter" where "key" in ('TEMPORARY_RELIEF_MAX', 'DISASTER_RELIEF_MAX', 'LARGE_MEDICAL_COST_MIN');`);
    this.addSql(`drop table if exists "temporary_relief" cascade;`);
    this.addSql(`drop table if exists "warning" cascade;`);
    this.addSql(`drop table if exists "department_fact" cascade;`);
    this.addSql(`drop table if exists "warning_rule" cascade;`);
    this.addSql(`drop table if exists "monitoring_run" cascade;`);
  }
}
