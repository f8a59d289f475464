import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { registerDescribedEnum } from '../../graphql/enums';
import { MutationPayload } from '../../graphql/payload';
import { Node, toGlobalId } from '../../graphql/relay';
import { calendarDay, DateScalar, MoneyScalar } from '../../graphql/scalars';
import { NeedKind, NeedUrgency } from '../pairing/pairing.enums';
import { ImportRecordError, NeedNode } from '../pairing/pairing.types';
import {
  AllocationEntryKind, AreaLevel, AssistanceSource, AssistanceTotalsGrouping, CharityPlatformScope, DonorKind, MatchStatus, PledgeResource,
  PledgeStatus, RankingFactorKind, ReceiptOutcome,
} from './donors.enums';
import type { Row } from '../../shared/row';

const describe = registerDescribedEnum;
describe(DonorKind, 'DonorKind', 'Kind of donor. 捐赠人类型。', {
  INDIVIDUAL: 'An individual. 个人。', ENTERPRISE: 'An enterprise. 企业。', SOCIAL_ORGANISATION: 'A social organisation. 社会组织。',
});
describe(PledgeResource, 'PledgeResource', 'What a pledge offers. 捐赠形式。', {
  MONEY: 'Money, fen (paid through the designated charity platform). 资金（分，经慈善平台支付）。',
  GOODS: 'Goods: a quantity of a unit. 物资。', SERVICE: 'Services, in sessions. 服务（次）。', VOLUNTEER_HOURS: 'Volunteer hours. 志愿服务（小时）。',
});
describe(AreaLevel, 'AreaLevel', 'Where a pledge may go. 捐赠地区范围。', {
  COMMUNITY: 'One community. 某村（居）。', TOWNSHIP: 'One township. 某乡镇。', COUNTY: 'The whole county. 全县。',
});
describe(PledgeStatus, 'PledgeStatus', 'Review state of a pledge. 捐赠审核状态。', {
  PENDING: 'Awaiting review. 待审核。', APPROVED: 'Approved: may be matched. 已通过。', BLOCKED: 'Blocked. 已拦截。',
});
describe(MatchStatus, 'MatchStatus', 'Where a match stands. 匹配状态。', {
  PROPOSED: 'Proposed. 已提议。', REJECTED: 'Rejected. 未接受。', WITHDRAWN: 'Withdrawn by a later run. 已撤回。', ALLOCATED: 'Allocated. 已分配。',
  DISPATCHED: 'Dispatched. 已发出。', RECEIVED: 'Received. 已签收。', NOT_RECEIVED: 'Not received. 未收到。',
  RECEIVED_WITH_PROBLEMS: 'Received with problems. 收到但有问题。', REVERSED: 'Allocation reversed. 已冲销。',
});
describe(ReceiptOutcome, 'ReceiptOutcome', 'What the township found. 签收结果。', {
  RECEIVED: 'Received. 已收到。', NOT_RECEIVED: 'Not received. 未收到。', RECEIVED_WITH_PROBLEMS: 'Received with problems. 收到但有问题。',
});
describe(AllocationEntryKind, 'AllocationEntryKind', 'Kind of allocation-ledger entry. 分配台账条目类型。', {
  ALLOCATION: 'An allocation. 分配。', REVERSAL: 'A reversal of an allocation. 冲销。',
});
describe(CharityPlatformScope, 'CharityPlatformScope', 'What a charity platform key may do. 慈善平台密钥权限。', {
  DONORS: 'Register and read its donors. 登记捐赠人。', PLEDGES: 'Pledges, matches, dispatch. 捐赠与发放。',
  NEEDS_READ: 'Read needs anonymised and rankings. 查看匿名需求。', SUBSCRIPTIONS: 'Subscribe to notifications. 订阅通知。',
});
describe(RankingFactorKind, 'RankingFactorKind', 'A factor of a ranking. 排序因素。', {
  URGENCY: 'Urgency of the need. 紧急程度。', VULNERABILITY: 'Vulnerability of the household (categories and causes). 家庭困难程度。',
  DAYS_WAITING: 'Days since the need was published. 等待天数。', SHARE_COVERED: 'Share of the need already covered. 已满足比例。',
  AREA_DISTANCE: 'Distance in the area hierarchy (0 community, 1 township, 2 county). 地区层级距离。',
  COVERS_LACK: 'Share of what the need lacks this pledge can cover. 可满足缺口比例。', WINDOW_DAYS_LEFT: 'Days left in the pledge window. 有效期剩余天数。',
  PRIORITY: 'Place of the need in a fair-allocation run\'s priority order (1 = first). 公平分配优先次序。',
});
describe(AssistanceTotalsGrouping, 'AssistanceTotalsGrouping', 'How county totals are grouped. 汇总方式。', {
  SOURCE: 'By source (fund kind, pairing, donations). 按来源。', MEASURE: 'By measure (R12–R18). 按措施。',
});
describe(AssistanceSource, 'AssistanceSource', 'Where an entry of the assistance chain comes from. 帮扶来源。', {
  MEASURE_DELIVERY: 'A delivery of a measure. 措施落实。', DISBURSEMENT: 'Money paid from a fund. 资金发放。',
  PAIRING: 'The pairing ledger. 结对帮扶。', DONATION: 'A donation through this platform. 社会捐赠。',
});

