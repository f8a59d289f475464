import { Migration } from '@mikro-orm/migrations';

/**
 * The tables every supervision scorecard figure is computed from (the figure registry's source-row
 * SQL, the re-check due rule it shares with lifecycle, sign-offs for frozen figures, the township
 * list, the department scorecard's allocations). test/modules/supervision/scorecard-results.e2e.test.ts
 * checks this list against the relations in the scorecards' plans: a figure reading a new table
 * needs a new migration adding it here.
 */
const SOURCES = [
  'township', 'household', 'person', 'household_episode', 'household_recheck', 'policy_parameter', 'identification_case', 'public_notice',
  'notice_objection', 'plan_item', 'delivery', 'disbursement', 'fund_allocation', 'allowance_run', 'pairing', 'pairing_household',
  'pairing_ledger_entry', 'need', 'donation_match', 'warning', 'supervision_check', 'supervision_check_household', 'assessment_sign_off',
];

/**
 * Issue 10: supervision's scorecards (township, department, trend) kept per (periods with their
 * as-of day, figures) and served while PROVABLY CURRENT, exactly the figures a fresh computation
 * would give:
 * - `scorecard_change`: every statement writing a source table appends its transaction's id (one
 *   row per writing transaction, `on conflict do nothing`: writers never touch each other's rows).
 * - `scorecard_result`: a computed scorecard with the snapshot of the statement that computed it
 *   (`pg_current_snapshot()`) and the id of the transaction that stored it.
 * A result is current iff no change row is visible whose transaction that snapshot could not see
 * (`pg_visible_in_snapshot`), nor one of the storing transaction itself (it may have written after
 * computing). Such rows all have ids >= the snapshot's xmin: one range scan of the primary key.
 * Change rows older than every stored result's xmin and the current one can never matter again and
 * are pruned, with the results no longer current, every ten minutes (`pruneScorecardResults`,
 * supervision.reader.ts, run by src/main.ts).
 */
export class Migration20261202103000_scorecard_results extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "scorecard_change" ("xid" xid8 not null, "changed_at" timestamptz not null default now(), constraint "scorecard_change_pkey" primary key ("xid"));`);
    this.addSql(`create table "scorecard_result" ("key" text not null, "snapshot" pg_snapshot not null, "writer_xid" xid8 not null, "value" jsonb not null,
      "computed_at" timestamptz not null default now(), constraint "scorecard_result_pkey" primary key ("key"));`);
    this.addSql(`create function scorecard_source_changed() returns trigger language plpgsql as $$
      begin insert into scorecard_change (xid) values (pg_current_xact_id()) on conflict do nothing; return null; end $$;`);
    for (const t of SOURCES) {
      this.addSql(`create trigger scorecard_change after insert or update or delete or truncate on "${t}" for each statement execute function scorecard_source_changed();`);
    }
  }

  override async down(): Promise<void> {
    for (const t of SOURCES) this.addSql(`drop trigger scorecard_change on "${t}";`);
    this.addSql(`drop function scorecard_source_changed();`);
    this.addSql(`drop table "scorecard_result"; drop table "scorecard_change";`);
  }

}
