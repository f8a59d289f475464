/**
 * Donors, pledges, matching and fulfilment (issue 12; R18's matching platform, R20's tracing,
 * R21). GraphQL-free: database keys in (null for an id that names nothing of its type → NOT_FOUND,
 * the same answer as a record the caller may not see, so errors never confirm existence), Result
 * out; every write through the one mutation runner, which writes the SUCCESS audit row.
 *
 * Compliance: this platform never takes money. A MONEY pledge is paid through the charity
 * platform, which must be designated for internet public fundraising (Charity Law); here the
 * pledge, the allocation and the receipt are recorded. Needs are published only by townships and
 * departments (the pairing module): there are no personal help-seeking posts.
 *
 * Allocation: accepting a match is ONE transaction that locks the pledge row and then the need
 * row (always in this order, so two acceptances cannot deadlock), sums the append-only allocation
 * ledger under those locks and writes the ALLOCATION entry only if the pledge still holds the
 * quantity, the need still lacks the value and the household stays within the pledge's cap: two
 * concurrent acceptances are serialised by the locks and the second sees the first's entry.
 */
import { WebhookSecretBox } from '../../webhooks/secrets';
import crypto from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { householdScope } from '../../access/scope';
import { newApiKey } from '../../access/tokens';
import { audited, runMutation } from '../../db/mutation';
import { loadPolicy } from '../../policy/policy.reader';
import type { ServiceContext } from '../../shared/context';
import { calendarDay, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { fail, Problem, refused, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import type { Row } from '../../shared/row';
import { matchGlobalId, notifyPledger, PLATFORM_EVENTS, pledgeGlobalId } from '../../webhooks/platform-notice';
import { resolveTarget, TargetPolicy, TargetRefused, URL_MAX } from '../../webhooks/webhook-target';
import type { PlatformBatchRecord } from '../../../partner-adapters/charity-platform/adapter';
import { NeedKind } from '../pairing/pairing.enums';
import { allocate, RunNeed, RunPledge } from './donors.allocation';
import { AllocationEntryKind, AreaLevel, CharityPlatformScope, DonorKind, MatchStatus, PledgeResource, PledgeStatus, ReceiptOutcome } from './donors.enums';
import { URGENCY_SQL, VULNERABILITY_SQL } from './donors.reader';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 200;
const NOTE_MAX = 500;
/** One pledge's quantity: more is a typing error (10 million yuan in fen; goods and hours far below). */
const QUANTITY_MAX = 1_000_000_000;
const UNIT_MAX = 20;
const GIVING_PARTNERS = ['TRADE_UNION', 'YOUTH_LEAGUE', 'WOMENS_FEDERATION', 'CIVILIZED_UNIT'];
const MONEY_UNIT = '分';

/** GB 32100-2015: the 31 characters of a unified social credit code and the weights of its first 17. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a unified social credit code's first 17 characters (null if one is not allowed). */
export function socialCreditCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

export function isSocialCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && socialCreditCheckCharacter(code.slice(0, 17)) === code[17];
}

export interface CreatedPlatformKey {
  id: string;
  token: string;
}

export interface PledgeInput {
  donorId: string | null;
  resource: PledgeResource;
  needKinds: NeedKind[];
  areaLevel: AreaLevel;
  townshipId: string | null;
  communityId: string | null;
  quantity: number;
  unit?: string | null;
  capPerHousehold?: number | null;
  description: string;
  validFrom?: string | null;
  validUntil: string;
  /** The township or community id given could not be decoded (a wrong id, not an empty one). */
  areaIdInvalid?: boolean;
  /** A platform batch's record number (the pledge's idempotency key). */
  platformReference?: string | null;
}

/** A batch record after the edge decoded its match id (null: names no match). */
export type PlatformImportRecord = { ref: string; error: { record: string; code: string; message: string } } | { ref: string; record: Exclude<PlatformBatchRecord, { type: 'DISPATCH' }> }
  | { ref: string; record: Omit<Extract<PlatformBatchRecord, { type: 'DISPATCH' }>, 'match'> & { matchId: string | null } };

export interface PlatformImportOutcome {
  accepted: number;
  duplicates: number;
  /** Records refused: the adapter's error, or the problem the service answered. */
  rejected: Array<{ record: string; code: string; message?: string; problem?: Problem }>;
}

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function text(value: string | null | undefined, path: string[], max: number, required = true): string {
  const v = value?.trim() ?? '';
  if (!v && required) fail(UserErrorCode.REQUIRED, path);
  if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
  return v;
}

/** No id numbers, phone numbers or card-like digit runs in text platforms write. */
function impersonal(v: string, path: string[]): void {
  if (/\d{11,}|\d{17}[Xx]/.test(v)) fail(UserErrorCode.PERSONAL_DATA_IN_TEXT, path);
}

function positiveQuantity(q: unknown, path: string[]): number {
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q <= 0) fail(UserErrorCode.QUANTITY_NOT_POSITIVE, path);
  if (q > QUANTITY_MAX) fail(UserErrorCode.OUT_OF_RANGE, path, { min: 1, max: QUANTITY_MAX });
  return q;
}

/** Who pledges: a charity platform (for one of its donors) or a giving partner. */
type Pledger = { platformId: string | null; partnerId: string | null };

