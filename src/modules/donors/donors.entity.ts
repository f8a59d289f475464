import { ArrayType, Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ApiKeyColumns } from '../../db/api-key.entity';
import { WebhookSubscriptionColumns } from '../../db/webhook-subscription.entity';
import { AuditedEntity } from '../../db/audited.entity';
import { Community, Household, Township } from '../registry/registry.entity';
import { PartnerOrganisation } from '../partners/partner.entity';
import { Need } from '../pairing/pairing.entity';
import { AllocationEntryKind, AreaLevel, DonorKind, MatchStatus, PledgeResource, PledgeStatus } from './donors.enums';

/**
 * A charity platform (慈善组织互联网公开募捐信息平台) registered by civil affairs with its
 * registration details. Cash pledges are paid through the platform (Charity Law art. 23/27): only
 * a platform designated for internet public fundraising may carry MONEY pledges; this system
 * records the pledge, the allocation and the receipt, and never holds money.
 */
@Entity({ tableName: 'charity_platform' })
export class CharityPlatform extends AuditedEntity {
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** 统一社会信用代码 (GB 32100, 18 characters with its check character). */
  @Property({ type: 'string', length: 18, unique: true })
  unifiedSocialCreditCode!: string;

  /** On the Ministry of Civil Affairs' list of designated internet fundraising platforms. */
  @Property({ type: 'boolean' })
  designatedFundraisingPlatform!: boolean;

  /** The designation's reference (list and batch), when designated. */
  @Property({ type: 'string', length: 100, nullable: true })
  designationReference?: string | null;
}

/** A platform's API key: as partner keys (shown once, SHA-256 stored, revocable, scoped). */
@Entity({ tableName: 'charity_platform_api_key' })
@Index({ properties: ['platform'] })
export class CharityPlatformApiKey extends ApiKeyColumns {
  @ManyToOne(() => CharityPlatform)
  platform!: CharityPlatform;

  @Property({ type: ArrayType, default: '{DONORS,PLEDGES,NEEDS_READ,SUBSCRIPTIONS}' })
  scopes!: string[];
}

/** A donor a platform vouches for: display name and kind only (no personal data). */
@Entity({ tableName: 'donor' })
@Index({ properties: ['platform', 'id'] })
@Unique({ name: 'donor_platform_reference_uniq', properties: ['platform', 'platformReference'] })
export class Donor extends AuditedEntity {
  @ManyToOne(() => CharityPlatform)
  platform!: CharityPlatform;

  @Property({ type: 'string', length: 100 })
  displayName!: string;

  @Enum({ items: () => DonorKind })
  kind!: DonorKind;

  /** The platform's own id for the donor (its batch files name donors by it). */
  @Property({ type: 'string', length: 64 })
  platformReference!: string;
}

/**
 * What a donor (through its platform) or a giving partner offers. The quantity is in the
 * resource's unit: fen for MONEY, the unit for GOODS, sessions for SERVICE, hours for
 * VOLUNTEER_HOURS. `unitValue` (fen per unit) is the default value table's at creation, so a
 * pledge's value never changes afterwards. What remains is computed from the allocation ledger.
 */
@Entity({ tableName: 'pledge' })
@Index({ name: 'pledge_status_idx', properties: ['status', 'id'] })
@Index({ properties: ['platform', 'id'] })
@Index({ properties: ['partner', 'id'] })
@Index({ properties: ['donor'] })
@Index({
  name: 'pledge_platform_reference_uniq',
  expression: 'create unique index "pledge_platform_reference_uniq" on "pledge" ("platform_id", "platform_reference") where "platform_reference" is not null',
})
export class Pledge extends AuditedEntity {
  @ManyToOne(() => CharityPlatform, { nullable: true })
  platform?: CharityPlatform | null;

  @ManyToOne(() => Donor, { nullable: true })
  donor?: Donor | null;

  @ManyToOne(() => PartnerOrganisation, { nullable: true })
  partner?: PartnerOrganisation | null;

  @Enum({ items: () => PledgeResource })
  resource!: PledgeResource;

  /** Need kinds it may serve (NeedKind values). */
  @Property({ type: ArrayType })
  needKinds!: string[];

  @Enum({ items: () => AreaLevel })
  areaLevel!: AreaLevel;

