/**
 * Thin GraphQL edge of supervision (R21, R22): decode ids, call one reader or service method,
 * answer with toPayload. Scorecards are read in one statement for all townships (the reader).
 */
import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload, toPayload } from '../../graphql/payload';
import { Connection, keyOf } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { FundAllocationNode } from '../funds/funds.types';
import { HouseholdNode, TownshipNode } from '../registry/registry.types';
import {
  ApproveAssessmentInput, CheckArgs, ScheduleRegularChecksInput, DrawSupervisionCheckInput, DrillDownArgs, RecordCheckFindingsInput, ReturnAssessmentInput, SubmitAssessmentInput,
} from './supervision.inputs';
import { FIGURE_CODES, FigureCode, isFigureCode } from './supervision.figures';
import { monthsOf, parsePeriod, Period } from './supervision.period';
import type { FigureCell } from './supervision.reader';
import { redraw, SupervisionService } from './supervision.service';
import {
  AllocationUseType, cellValue, CheckHouseholdNode, checkHouseholdNode, checkNode, CheckNode, DepartmentScorecardType, DepartmentScoreType,
  figureType, FigureCodeEnum, ScorecardFigureType, ScorecardMonthType, ScorecardSourceRowType, SignOffNode, signOffNode, sourceRowOf, TownshipScorecardType,
  TownshipScoreType, valueOf,
} from './supervision.types';

const SourceRowConnection = Connection(ScorecardSourceRowType, 'ScorecardSourceRow', '指标来源记录');
const CheckConnection = Connection(CheckNode, 'SupervisionCheck', '抽查');
const service = new SupervisionService();

function periodOf(key: string): Period {
  const p = parsePeriod(key);
  if (!p) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'period must be a year (2026), a quarter (2026-Q4) or a month (2026-11), 2000–2100');
  return p;
}

/** Totals over the cells given: sums of values and of bases (the scorecard's reconciliation rule). */
export function totalsOf(cells: readonly FigureCell[], codes: readonly FigureCode[] = FIGURE_CODES) {
  return codes.map((code) => {
    const mine = cells.filter((c) => c.figure === code);
    const base = mine.some((c) => c.base != null) ? mine.reduce((s, c) => s + (c.base ?? 0), 0) : null;
    return valueOf(code, mine.reduce((s, c) => s + c.value, 0), base);
  });
}

@ObjectType({ implements: MutationPayload, description: 'Result of drawSupervisionCheck. 抽取结果。' })
class DrawSupervisionCheckPayload extends MutationPayload {
  @Field(() => CheckNode, { nullable: true, description: 'The check with the households drawn. 抽查。' }) check: CheckNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of scheduleRegularChecks. 定期检查安排结果。' })
class ScheduleRegularChecksPayload extends MutationPayload {
  @Field(() => [CheckNode], { description: 'One check per township with households on the list. 各乡镇检查。' }) checks: CheckNode[] = [];
}

@ObjectType({ implements: MutationPayload, description: 'Result of recordCheckFindings. 核查结果登记结果。' })
class RecordCheckFindingsPayload extends MutationPayload {
  @Field(() => CheckHouseholdNode, { nullable: true, description: 'The household with its findings. 抽查家庭。' }) checkHousehold: CheckHouseholdNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of an assessment step. 考核报送审定结果。' })
class AssessmentPayload extends MutationPayload {
  @Field(() => SignOffNode, { nullable: true, description: 'The sign-off. 报送记录。' }) signOff: SignOffNode | null = null;
}

@Resolver()
export class SupervisionResolver {
  @Query(() => [ScorecardFigureType], { description: 'The figure registry: every scorecard figure with its formula (R22). 考核指标及口径。' })
  scorecardFigures() {
    return FIGURE_CODES.map(figureType);
  }

  @Query(() => TownshipScorecardType, { description: 'Township scorecards of a period side by side, ranked on each figure; a township reads its own row. 乡镇考核对比。' })
  async townshipScorecard(@Arg('period', { description: 'A year (2026), quarter (2026-Q4) or month (2026-11). 考核期。' }) key: string, @Ctx() ctx: RequestContext) {
    const period = periodOf(key);
    const computedAt = ctx.clock.now();
    const cells = await ctx.loaders.supervisionReader.scorecard([period], countyToday(ctx.clock));
    const byTownship = new Map<string, FigureCell[]>();
    for (const c of cells) byTownship.set(c.townshipId, [...(byTownship.get(c.townshipId) ?? []), c]);
    const townships = [...byTownship.entries()].map(([townshipId, list]) => Object.assign(new TownshipScoreType(), {
      townshipId, figures: list.map(cellValue), frozenAt: list[0]?.frozenAt ?? null,
    }));
    return Object.assign(new TownshipScorecardType(), { period: period.key, start: period.start, end: period.end, computedAt, townships, totals: totalsOf(cells) });
  }

