import { Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { Household, Person, Township } from '../registry/registry.entity';
import { PlanItemStatus } from './measures.enums';

/**
 * One item of a household's plan (一户一策): proposed from the profile and the policy, then
 * accepted, adjusted (with a reason) or declined by the owning department. The department and
 * township are kept on the row for scoping and overdue lists without joins.
 */
@Entity({ tableName: 'plan_item' })
@Index({ name: 'plan_item_department_idx', properties: ['department', 'status', 'dueOn'] })
@Index({ name: 'plan_item_township_idx', properties: ['township', 'department', 'status'] })
@Index({ name: 'plan_item_household_idx', properties: ['household'] })
@Index({ name: 'plan_item_measure_idx', properties: ['measure', 'status', 'id'] })
@Index({ name: 'plan_item_item_idx', properties: ['item', 'status', 'id'] })
@Index({
  name: 'plan_item_open_uniq',
  expression: `create unique index "plan_item_open_uniq" on "plan_item" ("household_id", "item", coalesce("person_id", 0)) where "status" not in ('DECLINED', 'WITHDRAWN')`,
})
export class PlanItem extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @ManyToOne(() => Person, { nullable: true })
  person?: Person | null;

  @Property({ type: 'string', length: 40 })
  item!: string;

  @Property({ type: 'string', length: 30 })
  measure!: string;

  @Property({ type: 'string', length: 40 })
  department!: string;

  @Enum({ items: () => PlanItemStatus })
  status: PlanItemStatus & Opt = PlanItemStatus.PROPOSED;

  /** Proposed amount per period, fen (money items; null when the department sets it). */
  @Property({ type: 'integer', nullable: true })
  proposedAmount?: number | null;

  /** Agreed amount per period, fen, once accepted or adjusted. */
  @Property({ type: 'integer', nullable: true })
  amount?: number | null;

  @Property({ type: 'smallint' })
  requiredDeliveries: number & Opt = 1;

  /** The calculator's trace or the rule that proposed the item. */
  @Property({ type: 'json' })
  basis!: Record<string, unknown>;

  @Property({ type: 'string', length: 500, nullable: true })
  decisionReason?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  /** Required deliveries are due by this day (decision day + MEASURE_DUE_DAYS). */
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;
}

/** Something delivered for a plan item: a visit, a training attended, a grant paid, a device fitted. */
@Entity({ tableName: 'delivery' })
@Index({ properties: ['planItem'] })
export class Delivery {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => PlanItem)
  planItem!: PlanItem;

  @Property({ type: 'date' })
  deliveredOn!: string;

  @Property({ type: 'string', length: 500 })
  note!: string;

  /** Money paid with this delivery, fen (its disbursement draws on a fund allocation). */
  @Property({ type: 'integer', nullable: true })
  amount?: number | null;

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();
}
