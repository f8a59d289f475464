import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationAudit } from '../../graphql/mutation-audit';
import { MutationPayload } from '../../graphql/payload';
import { Connection, keyOf } from '../../graphql/relay';
import { countyToday } from '../../graphql/scalars';
import { idNumberFor } from '../../graphql/field-guard';
import { HouseholdService } from './household.service';
import {
  AddHouseholdMemberInput, ChangeHouseholdHeadInput, HouseholdFilter, HouseholdOrder, PersonFilter, RegisterHouseholdInput,
  RemoveHouseholdMemberInput, UpdateHouseholdInput, UpdateHouseholdMemberInput, UpdateSchoolRecordInput,
} from './registry.inputs';
import { CommunityNode, HouseholdNode, PersonNode, TownshipNode } from './registry.types';
import { HardshipCategory, HardshipCause, HouseholdStatus } from './registry.enums';

const HouseholdConnection = Connection(HouseholdNode, 'Household', '家庭');
const PersonConnection = Connection(PersonNode, 'Person', '人员');

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Page size from the start or `after` (max 100). 正向分页条数（最多100）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor to read after. 起始游标（之后）。' }) after?: string | null;
  @Field(() => Int, { nullable: true, description: 'Page size from the end or `before` (max 100). 反向分页条数。' }) last?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor to read before. 起始游标（之前）。' }) before?: string | null;
}

// ---- payloads ----
@ObjectType({ implements: MutationPayload, description: 'Result of registerHousehold. 登记家庭结果。' })
class RegisterHouseholdPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The new household. 新登记的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of updateHousehold. 修改家庭结果。' })
class UpdateHouseholdPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household as changed. 修改后的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of changeHouseholdHead. 变更户主结果。' })
class ChangeHouseholdHeadPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household as changed. 修改后的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of addHouseholdMember. 增加成员结果。' })
class AddHouseholdMemberPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
  @Field(() => PersonNode, { nullable: true, description: 'The new member. 新成员。' }) member: PersonNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of updateHouseholdMember. 修改成员结果。' })
class UpdateHouseholdMemberPayload extends MutationPayload {
  @Field(() => PersonNode, { nullable: true, description: 'The member as changed. 修改后的成员。' }) member: PersonNode | null = null;
  @Field(() => HouseholdNode, { nullable: true, description: 'The household (income totals may have changed). 所在家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of removeHouseholdMember. 移出成员结果。' })
class RemoveHouseholdMemberPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'Global id of the member removed. 被移出成员的标识。' }) removedMemberId: string | null = null;
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
}

@ObjectType({ description: 'Households and persons of one township in one registry status. 乡镇分状态统计。' })
class TownshipStatusCount {
  @Field(() => TownshipNode, { description: 'Township. 乡镇。' }) township!: TownshipNode;
  @Field(() => HouseholdStatus, { description: 'Status. 状态。' }) status!: HouseholdStatus;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
  @Field(() => Int, { description: 'Persons in them. 人数。' }) persons!: number;
}
@ObjectType({ description: 'Confirmed households with one category. 分类别统计。' })
class CategoryCount {
  @Field(() => HardshipCategory, { description: 'Category. 类别。' }) category!: HardshipCategory;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
}
@ObjectType({ description: 'Confirmed households with one cause. 分致困原因统计。' })
class CauseCount {
  @Field(() => HardshipCause, { description: 'Cause. 原因。' }) cause!: HardshipCause;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
}
@ObjectType({ description: 'Aggregates of the registry: counts only, never people. 在档统计（仅汇总数）。' })
class HouseholdStatistics {
  @Field(() => [TownshipStatusCount], { description: 'Per township and status. 按乡镇和状态。' }) byTownship!: TownshipStatusCount[];
  @Field(() => [CategoryCount], { description: 'Confirmed households per category. 按困难类别。' }) byCategory!: CategoryCount[];
  @Field(() => [CauseCount], { description: 'Confirmed households per cause. 按致困原因。' }) byCause!: CauseCount[];
}

const service = new HouseholdService();

