/**
 * Thin GraphQL edge of the funds module: decode global ids (an id that names nothing of the type
 * becomes null, which the service reports), call one service method, answer with toPayload; reads
 * through the request's loaders (funds.loaders.ts).
 */
import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload, toPayload } from '../../graphql/payload';
import { Connection, keyOf } from '../../graphql/relay';
import { HouseholdNode, TownshipNode } from '../registry/registry.types';
import { AllocateFundInput, AllowanceRunArgs, CreateFundSourceInput, FundAllocationFilter, RunMonthlyAllowanceInput } from './funds.inputs';
import { FundsService } from './funds.service';
import { AllowanceRunLineNode, AllowanceRunNode, FundAllocationNode, FundSourceNode } from './funds.types';

const RunConnection = Connection(AllowanceRunNode, 'AllowanceRun', '低保金发放');

// ---- payloads ----
@ObjectType({ implements: MutationPayload, description: 'Result of createFundSource. 新建资金来源结果。' })
class CreateFundSourcePayload extends MutationPayload {
  @Field(() => FundSourceNode, { nullable: true, description: 'The new source. 新资金来源。' }) fundSource: FundSourceNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of allocateFund. 安排资金结果。' })
class AllocateFundPayload extends MutationPayload {
  @Field(() => FundAllocationNode, { nullable: true, description: 'The new allocation. 新资金安排。' }) allocation: FundAllocationNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of runMonthlyAllowance. 低保金月度发放结果。' })
class RunMonthlyAllowancePayload extends MutationPayload {
  @Field(() => AllowanceRunNode, { nullable: true, description: 'The run (new, or the one already made for that township and month). 发放批次。' })
  run: AllowanceRunNode | null = null;

  @Field({ description: 'True when the month was already paid: the existing run is returned and nothing was written. 该月已发放（未重复写入）。' })
  alreadyRun: boolean = false;
}

const service = new FundsService();

/** An optional id argument: undefined when not given, null when it names nothing of `type`. */
function optionalKey(id: string | null | undefined, type: string): string | null | undefined {
  return id == null ? undefined : keyOf(id, type);
}

@Resolver()
export class FundsResolver {
  @Query(() => [FundSourceNode], { description: 'Fund sources with their totals (R20; aggregates only). 资金来源及汇总。' })
  fundSources(@Ctx() ctx: RequestContext) {
    return ctx.loaders.fundsReader.sources();
  }

  @Query(() => [FundAllocationNode], { description: 'Allocations you may see (a department: its own measures), newest year first. 资金安排。' })
  fundAllocations(@Ctx() ctx: RequestContext, @Arg('filter', () => FundAllocationFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: FundAllocationFilter) {
    return ctx.loaders.fundsReader.allocations(filter && { measure: filter.measure, year: filter.year, sourceId: optionalKey(filter.source, 'FundSource') });
  }

  @Query(() => RunConnection.type, { description: 'Monthly allowance runs you may see, newest month first. 低保金发放批次。' })
  async allowanceRuns(@Args() args: AllowanceRunArgs, @Ctx() ctx: RequestContext) {
    return RunConnection.from(await ctx.loaders.fundsReader.runPage(optionalKey(args.township, 'Township'), args));
  }

  @Mutation(() => CreateFundSourcePayload, { description: 'Register a source of assistance money (finance). 新建资金来源。' })
  async createFundSource(@Arg('input', () => CreateFundSourceInput, { description: 'The input. 输入。' }) input: CreateFundSourceInput, @Ctx() ctx: RequestContext) {
    const r = await service.createFundSource(ctx, input);
    return toPayload(ctx, CreateFundSourcePayload, r, async (id) => ({ fundSource: await ctx.loaders.fundSource.load(id) }));
  }

  @Mutation(() => AllocateFundPayload, { description: 'Set money of a source aside for a measure and year (finance). 安排资金。' })
  async allocateFund(@Arg('input', () => AllocateFundInput, { description: 'The input. 输入。' }) input: AllocateFundInput, @Ctx() ctx: RequestContext) {
    const r = await service.allocateFund(ctx, { sourceId: keyOf(input.source, 'FundSource'), measure: input.measure, year: input.year, amount: input.amount });
    return toPayload(ctx, AllocateFundPayload, r, async (id) => ({ allocation: await ctx.loaders.fundAllocation.load(id) }));
  }

  @Mutation(() => RunMonthlyAllowancePayload, { description: 'R17: pay a township\'s minimum living allowance for a month, once. 发放乡镇月度低保金。' })
  async runMonthlyAllowance(@Arg('input', () => RunMonthlyAllowanceInput, { description: 'The input. 输入。' }) input: RunMonthlyAllowanceInput, @Ctx() ctx: RequestContext) {
    const r = await service.runMonthlyAllowance(ctx, {
      townshipId: keyOf(input.township, 'Township'), month: input.month, allocationId: keyOf(input.allocation, 'FundAllocation'),
    });
    return toPayload(ctx, RunMonthlyAllowancePayload, r, async (v) => ({ run: await ctx.loaders.allowanceRun.load(v.run), alreadyRun: v.alreadyRun }));
  }
}

@Resolver(() => FundAllocationNode)
export class FundAllocationFieldsResolver {
  @FieldResolver(() => FundSourceNode, { nullable: true, description: 'Its source (null unless you read fund sources). 资金来源。' })
  source(@Root() a: FundAllocationNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.fundSource.load(a.sourceId);
  }
}

@Resolver(() => AllowanceRunNode)
export class AllowanceRunFieldsResolver {
  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township. 乡镇。' })
  township(@Root() r: AllowanceRunNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(r.townshipId);
  }

  @FieldResolver(() => FundAllocationNode, { nullable: true, description: 'The allocation it drew on (null unless you read it). 支出的资金安排。' })
  allocation(@Root() r: AllowanceRunNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.fundAllocation.load(r.allocationId);
  }

  @FieldResolver(() => [AllowanceRunLineNode], {
    description: 'The roster: one line per household, in household order; it names heads of household, so it is empty for roles that read runs as aggregates (finance, the leading group). 发放花名册（财政、领导小组仅见汇总）。',
  })
  lines(@Root() r: AllowanceRunNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.allowanceRunLines.load(r.dbId);
  }
}

@Resolver(() => AllowanceRunLineNode)
export class AllowanceRunLineFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() l: AllowanceRunLineNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(l.householdId);
  }
}
