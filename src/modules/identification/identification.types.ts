import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, toGlobalId } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { calendarDay } from '../../shared/county-calendar';
import { HardshipCause } from '../registry/registry.enums';
import { EligibilityResultType } from '../../policy/policy.types';
import {
  CaseState, InvestigationMethod, NoticeKind, ObjectionSource, ObjectionStatus, ReviewRecommendation, UpheldAction,
} from './identification.enums';
import type { Row } from '../../shared/row';

registerEnumType(CaseState, {
  name: 'CaseState',
  description: 'Where an identification case stands (R8–R10). 认定申请的办理状态。',
  valuesConfig: {
    SUBMITTED: { description: 'Application received by the township (R8). 已申请。' },
    UNDER_INVESTIGATION: { description: 'Township investigating (R9a). 乡镇调查中。' },
    FIRST_NOTICE: { description: 'First public notice posted (R10a). 第一次公示中。' },
    FORWARDED_TO_COUNTY: { description: 'With county civil affairs for decision (R9b). 报县审核中。' },
    APPROVED: { description: 'Approved by the county. 县民政局审核同意。' },
    REJECTED: { description: 'Rejected (by the county, or after an upheld objection). 不予认定。' },
    SECOND_NOTICE: { description: 'Second public notice posted (R10b). 第二次公示中。' },
    CONFIRMED: { description: 'Confirmed on the list of urban households in hardship. 已纳入名单。' },
    WITHDRAWN: { description: 'Withdrawn. 已撤回。' },
  },
});
registerEnumType(InvestigationMethod, {
  name: 'InvestigationMethod',
  description: 'Investigation methods of R9(a). 调查方式。',
  valuesConfig: {
    HOME_VISIT: { description: 'Home visit. 入户调查。' },
    NEIGHBOUR_INTERVIEWS: { description: 'Neighbour interviews. 邻里访问。' },
    EVIDENCE_LETTERS: { description: 'Letters requesting evidence. 信函索证。' },
    ECONOMIC_CROSS_CHECK: { description: 'Economic-status cross-check, with the family\'s signed authorisation. 经济状况核对。' },
    DEMOCRATIC_APPRAISAL: { description: 'Democratic appraisal, with participants and conclusion. 民主评议。' },
  },
});
registerEnumType(ReviewRecommendation, {
  name: 'ReviewRecommendation',
  description: 'The township\'s review recommendation. 乡镇审核意见。',
  valuesConfig: { APPROVE: { description: 'Recommend approval. 建议认定。' }, REJECT: { description: 'Recommend rejection. 建议不予认定。' } },
});
registerEnumType(NoticeKind, {
  name: 'NoticeKind',
  description: 'Which of the two public notices. 公示类别。',
  valuesConfig: { FIRST: { description: 'Before forwarding to the county (R10a). 第一次公示。' }, SECOND: { description: 'After county approval (R10b). 第二次公示。' } },
});
registerEnumType(ObjectionStatus, {
  name: 'ObjectionStatus',
  description: 'State of an objection. 异议状态。',
  valuesConfig: { OPEN: { description: 'Not yet resolved. 待处理。' }, DISMISSED: { description: 'Dismissed: the case continues. 异议不成立。' }, UPHELD: { description: 'Upheld: the case goes back or is rejected. 异议成立。' } },
});
registerEnumType(ObjectionSource, {
  name: 'ObjectionSource',
  description: 'Who raised the objection. 异议来源。',
  valuesConfig: { TOWNSHIP: { description: 'Recorded by the township. 乡镇登记。' }, PUBLIC: { description: 'Submitted anonymously by the public. 群众匿名提交。' } },
});
registerEnumType(UpheldAction, {
  name: 'UpheldAction',
  description: 'What an upheld objection does. 异议成立后的处理。',
  valuesConfig: { RETURN_TO_INVESTIGATION: { description: 'Back to investigation (first notice only). 退回重新调查。' }, REJECT: { description: 'Reject the application. 不予认定。' } },
});

// ---- the public notice: exactly R10's fields, nothing else ----
@ObjectType('FirstPublicNotice', { implements: Node, description: 'First public notice (R10a): exactly the fields R10 allows. 第一次公示。' })
export class FirstPublicNotice implements Node {
  @Field(() => ID, { description: 'Opaque global id (to submit an objection). 全局标识。' }) id!: string;
  @Field({ description: 'Where it is posted. 公示地点。' }) place!: string;
  @Field(() => DateScalar, { description: 'Posted on. 公示开始日期。' }) postedOn!: string;
  @Field(() => DateScalar, { description: 'Last day on the board. 公示结束日期。' }) endsOn!: string;
  @Field({ description: 'The family\'s basic situation. 家庭基本情况。' }) basicSituation!: string;
  @Field({ description: 'Result of the economic investigation. 经济状况调查结果。' }) investigationResult!: string;
  @Field({ description: 'Conclusion of the democratic appraisal. 民主评议结论。' }) appraisalConclusion!: string;
  @Field({ description: 'Contact for complaints. 投诉举报电话。' }) complaintContact!: string;
}

