import { ArrayType, Entity, Enum, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { WebhookSubscriptionColumns } from '../../db/webhook-subscription.entity';
import { AuditedEntity } from '../../db/audited.entity';
import { Community, Household, Township } from '../registry/registry.entity';
import { PartnerOrganisation } from '../partners/partner.entity';
import { AssistanceKind, LedgerOrigin, NeedKind, NeedStatus, NeedUrgency, OutboxStatus, PairingStatus, Utility } from './pairing.enums';

/**
 * A pairing (R18) links partners and confirmed households: one-to-one, one-to-many or many-to-one
 * (the link tables carry the sides). Proposed by a partner or the civilization office, approved by
 * civil affairs or the civilization office.
 */
@Entity({ tableName: 'pairing' })
@Index({ properties: ['status', 'id'] })
export class Pairing extends AuditedEntity {
  @Enum({ items: () => PairingStatus })
  status: PairingStatus & Opt = PairingStatus.PROPOSED;

  @Property({ type: 'string', length: 500 })
  note!: string;

  @Property({ type: 'string', length: 120, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  decisionReason?: string | null;
}

@Entity({ tableName: 'pairing_partner' })
@Index({ properties: ['partner'] })
export class PairingPartner {
  @ManyToOne(() => Pairing, { primary: true })
  pairing!: Pairing;

  @ManyToOne(() => PartnerOrganisation, { primary: true })
  partner!: PartnerOrganisation;
}

@Entity({ tableName: 'pairing_household' })
@Index({ properties: ['household'] })
export class PairingHousehold {
  @ManyToOne(() => Pairing, { primary: true })
  pairing!: Pairing;

  @ManyToOne(() => Household, { primary: true })
  household!: Household;
}

/**
 * The pairing ledger (结对帮扶台账, R20): what a partner gave a household. Insert-only. A record
 * from a partner system carries the partner's own id: the same id again is the same record
 * (idempotency), with another payload it is an error.
 */
@Entity({ tableName: 'pairing_ledger_entry' })
@Index({ properties: ['pairing'] })
@Index({ name: 'pairing_ledger_household_idx', properties: ['household', 'givenOn'] })
@Index({ name: 'pairing_ledger_partner_idx', properties: ['partner', 'givenOn'] })
@Index({ name: 'pairing_ledger_township_idx', properties: ['township', 'kind'] })
@Index({
  name: 'pairing_ledger_external_uniq',
  expression: 'create unique index "pairing_ledger_external_uniq" on "pairing_ledger_entry" ("partner_id", "external_id") where "external_id" is not null',
})
export class PairingLedgerEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Pairing)
  pairing!: Pairing;

  @ManyToOne(() => PartnerOrganisation)
  partner!: PartnerOrganisation;

  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @Enum({ items: () => AssistanceKind })
  kind!: AssistanceKind;

  @Property({ type: 'date' })
  givenOn!: string;

  /** Money or money's worth, fen (cash, goods, fee waivers). */
  @Property({ type: 'integer', nullable: true })
  amount?: number | null;

  /** Volunteer hours, to the quarter hour. */
  @Property({ type: 'decimal', precision: 8, scale: 2, nullable: true, runtimeType: 'number' })
  hours?: number | null;

  @Property({ type: 'string', length: 500 })
  description!: string;

  @Enum({ items: () => LedgerOrigin })
  origin!: LedgerOrigin;

  @Property({ type: 'string', length: 100, nullable: true })
  externalId?: string | null;

  /** sha256 of the record as received: tells a resend (same) from a conflict (different). */
  @Property({ type: 'string', length: 64, nullable: true })
  payloadHash?: string | null;

  @Property({ type: 'string', length: 120 })
  recordedBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();
}

/**
 * A need of a household that government measures do not fully cover, published for partners
 * (R18's information platform). Partners see it anonymised: kind, amount, urgency, community and
 * the short description only.
 */
@Entity({ tableName: 'need' })
@Index({ name: 'need_open_idx', properties: ['status', 'kind', 'id'] })
@Index({ name: 'need_township_idx', properties: ['township', 'status'] })
@Index({ properties: ['household'] })
export class Need extends AuditedEntity {
  @ManyToOne(() => Household)
  household!: Household;

  @ManyToOne(() => Township)
  township!: Township;

  @ManyToOne(() => Community)
  community!: Community;

  @Enum({ items: () => NeedKind })
  kind!: NeedKind;

  @Property({ type: 'integer' })
  uncoveredAmount!: number;

  @Enum({ items: () => NeedUrgency })
  urgency!: NeedUrgency;

  /** Short and impersonal: no names, no health details (checked when published). */
  @Property({ type: 'string', length: 200 })
  description!: string;

  @Enum({ items: () => NeedStatus })
  status: NeedStatus & Opt = NeedStatus.OPEN;
}

/** A utility account a household registered, so utilities can name it in fee-waiver files. */
@Entity({ tableName: 'household_utility_account' })
@Unique({ name: 'utility_account_uniq', properties: ['utility', 'accountNumber'] })
@Index({ properties: ['household'] })
export class HouseholdUtilityAccount {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Household)
  household!: Household;

  @Enum({ items: () => Utility })
  utility!: Utility;

  @Property({ type: 'string', length: 40 })
  accountNumber!: string;

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** Per-key request counters for rate limiting, shared by every API process (fixed one-minute windows). */
@Entity({ tableName: 'api_rate_bucket' })
export class ApiRateBucket {
  @Property({ type: 'string', length: 32, primary: true })
  keyId!: string;

  @Property({ type: 'timestamptz', primary: true })
  windowStart!: Date;

  @Property({ type: 'integer' })
  count: number & Opt = 0;
}

/** Signed webhook deliveries already accepted: the same signature again is a replay. */
@Entity({ tableName: 'webhook_receipt' })
@Unique({ name: 'webhook_receipt_uniq', properties: ['keyId', 'signature'] })
@Index({ properties: ['receivedAt'] })
export class WebhookReceipt {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 32 })
  keyId!: string;

  @Property({ type: 'string', length: 64 })
  signature!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Date & Opt = new Date();
}

