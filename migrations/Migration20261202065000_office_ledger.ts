import { Migration } from '@mikro-orm/migrations';

/** office-files (issue 14): R7 direct recognitions recorded by the Excel ledger import. */
export class Migration20261202065000_office_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "direct_recognition" ("id" bigserial primary key, "household_id" bigint not null, "categories" text[] not null, "source_document" varchar(200) not null, "recognised_on" date not null, "imported_by" varchar(120) not null, "imported_at" timestamptz not null default now(), "file_sha256" varchar(64) not null);`);
    this.addSql(`create index "direct_recognition_household_id_index" on "direct_recognition" ("household_id");`);
    this.addSql(`alter table "direct_recognition" add constraint "direct_recognition_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "direct_recognition" cascade;`);
  }
}
