import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode } from '../../graphql/errors';
import { toPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, keyOf, toGlobalId } from '../../graphql/relay';
import { ImportRefused, importPartnerRecords } from '../../webhooks/partner-import';
import { CommunityNode, HouseholdNode } from '../registry/registry.types';
import { LedgerGrouping, LedgerOrigin } from './pairing.enums';
import {
  DecidePairingInput, ImportPartnerRecordsInput, NeedFilter, ProposePairingInput, PublishNeedInput, RegisterPairingAssistanceInput,
  RegisterUtilityAccountInput, SubscribeToNeedsInput, UpdateNeedInput,
} from './pairing.inputs';
import { PairingService } from './pairing.service';
import {
  ImportPartnerRecordsPayload, LedgerEntryNode, LedgerTotal, NeedNode, NeedPayload, PairedHouseholdNode, PairingNode, PairingPartnerView, PairingPayload,
  RegisterPairingAssistancePayload, RegisterUtilityAccountPayload, SubscribeToNeedsPayload,
} from './pairing.types';

const NeedConnection = Connection(NeedNode, 'Need', '帮扶需求');
const PairingConnection = Connection(PairingNode, 'Pairing', '结对');

const service = new PairingService();

/** Global ids → database keys; an id that names nothing of the type becomes null (the service says NOT_FOUND). */
const keysOf = (ids: string[] | null | undefined, type: string) => (ids ?? []).map((g) => keyOf(g, type));

@Resolver()
export class PairingResolver {
  @Query(() => NeedConnection.type, { description: 'Needs: partners see open needs anonymised; staff the households they see. 帮扶需求。' })
  async needs(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => NeedFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: NeedFilter) {
    return NeedConnection.from(await ctx.loaders.pairingReader.needPage(filter && { ...filter, townshipId: filter.township == null ? undefined : keyOf(filter.township, 'Township') }, page));
  }

  @Query(() => PairingConnection.type, { description: 'Pairings: a partner its own; staff by their scope. 结对关系。' })
  async pairings(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return PairingConnection.from(await ctx.loaders.pairingReader.pairingPage(page));
  }

  @Query(() => [LedgerTotal], { description: 'Pairing-ledger totals in SQL, by household, partner, township or kind. 结对台账汇总。' })
  async ledgerTotals(@Ctx() ctx: RequestContext, @Arg('by', () => LedgerGrouping, { description: 'Grouping. 汇总方式。' }) by: LedgerGrouping) {
    // Finance and the leading group see aggregates of the whole county, never per household.
    const aggregateOnly = ctx.principal.role === 'FINANCE' || ctx.principal.role === 'LEADING_GROUP';
    if (aggregateOnly && by === LedgerGrouping.HOUSEHOLD) throw new DomainError(ErrorCode.FORBIDDEN, 'Per-household totals are not for your role');
    return ctx.loaders.pairingReader.totals(by, aggregateOnly);
  }

  @Mutation(() => NeedPayload, { description: 'Publish a confirmed household\'s uncovered need for partners. 发布帮扶需求。' })
  async publishNeed(@Arg('input', () => PublishNeedInput, { description: 'The input. 输入。' }) input: PublishNeedInput, @Ctx() ctx: RequestContext) {
    const r = await service.publishNeed(ctx, { ...input, householdId: keyOf(input.household, 'Household') });
    return toPayload(ctx, NeedPayload, r, async (id) => ({ need: await ctx.loaders.need.load(id) }));
  }

  @Mutation(() => NeedPayload, { description: 'Mark a need covered or closed, or change what is uncovered. 更新需求。' })
  async updateNeed(@Arg('input', () => UpdateNeedInput, { description: 'The input. 输入。' }) input: UpdateNeedInput, @Ctx() ctx: RequestContext) {
    const r = await service.setNeedStatus(ctx, { ...input, needId: keyOf(input.need, 'Need') });
    return toPayload(ctx, NeedPayload, r, async (id) => ({ need: await ctx.loaders.need.load(id) }));
  }

  @Mutation(() => PairingPayload, { description: 'Propose a pairing (a partner from needs; the civilization office with households). 提出结对。' })
  async proposePairing(@Arg('input', () => ProposePairingInput, { description: 'The input. 输入。' }) input: ProposePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.propose(ctx, {
      partnerIds: keysOf(input.partners, 'PartnerOrganisation'), householdIds: keysOf(input.households, 'Household'), needIds: keysOf(input.needs, 'Need'), note: input.note,
    });
    return toPayload(ctx, PairingPayload, r, async (id) => ({ pairing: await ctx.loaders.pairing.load(id) }));
  }

  @Mutation(() => PairingPayload, { description: 'Approve a pairing; civilized units stay within their quota. 批准结对。' })
  async approvePairing(@Arg('input', () => DecidePairingInput, { description: 'The input. 输入。' }) input: DecidePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.decide(ctx, { ...input, pairingId: keyOf(input.pairing, 'Pairing') }, true);
    return toPayload(ctx, PairingPayload, r, async (id) => ({ pairing: await ctx.loaders.pairing.load(id) }));
  }

  @Mutation(() => PairingPayload, { description: 'Reject a pairing, with a reason. 不批准结对。' })
  async rejectPairing(@Arg('input', () => DecidePairingInput, { description: 'The input. 输入。' }) input: DecidePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.decide(ctx, { ...input, pairingId: keyOf(input.pairing, 'Pairing') }, false);
    return toPayload(ctx, PairingPayload, r, async (id) => ({ pairing: await ctx.loaders.pairing.load(id) }));
  }

