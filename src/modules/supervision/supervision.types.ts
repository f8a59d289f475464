/** GraphQL object types of supervision (R21, R22) and their row mappers. */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MeasureCodeEnum } from '../../graphql/enums';
import { Node, toGlobalId } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { CheckKind, CheckResult, SignOffState } from './supervision.enums';
import { FIGURE_CODES, FIGURES, FigureCode, figureOf } from './supervision.figures';
import type { CheckHouseholdRow, CheckRow, FigureCell, SignOffRow, SourceRow } from './supervision.reader';

export const FigureCodeEnum = Object.fromEntries(FIGURE_CODES.map((k) => [k, k])) as Record<FigureCode, FigureCode>;
registerEnumType(FigureCodeEnum, {
  name: 'ScorecardFigureCode',
  description: 'The figures of the township scorecard (R22). 乡镇考核指标。',
  valuesConfig: Object.fromEntries(FIGURE_CODES.map((c) => [c, { description: `${FIGURES[c].en}. ${FIGURES[c].zh}。` }])),
});
const FigureGroupEnum = { RESULTS: 'RESULTS', PROGRESS: 'PROGRESS', DELIVERY: 'DELIVERY', INTEGRITY: 'INTEGRITY' } as const;
registerEnumType(FigureGroupEnum, {
  name: 'ScorecardFigureGroup', description: 'What a figure assesses. 指标类别。',
  valuesConfig: {
    RESULTS: { description: 'Results. 工作成效。' }, PROGRESS: { description: 'Progress. 工作进度。' },
    DELIVERY: { description: 'Policy delivery. 政策落实。' }, INTEGRITY: { description: 'Integrity signals. 规范性。' },
  },
});
const FigureSourceEnum = Object.fromEntries([...new Set(FIGURE_CODES.map((c) => figureOf(c).source))].map((k) => [k, k])) as Record<string, string>;
const SOURCE_DESCRIPTIONS: Record<string, string> = {
  HOUSEHOLD: 'Households. 家庭。', EPISODE: 'List episodes (entries, changes, exits). 在册记录（纳入、变更、退出）。',
  IDENTIFICATION_CASE: 'Identification cases. 认定案件。', RECHECK: 'Re-checks. 定期核查。', WARNING: 'Monitoring warnings. 监测预警。',
  PLAN_ITEM: 'Plan items. 帮扶事项。', DISBURSEMENT: 'Disbursements. 资金发放。', ALLOWANCE_RUN: 'Monthly allowance runs. 月度低保发放批次。',
  NEED: 'Published needs. 发布的需求。', LEDGER_ENTRY: 'Pairing ledger entries. 结对帮扶台账。', DONATION_MATCH: 'Donation matches. 捐赠对接。',
  PUBLIC_NOTICE: 'Public notices. 公示。', OBJECTION: 'Notice objections. 公示异议。', CHECK_HOUSEHOLD: 'Households drawn for a check. 抽查家庭。',
};
registerEnumType(FigureSourceEnum, {
  name: 'ScorecardSource', description: 'The kind of record a figure counts. 指标来源记录类别。',
  // A source without its own line still gets one (the schema test wants a description on every value).
  valuesConfig: Object.fromEntries(Object.keys(FigureSourceEnum).map((k) => [k, { description: SOURCE_DESCRIPTIONS[k] ?? `${k}. 来源记录。` }])),
});
const BetterEnum = { HIGHER: 'HIGHER', LOWER: 'LOWER' } as const;
registerEnumType(BetterEnum, {
  name: 'ScorecardDirection', description: 'Which way a figure is better. 指标方向。',
  valuesConfig: { HIGHER: { description: 'Higher is better. 越高越好。' }, LOWER: { description: 'Lower is better. 越低越好。' } },
});
registerEnumType(CheckKind, {
  name: 'SupervisionCheckKind', description: 'Random or regular check (R22). 抽查或定期检查。',
  valuesConfig: { RANDOM: { description: 'Random check. 随机抽查。' }, REGULAR: { description: 'Regular check on the schedule. 定期检查。' } },
});
registerEnumType(CheckResult, {
  name: 'SupervisionCheckResult', description: 'Outcome of inspecting one household. 核查结果。',
  valuesConfig: { PASS: { description: 'All four points hold. 合格。' }, FAIL: { description: 'At least one point does not hold. 不合格。' } },
});
registerEnumType(SignOffState, {
  name: 'AssessmentState', description: 'Where a township\'s assessment of a period stands. 考核审定状态。',
  valuesConfig: {
    SUBMITTED: { description: 'Submitted by the township, awaiting civil affairs. 乡镇已报送。' },
    APPROVED: { description: 'Approved: the figures are frozen. 已审定（数据冻结）。' },
    RETURNED: { description: 'Returned with a reason; the township may resubmit. 已退回。' },
  },
});