@ObjectType('CharityPlatformApiKey', { implements: Node, description: 'An API key of a charity platform; the secret is never shown again. 慈善平台接口密钥。' })
export class CharityPlatformApiKeyNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  platformId!: string;
  @Field({ description: 'Public key id. 密钥公开标识。' }) keyId!: string;
  @Field({ description: 'Label. 备注。' }) label!: string;
  @Field(() => [CharityPlatformScope], { description: 'Scopes. 权限范围。' }) scopes!: CharityPlatformScope[];
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
  @Field({ description: 'Created at. 创建时间。' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Revoked at. 吊销时间。' }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last use. 最近使用。' }) lastUsedAt!: Date | null;
}

@ObjectType('CharityPlatform', { implements: Node, description: 'A charity platform registered by civil affairs. 慈善平台。' })
export class CharityPlatformNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field({ description: 'Stable code. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field({ description: 'Unified social credit code. 统一社会信用代码。' }) unifiedSocialCreditCode!: string;
  @Field({ description: 'Designated internet public-fundraising platform (may carry money pledges). 是否为民政部指定互联网公开募捐信息平台。' }) designatedFundraisingPlatform!: boolean;
  @Field(() => String, { nullable: true, description: 'Reference of the designation. 指定文号。' }) designationReference!: string | null;
}

@ObjectType('Donor', { implements: Node, description: 'A donor a platform vouches for: display name and kind only. 捐赠人（仅显示名与类型）。' })
export class DonorNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  platformId!: string;
  @Field({ description: 'Display name. 显示名。' }) displayName!: string;
  @Field(() => DonorKind, { description: 'Kind. 类型。' }) kind!: DonorKind;
  @Field({ description: 'The platform\'s own id for the donor. 平台内编号。' }) platformReference!: string;
}

@ObjectType('DonationArea', { description: 'An area as a platform may see it (a small community shows as its township). 地区（小社区只显示乡镇）。' })
export class DonationArea {
  @Field(() => AreaLevel, { description: 'The finest level shown. 显示层级。' }) level!: AreaLevel;
  @Field(() => String, { nullable: true, description: 'Township name. 乡镇。' }) township!: string | null;
  @Field(() => String, { nullable: true, description: 'Community name, when it has at least k eligible households. 村（居）。' }) community!: string | null;
}

