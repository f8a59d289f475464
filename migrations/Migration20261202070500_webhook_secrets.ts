import { Migration } from '@mikro-orm/migrations';

/**
 * office-files (issue 14 item 9): each webhook subscription gets its own signing secret, stored
 * sealed under WEBHOOK_SECRET_KEY (src/webhooks/secrets.ts). Deliveries were signed with the
 * stored hash of the partner's API key secret, which anyone reading the database could use; a
 * subscription from before has no secret a partner knows, so it is deactivated here (its pending
 * messages fail as "subscription inactive") and the partner subscribes again, getting its secret
 * once. No secret can be made here: the key is in the server's environment, not the database's.
 */
export class Migration20261202070500_webhook_secrets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "partner_subscription" add column "signing_secret" text null;`);
    this.addSql(`alter table "platform_subscription" add column "signing_secret" text null;`);
    this.addSql(`update "partner_subscription" set "active" = false, "updated_at" = now(), "updated_by" = 'migration:webhook_secrets' where "signing_secret" is null and "active";`);
    this.addSql(`update "platform_subscription" set "active" = false, "updated_at" = now(), "updated_by" = 'migration:webhook_secrets' where "signing_secret" is null and "active";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partner_subscription" drop column "signing_secret";`);
    this.addSql(`alter table "platform_subscription" drop column "signing_secret";`);
  }
}