@ObjectType('ScorecardFigure', { description: 'A scorecard figure as defined in the figure registry. 考核指标定义。' })
export class ScorecardFigureType {
  @Field(() => FigureCodeEnum, { description: 'Code. 代码。' }) code!: string;
  @Field(() => FigureGroupEnum, { description: 'Group. 类别。' }) group!: string;
  @Field({ description: 'Rule ids of DOMAIN.md. 政策条款。' }) rule!: string;
  @Field({ description: 'Chinese name. 名称。' }) name!: string;
  @Field({ description: 'English name. 英文名称。' }) nameEn!: string;
  @Field({ description: 'Formula in Chinese. 计算口径。' }) formula!: string;
  @Field({ description: 'Formula in English. 英文计算口径。' }) formulaEn!: string;
  @Field({ description: 'Unit (HOUSEHOLDS, CASES, ITEMS, FEN, ...). 单位。' }) unit!: string;
  @Field({ description: 'COUNT of the source rows or SUM of their amounts. 汇总方式。' }) aggregate!: string;
  @Field(() => FigureCodeEnum, { nullable: true, description: 'For a share: the figure it is a share of. 比率分母指标。' }) base!: string | null;
  @Field(() => BetterEnum, { description: 'Which way is better (ranking). 指标方向。' }) better!: string;
  @Field(() => FigureSourceEnum, { description: 'The kind of record behind the figure (drill-down). 来源记录类别。' }) source!: string;
}

export function figureType(code: FigureCode): ScorecardFigureType {
  const f = figureOf(code);
  return Object.assign(new ScorecardFigureType(), {
    code, group: f.group, rule: f.rule, name: f.zh, nameEn: f.en, formula: f.formulaZh, formulaEn: f.formulaEn, unit: f.unit,
    aggregate: f.aggregate, base: f.base ?? null, better: f.better, source: f.source,
  });
}

@ObjectType('FigureValue', { description: 'The value of one figure. 指标值。' })
export class FigureValueType {
  @Field(() => FigureCodeEnum, { description: 'The figure. 指标。' }) figure!: string;
  @Field(() => Float, { description: 'A whole number: a count, or fen for money figures. 指标值（计数，或金额分）。' }) value!: number;
  @Field(() => Float, { nullable: true, description: 'For a share: the base (the value of the base figure). 比率分母。' }) base!: number | null;
  @Field(() => Float, { nullable: true, description: 'For a share: value / base (null when the base is 0). 比率。' }) share!: number | null;
  @Field(() => Int, { nullable: true, description: 'Rank among the townships compared, 1 = best; ties share a rank; null with nothing to rank. 排名。' }) rank!: number | null;
}

export function valueOf(figure: string, value: number, base: number | null, rank: number | null = null): FigureValueType {
  return Object.assign(new FigureValueType(), { figure, value, base, share: base == null || base === 0 ? null : value / base, rank });
}

@ObjectType('TownshipScore', { description: 'One township\'s scorecard for the period. 乡镇考核得分。' })
export class TownshipScoreType {
  townshipId!: string;
  @Field(() => [FigureValueType], { description: 'Every figure, in registry order. 各项指标。' }) figures!: FigureValueType[];
  @Field(() => Date, { nullable: true, description: 'Set when the period\'s assessment is approved: the figures are frozen as of this instant. 冻结时间（已审定）。' }) frozenAt!: Date | null;
}

@ObjectType('TownshipScorecard', { description: 'Township scorecards of a period, side by side (R22). 乡镇考核对比。' })
export class TownshipScorecardType {
  @Field({ description: 'The period: 2026, 2026-Q4 or 2026-11. 考核期。' }) period!: string;
  @Field(() => DateScalar, { description: 'First day. 起始日。' }) start!: string;
  @Field(() => DateScalar, { description: 'Last day. 截止日。' }) end!: string;
  @Field(() => Date, { description: 'When the live figures were computed (frozen ones say frozenAt). 计算时间。' }) computedAt!: Date;
  @Field(() => [TownshipScoreType], { description: 'The townships you may read, in code order. 各乡镇。' }) townships!: TownshipScoreType[];
  @Field(() => [FigureValueType], { description: 'Totals over the townships listed: the sums of their values and bases. 合计（各乡镇之和）。' }) totals!: FigureValueType[];
}

