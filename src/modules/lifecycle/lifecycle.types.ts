/**
 * GraphQL types of the lifecycle (R19): episodes on the list, re-checks, a household as of a day,
 * the re-check queue and the flow report. Built from plain rows (lifecycle.reader.ts).
 */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { UseMiddleware } from 'type-graphql';
import { maskIdNumber, SENSITIVE_NOTE, Sensitive } from '../../graphql/field-guard';
import { MutationPayload } from '../../graphql/payload';
import { Node, toGlobalId } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { EligibilityResultType } from '../../policy/policy.types';
import { calendarDay } from '../../shared/county-calendar';
import type { Row } from '../../shared/row';
import { HardshipCategory, HardshipCause, HouseholdStatus } from '../registry/registry.enums';
import { HouseholdNode, PersonNode, TownshipNode } from '../registry/registry.types';
import { EpisodeKind, ExitReason, RecheckDueStatus, RecheckMethod, RecheckOutcome, RecheckState } from './lifecycle.enums';

registerEnumType(EpisodeKind, {
  name: 'EpisodeKind',
  description: 'What opened an episode of a household\'s time on the list (R19). 名单变动类型。',
  valuesConfig: {
    CONFIRMED: { description: 'Confirmed on the list by its first identification case (R10b). 首次认定纳入。' },
    CHANGED: { description: 'Categories or causes re-decided after a re-check; still on the list. 核查后调整类别。' },
    EXITED: { description: 'Left the list (脱贫出). 退出。' },
    REENTERED: { description: 'Back on the list through a new identification case after an exit (返贫进). 重新纳入。' },
  },
});
registerEnumType(ExitReason, {
  name: 'ExitReason',
  description: 'Why a household left the list. 退出原因。',
  valuesConfig: {
    INCOME_ABOVE_LINE: { description: 'Per-capita income above the line. 家庭人均收入超过标准。' },
    ASSETS_ABOVE_LIMIT: { description: 'Assets above the allowance\'s limits. 家庭财产超过规定。' },
    MOVED_AWAY: { description: 'Moved away from the county. 迁出本县。' },
    DIED: { description: 'The (only) member died. 死亡。' },
    DUPLICATE: { description: 'Filed twice. 重复建档。' },
    ON_REQUEST: { description: 'The household asked to leave. 本人申请退出。' },
    NO_COOPERATION_WITH_RECHECK: { description: 'Did not cooperate with a re-check. 不配合核查。' },
  },
});
registerEnumType(RecheckOutcome, {
  name: 'RecheckOutcome',
  description: 'What a re-check proposes and the county decides. 核查结论。',
  valuesConfig: {
    CONTINUE: { description: 'Stays on the list as it is. 继续保留。' },
    CHANGE_CATEGORIES: { description: 'Stays with other categories or causes. 调整类别。' },
    EXIT: { description: 'Leaves the list. 退出。' },
  },
});
registerEnumType(RecheckState, {
  name: 'RecheckState',
  description: 'Where a re-check stands. 核查状态。',
  valuesConfig: { PROPOSED: { description: 'Recorded with the township\'s proposal; with the county. 乡镇已提出意见，待县民政局决定。' }, DECIDED: { description: 'Decided by county civil affairs. 县民政局已决定。' } },
});
registerEnumType(RecheckMethod, {
  name: 'RecheckMethod',
  description: 'R9(a) methods as a re-check uses them. 核查方式。',
  valuesConfig: {
    HOME_VISIT: { description: 'Home visit. 入户调查。' },
    NEIGHBOUR_INTERVIEWS: { description: 'Neighbour interviews. 邻里访问。' },
    EVIDENCE_LETTERS: { description: 'Letters requesting evidence. 信函索证。' },
    ECONOMIC_CROSS_CHECK: { description: 'Economic-status cross-check. 经济状况核对。' },
    DEMOCRATIC_APPRAISAL: { description: 'Democratic appraisal. 民主评议。' },
  },
});
registerEnumType(RecheckDueStatus, {
  name: 'RecheckDueStatus',
  description: 'A household in the re-check queue. 核查到期状态。',
  valuesConfig: { DUE: { description: 'Due within the window or today. 即将到期。' }, OVERDUE: { description: 'Past its due day. 已逾期。' } },
});