@ObjectType('DonationNeed', { implements: Node, description: 'A need as a charity platform or partner sees it: under a pseudonym of its own that expires; nothing leads to the family. 匿名需求。' })
export class DonationNeedNode implements Node {
  @Field(() => ID, { description: 'Pseudonymous id: differs per platform and period. 化名标识。' }) id!: string;
  needKey!: string;
  @Field(() => NeedKind, { description: 'Kind. 类别。' }) kind!: NeedKind;
  @Field(() => MoneyScalar, { description: 'Amount published as uncovered, fen. 需求金额（分）。' }) uncoveredAmount!: number;
  @Field(() => MoneyScalar, { description: 'What it still lacks after allocations, fen. 尚缺金额（分）。' }) lackingAmount!: number;
  @Field(() => NeedUrgency, { description: 'Urgency. 紧急程度。' }) urgency!: NeedUrgency;
  @Field({ description: 'Description (checked to name nobody when published). 说明。' }) description!: string;
  @Field(() => DonationArea, { description: 'Area. 地区。' }) area!: DonationArea;
  @Field(() => DateScalar, { description: 'Published on. 发布日期。' }) publishedOn!: string;
  @Field(() => DateScalar, { description: 'Last day this pseudonym works. 化名有效期至。' }) pseudonymExpiresOn!: string;
}

@ObjectType('RankingFactor', { description: 'One factor that placed a candidate, its value and its points. 排序因素。' })
export class RankingFactor {
  @Field(() => RankingFactorKind, { description: 'Factor. 因素。' }) factor!: RankingFactorKind;
  @Field(() => Float, { description: 'Its value (urgency 1–3, vulnerability score, days, share 0–1, distance 0–2). 取值。' }) value!: number;
  @Field(() => Float, { description: 'Points it contributed to the score. 得分。' }) points!: number;
  @Field(() => Float, { description: 'Most points it can contribute. 满分。' }) maxPoints!: number;
}

@ObjectType('RankedNeed', { description: 'A candidate need for a pledge, with the factors that placed it. 候选需求。' })
export class RankedNeed {
  @Field(() => Int, { description: 'Place in the ranking (1 = first). 名次。' }) rank!: number;
  @Field(() => Float, { description: 'Score 0–100 (sum of the factors\' points). 得分。' }) score!: number;
  @Field(() => [RankingFactor], { description: 'Factors. 排序因素。' }) factors!: RankingFactor[];
  @Field(() => NeedKind, { description: 'Kind. 类别。' }) kind!: NeedKind;
  @Field(() => NeedUrgency, { description: 'Urgency. 紧急程度。' }) urgency!: NeedUrgency;
  @Field(() => MoneyScalar, { description: 'Still lacking, fen. 尚缺金额。' }) lackingAmount!: number;
  @Field(() => DonationNeedNode, { nullable: true, description: 'The need anonymised (charity platforms and partners). 匿名需求（平台）。' }) donationNeed!: DonationNeedNode | null;
  @Field(() => NeedNode, { nullable: true, description: 'The need (staff who may see it; null for platforms). 需求（工作人员）。' }) need!: NeedNode | null;
  needKey!: string;
}

@ObjectType('PledgeTraceEntry', { description: 'Where part of a pledge went: need kind and area, value, dates — nothing that identifies the family. 捐赠去向。' })
export class PledgeTraceEntry {
  @Field(() => MatchStatus, { description: 'Status. 状态。' }) status!: MatchStatus;
  @Field(() => NeedKind, { description: 'Need kind. 需求类别。' }) needKind!: NeedKind;
  @Field(() => DonationArea, { description: 'Area. 地区。' }) area!: DonationArea;
  @Field(() => Float, { description: 'Quantity in the pledge\'s unit. 数量。' }) quantity!: number;
  @Field(() => MoneyScalar, { description: 'Value given, fen (goods by the default value table). 价值（分）。' }) value!: number;
  @Field(() => DateScalar, { nullable: true, description: 'Allocated on. 分配日期。' }) allocatedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Dispatched on. 发出日期。' }) dispatchedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Receipt confirmed on. 签收日期。' }) confirmedOn!: string | null;
}