@ObjectType('SecondPublicNotice', { implements: Node, description: 'Second public notice (R10b): head\'s name, household size and income only. 第二次公示。' })
export class SecondPublicNotice implements Node {
  @Field(() => ID, { description: 'Opaque global id (to submit an objection). 全局标识。' }) id!: string;
  @Field({ description: 'Where it is posted. 公示地点。' }) place!: string;
  @Field(() => DateScalar, { description: 'Posted on. 公示开始日期。' }) postedOn!: string;
  @Field(() => DateScalar, { description: 'Last day on the board. 公示结束日期。' }) endsOn!: string;
  @Field({ description: 'Head of household. 户主姓名。' }) headName!: string;
  @Field(() => Int, { description: 'Household size. 家庭人口。' }) householdSize!: number;
  @Field(() => MoneyScalar, { description: 'Household monthly income, fen. 家庭月收入（分）。' }) householdMonthlyIncome!: number;
}

export const PublicNoticeUnion = createUnionType({
  name: 'PublicNotice',
  description: 'A public notice as posted on the board. 公示内容。',
  types: () => [FirstPublicNotice, SecondPublicNotice] as const,
  // No resolveType: type-graphql's own (by instanceof, both are built as class instances) is
  // synchronous; a resolveType given here is wrapped in an async function, which graphql-jit's
  // compiled execution cannot await (src/graphql/compiled-execution.ts refuses such a schema).
});

const day = calendarDay;

/** The published view of a notice row: its frozen content and nothing else. */
export function publicNoticeFromRow(r: Row): FirstPublicNotice | SecondPublicNotice {
  const content = typeof r.content === 'string' ? JSON.parse(r.content) : r.content;
  const base = { id: toGlobalId('PublicNotice', String(r.id)), place: r.place, postedOn: day(r.posted_on), endsOn: day(r.ends_on) };
  if (r.kind === NoticeKind.FIRST) {
    return Object.assign(new FirstPublicNotice(), base, {
      basicSituation: content.basicSituation, investigationResult: content.investigationResult,
      appraisalConclusion: content.appraisalConclusion, complaintContact: content.complaintContact,
    });
  }
  return Object.assign(new SecondPublicNotice(), base, { headName: content.headName, householdSize: content.householdSize, householdMonthlyIncome: content.householdMonthlyIncome });
}

// ---- staff views ----
@ObjectType('NoticeObjection', { implements: Node, description: 'An objection raised during a notice. 公示异议。' })
export class NoticeObjectionNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  @Field(() => ObjectionSource, { description: 'Who raised it. 来源。' }) source!: ObjectionSource;
  @Field(() => DateScalar, { description: 'Received on. 收到日期。' }) receivedOn!: string;
  @Field({ description: 'What it says. 异议内容。' }) summary!: string;
  @Field(() => ObjectionStatus, { description: 'State. 状态。' }) status!: ObjectionStatus;
  @Field(() => String, { nullable: true, description: 'How it was resolved. 处理结果。' }) resolution!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day it was resolved. 处理日期。' }) resolvedOn!: string | null;
  @Field(() => Int, { description: 'Version for optimistic locking. 版本号。' }) version!: number;
}

@ObjectType('CaseNotice', { description: 'A notice of a case, as the township sees it. 案件的公示记录。' })
export class CaseNoticeNode {
  dbId!: string;
  @Field(() => ID, { description: 'Global id of the public notice. 公示标识。' }) id!: string;
  @Field(() => NoticeKind, { description: 'Which notice. 公示类别。' }) kind!: NoticeKind;
  @Field(() => PublicNoticeUnion, { description: 'What was published. 公示内容。' }) published!: FirstPublicNotice | SecondPublicNotice;
  @Field({ description: 'Printable page for the notice board (A4). 打印页面地址。' }) printPath!: string;
  @Field({ description: 'Entered after its last day had passed, so it never appeared among the current notices online (R10). 公示期满后补录（未在网上公示）。' }) enteredLate!: boolean;
  @Field(() => String, { nullable: true, description: 'Evidence that it hung on the board, e.g. the number of the photographed board record (late entries). 公示凭证（补录时填写，如公示栏照片记录编号）。' }) lateEntryEvidence!: string | null;
}

@ObjectType('CaseTransition', { description: 'One state change: who, when, why, from which version. 状态变更记录。' })
export class CaseTransitionNode {
  @Field(() => CaseState, { nullable: true, description: 'From. 原状态。' }) fromState!: CaseState | null;
  @Field(() => CaseState, { description: 'To. 新状态。' }) toState!: CaseState;
  @Field(() => Int, { description: 'Case version it moved from. 变更前版本号。' }) fromVersion!: number;
  @Field({ description: 'When. 时间。' }) at!: Date;
  @Field({ description: 'Who. 办理人。' }) by!: string;
  @Field({ description: 'Why. 理由。' }) reason!: string;
}

