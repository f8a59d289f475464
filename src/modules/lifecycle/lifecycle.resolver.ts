import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { mayReadRows } from '../../access/matrix';
import { RequestContext } from '../../graphql/context';
import { toPayload } from '../../graphql/payload';
import { Connection, ConnectionArgs, keyOf } from '../../graphql/relay';
import { countyToday, DateScalar } from '../../graphql/scalars';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { HouseholdStatus } from '../registry/registry.enums';
import { HouseholdNode, personFromRow, TownshipNode } from '../registry/registry.types';
import { EpisodeKind, ExitReason, RecheckDueStatus } from './lifecycle.enums';
import { DecideRecheckInput, RecordRecheckInput } from './lifecycle.inputs';
import { LifecycleService } from './lifecycle.service';
import {
  DecideRecheckPayload, episodeFromRow, HouseholdAsOfNode, HouseholdEpisodeNode, HouseholdFlowMonth, HouseholdFlowReport, HouseholdRecheckNode,
  RecheckQueueEntryNode, RecordChangeNode, RecordRecheckPayload,
} from './lifecycle.types';

const QueueConnection = Connection(RecheckQueueEntryNode, 'RecheckQueueEntry', '待核查家庭');
const service = new LifecycleService();
const optionalKey = (id: string | null | undefined, type: string) => (id == null ? undefined : keyOf(id, type));

@Resolver()
export class LifecycleResolver {
  @Query(() => QueueConnection.type, {
    description: 'Households on the list whose periodic re-check is due (within the window) or overdue, most overdue first; a township sees its own (R19). 待核查和逾期未核查的家庭。',
  })
  async recheckQueue(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('township', () => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string,
    @Arg('status', () => RecheckDueStatus, { nullable: true, description: 'Only due or only overdue. 仅即将到期或仅逾期。' }) status?: RecheckDueStatus,
  ) {
    const p = await ctx.loaders.lifecycleReader.recheckQueue({ townshipId: optionalKey(township, 'Township'), status }, countyToday(ctx.clock), page);
    return QueueConnection.from({
      ...p,
      nodes: p.nodes.map((r) => Object.assign(new RecheckQueueEntryNode(), {
        householdId: r.household_id, dueOn: r.due_on, status: r.status, cadenceMonths: r.cadence_months, lastCheckedOn: r.last_checked_on, onListSince: r.on_list_since,
      })),
    });
  }

  @Query(() => HouseholdFlowReport, {
    description: 'Entries, re-entries, exits (by reason), households on the list and turnover per township and month of a year (R19 regular statistics); counts only. 年度分乡镇分月进出统计。',
  })
  async householdFlowReport(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { description: 'Year. 年度。' }) year: number,
    @Arg('township', () => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string,
  ): Promise<HouseholdFlowReport> {
    const rows = await ctx.loaders.lifecycleReader.flowReport(year, optionalKey(township, 'Township'));
    const towns = await ctx.loaders.township.loadMany([...new Set(rows.map((r) => r.township_id))]);
    const byId = new Map((towns.filter((t) => t && !(t instanceof Error)) as TownshipNode[]).map((t) => [t.dbId, t]));
    return {
      year,
      months: rows.map((r) => {
        const average = (r.opening + r.closing) / 2;
        return Object.assign(new HouseholdFlowMonth(), {
          townshipId: r.township_id, township: byId.get(r.township_id)!, month: r.month, openingOnList: r.opening, entries: r.entries, reentries: r.reentries,
          exits: r.exits, onList: r.closing,
          exitsByReason: Object.values(ExitReason).filter((k) => r.exits_by_reason[k]).map((k) => ({ reason: k, exits: Number(r.exits_by_reason[k]) })),
          turnoverRate: average > 0 ? Math.round(((r.entries + r.reentries + r.exits) / 2 / average) * 10000) / 10000 : null,
          reconciles: r.opening + r.entries + r.reentries - r.exits === r.closing,
        });
      }),
    };
  }

  @Mutation(() => RecordRecheckPayload, { description: 'The township records a periodic re-check and proposes an outcome (定期核查, R19). 登记定期核查并提出意见。' })
  async recordRecheck(@Arg('input', () => RecordRecheckInput, { description: 'The input. 输入。' }) input: RecordRecheckInput, @Ctx() ctx: RequestContext) {
    const r = await service.recordRecheck(ctx, { ...input, household: keyOf(input.household, 'Household') });
    return toPayload(ctx, RecordRecheckPayload, r, async (id) => ({ recheck: await ctx.loaders.recheck.load(id) }));
  }

  @Mutation(() => DecideRecheckPayload, {
    description: 'County civil affairs decides a re-check: continue, change categories (opens CHANGED) or exit (opens EXITED; payments stop from the month decided plus the gradual-exit months). 县民政局作出核查决定。',
  })
  async decideRecheck(@Arg('input', () => DecideRecheckInput, { description: 'The input. 输入。' }) input: DecideRecheckInput, @Ctx() ctx: RequestContext) {
    const r = await service.decideRecheck(ctx, { ...input, recheck: keyOf(input.recheck, 'HouseholdRecheck') });
    return toPayload(ctx, DecideRecheckPayload, r, async (id) => {
      const recheck = await ctx.loaders.recheck.load(id);
      return {
        recheck,
        episode: recheck?.episodeId ? await ctx.loaders.episode.load(recheck.episodeId) : null,
        household: recheck ? await ctx.loaders.household.load(recheck.householdId) : null,
      };
    });
  }
}

@Resolver(() => HouseholdNode)
export class HouseholdLifecycleFieldsResolver {
  @FieldResolver(() => [HouseholdEpisodeNode], { description: 'Its episodes on the list, oldest first (R19); civil affairs and its township. 名单变动记录。' })
  async episodes(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.episodesOfHousehold.load(h.dbId);
  }

