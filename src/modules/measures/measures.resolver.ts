/**
 * Thin GraphQL edge of the measures module: decode global ids (an id that names nothing of the
 * type becomes null, which the service reports), call one service method, answer with toPayload.
 */
import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload, toPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, keyOf } from '../../graphql/relay';
import { countyToday } from '../../shared/county-calendar';
import { MEASURES } from '../../shared/measures';
import { HouseholdNode, PersonNode } from '../registry/registry.types';
import { ITEMS } from './measures.catalogue';
import { DecidePlanItemInput, DecidePlanItemsInput, PlanItemFilter, RecordDeliveryInput } from './measures.inputs';
import { PlanRowFilter } from './measures.reader';
import { MeasuresService } from './measures.service';
import { ComplianceType, DeliveryNode, MeasureType, PlanItemNode } from './measures.types';

const PlanItemConnection = Connection(PlanItemNode, 'PlanItem', '帮扶事项');

@ObjectType({ implements: MutationPayload, description: 'Result of decidePlanItem. 审定结果。' })
class DecidePlanItemPayload extends MutationPayload {
  @Field(() => PlanItemNode, { nullable: true, description: 'The item. 事项。' }) planItem: PlanItemNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of decidePlanItems: every item decided, or none (userErrors name the item by its index: input.items.<i>). 批量审定结果：全部审定或全部不写入（错误以 input.items.<序号> 指明事项）。' })
class DecidePlanItemsPayload extends MutationPayload {
  @Field(() => [PlanItemNode], { nullable: true, description: 'The items as decided, in the order given. 审定后的事项（按输入顺序）。' }) planItems: PlanItemNode[] | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of recordDelivery. 登记结果。' })
class RecordDeliveryPayload extends MutationPayload {
  @Field(() => PlanItemNode, { nullable: true, description: 'The item, with its compliance. 事项。' }) planItem: PlanItemNode | null = null;
}

const service = new MeasuresService();

/** An optional id argument: undefined when not given, null when it names nothing of `type`. */
function optionalKey(id: string | null | undefined, type: string): string | null | undefined {
  return id == null ? undefined : keyOf(id, type);
}

function rowFilter(filter: PlanItemFilter | null | undefined): PlanRowFilter | null {
  if (!filter) return null;
  return {
    householdId: optionalKey(filter.household, 'Household'), townshipId: optionalKey(filter.township, 'Township'),
    department: filter.department, measure: filter.measure, item: filter.item, status: filter.status,
  };
}

@Resolver()
export class MeasuresResolver {
  @Query(() => [MeasureType], { description: 'The seven measures and their items (R12–R18). 帮扶措施目录。' })
  measureCatalogue(): MeasureType[] {
    return Object.entries(MEASURES).map(([code, m]) => ({
      code, rule: m.rule, department: m.department, name: m.zh, nameEn: m.en,
      items: Object.entries(ITEMS).filter(([, i]) => i.measure === code).map(([c, i]) => ({ code: c, name: i.zh, nameEn: i.en, perPerson: i.perPerson, period: i.period, money: i.money })),
    }));
  }

  @Query(() => PlanItemConnection.type, { description: 'Plan items you may see (a department: its own measures). 帮扶事项列表。' })
  async planItems(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => PlanItemFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: PlanItemFilter) {
    return PlanItemConnection.from(await ctx.loaders.planReader.planItemPage(rowFilter(filter), page));
  }

  @Query(() => PlanItemConnection.type, { description: 'Agreed items past their due day without the required deliveries. 逾期未落实事项。' })
  async overduePlanItems(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => PlanItemFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: PlanItemFilter) {
    return PlanItemConnection.from(await ctx.loaders.planReader.overduePage(rowFilter(filter), countyToday(ctx.clock), page));
  }

  @Mutation(() => DecidePlanItemPayload, { description: 'Accept, adjust or decline a plan item (its owning department). 审定帮扶事项。' })
  async decidePlanItem(@Arg('input', () => DecidePlanItemInput, { description: 'The input. 输入。' }) input: DecidePlanItemInput, @Ctx() ctx: RequestContext) {
    const r = await service.decide(ctx, keyOf(input.planItem, 'PlanItem'), input);
    return toPayload(ctx, DecidePlanItemPayload, r, async (id) => ({ planItem: await ctx.loaders.planItem.load(id) }));
  }

  @Mutation(() => DecidePlanItemsPayload, { description: 'Decide many plan items of your department in one call, all or none (office-files, issue 14). 一次审定本部门的多个帮扶事项，全部成功或全部不写入。' })
  async decidePlanItems(@Arg('input', () => DecidePlanItemsInput, { description: 'The input. 输入。' }) input: DecidePlanItemsInput, @Ctx() ctx: RequestContext) {
    const r = await service.decideMany(ctx, input.items.map((i) => ({ planItemId: keyOf(i.planItem, 'PlanItem'), input: i })));
    return toPayload(ctx, DecidePlanItemsPayload, r, async (ids) => ({ planItems: (await ctx.loaders.planItem.loadMany(ids)).filter((p): p is PlanItemNode => !!p && !(p instanceof Error)) }));
  }

  @Mutation(() => RecordDeliveryPayload, { description: 'Record what was delivered (its owning department); money is paid from an allocation. 登记帮扶落实。' })
  async recordDelivery(@Arg('input', () => RecordDeliveryInput, { description: 'The input. 输入。' }) input: RecordDeliveryInput, @Ctx() ctx: RequestContext) {
    const r = await service.recordDelivery(ctx, keyOf(input.planItem, 'PlanItem'), {
      deliveredOn: input.deliveredOn, note: input.note, amount: input.amount, allocationId: optionalKey(input.allocation, 'FundAllocation'),
    });
    return toPayload(ctx, RecordDeliveryPayload, r, async (d) => ({ planItem: await ctx.loaders.planItem.load(d.planItemId) }));
  }
}

@Resolver(() => PlanItemNode)
export class PlanItemFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household (null when your role may not see it). 家庭。' })
  household(@Root() p: PlanItemNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(p.householdId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The member it is for, if any (null when not visible to you). 对象成员。' })
  person(@Root() p: PlanItemNode, @Ctx() ctx: RequestContext) {
    return p.personId ? ctx.loaders.person.load(p.personId) : null;
  }

  @FieldResolver(() => [DeliveryNode], { description: 'Deliveries, oldest first. 落实记录。' })
  deliveries(@Root() p: PlanItemNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.deliveries.load(p.dbId);
  }

  @FieldResolver(() => ComplianceType, { description: 'Required deliveries against those made. 落实情况。' })
  async compliance(@Root() p: PlanItemNode, @Ctx() ctx: RequestContext): Promise<ComplianceType> {
    const delivered = (await ctx.loaders.deliveries.load(p.dbId)).length;
    return { required: p.requiredDeliveries, delivered, met: delivered >= p.requiredDeliveries };
  }
}

@Resolver(() => HouseholdNode)
export class HouseholdPlanResolver {
  @FieldResolver(() => [PlanItemNode], { description: 'The household\'s plan items you may see (一户一策). 帮扶计划。' })
  plan(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.planOfHousehold.load(h.dbId);
  }
}