@ObjectType('ScorecardMonth', { description: 'One month of a trend. 月度数据。' })
export class ScorecardMonthType {
  @Field({ description: 'YYYY-MM. 月份。' }) month!: string;
  @Field(() => [FigureValueType], { description: 'Totals over the townships you may read. 合计。' }) totals!: FigureValueType[];
}

@ObjectType('ScorecardSourceRow', { description: 'A record behind a figure (drill-down). 指标来源记录。' })
export class ScorecardSourceRowType {
  householdId!: string | null;
  @Field(() => FigureSourceEnum, { description: 'The kind of record. 记录类别。' }) source!: string;
  @Field(() => ID, { description: 'Global id of the record (for node(id:) where the type is a node). 记录标识。' }) recordId!: string;
  @Field(() => DateScalar, { nullable: true, description: 'The day it counts on. 日期。' }) day!: string | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'Its amount, fen (money figures). 金额（分）。' }) amount!: number | null;
  @Field(() => String, { nullable: true, description: 'The owning department (plan items). 责任部门。' }) department!: string | null;
}

const SOURCE_NODE: Record<string, string> = {
  HOUSEHOLD: 'Household', IDENTIFICATION_CASE: 'IdentificationCase', PLAN_ITEM: 'PlanItem', DISBURSEMENT: 'Disbursement', ALLOWANCE_RUN: 'AllowanceRun',
  NEED: 'Need', LEDGER_ENTRY: 'PairingLedgerEntry', PUBLIC_NOTICE: 'PublicNotice', OBJECTION: 'NoticeObjection', CHECK_HOUSEHOLD: 'SupervisionCheckHousehold',
  RECHECK: 'HouseholdRecheck', WARNING: 'Warning', EPISODE: 'HouseholdEpisode', DONATION_MATCH: 'DonationMatch',
};

export function sourceRowOf(code: FigureCode, r: SourceRow): ScorecardSourceRowType {
  const source = figureOf(code).source;
  return Object.assign(new ScorecardSourceRowType(), {
    householdId: r.householdId, source, recordId: toGlobalId(SOURCE_NODE[source], r.id), day: r.day, amount: r.amount, department: r.department,
  });
}

@ObjectType('AllocationUse', { description: 'Money paid from a fund allocation. 资金安排使用情况。' })
export class AllocationUseType {
  allocationId!: string;
  @Field(() => MeasureCodeEnum, { description: 'Measure. 措施。' }) measure!: string;
  @Field(() => Int, { description: 'Budget year. 年度。' }) year!: number;
  @Field(() => MoneyScalar, { description: 'Allocated, fen. 安排金额。' }) amount!: number;
  @Field(() => MoneyScalar, { description: 'Paid in the period, fen. 本期支出。' }) paidInPeriod!: number;
  @Field(() => MoneyScalar, { description: 'Paid in total, fen. 累计支出。' }) disbursedTotal!: number;
}

@ObjectType('DepartmentScore', { description: 'A department\'s scorecard for one of the seven measures (R21, R22). 部门考核（按措施）。' })
export class DepartmentScoreType {
  @Field(() => MeasureCodeEnum, { description: 'Measure. 措施。' }) measure!: string;
  @Field({ description: 'Owning department. 责任部门。' }) department!: string;
  @Field(() => Int, { description: 'Items proposed in the period. 本期提出事项。' }) proposed!: number;
  @Field(() => Int, { description: 'Items decided in the period. 本期审定事项。' }) decided!: number;
  @Field(() => Int, { description: 'Items with a delivery in the period. 本期有落实记录的事项。' }) delivered!: number;
  @Field(() => Int, { description: 'Agreed items overdue at the period end (or today). 逾期事项。' }) overdue!: number;
  @Field(() => [AllocationUseType], { description: 'Money paid from each allocation of the measure. 各资金安排支出。' }) allocations!: AllocationUseType[];
}

@ObjectType('DepartmentScorecard', { description: 'Department scorecards of a period. 部门考核。' })
export class DepartmentScorecardType {
  @Field({ description: 'The period. 考核期。' }) period!: string;
  @Field(() => Date, { description: 'When computed. 计算时间。' }) computedAt!: Date;
  @Field(() => [DepartmentScoreType], { description: 'The measures you may read. 各措施。' }) measures!: DepartmentScoreType[];
}