// Mutations audit their rejected and failed outcomes (MutationAudit); queries pass through.
@UseMiddleware(MutationAudit)
@Resolver()
export class RegistryResolver {
  @Query(() => HouseholdConnection.type, { description: 'Households you may see, filtered and ordered. 可见的家庭列表。' })
  async households(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: HouseholdFilter,
    @Arg('orderBy', () => HouseholdOrder, { nullable: true, description: 'Default: newest filed first. 默认按建档时间倒序。' }) orderBy?: HouseholdOrder,
  ) {
    return HouseholdConnection.from(await ctx.loaders.reader.householdPage(filter, orderBy, page));
  }

  @Query(() => PersonConnection.type, { description: 'Current household members you may see, in the order recorded. 可见的人员列表。' })
  async persons(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => PersonFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: PersonFilter) {
    return PersonConnection.from(await ctx.loaders.reader.personPage(filter, page));
  }

  @Query(() => [TownshipNode], { description: 'The townships of the county. 全县乡镇。' })
  townships(@Ctx() ctx: RequestContext) {
    return ctx.loaders.reader.townships();
  }

  @Query(() => [CommunityNode], { description: 'Communities, of one township when given. 村（居）列表。' })
  communities(@Ctx() ctx: RequestContext, @Arg('township', () => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string) {
    if (township == null) return ctx.loaders.reader.communities(null);
    const key = keyOf(township, 'Township');
    return key ? ctx.loaders.reader.communities(key) : [];
  }

  @Query(() => HouseholdStatistics, { description: 'Registry counts computed in the database; township staff get their own township. 在档统计。' })
  async householdStatistics(@Ctx() ctx: RequestContext, @Arg('township', () => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string): Promise<HouseholdStatistics> {
    const key = township == null ? null : keyOf(township, 'Township') ?? '0';
    const s = await ctx.loaders.reader.statistics(key);
    const townships = await ctx.loaders.township.loadMany(s.byTownship.map((r) => String(r.township_id)));
    return {
      byTownship: s.byTownship.map((r, i) => ({ township: townships[i] as TownshipNode, status: r.status as HouseholdStatus, households: Number(r.households), persons: Number(r.persons) })),
      byCategory: s.byCategory.map((r) => ({ category: r.category as HardshipCategory, households: Number(r.households) })),
      byCause: s.byCause.map((r) => ({ cause: r.cause as HardshipCause, households: Number(r.households) })),
    };
  }

  @Mutation(() => RegisterHouseholdPayload, { description: 'File a household with its members (建档). 登记家庭。' })
  async registerHousehold(@Arg('input', () => RegisterHouseholdInput, { description: 'The input. 输入。' }) input: RegisterHouseholdInput, @Ctx() ctx: RequestContext) {
    const r = await service.register(ctx, input);
    const payload = new RegisterHouseholdPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    return Object.assign(payload, { household: await ctx.loaders.household.load(r.value) });
  }

  @Mutation(() => UpdateHouseholdPayload, { description: 'Change a household\'s address, contact, community, housing or assets. 修改家庭信息。' })
  async updateHousehold(@Arg('input', () => UpdateHouseholdInput, { description: 'The input. 输入。' }) input: UpdateHouseholdInput, @Ctx() ctx: RequestContext) {
    const r = await service.update(ctx, input);
    const payload = new UpdateHouseholdPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    return Object.assign(payload, { household: await ctx.loaders.household.load(r.value) });
  }

  @Mutation(() => ChangeHouseholdHeadPayload, { description: 'Make another member the head of household. 变更户主。' })
  async changeHouseholdHead(@Arg('input', () => ChangeHouseholdHeadInput, { description: 'The input. 输入。' }) input: ChangeHouseholdHeadInput, @Ctx() ctx: RequestContext) {
    const r = await service.changeHead(ctx, input);
    const payload = new ChangeHouseholdHeadPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    return Object.assign(payload, { household: await ctx.loaders.household.load(r.value) });
  }

  @Mutation(() => AddHouseholdMemberPayload, { description: 'Add a member to a household. 增加家庭成员。' })
  async addHouseholdMember(@Arg('input', () => AddHouseholdMemberInput, { description: 'The input. 输入。' }) input: AddHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.addMember(ctx, input);
    const payload = new AddHouseholdMemberPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    const [household, member] = await Promise.all([ctx.loaders.household.load(r.value.householdId), ctx.loaders.person.load(r.value.personId)]);
    return Object.assign(payload, { household, member });
  }

  @Mutation(() => UpdateHouseholdMemberPayload, { description: 'Change a member\'s data. 修改成员信息。' })
  async updateHouseholdMember(@Arg('input', () => UpdateHouseholdMemberInput, { description: 'The input. 输入。' }) input: UpdateHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.updateMember(ctx, input);
    const payload = new UpdateHouseholdMemberPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    const [household, member] = await Promise.all([ctx.loaders.household.load(r.value), ctx.loaders.person.load(keyOf(input.person, 'Person')!)]);
    return Object.assign(payload, { household, member });
  }

  @Mutation(() => UpdateHouseholdMemberPayload, { description: 'R14: the education bureau keeps its roster of schoolchildren up to date. 更新学生在读学段。' })
  async updateSchoolRecord(@Arg('input', () => UpdateSchoolRecordInput, { description: 'The input. 输入。' }) input: UpdateSchoolRecordInput, @Ctx() ctx: RequestContext) {
    const r = await service.updateSchoolRecord(ctx, input);
    const payload = new UpdateHouseholdMemberPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    const [household, member] = await Promise.all([ctx.loaders.household.load(r.value), ctx.loaders.person.load(keyOf(input.person, 'Person')!)]);
    return Object.assign(payload, { household, member });
  }

  @Mutation(() => RemoveHouseholdMemberPayload, { description: 'Record that a member left; the record is kept. 移出成员（保留记录）。' })
  async removeHouseholdMember(@Arg('input', () => RemoveHouseholdMemberInput, { description: 'The input. 输入。' }) input: RemoveHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.removeMember(ctx, input);
    const payload = new RemoveHouseholdMemberPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    return Object.assign(payload, { removedMemberId: input.person, household: await ctx.loaders.household.load(r.value) });
  }
}

@Resolver(() => HouseholdNode)
export class HouseholdFieldsResolver {
  @FieldResolver(() => TownshipNode, { description: 'Township of registration. 户籍乡镇。' })
  async township(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(h.townshipId);
  }

  @FieldResolver(() => CommunityNode, { description: 'Community where the family lives. 居住村（居）。' })
  async community(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.community.load(h.communityId);
  }

  @FieldResolver(() => [PersonNode], { description: 'Current members you may see (a department sees those its measures concern). 可见的现有成员。' })
  async members(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.members.load(h.dbId);
  }
}

@Resolver(() => PersonNode)
export class PersonFieldsResolver {
  @FieldResolver(() => String, {
    description: 'National id number; unless your role holds the personal-data right only the region code is shown (350421************, see the access matrix MASKING); unmasked reads are audited. 身份证号码（无权限时仅显示前6位，明文读取留痕）。',
  })
  idNumber(@Root() p: PersonNode, @Ctx() ctx: RequestContext): string {
    const { value, unmasked } = idNumberFor(ctx.principal.role, p.rawIdNumber);
    if (unmasked) ctx.unmaskedReads.note('READ_UNMASKED_ID_NUMBER', 'Person', p.dbId);
    return value;
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today (Asia/Shanghai). 周岁年龄。' })
  age(@Root() p: PersonNode, @Ctx() ctx: RequestContext): number {
    const today = countyToday(ctx.clock);
    const years = Number(today.slice(0, 4)) - Number(p.birthDate.slice(0, 4));
    return today.slice(5) >= p.birthDate.slice(5) ? years : years - 1;
  }

  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household. 所在家庭。' })
  async household(@Root() p: PersonNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(p.householdId);
  }
}

@Resolver(() => TownshipNode)
export class TownshipFieldsResolver {
  @FieldResolver(() => [CommunityNode], { description: 'Its villages and communities. 下辖村（居）。' })
  async communities(@Root() t: TownshipNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.communitiesOfTownship.load(t.dbId);
  }
}

@Resolver(() => CommunityNode)
export class CommunityFieldsResolver {
  @FieldResolver(() => TownshipNode, { description: 'Its township. 所属乡镇。' })
  async township(@Root() c: CommunityNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.township.load(c.townshipId);
  }
}
