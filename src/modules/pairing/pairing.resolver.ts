import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { sqlOf } from '../../access/audit';
import { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode } from '../../graphql/errors';
import { MutationPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, toGlobalId } from '../../graphql/relay';
import { enqueue } from '../../integrations/outbox.worker';
import { CommunityNode, HouseholdNode } from '../registry/registry.types';
import { LedgerOrigin } from './pairing.enums';
import { PartnerSubscription } from './pairing.entity';
import { PairingService } from './pairing.service';
import { ImportRefused, importPartnerRecords } from './partner-import';
import {
  DecidePairingInput, ImportPartnerRecordsInput, ImportResult, LedgerEntryNode, LedgerTotal, NeedFilter, NeedNode, PairedHouseholdNode,
  PairingNode, PairingPartnerView, ProposePairingInput, PublishNeedInput, RegisterPairingAssistanceInput, RegisterUtilityAccountInput,
  SubscribeToNeedsInput, UpdateNeedInput,
} from './pairing.types';

const NeedConnection = Connection(NeedNode, 'Need', '帮扶需求');
const PairingConnection = Connection(PairingNode, 'Pairing', '结对');

export enum LedgerGrouping {
  HOUSEHOLD = 'HOUSEHOLD',
  PARTNER = 'PARTNER',
  TOWNSHIP = 'TOWNSHIP',
  KIND = 'KIND',
}
registerEnumType(LedgerGrouping, {
  name: 'LedgerGrouping',
  description: 'How to group ledger totals. 台账汇总方式。',
  valuesConfig: {
    HOUSEHOLD: { description: 'By household (assistance-card number). 按家庭。' }, PARTNER: { description: 'By partner. 按帮扶单位。' },
    TOWNSHIP: { description: 'By township. 按乡镇。' }, KIND: { description: 'By kind. 按形式。' },
  },
});

