import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationAudit } from '../../graphql/mutation-audit';
import { MutationPayload } from '../../graphql/payload';
import { Connection, keyOf } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { ConnectionArgs } from '../registry/registry.resolver';
import { HouseholdNode } from '../registry/registry.types';
import { ObjectionSource } from './identification.enums';
import { CaseResult, IdentificationService } from './identification.service';
import {
  CaseDecisionInput, CaseFilter, CaseNoticeNode, CaseStepInput, CaseTransitionNode, IdentificationCaseNode, InvestigationRecordNode,
  NoticeObjectionNode, ObjectionInput, PostPublicNoticeInput, PublicNoticeUnion, RecordInvestigationInput, RecordReviewOpinionInput,
  ResolveObjectionInput, SubmitApplicationInput,
} from './identification.types';

const CaseConnection = Connection(IdentificationCaseNode, 'IdentificationCase', '认定申请');

@ObjectType({ implements: MutationPayload, description: 'Result of a step of an identification case. 认定办理结果。' })
class CasePayload extends MutationPayload {
  @Field(() => IdentificationCaseNode, { nullable: true, description: 'The case as it now stands. 办理后的案件。' }) case: IdentificationCaseNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of recording or resolving an objection. 异议登记或处理结果。' })
class ObjectionPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The objection\'s reference. 异议编号。' }) objectionId: string | null = null;
}

const service = new IdentificationService();

async function casePayload(ctx: RequestContext, r: CaseResult): Promise<CasePayload> {
  const payload = new CasePayload();
  if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
  return Object.assign(payload, { case: await ctx.loaders.identificationCase.load(r.value) });
}

@UseMiddleware(MutationAudit)
@Resolver()
export class IdentificationResolver {
  @Query(() => CaseConnection.type, { description: 'Identification cases you may see, newest first. 认定申请列表。' })
  async identificationCases(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => CaseFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: CaseFilter) {
    return CaseConnection.from(await ctx.loaders.caseReader.casePage(filter, page));
  }

  @Query(() => [PublicNoticeUnion], { description: 'Notices of a township on the board today: exactly R10\'s fields, for anyone. 乡镇当前公示（公开）。' })
  async publicNotices(@Ctx() ctx: RequestContext, @Arg('township', () => ID, { description: 'Township. 乡镇。' }) township: string) {
    const key = keyOf(township, 'Township');
    return key ? ctx.loaders.caseReader.currentNotices(key, countyToday(ctx.clock)) : [];
  }