  @ManyToOne(() => Township, { nullable: true })
  township?: Township | null;

  @ManyToOne(() => Community, { nullable: true })
  community?: Community | null;

  @Property({ type: 'bigint' })
  quantity!: string;

  @Property({ type: 'string', length: 20 })
  unit!: string;

  @Property({ type: 'integer' })
  unitValue!: number;

  /** At most this quantity to one household (the pledger's own cap). */
  @Property({ type: 'bigint', nullable: true })
  capPerHousehold?: string | null;

  @Property({ type: 'string', length: 200 })
  description!: string;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date' })
  validUntil!: string;

  @Enum({ items: () => PledgeStatus })
  status: PledgeStatus & Opt = PledgeStatus.PENDING;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  decisionReason?: string | null;

  /** The platform's own record number of a pledge sent in a batch (its idempotency key). */
  @Property({ type: 'string', length: 100, nullable: true })
  platformReference?: string | null;
}

/**
 * A fair-allocation run under shortage: its tie-break seed (rotating with the run number), the
 * household share cap in force, and the fairness figures it publishes.
 */
@Entity({ tableName: 'allocation_run' })
export class AllocationRun {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'date' })
  runOn!: string;

  @Property({ type: 'string', length: 120 })
  runBy!: string;

  /** The rotating tie-break: needs of equal priority are ordered by a hash of (seed, need). */
  @Property({ type: 'string', length: 64 })
  tieBreakSeed!: string;

  /** Largest share of one pledge's quantity one household may get (DONATION_HOUSEHOLD_SHARE_CAP in force). */
  @Property({ type: 'decimal', precision: 5, scale: 4, runtimeType: 'number' })
  householdShareCap!: number;

  @Property({ type: 'integer' })
  pledges!: number;

  @Property({ type: 'integer' })
  needs!: number;

  @Property({ type: 'integer' })
  proposals!: number;

  @Property({ type: 'bigint' })
  proposedValue!: string;

  @Property({ type: 'json' })
  figures!: Record<string, unknown>;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** A pledge matched to a need: the proposal, its decision and the fulfilment. */
@Entity({ tableName: 'donation_match' })
@Index({ name: 'donation_match_pledge_idx', properties: ['pledge', 'status'] })
@Index({ name: 'donation_match_need_idx', properties: ['need', 'status'] })
@Index({ name: 'donation_match_township_idx', properties: ['township', 'status', 'id'] })
@Index({ properties: ['run'] })
export class DonationMatch extends AuditedEntity {
  @ManyToOne(() => Pledge)
  pledge!: Pledge;

  @ManyToOne(() => Need)
  need!: Need;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Property({ type: 'bigint' })
  quantity!: string;

  /** quantity × the pledge's unit value, fen. */
  @Property({ type: 'bigint' })
  value!: string;

  @Enum({ items: () => MatchStatus })
  status: MatchStatus & Opt = MatchStatus.PROPOSED;

  @ManyToOne(() => AllocationRun, { nullable: true })
  run?: AllocationRun | null;

  /** The ranking factors that placed the need when the match was proposed. */
  @Property({ type: 'json', nullable: true })
  factors?: unknown[] | null;

  @Property({ type: 'date' })
  proposedOn!: string;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  dispatchedOn?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  dispatchNote?: string | null;

  @Property({ type: 'date', nullable: true })
  confirmedOn?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  confirmedBy?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  receiptNote?: string | null;

  /** Drawn for a home visit by a sample (receipt_visit_sample). */
  @Property({ type: 'boolean' })
  visitFlagged: boolean & Opt = false;
}

/**
 * The allocation ledger (R20): append-only. An ALLOCATION is written in the transaction that
 * accepts a match; a correction is a REVERSAL with negative quantity and value naming the entry it
 * reverses. A pledge's remaining quantity and a need's allocated value are sums over it.
 */