const optDay = (v: unknown) => (v == null ? null : calendarDay(v));

@ObjectType('HouseholdEpisode', { implements: Node, description: 'One episode of a household\'s time on the list, opened by a decision (R19). 家庭在名单中的一段经历。' })
export class HouseholdEpisodeNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  previousEpisodeId!: string | null;
  recheckId!: string | null;
  identificationCaseId!: string | null;
  @Field(() => EpisodeKind, { description: 'What opened it. 类型。' }) kind!: EpisodeKind;
  @Field(() => DateScalar, { description: 'The day it takes effect (the decision\'s). 生效日期。' }) startedOn!: string;
  @Field(() => [HardshipCategory], { description: 'Categories as decided (an exit: those it had). 困难类别。' }) categories!: HardshipCategory[];
  @Field(() => [HardshipCause], { description: 'Causes as decided (R11). 致困原因。' }) causes!: HardshipCause[];
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause. 主要致困原因。' }) primaryCause!: HardshipCause | null;
  @Field(() => [ExitReason], { description: 'An exit\'s reasons (empty otherwise, and for exits filed before episodes existed). 退出原因。' }) exitReasons!: ExitReason[];
  @Field(() => String, { nullable: true, description: 'An exit: the first month not paid (YYYY-MM), gradual exit included. 停发月份（含渐退期）。' }) paymentsStopFrom!: string | null;
  @Field(() => Int, { nullable: true, description: 'An exit: the gradual-exit months in force on the decision day. 渐退期（月）。' }) gradualExitMonths!: number | null;
  @Field(() => ID, { nullable: true, description: 'The decision that opened it: the global id of the identification case (CONFIRMED, REENTERED) or the re-check (CHANGED, EXITED). 依据的决定。' })
  decisionReference!: string | null;
  @Field(() => DateScalar, { description: 'Day decided. 决定日期。' }) decidedOn!: string;
  @Field({ description: 'Who decided. 决定人。' }) decidedBy!: string;
  @Field({ description: 'Made from data filed before episodes existed. 由历史数据补建。' }) backfilled!: boolean;
  @Field({ description: 'When recorded. 记录时间。' }) createdAt!: Date;
}

export function episodeFromRow(r: Row): HouseholdEpisodeNode {
  const caseId = r.identification_case_id ? String(r.identification_case_id) : null;
  const recheckId = r.recheck_id ? String(r.recheck_id) : null;
  return Object.assign(new HouseholdEpisodeNode(), {
    id: toGlobalId('HouseholdEpisode', String(r.id)), dbId: String(r.id), householdId: String(r.household_id),
    previousEpisodeId: r.previous_episode_id ? String(r.previous_episode_id) : null, recheckId, identificationCaseId: caseId,
    kind: r.kind, startedOn: calendarDay(r.started_on), categories: r.categories ?? [], causes: r.causes ?? [], primaryCause: r.primary_cause ?? null,
    exitReasons: r.exit_reasons ?? [], paymentsStopFrom: r.payments_stop_from ? calendarDay(r.payments_stop_from).slice(0, 7) : null,
    gradualExitMonths: r.gradual_exit_months ?? null,
    decisionReference: caseId ? toGlobalId('IdentificationCase', caseId) : recheckId ? toGlobalId('HouseholdRecheck', recheckId) : null,
    decidedOn: calendarDay(r.decided_on), decidedBy: r.decided_by, backfilled: r.backfilled === true, createdAt: new Date(r.created_at),
  });
}

