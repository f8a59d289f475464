import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { idNumberFor } from '../../graphql/field-guard';
import { certainlySelects } from '../../graphql/selection';
import { readAuditedInStatement } from '../../graphql/audit-flush';
import { maySee } from '../../access/matrix';
import { toPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, keyOf } from '../../graphql/relay';
import { countyToday, DateScalar } from '../../graphql/scalars';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { HardshipCategory, HardshipCause, HouseholdStatus } from './registry.enums';
import {
  AddHouseholdMemberInput, ChangeHouseholdHeadInput, HouseholdFilter, HouseholdOrder, PersonFilter, RegisterHouseholdInput,
  RemoveHouseholdMemberInput, UpdateHouseholdInput, UpdateHouseholdMemberInput, UpdateSchoolRecordInput,
} from './registry.inputs';
import { MemberWritten, RegistryService } from './registry.service';
import { communityKeyOf, townshipKeyOf } from './registry.lookups.resolver';
import {
  AddHouseholdMemberPayload, ChangeHouseholdHeadPayload, CommunityNode, HouseholdNode, HouseholdStatistics, PersonNode, RegisterHouseholdPayload,
  RemoveHouseholdMemberPayload, TownshipNode, UpdateHouseholdMemberPayload, UpdateHouseholdPayload,
} from './registry.types';

const HouseholdConnection = Connection(HouseholdNode, 'Household', '家庭');
const PersonConnection = Connection(PersonNode, 'Person', '人员');

const service = new RegistryService();

/** An optional id argument as a key: undefined when not given, null when it names nothing of that type. */
const optionalKey = (id: string | null | undefined, type: string) => (id == null ? undefined : keyOf(id, type));

@Resolver()
export class RegistryResolver {
  @Query(() => HouseholdConnection.type, {
    description: 'Households you may see, filtered and ordered. `totalCount` is exact; filtered by township, status and one category or cause it is read from counters the database keeps per township and status (constant time whatever the county\'s size), other filters count the rows. 可见的家庭列表（总数准确；按乡镇、状态、单一类别或原因筛选时读取数据库维护的计数）。',
  })
  async households(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: HouseholdFilter,
    @Arg('orderBy', () => HouseholdOrder, { nullable: true, description: 'Default: newest filed first. 默认按建档时间倒序。' }) orderBy?: HouseholdOrder,
  ) {
    const keys = filter && {
      ...filter, townshipId: optionalKey(filter.township, 'Township'), communityId: optionalKey(filter.community, 'Community'),
    };
    // Members' id numbers certainly shown unmasked: the page's statement writes their audit row
    // (one round trip; the request's flush skips them). A failed statement withholds the answer.
    const audit = maySee(ctx.principal.role, 'ID_NUMBER') && SHOWS_MEMBER_ID_NUMBERS.some((path) => certainlySelects(info, 'HouseholdConnection', path, []))
      ? ctx : undefined;
    const read = ctx.loaders.reader.householdPage(keys, orderBy, page, selectsField(info, 'totalCount'), audit);
    const found = audit ? await readAuditedInStatement(ctx, read) : await read;
    if (found.auditedIds) ctx.unmaskedReads.alreadyWritten('READ_UNMASKED_ID_NUMBER', 'Person', found.auditedIds);
    ctx.loaders.primeHouseholds(found.nodes);
    return HouseholdConnection.from(found);
  }

