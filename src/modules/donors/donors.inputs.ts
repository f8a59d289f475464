import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { NeedKind } from '../pairing/pairing.enums';
import { AreaLevel, CharityPlatformScope, DonorKind, MatchStatus, PledgeResource, PledgeStatus, ReceiptOutcome } from './donors.enums';

@InputType({ description: 'Register a charity platform with its registration details. 登记慈善平台。' })
export class RegisterCharityPlatformInput {
  @Field({ description: 'Stable code: lowercase letters, digits, hyphens. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field({ description: 'Unified social credit code (18 characters, GB 32100). 统一社会信用代码。' }) unifiedSocialCreditCode!: string;
  @Field({ description: 'Designated internet public-fundraising platform (required for money pledges). 是否为指定互联网公开募捐信息平台。' }) designatedFundraisingPlatform!: boolean;
  @Field(() => String, { nullable: true, description: 'Reference of the designation (required when designated). 指定文号。' }) designationReference?: string | null;
}
@InputType({ description: 'Create an API key for a charity platform. 创建慈善平台密钥。' })
export class CreateCharityPlatformApiKeyInput {
  @Field(() => ID, { description: 'The platform. 平台。' }) platform!: string;
  @Field({ description: 'What the key is for. 用途。' }) label!: string;
  @Field(() => [CharityPlatformScope], { nullable: true, description: 'Scopes (default all). 权限范围。' }) scopes?: CharityPlatformScope[] | null;
}
@InputType({ description: 'Revoke a charity platform key. 吊销慈善平台密钥。' })
export class RevokeCharityPlatformApiKeyInput {
  @Field(() => ID, { description: 'The key. 密钥。' }) apiKey!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
}
@InputType({ description: 'Register a donor under the calling platform. 登记捐赠人。' })
export class RegisterDonorInput {
  @Field({ description: 'Display name (no personal data). 显示名。' }) displayName!: string;
  @Field(() => DonorKind, { description: 'Kind. 类型。' }) kind!: DonorKind;
  @Field({ description: 'The platform\'s own id for the donor. 平台内编号。' }) platformReference!: string;
}
@InputType({ description: 'Pledge something for needs. 登记捐赠。' })
export class CreatePledgeInput {
  @Field(() => ID, { nullable: true, description: 'The donor (platforms: one of theirs; partners: omit). 捐赠人。' }) donor?: string | null;
  @Field(() => PledgeResource, { description: 'What is offered. 形式。' }) resource!: PledgeResource;
  @Field(() => [NeedKind], { description: 'Need kinds it serves. 用于需求类别。' }) needKinds!: NeedKind[];
  @Field(() => AreaLevel, { description: 'Area level. 地区范围。' }) areaLevel!: AreaLevel;
  @Field(() => ID, { nullable: true, description: 'Township (TOWNSHIP level). 乡镇。' }) township?: string | null;
  @Field(() => ID, { nullable: true, description: 'Community (COMMUNITY level). 村（居）。' }) community?: string | null;
  @Field(() => Int, { description: 'Quantity: fen for money, units otherwise; positive. 数量。' }) quantity!: number;
  @Field(() => String, { nullable: true, description: 'Unit of goods, services (次) or hours (小时); one of the default value table. 单位。' }) unit?: string | null;
  @Field(() => Int, { nullable: true, description: 'At most this quantity to one household. 单户上限。' }) capPerHousehold?: number | null;
  @Field({ description: 'Description (≤ 200, no personal data). 说明。' }) description!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Window opens (default today). 有效期起。' }) validFrom?: string | null;
  @Field(() => DateScalar, { description: 'Window ends (not before today). 有效期止。' }) validUntil!: string;
}
@InputType({ description: 'Approve or block a pledge. 审核捐赠。' })
export class DecidePledgeInput {
  @Field(() => ID, { description: 'The pledge. 捐赠。' }) pledge!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => String, { nullable: true, description: 'Reason (required to block). 意见。' }) reason?: string | null;
}
@InputType({ description: 'Propose a pledge for a need. 提议匹配。' })
export class ProposeDonationMatchInput {
  @Field(() => ID, { description: 'The pledge. 捐赠。' }) pledge!: string;
  @Field(() => ID, { description: 'The need: a DonationNeed id (platforms, partners) or a Need id (staff). 需求。' }) need!: string;
  @Field(() => Int, { description: 'Quantity of the pledge\'s unit. 数量。' }) quantity!: number;
}
@InputType({ description: 'Decide a proposed match. 决定匹配。' })
export class DecideDonationMatchInput {
  @Field(() => ID, { description: 'The match. 匹配。' }) match!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => String, { nullable: true, description: 'Reason (required to reject). 意见。' }) reason?: string | null;
}
@InputType({ description: 'Record that an allocation was dispatched. 登记发出。' })
export class DispatchDonationInput {
  @Field(() => ID, { description: 'The match. 匹配。' }) match!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => DateScalar, { nullable: true, description: 'Dispatched on (default today). 发出日期。' }) dispatchedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'Note (waybill, no personal data). 说明。' }) note?: string | null;
}
@InputType({ description: 'Confirm what the household received. 确认签收。' })
export class ConfirmDonationReceiptInput {
  @Field(() => ID, { description: 'The match. 匹配。' }) match!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => ReceiptOutcome, { description: 'Outcome. 结果。' }) outcome!: ReceiptOutcome;
  @Field(() => String, { nullable: true, description: 'Note (required unless RECEIVED). 说明。' }) note?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Received on (default today). 签收日期。' }) receivedOn?: string | null;
}
@InputType({ description: 'Reverse an allocation (a correction). 冲销分配。' })
export class ReverseDonationAllocationInput {
  @Field(() => ID, { description: 'The match. 匹配。' }) match!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field({ description: 'Why. 原因。' }) reason!: string;
}
@InputType({ description: 'Draw the month\'s visit sample. 抽取回访样本。' })
export class DrawReceiptVisitSampleInput {
  @Field({ description: 'Month YYYY-MM (not in the future). 月份。' }) month!: string;
}
@InputType({ description: 'Set a value of the default value table. 设置默认价值。' })
export class SetDonationUnitValueInput {
  @Field(() => PledgeResource, { description: 'Resource (not MONEY). 形式。' }) resource!: PledgeResource;
  @Field({ description: 'Unit. 单位。' }) unit!: string;
  @Field(() => MoneyScalar, { description: 'Value per unit, fen. 单位价值（分）。' }) valuePerUnit!: number;
  @Field(() => DateScalar, { nullable: true, description: 'In force from (default today). 生效日期。' }) effectiveFrom?: string | null;
}
@InputType({ description: 'Subscribe to donation notifications. 订阅捐赠通知。' })
export class SubscribeToDonationNoticesInput {
  @Field({ description: 'https URL of yours. 接收地址。' }) url!: string;
}
@InputType({ description: 'Filters of a pledge list. 捐赠筛选。' })
export class PledgeFilter {
  @Field(() => PledgeStatus, { nullable: true, description: 'Review state. 审核状态。' }) status?: PledgeStatus | null;
}
@InputType({ description: 'Filters of a match list. 匹配筛选。' })
export class DonationMatchFilter {
  @Field(() => MatchStatus, { nullable: true, description: 'Status. 状态。' }) status?: MatchStatus | null;
  @Field(() => ID, { nullable: true, description: 'Of this pledge. 捐赠。' }) pledge?: string | null;
  @Field(() => ID, { nullable: true, description: 'Proposed by this run. 批次。' }) run?: string | null;
}
@InputType({ description: 'Filters of the anonymised needs. 匿名需求筛选。' })
export class DonationNeedFilter {
  @Field(() => NeedKind, { nullable: true, description: 'Kind. 类别。' }) kind?: NeedKind | null;
}
@InputType({ description: 'Scope of a fair-allocation run. 公平分配范围。' })
export class RunFairAllocationInput {
  @Field(() => ID, { nullable: true, description: 'One township (its needs, and the pledges that can reach it); omit for the whole county. 乡镇（不填为全县）。' }) township?: string | null;
}
@InputType({ description: 'A charity platform\'s batch (format charity-platform: donors, pledges, dispatches). 慈善平台批量导入。' })
export class ImportPlatformBatchInput {
  @Field({ description: 'The batch, UTF-8 JSON (partner-adapters/charity-platform/README.md). 批量内容。' }) content!: string;
}
