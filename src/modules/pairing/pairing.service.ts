/**
 * Pairing assistance (R18, R20): partners and confirmed households paired and approved, the
 * pairing ledger, needs published for partners, utility accounts. One service for GraphQL, the
 * batch imports and the signed webhooks (src/webhooks/partner-import.ts): `registerAssistance` is
 * the single way a ledger entry is written, whatever the channel. GraphQL-free: it takes database
 * keys (null for an id that names nothing of its type — reported as before, same code and path)
 * and answers problem codes; every write goes through the one mutation runner (src/db/mutation.ts),
 * which writes the SUCCESS audit row `Mutation.<verb>`.
 */
import { WebhookSecretBox } from '../../webhooks/secrets';
import crypto from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { householdScope } from '../../access/scope';
import { audited, runMutation } from '../../db/mutation';
import { loadPolicy } from '../../policy/policy.reader';
import type { ServiceContext } from '../../shared/context';
import { countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { fail, refused, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { NEED_CHANGED, needChangedPayload } from '../../webhooks/need-notice';
import { enqueue } from '../../webhooks/outbox.worker';
import { announceNeedToPledgers } from '../../webhooks/platform-notice';
import { resolveTarget, TargetPolicy, TargetRefused, URL_MAX } from '../../webhooks/webhook-target';
import type { AssistanceRecord } from '../../../partner-adapters/partner-adapter';
import { CivilizedUnitLevel } from '../partners/partner.enums';
import { AssistanceKind, LedgerOrigin, NeedKind, NeedStatus, NeedUrgency, PairingStatus, Utility } from './pairing.enums';
import { Need, Pairing, PairingHousehold, PairingPartner, PartnerSubscription } from './pairing.entity';

const TEXT_MAX = 500;
const NEED_TEXT_MAX = 200;
const AMOUNT_MAX = 10_000_000; // fen for one ledger entry or need: more is a typing error
const HOURS_MAX = 1000;
const QUOTA: Record<CivilizedUnitLevel, 'CIVILIZED_UNIT_QUOTA_NATIONAL' | 'CIVILIZED_UNIT_QUOTA_PROVINCIAL' | 'CIVILIZED_UNIT_QUOTA_CITY' | 'CIVILIZED_UNIT_QUOTA_COUNTY'> = {
  NATIONAL: 'CIVILIZED_UNIT_QUOTA_NATIONAL',
  PROVINCIAL: 'CIVILIZED_UNIT_QUOTA_PROVINCIAL',
  CITY: 'CIVILIZED_UNIT_QUOTA_CITY',
  COUNTY: 'CIVILIZED_UNIT_QUOTA_COUNTY',
};

/**
 * A ledger record as a channel hands it over: the adapter's record (partner-adapters/), plus for
 * staff typing in the partner it is for and optionally the pairing, as database keys.
 */
export type AssistanceInput = AssistanceRecord & { pairingId?: string | null; partnerId?: string | null };

export interface AssistanceOutcome {
  entryId: string;
  /** The same record was received before: nothing new was written. */
  duplicate: boolean;
}

export class PairingService {
  /** A partner (for itself, from needs) or the civilization office proposes a pairing. */
  async propose(ctx: ServiceContext, input: { partnerIds: (string | null)[]; householdIds: (string | null)[]; needIds: (string | null)[]; note: string }): Promise<Result<string>> {
    return runMutation(ctx, 'proposePairing', async (tx) => {
      const knex = sqlOf(tx);
      const note = this.text(input.note, ['input', 'note'], TEXT_MAX);
      const p = ctx.principal;
      let partnerIds = input.partnerIds;
      if (p.kind === 'PARTNER') {
        // A partner proposes for itself only, and reaches households only through published needs.
        if (partnerIds.some((id) => id !== p.partnerId) || input.householdIds.length) fail(UserErrorCode.NOT_YOUR_PAIRING, ['input', 'partners']);
        partnerIds = [p.partnerId];
      }
      if (partnerIds.length === 0 || partnerIds.some((id) => !id)) fail(UserErrorCode.NOT_FOUND, ['input', 'partners']);
      const partners = await knex('partner_organisation').whereIn('id', partnerIds as string[]).select('id');
      if (partners.length !== new Set(partnerIds).size) fail(UserErrorCode.NOT_FOUND, ['input', 'partners']);

      const householdIds = new Set<string>();
      for (const id of input.householdIds) {
        if (!id) fail(UserErrorCode.NOT_FOUND, ['input', 'households']);
        householdIds.add(id);
      }
      for (const id of input.needIds) {
        const need = id ? await knex('need').where({ id, status: NeedStatus.OPEN }).first() : null;
        if (!need) fail(UserErrorCode.NOT_FOUND, ['input', 'needs']);
        householdIds.add(String(need.household_id));
      }
      if (householdIds.size === 0) fail(UserErrorCode.REQUIRED, ['input', 'households']);
      const households = await knex('household').whereIn('id', [...householdIds]).select('id', 'status');
      if (households.length !== householdIds.size) fail(UserErrorCode.NOT_FOUND, ['input', 'households']);
      if (households.some((h: { status: string }) => h.status !== 'IN_HARDSHIP')) fail(UserErrorCode.NOT_ENTITLED, ['input', 'households'], { state: 'NOT_IN_HARDSHIP' });

      const pairing = tx.create(Pairing, { note, createdBy: p.actor, updatedBy: p.actor });
      await tx.flush();
      for (const id of new Set(partnerIds as string[])) tx.create(PairingPartner, { pairing, partner: id });
      for (const id of householdIds) tx.create(PairingHousehold, { pairing, household: id });
      await tx.flush();
      return audited(pairing.id, 'Pairing', pairing.id);
    });
  }

  /** Civil affairs or the civilization office approves; civilized units stay within their quota. */
  async decide(ctx: ServiceContext, input: { pairingId: string | null; version: number; reason?: string | null }, approve: boolean): Promise<Result<string>> {
    return runMutation(ctx, approve ? 'approvePairing' : 'rejectPairing', async (tx) => {
      const knex = sqlOf(tx);
      const id = input.pairingId;
      const pairing = id ? await tx.findOne(Pairing, { id }) : null;
      if (!pairing) fail(UserErrorCode.NOT_FOUND, ['input', 'pairing']);
      if (pairing!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: pairing!.version });
      if (pairing!.status !== PairingStatus.PROPOSED) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'pairing'], { state: pairing!.status });
      const reason = input.reason?.trim() || null;
      if (!approve && !reason) fail(UserErrorCode.REQUIRED, ['input', 'reason']);
      if (reason && textLength(reason) > TEXT_MAX) fail(UserErrorCode.STRING_TOO_LONG, ['input', 'reason'], { max: TEXT_MAX });
      const today = countyToday(ctx.clock);
      if (approve) {
        // Lock the civilized units of this pairing so concurrent approvals count one after the other.
        const units = await knex('partner_organisation as o').join('pairing_partner as pp', 'pp.partner_id', 'o.id')
          .where('pp.pairing_id', pairing!.id).whereNotNull('o.level').select('o.id', 'o.level', 'o.name').forUpdate();
        if (units.length) {
          const policy = await loadPolicy(knex, today);
          const newHouseholds = (await knex('pairing_household').where('pairing_id', pairing!.id).pluck('household_id')).map(String);
          for (const unit of units) {
            const quota = policy.values[QUOTA[unit.level as CivilizedUnitLevel]];
            const current = (await knex('pairing_household as ph').join('pairing_partner as pp', 'pp.pairing_id', 'ph.pairing_id')
              .join('pairing as p', 'p.id', 'ph.pairing_id').where({ 'pp.partner_id': unit.id, 'p.status': PairingStatus.APPROVED })
              .distinct('ph.household_id').pluck('ph.household_id')).map(String);
            const total = new Set([...current, ...newHouseholds]).size;
            if (total > quota) fail(UserErrorCode.QUOTA_EXCEEDED, ['input', 'pairing'], { partner: unit.name, quota, total });
          }
        }
      }
      pairing!.status = approve ? PairingStatus.APPROVED : PairingStatus.REJECTED;
      pairing!.decidedBy = ctx.principal.actor;
      pairing!.decidedOn = today;
      pairing!.decisionReason = reason;
      pairing!.updatedAt = ctx.clock.now();
      pairing!.updatedBy = ctx.principal.actor;
      await tx.flush();
      return audited(pairing!.id, 'Pairing', pairing!.id);
    });
  }

  /**
   * The one way into the ledger. Resolves the household (card number or registered utility
   * account), finds the approved pairing of the partner with it, and writes the entry — or, when
   * the partner's own id was seen before, answers with that entry if the record is the same and a
   * conflict if it is not. `partnerId` is the partner the entry is for: the caller itself for
   * partners; named explicitly by staff typing in.
   */
  async registerAssistance(ctx: ServiceContext, record: AssistanceInput, origin: LedgerOrigin, path: string[] = ['input']): Promise<Result<AssistanceOutcome>> {
    // Audited as the mutation it is, whatever the channel (GraphQL, a batch, a webhook); a resend
    // answered from the earlier entry is a success too and names that entry.
    return runMutation(ctx, 'registerPairingAssistance', async (tx) => {
      const outcome = await this.registerInTx(tx, ctx, record, origin, path);
      return audited(outcome, 'PairingLedgerEntry', outcome.entryId, { origin, externalId: record.externalId?.trim() || null, ...(outcome.duplicate ? { duplicate: true } : {}) });
    });
  }

  private async registerInTx(tx: EntityManager, ctx: ServiceContext, record: AssistanceInput, origin: LedgerOrigin, path: string[]): Promise<AssistanceOutcome> {
    const knex = sqlOf(tx);
    const p = ctx.principal;
    const at = (...f: string[]) => [...path, ...f];
    const partnerId = p.kind === 'PARTNER' ? p.partnerId : record.partnerId ?? null;
    if (!partnerId) fail(UserErrorCode.REQUIRED, at('partner'));
    if (p.kind !== 'PARTNER' && origin !== LedgerOrigin.TYPED) fail(UserErrorCode.NOT_YOUR_PAIRING, at('partner'));
    const externalId = record.externalId?.trim() || null;
    if (origin !== LedgerOrigin.TYPED && !externalId) fail(UserErrorCode.REQUIRED, at('externalId'));
    if (externalId && textLength(externalId) > 100) fail(UserErrorCode.STRING_TOO_LONG, at('externalId'), { max: 100 });
    const description = this.text(record.description, at('description'), TEXT_MAX);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.givenOn) || Number.isNaN(Date.parse(record.givenOn))) fail(UserErrorCode.INVALID_FORMAT, at('givenOn'));
    if (record.givenOn > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, at('givenOn'));
    if (record.amount != null && (!Number.isSafeInteger(record.amount) || record.amount < 0)) fail(UserErrorCode.AMOUNT_NEGATIVE, at('amount'));
    if (record.amount != null && record.amount > AMOUNT_MAX) fail(UserErrorCode.AMOUNT_TOO_LARGE, at('amount'), { max: AMOUNT_MAX });
    const needsAmount = [AssistanceKind.CASH, AssistanceKind.GOODS, AssistanceKind.FEE_WAIVER].includes(record.kind as AssistanceKind);
    if (needsAmount && !record.amount) fail(UserErrorCode.REQUIRED, at('amount'));
    if (record.kind === AssistanceKind.VOLUNTEER_HOURS && (!record.hours || record.hours <= 0 || record.hours > HOURS_MAX || Math.round(record.hours * 4) !== record.hours * 4)) {
      fail(UserErrorCode.OUT_OF_RANGE, at('hours'), { min: 0.25, max: HOURS_MAX });
    }

    // Idempotency first: a resend of a known record answers the same, whatever changed since.
    const payloadHash = crypto.createHash('sha256').update(JSON.stringify([record.reference, record.kind, record.givenOn, record.amount ?? null, record.hours ?? null, description])).digest('hex');
    const seenBefore = async (): Promise<AssistanceOutcome | null> => {
      const seen = await knex('pairing_ledger_entry').where({ partner_id: partnerId, external_id: externalId }).select('id', 'payload_hash').first();
      if (!seen) return null;
      if (seen.payload_hash !== payloadHash) fail(UserErrorCode.IDEMPOTENCY_CONFLICT, at('externalId'));
      return { entryId: String(seen.id), duplicate: true };
    };
    if (externalId) {
      const earlier = await seenBefore();
      if (earlier) return earlier;
    }

    const household = await this.resolveHousehold(knex, record.reference);
    if (!household) fail('assistanceCardNumber' in record.reference ? UserErrorCode.UNKNOWN_CARD_NUMBER : UserErrorCode.UNKNOWN_UTILITY_ACCOUNT, at('reference'));
    const pairingKey = record.pairingId ?? null;
    const pairingQuery = knex('pairing as p')
      .join('pairing_partner as pp', 'pp.pairing_id', 'p.id')
      .join('pairing_household as ph', 'ph.pairing_id', 'p.id')
      .where({ 'p.status': PairingStatus.APPROVED, 'pp.partner_id': partnerId, 'ph.household_id': household!.id })
      .select('p.id').orderBy('p.id', 'desc').first();
    if (pairingKey) pairingQuery.where('p.id', pairingKey);
    const pairing = await pairingQuery;
    // Not paired: the same answer whether or not the household exists for this partner.
    if (!pairing) fail(UserErrorCode.NOT_PAIRED, at('reference'));
    // A concurrent resend may insert the same (partner, external id) between the read above and
    // this insert. The unique index (pairing_ledger_external_uniq) makes this insert wait for that
    // transaction; if it committed, nothing is inserted and the next statement (read committed: a
    // fresh snapshot) reads its row, so every resender gets the first answer — a duplicate for the
    // same content, a conflict for other content. Treating the unique violation itself as a
    // conflict answered IDEMPOTENCY_CONFLICT to identical resends (issue 8, item 11).
    const { rows } = await knex.raw(
      `? on conflict (partner_id, external_id) where external_id is not null do nothing returning id`,
      [knex('pairing_ledger_entry').insert({
        pairing_id: pairing.id, partner_id: partnerId, household_id: household!.id, township_id: household!.township_id, kind: record.kind,
        given_on: record.givenOn, amount: record.amount ?? null, hours: record.hours ?? null, description, origin,
        external_id: externalId, payload_hash: externalId ? payloadHash : null, recorded_by: p.actor,
      })],
    );
    if (rows.length === 0) {
      const earlier = await seenBefore();
      // The row that blocked the insert is committed, so it is there to read.
      if (!earlier) throw new Error('ledger insert conflicted but the conflicting entry is not visible');
      return earlier;
    }
    return { entryId: String(rows[0].id), duplicate: false };
  }

  private async resolveHousehold(knex: Knex, ref: AssistanceRecord['reference']): Promise<{ id: string; township_id: string } | null> {
    if ('assistanceCardNumber' in ref) {
      const h = await knex('household').where({ assistance_card_number: String(ref.assistanceCardNumber).trim().toUpperCase() }).select('id', 'township_id').first();
      return h ? { id: String(h.id), township_id: String(h.township_id) } : null;
    }
    const h = await knex('household_utility_account as u').join('household as h', 'h.id', 'u.household_id')
      .where({ 'u.utility': ref.utility, 'u.account_number': String(ref.accountNumber).trim() }).select('h.id', 'h.township_id').first();
    return h ? { id: String(h.id), township_id: String(h.township_id) } : null;
  }

  /** A township (its own households) or a department (households it sees) publishes a need. */
  async publishNeed(ctx: ServiceContext, input: { householdId: string | null; kind: NeedKind; uncoveredAmount: number; urgency: NeedUrgency; description: string }): Promise<Result<string>> {
    return runMutation(ctx, 'publishNeed', async (tx) => {
      const knex = sqlOf(tx);
      const description = this.text(input.description, ['input', 'description'], NEED_TEXT_MAX);
      if (!Number.isSafeInteger(input.uncoveredAmount) || input.uncoveredAmount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, ['input', 'uncoveredAmount']);
      if (input.uncoveredAmount > AMOUNT_MAX) fail(UserErrorCode.AMOUNT_TOO_LARGE, ['input', 'uncoveredAmount'], { max: AMOUNT_MAX });
      const id = input.householdId;
      const scope = householdScope(ctx.principal);
      const h = id ? await knex('household as h').whereRaw(scope.sql, scope.params as never[]).where('h.id', id).select('h.id', 'h.status', 'h.township_id', 'h.community_id').first() : null;
      if (!h) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      if (h.status !== 'IN_HARDSHIP') fail(UserErrorCode.NOT_ENTITLED, ['input', 'household'], { state: h.status });
      // Partners read needs anonymised: the text may not carry a member's name or an id number.
      const names: string[] = await knex('person').where({ household_id: h.id }).whereNull('removed_at').pluck('name');
      if (/\d{15,18}|\d{17}[Xx]/.test(description) || names.some((n) => n && description.includes(n))) fail(UserErrorCode.PERSONAL_DATA_IN_TEXT, ['input', 'description']);
      const need = tx.create(Need, {
        household: h.id, township: h.township_id, community: h.community_id, kind: input.kind, uncoveredAmount: input.uncoveredAmount,
        urgency: input.urgency, description, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor,
        // Its instant from the request's clock: `publishedOn` is the county day of it.
        createdAt: ctx.clock.now(), updatedAt: ctx.clock.now(),
      });
      await tx.flush();
      await this.announceNeed(tx, need.id);
      return audited(need.id, 'Need', need.id);
    });
  }

  async setNeedStatus(ctx: ServiceContext, input: { needId: string | null; version: number; status: NeedStatus; uncoveredAmount?: number | null }): Promise<Result<string>> {
    return runMutation(ctx, 'updateNeed', async (tx) => {
      const knex = sqlOf(tx);
      const id = input.needId;
      const scope = householdScope(ctx.principal);
      const visible = id ? await knex('need as n').join('household as h', 'h.id', 'n.household_id').whereRaw(scope.sql, scope.params as never[]).where('n.id', id).first() : null;
      const need = visible ? await tx.findOne(Need, { id: id! }) : null;
      if (!need) fail(UserErrorCode.NOT_FOUND, ['input', 'need']);
      if (need!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: need!.version });
      if (input.uncoveredAmount != null && (input.uncoveredAmount < 0 || input.uncoveredAmount > AMOUNT_MAX)) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'uncoveredAmount'], { min: 0, max: AMOUNT_MAX });
      need!.status = input.status;
      if (input.uncoveredAmount != null) need!.uncoveredAmount = input.uncoveredAmount;
      need!.updatedAt = ctx.clock.now();
      need!.updatedBy = ctx.principal.actor;
      await tx.flush();
      await this.announceNeed(tx, need!.id);
      return audited(need!.id, 'Need', need!.id);
    });
  }

  /** A household registers its utility account so utilities can name it in fee-waiver files. */
  /** Answers the household's id. */
  async registerUtilityAccount(ctx: ServiceContext, input: { householdId: string | null; utility: Utility; accountNumber: string }): Promise<Result<string>> {
    return runMutation(ctx, 'registerUtilityAccount', async (tx) => {
      const knex = sqlOf(tx);
      const account = input.accountNumber?.trim() ?? '';
      if (!/^[0-9A-Za-z-]{4,40}$/.test(account)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'accountNumber']);
      const id = input.householdId;
      const scope = householdScope(ctx.principal);
      const h = id ? await knex('household as h').whereRaw(scope.sql, scope.params as never[]).where('h.id', id).first() : null;
      if (!h) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      await knex('household_utility_account').insert({ household_id: h.id, utility: input.utility, account_number: account, created_by: ctx.principal.actor });
      return audited(String(h.id), 'Household', String(h.id), { utility: input.utility });
    }, {
      // One account number per utility: a second registration (of any household) is refused.
      onUniqueViolation: (constraint) => (constraint === 'utility_account_uniq' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'accountNumber'] } : undefined),
    });
  }

  /**
   * A partner subscribes to needs of some kinds at a URL of its own. The URL must be https and
   * reach public addresses only (src/webhooks/webhook-target.ts; checked again before every
   * delivery), so a partner cannot make the server POST into its own network (SSRF).
   */
  async subscribe(ctx: ServiceContext, input: { url: string; needKinds: NeedKind[] }, targets: TargetPolicy, secrets: WebhookSecretBox): Promise<Result<{ id: string; signingSecret: string }>> {
    const p = ctx.principal;
    // The operation guard admits partners only (access matrix); this keeps the type narrow.
    if (p.kind !== 'PARTNER') throw new Error('subscribeToNeeds: partners only');
    const text = input.url?.trim() ?? '';
    if (!text) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'url'] });
    if (textLength(text) > URL_MAX) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'url'], params: { max: URL_MAX } });
    if (input.needKinds.length === 0) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'needKinds'] });
    // Resolved before the transaction opens: no transaction waits on DNS.
    try {
      await resolveTarget(text, targets);
    } catch (err) {
      if (!(err instanceof TargetRefused)) throw err;
      return refused({ code: err.reason === 'INVALID_URL' ? UserErrorCode.INVALID_FORMAT : UserErrorCode.WEBHOOK_URL_NOT_ALLOWED, path: ['input', 'url'] });
    }
    return runMutation(ctx, 'subscribeToNeeds', async (tx) => {
      const key = await sqlOf(tx)('partner_api_key').where('id', p.apiKeyId).first();
      const s = tx.create(PartnerSubscription, { partner: p.partnerId, needKinds: [...new Set(input.needKinds)], url: text, signingKeyId: key.key_id, createdBy: p.actor, updatedBy: p.actor });
      await tx.flush();
      // Its own signing secret (issue 14): answered once, stored only sealed under the server key.
      const signingSecret = WebhookSecretBox.newSecret();
      s.signingSecret = secrets.seal(signingSecret, 'partner_subscription', s.id);
      await tx.flush();
      return audited({ id: s.id, signingSecret }, 'PartnerSubscription', s.id);
    });
  }

  /**
   * Notifies the partners subscribed to a need's kind, through the outbox, in the transaction that
   * changed the need: the notification commits with the change or not at all.
   */
  private async announceNeed(tx: EntityManager, needId: string): Promise<void> {
    const knex = sqlOf(tx);
    const need = await knex('need as n').join('community as c', 'c.id', 'n.community_id').join('township as t', 't.id', 'n.township_id')
      .where('n.id', needId).select('n.*', 'c.name as community_name', 't.name as township_name').first();
    const subscriptions = await knex('partner_subscription').where({ active: true }).whereRaw('need_kinds @> array[?]::text[]', [need.kind]).select('id');
    for (const s of subscriptions) {
      await enqueue(knex, { subscriptionId: s.id, eventType: NEED_CHANGED, payload: needChangedPayload(need) });
    }
    // donors module (issue 12): pledgers whose approved pledges may serve the need hear of it too.
    await announceNeedToPledgers(knex, needId);
  }

  private text(value: string | null | undefined, path: string[], max: number): string {
    const v = value?.trim() ?? '';
    if (!v) fail(UserErrorCode.REQUIRED, path);
    // Characters, not UTF-16 units: varchar counts characters, and rare CJK characters are two units.
    if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
    return v;
  }
}
