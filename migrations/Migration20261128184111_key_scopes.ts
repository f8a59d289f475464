import { Migration } from '@mikro-orm/migrations';

export class Migration20261128184111_key_scopes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partner_api_key" add column "scopes" text[] not null default '{NEEDS_READ,PAIRINGS,LEDGER_WRITE,SUBSCRIPTIONS}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partner_api_key" drop column "scopes";`);
  }

}
