import { ArrayType, Check, Entity, Enum, Index, ManyToOne, OneToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { IdentificationCase } from '../identification/identification.entity';
import { Household, Township } from '../registry/registry.entity';
import { HardshipCause } from '../registry/registry.enums';
import { EpisodeKind, RecheckOutcome, RecheckState } from './lifecycle.enums';

/**
 * A re-check of a household on the list (定期核查, R19): what the township did (the R9 methods), the
 * profile as checked, the eligibility recomputed under the policy in force that day with its trace,
 * the township's proposal, and county civil affairs' decision, which may open an episode.
 */
@Entity({ tableName: 'household_recheck' })
@Index({ name: 'household_recheck_township_idx', properties: ['township', 'state', 'id'] })
@Index({ name: 'household_recheck_household_idx', properties: ['household', 'checkedOn'] })
@Index({
  name: 'household_recheck_one_open_uniq',
  expression: `create unique index "household_recheck_one_open_uniq" on "household_recheck" ("household_id") where "state" = 'PROPOSED'`,
})
export class HouseholdRecheck extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => RecheckState })
  state: RecheckState & Opt = RecheckState.PROPOSED;

  /** The day the re-check was made (a paper file may be entered later). */
  @Property({ type: 'date' })
  checkedOn!: string;

  /** R9(a) methods used. */
  @Property({ type: ArrayType, default: '{}' })
  methods: string[] & Opt = [];

  @Property({ type: 'string', length: 2000 })
  findings!: string;

  /** The household and its members as checked (the eligibility snapshot's input). */
  @Property({ type: 'json' })
  profile!: Record<string, unknown>;

  /** assessEligibility's result with its trace, under the policy in force on `checkedOn`. */
  @Property({ type: 'json' })
  eligibility!: Record<string, unknown>;

  @Enum({ items: () => RecheckOutcome })
  proposal!: RecheckOutcome;

  @Property({ type: ArrayType, default: '{}' })
  proposedCategories: string[] & Opt = [];

  @Property({ type: ArrayType, default: '{}' })
  proposedCauses: string[] & Opt = [];

  @Enum({ items: () => HardshipCause, nullable: true })
  proposedPrimaryCause?: HardshipCause | null;

  @Property({ type: ArrayType, default: '{}' })
  proposedExitReasons: string[] & Opt = [];

  @Property({ type: 'string', length: 1000 })
  opinion!: string;

  @Property({ type: 'string', length: 120 })
  checkedBy!: string;

  @Enum({ items: () => RecheckOutcome, nullable: true })
  outcome?: RecheckOutcome | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  decisionReason?: string | null;

  /** EXIT: the first month the decision stops payments (first day of the month), before gradual exit. */
  @Property({ type: 'date', nullable: true })
  paymentsStopMonth?: string | null;

  /** The CHANGED or EXITED episode the decision opened (none for CONTINUE). */
  @OneToOne(() => HouseholdEpisode, { nullable: true, owner: true, unique: 'household_recheck_episode_uniq' })
  episode?: HouseholdEpisode | null;
}

/**
 * One episode of a household's time on the list (R19): opened by a decision (an identification
 * case's confirmation or a re-check's decision), linked to the one before. Insert-only: a
 * household's path through the list is never rewritten. The current episode is the latest by
 * (startedOn, id).
 */
@Entity({ tableName: 'household_episode' })
@Index({ name: 'household_episode_household_idx', properties: ['household', 'startedOn', 'id'] })
@Index({ name: 'household_episode_township_idx', properties: ['township', 'startedOn'] })
@Index({ name: 'household_episode_kind_idx', properties: ['kind', 'startedOn'] })
// An exit names its reasons and the month payments stop (rows made from older data excepted).
@Check({ name: 'household_episode_exit_check', expression: `"kind" <> 'EXITED' or ("payments_stop_from" is not null and ("backfilled" or cardinality("exit_reasons") > 0))` })
export class HouseholdEpisode {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Household)
  household!: Household;

  /** The household's township when the episode opened (scoping and the flow report without a join). */
  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => EpisodeKind })
  kind!: EpisodeKind;

  /** The county day it takes effect: the day of the decision that opened it. */
  @Property({ type: 'date' })
  startedOn!: string;

  @OneToOne(() => HouseholdEpisode, { nullable: true, owner: true, unique: 'household_episode_previous_uniq' })
  previousEpisode?: HouseholdEpisode | null;

  /** CONFIRMED and REENTERED: the case whose confirmation opened it. */
  @ManyToOne(() => IdentificationCase, { nullable: true })
  identificationCase?: IdentificationCase | null;

  /** CHANGED and EXITED: the re-check whose decision opened it. */
  @ManyToOne(() => HouseholdRecheck, { nullable: true })
  recheck?: HouseholdRecheck | null;

  /** R3–R6 categories as decided (EXITED: those it had when it left). */
  @Property({ type: ArrayType, default: '{}' })
  categories: string[] & Opt = [];

  @Property({ type: ArrayType, default: '{}' })
  causes: string[] & Opt = [];

  @Enum({ items: () => HardshipCause, nullable: true })
  primaryCause?: HardshipCause | null;

  /** EXITED: ExitReason values, at least one (rows the migration backfilled may have none). */
  @Property({ type: ArrayType, default: '{}' })
  exitReasons: string[] & Opt = [];

  /** EXITED: first day of the first month not paid (the decision's stop month + gradual exit). */
  @Property({ type: 'date', nullable: true })
  paymentsStopFrom?: string | null;

  /** EXITED: GRADUAL_EXIT_MONTHS in force on the decision day. */
  @Property({ type: 'smallint', nullable: true })
  gradualExitMonths?: number | null;

  @Property({ type: 'date' })
  decidedOn!: string;

  @Property({ type: 'string', length: 120 })
  decidedBy!: string;

  /** Made by the migration (or the demo seed) from data filed before episodes existed. */
  @Property({ type: 'boolean', default: false })
  backfilled: boolean & Opt = false;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  createdBy!: string;
}

/**
 * Every change of a household or a member (R19 "every change is kept"), written only by triggers
 * on `household` and `person` (migration Migration20261202051000_lifecycle), so every writer —
 * services, imports, seeds, raw SQL — leaves its row. `row` is the row after the change; `changed`
 * the old values of the columns that changed (null for an insert). `at` is the row's `updated_at`
 * (the writer's clock, as the services set it), `actor` its `updated_by` unless the transaction
 * set `app.actor`. Insert-only.
 */
@Entity({ tableName: 'record_history' })
@Index({ name: 'record_history_household_idx', properties: ['householdId', 'at', 'id'] })
@Index({ name: 'record_history_row_idx', properties: ['tableName', 'rowId', 'at'] })
export class RecordHistory {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** household or person. */
  @Property({ type: 'string', length: 30 })
  tableName!: string;

  @Property({ type: 'bigint' })
  rowId!: string;

  @Property({ type: 'bigint' })
  householdId!: string;

  /** INSERT, UPDATE, DELETE or BASELINE (rows present when history began). */
  @Property({ type: 'string', length: 10 })
  op!: string;

  @Property({ type: 'jsonb', nullable: true })
  changed?: Record<string, unknown> | null;

  @Property({ type: 'jsonb' })
  row!: Record<string, unknown>;

  @Property({ type: 'string', length: 120 })
  actor!: string;

  @Property({ type: 'timestamptz', length: 3 })
  at!: Date;
}