  @Mutation(() => RegisterPairingAssistancePayload, { description: 'Record what was given in a pairing (the pairing ledger, R20). 登记结对帮扶。' })
  async registerPairingAssistance(@Arg('input', () => RegisterPairingAssistanceInput, { description: 'The input. 输入。' }) input: RegisterPairingAssistanceInput, @Ctx() ctx: RequestContext) {
    const reference = input.utilityAccount ? { utility: input.utilityAccount.utility, accountNumber: input.utilityAccount.accountNumber } : { assistanceCardNumber: input.assistanceCardNumber ?? '' };
    // Typed in by staff, or sent by a partner's system with its key.
    const origin = ctx.principal.kind === 'PARTNER' ? LedgerOrigin.PARTNER_SYSTEM : LedgerOrigin.TYPED;
    const r = await service.registerAssistance(ctx, {
      externalId: input.externalId ?? '', reference, kind: input.kind, givenOn: input.givenOn, amount: input.amount ?? null, hours: input.hours ?? null,
      description: input.description,
      // A pairing id that names no pairing filters nothing (as before); a missing or unknown partner is REQUIRED.
      pairingId: input.pairing ? keyOf(input.pairing, 'Pairing') : null, partnerId: input.partner ? keyOf(input.partner, 'PartnerOrganisation') : null,
    }, origin);
    return toPayload(ctx, RegisterPairingAssistancePayload, r, async (v) => {
      const [entry] = await ctx.loaders.pairingReader.ledgerByIds([v.entryId]);
      return { entry: entry ?? null, duplicate: v.duplicate };
    });
  }

  @Mutation(() => ImportPartnerRecordsPayload, { description: 'Upload a batch in your native format; valid records land, others come back with reasons. 批量导入。' })
  async importPartnerRecords(@Arg('input', () => ImportPartnerRecordsInput, { description: 'The input. 输入。' }) input: ImportPartnerRecordsInput, @Ctx() ctx: RequestContext) {
    try {
      return Object.assign(new ImportPartnerRecordsPayload(), { result: await importPartnerRecords(ctx, ctx.lang, input.format, input.content, LedgerOrigin.IMPORTED) });
    } catch (err) {
      // A batch refused as a whole (unknown format, not the caller's, too large) is bad input, not a userError.
      if (err instanceof ImportRefused) throw new DomainError(ErrorCode.BAD_USER_INPUT, `${err.code}: ${err.message}`);
      throw err;
    }
  }

  @Mutation(() => RegisterUtilityAccountPayload, { description: 'Register a household\'s utility account. 登记公用事业户号。' })
  async registerUtilityAccount(@Arg('input', () => RegisterUtilityAccountInput, { description: 'The input. 输入。' }) input: RegisterUtilityAccountInput, @Ctx() ctx: RequestContext) {
    const r = await service.registerUtilityAccount(ctx, { ...input, householdId: keyOf(input.household, 'Household') });
    return toPayload(ctx, RegisterUtilityAccountPayload, r, async (householdId) => ({ household: await ctx.loaders.household.load(householdId) }));
  }

  @Mutation(() => SubscribeToNeedsPayload, { description: 'Be notified (signed POSTs) of new or changed needs of some kinds. 订阅需求通知。' })
  async subscribeToNeeds(@Arg('input', () => SubscribeToNeedsInput, { description: 'The input. 输入。' }) input: SubscribeToNeedsInput, @Ctx() ctx: RequestContext) {
    // The access matrix admits partners only; this is the edge's answer should that ever change.
    if (ctx.principal.kind !== 'PARTNER') throw new DomainError(ErrorCode.FORBIDDEN, 'Partners only');
    const r = await service.subscribe(ctx, input, ctx.webhookTargets, ctx.webhookSecrets);
    return toPayload(ctx, SubscribeToNeedsPayload, r, (s) => ({ subscriptionId: toGlobalId('PartnerSubscription', s.id), signingSecret: s.signingSecret }));
  }
}

@Resolver(() => NeedNode)
export class NeedFieldsResolver {
  @FieldResolver(() => CommunityNode, { description: 'Community (the finest place a partner sees). 村（居）。' })
  community(@Root() n: NeedNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.community.load(n.communityId);
  }

  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null for partners and roles that may not see it). 家庭（帮扶主体不可见）。' })
  household(@Root() n: NeedNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(n.householdId);
  }
}

@Resolver(() => PairingNode)
export class PairingFieldsResolver {
  @FieldResolver(() => [PairingPartnerView], { description: 'Partners of the pairing. 帮扶单位。' })
  partners(@Root() p: PairingNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.pairingPartners.load(p.dbId);
  }

  @FieldResolver(() => [PairedHouseholdNode], { description: 'Households: head\'s name, community and contact once approved, nothing more. 结对家庭。' })
  households(@Root() p: PairingNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.pairingHouseholds.load(p.dbId);
  }

  @FieldResolver(() => [LedgerEntryNode], { description: 'The pairing ledger (a partner: its own entries). 结对台账。' })
  ledger(@Root() p: PairingNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.pairingLedger.load(p.dbId);
  }
}

@Resolver(() => PairedHouseholdNode)
export class PairedHouseholdFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The registry record, for staff who may see it (null for partners). 在档家庭（工作人员）。' })
  household(@Root() h: PairedHouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(h.householdId);
  }
}