@ObjectType({ implements: MutationPayload, description: 'Result of publishing or changing a need. 需求操作结果。' })
class NeedPayload extends MutationPayload {
  @Field(() => NeedNode, { nullable: true, description: 'The need. 需求。' }) need: NeedNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of a pairing step. 结对操作结果。' })
class PairingPayload extends MutationPayload {
  @Field(() => PairingNode, { nullable: true, description: 'The pairing. 结对。' }) pairing: PairingNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerPairingAssistance. 登记结果。' })
class RegisterPairingAssistancePayload extends MutationPayload {
  @Field(() => LedgerEntryNode, { nullable: true, description: 'The ledger entry (the earlier one for a resend). 台账记录。' }) entry: LedgerEntryNode | null = null;
  @Field({ description: 'The same record was received before; nothing new was written. 是否重复提交。' }) duplicate: boolean = false;
}
@ObjectType({ implements: MutationPayload, description: 'Result of importPartnerRecords. 导入结果。' })
class ImportPartnerRecordsPayload extends MutationPayload {
  @Field(() => ImportResult, { nullable: true, description: 'Per-record outcome. 逐条结果。' }) result: ImportResult | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerUtilityAccount. 登记结果。' })
class RegisterUtilityAccountPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of subscribeToNeeds. 订阅结果。' })
class SubscribeToNeedsPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The subscription. 订阅。' }) subscriptionId: string | null = null;
}

const service = new PairingService();

/**
 * Notifies the partners subscribed to a need's kind, through the outbox, in the transaction that
 * changed the need. The payload is the anonymised view partners may read.
 */
export async function announceNeed(tx: EntityManager, needId: string): Promise<void> {
  const knex = sqlOf(tx);
  const need = await knex('need as n').join('community as c', 'c.id', 'n.community_id').join('township as t', 't.id', 'n.township_id')
    .where('n.id', needId).select('n.*', 'c.name as community_name', 't.name as township_name').first();
  const subscriptions = await knex('partner_subscription').where({ active: true }).whereRaw('need_kinds @> array[?]::text[]', [need.kind]).select('id');
  for (const s of subscriptions) {
    await enqueue(knex, {
      subscriptionId: s.id, eventType: 'need.changed',
      payload: {
        need: toGlobalId('Need', String(need.id)), kind: need.kind, uncoveredAmount: need.uncovered_amount, urgency: need.urgency,
        status: need.status, community: need.community_name, township: need.township_name, description: need.description,
      },
    });
  }
}

@Resolver()
export class PairingResolver {
  @Query(() => NeedConnection.type, { description: 'Needs: partners see open needs anonymised; staff the households they see. 帮扶需求。' })
  async needs(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => NeedFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: NeedFilter) {
    return NeedConnection.from(await ctx.loaders.pairingReader.needPage(filter, page));
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
    const r = await service.publishNeed(ctx, input, (tx, id) => announceNeed(tx, id));
    return Object.assign(new NeedPayload(), r.ok ? { need: await ctx.loaders.need.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => NeedPayload, { description: 'Mark a need covered or closed, or change what is uncovered. 更新需求。' })
  async updateNeed(@Arg('input', () => UpdateNeedInput, { description: 'The input. 输入。' }) input: UpdateNeedInput, @Ctx() ctx: RequestContext) {
    const r = await service.setNeedStatus(ctx, input, (tx, id) => announceNeed(tx, id));
    return Object.assign(new NeedPayload(), r.ok ? { need: await ctx.loaders.need.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => PairingPayload, { description: 'Propose a pairing (a partner from needs; the civilization office with households). 提出结对。' })
  async proposePairing(@Arg('input', () => ProposePairingInput, { description: 'The input. 输入。' }) input: ProposePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.propose(ctx, input);
    return Object.assign(new PairingPayload(), r.ok ? { pairing: await ctx.loaders.pairing.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => PairingPayload, { description: 'Approve a pairing; civilized units stay within their quota. 批准结对。' })
  async approvePairing(@Arg('input', () => DecidePairingInput, { description: 'The input. 输入。' }) input: DecidePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.decide(ctx, input, true);
    return Object.assign(new PairingPayload(), r.ok ? { pairing: await ctx.loaders.pairing.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => PairingPayload, { description: 'Reject a pairing, with a reason. 不批准结对。' })
  async rejectPairing(@Arg('input', () => DecidePairingInput, { description: 'The input. 输入。' }) input: DecidePairingInput, @Ctx() ctx: RequestContext) {
    const r = await service.decide(ctx, input, false);
    return Object.assign(new PairingPayload(), r.ok ? { pairing: await ctx.loaders.pairing.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => RegisterPairingAssistancePayload, { description: 'Record what was given in a pairing (the pairing ledger, R20). 登记结对帮扶。' })
  async registerPairingAssistance(@Arg('input', () => RegisterPairingAssistanceInput, { description: 'The input. 输入。' }) input: RegisterPairingAssistanceInput, @Ctx() ctx: RequestContext) {
    const reference = input.utilityAccount ? { utility: input.utilityAccount.utility, accountNumber: input.utilityAccount.accountNumber } : { assistanceCardNumber: input.assistanceCardNumber ?? '' };
    const origin = ctx.principal.kind === 'PARTNER' ? LedgerOrigin.PARTNER_SYSTEM : LedgerOrigin.TYPED;
    const r = await service.registerAssistance(ctx, {
      externalId: input.externalId ?? '', reference, kind: input.kind, givenOn: input.givenOn, amount: input.amount ?? null, hours: input.hours ?? null,
      description: input.description, pairing: input.pairing, partner: input.partner,
    }, origin);
    if (!r.ok) return Object.assign(new RegisterPairingAssistancePayload(), { userErrors: r.userErrors });
    const [entry] = await ctx.loaders.pairingReader.ledgerByIds([r.value.entryId]);
    return Object.assign(new RegisterPairingAssistancePayload(), { entry: entry ?? null, duplicate: r.value.duplicate });
  }

  @Mutation(() => ImportPartnerRecordsPayload, { description: 'Upload a batch in your native format; valid records land, others come back with reasons. 批量导入。' })
  async importPartnerRecords(@Arg('input', () => ImportPartnerRecordsInput, { description: 'The input. 输入。' }) input: ImportPartnerRecordsInput, @Ctx() ctx: RequestContext) {
    try {
      return Object.assign(new ImportPartnerRecordsPayload(), { result: await importPartnerRecords(ctx, service, input.format, input.content, LedgerOrigin.IMPORTED) });
    } catch (err) {
      if (err instanceof ImportRefused) throw new DomainError(ErrorCode.BAD_USER_INPUT, `${err.code}: ${err.message}`);
      throw err;
    }
  }

  @Mutation(() => RegisterUtilityAccountPayload, { description: 'Register a household\'s utility account. 登记公用事业户号。' })
  async registerUtilityAccount(@Arg('input', () => RegisterUtilityAccountInput, { description: 'The input. 输入。' }) input: RegisterUtilityAccountInput, @Ctx() ctx: RequestContext) {
    const r = await service.registerUtilityAccount(ctx, input);
    if (!r.ok) return Object.assign(new RegisterUtilityAccountPayload(), { userErrors: r.userErrors });
    return Object.assign(new RegisterUtilityAccountPayload(), { household: await ctx.loaders.household.load(String((await ctx.knex('household_utility_account').where('id', r.value).first()).household_id)) });
  }

  @Mutation(() => SubscribeToNeedsPayload, { description: 'Be notified (signed POSTs) of new or changed needs of some kinds. 订阅需求通知。' })
  async subscribeToNeeds(@Arg('input', () => SubscribeToNeedsInput, { description: 'The input. 输入。' }) input: SubscribeToNeedsInput, @Ctx() ctx: RequestContext) {
    if (ctx.principal.kind !== 'PARTNER') throw new DomainError(ErrorCode.FORBIDDEN, 'Partners only');
    const r = await service.subscribe(ctx, input, ctx.webhookTargets);
    return Object.assign(new SubscribeToNeedsPayload(), r.ok ? { subscriptionId: toGlobalId('PartnerSubscription', r.value) } : { userErrors: r.userErrors });
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

