import { ArrayType, Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { Community, Household, Township } from '../registry/registry.entity';
import { HardshipCause } from '../registry/registry.enums';
import {
  CaseState, InvestigationMethod, NoticeKind, ObjectionSource, ObjectionStatus, ReviewRecommendation,
} from './identification.enums';

/**
 * An application of one household and its way through R8–R10. At most one open case per household
 * (a partial unique index backs the service's check). The township is kept on the case for
 * scoping without a join.
 */
@Entity({ tableName: 'identification_case' })
@Index({ name: 'identification_case_township_idx', properties: ['township', 'state', 'id'] })
@Index({ name: 'identification_case_household_idx', properties: ['household'] })
@Index({ name: 'identification_case_state_idx', properties: ['state', 'id'] })
// The county's checks look for cases with a notice entered after its period (R10; the filter `noticeEnteredLate`).
@Index({
  name: 'identification_case_notice_entered_late_idx',
  expression: `create index "identification_case_notice_entered_late_idx" on "identification_case" ("id") where "notice_entered_late"`,
})
@Index({
  name: 'identification_case_one_open_uniq',
  expression: `create unique index "identification_case_one_open_uniq" on "identification_case" ("household_id") where "state" not in ('REJECTED', 'CONFIRMED', 'WITHDRAWN')`,
})
export class IdentificationCase extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => CaseState })
  state: CaseState & Opt = CaseState.SUBMITTED;

  /** R8: the day the written application reached the township. */
  @Property({ type: 'date' })
  appliedOn!: string;

  @Property({ type: 'string', length: 500 })
  applicationReason!: string;

  // The day of every step (R8–R10), as it happened on paper; the service keeps them in the
  // policy's order (identification.service.ts, NOT_BEFORE).

  /** R9(a): the day the (latest round of the) investigation started. */
  @Property({ type: 'date', nullable: true })
  investigationStartedOn?: string | null;

  /** R9(a): the day of the township's review opinion. */
  @Property({ type: 'date', nullable: true })
  reviewedOn?: string | null;

  /** R10(a): the day the file went to the county, after the first notice ended. */
  @Property({ type: 'date', nullable: true })
  forwardedOn?: string | null;

  @Property({ type: ArrayType, default: '{}' })
  causes: string[] & Opt = [];

  @Enum({ items: () => HardshipCause, nullable: true })
  primaryCause?: HardshipCause | null;

  @Enum({ items: () => ReviewRecommendation, nullable: true })
  reviewRecommendation?: ReviewRecommendation | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  reviewOpinion?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  reviewedBy?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  countyDecisionReason?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  /** The eligibility result (with its trace) the county decided on and the confirmation kept. */
  @Property({ type: 'json', nullable: true })
  eligibility?: Record<string, unknown> | null;

  @Property({ type: 'date', nullable: true })
  confirmedOn?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  closingReason?: string | null;

  /** The day the case was rejected or withdrawn (with `closingReason`). */
  @Property({ type: 'date', nullable: true })
  closedOn?: string | null;

  /**
   * R10: a notice of this case was entered after its period had ended, so it never appeared among
   * the current notices online; the notice carries the reference to its evidence.
   */
  @Property({ type: 'boolean', default: false })
  noticeEnteredLate: boolean & Opt = false;
}

/** Every state change of a case: who, when, why, and the version it moved from. Insert-only. */
@Entity({ tableName: 'case_transition' })
@Index({ properties: ['identificationCase'] })
export class CaseTransition {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => IdentificationCase)
  identificationCase!: IdentificationCase;

  @Enum({ items: () => CaseState, nullable: true })
  fromState?: CaseState | null;

  @Enum({ items: () => CaseState })
  toState!: CaseState;

  @Property({ type: 'integer' })
  fromVersion!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  by!: string;

  @Property({ type: 'string', length: 1000 })
  reason!: string;

  /** What the step decided on, e.g. the eligibility result with its trace at approval. */
  @Property({ type: 'json', nullable: true })
  detail?: Record<string, unknown> | null;
}

/** One R9(a) investigation step recorded by the township. */
@Entity({ tableName: 'investigation_record' })
@Index({ properties: ['identificationCase'] })
export class InvestigationRecord {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => IdentificationCase)
  identificationCase!: IdentificationCase;

  @Enum({ items: () => InvestigationMethod })
  method!: InvestigationMethod;

  @Property({ type: 'date' })
  conductedOn!: string;

  @Property({ type: 'string', length: 2000 })
  findings!: string;

  /** Democratic appraisal: who took part. */
  @Property({ type: ArrayType, default: '{}' })
  participants: string[] & Opt = [];

  /** Democratic appraisal: its conclusion (published in the first notice). */
  @Property({ type: 'string', length: 500, nullable: true })
  conclusion?: string | null;

  /** Economic cross-check: the family signed the authorisation to check. */
  @Property({ type: 'boolean', nullable: true })
  authorisationSigned?: boolean | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;
}

/**
 * A public notice (R10). `content` is frozen when posted and holds exactly the fields R10 allows
 * for its kind; later edits of the household never change what was published.
 */
@Entity({ tableName: 'public_notice' })
@Index({ name: 'public_notice_township_dates_idx', properties: ['township', 'endsOn', 'postedOn'] })
@Index({ properties: ['identificationCase'] })
export class PublicNotice {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => IdentificationCase)
  identificationCase!: IdentificationCase;

  @ManyToOne(() => Township)
  township!: Township;

  @ManyToOne(() => Community)
  community!: Community;

  @Enum({ items: () => NoticeKind })
  kind!: NoticeKind;

  /** Where it hangs, e.g. the community's notice board. */
  @Property({ type: 'string', length: 200 })
  place!: string;

  @Property({ type: 'date' })
  postedOn!: string;

  /** Last day on the board. */
  @Property({ type: 'date' })
  endsOn!: string;

  @Property({ type: 'json' })
  content!: Record<string, unknown>;

  /** Entered after `endsOn` had passed: it was never among the current notices online. */
  @Property({ type: 'boolean', default: false })
  enteredLate: boolean & Opt = false;

  /** What proves it hung on the board, e.g. the number of the photographed board record. */
  @Property({ type: 'string', length: 200, nullable: true })
  lateEntryEvidence?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  postedAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  postedBy!: string;
}

@Entity({ tableName: 'notice_objection' })
@Index({ properties: ['notice'] })
export class NoticeObjection {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => PublicNotice)
  notice!: PublicNotice;

  @Property({ version: true, type: 'integer' })
  version: number & Opt = 1;

  @Enum({ items: () => ObjectionSource })
  source!: ObjectionSource;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'string', length: 2000 })
  summary!: string;

  @Enum({ items: () => ObjectionStatus })
  status: ObjectionStatus & Opt = ObjectionStatus.OPEN;

  @Property({ type: 'string', length: 1000, nullable: true })
  resolution?: string | null;

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;

  @Property({ type: 'string', length: 120, nullable: true })
  resolvedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  /** The day it was resolved (may lie in the past for a paper file). */
  @Property({ type: 'date', nullable: true })
  resolvedOn?: string | null;
}
