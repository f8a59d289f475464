/**
 * Thin GraphQL edge of dynamic monitoring (R19) and temporary relief (R17): decode global ids
 * (an id naming nothing of its type becomes null, which the service reports), call one service
 * method, answer with toPayload; reads through the request's loaders.
 */
import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload, toPayload } from '../../graphql/payload';
import { Connection, keyOf } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { HouseholdNode, PersonNode, TownshipNode } from '../registry/registry.types';
import { WarningStatus } from './monitoring.enums';
import { ApplyTemporaryReliefInput, DecideTemporaryReliefInput, HandleWarningInput, ReliefArgs, ReportDepartmentFactInput, WarningArgs } from './monitoring.inputs';
import { MonitoringService } from './monitoring.service';
import { FactNode, ReliefNode, WarningNode, WarningRuleNode } from './monitoring.types';

const WarningConnection = Connection(WarningNode, 'Warning', '预警');
const ReliefConnection = Connection(ReliefNode, 'TemporaryRelief', '临时救助');
const service = new MonitoringService();

@ObjectType({ implements: MutationPayload, description: 'Result of reportDepartmentFact. 报告事实结果。' })
class ReportDepartmentFactPayload extends MutationPayload {
  @Field(() => FactNode, { nullable: true, description: 'The fact recorded (not what follows from it). 已记录的事实。' }) fact: FactNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of handleWarning. 处理预警结果。' })
class HandleWarningPayload extends MutationPayload {
  @Field(() => WarningNode, { nullable: true, description: 'The handled warning. 已处理的预警。' }) warning: WarningNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of a temporary relief mutation. 临时救助结果。' })
class TemporaryReliefPayload extends MutationPayload {
  @Field(() => ReliefNode, { nullable: true, description: 'The relief case. 临时救助。' }) relief: ReliefNode | null = null;
}

/** An optional id argument: undefined when not given, null when it names nothing of `type`. */
function optionalKey(id: string | null | undefined, type: string): string | null | undefined {
  return id == null ? undefined : keyOf(id, type);
}

@Resolver()
export class MonitoringResolver {
  @Query(() => [WarningRuleNode], { description: 'The warning rules, as data. 预警规则。' })
  warningRules(@Ctx() ctx: RequestContext) {
    return ctx.loaders.monitoringReader.rules();
  }

  @Query(() => WarningConnection.type, { description: 'Warnings you may see (a township: its own; civil affairs: all), most urgent first. 动态监测预警。' })
  async warnings(@Args() args: WarningArgs, @Ctx() ctx: RequestContext) {
    const filter = {
      townshipId: optionalKey(args.township, 'Township'), householdId: optionalKey(args.household, 'Household'),
      rule: args.rule ?? null, status: args.status ?? null, overdue: args.overdue ?? null,
    };
    return WarningConnection.from(await ctx.loaders.monitoringReader.warningPage(filter, countyToday(ctx.clock), args));
  }

  @Query(() => ReliefConnection.type, { description: 'Temporary relief cases you may see, newest first. 临时救助。' })
  async temporaryReliefs(@Args() args: ReliefArgs, @Ctx() ctx: RequestContext) {
    return ReliefConnection.from(await ctx.loaders.monitoringReader.reliefPage({ townshipId: optionalKey(args.township, 'Township'), status: args.status ?? null }, args));
  }

  @Mutation(() => ReportDepartmentFactPayload, { description: 'A department reports a fact about a person it may see (R19 cross-department check). 部门报告事实。' })
  async reportDepartmentFact(@Arg('input', () => ReportDepartmentFactInput, { description: 'The input. 输入。' }) input: ReportDepartmentFactInput, @Ctx() ctx: RequestContext) {
    const r = await service.reportFact(ctx, {
      personId: keyOf(input.person, 'Person'), kind: input.kind, occurredOn: input.occurredOn, monthlyWages: input.monthlyWages,
      outOfPocket: input.outOfPocket, disabilityGrade: input.disabilityGrade, note: input.note,
    });
    return toPayload(ctx, ReportDepartmentFactPayload, r, async (id) => ({ fact: await ctx.loaders.departmentFact.load(id) }));
  }

  @Mutation(() => HandleWarningPayload, { description: 'The township records what it did about a warning. 处理预警。' })
  async handleWarning(@Arg('input', () => HandleWarningInput, { description: 'The input. 输入。' }) input: HandleWarningInput, @Ctx() ctx: RequestContext) {
    const r = await service.handleWarning(ctx, { warningId: keyOf(input.warning, 'Warning'), version: input.version, result: input.result, reason: input.reason });
    return toPayload(ctx, HandleWarningPayload, r, async (id) => ({ warning: await ctx.loaders.warning.load(id) }));
  }

  @Mutation(() => TemporaryReliefPayload, { description: 'R17: the township applies for temporary or disaster relief. 申请临时救助。' })
  async applyTemporaryRelief(@Arg('input', () => ApplyTemporaryReliefInput, { description: 'The input. 输入。' }) input: ApplyTemporaryReliefInput, @Ctx() ctx: RequestContext) {
    const r = await service.applyTemporaryRelief(ctx, { householdId: keyOf(input.household, 'Household'), eventKind: input.eventKind, eventOn: input.eventOn, amount: input.amount, reason: input.reason });
    return toPayload(ctx, TemporaryReliefPayload, r, async (id) => ({ relief: await ctx.loaders.temporaryRelief.load(id) }));
  }

  @Mutation(() => TemporaryReliefPayload, { description: 'R17: civil affairs grants (and pays from an allocation) or refuses relief. 审批临时救助。' })
  async decideTemporaryRelief(@Arg('input', () => DecideTemporaryReliefInput, { description: 'The input. 输入。' }) input: DecideTemporaryReliefInput, @Ctx() ctx: RequestContext) {
    const r = await service.decideTemporaryRelief(ctx, {
      reliefId: keyOf(input.relief, 'TemporaryRelief'), version: input.version, decision: input.decision, amount: input.amount,
      allocationId: input.allocation == null ? undefined : keyOf(input.allocation, 'FundAllocation'), reason: input.reason,
    });
    return toPayload(ctx, TemporaryReliefPayload, r, async (id) => ({ relief: await ctx.loaders.temporaryRelief.load(id) }));
  }
}

@Resolver(() => WarningNode)
export class WarningFieldsResolver {
  @FieldResolver(() => WarningRuleNode, { nullable: true, description: 'The rule that raised it. 预警规则。' })
  rule(@Root() w: WarningNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warningRule.load(w.ruleCode);
  }

  @FieldResolver(() => Boolean, { description: 'Open and past its due day (today in the county). 是否逾期。' })
  overdue(@Root() w: WarningNode, @Ctx() ctx: RequestContext) {
    return w.status === WarningStatus.OPEN && w.dueOn < countyToday(ctx.clock);
  }

  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() w: WarningNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(w.householdId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The member concerned, if any (null unless you may see them). 相关成员。' })
  person(@Root() w: WarningNode, @Ctx() ctx: RequestContext) {
    return w.personId ? ctx.loaders.person.load(w.personId) : null;
  }

  @FieldResolver(() => TownshipNode, { nullable: true, description: 'The township it is routed to. 责任乡镇。' })
  township(@Root() w: WarningNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(w.townshipId);
  }
}

@Resolver(() => ReliefNode)
export class TemporaryReliefFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null unless you may see it). 家庭。' })
  household(@Root() r: ReliefNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(r.householdId);
  }
}