  @Query(() => [ScorecardMonthType], { description: 'Month by month totals of a year (or quarter) over the townships you may read: trends. 月度趋势。' })
  async scorecardTrend(
    @Arg('period', { description: 'A year (2026) or quarter (2026-Q4). 期间。' }) key: string,
    @Ctx() ctx: RequestContext,
    @Arg('figures', () => [FigureCodeEnum], { nullable: true, description: 'Only these figures (default all): a trend of a few figures is computed faster. 仅这些指标。' }) figures?: string[] | null,
  ) {
    const months = monthsOf(periodOf(key));
    const only = figures?.length ? FIGURE_CODES.filter((c) => figures.includes(c)) : FIGURE_CODES;
    const cells = await ctx.loaders.supervisionReader.scorecard(months, countyToday(ctx.clock), { frozen: false, figures: only });
    return months.map((m) => Object.assign(new ScorecardMonthType(), { month: m.key, totals: totalsOf(cells.filter((c) => c.periodKey === m.key), only) }));
  }

  @Query(() => SourceRowConnection.type, {
    description: 'The records behind a figure for a township and period (civil affairs: any township; a township: its own; a department: its own measures\' rows; the leading group and finance read figures only). 指标下钻。',
  })
  async scorecardDrillDown(@Args() args: DrillDownArgs, @Ctx() ctx: RequestContext) {
    if (!isFigureCode(args.figure)) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'Unknown figure');
    const code: FigureCode = args.figure;
    const page = await ctx.loaders.supervisionReader.drillDown(code, periodOf(args.period), countyToday(ctx.clock), keyOf(args.township, 'Township'), args);
    return SourceRowConnection.from({ ...page, nodes: page.nodes.map((r) => sourceRowOf(code, r)) });
  }

  @Query(() => DepartmentScorecardType, { description: 'Department scorecards for the seven measures: items proposed, decided, delivered, overdue; money from each allocation. 部门考核。' })
  async departmentScorecard(@Arg('period', { description: 'A year, quarter or month. 考核期。' }) key: string, @Ctx() ctx: RequestContext) {
    const period = periodOf(key);
    const computedAt = ctx.clock.now();
    const { rows, allocations } = await ctx.loaders.supervisionReader.departmentScorecard(period, countyToday(ctx.clock));
    const measures = rows.map((r) => Object.assign(new DepartmentScoreType(), {
      ...r, allocations: allocations.filter((a) => a.measure === r.measure).map((a) => Object.assign(new AllocationUseType(), a)),
    }));
    return Object.assign(new DepartmentScorecardType(), { period: period.key, computedAt, measures });
  }

  @Query(() => CheckConnection.type, { description: 'Random and regular checks, newest first (civil affairs). 抽查记录。' })
  async supervisionChecks(@Args() args: CheckArgs, @Ctx() ctx: RequestContext) {
    const township = args.township == null ? undefined : keyOf(args.township, 'Township');
    const page = await ctx.loaders.supervisionRecords.checkPage(township, args);
    return CheckConnection.from({ ...page, nodes: page.nodes.map(checkNode) });
  }

  @Query(() => [SignOffNode], { description: 'Assessment sign-offs you may read (a township: its own), of a period when given. 考核报送审定记录。' })
  async assessmentSignOffs(
    @Ctx() ctx: RequestContext,
    @Arg('period', () => String, { nullable: true, description: 'Only this period. 仅此考核期。' }) period?: string | null,
  ) {
    const p = period == null ? null : periodOf(period).key;
    return (await ctx.loaders.supervisionRecords.signOffs({ period: p })).map(signOffNode);
  }

  @Mutation(() => DrawSupervisionCheckPayload, { description: 'R22: draw households of a township for a random or regular check (civil affairs); the seed is recorded. 抽取抽查家庭。' })
  async drawSupervisionCheck(@Arg('input', () => DrawSupervisionCheckInput, { description: 'The input. 输入。' }) input: DrawSupervisionCheckInput, @Ctx() ctx: RequestContext) {
    const r = await service.drawCheck(ctx, { townshipId: keyOf(input.township, 'Township'), kind: input.kind, seed: input.seed, dueOn: input.dueOn });
    return toPayload(ctx, DrawSupervisionCheckPayload, r, async (id) => ({ check: await ctx.loaders.supervisionCheck.load(id) }));
  }

  @Mutation(() => ScheduleRegularChecksPayload, { description: 'R22 "regularly": draw a regular check of every township, due on a day (civil affairs). 安排定期检查。' })
  async scheduleRegularChecks(@Arg('input', () => ScheduleRegularChecksInput, { description: 'The input. 输入。' }) input: ScheduleRegularChecksInput, @Ctx() ctx: RequestContext) {
    const r = await service.scheduleRegularChecks(ctx, input);
    return toPayload(ctx, ScheduleRegularChecksPayload, r, async (ids) => ({ checks: (await ctx.loaders.supervisionCheck.loadMany(ids)).filter((c): c is CheckNode => c instanceof CheckNode) }));
  }