/** A partner's subscription to new or changed needs of some kinds, delivered to its URL. */
@Entity({ tableName: 'partner_subscription' })
@Index({ properties: ['partner'] })
export class PartnerSubscription extends WebhookSubscriptionColumns {
  @ManyToOne(() => PartnerOrganisation)
  partner!: PartnerOrganisation;

  @Property({ type: ArrayType })
  needKinds!: string[];
}

/**
 * Transactional outbox of partner notifications: written with the change it announces, sent by the
 * worker with retries (exponential backoff with jitter); workers claim rows with SKIP LOCKED.
 */
@Entity({ tableName: 'outbox_message' })
@Index({ name: 'outbox_due_idx', properties: ['status', 'nextAttemptAt'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** A partner's subscription, or null for a charity platform's (platformSubscriptionId). */
  @ManyToOne(() => PartnerSubscription, { nullable: true })
  subscription?: PartnerSubscription | null;

  /**
   * donors module (issue 12): a charity platform's subscription (platform_subscription). A plain
   * key, not a relation: the pairing module may not import the donors module (no cycles between
   * modules); the donors service writes only its own platforms' subscriptions.
   */
  @Property({ type: 'bigint', nullable: true })
  platformSubscriptionId?: string | null;

  @Property({ type: 'string', length: 60 })
  eventType!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Enum({ items: () => OutboxStatus })
  status: OutboxStatus & Opt = OutboxStatus.PENDING;

  @Property({ type: 'smallint' })
  attempts: number & Opt = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  nextAttemptAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 500, nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;
}

/** Each delivery attempt, for the log. */
@Entity({ tableName: 'outbox_attempt' })
@Index({ properties: ['message'] })
export class OutboxAttempt {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => OutboxMessage)
  message!: OutboxMessage;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date & Opt = new Date();

  @Property({ type: 'smallint', nullable: true })
  statusCode?: number | null;

  @Property({ type: 'string', length: 500, nullable: true })
  error?: string | null;

  @Property({ type: 'integer' })
  durationMs!: number;
}

/**
 * Needs per township, status, kind and urgency (issue 10): what the open-needs `totalCount` of a
 * partner or the civilization office reads instead of counting `need`. Maintained only by the
 * statement-level triggers on `need` (migration Migration20261203000000_need_tally), so every
 * writer keeps it right in its own transaction; never written by the application. A row may count
 * 0 (kept).
 */
@Entity({ tableName: 'need_tally' })
export class NeedTally {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  townshipId!: string;

  @PrimaryKey({ type: 'text' })
  status!: string;

  @PrimaryKey({ type: 'text' })
  kind!: string;

  @PrimaryKey({ type: 'text' })
  urgency!: string;

  @Property({ type: 'bigint', default: 0 })
  needs!: string;
}