@ObjectType('PledgeTrace', { description: 'A pledge traced to where it went (R20). 捐赠追踪。' })
export class PledgeTrace {
  @Field(() => MoneyScalar, { description: 'Value allocated (net of reversals), fen. 已分配价值。' }) allocatedValue!: number;
  @Field(() => MoneyScalar, { description: 'Value dispatched, fen. 已发出价值。' }) dispatchedValue!: number;
  @Field(() => MoneyScalar, { description: 'Value confirmed received, fen. 已签收价值。' }) receivedValue!: number;
  @Field(() => [PledgeTraceEntry], { description: 'Entries. 明细。' }) entries!: PledgeTraceEntry[];
}

@ObjectType('Pledge', { implements: Node, description: 'What a donor or a giving partner offers. 捐赠。' })
export class PledgeNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  donorId!: string | null;
  townshipId!: string | null;
  communityId!: string | null;
  @Field(() => PledgeStatus, { description: 'Review state. 审核状态。' }) status!: PledgeStatus;
  @Field(() => PledgeResource, { description: 'What is offered. 形式。' }) resource!: PledgeResource;
  @Field(() => [NeedKind], { description: 'Need kinds it serves. 用于需求类别。' }) needKinds!: NeedKind[];
  @Field(() => AreaLevel, { description: 'Area level. 地区范围。' }) areaLevel!: AreaLevel;
  @Field(() => DonationArea, { description: 'Area. 地区。' }) area!: DonationArea;
  @Field(() => Float, { description: 'Quantity (fen for money). 数量（资金以分计）。' }) quantity!: number;
  @Field({ description: 'Unit. 单位。' }) unit!: string;
  @Field(() => MoneyScalar, { description: 'Value of one unit, fen (default value table at creation). 单位价值（分）。' }) unitValue!: number;
  @Field(() => MoneyScalar, { description: 'Value of the whole pledge, fen. 总价值（分）。' }) value!: number;
  @Field(() => Float, { description: 'Quantity not yet allocated (from the allocation ledger). 剩余数量。' }) remaining!: number;
  @Field(() => Float, { nullable: true, description: 'At most this quantity to one household. 单户上限。' }) capPerHousehold!: number | null;
  @Field({ description: 'Description. 说明。' }) description!: string;
  @Field(() => DateScalar, { description: 'Window opens. 有效期起。' }) validFrom!: string;
  @Field(() => DateScalar, { description: 'Window ends. 有效期止。' }) validUntil!: string;
  @Field({ description: 'Who pledges: the donor\'s display name and platform, or the partner. 捐赠方。' }) pledgerName!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Decided on. 审核日期。' }) decidedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Reason of the decision. 审核意见。' }) decisionReason!: string | null;
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
}

@ObjectType('RankedPledge', { description: 'A candidate pledge for a need, with its factors. 候选捐赠。' })
export class RankedPledge {
  @Field(() => Int, { description: 'Place. 名次。' }) rank!: number;
  @Field(() => Float, { description: 'Score 0–100. 得分。' }) score!: number;
  @Field(() => [RankingFactor], { description: 'Factors. 排序因素。' }) factors!: RankingFactor[];
  @Field(() => PledgeNode, { description: 'The pledge. 捐赠。' }) pledge!: PledgeNode;
}

@ObjectType('DonationMatch', { implements: Node, description: 'A pledge matched to a need, and its fulfilment. 捐赠匹配与落实。' })
export class DonationMatchNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  pledgeId!: string;
  needKey!: string;
  runId!: string | null;
  @Field(() => MatchStatus, { description: 'Status. 状态。' }) status!: MatchStatus;
  @Field(() => Float, { description: 'Quantity in the pledge\'s unit. 数量。' }) quantity!: number;
  @Field(() => MoneyScalar, { description: 'Value, fen. 价值（分）。' }) value!: number;
  @Field(() => NeedKind, { description: 'Need kind. 需求类别。' }) needKind!: NeedKind;
  @Field(() => DonationArea, { description: 'Area of the need (as the caller may see it). 地区。' }) area!: DonationArea;
  @Field(() => [RankingFactor], { description: 'Factors that placed the need when proposed. 提议时的排序因素。' }) factors!: RankingFactor[];
  @Field(() => DateScalar, { description: 'Proposed on. 提议日期。' }) proposedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Accepted or rejected on. 决定日期。' }) decidedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Dispatched on. 发出日期。' }) dispatchedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Dispatch note. 发出说明。' }) dispatchNote!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Receipt confirmed on. 签收确认日期。' }) confirmedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'The township\'s note on receipt. 签收说明。' }) receiptNote!: string | null;
  @Field({ description: 'Drawn for a home visit. 是否抽中回访。' }) visitFlagged!: boolean;
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
}

