import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { localize, toPayload } from '../../graphql/payload';
import { parsePlatformBatch } from '../../../partner-adapters/charity-platform/adapter';
import { UserErrorCode } from '../../shared/errors';
import { Connection, ConnectionArgs, keyOf, toGlobalId } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { DateScalar } from '../../graphql/scalars';
import { NeedNode } from '../pairing/pairing.types';
import { TownshipNode } from '../registry/registry.types';
import { AreaLevel, AssistanceTotalsGrouping } from './donors.enums';
import {
  ConfirmDonationReceiptInput, CreateCharityPlatformApiKeyInput, CreatePledgeInput, DecideDonationMatchInput, DecidePledgeInput, DispatchDonationInput,
  DonationMatchFilter, DonationNeedFilter, DrawReceiptVisitSampleInput, ImportPlatformBatchInput, PledgeFilter, ProposeDonationMatchInput, RegisterCharityPlatformInput, RegisterDonorInput,
  ReverseDonationAllocationInput, RevokeCharityPlatformApiKeyInput, RunFairAllocationInput, SetDonationUnitValueInput, SubscribeToDonationNoticesInput,
} from './donors.inputs';
import { DonorsService, PlatformImportRecord } from './donors.service';
import {
  AllocationRunNode, AssistanceChain, AssistanceTotal, CharityPlatformApiKeyNode, CharityPlatformNode, CharityPlatformPayload, CreateCharityPlatformApiKeyPayload,
  DonationMatchNode, DonationMatchPayload, DonationNeedNode, ImportPlatformBatchPayload, DonationUnitValuePayload, DonationUnitValueView, DonorNode, DonorPayload, PledgeNode, PledgePayload,
  PledgeTrace, RankedNeed, RankedPledge, ReceiptVisitSamplePayload, RevokeCharityPlatformApiKeyPayload, RunFairAllocationPayload, SubscribeToDonationNoticesPayload,
} from './donors.types';

const DonorConnection = Connection(DonorNode, 'Donor', '捐赠人');
const PledgeConnection = Connection(PledgeNode, 'Pledge', '捐赠');
const DonationNeedConnection = Connection(DonationNeedNode, 'DonationNeed', '匿名需求');
const DonationMatchConnection = Connection(DonationMatchNode, 'DonationMatch', '捐赠匹配');
const AllocationRunConnection = Connection(AllocationRunNode, 'AllocationRun', '公平分配批次');

const service = new DonorsService();
const today = (ctx: RequestContext) => countyToday(ctx.clock);
const FIRST = { defaultValue: 20, description: 'How many (1–100). 条数。' };

/** Global id → key; an id given but not of the type is the string '0', which names nothing (NOT_FOUND). */
const keyOr0 = (id: string | null | undefined, type: string) => (id == null ? null : keyOf(id, type) ?? '0');

@Resolver()
export class DonorsResolver {
  @Query(() => [CharityPlatformNode], { description: 'Charity platforms. 慈善平台。' })
  charityPlatforms(@Ctx() ctx: RequestContext) {
    return ctx.loaders.donorsReader.platforms();
  }

  @Query(() => DonorConnection.type, { description: 'Donors: a platform its own. 捐赠人。' })
  async donors(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return DonorConnection.from(await ctx.loaders.donorsReader.donorPage(page));
  }

