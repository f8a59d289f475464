import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { Household, Township } from '../registry/registry.entity';
import { CheckKind, CheckResult, SignOffState } from './supervision.enums';

/**
 * A random (抽查) or regular check of one township (R22): the households drawn, with the seed and
 * the population the draw was made from, so anyone can re-do it and get the same households
 * (order by md5(seed || ':' || household id), first `sampleSize`).
 */
@Entity({ tableName: 'supervision_check' })
@Index({ properties: ['township'] })
export class SupervisionCheck {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => CheckKind })
  kind!: CheckKind;

  @ManyToOne(() => Township)
  township!: Township;

  /** The seed of the draw (hex), recorded so the draw can be verified. */
  @Property({ type: 'string', length: 64 })
  seed!: string;

  @Property({ type: 'integer' })
  sampleSize!: number;

  /** The households the draw chose from (ids as strings, ascending): households on the list that day. */
  @Property({ type: 'json' })
  population!: string[];

  @Property({ type: 'date' })
  drawnOn!: string;

  /** Regular checks: the day the inspection is due (the schedule). */
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** One household drawn for a check, with the inspector's findings (the checklist) once recorded. */
@Entity({ tableName: 'supervision_check_household' })
@Unique({ name: 'supervision_check_household_uniq', properties: ['check', 'household'] })
@Index({ name: 'supervision_check_household_inspected_idx', properties: ['inspectedOn'] })
export class SupervisionCheckHousehold {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => SupervisionCheck)
  check!: SupervisionCheck;

  @ManyToOne(() => Household)
  household!: Household;

  /** Place in the draw (1 = first drawn). */
  @Property({ type: 'smallint' })
  position!: number;

  @Property({ version: true, type: 'integer' })
  version: number & Opt = 1;

  @Property({ type: 'boolean', nullable: true })
  identityMatches?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  incomeAsRecorded?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  measuresDelivered?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  noticesPosted?: boolean | null;

  @Enum({ items: () => CheckResult, nullable: true })
  result?: CheckResult | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  note?: string | null;

  @Property({ type: 'date', nullable: true })
  inspectedOn?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  inspectedBy?: string | null;
}

/**
 * A township's assessment of a period: submitted by the township with the figures as computed
 * then, approved (frozen: the scorecard shows these figures from then on) or returned by civil
 * affairs. One per township and period.
 */
@Entity({ tableName: 'assessment_sign_off' })
@Unique({ name: 'assessment_sign_off_uniq', properties: ['township', 'period'] })
export class AssessmentSignOff extends AuditedEntity {
  @ManyToOne(() => Township)
  township!: Township;

  /** `2026`, `2026-Q4` or `2026-11`. */
  @Property({ type: 'string', length: 7 })
  period!: string;

  @Enum({ items: () => SignOffState })
  state!: SignOffState;

  /** Figure code → { value, base } as submitted. */
  @Property({ type: 'json' })
  figures!: Record<string, { value: number; base: number | null }>;

  /** When the submitted figures were computed. */
  @Property({ type: 'timestamptz' })
  computedAt!: Date;

  @Property({ type: 'string', length: 120 })
  submittedBy!: string;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  decisionReason?: string | null;

  /** Set at approval: the figures are frozen from this instant. */
  @Property({ type: 'timestamptz', nullable: true })
  frozenAt?: Date | null;
}

/**
 * One row per (township, table, transaction) that wrote a table a scorecard figure is computed
 * from, for each township whose figures the written rows can change (0: every township). Kept by
 * statement triggers (migrations Migration20261202103000_scorecard_results,
 * Migration20261203120000_scorecard_townships); never written by the application except by pruning
 * rows no kept result can need any more.
 */
@Entity({ tableName: 'scorecard_change' })
@Index({ name: 'scorecard_change_xid_idx', properties: ['xid'] })
export class ScorecardChange {
  /** The township whose figures may have changed; 0 = every township. */
  @PrimaryKey({ type: 'string', columnType: 'bigint', autoincrement: false })
  townshipId!: string;

  /** The table written. */
  @PrimaryKey({ type: 'text' })
  source!: string;

  /** The writing transaction (pg_current_xact_id()). */
  @PrimaryKey({ type: 'string', columnType: 'xid8', autoincrement: false })
  xid!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  changedAt!: Date & Opt;
}

/**
 * What every kept computation carries: the snapshot it was computed under and the transaction that
 * stored it (what the currency checks of supervision.reader.ts compare change rows with), its value.
 */
abstract class KeptComputation {
  /** pg_current_snapshot() of the computing statement. */
  @Property({ type: 'string', columnType: 'pg_snapshot' })
  snapshot!: string;

  /** The transaction that stored it: any change it made (before or after computing) makes it stale. */
  @Property({ type: 'string', columnType: 'xid8' })
  writerXid!: string;

  @Property({ type: 'json' })
  value!: unknown;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  computedAt!: Date & Opt;
}

/**
 * One figure of one township of a kept township scorecard or trend (key as in ScorecardResult),
 * with the tables it is computed from: served while no change row of this township (or of 0) and
 * one of those tables exists that its snapshot could not see (supervision.reader.ts), so a write
 * recomputes only the figures that read what it wrote, of its townships. `value`: the figure of
 * each period, unranked, [{period_key, value, base, frozen_at}].
 */
@Entity({ tableName: 'scorecard_cell' })
export class ScorecardCell extends KeptComputation {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @PrimaryKey({ type: 'string', columnType: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'text' })
  figure!: string;

  /** The tables the figure (with its base, and sign-offs when frozen) is computed from. */
  @Property({ type: 'array', columnType: 'text[]' })
  reads!: string[];
}

/**
 * The department scorecard of a period, computed for the whole county, with the snapshot it was
 * computed under: served only while no change row of a table it reads exists that this snapshot
 * could not see (supervision.reader.ts), so it is always exactly what a fresh computation gives.
 */
@Entity({ tableName: 'scorecard_result' })
export class ScorecardResult extends KeptComputation {
  /** What was computed: kind, periods with their as-of days, the figures. */
  @PrimaryKey({ type: 'text' })
  key!: string;
}
