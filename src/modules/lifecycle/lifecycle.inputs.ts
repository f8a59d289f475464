/** GraphQL input types of the lifecycle (R19); their enums are registered in lifecycle.types.ts. */
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { HardshipCategory, HardshipCause } from '../registry/registry.enums';
import { ExitReason, RecheckMethod, RecheckOutcome } from './lifecycle.enums';
import './lifecycle.types';

@InputType({
  description: 'A periodic re-check by the household\'s township (定期核查, R19). Update members and income through the registry first: the re-check freezes the profile the registry holds and recomputes eligibility under the policy in force on its day. 乡镇定期核查（先通过在档信息维护更新家庭情况）。',
})
export class RecordRecheckInput {
  @Field(() => ID, { description: 'The household (on the list). 家庭。' }) household!: string;
  @Field(() => DateScalar, { description: 'Day of the re-check: not before the last re-check or the current episode, not in the future. 核查日期。' }) checkedOn!: string;
  @Field(() => [RecheckMethod], { description: 'Methods used (R9a), at least one. 核查方式。' }) methods!: RecheckMethod[];
  @Field({ description: 'What was found. 核查情况。' }) findings!: string;
  @Field(() => RecheckOutcome, { description: 'The township\'s proposal. 乡镇意见。' }) proposal!: RecheckOutcome;
  @Field(() => [HardshipCategory], { nullable: true, description: 'CHANGE_CATEGORIES: the categories proposed. 建议类别。' }) categories?: HardshipCategory[] | null;
  @Field(() => [HardshipCause], { nullable: true, description: 'Causes (R11) as the township now sees them; default those in force. 致困原因。' }) causes?: HardshipCause[] | null;
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause, one of `causes`. 主要致困原因。' }) primaryCause?: HardshipCause | null;
  @Field(() => [ExitReason], { nullable: true, description: 'EXIT: the reasons, at least one. 退出原因。' }) exitReasons?: ExitReason[] | null;
  @Field({ description: 'The township\'s opinion. 乡镇审核意见。' }) opinion!: string;
}

@InputType({ description: 'County civil affairs decides a re-check (R9b, R19). 县民政局核查决定。' })
export class DecideRecheckInput {
  @Field(() => ID, { description: 'The re-check. 核查。' }) recheck!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
  @Field(() => RecheckOutcome, { description: 'The decision. 决定。' }) outcome!: RecheckOutcome;
  @Field({ description: 'Why. 理由。' }) reason!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Day of the decision (default today; a paper decision may lie in the past, not before the re-check). 决定日期。' }) decidedOn?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'EXIT: the first month not paid, YYYY-MM, not before the decision\'s month (default: the month after it); the gradual-exit months in force are added. 停发月份（默认决定次月，另加渐退期）。',
  }) paymentsStopMonth?: string | null;
  @Field(() => [HardshipCategory], { nullable: true, description: 'CHANGE_CATEGORIES: categories decided (default: the proposal). 决定类别。' }) categories?: HardshipCategory[] | null;
  @Field(() => [HardshipCause], { nullable: true, description: 'Causes decided (default: the proposal). 致困原因。' }) causes?: HardshipCause[] | null;
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause. 主要致困原因。' }) primaryCause?: HardshipCause | null;
  @Field(() => [ExitReason], { nullable: true, description: 'EXIT: reasons decided (default: the proposal). 退出原因。' }) exitReasons?: ExitReason[] | null;
}
