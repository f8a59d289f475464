/**
 * Thin GraphQL edge of identification (R8–R10): decode global ids (an id that names nothing of
 * the type becomes null, which the service reports as NOT_FOUND), call one service method, answer
 * with toPayload.
 */
import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload, toPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, keyOf, toGlobalId } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { Result } from '../../shared/result';
import { HouseholdNode } from '../registry/registry.types';
import { ObjectionSource } from './identification.enums';
import {
  CaseDecisionInput, CaseFilter, CaseStepInput, ObjectionInput, PostPublicNoticeInput, RecordInvestigationInput, RecordReviewOpinionInput,
  ResolveObjectionInput, SubmitApplicationInput,
} from './identification.inputs';
import { CaseListFilter } from './identification.reader';
import { IdentificationService } from './identification.service';
import {
  CaseNoticeNode, CaseTransitionNode, IdentificationCaseNode, InvestigationRecordNode, NoticeObjectionNode, PublicNoticeUnion,
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

/** The case read back through the request's loaders (the caller's rows). */
function casePayload(ctx: RequestContext, result: Result<string>): Promise<CasePayload> {
  return toPayload(ctx, CasePayload, result, async (id) => ({ case: await ctx.loaders.identificationCase.load(id) }));
}

function objectionPayload(ctx: RequestContext, result: Result<string>): Promise<ObjectionPayload> {
  return toPayload(ctx, ObjectionPayload, result, (id) => ({ objectionId: toGlobalId('NoticeObjection', id) }));
}

/** A step's input with its case decoded. */
function onCase<T extends { case: string }>(input: T): Omit<T, 'case'> & { case: string | null } {
  return { ...input, case: keyOf(input.case, 'IdentificationCase') };
}

/** An optional id filter: undefined when not given, null when it names nothing of `type`. */
function optionalKey(id: string | null | undefined, type: string): string | null | undefined {
  return id == null ? undefined : keyOf(id, type);
}

function listFilter(filter: CaseFilter | null | undefined): CaseListFilter {
  return {
    state: filter?.state, noticeEnteredLate: filter?.noticeEnteredLate,
    householdId: optionalKey(filter?.household, 'Household'), townshipId: optionalKey(filter?.township, 'Township'),
  };
}

@Resolver()
export class IdentificationResolver {
  @Query(() => CaseConnection.type, { description: 'Identification cases you may see, newest first. 认定申请列表。' })
  async identificationCases(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => CaseFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: CaseFilter) {
    return CaseConnection.from(await ctx.loaders.caseReader.casePage(listFilter(filter), page));
  }

  @Query(() => [PublicNoticeUnion], { description: 'Notices of a township on the board today: exactly R10\'s fields, for anyone. 乡镇当前公示（公开）。' })
  async publicNotices(@Ctx() ctx: RequestContext, @Arg('township', () => ID, { description: 'Township.id, from township(code:) (e.g. 350421100, no sign-in needed) or townships. 乡镇：Township.id（由 township(code:) 或 townships 获得，无需登录）。' }) township: string) {
    const key = keyOf(township, 'Township');
    return key ? ctx.loaders.caseReader.currentNotices(key, countyToday(ctx.clock)) : [];
  }

  @Mutation(() => CasePayload, { description: 'R8: receive a household\'s written application. 受理申请。' })
  async submitApplication(@Arg('input', () => SubmitApplicationInput, { description: 'The input. 输入。' }) input: SubmitApplicationInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.submitApplication(ctx, { household: keyOf(input.household, 'Household'), appliedOn: input.appliedOn, reason: input.reason }));
  }

  @Mutation(() => CasePayload, { description: 'R9(a): start the township investigation. 开始调查。' })
  async startInvestigation(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.startInvestigation(ctx, onCase(input)));
  }

  @Mutation(() => CasePayload, { description: 'R9(a): record one investigation method. 登记调查。' })
  async recordInvestigation(@Arg('input', () => RecordInvestigationInput, { description: 'The input. 输入。' }) input: RecordInvestigationInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.recordInvestigation(ctx, onCase(input)));
  }

  @Mutation(() => CasePayload, { description: 'R9(a), R11: the township\'s review opinion and causes. 乡镇审核意见。' })
  async recordReviewOpinion(@Arg('input', () => RecordReviewOpinionInput, { description: 'The input. 输入。' }) input: RecordReviewOpinionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.recordReviewOpinion(ctx, onCase(input)));
  }

  @Mutation(() => CasePayload, { description: 'R10: post the first or second public notice. 张贴公示。' })
  async postPublicNotice(@Arg('input', () => PostPublicNoticeInput, { description: 'The input. 输入。' }) input: PostPublicNoticeInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.postPublicNotice(ctx, onCase(input)));
  }

  @Mutation(() => ObjectionPayload, { description: 'Record an objection received during a notice. 登记公示异议。' })
  async recordObjection(@Arg('input', () => ObjectionInput, { description: 'The input. 输入。' }) input: ObjectionInput, @Ctx() ctx: RequestContext) {
    return objectionPayload(ctx, await service.recordObjection(ctx, { notice: keyOf(input.notice, 'PublicNotice'), summary: input.summary }, ObjectionSource.TOWNSHIP));
  }

  @Mutation(() => ObjectionPayload, { description: 'Anyone may object to a notice on the board, anonymously. 群众匿名提出公示异议。' })
  async submitPublicObjection(@Arg('input', () => ObjectionInput, { description: 'The input. 输入。' }) input: ObjectionInput, @Ctx() ctx: RequestContext) {
    return objectionPayload(ctx, await service.recordObjection(ctx, { notice: keyOf(input.notice, 'PublicNotice'), summary: input.summary }, ObjectionSource.PUBLIC));
  }

  @Mutation(() => ObjectionPayload, { description: 'Resolve an objection: dismissed (continues) or upheld (back or rejected). 处理异议。' })
  async resolveObjection(@Arg('input', () => ResolveObjectionInput, { description: 'The input. 输入。' }) input: ResolveObjectionInput, @Ctx() ctx: RequestContext) {
    return objectionPayload(ctx, await service.resolveObjection(ctx, { ...input, objection: keyOf(input.objection, 'NoticeObjection') }));
  }

  @Mutation(() => CasePayload, { description: 'R10(a): forward to the county after the first notice. 报县审核。' })
  async forwardToCounty(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.forwardToCounty(ctx, onCase(input)));
  }

  @Mutation(() => CasePayload, { description: 'R9(b): county civil affairs approves; the eligibility trace is kept. 县民政局审核同意。' })
  async approveApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.decide(ctx, onCase(input), true));
  }

  @Mutation(() => CasePayload, { description: 'R9(b): county civil affairs rejects, with a reason. 县民政局不予认定。' })
  async rejectApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.decide(ctx, onCase(input), false));
  }

  @Mutation(() => CasePayload, { description: 'R10(b): confirm the household on the list after the second notice. 纳入城市困难家庭名单。' })
  async confirmHousehold(@Arg('input', () => CaseStepInput, { description: 'The input. 输入。' }) input: CaseStepInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.confirmHousehold(ctx, onCase(input)));
  }

  @Mutation(() => CasePayload, { description: 'Withdraw an open application, with a reason. 撤回申请。' })
  async withdrawApplication(@Arg('input', () => CaseDecisionInput, { description: 'The input. 输入。' }) input: CaseDecisionInput, @Ctx() ctx: RequestContext) {
    return casePayload(ctx, await service.withdraw(ctx, onCase(input)));
  }
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