  @Query(() => PledgeConnection.type, { description: 'Pledges: a platform or partner its own; a township those that can reach it; reviewers all. 捐赠。' })
  async pledges(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => PledgeFilter, { nullable: true, description: 'Filters. 筛选。' }) filter?: PledgeFilter) {
    return PledgeConnection.from(await ctx.loaders.donorsReader.pledgePage(filter, page));
  }

  @Query(() => DonationNeedConnection.type, { description: 'Open needs, anonymised under your pseudonyms (platforms, partners). 匿名需求。' })
  async donationNeeds(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => DonationNeedFilter, { nullable: true, description: 'Filters. 筛选。' }) filter?: DonationNeedFilter) {
    return DonationNeedConnection.from(await ctx.loaders.donorsReader.donationNeedPage(filter, page, today(ctx)));
  }

  @Query(() => [RankedNeed], { nullable: true, description: 'Candidate needs for a pledge, ranked, each with its factors; null when the pledge is not yours to see. 捐赠的候选需求排序。' })
  pledgeCandidates(@Arg('pledge', () => String, { description: 'The pledge. 捐赠。' }) pledge: string, @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, FIRST) first: number) {
    const key = keyOf(pledge, 'Pledge');
    return key ? ctx.loaders.donorsReader.pledgeCandidates(key, first, today(ctx)) : null;
  }

  @Query(() => [RankedPledge], { nullable: true, description: 'Candidate pledges for a need, ranked (staff); null when the need is not yours to see. 需求的候选捐赠排序。' })
  needCandidates(@Arg('need', () => String, { description: 'The need. 需求。' }) need: string, @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, FIRST) first: number) {
    const key = keyOf(need, 'Need');
    return key ? ctx.loaders.donorsReader.needCandidates(key, first, today(ctx)) : null;
  }

  @Query(() => DonationMatchConnection.type, { description: 'Matches: a platform or partner of its pledges; a township of its households; reviewers all. 捐赠匹配。' })
  async donationMatches(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => DonationMatchFilter, { nullable: true, description: 'Filters. 筛选。' }) filter?: DonationMatchFilter) {
    const f = filter && { status: filter.status, pledgeKey: filter.pledge == null ? undefined : keyOf(filter.pledge, 'Pledge'), runKey: filter.run == null ? undefined : keyOf(filter.run, 'AllocationRun') };
    return DonationMatchConnection.from(await ctx.loaders.donorsReader.matchPage(f, page, today(ctx)));
  }

  @Query(() => AllocationRunConnection.type, { description: 'Fair-allocation runs and their fairness figures. 公平分配批次。' })
  async allocationRuns(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return AllocationRunConnection.from(await ctx.loaders.donorsReader.runPage(page));
  }

  @Query(() => AssistanceChain, { nullable: true, description: 'Everything a household received from every source (R20); null when not yours to see. 家庭帮扶链条。' })
  assistanceChain(@Arg('household', () => String, { description: 'The household. 家庭。' }) household: string, @Ctx() ctx: RequestContext) {
    const key = keyOf(household, 'Household');
    return key ? ctx.loaders.donorsReader.assistanceChain(key) : null;
  }

  @Query(() => [AssistanceTotal], { description: 'County totals by source or by measure (aggregates only). 全县帮扶汇总。' })
  assistanceTotals(@Arg('by', () => AssistanceTotalsGrouping, { description: 'Grouping. 汇总方式。' }) by: AssistanceTotalsGrouping, @Ctx() ctx: RequestContext) {
    return ctx.loaders.donorsReader.assistanceTotals(by);
  }

  @Query(() => [DonationUnitValueView], { description: 'The default value table in force. 默认价值表。' })
  donationUnitValues(@Ctx() ctx: RequestContext, @Arg('asOf', () => DateScalar, { nullable: true, description: 'Day (default today). 日期。' }) asOf?: string) {
    return ctx.loaders.donorsReader.unitValues(asOf ?? today(ctx));
  }

  // ---- mutations ----
  @Mutation(() => CharityPlatformPayload, { description: 'Register a charity platform (civil affairs). 登记慈善平台。' })
  async registerCharityPlatform(@Arg('input', () => RegisterCharityPlatformInput, { description: 'The input. 输入。' }) input: RegisterCharityPlatformInput, @Ctx() ctx: RequestContext) {
    const r = await service.registerPlatform(ctx, input);
    return toPayload(ctx, CharityPlatformPayload, r, async (id) => ({ platform: await ctx.loaders.charityPlatform.load(id) }));
  }

  @Mutation(() => CreateCharityPlatformApiKeyPayload, { description: 'Create a charity platform key (shown once). 创建慈善平台密钥。' })
  async createCharityPlatformApiKey(@Arg('input', () => CreateCharityPlatformApiKeyInput, { description: 'The input. 输入。' }) input: CreateCharityPlatformApiKeyInput, @Ctx() ctx: RequestContext) {
    const r = await service.createPlatformApiKey(ctx, keyOf(input.platform, 'CharityPlatform'), input.label, input.scopes ?? undefined);
    return toPayload(ctx, CreateCharityPlatformApiKeyPayload, r, async (k) => ({ apiKey: (await ctx.loaders.donorsReader.platformKeysByIds([k.id]))[0] ?? null, secret: k.token }));
  }

  @Mutation(() => RevokeCharityPlatformApiKeyPayload, { description: 'Revoke a charity platform key at once. 吊销慈善平台密钥。' })
  async revokeCharityPlatformApiKey(@Arg('input', () => RevokeCharityPlatformApiKeyInput, { description: 'The input. 输入。' }) input: RevokeCharityPlatformApiKeyInput, @Ctx() ctx: RequestContext) {
    const r = await service.revokePlatformApiKey(ctx, keyOf(input.apiKey, 'CharityPlatformApiKey'), input.version);
    return toPayload(ctx, RevokeCharityPlatformApiKeyPayload, r, async (id) => ({ apiKey: (await ctx.loaders.donorsReader.platformKeysByIds([id]))[0] ?? null }));
  }

  @Mutation(() => DonorPayload, { description: 'Register a donor under your platform. 登记捐赠人。' })
  async registerDonor(@Arg('input', () => RegisterDonorInput, { description: 'The input. 输入。' }) input: RegisterDonorInput, @Ctx() ctx: RequestContext) {
    const r = await service.registerDonor(ctx, input);
    return toPayload(ctx, DonorPayload, r, async (id) => ({ donor: await ctx.loaders.donor.load(id) }));
  }

  @Mutation(() => PledgePayload, { description: 'Pledge money, goods, services or volunteer hours (platforms for their donors; giving partners). 登记捐赠。' })
  async createPledge(@Arg('input', () => CreatePledgeInput, { description: 'The input. 输入。' }) input: CreatePledgeInput, @Ctx() ctx: RequestContext) {
    const townshipId = keyOr0(input.township, 'Township');
    const communityId = keyOr0(input.community, 'Community');
    const r = await service.createPledge(ctx, {
      ...input, donorId: keyOr0(input.donor, 'Donor'), townshipId: townshipId === '0' ? null : townshipId, communityId: communityId === '0' ? null : communityId,
      areaIdInvalid: (input.areaLevel === AreaLevel.TOWNSHIP && townshipId === '0') || (input.areaLevel === AreaLevel.COMMUNITY && communityId === '0'),
    });
    return toPayload(ctx, PledgePayload, r, async (id) => ({ pledge: await ctx.loaders.pledge.load(id) }));
  }

  @Mutation(() => PledgePayload, { description: 'Approve a pending pledge for matching (civil affairs, civilization office). 审核通过捐赠。' })
  async approvePledge(@Arg('input', () => DecidePledgeInput, { description: 'The input. 输入。' }) input: DecidePledgeInput, @Ctx() ctx: RequestContext) {
    const r = await service.decidePledge(ctx, { pledgeId: keyOf(input.pledge, 'Pledge'), version: input.version, reason: input.reason }, true);
    return toPayload(ctx, PledgePayload, r, async (id) => ({ pledge: await ctx.loaders.pledge.load(id) }));
  }

  @Mutation(() => PledgePayload, { description: 'Block a pending pledge, with a reason. 拦截捐赠。' })
  async blockPledge(@Arg('input', () => DecidePledgeInput, { description: 'The input. 输入。' }) input: DecidePledgeInput, @Ctx() ctx: RequestContext) {
    const r = await service.decidePledge(ctx, { pledgeId: keyOf(input.pledge, 'Pledge'), version: input.version, reason: input.reason }, false);
    return toPayload(ctx, PledgePayload, r, async (id) => ({ pledge: await ctx.loaders.pledge.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Propose a pledge for a need (nothing is allocated until accepted). 提议匹配。' })
  async proposeDonationMatch(@Arg('input', () => ProposeDonationMatchInput, { description: 'The input. 输入。' }) input: ProposeDonationMatchInput, @Ctx() ctx: RequestContext) {
    const reader = ctx.loaders.donorsReader;
    let needId: string | null;
    if (reader.anonymised) {
      // Platforms and partners name a need by their pseudonym only; a real Need id opens nothing.
      const token = keyOf(input.need, 'DonationNeed');
      needId = token ? ((await reader.pseudonyms(today(ctx)))?.open(token) ?? null) : null;
    } else {
      needId = keyOf(input.need, 'Need');
    }
    const r = await service.proposeMatch(ctx, { pledgeId: keyOf(input.pledge, 'Pledge'), needId, quantity: input.quantity });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Accept a proposed match: allocates, in one transaction, never beyond the pledge or the need. 接受匹配（分配）。' })
  async acceptDonationMatch(@Arg('input', () => DecideDonationMatchInput, { description: 'The input. 输入。' }) input: DecideDonationMatchInput, @Ctx() ctx: RequestContext) {
    const r = await service.acceptMatch(ctx, { matchId: keyOf(input.match, 'DonationMatch'), version: input.version });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Reject a proposed match, with a reason. 不接受匹配。' })
  async rejectDonationMatch(@Arg('input', () => DecideDonationMatchInput, { description: 'The input. 输入。' }) input: DecideDonationMatchInput, @Ctx() ctx: RequestContext) {
    const r = await service.rejectMatch(ctx, { matchId: keyOf(input.match, 'DonationMatch'), version: input.version, reason: input.reason });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => RunFairAllocationPayload, { description: 'Run the fair allocation of approved pledges to open needs under shortage; publishes its figures. 公平分配。' })
  async runFairAllocation(@Ctx() ctx: RequestContext, @Arg('input', () => RunFairAllocationInput, { nullable: true, description: 'The scope (default: the county). 范围。' }) input?: RunFairAllocationInput) {
    const r = await service.runFairAllocation(ctx, input?.township == null ? {} : { townshipId: keyOf(input.township, 'Township') });
    return toPayload(ctx, RunFairAllocationPayload, r, async (id) => ({ run: await ctx.loaders.allocationRun.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Record that you dispatched an allocation. 登记发出。' })
  async dispatchDonation(@Arg('input', () => DispatchDonationInput, { description: 'The input. 输入。' }) input: DispatchDonationInput, @Ctx() ctx: RequestContext) {
    const r = await service.dispatch(ctx, { ...input, matchId: keyOf(input.match, 'DonationMatch') });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Confirm what the household received (township). 确认签收。' })
  async confirmDonationReceipt(@Arg('input', () => ConfirmDonationReceiptInput, { description: 'The input. 输入。' }) input: ConfirmDonationReceiptInput, @Ctx() ctx: RequestContext) {
    const r = await service.confirmReceipt(ctx, { ...input, matchId: keyOf(input.match, 'DonationMatch') });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => DonationMatchPayload, { description: 'Reverse an allocation (a reversing ledger entry; nothing is edited or deleted). 冲销分配。' })
  async reverseDonationAllocation(@Arg('input', () => ReverseDonationAllocationInput, { description: 'The input. 输入。' }) input: ReverseDonationAllocationInput, @Ctx() ctx: RequestContext) {
    const r = await service.reverseAllocation(ctx, { ...input, matchId: keyOf(input.match, 'DonationMatch') });
    return toPayload(ctx, DonationMatchPayload, r, async (id) => ({ match: await ctx.loaders.donationsOn(today(ctx)).match.load(id) }));
  }

  @Mutation(() => ReceiptVisitSamplePayload, { description: 'Draw the month\'s random sample of receipts for a home visit. 抽取回访样本。' })
  async drawReceiptVisitSample(@Arg('input', () => DrawReceiptVisitSampleInput, { description: 'The input. 输入。' }) input: DrawReceiptVisitSampleInput, @Ctx() ctx: RequestContext) {
    const r = await service.drawVisitSample(ctx, input);
    return toPayload(ctx, ReceiptVisitSamplePayload, r, async (id) => {
      const row = await ctx.knex('receipt_visit_sample').where({ id }).first();
      const matches = await ctx.loaders.donorsReader.matchesByIds((row.match_ids as string[]).map(String), today(ctx));
      return { sample: { month: row.month, seed: row.seed, population: row.population, matches } };
    });
  }

  @Mutation(() => DonationUnitValuePayload, { description: 'Set a value of the default value table (civil affairs). 设置默认价值。' })
  async setDonationUnitValue(@Arg('input', () => SetDonationUnitValueInput, { description: 'The input. 输入。' }) input: SetDonationUnitValueInput, @Ctx() ctx: RequestContext) {
    const r = await service.setUnitValue(ctx, input);
    return toPayload(ctx, DonationUnitValuePayload, r, async () => ({ values: await ctx.loaders.donorsReader.unitValues(input.effectiveFrom ?? today(ctx)) }));
  }

  @Mutation(() => ImportPlatformBatchPayload, { description: 'Send a batch of donors, pledges and dispatches in the charity-platform format. 批量导入捐赠人、捐赠与发出记录。' })
  async importPlatformBatch(@Arg('input', () => ImportPlatformBatchInput, { description: 'The input. 输入。' }) input: ImportPlatformBatchInput, @Ctx() ctx: RequestContext) {
    const parsed = parsePlatformBatch(input.content ?? '', { today: today(ctx) });
    // A batch that cannot be read at all is one userError; records are answered one by one.
    if (parsed.length === 1 && 'error' in parsed[0] && parsed[0].ref === 'payload') {
      return toPayload(ctx, ImportPlatformBatchPayload, { ok: false, problems: [{ code: UserErrorCode.INVALID_FORMAT, path: ['input', 'content'] }] }, () => ({}));
    }
    const records: PlatformImportRecord[] = parsed.map((p) => ('error' in p ? p : p.record.type === 'DISPATCH'
      ? { ref: p.ref, record: { type: 'DISPATCH', externalId: p.record.externalId, dispatchedOn: p.record.dispatchedOn, note: p.record.note, matchId: keyOf(p.record.match, 'DonationMatch') } }
      : { ref: p.ref, record: p.record }));
    const r = await service.importBatch(ctx, records);
    return toPayload(ctx, ImportPlatformBatchPayload, r, (o) => ({
      result: {
        accepted: o.accepted, duplicates: o.duplicates,
        rejected: o.rejected.map((x) => ({ record: x.record, code: x.code, message: x.problem ? localize(ctx.lang, [x.problem])[0].message : x.message ?? x.code })),
      },
    }));
  }

  @Mutation(() => SubscribeToDonationNoticesPayload, { description: 'Be notified (signed POSTs) of matching needs, decisions and receipts. 订阅捐赠通知。' })
  async subscribeToDonationNotices(@Arg('input', () => SubscribeToDonationNoticesInput, { description: 'The input. 输入。' }) input: SubscribeToDonationNoticesInput, @Ctx() ctx: RequestContext) {
    const r = await service.subscribe(ctx, input, ctx.webhookTargets, ctx.webhookSecrets);
    return toPayload(ctx, SubscribeToDonationNoticesPayload, r, (s) => ({ subscriptionId: toGlobalId('PlatformSubscription', s.id), signingSecret: s.signingSecret }));
  }
}

@Resolver(() => CharityPlatformNode)
export class CharityPlatformFieldsResolver {
  @FieldResolver(() => [CharityPlatformApiKeyNode], { description: 'Its API keys (civil affairs only; empty otherwise). 接口密钥。' })
  apiKeys(@Root() p: CharityPlatformNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.charityPlatformKeys.load(p.dbId);
  }
}

@Resolver(() => PledgeNode)
export class PledgeFieldsResolver {
  @FieldResolver(() => DonorNode, { nullable: true, description: 'The donor (for the platform and reviewers). 捐赠人。' })
  donor(@Root() p: PledgeNode, @Ctx() ctx: RequestContext) {
    return p.donorId ? ctx.loaders.donor.load(p.donorId) : null;
  }

  @FieldResolver(() => PledgeTrace, { description: 'Where it went (R20): allocated, dispatched, received, with need kind and area. 捐赠去向。' })
  trace(@Root() p: PledgeNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.donationsOn(today(ctx)).trace.load(p.dbId);
  }
}

@Resolver(() => RankedNeed)
export class RankedNeedFieldsResolver {
  @FieldResolver(() => NeedNode, { nullable: true, description: 'The need (staff who may see it; null for platforms and partners). 需求（工作人员）。' })
  need(@Root() r: RankedNeed, @Ctx() ctx: RequestContext) {
    return ctx.loaders.donorsReader.anonymised ? null : ctx.loaders.need.load(r.needKey);
  }
}

@Resolver(() => DonationMatchNode)
export class DonationMatchFieldsResolver {
  @FieldResolver(() => PledgeNode, { nullable: true, description: 'The pledge. 捐赠。' })
  pledge(@Root() m: DonationMatchNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.pledge.load(m.pledgeId);
  }

  @FieldResolver(() => NeedNode, { nullable: true, description: 'The need (staff who may see it; null for platforms and partners). 需求（工作人员）。' })
  need(@Root() m: DonationMatchNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.donorsReader.anonymised ? null : ctx.loaders.need.load(m.needKey);
  }

  @FieldResolver(() => DonationNeedNode, { nullable: true, description: 'The need anonymised, under your pseudonym (platforms and partners). 匿名需求。' })
  donationNeed(@Root() m: DonationMatchNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.donationsOn(today(ctx)).donationNeed.load(m.needKey);
  }

  @FieldResolver(() => AllocationRunNode, { nullable: true, description: 'The run that proposed it. 提议批次。' })
  run(@Root() m: DonationMatchNode, @Ctx() ctx: RequestContext) {
    return m.runId ? ctx.loaders.allocationRun.load(m.runId) : null;
  }
}

@Resolver(() => AllocationRunNode)
export class AllocationRunFieldsResolver {
  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township the run was for; null for a county-wide run. 乡镇（全县为空）。' })
  township(@Root() r: AllocationRunNode, @Ctx() ctx: RequestContext) {
    return r.townshipId ? ctx.loaders.township.load(r.townshipId) : null;
  }
}