export class DonorsService {
  // ---- platforms and keys (civil affairs) ----
  async registerPlatform(ctx: ServiceContext, input: { code: string; name: string; unifiedSocialCreditCode: string; designatedFundraisingPlatform: boolean; designationReference?: string | null }): Promise<Result<string>> {
    return runMutation(ctx, 'registerCharityPlatform', async (tx) => {
      const code = input.code?.trim() ?? '';
      if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(code)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'code']);
      const name = text(input.name, ['input', 'name'], NAME_MAX);
      const uscc = (input.unifiedSocialCreditCode ?? '').trim().toUpperCase();
      if (!isSocialCreditCode(uscc)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'unifiedSocialCreditCode']);
      const reference = text(input.designationReference, ['input', 'designationReference'], NAME_MAX, input.designatedFundraisingPlatform);
      const [row] = await sqlOf(tx)('charity_platform').insert({
        code, name, unified_social_credit_code: uscc, designated_fundraising_platform: input.designatedFundraisingPlatform === true,
        designation_reference: reference || null, created_by: ctx.principal.actor, updated_by: ctx.principal.actor,
      }).returning('id');
      return audited(String(row.id), 'CharityPlatform', String(row.id), { code });
    }, {
      onUniqueViolation: (c) => (c === 'charity_platform_code_unique' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'code'] }
        : c === 'charity_platform_unified_social_credit_code_unique' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'unifiedSocialCreditCode'] } : undefined),
    });
  }

  async createPlatformApiKey(ctx: ServiceContext, platformId: string | null, label: string, scopes: string[] = Object.values(CharityPlatformScope)): Promise<Result<CreatedPlatformKey>> {
    const l = label?.trim() ?? '';
    if (!l) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'label'] });
    if (textLength(l) > NAME_MAX) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'label'], params: { max: NAME_MAX } });
    if (!platformId) return refused({ code: UserErrorCode.NOT_FOUND, path: ['input', 'platform'] });
    if (scopes.length === 0) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'scopes'] });
    return runMutation(ctx, 'createCharityPlatformApiKey', async (tx) => {
      const knex = sqlOf(tx);
      const platform = await knex('charity_platform').where({ id: platformId }).first('id', 'code');
      if (!platform) fail(UserErrorCode.NOT_FOUND, ['input', 'platform']);
      const key = newApiKey();
      const [row] = await knex('charity_platform_api_key').insert({
        platform_id: platformId, key_id: key.keyId, secret_hash: key.secretHash, label: l, scopes: [...new Set(scopes)], created_by: ctx.principal.actor,
      }).returning('id');
      return audited({ id: String(row.id), token: key.token }, 'CharityPlatformApiKey', String(row.id), { platform: platform.code });
    });
  }

  async revokePlatformApiKey(ctx: ServiceContext, keyId: string | null, version: number): Promise<Result<string>> {
    return runMutation(ctx, 'revokeCharityPlatformApiKey', async (tx) => {
      const knex = sqlOf(tx);
      const key = keyId ? await knex('charity_platform_api_key').where({ id: keyId }).forUpdate().first() : null;
      if (!key) fail(UserErrorCode.NOT_FOUND, ['input', 'apiKey']);
      if (key.revoked_at) fail(UserErrorCode.ALREADY_REVOKED, ['input', 'apiKey']);
      if (key.version !== version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: key.version });
      await knex('charity_platform_api_key').update({ revoked_at: ctx.clock.now(), revoked_by: ctx.principal.actor, version: key.version + 1 }).where({ id: keyId });
      return audited(String(key.id), 'CharityPlatformApiKey', String(key.id));
    });
  }

  // ---- donors (a platform, under its own account) ----
  async registerDonor(ctx: ServiceContext, input: { displayName: string; kind: DonorKind; platformReference: string }): Promise<Result<string>> {
    const p = ctx.principal;
    if (p.kind !== 'CHARITY_PLATFORM') throw new Error('registerDonor: charity platforms only (access matrix)');
    return runMutation(ctx, 'registerDonor', async (tx) => {
      const displayName = text(input.displayName, ['input', 'displayName'], NAME_MAX);
      impersonal(displayName, ['input', 'displayName']);
      const reference = text(input.platformReference, ['input', 'platformReference'], 64);
      if (!/^[A-Za-z0-9._:-]+$/.test(reference)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'platformReference']);
      if (!Object.values(DonorKind).includes(input.kind)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'kind']);
      const [row] = await sqlOf(tx)('donor').insert({
        platform_id: p.platformId, display_name: displayName, kind: input.kind, platform_reference: reference, created_by: p.actor, updated_by: p.actor,
      }).returning('id');
      return audited(String(row.id), 'Donor', String(row.id));
    }, {
      onUniqueViolation: (c) => (c === 'donor_platform_reference_uniq' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'platformReference'] } : undefined),
    });
  }

  // ---- pledges ----
  async createPledge(ctx: ServiceContext, input: PledgeInput): Promise<Result<string>> {
    return runMutation(ctx, 'createPledge', async (tx) => {
      const knex = sqlOf(tx);
      const p = ctx.principal;
      const today = countyToday(ctx.clock);
      let pledger: Pledger;
      let donorId: string | null = null;
      if (p.kind === 'CHARITY_PLATFORM') {
        // Another platform's donor answers as an unknown one: nothing confirms it exists.
        const donor = input.donorId ? await knex('donor').where({ id: input.donorId, platform_id: p.platformId }).first('id') : null;
        if (!donor) fail(UserErrorCode.NOT_FOUND, ['input', 'donor']);
        donorId = String(donor.id);
        pledger = { platformId: p.platformId, partnerId: null };
      } else if (p.kind === 'PARTNER') {
        if (input.donorId) fail(UserErrorCode.NOT_FOUND, ['input', 'donor']);
        const partner = await knex('partner_organisation').where({ id: p.partnerId }).first('kind');
        if (!GIVING_PARTNERS.includes(partner?.kind)) fail(UserErrorCode.NOT_A_GIVING_PARTNER, ['input']);
        pledger = { platformId: null, partnerId: p.partnerId };
      } else {
        throw new Error('createPledge: platforms and partners only (access matrix)');
      }
      const quantity = positiveQuantity(input.quantity, ['input', 'quantity']);
      const kinds = [...new Set(input.needKinds ?? [])];
      if (kinds.length === 0) fail(UserErrorCode.REQUIRED, ['input', 'needKinds']);
      const description = text(input.description, ['input', 'description'], DESCRIPTION_MAX);
      impersonal(description, ['input', 'description']);

      // The area: the county, one township, or one community (its township recorded with it).
      let townshipId: string | null = null;
      let communityId: string | null = null;
      if (input.areaIdInvalid) fail(UserErrorCode.UNKNOWN_AREA, ['input', input.areaLevel === AreaLevel.COMMUNITY ? 'community' : 'township']);
      if (input.areaLevel === AreaLevel.TOWNSHIP) {
        const t = input.townshipId ? await knex('township').where({ id: input.townshipId }).first('id') : null;
        if (!t) fail(UserErrorCode.UNKNOWN_AREA, ['input', 'township']);
        townshipId = String(t.id);
      } else if (input.areaLevel === AreaLevel.COMMUNITY) {
        const c = input.communityId ? await knex('community').where({ id: input.communityId }).first('id', 'township_id') : null;
        if (!c) fail(UserErrorCode.UNKNOWN_AREA, ['input', 'community']);
        if (input.townshipId && String(c.township_id) !== input.townshipId) fail(UserErrorCode.COMMUNITY_NOT_IN_TOWNSHIP, ['input', 'community']);
        communityId = String(c.id);
        townshipId = String(c.township_id);
      } else if (input.areaLevel !== AreaLevel.COUNTY) {
        fail(UserErrorCode.UNKNOWN_AREA, ['input', 'areaLevel']);
      }

      // The window, in county days: one that has ended is refused.
      const validFrom = input.validFrom ?? today;
      if (!isDay(validFrom)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'validFrom']);
      if (!isDay(input.validUntil)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'validUntil']);
      if (input.validUntil < today) fail(UserErrorCode.WINDOW_ENDED, ['input', 'validUntil'], { endedOn: input.validUntil });
      if (input.validUntil < validFrom) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'validUntil'], { min: validFrom, max: '9999-12-31' });

      // The value of one unit: money is counted in fen; goods, services and hours by the default value table.
      let unit = MONEY_UNIT;
      let unitValue = 1;
      if (input.resource === PledgeResource.MONEY) {
        // Compliance: cash goes through a designated internet fundraising platform, never through here.
        if (pledger.platformId) {
          const platform = await knex('charity_platform').where({ id: pledger.platformId }).first('designated_fundraising_platform');
          if (!platform?.designated_fundraising_platform) fail(UserErrorCode.NOT_DESIGNATED_PLATFORM, ['input', 'resource']);
        }
      } else {
        unit = text(input.unit, ['input', 'unit'], UNIT_MAX);
        const value = await unitValueOf(knex, input.resource, unit, today);
        if (value == null) fail(UserErrorCode.UNIT_NOT_VALUED, ['input', 'unit'], { unit });
        unitValue = value;
      }
      let cap: number | null = null;
      if (input.capPerHousehold != null) {
        cap = positiveQuantity(input.capPerHousehold, ['input', 'capPerHousehold']);
        if (cap > quantity) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'capPerHousehold'], { min: 1, max: quantity });
      }
      const [row] = await knex('pledge').insert({
        platform_id: pledger.platformId, partner_id: pledger.partnerId, donor_id: donorId, resource: input.resource, need_kinds: kinds,
        area_level: input.areaLevel, township_id: townshipId, community_id: communityId, quantity, unit, unit_value: unitValue,
        cap_per_household: cap, description, valid_from: validFrom, valid_until: input.validUntil, status: PledgeStatus.PENDING, platform_reference: input.platformReference ?? null,
        created_by: p.actor, updated_by: p.actor, created_at: ctx.clock.now(), updated_at: ctx.clock.now(),
      }).returning('id');
      return audited(String(row.id), 'Pledge', String(row.id), { resource: input.resource });
    }, {
      onUniqueViolation: (c) => (c === 'pledge_platform_reference_uniq' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'platformReference'] } : undefined),
    });
  }

  /**
   * A platform's batch (partner-adapters/charity-platform): each record through the service of its
   * kind — registerDonor, createPledge, dispatchDonation — each in its own transaction, so valid
   * records land and the others come back with their reasons; a record seen before (the same
   * donor number, pledge record number, or a match already dispatched) is a duplicate, not an
   * error. The batch itself is audited once as Mutation.importPlatformBatch.
   */
  async importBatch(ctx: ServiceContext, records: PlatformImportRecord[]): Promise<Result<PlatformImportOutcome>> {
    const p = ctx.principal;
    if (p.kind !== 'CHARITY_PLATFORM') throw new Error('importPlatformBatch: charity platforms only (access matrix)');
    const knex = ctx.em.getKnex();
    const out: PlatformImportOutcome = { accepted: 0, duplicates: 0, rejected: [] };
    const take = (ref: string, r: Result<unknown>) => {
      if (r.ok) out.accepted++;
      else if (r.problems[0].code === UserErrorCode.DUPLICATE_CODE) out.duplicates++;
      else out.rejected.push({ record: ref, code: r.problems[0].code, problem: r.problems[0] });
    };
    for (const item of records) {
      if ('error' in item) {
        out.rejected.push(item.error);
        continue;
      }
      const r = item.record;
      if (r.type === 'DONOR') {
        take(item.ref, await this.registerDonor(ctx, { displayName: r.displayName, kind: r.donorKind as DonorKind, platformReference: r.donorRef }));
      } else if (r.type === 'PLEDGE') {
        const donor = await knex('donor').where({ platform_id: p.platformId, platform_reference: r.donorRef }).first('id');
        const area = r.area.level === 'COUNTY' ? null : await knex(r.area.level === 'TOWNSHIP' ? 'township' : 'community').where({ code: r.area.code }).first('id');
        take(item.ref, await this.createPledge(ctx, {
          donorId: donor ? String(donor.id) : null, resource: r.resource as PledgeResource, needKinds: r.needKinds as NeedKind[], areaLevel: r.area.level as AreaLevel,
          townshipId: r.area.level === 'TOWNSHIP' ? (area ? String(area.id) : null) : null, communityId: r.area.level === 'COMMUNITY' ? (area ? String(area.id) : null) : null,
          areaIdInvalid: r.area.level !== 'COUNTY' && !area, quantity: r.quantity, unit: r.unit, capPerHousehold: r.capPerHousehold, description: r.description,
          validUntil: r.validUntil, platformReference: r.externalId,
        }));
      } else {
        const match = r.matchId ? await knex('donation_match as m').join('pledge as pl', 'pl.id', 'm.pledge_id').where('m.id', r.matchId).where('pl.platform_id', p.platformId).first('m.status', 'm.version', 'm.dispatched_on') : null;
        if (match && match.status === MatchStatus.DISPATCHED && dayOf(match.dispatched_on) === r.dispatchedOn) out.duplicates++;
        else take(item.ref, await this.dispatch(ctx, { matchId: match ? r.matchId : null, version: match?.version ?? 0, dispatchedOn: r.dispatchedOn, note: r.note || null }));
      }
    }
    return runMutation(ctx, 'importPlatformBatch', async () => audited(out, 'PlatformBatch', null, { accepted: out.accepted, duplicates: out.duplicates, rejected: out.rejected.length }));
  }

  /** Civil affairs or the civilization office approves or blocks a pending pledge; the pledger is told once. */
  async decidePledge(ctx: ServiceContext, input: { pledgeId: string | null; version: number; reason?: string | null }, approve: boolean): Promise<Result<string>> {
    return runMutation(ctx, approve ? 'approvePledge' : 'blockPledge', async (tx) => {
      const knex = sqlOf(tx);
      const pledge = input.pledgeId ? await knex('pledge').where({ id: input.pledgeId }).forUpdate().first() : null;
      if (!pledge) fail(UserErrorCode.NOT_FOUND, ['input', 'pledge']);
      if (pledge.status !== PledgeStatus.PENDING) fail(UserErrorCode.ALREADY_DECIDED, ['input', 'pledge']);
      if (pledge.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: pledge.version });
      const reason = text(input.reason, ['input', 'reason'], NOTE_MAX, !approve);
      const status = approve ? PledgeStatus.APPROVED : PledgeStatus.BLOCKED;
      await knex('pledge').update({
        status, decided_by: ctx.principal.actor, decided_on: countyToday(ctx.clock), decision_reason: reason || null,
        version: pledge.version + 1, updated_by: ctx.principal.actor, updated_at: ctx.clock.now(),
      }).where({ id: pledge.id });
      // Told once: a decision is taken once (PENDING only), and its message commits with it.
      await notifyPledger(knex, pledgerOf(pledge), PLATFORM_EVENTS.PLEDGE_DECIDED, { pledge: pledgeGlobalId(pledge.id), status, reason: reason || null });
      return audited(String(pledge.id), 'Pledge', String(pledge.id), { status });
    });
  }

  // ---- matching ----
  /**
   * A match is proposed by the pledger (for a need it reached by pseudonym) or by staff (for a
   * need they see). Nothing is allocated yet: acceptance allocates.
   */
  async proposeMatch(ctx: ServiceContext, input: { pledgeId: string | null; needId: string | null; quantity: number }): Promise<Result<string>> {
    return runMutation(ctx, 'proposeDonationMatch', async (tx) => {
      const knex = sqlOf(tx);
      const today = countyToday(ctx.clock);
      const pledge = await this.visiblePledge(knex, ctx, input.pledgeId);
      if (!pledge) fail(UserErrorCode.NOT_FOUND, ['input', 'pledge']);
      const need = input.needId ? await this.visibleNeed(knex, ctx, input.needId) : null;
      if (!need) fail(UserErrorCode.NOT_FOUND, ['input', 'need']);
      const quantity = positiveQuantity(input.quantity, ['input', 'quantity']);
      const check = await checkFit(knex, pledge, need, quantity, today);
      const [row] = await knex('donation_match').insert({
        pledge_id: pledge.id, need_id: need.id, household_id: need.household_id, township_id: need.township_id, quantity, value: quantity * Number(pledge.unit_value),
        status: MatchStatus.PROPOSED, factors: JSON.stringify(check.factors), proposed_on: today,
        created_by: ctx.principal.actor, updated_by: ctx.principal.actor, created_at: ctx.clock.now(), updated_at: ctx.clock.now(),
      }).returning('id');
      return audited(String(row.id), 'DonationMatch', String(row.id));
    });
  }

  /** The township (its own households' needs) or the civilization office accepts a match: the allocation. */
  async acceptMatch(ctx: ServiceContext, input: { matchId: string | null; version: number }): Promise<Result<string>> {
    return runMutation(ctx, 'acceptDonationMatch', async (tx) => {
      const knex = sqlOf(tx);
      const today = countyToday(ctx.clock);
      const match = await this.decidableMatch(knex, ctx, input.matchId);
      if (match.status !== MatchStatus.PROPOSED) fail(UserErrorCode.WRONG_MATCH_STATE, ['input', 'match'], { state: match.status });
      if (match.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: match.version });
      // Lock order: pledge, then need (every allocating transaction takes them in this order).
      const pledge = await knex('pledge').where({ id: match.pledge_id }).forUpdate().first();
      const need = await knex('need').where({ id: match.need_id }).forUpdate().first();
      await checkFit(knex, pledge, need, Number(match.quantity), today);
      const claimed = await knex('donation_match').update({
        status: MatchStatus.ALLOCATED, decided_by: ctx.principal.actor, decided_on: today, version: match.version + 1,
        updated_by: ctx.principal.actor, updated_at: ctx.clock.now(),
      }).where({ id: match.id, version: match.version, status: MatchStatus.PROPOSED });
      if (!claimed) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: '?' });
      await knex('donation_allocation').insert({
        match_id: match.id, pledge_id: pledge.id, need_id: need.id, household_id: need.household_id, township_id: need.township_id,
        entry: AllocationEntryKind.ALLOCATION, quantity: match.quantity, value: match.value, recorded_on: today, recorded_by: ctx.principal.actor,
      });
      await notifyPledger(knex, pledgerOf(pledge), PLATFORM_EVENTS.ALLOCATION_DECIDED, {
        pledge: pledgeGlobalId(pledge.id), match: matchGlobalId(match.id), decision: 'ALLOCATED', needKind: need.kind, quantity: Number(match.quantity), value: Number(match.value),
      });
      return audited(String(match.id), 'DonationMatch', String(match.id), { quantity: Number(match.quantity) });
    });
  }

  async rejectMatch(ctx: ServiceContext, input: { matchId: string | null; version: number; reason?: string | null }): Promise<Result<string>> {
    return runMutation(ctx, 'rejectDonationMatch', async (tx) => {
      const knex = sqlOf(tx);
      const match = await this.decidableMatch(knex, ctx, input.matchId);
      const reason = text(input.reason, ['input', 'reason'], NOTE_MAX);
      if (match.status !== MatchStatus.PROPOSED) fail(UserErrorCode.WRONG_MATCH_STATE, ['input', 'match'], { state: match.status });
      if (match.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: match.version });
      await knex('donation_match').update({
        status: MatchStatus.REJECTED, decided_by: ctx.principal.actor, decided_on: countyToday(ctx.clock), receipt_note: reason, version: match.version + 1,
        updated_by: ctx.principal.actor, updated_at: ctx.clock.now(),
      }).where({ id: match.id });
      const pledge = await knex('pledge').where({ id: match.pledge_id }).first();
      await notifyPledger(knex, pledgerOf(pledge), PLATFORM_EVENTS.ALLOCATION_DECIDED, { pledge: pledgeGlobalId(pledge.id), match: matchGlobalId(match.id), decision: 'REJECTED', reason });
      return audited(String(match.id), 'DonationMatch', String(match.id));
    });
  }

  /**
   * The fair-allocation run under shortage (donors.allocation.ts): every approved pledge in its
   * window against every open need that still lacks something; proposals of earlier runs not yet
   * decided are withdrawn first (one run's proposals stand at a time). One transaction, with an
   * advisory lock so two runs never overlap.
   */
  async runFairAllocation(ctx: ServiceContext, input: { townshipId?: string | null } = {}): Promise<Result<string>> {
    return runMutation(ctx, 'runFairAllocation', async (tx) => {
      const knex = sqlOf(tx);
      const started = Date.now();
      const today = countyToday(ctx.clock);
      // A run for one township (its needs; the pledges that can reach it) or, without one, the county.
      const townshipId = input.townshipId === undefined ? null : input.townshipId;
      if (input.townshipId !== undefined && !(townshipId && await knex('township').where({ id: townshipId }).first('id'))) fail(UserErrorCode.UNKNOWN_AREA, ['input', 'township']);
      const needIn = townshipId ? knex.raw('n.township_id = ?', [townshipId]) : knex.raw('true');
      const pledgeIn = townshipId ? knex.raw(`(p.area_level = 'COUNTY' or p.township_id = ?)`, [townshipId]) : knex.raw('true');
      await knex.raw(`select pg_advisory_xact_lock(hashtext('donation.fair-allocation'))`);
      const policy = await loadPolicy(knex, today);
      const withdraw = knex('donation_match').update({ status: MatchStatus.WITHDRAWN, updated_by: ctx.principal.actor, updated_at: ctx.clock.now(), version: knex.raw('version + 1') })
        .where({ status: MatchStatus.PROPOSED }).whereNotNull('run_id');
      if (townshipId) withdraw.where({ township_id: townshipId });
      await withdraw;
      const pledgeRows = (await knex.raw(
        `select p.id, p.need_kinds, p.area_level, p.township_id, p.community_id, p.quantity, p.unit_value, p.cap_per_household, p.valid_until,
                p.quantity - coalesce(a.q, 0) - coalesce(pm.q, 0) as remaining
           from pledge p
           left join (select pledge_id, sum(quantity) as q from donation_allocation group by pledge_id) a on a.pledge_id = p.id
           left join (select pledge_id, sum(quantity) as q from donation_match where status = 'PROPOSED' group by pledge_id) pm on pm.pledge_id = p.id
          where p.status = 'APPROVED' and ?::date between p.valid_from and p.valid_until and ?`, [today, pledgeIn])).rows as Row[];
      const needRows = (await knex.raw(
        `select n.id, n.household_id, n.township_id, n.community_id, n.kind, n.urgency,
                n.uncovered_amount - coalesce(a.v, 0) - coalesce(pm.v, 0) as lacking, ${VULNERABILITY_SQL} as vulnerability,
                greatest(0, ?::date - (n.created_at at time zone 'Asia/Shanghai')::date) as days
           from need n join household h on h.id = n.household_id
           left join (select need_id, sum(value) as v from donation_allocation group by need_id) a on a.need_id = n.id
           left join (select need_id, sum(value) as v from donation_match where status = 'PROPOSED' group by need_id) pm on pm.need_id = n.id
          where n.status = 'OPEN' and h.status = 'IN_HARDSHIP' and n.uncovered_amount - coalesce(a.v, 0) - coalesce(pm.v, 0) > 0 and ?`, [today, needIn])).rows as Row[];
      const pledges: RunPledge[] = pledgeRows.map((r) => ({
        id: String(r.id), needKinds: r.need_kinds, areaLevel: r.area_level, townshipId: r.township_id ? String(r.township_id) : null,
        communityId: r.community_id ? String(r.community_id) : null, quantity: Number(r.quantity), remaining: Number(r.remaining), unitValue: Number(r.unit_value),
        capPerHousehold: r.cap_per_household == null ? null : Number(r.cap_per_household), validUntil: calendarDay(r.valid_until),
      }));
      const needs: RunNeed[] = needRows.map((r) => ({
        id: String(r.id), householdId: String(r.household_id), townshipId: String(r.township_id), communityId: String(r.community_id), kind: r.kind,
        lacking: Number(r.lacking), urgency: r.urgency, vulnerability: Number(r.vulnerability), daysWaiting: Number(r.days),
      }));
      // The rotating tie-break: a fresh seed per run, recorded with it.
      const seed = crypto.randomBytes(16).toString('hex');
      const shareCap = policy.values.DONATION_HOUSEHOLD_SHARE_CAP;
      const result = allocate(pledges, needs, shareCap, seed);
      const proposedValue = result.proposals.reduce((s, x) => s + x.value, 0);
      const [run] = await knex('allocation_run').insert({
        run_on: today, run_by: ctx.principal.actor, tie_break_seed: seed, household_share_cap: shareCap, pledges: pledges.length, needs: needs.length,
        proposals: result.proposals.length, proposed_value: proposedValue, figures: JSON.stringify({ ...result.figures, townshipId }), duration_ms: 0,
      }).returning('id');
      const now = ctx.clock.now();
      for (let i = 0; i < result.proposals.length; i += 1000) {
        await knex('donation_match').insert(result.proposals.slice(i, i + 1000).map((x) => ({
          pledge_id: x.pledgeId, need_id: x.needId, household_id: x.householdId, township_id: x.townshipId, quantity: x.quantity, value: x.value,
          status: MatchStatus.PROPOSED, run_id: run.id, factors: JSON.stringify([{ factor: 'PRIORITY', value: x.priority, points: 0, maxPoints: 0 }]),
          proposed_on: today, created_by: ctx.principal.actor, updated_by: ctx.principal.actor, created_at: now, updated_at: now,
        })));
      }
      await knex('allocation_run').update({ duration_ms: Date.now() - started }).where({ id: run.id });
      return audited(String(run.id), 'AllocationRun', String(run.id), { proposals: result.proposals.length });
    });
  }

  // ---- fulfilment ----
  /** The pledger (platform or partner) records that it dispatched an allocation. */
  async dispatch(ctx: ServiceContext, input: { matchId: string | null; version: number; dispatchedOn?: string | null; note?: string | null }): Promise<Result<string>> {
    return runMutation(ctx, 'dispatchDonation', async (tx) => {
      const knex = sqlOf(tx);
      const today = countyToday(ctx.clock);
      const p = ctx.principal;
      const own = p.kind === 'CHARITY_PLATFORM' ? { 'p.platform_id': p.platformId } : p.kind === 'PARTNER' ? { 'p.partner_id': p.partnerId } : null;
      if (!own) throw new Error('dispatchDonation: platforms and partners only (access matrix)');
      // Another pledger's match answers as unknown.
      const match = input.matchId ? await knex('donation_match as m').join('pledge as p', 'p.id', 'm.pledge_id').where('m.id', input.matchId).where(own).forUpdate('m').first('m.*') : null;
      if (!match) fail(UserErrorCode.NOT_FOUND, ['input', 'match']);
      if (match.status !== MatchStatus.ALLOCATED) fail(UserErrorCode.WRONG_MATCH_STATE, ['input', 'match'], { state: match.status });
      if (match.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: match.version });
      const on = input.dispatchedOn ?? today;
      if (!isDay(on)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'dispatchedOn']);
      if (on > today) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'dispatchedOn']);
      if (on < dayOf(match.decided_on)) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'dispatchedOn'], { min: dayOf(match.decided_on), max: today });
      const note = text(input.note, ['input', 'note'], DESCRIPTION_MAX, false);
      if (note) impersonal(note, ['input', 'note']);
      await knex('donation_match').update({ status: MatchStatus.DISPATCHED, dispatched_on: on, dispatch_note: note || null, version: match.version + 1, updated_by: p.actor, updated_at: ctx.clock.now() })
        .where({ id: match.id });
      return audited(String(match.id), 'DonationMatch', String(match.id));
    });
  }

  /** The township confirms what the household received: RECEIVED, NOT_RECEIVED or RECEIVED_WITH_PROBLEMS (with a note). */
  async confirmReceipt(ctx: ServiceContext, input: { matchId: string | null; version: number; outcome: ReceiptOutcome; note?: string | null; receivedOn?: string | null }): Promise<Result<string>> {
    return runMutation(ctx, 'confirmDonationReceipt', async (tx) => {
      const knex = sqlOf(tx);
      const today = countyToday(ctx.clock);
      const p = ctx.principal;
      if (p.kind !== 'TOWNSHIP') throw new Error('confirmDonationReceipt: townships only (access matrix)');
      const match = input.matchId ? await knex('donation_match').where({ id: input.matchId, township_id: p.townshipId }).forUpdate().first() : null;
      if (!match) fail(UserErrorCode.NOT_FOUND, ['input', 'match']);
      if ([MatchStatus.PROPOSED, MatchStatus.ALLOCATED].includes(match.status)) fail(UserErrorCode.NOT_DISPATCHED, ['input', 'match']);
      if (match.status !== MatchStatus.DISPATCHED) fail(UserErrorCode.WRONG_MATCH_STATE, ['input', 'match'], { state: match.status });
      if (match.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: match.version });
      if (!Object.values(ReceiptOutcome).includes(input.outcome)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'outcome']);
      const note = text(input.note, ['input', 'note'], NOTE_MAX, input.outcome !== ReceiptOutcome.RECEIVED);
      const on = input.receivedOn ?? today;
      if (!isDay(on)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'receivedOn']);
      if (on > today) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'receivedOn']);
      if (on < dayOf(match.dispatched_on)) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'receivedOn'], { min: dayOf(match.dispatched_on), max: today });
      const status = input.outcome as unknown as MatchStatus;
      await knex('donation_match').update({ status, confirmed_on: on, confirmed_by: p.actor, receipt_note: note || null, version: match.version + 1, updated_by: p.actor, updated_at: ctx.clock.now() })
        .where({ id: match.id });
      const pledge = await knex('pledge').where({ id: match.pledge_id }).first();
      // The note is the township's, about the family: the pledger hears the outcome only.
      await notifyPledger(knex, pledgerOf(pledge), PLATFORM_EVENTS.RECEIPT_CONFIRMED, { pledge: pledgeGlobalId(pledge.id), match: matchGlobalId(match.id), outcome: input.outcome, confirmedOn: on });
      return audited(String(match.id), 'DonationMatch', String(match.id), { outcome: input.outcome });
    });
  }

  /** A correction: a REVERSAL entry undoes an allocation (never an edit or a delete of the ledger). */
  async reverseAllocation(ctx: ServiceContext, input: { matchId: string | null; version: number; reason: string }): Promise<Result<string>> {
    return runMutation(ctx, 'reverseDonationAllocation', async (tx) => {
      const knex = sqlOf(tx);
      const reason = text(input.reason, ['input', 'reason'], NOTE_MAX);
      const match = input.matchId ? await knex('donation_match').where({ id: input.matchId }).forUpdate().first() : null;
      if (!match) fail(UserErrorCode.NOT_FOUND, ['input', 'match']);
      const entry = await knex('donation_allocation').where({ match_id: match.id, entry: AllocationEntryKind.ALLOCATION }).first();
      if (!entry || match.status === MatchStatus.REVERSED) fail(UserErrorCode.WRONG_MATCH_STATE, ['input', 'match'], { state: match.status });
      if (match.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: match.version });
      await knex('donation_allocation').insert({
        match_id: match.id, pledge_id: entry.pledge_id, need_id: entry.need_id, household_id: entry.household_id, township_id: entry.township_id,
        entry: AllocationEntryKind.REVERSAL, reverses_id: entry.id, quantity: -Number(entry.quantity), value: -Number(entry.value), reason,
        recorded_on: countyToday(ctx.clock), recorded_by: ctx.principal.actor,
      });
      await knex('donation_match').update({ status: MatchStatus.REVERSED, version: match.version + 1, updated_by: ctx.principal.actor, updated_at: ctx.clock.now() }).where({ id: match.id });
      return audited(String(match.id), 'DonationMatch', String(match.id), { reversed: String(entry.id) });
    }, {
      onUniqueViolation: (c) => (c === 'donation_allocation_reverses_uniq' ? { code: UserErrorCode.WRONG_MATCH_STATE, path: ['input', 'match'], params: { state: MatchStatus.REVERSED } } : undefined),
    });
  }

  /**
   * A random sample of the month's confirmed receipts is flagged for a home visit: the sample
   * size is DONATION_VISIT_SAMPLE_SIZE; the seed is kept, so the same sample can be redrawn.
   */
  async drawVisitSample(ctx: ServiceContext, input: { month: string }): Promise<Result<string>> {
    return runMutation(ctx, 'drawReceiptVisitSample', async (tx) => {
      const knex = sqlOf(tx);
      const today = countyToday(ctx.clock);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month ?? '') || input.month > today.slice(0, 7)) fail(UserErrorCode.INVALID_MONTH, ['input', 'month']);
      await knex.raw(`select pg_advisory_xact_lock(hashtext('donation.visit-sample'))`);
      if (await knex('receipt_visit_sample').where({ month: input.month }).first('id')) fail(UserErrorCode.ALREADY_DRAWN, ['input', 'month']);
      const size = (await loadPolicy(knex, today)).values.DONATION_VISIT_SAMPLE_SIZE;
      const population: string[] = (await knex('donation_match').whereNotNull('confirmed_on')
        .whereRaw(`to_char(confirmed_on, 'YYYY-MM') = ?`, [input.month]).orderBy('id').pluck('id')).map(String);
      const seed = crypto.randomBytes(16).toString('hex');
      const drawn = sample(population, size, seed);
      if (drawn.length) await knex('donation_match').update({ visit_flagged: true }).whereIn('id', drawn);
      const [row] = await knex('receipt_visit_sample').insert({ month: input.month, seed, population: population.length, match_ids: drawn, drawn_on: today, drawn_by: ctx.principal.actor }).returning('id');
      return audited(String(row.id), 'ReceiptVisitSample', String(row.id), { size: drawn.length });
    });
  }

  /** Civil affairs sets a value of the default value table from a day on. */
  async setUnitValue(ctx: ServiceContext, input: { resource: PledgeResource; unit: string; valuePerUnit: number; effectiveFrom?: string | null }): Promise<Result<string>> {
    return runMutation(ctx, 'setDonationUnitValue', async (tx) => {
      const knex = sqlOf(tx);
      if (input.resource === PledgeResource.MONEY) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'resource'], { min: 'GOODS', max: 'VOLUNTEER_HOURS' });
      const unit = text(input.unit, ['input', 'unit'], UNIT_MAX);
      const value = positiveQuantity(input.valuePerUnit, ['input', 'valuePerUnit']);
      const from = input.effectiveFrom ?? countyToday(ctx.clock);
      if (!isDay(from)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'effectiveFrom']);
      const [row] = await knex('donation_unit_value').insert({ resource: input.resource, unit, value_per_unit: value, effective_from: from, set_by: ctx.principal.actor }).returning('id');
      return audited(String(row.id), 'DonationUnitValue', String(row.id), { resource: input.resource, unit });
    }, {
      onUniqueViolation: (c) => (c === 'donation_unit_value_uniq' ? { code: UserErrorCode.PARAMETER_ALREADY_SET_FOR_DATE, path: ['input', 'effectiveFrom'] } : undefined),
    });
  }

  /** A platform subscribes a URL of its own (https, public addresses only) to its notifications. */
  async subscribe(ctx: ServiceContext, input: { url: string }, targets: TargetPolicy, secrets: WebhookSecretBox): Promise<Result<{ id: string; signingSecret: string }>> {
    const p = ctx.principal;
    if (p.kind !== 'CHARITY_PLATFORM') throw new Error('subscribeToDonationNotices: platforms only (access matrix)');
    const url = input.url?.trim() ?? '';
    if (!url) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'url'] });
    if (textLength(url) > URL_MAX) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'url'], params: { max: URL_MAX } });
    try {
      await resolveTarget(url, targets);
    } catch (err) {
      if (!(err instanceof TargetRefused)) throw err;
      return refused({ code: err.reason === 'INVALID_URL' ? UserErrorCode.INVALID_FORMAT : UserErrorCode.WEBHOOK_URL_NOT_ALLOWED, path: ['input', 'url'] });
    }
    return runMutation(ctx, 'subscribeToDonationNotices', async (tx) => {
      const knex = sqlOf(tx);
      const key = await knex('charity_platform_api_key').where({ id: p.apiKeyId }).first('key_id');
      const [row] = await knex('platform_subscription').insert({ platform_id: p.platformId, url, signing_key_id: key.key_id, created_by: p.actor, updated_by: p.actor }).returning('id');
      // Its own signing secret (office-files, issue 14): answered once, stored only sealed under the server key.
      const signingSecret = WebhookSecretBox.newSecret();
      await knex('platform_subscription').update({ signing_secret: secrets.seal(signingSecret, 'platform_subscription', String(row.id)) }).where({ id: row.id });
      return audited({ id: String(row.id), signingSecret }, 'PlatformSubscription', String(row.id));
    });
  }

  // ---- helpers ----
  /** A pledge the caller may act on: its own (platform, partner), or any (staff who match). */
  private async visiblePledge(knex: Knex, ctx: ServiceContext, id: string | null): Promise<Row | null> {
    if (!id) return null;
    const p = ctx.principal;
    const q = knex('pledge').where({ id });
    if (p.kind === 'CHARITY_PLATFORM') q.where({ platform_id: p.platformId });
    else if (p.kind === 'PARTNER') q.where({ partner_id: p.partnerId });
    else if (p.kind === 'TOWNSHIP') q.where((w) => w.where({ area_level: 'COUNTY' }).orWhere({ township_id: p.townshipId }));
    return (await q.first()) ?? null;
  }

  /** A need the caller may name: platforms and partners by their pseudonym (already opened), staff by scope. */
  private async visibleNeed(knex: Knex, ctx: ServiceContext, id: string): Promise<Row | null> {
    const p = ctx.principal;
    const q = knex('need as n').join('household as h', 'h.id', 'n.household_id').where('n.id', id).select('n.*');
    if (p.kind === 'TOWNSHIP' || p.role === 'CIVIL_AFFAIRS') {
      const s = householdScope(p);
      q.whereRaw(s.sql, s.params as never[]);
    } else {
      // The civilization office, platforms and partners reach open needs only.
      q.where('n.status', 'OPEN').where('h.status', 'IN_HARDSHIP');
    }
    return (await q.first()) ?? null;
  }

  /** A match the caller may decide: the township its own households', the civilization office any. */
  private async decidableMatch(knex: Knex, ctx: ServiceContext, id: string | null): Promise<Row> {
    const p = ctx.principal;
    const q = knex('donation_match').where({ id: id ?? '0' });
    if (p.kind === 'TOWNSHIP') q.where({ township_id: p.townshipId });
    const match = id ? await q.forUpdate().first() : null;
    if (!match) fail(UserErrorCode.NOT_FOUND, ['input', 'match']);
    return match;
  }
}