@ObjectType('TownshipCoverage', { description: 'Coverage of needs in one township by a run. 乡镇需求覆盖。' })
export class TownshipCoverageView {
  townshipId!: string;
  @Field({ description: 'Township. 乡镇。' }) township!: string;
  @Field(() => Int, { description: 'Open needs considered. 需求数。' }) needs!: number;
  @Field(() => Int, { description: 'Needs that got something. 获配需求数。' }) needsServed!: number;
  @Field(() => Int, { description: 'Needs fully covered. 全部满足数。' }) needsFullyCovered!: number;
  @Field(() => MoneyScalar, { description: 'What they lacked, fen. 缺口（分）。' }) lacking!: number;
  @Field(() => MoneyScalar, { description: 'Value proposed, fen. 分配价值（分）。' }) proposedValue!: number;
  @Field(() => Float, { description: 'proposedValue / lacking. 覆盖率。' }) coverage!: number;
}

@ObjectType('UrgencyWaiting', { description: 'Waiting time of needs of one urgency in a run. 按紧急程度的等待时间。' })
export class UrgencyWaitingView {
  @Field(() => NeedUrgency, { description: 'Urgency. 紧急程度。' }) urgency!: NeedUrgency;
  @Field(() => Int, { description: 'Needs. 需求数。' }) needs!: number;
  @Field(() => Int, { description: 'Served. 获配数。' }) served!: number;
  @Field(() => Float, { nullable: true, description: 'Average days waiting of those served. 获配需求平均等待天数。' }) averageDaysWaitingServed!: number | null;
  @Field(() => Float, { nullable: true, description: 'Average days waiting of those not served. 未获配需求平均等待天数。' }) averageDaysWaitingUnserved!: number | null;
  @Field(() => Int, { nullable: true, description: 'Longest wait of a need not served. 未获配最长等待天数。' }) longestWaitingUnserved!: number | null;
}

@ObjectType('AllocationRun', { implements: Node, description: 'A fair-allocation run and its published fairness figures. 公平分配批次及公平性指标。' })
export class AllocationRunNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field(() => DateScalar, { description: 'Run on. 日期。' }) runOn!: string;
  townshipId!: string | null;
  @Field({ description: 'The rotating tie-break seed (recorded to redo the run). 轮换打破平局种子。' }) tieBreakSeed!: string;
  @Field(() => Float, { description: 'Largest share of one pledge one household may get (policy in force). 单户占比上限。' }) householdShareCap!: number;
  @Field(() => Int, { description: 'Pledges considered. 捐赠数。' }) pledges!: number;
  @Field(() => Int, { description: 'Needs considered. 需求数。' }) needs!: number;
  @Field(() => Int, { description: 'Matches proposed. 提议匹配数。' }) proposals!: number;
  @Field(() => MoneyScalar, { description: 'Value proposed, fen. 提议价值（分）。' }) proposedValue!: number;
  @Field(() => Int, { description: 'Milliseconds the run took. 耗时（毫秒）。' }) durationMs!: number;
  @Field(() => [TownshipCoverageView], { description: 'Coverage by township. 按乡镇覆盖。' }) coverageByTownship!: TownshipCoverageView[];
  @Field(() => Float, { description: 'Largest share of one pledge one household received. 单户最高占比。' }) largestShareOfPledge!: number;
  @Field(() => Float, { description: 'Largest share of the run\'s value one household received. 单户占本批最高比例。' }) largestShareOfRun!: number;
  @Field(() => [UrgencyWaitingView], { description: 'Waiting time by urgency. 按紧急程度等待时间。' }) waitingByUrgency!: UrgencyWaitingView[];
}