@ObjectType('HouseholdRecheck', { implements: Node, description: 'A periodic re-check of a household on the list (定期核查, R19). 定期核查。' })
export class HouseholdRecheckNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  townshipId!: string;
  episodeId!: string | null;
  eligibilityJson!: Record<string, unknown>;
  profileJson!: Record<string, unknown>;
  @Field(() => RecheckState, { description: 'State. 状态。' }) state!: RecheckState;
  @Field(() => DateScalar, { description: 'Day of the re-check. 核查日期。' }) checkedOn!: string;
  @Field(() => [RecheckMethod], { description: 'Methods used (R9a). 核查方式。' }) methods!: RecheckMethod[];
  @Field({ description: 'What the township found. 核查情况。' }) findings!: string;
  @Field(() => RecheckOutcome, { description: 'The township\'s proposal. 乡镇意见。' }) proposal!: RecheckOutcome;
  @Field(() => [HardshipCategory], { description: 'Categories proposed (CHANGE_CATEGORIES). 建议类别。' }) proposedCategories!: HardshipCategory[];
  @Field(() => [HardshipCause], { description: 'Causes as the township sees them. 致困原因。' }) proposedCauses!: HardshipCause[];
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause proposed. 主要致困原因。' }) proposedPrimaryCause!: HardshipCause | null;
  @Field(() => [ExitReason], { description: 'Exit reasons proposed (EXIT). 建议退出原因。' }) proposedExitReasons!: ExitReason[];
  @Field({ description: 'The township\'s opinion. 乡镇审核意见。' }) opinion!: string;
  @Field({ description: 'Who recorded it. 核查人。' }) checkedBy!: string;
  @Field(() => RecheckOutcome, { nullable: true, description: 'The county\'s decision. 县民政局决定。' }) outcome!: RecheckOutcome | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day decided. 决定日期。' }) decidedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Who decided. 决定人。' }) decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The county\'s reason. 决定理由。' }) decisionReason!: string | null;
  @Field(() => String, { nullable: true, description: 'An exit: the month the decision stops payments (YYYY-MM), before gradual exit. 决定停发月份。' }) paymentsStopMonth!: string | null;
  @Field(() => EligibilityResultType, { nullable: true, description: 'Eligibility recomputed under the policy in force on the re-check day, with its trace. 按核查日现行政策重新测算的结果。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  eligibility(): EligibilityResultType {
    return this.eligibilityJson as unknown as EligibilityResultType;
  }
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The household and members as checked (counts, income by source, work capacity, …). 核查时的家庭情况。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  profile(): Record<string, unknown> {
    return this.profileJson;
  }
  @Field(() => Int, { description: 'Version for optimistic locking. 版本号。' }) version!: number;
  @Field({ description: 'When recorded. 记录时间。' }) createdAt!: Date;
  @Field({ description: 'Last change. 最后修改时间。' }) updatedAt!: Date;
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

export function recheckFromRow(r: Row): HouseholdRecheckNode {
  return Object.assign(new HouseholdRecheckNode(), {
    id: toGlobalId('HouseholdRecheck', String(r.id)), dbId: String(r.id), householdId: String(r.household_id), townshipId: String(r.township_id),
    episodeId: r.episode_id ? String(r.episode_id) : null, eligibilityJson: json(r.eligibility), profileJson: json(r.profile),
    state: r.state, checkedOn: calendarDay(r.checked_on), methods: r.methods ?? [], findings: r.findings, proposal: r.proposal,
    proposedCategories: r.proposed_categories ?? [], proposedCauses: r.proposed_causes ?? [], proposedPrimaryCause: r.proposed_primary_cause ?? null,
    proposedExitReasons: r.proposed_exit_reasons ?? [], opinion: r.opinion, checkedBy: r.checked_by, outcome: r.outcome ?? null,
    decidedOn: optDay(r.decided_on), decidedBy: r.decided_by ?? null, decisionReason: r.decision_reason ?? null,
    paymentsStopMonth: r.payments_stop_month ? calendarDay(r.payments_stop_month).slice(0, 7) : null,
    version: r.version, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  });
}

@ObjectType('HouseholdAsOf', {
  description: 'A household as it stood at the end of a past day: its place on the list from the episodes (the days the decisions say), its record and members from the history (what the registry held that day). 某日的家庭状况。',
})
export class HouseholdAsOfNode {
  householdId!: string;
  members_!: PersonNode[];
  @Field(() => DateScalar, { description: 'The day. 日期。' }) day!: string;
  @Field({ description: 'Filed in the registry by then. 当日是否已建档。' }) filed!: boolean;
  @Field({ description: 'On the list of households in hardship that day. 当日是否在名单内。' }) onList!: boolean;
  @Field(() => HouseholdStatus, { nullable: true, description: 'Status that day (null when not yet filed). 当日状态。' }) status!: HouseholdStatus | null;
  @Field(() => HouseholdEpisodeNode, { nullable: true, description: 'The episode in force that day. 当日所处的名单阶段。' }) episode!: HouseholdEpisodeNode | null;
  @Field(() => [HardshipCategory], { description: 'Categories in force that day. 当日困难类别。' }) categories!: HardshipCategory[];
  @Field(() => [HardshipCause], { description: 'Causes in force that day. 当日致困原因。' }) causes!: HardshipCause[];
  @Field(() => String, { nullable: true, description: 'Head of household that day. 当日户主。' }) headName!: string | null;
  @Field(() => Int, { nullable: true, description: 'Members that day. 当日家庭人口。' }) memberCount!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'Total monthly income that day, fen. 当日家庭月总收入（分）。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  monthlyIncomeTotal!: number | null;
  @Field(() => [PersonNode], { description: 'Members that day (their fields under the same field rules as today\'s members). 当日家庭成员。' })
  members(): PersonNode[] {
    return this.members_;
  }
}

@ObjectType('RecheckQueueEntry', { description: 'A household whose re-check is due or overdue (R19). 待核查家庭。' })
export class RecheckQueueEntryNode {
  householdId!: string;
  @Field(() => DateScalar, { description: 'Due day. 应核查日期。' }) dueOn!: string;
  @Field(() => RecheckDueStatus, { description: 'Due or overdue. 是否逾期。' }) status!: RecheckDueStatus;
  @Field(() => Int, { description: 'Cadence applied, months (policy by category and risk). 核查周期（月）。' }) cadenceMonths!: number;
  @Field(() => DateScalar, { nullable: true, description: 'Last re-check. 上次核查日期。' }) lastCheckedOn!: string | null;
  @Field(() => DateScalar, { description: 'Day of the episode in force. 本阶段起始日期。' }) onListSince!: string;
}

@ObjectType('ExitReasonCount', { description: 'Exits naming one reason. 按退出原因统计。' })
export class ExitReasonCount {
  @Field(() => ExitReason, { description: 'Reason. 原因。' }) reason!: ExitReason;
  @Field(() => Int, { description: 'Exits naming it (an exit may name several). 户数。' }) exits!: number;
}

@ObjectType('HouseholdFlowMonth', { description: 'One township\'s flows on and off the list in one month (R19 regular statistics). 乡镇月度进出统计。' })
export class HouseholdFlowMonth {
  townshipId!: string;
  @Field(() => TownshipNode, { description: 'Township. 乡镇。' }) township!: TownshipNode;
  @Field({ description: 'Month, YYYY-MM. 月份。' }) month!: string;
  @Field(() => Int, { description: 'On the list at the end of the month before. 月初在册户数。' }) openingOnList!: number;
  @Field(() => Int, { description: 'First confirmations. 新纳入户数。' }) entries!: number;
  @Field(() => Int, { description: 'Re-entries after an exit. 返贫重新纳入户数。' }) reentries!: number;
  @Field(() => Int, { description: 'Exits. 退出户数。' }) exits!: number;
  @Field(() => [ExitReasonCount], { description: 'Exits by reason. 按原因的退出户数。' }) exitsByReason!: ExitReasonCount[];
  @Field(() => Int, { description: 'On the list at the end of the month. 月末在册户数。' }) onList!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Turnover: (entries + re-entries + exits) ÷ 2 ÷ the average of the opening and closing counts; null when both are 0. 周转率：（进＋出）÷2÷平均在册户数。',
  }) turnoverRate!: number | null;
  @Field({ description: 'openingOnList + entries + reentries − exits = onList. 月初＋进－出＝月末。' }) reconciles!: boolean;
}

