/** GraphQL input types of dynamic monitoring and temporary relief. */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { FactKind, ReliefDecision, ReliefEventKind, ReliefStatus, WarningResult, WarningStatus } from './monitoring.enums';

@InputType({ description: 'A fact a department reports about a person it may see. 部门报告事实。' })
export class ReportDepartmentFactInput {
  @Field(() => ID, { description: 'The person (one your department may see). 人员。' }) person!: string;
  @Field(() => FactKind, { description: 'Kind (your department\'s kinds only). 类别。' }) kind!: FactKind;
  @Field(() => DateScalar, { description: 'Day it happened (not in the future). 发生日期。' }) occurredOn!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Monthly wages, fen (EMPLOYED_WITH_WAGES only). 月工资（分）。' }) monthlyWages?: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'Out-of-pocket cost, fen (HOSPITALISATION only). 自付费用（分）。' }) outOfPocket?: number | null;
  @Field(() => Int, { nullable: true, description: 'New disability grade 1–4 (DISABILITY_GRADE only). 残疾等级。' }) disabilityGrade?: number | null;
  @Field(() => String, { nullable: true, description: 'Note (at most 500). 备注。' }) note?: string | null;
}

@InputType({ description: 'What the township did about a warning. 处理预警。' })
export class HandleWarningInput {
  @Field(() => ID, { description: 'The warning. 预警。' }) warning!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
  @Field(() => WarningResult, { description: 'Result. 处理结果。' }) result!: WarningResult;
  @Field(() => String, { nullable: true, description: 'Reason (required for NO_ACTION; at most 500). 说明。' }) reason?: string | null;
}

@InputType({ description: 'R17: the township applies for temporary relief. 申请临时救助。' })
export class ApplyTemporaryReliefInput {
  @Field(() => ID, { description: 'The household (on the list or only registered). 家庭。' }) household!: string;
  @Field(() => ReliefEventKind, { description: 'What happened. 事由。' }) eventKind!: ReliefEventKind;
  @Field(() => DateScalar, { description: 'Day it happened (not in the future). 发生日期。' }) eventOn!: string;
  @Field(() => MoneyScalar, { description: 'Amount asked for, fen (up to the cap in force). 申请金额（分）。' }) amount!: number;
  @Field({ description: 'Reason (at most 500). 申请理由。' }) reason!: string;
}

@InputType({ description: 'R17: civil affairs decides a relief application (GRANT pays at once). 审批临时救助。' })
export class DecideTemporaryReliefInput {
  @Field(() => ID, { description: 'The relief case. 临时救助。' }) relief!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
  @Field(() => ReliefDecision, { description: 'Decision. 决定。' }) decision!: ReliefDecision;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount granted, fen (default: the amount applied for). 批准金额（分）。' }) amount?: number | null;
  @Field(() => ID, { nullable: true, description: 'SAFETY_NET allocation of the year to pay from (GRANT). 支出的资金安排。' }) allocation?: string | null;
  @Field(() => String, { nullable: true, description: 'Reason (required for REFUSE). 审批意见。' }) reason?: string | null;
}

@ArgsType()
export class WarningArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only this household. 仅此家庭。' }) household?: string | null;
  @Field(() => String, { nullable: true, description: 'Only this rule code. 仅此规则。' }) rule?: string | null;
  @Field(() => WarningStatus, { nullable: true, description: 'Only this status. 仅此状态。' }) status?: WarningStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'Only overdue (true) or not overdue (false). 是否逾期。' }) overdue?: boolean | null;
}

@ArgsType()
export class ReliefArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string | null;
  @Field(() => ReliefStatus, { nullable: true, description: 'Only this status. 仅此状态。' }) status?: ReliefStatus | null;
}