  @FieldResolver(() => [HouseholdRecheckNode], { description: 'Its periodic re-checks, oldest first; civil affairs and its township. 定期核查记录。' })
  async rechecks(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.rechecksOfHousehold.load(h.dbId);
  }

  @FieldResolver(() => [RecordChangeNode], {
    description: 'Its latest 50 changes and its members\', newest first, with the old and new value of each column, who and when (R19); civil affairs and its township. 最近50条变更记录。',
  })
  async changes(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.changesOfHousehold.load(h.dbId);
  }

  @FieldResolver(() => HouseholdAsOfNode, {
    nullable: true,
    description: 'The household as it stood at the end of a past day (today: as now); civil affairs and its township, null for others. 某日的家庭状况。',
  })
  async asOf(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext, @Arg('day', () => DateScalar, { description: 'The day. 日期。' }) day: string): Promise<HouseholdAsOfNode | null> {
    if (day > countyToday(ctx.clock)) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'asOf day cannot be in the future');
    if (!mayReadRows(ctx.principal.role, 'HouseholdLifecycle')) return null;
    const rows = await ctx.loaders.householdAsOf.load(`${day}|${h.dbId}`);
    if (!rows) return null;
    const e = rows.episode ? episodeFromRow(rows.episode) : null;
    const onList = !!e && e.kind !== EpisodeKind.EXITED;
    const rec = rows.household;
    return Object.assign(new HouseholdAsOfNode(), {
      householdId: h.dbId, day, filed: !!rec, onList, episode: e,
      status: !rec && !e ? null : !e ? HouseholdStatus.REGISTERED : onList ? HouseholdStatus.IN_HARDSHIP : HouseholdStatus.EXITED,
      categories: onList ? e!.categories : [], causes: onList ? e!.causes : [],
      headName: rec?.head_name ?? null, memberCount: rec ? Number(rec.member_count) : null, monthlyIncomeTotal: rec ? Number(rec.monthly_income_total) : null,
      members_: rows.members.map(personFromRow),
    });
  }
}

@Resolver(() => HouseholdEpisodeNode)
export class HouseholdEpisodeFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' })
  async household(@Root() e: HouseholdEpisodeNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(e.householdId);
  }

  @FieldResolver(() => HouseholdEpisodeNode, { nullable: true, description: 'The episode before. 上一阶段。' })
  async previousEpisode(@Root() e: HouseholdEpisodeNode, @Ctx() ctx: RequestContext) {
    return e.previousEpisodeId ? ctx.loaders.episode.load(e.previousEpisodeId) : null;
  }

  @FieldResolver(() => HouseholdRecheckNode, { nullable: true, description: 'CHANGED, EXITED: the re-check whose decision opened it. 依据的核查。' })
  async recheck(@Root() e: HouseholdEpisodeNode, @Ctx() ctx: RequestContext) {
    return e.recheckId ? ctx.loaders.recheck.load(e.recheckId) : null;
  }
}

@Resolver(() => HouseholdRecheckNode)
export class HouseholdRecheckFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' })
  async household(@Root() r: HouseholdRecheckNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(r.householdId);
  }

  @FieldResolver(() => HouseholdEpisodeNode, { nullable: true, description: 'The episode the decision opened. 决定形成的名单阶段。' })
  async episode(@Root() r: HouseholdRecheckNode, @Ctx() ctx: RequestContext) {
    return r.episodeId ? ctx.loaders.episode.load(r.episodeId) : null;
  }
}

@Resolver(() => RecheckQueueEntryNode)
export class RecheckQueueEntryFieldsResolver {
  @FieldResolver(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' })
  async household(@Root() q: RecheckQueueEntryNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.household.load(q.householdId);
  }
}