@ObjectType('AssistanceChainEntry', { description: 'One thing a household received, from any source (R20). 帮扶链条记录。' })
export class AssistanceChainEntry {
  @Field(() => AssistanceSource, { description: 'Source. 来源。' }) source!: AssistanceSource;
  @Field(() => DateScalar, { description: 'On. 日期。' }) on!: string;
  @Field({ description: 'Measure or kind (plan item, ledger kind, need kind). 措施或类别。' }) what!: string;
  @Field({ description: 'From whom (department, fund, partner, platform and donor). 提供方。' }) from!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount or value, fen. 金额（分）。' }) amount!: number | null;
  @Field(() => Float, { nullable: true, description: 'Volunteer hours. 志愿小时。' }) hours!: number | null;
  @Field({ description: 'Note. 说明。' }) note!: string;
}

@ObjectType('AssistanceChainTotal', { description: 'A household\'s total from one source. 按来源合计。' })
export class AssistanceChainTotal {
  @Field(() => AssistanceSource, { description: 'Source. 来源。' }) source!: AssistanceSource;
  @Field(() => Int, { description: 'Entries. 条数。' }) entries!: number;
  @Field(() => MoneyScalar, { description: 'Amount, fen. 金额（分）。' }) amount!: number;
}

@ObjectType('AssistanceChain', { description: 'Everything one household received, from every source (一户一链). 家庭帮扶链条。' })
export class AssistanceChain {
  @Field(() => [AssistanceChainEntry], { description: 'Entries, oldest first. 明细。' }) entries!: AssistanceChainEntry[];
  @Field(() => [AssistanceChainTotal], { description: 'Totals by source. 按来源合计。' }) totals!: AssistanceChainTotal[];
}

@ObjectType('AssistanceTotal', { description: 'County total of one source or measure (aggregates only). 全县汇总。' })
export class AssistanceTotal {
  @Field({ description: 'Source (fund kind, PAIRING, DONATION) or measure. 来源或措施。' }) key!: string;
  @Field(() => Int, { description: 'Entries. 条数。' }) entries!: number;
  @Field(() => Int, { description: 'Households reached. 户数。' }) households!: number;
  @Field(() => MoneyScalar, { description: 'Amount, fen. 金额（分）。' }) amount!: number;
}

@ObjectType('DonationUnitValue', { description: 'A value of the default value table. 默认价值表。' })
export class DonationUnitValueView {
  @Field(() => PledgeResource, { description: 'Resource. 形式。' }) resource!: PledgeResource;
  @Field({ description: 'Unit. 单位。' }) unit!: string;
  @Field(() => MoneyScalar, { description: 'Value per unit, fen. 单位价值（分）。' }) valuePerUnit!: number;
  @Field(() => DateScalar, { description: 'In force from. 生效日期。' }) effectiveFrom!: string;
}

@ObjectType('ReceiptVisitSample', { description: 'Receipts drawn for a home visit, with the seed. 回访抽样。' })
export class ReceiptVisitSampleView {
  @Field({ description: 'Month YYYY-MM. 月份。' }) month!: string;
  @Field({ description: 'Seed of the draw (redraws the same sample). 抽样种子。' }) seed!: string;
  @Field(() => Int, { description: 'Receipts confirmed in the month. 总体数。' }) population!: number;
  @Field(() => [DonationMatchNode], { description: 'The matches drawn. 抽中的匹配。' }) matches!: DonationMatchNode[];
}

@ObjectType('PlatformBatchResult', { description: 'What a platform batch did: valid records land, the others come back with reasons. 批量导入结果。' })
export class PlatformBatchResult {
  @Field(() => Int, { description: 'Records written. 新增条数。' }) accepted!: number;
  @Field(() => Int, { description: 'Records received before (same donor number, pledge record number, dispatch): nothing new. 重复条数。' }) duplicates!: number;
  @Field(() => [ImportRecordError], { description: 'Records refused, with reasons. 未导入记录。' }) rejected!: ImportRecordError[];
}