function pledgerOf(pledge: Row): Pledger {
  return { platformId: pledge.platform_id ? String(pledge.platform_id) : null, partnerId: pledge.partner_id ? String(pledge.partner_id) : null };
}

const dayOf = (v: unknown): string => calendarDay(v);

async function unitValueOf(knex: Knex, resource: PledgeResource, unit: string, asOf: string): Promise<number | null> {
  const row = await knex('donation_unit_value').where({ resource, unit }).where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').first('value_per_unit');
  return row ? Number(row.value_per_unit) : null;
}

/**
 * Whether `quantity` of the pledge fits the need now: the pledge approved and in its window, the
 * need open and of a kind and area the pledge serves, and — from the allocation ledger — the
 * quantity within what the pledge has left, the value within what the need lacks, the household
 * within the pledge's cap. Answers the ranking factors of the need (for the proposal's record).
 */
async function checkFit(knex: Knex, pledge: Row, need: Row, quantity: number, today: string): Promise<{ factors: unknown[] }> {
  if (pledge.status !== PledgeStatus.APPROVED) fail(UserErrorCode.PLEDGE_NOT_APPROVED, ['input', 'pledge'], { state: pledge.status });
  const from = dayOf(pledge.valid_from);
  const until = dayOf(pledge.valid_until);
  if (until < today) fail(UserErrorCode.WINDOW_ENDED, ['input', 'pledge'], { endedOn: until });
  if (from > today) fail(UserErrorCode.WINDOW_NOT_OPEN, ['input', 'pledge'], { from, until });
  if (need.status !== 'OPEN') fail(UserErrorCode.NEED_NOT_OPEN, ['input', 'need']);
  if (!(pledge.need_kinds as string[]).includes(need.kind)) fail(UserErrorCode.NEED_KIND_NOT_PLEDGED, ['input', 'need']);
  const inArea = pledge.area_level === 'COUNTY' || (pledge.area_level === 'TOWNSHIP' && String(pledge.township_id) === String(need.township_id))
    || (pledge.area_level === 'COMMUNITY' && String(pledge.community_id) === String(need.community_id));
  if (!inArea) fail(UserErrorCode.OUTSIDE_PLEDGE_AREA, ['input', 'need']);
  const { rows: [s] } = await knex.raw(
    `select (select coalesce(sum(quantity), 0) from donation_allocation where pledge_id = ?) as pledged_out,
            (select coalesce(sum(value), 0) from donation_allocation where need_id = ?) as need_in,
            (select coalesce(sum(quantity), 0) from donation_allocation where pledge_id = ? and household_id = ?) as household_in`,
    [pledge.id, need.id, pledge.id, need.household_id],
  );
  const remaining = Number(pledge.quantity) - Number(s.pledged_out);
  const lacking = Number(need.uncovered_amount) - Number(s.need_in);
  if (quantity > remaining) fail(UserErrorCode.EXCEEDS_PLEDGE, ['input', 'quantity'], { remaining });
  if (quantity * Number(pledge.unit_value) > lacking) fail(UserErrorCode.EXCEEDS_NEED, ['input', 'quantity'], { lacking: Math.max(lacking, 0) });
  if (pledge.cap_per_household != null) {
    const room = Number(pledge.cap_per_household) - Number(s.household_in);
    if (quantity > room) fail(UserErrorCode.EXCEEDS_HOUSEHOLD_CAP, ['input', 'quantity'], { room: Math.max(room, 0) });
  }
  const { rows: [f] } = await knex.raw(
    `select ${URGENCY_SQL} as u, ${VULNERABILITY_SQL} as v, greatest(0, ?::date - (n.created_at at time zone 'Asia/Shanghai')::date) as days
       from need n join household h on h.id = n.household_id where n.id = ?`, [today, need.id]);
  const share = Number(s.need_in) / Math.max(Number(need.uncovered_amount), 1);
  const distance = pledge.area_level === 'COMMUNITY' ? 0 : pledge.area_level === 'TOWNSHIP' ? 1 : 2;
  return {
    factors: [
      { factor: 'URGENCY', value: Number(f.u), points: [0, 10, 25, 40][Number(f.u)], maxPoints: 40 },
      { factor: 'VULNERABILITY', value: Number(f.v), points: Math.round(2500 * Math.min(Number(f.v), 10) / 10) / 100, maxPoints: 25 },
      { factor: 'DAYS_WAITING', value: Number(f.days), points: Math.round(1500 * Math.min(Number(f.days), 180) / 180) / 100, maxPoints: 15 },
      { factor: 'SHARE_COVERED', value: Math.round(share * 10_000) / 10_000, points: Math.round(1000 * (1 - share)) / 100, maxPoints: 10 },
      { factor: 'AREA_DISTANCE', value: distance, points: [10, 5, 0][distance], maxPoints: 10 },
    ],
  };
}

/** `size` ids drawn without replacement by a PRNG seeded from `seed` (mulberry32): the same seed draws the same sample. */
export function sample(ids: string[], size: number, seed: string): string[] {
  let a = parseInt(seed.slice(0, 8), 16) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = [...ids];
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n).sort((x, y) => Number(x) - Number(y));
}

