import { ArrayType, Collection, Entity, Enum, Index, ManyToOne, OneToMany, Opt, Property } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import {
  CommunityKind, DisabilityCategory, EmploymentStatus, HardshipCause, HouseholdStatus, IllnessKind,
  LegalSupporter, ParentalStatus, RelationToHead, SchoolingStage, Sex, WorkCapacity,
} from './registry.enums';

/** A township (乡镇) of the county; township staff are scoped to one. */
@Entity({ tableName: 'township' })
export class Township extends AuditedEntity {
  /** Administrative division code, e.g. 350421100. */
  @Property({ type: 'string', length: 12, unique: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;
}

/** A village or residents' community (村/居) of a township: where notices are posted (R10). */
@Entity({ tableName: 'community' })
@Index({ properties: ['township'] })
export class Community extends AuditedEntity {
  @ManyToOne(() => Township)
  township!: Township;

  @Property({ type: 'string', length: 15, unique: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;

  @Enum({ items: () => CommunityKind })
  kind!: CommunityKind;
}

/** The county departments of R21 (reference data, seeded). */
@Entity({ tableName: 'department' })
export class Department {
  @Property({ type: 'string', length: 40, primary: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;

  @Property({ type: 'string', length: 80 })
  nameEn!: string;
}

/**
 * A household filed in the registry (建档立卡, R19). `memberCount` and `monthlyIncomeTotal` are
 * maintained by HouseholdService from the current members on every change — computed, never typed
 * in — so lists, per-capita figures and aggregates need no per-row member scan.
 */
@Entity({ tableName: 'household' })
@Index({ name: 'household_township_created_idx', properties: ['township', 'createdAt', 'id'] })
@Index({ name: 'household_created_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'household_updated_idx', properties: ['updatedAt', 'id'] })
// The HEAD_NAME order in pinyin (issue 14): collation "pinyin", ICU where the server has it
// (migration Migration20261202071500_pinyin_head_name).
@Index({ name: 'household_head_name_pinyin_idx', expression: 'create index "household_head_name_pinyin_idx" on "household" (("head_name" collate "pinyin"), "id")' })
@Index({ name: 'household_community_idx', properties: ['community'] })
@Index({ name: 'household_status_idx', properties: ['status'] })
@Index({ name: 'household_categories_idx', properties: ['categories'], type: 'gin' })
@Index({ name: 'household_causes_idx', properties: ['causes'], type: 'gin' })
export class Household extends AuditedEntity {
  @ManyToOne(() => Township)
  township!: Township;

  @ManyToOne(() => Community)
  community!: Community;

  @Property({ type: 'string', length: 200 })
  address!: string;

  @Property({ type: 'string', length: 20 })
  contactPhone!: string;

  /** Name of the current head, kept with the members so lists can sort and search by it. */
  @Property({ type: 'string', length: 50 })
  headName!: string;

  @Property({ type: 'integer' })
  memberCount: number & Opt = 0;

  /** Sum of all current members' monthly income from every source, fen. */
  @Property({ type: 'integer' })
  monthlyIncomeTotal: number & Opt = 0;

  /** Total housing area in m², two decimals. */
  @Property({ type: 'decimal', precision: 10, scale: 2, runtimeType: 'number' })
  housingArea!: number;

  @Property({ type: 'integer' })
  depositsFen: number & Opt = 0;

  @Property({ type: 'integer' })
  securitiesFen: number & Opt = 0;

  @Property({ type: 'smallint' })
  vehicleCount: number & Opt = 0;

  /** Real estate owned besides the home the family lives in. */
  @Property({ type: 'smallint' })
  otherPropertyCount: number & Opt = 0;

  @Enum({ items: () => HouseholdStatus, default: HouseholdStatus.REGISTERED })
  status: HouseholdStatus & Opt = HouseholdStatus.REGISTERED;

  /** R3–R6 categories that applied when the household was confirmed. */
  @Property({ type: ArrayType, default: '{}' })
  categories: string[] & Opt = [];

  /** R11 causes of hardship. */
  @Property({ type: ArrayType, default: '{}' })
  causes: string[] & Opt = [];

  @Enum({ items: () => HardshipCause, nullable: true })
  primaryCause?: HardshipCause | null;

  /** The day the household was confirmed on the list (R10b). */
  @Property({ type: 'date', nullable: true })
  identifiedOn?: string | null;

  /**
   * The public reference the family and partners use once confirmed. Random, never derived from
   * personal data.
   */
  @Property({ type: 'string', length: 20, nullable: true, unique: true })
  assistanceCardNumber?: string | null;

  @OneToMany(() => Person, (p) => p.household)
  members = new Collection<Person>(this);
}

/** A member of a household. Sex and birth date are derived from the national id number. */
@Entity({ tableName: 'person' })
@Index({ name: 'person_household_idx', properties: ['household'] })
@Index({
  name: 'person_name_prefix_idx',
  expression: 'create index "person_name_prefix_idx" on "person" ("name" varchar_pattern_ops) where "removed_at" is null',
})
@Index({
  name: 'person_id_number_current_uniq',
  expression: 'create unique index "person_id_number_current_uniq" on "person" ("id_number") where "removed_at" is null',
})
export class Person extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @Property({ type: 'string', length: 50 })
  name!: string;

  @Property({ type: 'string', length: 18 })
  idNumber!: string;

  @Enum({ items: () => Sex })
  sex!: Sex;

  @Property({ type: 'date' })
  birthDate!: string;

  @Enum({ items: () => RelationToHead })
  relationToHead!: RelationToHead;

  @Enum({ items: () => WorkCapacity })
  workCapacity!: WorkCapacity;

  @Enum({ items: () => EmploymentStatus })
  employmentStatus!: EmploymentStatus;

  @Enum({ items: () => DisabilityCategory, nullable: true })
  disabilityCategory?: DisabilityCategory | null;

  /** 1 (most severe) to 4; null when not disabled. */
  @Property({ type: 'smallint', nullable: true })
  disabilityGrade?: number | null;

  @Enum({ items: () => IllnessKind })
  illness: IllnessKind & Opt = IllnessKind.NONE;

  @Property({ type: 'string', length: 200, nullable: true })
  illnessNote?: string | null;

  @Enum({ items: () => SchoolingStage })
  schoolingStage: SchoolingStage & Opt = SchoolingStage.NONE;

  /** Monthly income by source, fen (I3). */
  @Property({ type: 'integer' })
  incomeWages: number & Opt = 0;

  @Property({ type: 'integer' })
  incomeBusiness: number & Opt = 0;

  @Property({ type: 'integer' })
  incomeProperty: number & Opt = 0;

  @Property({ type: 'integer' })
  incomeTransfers: number & Opt = 0;

  @Property({ type: 'integer' })
  incomeOther: number & Opt = 0;

  /** R3: whether the person has a source of livelihood. */
  @Property({ type: 'boolean', default: true })
  hasLivelihoodSource: boolean & Opt = true;

  /** R3: a legal supporter able to support, one unable to, or none. */
  @Enum({ items: () => LegalSupporter, default: LegalSupporter.ABLE })
  legalSupporter: LegalSupporter & Opt = LegalSupporter.ABLE;

  /** R5: whether a minor's parents are present, both deceased, or cannot be found. */
  @Enum({ items: () => ParentalStatus, default: ParentalStatus.PRESENT })
  parentalStatus: ParentalStatus & Opt = ParentalStatus.PRESENT;

  /** Members are never deleted (R19: every change is kept); removal is recorded. */
  @Property({ type: 'timestamptz', nullable: true })
  removedAt?: Date | null;

  @Property({ type: 'string', length: 120, nullable: true })
  removedBy?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  removalReason?: string | null;
}
