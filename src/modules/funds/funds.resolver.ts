import DataLoader from 'dataloader';
import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload } from '../../graphql/payload';
import { Connection, Node } from '../../graphql/relay';
import { HouseholdNode, TownshipNode } from '../registry/registry.types';
import { FundsReader, FundsService } from './funds.service';
import {
  AllocateFundInput, AllowanceRunArgs, AllowanceRunLineNode, AllowanceRunNode, CreateFundSourceInput, FundAllocationFilter, FundAllocationNode, FundSourceNode,
  RunMonthlyAllowanceInput,
} from './funds.types';

const RunConnection = Connection(AllowanceRunNode, 'AllowanceRun', '低保金发放');

// ---- per-request readers and loaders (rows the principal may see; never shared across requests) ----
function byId<T extends { dbId: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((r) => [r.dbId, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function createFundsLoaders(reader: FundsReader) {
  return {
    reader,
    source: byId<FundSourceNode>((ids) => reader.sources(ids)),
    allocation: byId<FundAllocationNode>((ids) => reader.allocations(null, ids)),
    run: byId<AllowanceRunNode>((ids) => reader.runsByIds(ids)),
    lines: new DataLoader<string, AllowanceRunLineNode[]>(async (ids) => {
      const groups = new Map<string, AllowanceRunLineNode[]>(ids.map((id) => [id, []]));
      for (const line of await reader.lines(ids)) groups.get(line.runId)?.push(line);
      return ids.map((id) => groups.get(id) ?? []);
    }),
  };
}

const perRequest = new WeakMap<RequestContext, ReturnType<typeof createFundsLoaders>>();
function fundsOf(ctx: RequestContext) {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = createFundsLoaders(new FundsReader(ctx.knex, ctx.principal));
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

/** For `node(id:)` in registry.resolver.ts: the funds node types under the same row rules. */
export function fundsNode(ctx: RequestContext, type: string, key: string): Promise<Node | null> | null {
  switch (type) {
    case 'FundSource': return fundsOf(ctx).source.load(key);
    case 'FundAllocation': return fundsOf(ctx).allocation.load(key);
    case 'AllowanceRun': return fundsOf(ctx).run.load(key);
    default: return null;
  }
}

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

@Resolver()
export class FundsResolver {
  @Query(() => [FundSourceNode], { description: 'Fund sources with their totals (R20; aggregates only). 资金来源及汇总。' })
  fundSources(@Ctx() ctx: RequestContext) {
    return fundsOf(ctx).reader.sources();
  }

  @Query(() => [FundAllocationNode], { description: 'Allocations you may see (a department: its own measures), newest year first. 资金安排。' })
  fundAllocations(@Ctx() ctx: RequestContext, @Arg('filter', () => FundAllocationFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: FundAllocationFilter) {
    return fundsOf(ctx).reader.allocations(filter);
  }

  @Query(() => RunConnection.type, { description: 'Monthly allowance runs you may see, newest month first. 低保金发放批次。' })
  async allowanceRuns(@Args() args: AllowanceRunArgs, @Ctx() ctx: RequestContext) {
    return RunConnection.from(await fundsOf(ctx).reader.runPage(args.township, args));
  }

  @Mutation(() => CreateFundSourcePayload, { description: 'Register a source of assistance money (finance). 新建资金来源。' })
  async createFundSource(@Arg('input', () => CreateFundSourceInput, { description: 'The input. 输入。' }) input: CreateFundSourceInput, @Ctx() ctx: RequestContext) {
    const r = await service.createFundSource(ctx, input);
    return Object.assign(new CreateFundSourcePayload(), r.ok ? { fundSource: await fundsOf(ctx).source.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => AllocateFundPayload, { description: 'Set money of a source aside for a measure and year (finance). 安排资金。' })
  async allocateFund(@Arg('input', () => AllocateFundInput, { description: 'The input. 输入。' }) input: AllocateFundInput, @Ctx() ctx: RequestContext) {
    const r = await service.allocateFund(ctx, input);
    return Object.assign(new AllocateFundPayload(), r.ok ? { allocation: await fundsOf(ctx).allocation.load(r.value) } : { userErrors: r.userErrors });
  }

  @Mutation(() => RunMonthlyAllowancePayload, { description: 'R17: pay a township\'s minimum living allowance for a month, once. 发放乡镇月度低保金。' })
  async runMonthlyAllowance(@Arg('input', () => RunMonthlyAllowanceInput, { description: 'The input. 输入。' }) input: RunMonthlyAllowanceInput, @Ctx() ctx: RequestContext) {
    const r = await service.runMonthlyAllowance(ctx, input);
    if (!r.ok) return Object.assign(new RunMonthlyAllowancePayload(), { userErrors: r.userErrors });
    return Object.assign(new RunMonthlyAllowancePayload(), { run: await fundsOf(ctx).run.load(r.value.run), alreadyRun: r.value.alreadyRun });
  }
}

@Resolver(() => FundAllocationNode)
export class FundAllocationFieldsResolver {
  @FieldResolver(() => FundSourceNode, { nullable: true, description: 'Its source (null unless you read fund sources). 资金来源。' })
  source(@Root() a: FundAllocationNode, @Ctx() ctx: RequestContext) {
    return fundsOf(ctx).source.load(a.sourceId);
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
    return fundsOf(ctx).allocation.load(r.allocationId);
  }

  @FieldResolver(() => [AllowanceRunLineNode], {
    description: 'The roster: one line per household, in household order; it names heads of household, so it is empty for roles that read runs as aggregates (finance, the leading group). 发放花名册（财政、领导小组仅见汇总）。',
  })
  lines(@Root() r: AllowanceRunNode, @Ctx() ctx: RequestContext) {
    return fundsOf(ctx).lines.load(r.dbId);
  }
}

@Resolver(() => AllowanceRunLineNode)
export class AllowanceRunLineFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() l: AllowanceRunLineNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(l.householdId);
  }
}
