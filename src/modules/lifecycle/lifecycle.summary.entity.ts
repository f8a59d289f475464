import { ArrayType, Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/*
 * Summary tables of dynamic management (issue 10) that `householdStatistics(asOf:)` and
 * `householdFlowReport` read instead of scanning episodes and history, so they cost
 * O(townships × days) whatever the county's size. Kept only by the statement-level triggers on
 * household_episode and record_history (migration Migration20261202111000_lifecycle_summaries,
 * which says how); never written by the application. Declared here so the schema check knows them.
 */

/** A household's state as the statistics see it, from `fromDay` until `toDay` (excluded; null: open). */
@Entity({ tableName: 'lifecycle_household_step' })
export class LifecycleHouseholdStep {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  householdId!: string;

  @PrimaryKey({ type: 'date' })
  fromDay!: string;

  @Property({ type: 'date', nullable: true })
  toDay?: string | null;

  @Property({ type: 'bigint' })
  townshipId!: string;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'integer' })
  memberCount!: number;

  @Property({ type: ArrayType })
  categories!: string[];

  @Property({ type: ArrayType })
  causes!: string[];
}

/** The change in households and persons of a township and status on a day. */
@Entity({ tableName: 'lifecycle_status_day' })
@Index({ name: 'lifecycle_status_day_day_idx', properties: ['day'] })
export class LifecycleStatusDay {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;

  @Property({ type: 'bigint', default: 0 })
  persons!: string;
}

/** The same change over a month (`month` its first day). */
@Entity({ tableName: 'lifecycle_status_month' })
export class LifecycleStatusMonth {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;

  @Property({ type: 'bigint', default: 0 })
  persons!: string;
}

/** The change in households on the list holding a category or cause (`kind`), on a day. */
@Entity({ tableName: 'lifecycle_label_day' })
@Index({ name: 'lifecycle_label_day_day_idx', properties: ['day'] })
export class LifecycleLabelDay {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'text' })
  kind!: string;

  @PrimaryKey({ type: 'text' })
  label!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;
}

/** The same change over a month. */
@Entity({ tableName: 'lifecycle_label_month' })
export class LifecycleLabelMonth {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  kind!: string;

  @PrimaryKey({ type: 'text' })
  label!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;
}

/** Episodes begun in a township and month, by kind (entries, re-entries, exits). */
@Entity({ tableName: 'lifecycle_flow_month' })
export class LifecycleFlowMonth {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  kind!: string;

  @Property({ type: 'bigint', default: 0 })
  episodes!: string;
}

/** Exits of a township and month by reason. */
@Entity({ tableName: 'lifecycle_exit_reason_month' })
export class LifecycleExitReasonMonth {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @PrimaryKey({ type: 'text' })
  reason!: string;

  @Property({ type: 'bigint', default: 0 })
  exits!: string;
}

/*
 * The re-check queue's due days (issue 10; Migration20261202140000_recheck_due says how they are
 * kept): computed by lifecycle.recheck-due.ts from the one due rule, marked stale by triggers.
 */

/** A household's re-check due day as of `computedOn` (null due day: not on the list that day). */
@Entity({ tableName: 'recheck_due' })
@Index({ name: 'recheck_due_township_idx', expression: 'create index "recheck_due_township_idx" on "recheck_due" ("township_id", "due_on", "household_id") where due_on is not null' })
@Index({ name: 'recheck_due_due_idx', expression: 'create index "recheck_due_due_idx" on "recheck_due" ("due_on", "household_id") where due_on is not null' })
@Index({ name: 'recheck_due_valid_until_idx', expression: 'create index "recheck_due_valid_until_idx" on "recheck_due" ("valid_until") where valid_until is not null' })
@Index({ name: 'recheck_due_computed_on_idx', properties: ['computedOn'] })
export class RecheckDue {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  householdId!: string;

  @Property({ type: 'bigint' })
  townshipId!: string;

  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  onListSince?: string | null;

  @Property({ type: 'date', nullable: true })
  lastCheckedOn?: string | null;

  @Property({ type: 'integer', nullable: true })
  cadenceMonths?: number | null;

  @Property({ type: 'date' })
  computedOn!: string;

  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;
}

/** Households of a township whose re-check falls due on a day (the queue's totalCount). */
@Entity({ tableName: 'recheck_due_day' })
export class RecheckDueDay {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;
}

/** A household whose due day a write may have changed; `mark` numbers the marking. */
@Entity({ tableName: 'recheck_due_stale' })
export class RecheckDueStale {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  householdId!: string;

  @Property({ type: 'bigint' })
  mark!: string;
}

/** The policy numbers the due days were computed under (one row). */
@Entity({ tableName: 'recheck_due_state' })
@Check({ name: 'recheck_due_state_single', expression: 'id = 1' })
export class RecheckDueState {
  @PrimaryKey({ type: 'smallint', autoincrement: false, default: 1 })
  id!: number;

  @Property({ type: 'text' })
  policy!: string;

  @Property({ type: 'timestamptz', length: 3 })
  computedAt!: Date;
}