// ---- payloads ----
@ObjectType({ implements: MutationPayload, description: 'Result of importPlatformBatch. 批量导入结果。' })
export class ImportPlatformBatchPayload extends MutationPayload {
  @Field(() => PlatformBatchResult, { nullable: true, description: 'Per-record outcome. 逐条结果。' }) result: PlatformBatchResult | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerCharityPlatform. 登记结果。' })
export class CharityPlatformPayload extends MutationPayload {
  @Field(() => CharityPlatformNode, { nullable: true, description: 'The platform. 平台。' }) platform: CharityPlatformNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of createCharityPlatformApiKey. 创建密钥结果。' })
export class CreateCharityPlatformApiKeyPayload extends MutationPayload {
  @Field(() => CharityPlatformApiKeyNode, { nullable: true, description: 'The key. 密钥。' }) apiKey: CharityPlatformApiKeyNode | null = null;
  @Field(() => String, { nullable: true, description: 'The full key for `X-Api-Key`, shown only now. 完整密钥，仅显示一次。' }) secret: string | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of revokeCharityPlatformApiKey. 吊销结果。' })
export class RevokeCharityPlatformApiKeyPayload extends MutationPayload {
  @Field(() => CharityPlatformApiKeyNode, { nullable: true, description: 'The key. 密钥。' }) apiKey: CharityPlatformApiKeyNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerDonor. 登记结果。' })
export class DonorPayload extends MutationPayload {
  @Field(() => DonorNode, { nullable: true, description: 'The donor. 捐赠人。' }) donor: DonorNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of a pledge step. 捐赠操作结果。' })
export class PledgePayload extends MutationPayload {
  @Field(() => PledgeNode, { nullable: true, description: 'The pledge. 捐赠。' }) pledge: PledgeNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of a match step. 匹配操作结果。' })
export class DonationMatchPayload extends MutationPayload {
  @Field(() => DonationMatchNode, { nullable: true, description: 'The match. 匹配。' }) match: DonationMatchNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of runFairAllocation. 公平分配结果。' })
export class RunFairAllocationPayload extends MutationPayload {
  @Field(() => AllocationRunNode, { nullable: true, description: 'The run and its figures. 批次。' }) run: AllocationRunNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of drawReceiptVisitSample. 抽样结果。' })
export class ReceiptVisitSamplePayload extends MutationPayload {
  @Field(() => ReceiptVisitSampleView, { nullable: true, description: 'The sample. 样本。' }) sample: ReceiptVisitSampleView | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of setDonationUnitValue. 设置结果。' })
export class DonationUnitValuePayload extends MutationPayload {
  @Field(() => [DonationUnitValueView], { description: 'The table in force after the change. 当前价值表。' }) values: DonationUnitValueView[] = [];
}
@ObjectType({ implements: MutationPayload, description: 'Result of subscribeToDonationNotices. 订阅结果。' })
export class SubscribeToDonationNoticesPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The subscription. 订阅。' }) subscriptionId: string | null = null;
  @Field(() => String, {
    nullable: true,
    description: 'The subscription\'s own signing secret (whsec_…), shown this once: keep it to verify deliveries with any Standard Webhooks library. 本订阅的签名密钥（whsec_…），仅此一次显示，请妥善保存，用于以 Standard Webhooks 库验证推送。',
  }) signingSecret: string | null = null;
}

// ---- rows → objects ----
const optDate = (v: unknown) => (v ? new Date(v as string) : null);
const optDay = (v: unknown) => (v ? calendarDay(v) : null);

export function platformFromRow(r: Row): CharityPlatformNode {
  return Object.assign(new CharityPlatformNode(), {
    id: toGlobalId('CharityPlatform', String(r.id)), dbId: String(r.id), code: r.code, name: r.name, unifiedSocialCreditCode: r.unified_social_credit_code,
    designatedFundraisingPlatform: r.designated_fundraising_platform, designationReference: r.designation_reference ?? null,
  });
}
export function platformKeyFromRow(r: Row): CharityPlatformApiKeyNode {
  return Object.assign(new CharityPlatformApiKeyNode(), {
    id: toGlobalId('CharityPlatformApiKey', String(r.id)), dbId: String(r.id), platformId: String(r.platform_id), keyId: r.key_id, label: r.label,
    scopes: r.scopes ?? [], version: r.version, createdAt: new Date(r.created_at), revokedAt: optDate(r.revoked_at), lastUsedAt: optDate(r.last_used_at),
  });
}
export function donorFromRow(r: Row): DonorNode {
  return Object.assign(new DonorNode(), {
    id: toGlobalId('Donor', String(r.id)), dbId: String(r.id), platformId: String(r.platform_id), displayName: r.display_name, kind: r.kind, platformReference: r.platform_reference,
  });
}
export function pledgeFromRow(r: Row, area: DonationArea): PledgeNode {
  return Object.assign(new PledgeNode(), {
    id: toGlobalId('Pledge', String(r.id)), dbId: String(r.id), donorId: r.donor_id ? String(r.donor_id) : null,
    townshipId: r.township_id ? String(r.township_id) : null, communityId: r.community_id ? String(r.community_id) : null,
    status: r.status, resource: r.resource, needKinds: r.need_kinds, areaLevel: r.area_level, area, quantity: Number(r.quantity), unit: r.unit,
    unitValue: Number(r.unit_value), value: Number(r.quantity) * Number(r.unit_value), remaining: Number(r.quantity) - Number(r.allocated_quantity ?? 0),
    capPerHousehold: r.cap_per_household == null ? null : Number(r.cap_per_household), description: r.description,
    validFrom: calendarDay(r.valid_from), validUntil: calendarDay(r.valid_until), pledgerName: r.pledger_name, decidedOn: optDay(r.decided_on),
    decisionReason: r.decision_reason ?? null, version: r.version,
  });
}
export function matchFromRow(r: Row, area: DonationArea): DonationMatchNode {
  return Object.assign(new DonationMatchNode(), {
    id: toGlobalId('DonationMatch', String(r.id)), dbId: String(r.id), pledgeId: String(r.pledge_id), needKey: String(r.need_id), runId: r.run_id ? String(r.run_id) : null,
    status: r.status, quantity: Number(r.quantity), value: Number(r.value), needKind: r.need_kind, area, factors: (r.factors as RankingFactor[] | null) ?? [],
    proposedOn: calendarDay(r.proposed_on), decidedOn: optDay(r.decided_on), dispatchedOn: optDay(r.dispatched_on), dispatchNote: r.dispatch_note ?? null,
    confirmedOn: optDay(r.confirmed_on), receiptNote: r.receipt_note ?? null, visitFlagged: r.visit_flagged, version: r.version,
  });
}
export function runFromRow(r: Row, townships: Map<string, string>): AllocationRunNode {
  const f = (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) as {
    coverageByTownship: Array<Omit<TownshipCoverageView, 'township'>>; largestShareOfPledge: number; largestShareOfRun: number; waitingByUrgency: UrgencyWaitingView[];
    townshipId?: string | null;
  };
  return Object.assign(new AllocationRunNode(), {
    id: toGlobalId('AllocationRun', String(r.id)), dbId: String(r.id), runOn: calendarDay(r.run_on), tieBreakSeed: r.tie_break_seed,
    householdShareCap: Number(r.household_share_cap), pledges: r.pledges, needs: r.needs, proposals: r.proposals, proposedValue: Number(r.proposed_value),
    durationMs: r.duration_ms, townshipId: f.townshipId ?? null,
    coverageByTownship: f.coverageByTownship.map((c) => Object.assign(new TownshipCoverageView(), { ...c, township: townships.get(String(c.townshipId)) ?? '' })),
    largestShareOfPledge: f.largestShareOfPledge, largestShareOfRun: f.largestShareOfRun,
    waitingByUrgency: f.waitingByUrgency.map((w) => Object.assign(new UrgencyWaitingView(), w)),
  });
}