  @Mutation(() => RecordCheckFindingsPayload, { description: 'Record the findings for one drawn household (civil affairs inspectors). 登记核查结果。' })
  async recordCheckFindings(@Arg('input', () => RecordCheckFindingsInput, { description: 'The input. 输入。' }) input: RecordCheckFindingsInput, @Ctx() ctx: RequestContext) {
    const r = await service.recordFindings(ctx, { ...input, checkHouseholdId: keyOf(input.checkHousehold, 'SupervisionCheckHousehold') });
    return toPayload(ctx, RecordCheckFindingsPayload, r, async (id) => {
      ctx.loaders.supervisionCheckHousehold.clear(id);
      return { checkHousehold: await ctx.loaders.supervisionCheckHousehold.load(id) };
    });
  }

  @Mutation(() => AssessmentPayload, { description: 'Submit your township\'s figures of a period for approval. 报送考核数据。' })
  async submitAssessment(@Arg('input', () => SubmitAssessmentInput, { description: 'The input. 输入。' }) input: SubmitAssessmentInput, @Ctx() ctx: RequestContext) {
    const r = await service.submitAssessment(ctx, input);
    return toPayload(ctx, AssessmentPayload, r, async (id) => ({ signOff: await ctx.loaders.assessmentSignOff.load(id) }));
  }

  @Mutation(() => AssessmentPayload, { description: 'Approve a submitted assessment: its figures are frozen (civil affairs). 审定考核数据。' })
  async approveAssessment(@Arg('input', () => ApproveAssessmentInput, { description: 'The input. 输入。' }) input: ApproveAssessmentInput, @Ctx() ctx: RequestContext) {
    const r = await service.approveAssessment(ctx, { signOffId: keyOf(input.signOff, 'AssessmentSignOff'), version: input.version });
    return toPayload(ctx, AssessmentPayload, r, async (id) => ({ signOff: await ctx.loaders.assessmentSignOff.load(id) }));
  }

  @Mutation(() => AssessmentPayload, { description: 'Return a submitted assessment with a reason (civil affairs). 退回考核数据。' })
  async returnAssessment(@Arg('input', () => ReturnAssessmentInput, { description: 'The input. 输入。' }) input: ReturnAssessmentInput, @Ctx() ctx: RequestContext) {
    const r = await service.returnAssessment(ctx, { signOffId: keyOf(input.signOff, 'AssessmentSignOff'), version: input.version, reason: input.reason });
    return toPayload(ctx, AssessmentPayload, r, async (id) => ({ signOff: await ctx.loaders.assessmentSignOff.load(id) }));
  }
}

@Resolver(() => TownshipScoreType)
export class TownshipScoreFieldsResolver {
  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township. 乡镇。' })
  township(@Root() s: TownshipScoreType, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(s.townshipId);
  }
}

@Resolver(() => ScorecardSourceRowType)
export class ScorecardSourceRowFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() r: ScorecardSourceRowType, @Ctx() ctx: RequestContext) {
    return r.householdId ? ctx.loaders.household.load(r.householdId) : null;
  }
}

@Resolver(() => AllocationUseType)
export class AllocationUseFieldsResolver {
  @FieldResolver(() => FundAllocationNode, { nullable: true, description: 'The allocation (null unless you read it). 资金安排。' })
  allocation(@Root() a: AllocationUseType, @Ctx() ctx: RequestContext) {
    return ctx.loaders.fundAllocation.load(a.allocationId);
  }
}

@Resolver(() => CheckNode)
export class CheckFieldsResolver {
  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township. 乡镇。' })
  township(@Root() c: CheckNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(c.townshipId);
  }

  @FieldResolver(() => [CheckHouseholdNode], { description: 'The households drawn, in draw order. 抽取的家庭。' })
  async households(@Root() c: CheckNode, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.supervisionCheckHouseholds.load(c.dbId)).map(checkHouseholdNode);
  }

  @FieldResolver(() => Boolean, { description: 'The draw re-done from the recorded seed and population gives these households in this order. 按种子复核抽取结果一致。' })
  async verified(@Root() c: CheckNode, @Ctx() ctx: RequestContext) {
    const again = await redraw(ctx.knex, c.dbId);
    const drawn = (await ctx.loaders.supervisionCheckHouseholds.load(c.dbId)).map((h) => h.householdId);
    return again.length === drawn.length && again.every((id, i) => id === drawn[i]);
  }
}

@Resolver(() => CheckHouseholdNode)
export class CheckHouseholdFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() h: CheckHouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(h.householdId);
  }
}

@Resolver(() => SignOffNode)
export class SignOffFieldsResolver {
  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township. 乡镇。' })
  township(@Root() s: SignOffNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(s.townshipId);
  }
}
