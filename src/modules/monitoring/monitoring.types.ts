/**
 * GraphQL types of dynamic monitoring (R19) and temporary relief (R17). Nodes are built from
 * plain rows; object references (household, person, township, rule) are resolved by field
 * resolvers through the request's loaders under the caller's row rules.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, toGlobalId } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { calendarDay } from '../../shared/county-calendar';
import type { Row } from '../../shared/row';
import { FactKind, ReliefDecision, ReliefEventKind, ReliefStatus, WarningResult, WarningStatus } from './monitoring.enums';

registerEnumType(FactKind, {
  name: 'DepartmentFactKind',
  description: 'What a department reports about a person (cross-department check, R19). 部门报告的事实类别。',
  valuesConfig: {
    EMPLOYED_WITH_WAGES: { description: 'HR: employed with wages (monthlyWages). 人社：已就业并有工资收入。' },
    HOSPITALISATION: { description: 'Medical insurance: hospitalisation (outOfPocket). 医保：住院及自付费用。' },
    DISABILITY_GRADE: { description: 'Disabled persons\' federation: a new disability grade. 残联：新的残疾等级。' },
    DIED: { description: 'Civil affairs: died. 民政：死亡。' },
    MOVED_AWAY: { description: 'Civil affairs: moved away. 民政：迁出。' },
  },
});
registerEnumType(WarningStatus, {
  name: 'WarningStatus',
  description: 'Whether a warning is still to be handled. 预警处理状态。',
  valuesConfig: { OPEN: { description: 'To be handled. 待处理。' }, HANDLED: { description: 'Handled, with a result. 已处理。' } },
});
registerEnumType(WarningResult, {
  name: 'WarningResult',
  description: 'What the township did about a warning. 预警处理结果。',
  valuesConfig: {
    RECHECK_STARTED: { description: 'A re-check was started. 已启动核查。' },
    PROFILE_UPDATED: { description: 'The profile was corrected. 已更新家庭档案。' },
    IDENTIFICATION_STARTED: { description: 'An identification case was started. 已启动认定。' },
    NO_ACTION: { description: 'No action (reason required). 无需处理（须说明理由）。' },
  },
});
registerEnumType(ReliefEventKind, {
  name: 'ReliefEventKind',
  description: 'R17: what hit the household. 临时救助事由。',
  valuesConfig: {
    SUDDEN_EVENT: { description: 'A sudden event. 突发事件。' },
    ACCIDENT: { description: 'An accident. 意外伤害。' },
    SERIOUS_ILLNESS: { description: 'A serious illness. 重大疾病。' },
    DISASTER: { description: 'A natural disaster. 自然灾害。' },
  },
});
registerEnumType(ReliefStatus, {
  name: 'ReliefStatus',
  description: 'State of a temporary relief case. 临时救助状态。',
  valuesConfig: {
    APPLIED: { description: 'Applied for by the township. 乡镇已申请。' },
    GRANTED: { description: 'Granted and paid by civil affairs. 已批准并发放。' },
    REFUSED: { description: 'Refused by civil affairs. 未批准。' },
  },
});
registerEnumType(ReliefDecision, {
  name: 'ReliefDecision',
  description: 'Civil affairs\' decision on a relief application. 临时救助审批决定。',
  valuesConfig: { GRANT: { description: 'Grant and pay. 批准并发放。' }, REFUSE: { description: 'Refuse (reason required). 不予批准。' } },
});

@ObjectType('WarningRule', { description: 'A warning rule held as data: code, deadline, meaning. 预警规则。' })
export class WarningRuleNode {
  @Field({ description: 'Stable code. 规则编码。' }) code!: string;
  @Field(() => Int, { description: 'Days the township has to handle a warning. 处理期限（天）。' }) deadlineDays!: number;
  @Field({ description: 'Meaning, Chinese. 中文说明。' }) descriptionZh!: string;
  @Field({ description: 'Meaning, English. 英文说明。' }) descriptionEn!: string;
  @Field({ description: 'Whether the rule raises warnings. 是否启用。' }) active!: boolean;
}

export function ruleFromRow(r: Row): WarningRuleNode {
  return Object.assign(new WarningRuleNode(), { code: r.code, deadlineDays: Number(r.deadline_days), descriptionZh: r.description_zh, descriptionEn: r.description_en, active: !!r.active });
}

@ObjectType('Warning', { implements: Node, description: 'A monitoring warning routed to the household\'s township, with a deadline (R19). 动态监测预警。' })
export class WarningNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  ruleCode!: string;
  householdId!: string;
  townshipId!: string;
  personId!: string | null;
  @Field({ description: 'What raised it, as JSON text (figures, the line crossed). 预警依据（JSON）。' }) detail!: string;
  @Field(() => DateScalar, { description: 'Day raised. 预警日期。' }) raisedOn!: string;
  @Field(() => DateScalar, { description: 'Day it must be handled by. 处理期限。' }) dueOn!: string;
  @Field(() => WarningStatus, { description: 'Open or handled. 状态。' }) status!: WarningStatus;
  @Field(() => WarningResult, { nullable: true, description: 'What was done. 处理结果。' }) result!: WarningResult | null;
  @Field(() => String, { nullable: true, description: 'Reason recorded with the result. 处理说明。' }) reason!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day handled. 处理日期。' }) handledOn!: string | null;
  @Field(() => Int, { description: 'Version (for handleWarning). 版本号。' }) version!: number;
}

export function warningFromRow(r: Row): WarningNode {
  const dueOn = calendarDay(r.due_on);
  return Object.assign(new WarningNode(), {
    id: toGlobalId('Warning', String(r.id)), dbId: String(r.id), ruleCode: r.rule_code, householdId: String(r.household_id), townshipId: String(r.township_id),
    personId: r.person_id == null ? null : String(r.person_id), detail: JSON.stringify(r.detail ?? {}), raisedOn: calendarDay(r.raised_on), dueOn,
    status: r.status, result: r.result ?? null, reason: r.reason ?? null,
    handledOn: r.handled_on == null ? null : calendarDay(r.handled_on), version: Number(r.version),
  });
}

@ObjectType('TemporaryRelief', { implements: Node, description: 'R17 temporary or disaster relief case. 临时救助。' })
export class ReliefNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  townshipId!: string;
  @Field(() => ReliefEventKind, { description: 'What happened. 事由。' }) eventKind!: ReliefEventKind;
  @Field(() => DateScalar, { description: 'Day it happened. 发生日期。' }) eventOn!: string;
  @Field(() => DateScalar, { description: 'Day applied. 申请日期。' }) appliedOn!: string;
  @Field(() => MoneyScalar, { description: 'Amount applied for, fen. 申请金额（分）。' }) requestedAmount!: number;
  @Field({ description: 'The township\'s reason. 申请理由。' }) reason!: string;
  @Field(() => ReliefStatus, { description: 'State. 状态。' }) status!: ReliefStatus;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount granted and paid, fen. 批准发放金额（分）。' }) grantedAmount!: number | null;
  @Field(() => String, { nullable: true, description: 'Civil affairs\' reason. 审批意见。' }) decisionReason!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day decided. 审批日期。' }) decidedOn!: string | null;
  @Field(() => Int, { description: 'Version (for decideTemporaryRelief). 版本号。' }) version!: number;
}

export function reliefFromRow(r: Row): ReliefNode {
  return Object.assign(new ReliefNode(), {
    id: toGlobalId('TemporaryRelief', String(r.id)), dbId: String(r.id), householdId: String(r.household_id), townshipId: String(r.township_id),
    eventKind: r.event_kind, eventOn: calendarDay(r.event_on), appliedOn: calendarDay(r.applied_on), requestedAmount: Number(r.requested_amount), reason: r.reason,
    status: r.status, grantedAmount: r.granted_amount == null ? null : Number(r.granted_amount), decisionReason: r.decision_reason ?? null,
    decidedOn: r.decided_on == null ? null : calendarDay(r.decided_on), version: Number(r.version),
  });
}

@ObjectType('DepartmentFact', { implements: Node, description: 'A fact a department reported about a person (the reporter sees its own facts, not the warnings). 部门报告的事实。' })
export class FactNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field(() => FactKind, { description: 'Kind. 类别。' }) kind!: FactKind;
  @Field(() => DateScalar, { description: 'Day it happened. 发生日期。' }) occurredOn!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Monthly wages, fen (EMPLOYED_WITH_WAGES). 月工资（分）。' }) monthlyWages!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'Out-of-pocket cost, fen (HOSPITALISATION). 自付费用（分）。' }) outOfPocket!: number | null;
  @Field(() => Int, { nullable: true, description: 'New disability grade (DISABILITY_GRADE). 残疾等级。' }) disabilityGrade!: number | null;
  @Field({ description: 'When it was reported. 报告时间。' }) reportedAt!: Date;
}

export function factFromRow(r: Row): FactNode {
  return Object.assign(new FactNode(), {
    id: toGlobalId('DepartmentFact', String(r.id)), dbId: String(r.id), kind: r.kind, occurredOn: calendarDay(r.occurred_on),
    monthlyWages: r.monthly_wages == null ? null : Number(r.monthly_wages), outOfPocket: r.out_of_pocket == null ? null : Number(r.out_of_pocket),
    disabilityGrade: r.disability_grade == null ? null : Number(r.disability_grade), reportedAt: new Date(r.reported_at),
  });
}