@ObjectType('HouseholdFlowReport', { description: 'Flows on and off the list per township and month of a year: counts only, never people. 年度分乡镇分月进出统计（仅汇总数）。' })
export class HouseholdFlowReport {
  @Field(() => Int, { description: 'Year. 年度。' }) year!: number;
  @Field(() => [HouseholdFlowMonth], { description: 'Per township and month. 分乡镇分月。' }) months!: HouseholdFlowMonth[];
}

@ObjectType({ implements: MutationPayload, description: 'Result of recordRecheck. 登记核查结果。' })
export class RecordRecheckPayload extends MutationPayload {
  @Field(() => HouseholdRecheckNode, { nullable: true, description: 'The re-check. 核查。' }) recheck: HouseholdRecheckNode | null = null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of decideRecheck. 核查决定结果。' })
export class DecideRecheckPayload extends MutationPayload {
  @Field(() => HouseholdRecheckNode, { nullable: true, description: 'The re-check, decided. 核查。' }) recheck: HouseholdRecheckNode | null = null;
  @Field(() => HouseholdEpisodeNode, { nullable: true, description: 'The episode the decision opened (none for CONTINUE). 新的名单阶段。' }) episode: HouseholdEpisodeNode | null = null;
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
}

@ObjectType('FieldChange', { description: 'One column of a record before and after a change. 字段变更前后。' })
export class FieldChange {
  @Field({ description: 'Column (as stored, e.g. income_wages, status). 字段。' }) field!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Value before (an id number masked). 变更前。' }) old!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Value after (an id number masked). 变更后。' }) new!: unknown;
}

