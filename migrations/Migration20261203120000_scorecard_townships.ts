import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: kept township scorecards per TOWNSHIP AND FIGURE, so a write makes stale only the
 * figures that read the table it wrote, of the townships whose figures its rows can change, and the
 * next read computes those alone (before: any write to any of the 23 source tables made every kept
 * scorecard stale, and the next read computed every figure of the whole county).
 *
 * - `scorecard_change` gains `township_id` and `source`: a writing statement appends (township,
 *   table, its transaction) for every township whose figures the rows it wrote can change (its
 *   transition tables, old and new rows), or township 0 = every township (the township list, policy
 *   numbers, allocations, TRUNCATE, a household that cannot be found). A statement that changes no
 *   row appends nothing.
 * - `scorecard_cell`: one figure of one township of a kept scorecard (key as in `scorecard_result`),
 *   with the tables it was computed from (`reads`, the figure registry's) and the snapshot that
 *   computed it; current while no change row of that township or of 0, of one of those tables, is
 *   visible that the snapshot could not see (supervision.reader.ts). `scorecard_result` keeps the
 *   department scorecard, stale on any change as before.
 *
 * Which townships a row can change, by table (the figure registry, supervision.figures.ts, reads a
 * row's township from its own `township_id`, its plan item's, its notice's, its check's, or its
 * household's; a household's records are its township's unless it moved, so a row keyed by a
 * household marks the household's township AND the townships of its re-checks, which keep the
 * township they were recorded in): see TOWNSHIPS below.
 * test/modules/supervision/scorecard-results.e2e.test.ts writes into every table and compares each
 * answer with a fresh computation of every township.
 */
const SOURCES_OF_EVERY_TOWNSHIP = ['township', 'policy_parameter', 'fund_allocation'];

/** The households' townships: current, of their re-checks, and 0 for a household not found. */
const HOUSEHOLDS = (ids: string) => `unnest(scorecard_household_townships(array(${ids})))`;

/** For each table: a SELECT of the township ids its rows `R` (a transition table) can change. */
const TOWNSHIPS: Record<string, (r: string) => string> = {
  household: (r) => `select x.township_id from ${r} x`,
  person: (r) => `select ${HOUSEHOLDS(`select x.household_id from ${r} x`)}`,
  household_episode: (r) => `select x.township_id from ${r} x union all select ${HOUSEHOLDS(`select x.household_id from ${r} x`)}`,
  household_recheck: (r) => `select x.township_id from ${r} x union all select ${HOUSEHOLDS(`select x.household_id from ${r} x`)}`,
  identification_case: (r) => `select x.township_id from ${r} x union all select pn.township_id from public_notice pn where pn.identification_case_id in (select x.id from ${r} x)`,
  public_notice: (r) => `select x.township_id from ${r} x`,
  notice_objection: (r) => `select pn.township_id from public_notice pn where pn.id in (select x.notice_id from ${r} x)`,
  plan_item: (r) => `select x.township_id from ${r} x union all select ${HOUSEHOLDS(`select x.household_id from ${r} x`)}`,
  delivery: (r) => `select pi.township_id from plan_item pi where pi.id in (select x.plan_item_id from ${r} x)
    union all select ${HOUSEHOLDS(`select pi.household_id from plan_item pi where pi.id in (select x.plan_item_id from ${r} x)`)}`,
  disbursement: (r) => `select pi.township_id from plan_item pi where pi.id in (select d.plan_item_id from delivery d where d.id in (select x.delivery_id from ${r} x))
    union all select ${HOUSEHOLDS(`select pi.household_id from plan_item pi where pi.id in (select d.plan_item_id from delivery d where d.id in (select x.delivery_id from ${r} x))`)}`,
  allowance_run: (r) => `select x.township_id from ${r} x`,
  pairing: (r) => `select ${HOUSEHOLDS(`select ph.household_id from pairing_household ph where ph.pairing_id in (select x.id from ${r} x)`)}`,
  pairing_household: (r) => `select ${HOUSEHOLDS(`select x.household_id from ${r} x`)}`,
  pairing_ledger_entry: (r) => `select x.township_id from ${r} x`,
  need: (r) => `select x.township_id from ${r} x`,
  donation_match: (r) => `select x.township_id from ${r} x`,
  warning: (r) => `select x.township_id from ${r} x`,
  supervision_check: (r) => `select x.township_id from ${r} x`,
  supervision_check_household: (r) => `select sc.township_id from supervision_check sc where sc.id in (select x.check_id from ${r} x)`,
  assessment_sign_off: (r) => `select x.township_id from ${r} x`,
};
for (const t of SOURCES_OF_EVERY_TOWNSHIP) TOWNSHIPS[t] = (r) => `select 0::bigint where exists (select 1 from ${r})`;

const SHAPES = {
  new: { referencing: 'new table as new_rows', event: 'insert', sql: (f: (r: string) => string) => f('new_rows') },
  old: { referencing: 'old table as old_rows', event: 'delete', sql: (f: (r: string) => string) => f('old_rows') },
  both: { referencing: 'old table as old_rows new table as new_rows', event: 'update', sql: (f: (r: string) => string) => `(${f('new_rows')}) union all (${f('old_rows')})` },
};

export class Migration20261203120000_scorecard_townships extends Migration {

  override async up(): Promise<void> {
    // The old statement triggers mark every township; kept results and changes start afresh.
    for (const t of Object.keys(TOWNSHIPS)) this.addSql(`drop trigger scorecard_change on "${t}";`);
    this.addSql(`drop function scorecard_source_changed();`);
    this.addSql(`truncate table "scorecard_change", "scorecard_result";`);
    this.addSql(`alter table "scorecard_change" drop constraint "scorecard_change_pkey";`);
    this.addSql(`alter table "scorecard_change" add column "township_id" bigint not null, add column "source" text not null;`);
    this.addSql(`alter table "scorecard_change" add constraint "scorecard_change_pkey" primary key ("township_id", "source", "xid");`);
    // The department scorecard (and pruning) look for a change of any township.
    this.addSql(`create index "scorecard_change_xid_idx" on "scorecard_change" ("xid");`);
    this.addSql(`create table "scorecard_cell" ("key" text not null, "township_id" bigint not null, "figure" text not null, "reads" text[] not null,
      "snapshot" pg_snapshot not null, "writer_xid" xid8 not null, "value" jsonb not null, "computed_at" timestamptz not null default now(),
      constraint "scorecard_cell_pkey" primary key ("key", "township_id", "figure"));`);

    this.addSql(`create function scorecard_household_townships(p_households bigint[]) returns bigint[] language sql stable as $$
      with k as (select distinct x from unnest(p_households) x where x is not null)
      select coalesce(array_agg(distinct t), '{}') from (
        select h.township_id as t from k join household h on h.id = k.x
        union all select r.township_id from k join household_recheck r on r.household_id = k.x
        union all select 0 from k where not exists (select 1 from household h where h.id = k.x)) s
    $$;`);
    this.addSql(`create function scorecard_mark(p_townships bigint[], p_source text) returns void language sql as $$
      insert into scorecard_change (township_id, source, xid)
      select t, p_source, pg_current_xact_id() from (select distinct t from unnest(p_townships) t where t is not null order by 1) u
      on conflict do nothing;
    $$;`);
    // TRUNCATE has no transition tables: every township.
    this.addSql(`create function scorecard_on_truncate() returns trigger language plpgsql as $$
      begin perform scorecard_mark(array[0::bigint], TG_TABLE_NAME); return null; end $$;`);
    for (const [table, townships] of Object.entries(TOWNSHIPS)) {
      for (const [shape, s] of Object.entries(SHAPES)) {
        this.addSql(`create function scorecard_on_${table}_${shape}() returns trigger language plpgsql as $$
          begin perform scorecard_mark(array(${s.sql(townships)}), TG_TABLE_NAME); return null; end $$;`);
        this.addSql(`create trigger scorecard_change_${s.event} after ${s.event} on "${table}" referencing ${s.referencing} for each statement execute function scorecard_on_${table}_${shape}();`);
      }
      this.addSql(`create trigger scorecard_change_truncate after truncate on "${table}" for each statement execute function scorecard_on_truncate();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of Object.keys(TOWNSHIPS)) {
      for (const [shape, s] of Object.entries(SHAPES)) {
        this.addSql(`drop trigger scorecard_change_${s.event} on "${table}";`);
        this.addSql(`drop function scorecard_on_${table}_${shape}();`);
      }
      this.addSql(`drop trigger scorecard_change_truncate on "${table}";`);
    }
    this.addSql(`drop function scorecard_on_truncate(); drop function scorecard_mark(bigint[], text); drop function scorecard_household_townships(bigint[]);`);
    this.addSql(`drop table "scorecard_cell";`);
    this.addSql(`truncate table "scorecard_change", "scorecard_result";`);
    this.addSql(`drop index "scorecard_change_xid_idx"; alter table "scorecard_change" drop constraint "scorecard_change_pkey";`);
    this.addSql(`alter table "scorecard_change" drop column "township_id", drop column "source"; alter table "scorecard_change" add constraint "scorecard_change_pkey" primary key ("xid");`);
    this.addSql(`create function scorecard_source_changed() returns trigger language plpgsql as $$
      begin insert into scorecard_change (xid) values (pg_current_xact_id()) on conflict do nothing; return null; end $$;`);
    for (const t of Object.keys(TOWNSHIPS)) {
      this.addSql(`create trigger scorecard_change after insert or update or delete or truncate on "${t}" for each statement execute function scorecard_source_changed();`);
    }
  }

}