@Entity({ tableName: 'donation_allocation' })
@Index({ name: 'donation_allocation_pledge_idx', properties: ['pledge'] })
@Index({ name: 'donation_allocation_need_idx', properties: ['need'] })
@Index({ name: 'donation_allocation_household_idx', properties: ['household', 'recordedOn'] })
@Unique({ name: 'donation_allocation_reverses_uniq', properties: ['reverses'] })
export class DonationAllocation {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => DonationMatch)
  match!: DonationMatch;

  @ManyToOne(() => Pledge)
  pledge!: Pledge;

  @ManyToOne(() => Need)
  need!: Need;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => AllocationEntryKind })
  entry!: AllocationEntryKind;

  @ManyToOne(() => DonationAllocation, { nullable: true })
  reverses?: DonationAllocation | null;

  @Property({ type: 'bigint' })
  quantity!: string;

  @Property({ type: 'bigint' })
  value!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  reason?: string | null;

  @Property({ type: 'date' })
  recordedOn!: string;

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();
}

/** The default value table civil affairs maintains: fen per unit of goods, service or hour, from a day on. */
@Entity({ tableName: 'donation_unit_value' })
@Unique({ name: 'donation_unit_value_uniq', properties: ['resource', 'unit', 'effectiveFrom'] })
export class DonationUnitValue {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => PledgeResource })
  resource!: PledgeResource;

  @Property({ type: 'string', length: 20 })
  unit!: string;

  @Property({ type: 'integer' })
  valuePerUnit!: number;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'string', length: 120 })
  setBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  setAt: Date & Opt = new Date();
}

/** A random sample of confirmed fulfilments flagged for a home visit; the seed is kept to redraw it. */
@Entity({ tableName: 'receipt_visit_sample' })
export class ReceiptVisitSample {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 7 })
  month!: string;

  @Property({ type: 'string', length: 64 })
  seed!: string;

  @Property({ type: 'integer' })
  population!: number;

  @Property({ type: ArrayType })
  matchIds!: string[];

  @Property({ type: 'date' })
  drawnOn!: string;

  @Property({ type: 'string', length: 120 })
  drawnBy!: string;
}

/** A platform's notification endpoint, signed with one of its keys (as partner subscriptions). */
@Entity({ tableName: 'platform_subscription' })
@Index({ properties: ['platform'] })
export class PlatformSubscription extends WebhookSubscriptionColumns {
  @ManyToOne(() => CharityPlatform)
  platform!: CharityPlatform;
}

/** The server key of need pseudonyms (one row, made on first use; shared by every API process). */
@Entity({ tableName: 'pseudonym_key' })
export class PseudonymKey {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'string', length: 64 })
  secret!: string;
}

/**
 * What `pledgeCandidates` ranks (issue 10): one narrow row per open need of a household in
 * hardship, holding every input of the ranking's filter and score — kind, area, urgency points,
 * the household's vulnerability (VULNERABILITY_SQL), the county day it was published, the
 * uncovered amount and the value allocated so far — so a ranking reads these rows alone instead of
 * joining need to household and summing every allocation of the county. Maintained only by the
 * statement-level triggers on need, household and donation_allocation (migration
 * Migration20261202104500_donation_candidate, function donation_candidate_refresh, which rebuilds
 * the rows of the needs a statement touched from need, household and donation_allocation): every
 * writer — services, imports, seeds, raw SQL — keeps it right in its own transaction. Never
 * written by the application.
 */
@Entity({ tableName: 'donation_candidate' })
@Index({ name: 'donation_candidate_kind_idx', properties: ['kind', 'townshipId', 'communityId'] })
export class DonationCandidate {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  needId!: string;

  @Property({ type: 'bigint' })
  householdId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'bigint' })
  townshipId!: string;

  @Property({ type: 'bigint' })
  communityId!: string;

  /** The urgency's points of the ranking: 40 HIGH, 25 MEDIUM, 10 LOW. */
  @Property({ type: 'smallint' })
  urgencyPoints!: number;

  /** The household's vulnerability, 0–13 (VULNERABILITY_SQL). */
  @Property({ type: 'smallint' })
  vulnerability!: number;

  /** The need's creation, the ranking's tie-break. */
  @Property({ type: 'datetime', columnType: 'timestamptz(3)' })
  createdAt!: Date;

  /** The county day it was published (days waiting count from it). */
  @Property({ type: 'date' })
  publishedOn!: string;

  @Property({ type: 'integer' })
  uncoveredAmount!: number;

  /** Sum of its allocations' values (reversals negative). */
  @Property({ type: 'bigint' })
  allocated!: string;
}
