/** GraphQL input types of identification (R8–R10); their enums are registered in identification.types.ts. */
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { HardshipCause } from '../registry/registry.enums';
import { CaseState, InvestigationMethod, NoticeKind, ObjectionStatus, ReviewRecommendation, UpheldAction } from './identification.enums';
import './identification.types';

@InputType({ description: 'R8: a household applies in writing. 受理申请。' })
export class SubmitApplicationInput {
  @Field(() => ID, { description: 'The household: Household.id, from household(cardNumber:), households or registerHousehold\'s answer. 家庭：Household.id（可由 household(cardNumber:)、households 或登记家庭的返回结果获得）。' }) household!: string;
  @Field(() => DateScalar, { description: 'Day the written application was received. 受理日期。' }) appliedOn!: string;
  @Field({ description: 'The family\'s stated reason. 申请理由。' }) reason!: string;
}
/** The case and the version read: the base of every step's input (not itself in the schema). */
@InputType('CaseVersionInput', { description: 'A case at the version you read. 案件及版本号。' })
export class CaseVersionInput {
  @Field(() => ID, { description: 'The case: IdentificationCase.id, from submitApplication\'s answer, identificationCases or Household.identificationCases. 案件：IdentificationCase.id（受理申请的返回结果、identificationCases 或家庭的 identificationCases）。' }) case!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
}
@InputType({ description: 'A case at the version you read, and the day of the step. 案件、版本号及办理日期。' })
export class CaseStepInput extends CaseVersionInput {
  // R8–R10: every step has the day it happened, checked against the days already recorded.
  @Field(() => DateScalar, {
    nullable: true,
    description: 'The day the step happened — the start of the investigation, forwarding, the county\'s decision, confirmation or withdrawal — in the policy\'s order after the steps before it (default: today in the county; a paper file\'s day may lie in the past, never in the future). 办理日期（默认今天；补录纸质档案时可填过去日期，不得晚于今天，须符合办理顺序）。',
  }) occurredOn?: string | null;
}
@InputType({ description: 'A case step with a reason. 附理由的办理。' })
export class CaseDecisionInput extends CaseStepInput {
  @Field({ description: 'Why. 理由。' }) reason!: string;
}
@InputType({ description: 'One investigation method (R9a). 调查记录。' })
export class RecordInvestigationInput extends CaseVersionInput {
  @Field(() => InvestigationMethod, { description: 'Method. 方式。' }) method!: InvestigationMethod;
  @Field(() => DateScalar, { description: 'Day conducted. 日期。' }) conductedOn!: string;
  @Field({ description: 'Findings. 调查情况。' }) findings!: string;
  @Field(() => [String], { nullable: true, description: 'Appraisal participants. 评议参加人员。' }) participants?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Appraisal conclusion. 评议结论。' }) conclusion?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Cross-check: the family signed the authorisation. 已签署核对授权。' }) authorisationSigned?: boolean | null;
}
@InputType({ description: 'The township\'s review opinion and causes (R9a, R11). 乡镇审核意见。' })
export class RecordReviewOpinionInput extends CaseVersionInput {
  @Field(() => ReviewRecommendation, { description: 'Recommendation. 意见。' }) recommendation!: ReviewRecommendation;
  @Field({ description: 'Opinion. 审核意见。' }) opinion!: string;
  @Field(() => [HardshipCause], { description: 'Causes of hardship. 致困原因。' }) causes!: HardshipCause[];
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause (one of the causes). 主要致困原因。' }) primaryCause?: HardshipCause | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day of the opinion, not before any investigation (default: today in the county; a paper file\'s day may lie in the past, never in the future). 审核意见日期（默认今天）。' }) reviewedOn?: string | null;
}
@InputType({ description: 'Post a public notice (R10). 张贴公示。' })
export class PostPublicNoticeInput extends CaseVersionInput {
  @Field(() => NoticeKind, { description: 'Which notice. 公示类别。' }) kind!: NoticeKind;
  @Field({ description: 'Where (the community\'s notice board). 公示地点。' }) place!: string;
  @Field(() => DateScalar, { description: 'Posted on: not in the future; the first notice not before the investigations and the opinion, the second not before the county\'s decision. 张贴日期。' }) postedOn!: string;
  @Field(() => DateScalar, { description: 'Last day on the board (at least the minimum days). 结束日期。' }) endsOn!: string;
  @Field(() => String, { nullable: true, description: 'Complaint contact (first notice). 投诉电话（第一次公示）。' }) complaintContact?: string | null;
  @Field(() => String, { nullable: true, description: 'Required when the notice\'s last day has already passed (it was never online): what proves it hung on the board, e.g. the number of the photographed board record; at most 200 characters. 公示期满后补录时必填：公示凭证（如公示栏照片记录编号）。' }) lateEntryEvidence?: string | null;
}
@InputType({ description: 'An objection to a notice. 公示异议。' })
export class ObjectionInput {
  @Field(() => ID, { description: 'The public notice: the id in publicNotices(township:). 公示：publicNotices 返回的 id。' }) notice!: string;
  @Field({ description: 'What the objection says. 异议内容。' }) summary!: string;
}
@InputType({ description: 'Resolve an objection. 处理异议。' })
export class ResolveObjectionInput {
  @Field(() => ID, { description: 'The objection. 异议。' }) objection!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
  @Field(() => ObjectionStatus, { description: 'DISMISSED or UPHELD. 处理结果。' }) outcome!: ObjectionStatus;
  @Field({ description: 'Resolution. 处理意见。' }) resolution!: string;
  @Field(() => UpheldAction, { nullable: true, description: 'When upheld: what happens to the case. 异议成立时的处理。' }) upheldAction?: UpheldAction | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day it was resolved, not before it was received (default: today in the county; a paper file\'s day may lie in the past, never in the future). 处理日期（默认今天）。' }) resolvedOn?: string | null;
}
@InputType({ description: 'Filters of a case list. 案件筛选。' })
export class CaseFilter {
  @Field(() => CaseState, { nullable: true, description: 'State. 状态。' }) state?: CaseState | null;
  @Field(() => ID, { nullable: true, description: 'Household. 家庭。' }) household?: string | null;
  @Field(() => ID, { nullable: true, description: 'Township. 乡镇。' }) township?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only cases with (true) or without (false) a notice entered after its period (R10). 是否存在补录公示。' }) noticeEnteredLate?: boolean | null;
}
