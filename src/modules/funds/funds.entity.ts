import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { Household, Township } from '../registry/registry.entity';
import { Delivery, PlanItem } from '../measures/measures.entity';
import { FundKind } from './funds.enums';

/** Where money comes from (R20): county finance, a department's special fund, donations. */
@Entity({ tableName: 'fund_source' })
export class FundSource extends AuditedEntity {
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => FundKind })
  kind!: FundKind;
}

/**
 * Money of a source set aside for one measure in one year. `disbursed` is kept by a conditional
 * UPDATE (`disbursed + x <= amount`), so concurrent disbursements can never overdraw it.
 */
@Entity({ tableName: 'fund_allocation' })
@Index({ properties: ['measure', 'year'] })
@Index({ properties: ['source'] })
export class FundAllocation extends AuditedEntity {
  @ManyToOne(() => FundSource)
  source!: FundSource;

  @Property({ type: 'string', length: 30 })
  measure!: string;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'bigint' })
  amount!: string;

  @Property({ type: 'bigint' })
  disbursed: string & Opt = '0';
}

/** Money that left an allocation for one delivery; one delivery is paid at most once. */
@Entity({ tableName: 'disbursement' })
@Index({ properties: ['allocation'] })
export class Disbursement {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => FundAllocation)
  allocation!: FundAllocation;

  @ManyToOne(() => Delivery, { unique: true })
  delivery!: Delivery;

  @Property({ type: 'integer' })
  amount!: number;

  @Property({ type: 'date' })
  paidOn!: string;

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();
}

/** A township's monthly allowance payment run: one per township and month. */
@Entity({ tableName: 'allowance_run' })
@Unique({ name: 'allowance_run_township_month_uniq', properties: ['township', 'month'] })
export class AllowanceRun {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Township)
  township!: Township;

  /** YYYY-MM in the county calendar. */
  @Property({ type: 'string', length: 7 })
  month!: string;

  @ManyToOne(() => FundAllocation)
  allocation!: FundAllocation;

  @Property({ type: 'integer' })
  households!: number;

  @Property({ type: 'bigint' })
  total!: string;

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** One household on a run's payment roster. */
@Entity({ tableName: 'allowance_run_line' })
@Index({ properties: ['run'] })
export class AllowanceRunLine {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => AllowanceRun)
  run!: AllowanceRun;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => PlanItem)
  planItem!: PlanItem;

  @ManyToOne(() => Delivery)
  delivery!: Delivery;

  /** What the roster prints, frozen at the run: head's name and household size. */
  @Property({ type: 'string', length: 50 })
  headName!: string;

  @Property({ type: 'smallint' })
  householdSize!: number;

  @Property({ type: 'integer' })
  amount!: number;
}
