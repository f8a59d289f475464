import { Migration } from '@mikro-orm/migrations';

/**
 * Every step of an identification case has its day (R8–R10, issue 8 items 6–7): the investigation
 * start, the review opinion, forwarding, closing and the resolution of objections; a notice
 * entered after its period ended is marked, on the notice and on the case, with its evidence.
 * Existing rows get the days their transitions recorded (county calendar, Asia/Shanghai).
 */
export class Migration20261201230000_case_step_dates extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "identification_case" add column "investigation_started_on" date null, add column "reviewed_on" date null, add column "forwarded_on" date null, add column "closed_on" date null, add column "notice_entered_late" boolean not null default false;`);
    this.addSql(`alter table "public_notice" add column "entered_late" boolean not null default false, add column "late_entry_evidence" varchar(200) null;`);
    this.addSql(`alter table "notice_objection" add column "resolved_on" date null;`);

    this.addSql(`update "identification_case" c set
      "investigation_started_on" = (select max((t."at" at time zone 'Asia/Shanghai')::date) from "case_transition" t where t."identification_case_id" = c."id" and t."to_state" = 'UNDER_INVESTIGATION'),
      "forwarded_on" = (select max((t."at" at time zone 'Asia/Shanghai')::date) from "case_transition" t where t."identification_case_id" = c."id" and t."to_state" = 'FORWARDED_TO_COUNTY'),
      "closed_on" = case when c."state" in ('REJECTED', 'WITHDRAWN') then (select max((t."at" at time zone 'Asia/Shanghai')::date) from "case_transition" t where t."identification_case_id" = c."id" and t."to_state" = c."state") end;`);
    this.addSql(`update "notice_objection" set "resolved_on" = ("resolved_at" at time zone 'Asia/Shanghai')::date where "resolved_at" is not null;`);
    // Notices already entered after their last day: marked, without evidence, so the county's checks find them.
    this.addSql(`update "public_notice" set "entered_late" = true where ("posted_at" at time zone 'Asia/Shanghai')::date > "ends_on";`);
    this.addSql(`update "identification_case" c set "notice_entered_late" = true where exists (select 1 from "public_notice" n where n."identification_case_id" = c."id" and n."entered_late");`);

    this.addSql(`create index "identification_case_notice_entered_late_idx" on "identification_case" ("id") where "notice_entered_late";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "identification_case_notice_entered_late_idx";`);
    this.addSql(`alter table "notice_objection" drop column "resolved_on";`);
    this.addSql(`alter table "public_notice" drop column "entered_late", drop column "late_entry_evidence";`);
    this.addSql(`alter table "identification_case" drop column "investigation_started_on", drop column "reviewed_on", drop column "forwarded_on", drop column "closed_on", drop column "notice_entered_late";`);
  }

}
