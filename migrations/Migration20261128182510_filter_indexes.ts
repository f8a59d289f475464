import { Migration } from '@mikro-orm/migrations';

export class Migration20261128182510_filter_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "audit_event_actor_idx" on "audit_event" ("actor", "id");`);
    this.addSql(`create index "audit_event_action_idx" on "audit_event" ("action", "id");`);

    this.addSql(`create index "plan_item_item_idx" on "plan_item" ("item", "status", "id");`);
    this.addSql(`create index "plan_item_measure_idx" on "plan_item" ("measure", "status", "id");`);

    this.addSql(`create index "identification_case_state_idx" on "identification_case" ("state", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_event_actor_idx";`);
    this.addSql(`drop index "audit_event_action_idx";`);

    this.addSql(`drop index "identification_case_state_idx";`);

    this.addSql(`drop index "plan_item_item_idx";`);
    this.addSql(`drop index "plan_item_measure_idx";`);
  }

}
