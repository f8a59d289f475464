import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One value of a policy parameter from its effective date on. Insert-only (a trigger refuses
 * UPDATE and DELETE): a change is a new row with a later date, so history is never rewritten and
 * any past decision can be recomputed with the values it used.
 */
@Entity({ tableName: 'policy_parameter' })
@Unique({ name: 'policy_parameter_key_date_uniq', properties: ['key', 'effectiveFrom'] })
@Index({ name: 'policy_parameter_effective_idx', properties: ['effectiveFrom'] })
export class PolicyParameter {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 60 })
  key!: string;

  @Property({ type: 'decimal', precision: 18, scale: 6, runtimeType: 'number' })
  value!: number;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'string', length: 120 })
  setBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  setAt!: Date;

  @Property({ type: 'string', length: 200 })
  reason!: string;
}