@ObjectType('InvestigationRecord', { description: 'One investigation step (R9a). 调查记录。' })
export class InvestigationRecordNode {
  @Field(() => InvestigationMethod, { description: 'Method. 方式。' }) method!: InvestigationMethod;
  @Field(() => DateScalar, { description: 'Conducted on. 日期。' }) conductedOn!: string;
  @Field({ description: 'Findings. 调查情况。' }) findings!: string;
  @Field(() => [String], { description: 'Appraisal participants. 评议参加人员。' }) participants!: string[];
  @Field(() => String, { nullable: true, description: 'Appraisal conclusion. 评议结论。' }) conclusion!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Signed authorisation (cross-check). 已签署授权。' }) authorisationSigned!: boolean | null;
  @Field({ description: 'Recorded by. 记录人。' }) recordedBy!: string;
}

@ObjectType('IdentificationCase', { implements: Node, description: 'An application and its way through R8–R10. 城市困难家庭认定申请。' })
export class IdentificationCaseNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  eligibilityJson!: Record<string, unknown> | null;
  @Field(() => CaseState, { description: 'State. 状态。' }) state!: CaseState;
  @Field(() => DateScalar, { description: 'Applied on (R8). 申请日期。' }) appliedOn!: string;
  @Field({ description: 'The family\'s stated reason. 申请理由。' }) applicationReason!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Day the (latest round of the) investigation started (R9a). 开始调查日期。' }) investigationStartedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day of the township\'s review opinion (R9a). 乡镇审核日期。' }) reviewedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day the file went to the county (R10a). 报县审核日期。' }) forwardedOn!: string | null;
  @Field(() => [HardshipCause], { description: 'Causes recorded by the township (R11). 致困原因。' }) causes!: HardshipCause[];
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause. 主要致困原因。' }) primaryCause!: HardshipCause | null;
  @Field(() => ReviewRecommendation, { nullable: true, description: 'Township recommendation. 乡镇意见。' }) reviewRecommendation!: ReviewRecommendation | null;
  @Field(() => String, { nullable: true, description: 'Township review opinion. 乡镇审核意见。' }) reviewOpinion!: string | null;
  @Field(() => String, { nullable: true, description: 'County decision reason. 县审核意见。' }) countyDecisionReason!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'County decision day. 县审核日期。' }) decidedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Confirmed on. 纳入名单日期。' }) confirmedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was closed (rejected, withdrawn). 办结理由。' }) closingReason!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day it was rejected or withdrawn. 办结（不予认定或撤回）日期。' }) closedOn!: string | null;
  @Field({
    description: 'A notice of this case was entered after its period had ended and so never appeared online; the notice carries its evidence (R10). For the county\'s checks; the township that entered it sees it too. 存在公示期满后补录的公示。',
  }) noticeEnteredLate!: boolean;
  @Field(() => EligibilityResultType, { nullable: true, description: 'The eligibility result decided on, with its trace. 认定依据。' })
  get eligibility(): EligibilityResultType | null {
    return (this.eligibilityJson as unknown as EligibilityResultType) ?? null;
  }
  @Field(() => Int, { description: 'Version for optimistic locking. 版本号。' }) version!: number;
  @Field({ description: 'Created. 创建时间。' }) createdAt!: Date;
  @Field({ description: 'Last change. 最后修改时间。' }) updatedAt!: Date;
}

export function caseFromRow(r: Row): IdentificationCaseNode {
  return Object.assign(new IdentificationCaseNode(), {
    id: toGlobalId('IdentificationCase', String(r.id)), dbId: String(r.id), householdId: String(r.household_id), state: r.state,
    appliedOn: day(r.applied_on), applicationReason: r.application_reason, causes: r.causes ?? [], primaryCause: r.primary_cause ?? null,
    investigationStartedOn: r.investigation_started_on ? day(r.investigation_started_on) : null, reviewedOn: r.reviewed_on ? day(r.reviewed_on) : null,
    forwardedOn: r.forwarded_on ? day(r.forwarded_on) : null, closedOn: r.closed_on ? day(r.closed_on) : null, noticeEnteredLate: r.notice_entered_late === true,
    reviewRecommendation: r.review_recommendation ?? null, reviewOpinion: r.review_opinion ?? null, countyDecisionReason: r.county_decision_reason ?? null,
    decidedOn: r.decided_on ? day(r.decided_on) : null, confirmedOn: r.confirmed_on ? day(r.confirmed_on) : null, closingReason: r.closing_reason ?? null,
    eligibilityJson: typeof r.eligibility === 'string' ? JSON.parse(r.eligibility) : r.eligibility ?? null,
    version: r.version, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  });
}

export function objectionFromRow(r: Row): NoticeObjectionNode {
  return Object.assign(new NoticeObjectionNode(), {
    id: toGlobalId('NoticeObjection', String(r.id)), source: r.source, receivedOn: day(r.received_on), summary: r.summary, status: r.status,
    resolution: r.resolution ?? null, resolvedOn: r.resolved_on ? day(r.resolved_on) : null, version: r.version,
  });
}

export { day as dayOf };
