import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Counters of the registry per township and status (issue 10): what `householdStatistics` and the
 * household lists' `totalCount` read instead of scanning `household`, so they cost O(townships)
 * whatever the county's size. Maintained only by the statement-level triggers on `household`
 * (migration Migration20261202050000_household_tally, function household_tally_add): every writer —
 * services, imports, seeds, other modules' raw SQL — keeps them right in its own transaction.
 * Never written by the application. A row may count 0 (kept); readers skip those.
 */
@Entity({ tableName: 'household_tally' })
export class HouseholdTally {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  /** Households of the township in that status. */
  @Property({ type: 'bigint', default: 0 })
  households!: string;

  /** Sum of their member_count. */
  @Property({ type: 'bigint', default: 0 })
  persons!: string;
}

/**
 * Households of a township and status whose `categories` (kind CATEGORY) or `causes` (kind CAUSE)
 * hold `label`; maintained by the same triggers as HouseholdTally.
 */
@Entity({ tableName: 'household_label_tally' })
export class HouseholdLabelTally {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  /** CATEGORY or CAUSE. */
  @PrimaryKey({ type: 'text' })
  kind!: string;

  @PrimaryKey({ type: 'text' })
  label!: string;

  @Property({ type: 'bigint', default: 0 })
  households!: string;
}