@ObjectType('SupervisionCheckHousehold', { implements: Node, description: 'A household drawn for a check, with the findings. 抽查家庭及核查结果。' })
export class CheckHouseholdNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  checkId!: string;
  householdId!: string;
  @Field(() => Int, { description: 'Version (send it back to record findings). 版本。' }) version!: number;
  @Field(() => Int, { description: 'Place in the draw (1 = first). 抽取顺序。' }) position!: number;
  @Field(() => Boolean, { nullable: true, description: 'The family is who the file says. 家庭身份属实。' }) identityMatches!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Income is as recorded. 收入与登记一致。' }) incomeAsRecorded!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'The measures were delivered. 帮扶措施已落实。' }) measuresDelivered!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'The notices were posted. 已按规定公示。' }) noticesPosted!: boolean | null;
  @Field(() => CheckResult, { nullable: true, description: 'Result (null until inspected). 核查结论。' }) result!: string | null;
  @Field(() => String, { nullable: true, description: 'Inspector\'s note. 核查说明。' }) note!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day inspected. 核查日期。' }) inspectedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Inspector. 核查人。' }) inspectedBy!: string | null;
}

export function checkHouseholdNode(r: CheckHouseholdRow): CheckHouseholdNode {
  return Object.assign(new CheckHouseholdNode(), { ...r, id: toGlobalId('SupervisionCheckHousehold', r.dbId) });
}

@ObjectType('SupervisionCheck', { implements: Node, description: 'A random or regular check of a township (R22). 抽查（定期检查）。' })
export class CheckNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  townshipId!: string;
  @Field(() => CheckKind, { description: 'Random or regular. 类别。' }) kind!: string;
  @Field({ description: 'The seed of the draw (hex): with the population it re-does the draw. 抽取种子。' }) seed!: string;
  @Field(() => Int, { description: 'Households drawn (policy RANDOM_CHECK_SAMPLE_SIZE, or all when fewer). 抽取户数。' }) sampleSize!: number;
  @Field(() => Int, { description: 'Households on the list the draw chose from. 抽取范围户数。' }) populationSize!: number;
  @Field(() => DateScalar, { description: 'Day drawn. 抽取日期。' }) drawnOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Regular checks: the day the inspection is due. 检查期限。' }) dueOn!: string | null;
  @Field({ description: 'Who drew it. 抽取人。' }) createdBy!: string;
}

export function checkNode(r: CheckRow): CheckNode {
  return Object.assign(new CheckNode(), { ...r, id: toGlobalId('SupervisionCheck', r.dbId) });
}

@ObjectType('AssessmentSignOff', { implements: Node, description: 'A township\'s assessment of a period: submitted, approved (frozen) or returned. 考核报送与审定。' })
export class SignOffNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  townshipId!: string;
  rawFigures!: Record<string, { value: number; base: number | null }>;
  @Field(() => Int, { description: 'Version. 版本。' }) version!: number;
  @Field({ description: 'The period. 考核期。' }) period!: string;
  @Field(() => SignOffState, { description: 'State. 状态。' }) state!: string;
  @Field(() => [FigureValueType], { description: 'The figures as submitted (frozen once approved). 报送的指标。' }) figures!: FigureValueType[];
  @Field(() => Date, { description: 'When the submitted figures were computed. 指标计算时间。' }) computedAt!: Date;
  @Field({ description: 'Who submitted. 报送人。' }) submittedBy!: string;
  @Field(() => String, { nullable: true, description: 'Who approved or returned it. 审定人。' }) decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was returned. 退回理由。' }) decisionReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When approved: frozen from then. 冻结时间。' }) frozenAt!: Date | null;
}

export function signOffNode(r: SignOffRow): SignOffNode {
  return Object.assign(new SignOffNode(), {
    id: toGlobalId('AssessmentSignOff', r.dbId), dbId: r.dbId, townshipId: r.townshipId, rawFigures: r.figures, version: r.version, period: r.period, state: r.state,
    figures: FIGURE_CODES.filter((c) => r.figures[c]).map((c) => valueOf(c, Number(r.figures[c].value), r.figures[c].base == null ? null : Number(r.figures[c].base))),
    computedAt: r.computedAt, submittedBy: r.submittedBy, decidedBy: r.decidedBy, decisionReason: r.decisionReason, frozenAt: r.frozenAt,
  });
}

export function cellValue(c: FigureCell): FigureValueType {
  return valueOf(c.figure, c.value, c.base, c.rank);
}