  @Mutation(() => CasePayload, { description: 'R8: receive a household\'s written application. 受理申请。' })
  async submitApplication(@Arg('input', () => SubmitApplicationInput, { description: 'The input. 输入。' }) input: SubmitApplicationInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.submitApplication(ctx, { household: input.household, appliedOn: input.appliedOn, reason: input.reason }));
  }

  @Mutation(() => CasePayload, { description: 'R9(a): start the township investigation. 开始调查。' })
  async startInvestigation(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.startInvestigation(ctx, input));
  }

  @Mutation(() => CasePayload, { description: 'R9(a): record one investigation method. 登记调查。' })
  async recordInvestigation(@Arg('input', () => RecordInvestigationInput, { description: 'The input. 输入。' }) input: RecordInvestigationInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.recordInvestigation(ctx, input));
  }

  @Mutation(() => CasePayload, { description: 'R9(a), R11: the township\'s review opinion and causes. 乡镇审核意见。' })
  async recordReviewOpinion(@Arg('input', () => RecordReviewOpinionInput, { description: 'The input. 输入。' }) input: RecordReviewOpinionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.recordReviewOpinion(ctx, input));
  }

  @Mutation(() => CasePayload, { description: 'R10: post the first or second public notice. 张贴公示。' })
  async postPublicNotice(@Arg('input', () => PostPublicNoticeInput, { description: 'The input. 输入。' }) input: PostPublicNoticeInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.postPublicNotice(ctx, input));
  }

  @Mutation(() => ObjectionPayload, { description: 'Record an objection received during a notice. 登记公示异议。' })
  async recordObjection(@Arg('input', () => ObjectionInput, { description: 'The input. 输入。' }) input: ObjectionInput, @Ctx() ctx: RequestContext) {
    const r = await service.recordObjection(ctx, input, ObjectionSource.TOWNSHIP);
    return Object.assign(new ObjectionPayload(), r.ok ? { objectionId: toObjectionId(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => ObjectionPayload, { description: 'Anyone may object to a notice on the board, anonymously. 群众匿名提出公示异议。' })
  async submitPublicObjection(@Arg('input', () => ObjectionInput, { description: 'The input. 输入。' }) input: ObjectionInput, @Ctx() ctx: RequestContext) {
    const r = await service.recordObjection(ctx, input, ObjectionSource.PUBLIC);
    return Object.assign(new ObjectionPayload(), r.ok ? { objectionId: toObjectionId(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => ObjectionPayload, { description: 'Resolve an objection: dismissed (continues) or upheld (back or rejected). 处理异议。' })
  async resolveObjection(@Arg('input', () => ResolveObjectionInput, { description: 'The input. 输入。' }) input: ResolveObjectionInput, @Ctx() ctx: RequestContext) {
    const r = await service.resolveObjection(ctx, input);
    return Object.assign(new ObjectionPayload(), r.ok ? { objectionId: toObjectionId(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => CasePayload, { description: 'R10(a): forward to the county after the first notice. 报县审核。' })
  async forwardToCounty(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.forwardToCounty(ctx, input));
  }

  @Mutation(() => CasePayload, { description: 'R9(b): county civil affairs approves; the eligibility trace is kept. 县民政局审核同意。' })
  async approveApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.decide(ctx, input, true));
  }

  @Mutation(() => CasePayload, { description: 'R9(b): county civil affairs rejects, with a reason. 县民政局不予认定。' })
  async rejectApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.decide(ctx, input, false));
  }

  @Mutation(() => CasePayload, { description: 'R10(b): confirm the household on the list after the second notice. 纳入城市困难家庭名单。' })
  async confirmHousehold(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.confirmHousehold(ctx, input));
  }

  @Mutation(() => CasePayload, { description: 'Withdraw an open application, with a reason. 撤回申请。' })
  async withdrawApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.withdraw(ctx, input));
  }
}

function toObjectionId(id: string): string {
  return Buffer.from(`NoticeObjection:${id}`, 'utf8').toString('base64url');
}

@Resolver(() => IdentificationCaseNode)
export class IdentificationCaseFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household. 申请家庭。' })
  household(@Root() c: IdentificationCaseNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(c.householdId);
  }

  @FieldResolver(() => [CaseTransitionNode], { description: 'Every state change, oldest first. 办理过程。' })
  transitions(@Root() c: IdentificationCaseNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.caseTransitions.load(c.dbId);
  }

  @FieldResolver(() => [InvestigationRecordNode], { description: 'Investigation records (R9a). 调查记录。' })
  investigations(@Root() c: IdentificationCaseNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.caseInvestigations.load(c.dbId);
  }

  @FieldResolver(() => [CaseNoticeNode], { description: 'Public notices of the case. 公示记录。' })
  notices(@Root() c: IdentificationCaseNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.caseNotices.load(c.dbId);
  }
}

@Resolver(() => CaseNoticeNode)
export class CaseNoticeFieldsResolver {
  @FieldResolver(() => [NoticeObjectionNode], { description: 'Objections raised during the notice. 公示期间的异议。' })
  objections(@Root() n: CaseNoticeNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.noticeObjections.load(n.dbId);
  }
}

@Resolver(() => HouseholdNode)
export class HouseholdCasesResolver {
  @FieldResolver(() => [IdentificationCaseNode], { description: 'Its identification cases, newest first (township and civil affairs). 认定申请记录。' })
  identificationCases(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.casesOfHousehold.load(h.dbId);
  }
}
