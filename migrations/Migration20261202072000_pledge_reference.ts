import { Migration } from '@mikro-orm/migrations';

/** Donors (issue 12): a pledge sent in a platform's batch keeps the platform's record number, unique per platform (a resend is the same pledge). */
export class Migration20261202072000_pledge_reference extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "pledge" add column "platform_reference" varchar(100) null;`);
    this.addSql(`create unique index "pledge_platform_reference_uniq" on "pledge" ("platform_id", "platform_reference") where "platform_reference" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "pledge_platform_reference_uniq";`);
    this.addSql(`alter table "pledge" drop column "platform_reference";`);
  }

}
