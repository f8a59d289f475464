import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { Household, Person, Township } from '../registry/registry.entity';
import { Delivery } from '../measures/measures.entity';
import { FundAllocation } from '../funds/funds.entity';
import { FactKind, ReliefEventKind, ReliefStatus, WarningResult, WarningStatus } from './monitoring.enums';

/** A warning rule held as data (R19): its code, the days a township has to handle it, what it means. */
@Entity({ tableName: 'warning_rule' })
export class WarningRule {
  @PrimaryKey({ type: 'string', length: 40 })
  code!: string;

  @Property({ type: 'smallint' })
  deadlineDays!: number;

  @Property({ type: 'string', length: 200 })
  descriptionZh!: string;

  @Property({ type: 'string', length: 300 })
  descriptionEn!: string;

  @Property({ type: 'boolean' })
  active: boolean & Opt = true;
}

/** A fact a department reported about a person it may see (insert-only). */
@Entity({ tableName: 'department_fact' })
@Index({ name: 'department_fact_department_idx', properties: ['department', 'id'] })
@Index({ name: 'department_fact_household_idx', properties: ['household'] })
export class DepartmentFact {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => FactKind })
  kind!: FactKind;

  @Property({ type: 'string', length: 40 })
  department!: string;

  @ManyToOne(() => Person)
  person!: Person;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Property({ type: 'date' })
  occurredOn!: string;

  @Property({ type: 'integer', nullable: true })
  monthlyWages?: number | null;

  @Property({ type: 'integer', nullable: true })
  outOfPocket?: number | null;

  @Property({ type: 'smallint', nullable: true })
  disabilityGrade?: number | null;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;

  @Property({ type: 'string', length: 120 })
  reportedBy!: string;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  reportedAt: Date & Opt = new Date();
}

/**
 * A warning routed to the household's township with a deadline. `subjectKey` names the occurrence
 * (`person:7:age:18`, `fact:12`, `plan_item:3:due:2026-05-01`, …): one warning per rule and
 * occurrence, ever, so the daily job and the event consumers may raise it any number of times.
 */
@Entity({ tableName: 'warning' })
@Unique({ name: 'warning_rule_subject_uniq', properties: ['rule', 'subjectKey'] })
@Index({ name: 'warning_township_idx', properties: ['township', 'status', 'dueOn', 'id'] })
@Index({ name: 'warning_status_idx', properties: ['status', 'dueOn', 'id'] })
@Index({ name: 'warning_rule_idx', properties: ['rule', 'status', 'id'] })
@Index({ name: 'warning_household_idx', properties: ['household'] })
export class Warning extends AuditedEntity {
  @ManyToOne(() => WarningRule, { fieldName: 'rule_code' })
  rule!: WarningRule;

  @Property({ type: 'string', length: 120 })
  subjectKey!: string;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @ManyToOne(() => Person, { nullable: true })
  person?: Person | null;

  @ManyToOne(() => DepartmentFact, { nullable: true })
  fact?: DepartmentFact | null;

  /** What raised it (figures, the line crossed), for the township. */
  @Property({ type: 'json' })
  detail!: Record<string, unknown>;

  @Property({ type: 'date' })
  raisedOn!: string;

  @Property({ type: 'date' })
  dueOn!: string;

  @Enum({ items: () => WarningStatus })
  status: WarningStatus & Opt = WarningStatus.OPEN;

  @Enum({ items: () => WarningResult, nullable: true })
  result?: WarningResult | null;

  @Property({ type: 'string', length: 500, nullable: true })
  reason?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  handledBy?: string | null;

  @Property({ type: 'date', nullable: true })
  handledOn?: string | null;
}

/** R17 temporary / disaster relief: the township applies, civil affairs decides and pays. */
@Entity({ tableName: 'temporary_relief' })
@Index({ name: 'temporary_relief_township_idx', properties: ['township', 'status', 'id'] })
@Index({ name: 'temporary_relief_household_idx', properties: ['household'] })
export class TemporaryRelief extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => ReliefEventKind })
  eventKind!: ReliefEventKind;

  @Property({ type: 'date' })
  eventOn!: string;

  @Property({ type: 'date' })
  appliedOn!: string;

  @Property({ type: 'integer' })
  requestedAmount!: number;

  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Enum({ items: () => ReliefStatus })
  status: ReliefStatus & Opt = ReliefStatus.APPLIED;

  @Property({ type: 'integer', nullable: true })
  grantedAmount?: number | null;

  @Property({ type: 'string', length: 500, nullable: true })
  decisionReason?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @ManyToOne(() => FundAllocation, { nullable: true })
  allocation?: FundAllocation | null;

  @ManyToOne(() => Delivery, { nullable: true })
  delivery?: Delivery | null;
}

/** One row per county day the daily monitoring job ran (its window starts at the previous one). */
@Entity({ tableName: 'monitoring_run' })
export class MonitoringRun {
  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'timestamptz', length: 3 })
  finishedAt!: Date;

  @Property({ type: 'json' })
  stats!: Record<string, unknown>;
}