@ObjectType('RecordChange', { description: 'A change of a household or one of its members, as the history keeps it (R19). 家庭或成员信息变更记录。' })
export class RecordChangeNode {
  @Field(() => ID, { description: 'Global id of the record changed (Household or Person). 被变更的记录。' }) record!: string;
  @Field({ description: 'INSERT, UPDATE, DELETE, or BASELINE (present when history began). 变更类型。' }) op!: string;
  @Field({ description: 'When (the writer\'s clock). 变更时间。' }) at!: Date;
  @Field({ description: 'Who. 变更人。' }) actor!: string;
  @Field(() => [FieldChange], { description: 'The columns an update changed (empty for an insert). 变更的字段。' }) changes!: FieldChange[];
}

const HIDDEN_COLUMNS = new Set(['version', 'updated_at', 'updated_by']);
const shown = (field: string, v: unknown) => (field === 'id_number' && typeof v === 'string' ? maskIdNumber(v) : v ?? null);

export function changeFromRow(r: Row): RecordChangeNode {
  const changed = (typeof r.changed === 'string' ? JSON.parse(r.changed) : r.changed) as Record<string, unknown> | null;
  const row = (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Record<string, unknown>;
  return Object.assign(new RecordChangeNode(), {
    record: toGlobalId(r.table_name === 'person' ? 'Person' : 'Household', String(r.row_id)), op: r.op, at: new Date(r.at), actor: r.actor,
    changes: r.op === 'UPDATE' && changed
      ? Object.keys(changed).filter((k) => !HIDDEN_COLUMNS.has(k)).sort().map((k) => ({ field: k, old: shown(k, changed[k]), new: shown(k, row[k]) }))
      : [],
  });
}