  @Query(() => PersonConnection.type, { description: 'Current household members you may see, in the order recorded. 可见的人员列表。' })
  async persons(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => PersonFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: PersonFilter) {
    const keys = filter && {
      townshipId: optionalKey(filter.township, 'Township'), householdId: optionalKey(filter.household, 'Household'), nameSearch: filter.nameSearch,
    };
    return PersonConnection.from(await ctx.loaders.reader.personPage(keys, page));
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

  @Query(() => HouseholdStatistics, { description: 'Registry counts, read from the counters the database keeps per township and status on every change (constant time whatever the county\'s size); township staff get their own township. 在档统计（读取数据库实时维护的计数）。' })
  async householdStatistics(
    @Ctx() ctx: RequestContext,
    @Arg('township', () => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string,
    // lifecycle (issue 11): the counts as they stood at the end of a past day.
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: 'As they stood at the end of this day (statuses, categories and causes from the episodes on the list, persons from the record\'s history); default now. 截至某日的统计（默认当前）。',
    }) asOf?: string,
  ): Promise<HouseholdStatistics> {
    const key = township == null ? null : keyOf(township, 'Township') ?? '0';
    if (asOf != null && asOf > countyToday(ctx.clock)) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'asOf cannot be in the future');
    const s = asOf != null && asOf < countyToday(ctx.clock) ? await ctx.loaders.reader.statisticsAsOf(key, asOf) : await ctx.loaders.reader.statistics(key);
    const townships = await ctx.loaders.township.loadMany(s.byTownship.map((r) => String(r.township_id)));
    return {
      byTownship: s.byTownship.map((r, i) => ({ township: townships[i] as TownshipNode, status: r.status as HouseholdStatus, households: Number(r.households), persons: Number(r.persons) })),
      byCategory: s.byCategory.map((r) => ({ category: r.category as HardshipCategory, households: Number(r.households) })),
      byCause: s.byCause.map((r) => ({ cause: r.cause as HardshipCause, households: Number(r.households) })),
    };
  }

  @Mutation(() => RegisterHouseholdPayload, { description: 'File a household with its members (建档). 登记家庭。' })
  async registerHousehold(@Arg('input', () => RegisterHouseholdInput, { description: 'The input. 输入。' }) input: RegisterHouseholdInput, @Ctx() ctx: RequestContext) {
    // A code or a global id (issue 14: identifiers people have, registry.lookups.resolver.ts).
    const r = await service.register(ctx, { ...input, townshipId: await townshipKeyOf(ctx, input.township), communityId: await communityKeyOf(ctx, input.community) });
    return toPayload(ctx, RegisterHouseholdPayload, r, async (id) => ({ household: await ctx.loaders.household.load(id) }));
  }

  @Mutation(() => UpdateHouseholdPayload, { description: 'Change a household\'s address, contact, community, housing or assets. 修改家庭信息。' })
  async updateHousehold(@Arg('input', () => UpdateHouseholdInput, { description: 'The input. 输入。' }) input: UpdateHouseholdInput, @Ctx() ctx: RequestContext) {
    const r = await service.update(ctx, { ...input, householdId: keyOf(input.household, 'Household'), communityId: optionalKey(input.community, 'Community') });
    return toPayload(ctx, UpdateHouseholdPayload, r, async (id) => ({ household: await ctx.loaders.household.load(id) }));
  }

  @Mutation(() => ChangeHouseholdHeadPayload, { description: 'Make another member the head of household. 变更户主。' })
  async changeHouseholdHead(@Arg('input', () => ChangeHouseholdHeadInput, { description: 'The input. 输入。' }) input: ChangeHouseholdHeadInput, @Ctx() ctx: RequestContext) {
    const r = await service.changeHead(ctx, {
      householdId: keyOf(input.household, 'Household'), version: input.version, newHeadId: keyOf(input.newHead, 'Person'), formerHeadRelation: input.formerHeadRelation,
    });
    return toPayload(ctx, ChangeHouseholdHeadPayload, r, async (id) => ({ household: await ctx.loaders.household.load(id) }));
  }

  @Mutation(() => AddHouseholdMemberPayload, { description: 'Add a member to a household. 增加家庭成员。' })
  async addHouseholdMember(@Arg('input', () => AddHouseholdMemberInput, { description: 'The input. 输入。' }) input: AddHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.addMember(ctx, { householdId: keyOf(input.household, 'Household'), version: input.version, member: input.member });
    return toPayload(ctx, AddHouseholdMemberPayload, r, (w) => memberAndHousehold(ctx, w));
  }

  @Mutation(() => UpdateHouseholdMemberPayload, { description: 'Change a member\'s data. 修改成员信息。' })
  async updateHouseholdMember(@Arg('input', () => UpdateHouseholdMemberInput, { description: 'The input. 输入。' }) input: UpdateHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.updateMember(ctx, { ...input, personId: keyOf(input.person, 'Person') });
    return toPayload(ctx, UpdateHouseholdMemberPayload, r, (w) => memberAndHousehold(ctx, w));
  }

  @Mutation(() => UpdateHouseholdMemberPayload, { description: 'R14: the education bureau keeps its roster of schoolchildren up to date. 更新学生在读学段。' })
  async updateSchoolRecord(@Arg('input', () => UpdateSchoolRecordInput, { description: 'The input. 输入。' }) input: UpdateSchoolRecordInput, @Ctx() ctx: RequestContext) {
    const r = await service.updateSchoolRecord(ctx, { personId: keyOf(input.person, 'Person'), version: input.version, schoolingStage: input.schoolingStage });
    return toPayload(ctx, UpdateHouseholdMemberPayload, r, (w) => memberAndHousehold(ctx, w));
  }

  @Mutation(() => RemoveHouseholdMemberPayload, { description: 'Record that a member left; the record is kept. 移出成员（保留记录）。' })
  async removeHouseholdMember(@Arg('input', () => RemoveHouseholdMemberInput, { description: 'The input. 输入。' }) input: RemoveHouseholdMemberInput, @Ctx() ctx: RequestContext) {
    const r = await service.removeMember(ctx, { personId: keyOf(input.person, 'Person'), version: input.version, reason: input.reason });
    return toPayload(ctx, RemoveHouseholdMemberPayload, r, async (id) => ({ removedMemberId: input.person, household: await ctx.loaders.household.load(id) }));
  }
}

/** A member write's answer, read back as the caller may see it. */
async function memberAndHousehold(ctx: RequestContext, w: MemberWritten) {
  const [household, member] = await Promise.all([ctx.loaders.household.load(w.householdId), ctx.loaders.person.load(w.personId)]);
  return { household, member };
}

/** Where a household list shows its members' id numbers. */
const SHOWS_MEMBER_ID_NUMBERS = [['nodes', 'members', 'idNumber'], ['edges', 'node', 'members', 'idNumber']];

/** Whether the field's own selection names `name` directly (fragments: not seen, the caller reads lazily). */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((n) => n.selectionSet?.selections.some((s) => s.kind === 'Field' && s.name.value === name));
}

/** The county day of a request, formatted once per request rather than once per person (issue 10). */
const requestDays = new WeakMap<RequestContext, string>();
function todayOf(ctx: RequestContext): string {
  let day = requestDays.get(ctx);
  if (day === undefined) requestDays.set(ctx, (day = countyToday(ctx.clock)));
  return day;
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
    const today = todayOf(ctx);
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
