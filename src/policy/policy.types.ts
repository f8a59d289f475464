import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DateScalar, MoneyScalar } from '../graphql/scalars';
import { MutationPayload } from '../graphql/payload';
import { HardshipCategory, HardshipCause, IllnessKind, LegalSupporter, ParentalStatus, SchoolingStage, WorkCapacity } from '../modules/registry/registry.enums';
import { ParameterKey, PARAMETERS } from './parameter-definitions';

/** The parameter keys as a GraphQL enum, generated from the definitions (one list to maintain). */
export const PolicyParameterKey = Object.fromEntries(Object.keys(PARAMETERS).map((k) => [k, k])) as Record<ParameterKey, ParameterKey>;
registerEnumType(PolicyParameterKey, {
  name: 'PolicyParameterKey',
  description: 'A policy parameter of the programme. 政策参数。',
  valuesConfig: Object.fromEntries(Object.entries(PARAMETERS).map(([k, d]) => [k, { description: `${d.description} (${d.unit}; ${d.rules.join(', ')})` }])),
});

export enum TraceOutcome {
  PASS = 'PASS',
  FAIL = 'FAIL',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
registerEnumType(TraceOutcome, {
  name: 'TraceOutcome',
  description: 'Result of one rule. 规则判断结果。',
  valuesConfig: { PASS: { description: 'Met. 符合。' }, FAIL: { description: 'Not met. 不符合。' }, NOT_APPLICABLE: { description: 'Does not apply. 不适用。' } },
});

@ObjectType({ description: 'One value of a policy parameter from its effective date on. 政策参数的一个取值。' })
export class PolicyParameterValue {
  @Field(() => PolicyParameterKey, { description: 'Parameter. 参数。' }) key!: string;
  @Field(() => Float, { description: 'Value in its unit (fen for money). 取值（金额以分计）。' }) value!: number;
  @Field({ description: 'Unit: FEN, RATIO, DAYS, YEARS, SQUARE_METRES, COUNT, MONTHS. 单位。' }) unit!: string;
  @Field(() => DateScalar, { description: 'In force from this day. 生效日期。' }) effectiveFrom!: string;
  @Field({ description: 'Who set it. 设置人。' }) setBy!: string;
  @Field({ description: 'When it was set. 设置时间。' }) setAt!: Date;
  @Field({ description: 'Why (the document that decided it). 依据。' }) reason!: string;
}

@ObjectType({ description: 'One step of an eligibility decision. 认定判断的一步。' })
export class TraceStepType {
  @Field({ description: 'Rule id of DOMAIN.md (R2, R3 …). 规则编号。' }) rule!: string;
  @Field(() => String, { nullable: true, description: 'Member the step is about (a Person reference). 涉及的成员。' }) member!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'What the rule looked at. 输入。' }) inputs!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { description: 'What it compared with. 标准。' }) thresholds!: Record<string, unknown>;
  @Field(() => TraceOutcome, { description: 'Result. 结果。' }) outcome!: TraceOutcome;
  @Field({ description: 'Explanation in Chinese, for the family. 中文说明。' }) explanationZh!: string;
  @Field({ description: 'Explanation in English. 英文说明。' }) explanationEn!: string;
}

@ObjectType({ description: 'Who qualifies and why (R1–R7), as of a day. 认定结果及依据。' })
export class EligibilityResultType {
  @Field(() => DateScalar, { description: 'Day the policy was taken from. 政策基准日。' }) asOf!: string;
  @Field(() => MoneyScalar, { description: 'Minimum-living standard in force (R2), fen per person per month. 低保标准（分/人·月）。' }) allowanceStandard!: number;
  @Field(() => MoneyScalar, { description: 'Per-capita monthly income (I3), fen. 月人均收入（分）。' }) perCapitaMonthlyIncome!: number;
  @Field(() => MoneyScalar, { description: 'Total monthly income, fen. 月总收入（分）。' }) totalMonthlyIncome!: number;
  @Field(() => Int, { description: 'Members counted. 家庭人口。' }) memberCount!: number;
  @Field(() => [HardshipCategory], { description: 'Categories R3–R6 that apply. 符合的类别。' }) categories!: string[];
  @Field({ description: 'Whether the household is in hardship (R1, R7). 是否符合城市困难家庭条件。' }) qualifies!: boolean;
  @Field(() => [TraceStepType], { description: 'Each rule, its inputs, thresholds and outcome. 逐条判断过程。' }) trace!: TraceStepType[];
}

@InputType({ description: 'A member for a walk-in eligibility check (no name or id number needed). 咨询用成员信息。' })
export class EligibilityMemberInput {
  @Field(() => DateScalar, { description: 'Birth date. 出生日期。' }) birthDate!: string;
  @Field(() => WorkCapacity, { description: 'Capacity to work. 劳动能力。' }) workCapacity!: WorkCapacity;
  @Field(() => Int, { nullable: true, description: 'Disability grade 1–4, if disabled. 残疾等级。' }) disabilityGrade?: number | null;
  @Field(() => IllnessKind, { nullable: true, defaultValue: IllnessKind.NONE, description: 'Illness. 疾病。' }) illness!: IllnessKind;
  @Field(() => SchoolingStage, { nullable: true, defaultValue: SchoolingStage.NONE, description: 'Schooling. 学段。' }) schoolingStage!: SchoolingStage;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Monthly income, fen. 月收入（分）。' }) monthlyIncome!: number;
  @Field({ nullable: true, defaultValue: true, description: 'Has a source of livelihood. 有生活来源。' }) hasLivelihoodSource!: boolean;
  @Field(() => LegalSupporter, { nullable: true, defaultValue: LegalSupporter.ABLE, description: 'Legal supporter. 法定义务人。' }) legalSupporter!: LegalSupporter;
  @Field(() => ParentalStatus, { nullable: true, defaultValue: ParentalStatus.PRESENT, description: 'Parents. 父母情况。' }) parentalStatus!: ParentalStatus;
}

@InputType({ description: 'An unsaved household for walk-in advice. 咨询用家庭信息（不保存）。' })
export class EligibilityCheckInput {
  @Field(() => [EligibilityMemberInput], { description: 'Members. 成员。' }) members!: EligibilityMemberInput[];
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Deposits and securities, fen. 金融资产（分）。' }) financialAssets!: number;
  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Vehicles. 机动车。' }) vehicles!: number;
  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Other properties. 其他房产。' }) otherProperties!: number;
  @Field(() => [HardshipCause], { nullable: true, defaultValue: [], description: 'Causes that apply (R11). 致困原因。' }) causes!: HardshipCause[];
}

@InputType({ description: 'A new value of a policy parameter, from a day on. 设置政策参数。' })
export class SetPolicyParameterInput {
  @Field(() => PolicyParameterKey, { description: 'Parameter. 参数。' }) key!: string;
  @Field(() => Float, { description: 'Value in the parameter\'s unit. 取值。' }) value!: number;
  @Field(() => DateScalar, { description: 'In force from. 生效日期。' }) effectiveFrom!: string;
  @Field({ description: 'Why (the decision or document). 依据。' }) reason!: string;
}

@ObjectType({ implements: MutationPayload, description: 'Result of setPolicyParameter. 设置参数结果。' })
export class SetPolicyParameterPayload extends MutationPayload {
  @Field(() => [PolicyParameterValue], { nullable: true, description: 'The parameter\'s history, newest first. 该参数的历史取值。' }) history: PolicyParameterValue[] | null = null;
}
