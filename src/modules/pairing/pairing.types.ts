import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { registerDescribedEnum } from '../../graphql/enums';
import { MutationPayload } from '../../graphql/payload';
import { Node, toGlobalId } from '../../graphql/relay';
import { HouseholdNode } from '../registry/registry.types';
import { calendarDay, countyDayOf, DateScalar, MoneyScalar } from '../../graphql/scalars';
import { AssistanceKind, LedgerGrouping, LedgerOrigin, NeedKind, NeedStatus, NeedUrgency, PairingStatus, Utility } from './pairing.enums';
import type { Row } from '../../shared/row';

const describe = registerDescribedEnum;

describe(PairingStatus, 'PairingStatus', 'Where a pairing stands. 结对状态。', {
  PROPOSED: 'Proposed, awaiting approval. 待审批。', APPROVED: 'Approved. 已批准。', REJECTED: 'Rejected. 未批准。', ENDED: 'Ended. 已结束。',
});
describe(AssistanceKind, 'AssistanceKind', 'What a partner gave (R20 ledger). 帮扶形式。', {
  VISIT: 'A visit. 走访慰问。', CASH: 'Cash, fen. 现金。', GOODS: 'Goods, valued in fen. 物资。', SERVICE: 'A service. 服务。',
  VOLUNTEER_HOURS: 'Volunteer hours. 志愿服务时长。', FEE_WAIVER: 'A fee waived, fen. 费用减免。',
});
describe(LedgerOrigin, 'LedgerOrigin', 'Where a ledger entry came from. 记录来源。', {
  TYPED: 'Typed in by staff. 人工录入。', IMPORTED: 'Imported from a partner file. 文件导入。', PARTNER_SYSTEM: 'Received from a partner system (webhook). 系统对接。',
});
describe(NeedKind, 'NeedKind', 'Kind of need. 需求类别。', {
  EMPLOYMENT: 'Employment. 就业。', MEDICAL: 'Medical costs. 医疗。', SCHOOLING: 'Schooling costs. 助学。', HOUSING: 'Housing. 住房。',
  LIVING: 'Daily living. 生活。', SOCIAL_INSURANCE: 'Social insurance contributions. 社保缴费。', UTILITIES: 'Utility bills. 水电网费用。',
});
describe(NeedUrgency, 'NeedUrgency', 'How urgent. 紧急程度。', { LOW: 'Low. 一般。', MEDIUM: 'Medium. 较急。', HIGH: 'High. 紧急。' });
describe(NeedStatus, 'NeedStatus', 'State of a need. 需求状态。', { OPEN: 'Open. 待认领。', COVERED: 'Covered. 已满足。', CLOSED: 'Closed. 已关闭。' });
describe(LedgerGrouping, 'LedgerGrouping', 'How to group ledger totals. 台账汇总方式。', {
  HOUSEHOLD: 'By household (assistance-card number). 按家庭。', PARTNER: 'By partner. 按帮扶单位。', TOWNSHIP: 'By township. 按乡镇。', KIND: 'By kind. 按形式。',
});
describe(Utility, 'Utility', 'A utility. 公用事业。', { POWER: 'Power. 电力。', WATER: 'Water. 供水。', CABLE: 'Cable network. 广电网络。' });

@ObjectType('Need', { implements: Node, description: 'A household\'s need not covered by government measures; partners see it anonymised. 帮扶需求（对帮扶主体匿名）。' })
export class NeedNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  communityId!: string;
  @Field(() => NeedKind, { description: 'Kind. 类别。' }) kind!: NeedKind;
  @Field(() => MoneyScalar, { description: 'Amount still uncovered, fen. 尚缺金额（分）。' }) uncoveredAmount!: number;
  @Field(() => NeedUrgency, { description: 'Urgency. 紧急程度。' }) urgency!: NeedUrgency;
  @Field({ description: 'Short description (no names, no health details). 简要说明。' }) description!: string;
  @Field(() => NeedStatus, { description: 'State. 状态。' }) status!: NeedStatus;
  @Field(() => DateScalar, { description: 'Published on. 发布日期。' }) publishedOn!: string;
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
}

@ObjectType('PairedHousehold', { description: 'A household of a pairing as the partner may see it. 结对家庭（按权限显示）。' })
export class PairedHouseholdNode {
  householdId!: string;
  @Field(() => String, { nullable: true, description: 'Assistance-card number. 帮扶卡号。' }) assistanceCardNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Head\'s name, once the pairing is approved. 户主姓名（批准后可见）。' }) headName!: string | null;
  @Field({ description: 'Community. 村（居）。' }) community!: string;
  @Field(() => String, { nullable: true, description: 'Contact phone, once the pairing is approved. 联系电话（批准后可见）。' }) contactPhone!: string | null;
}

@ObjectType('PairingPartnerView', { description: 'A partner of a pairing. 结对单位。' })
export class PairingPartnerView {
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field({ description: 'Kind. 类型。' }) kind!: string;
}

@ObjectType('PairingLedgerEntry', { implements: Node, description: 'What a partner gave a household (R20 pairing ledger). 结对帮扶台账记录。' })
export class LedgerEntryNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  @Field(() => AssistanceKind, { description: 'Kind. 形式。' }) kind!: AssistanceKind;
  @Field(() => DateScalar, { description: 'Given on. 日期。' }) givenOn!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount, fen. 金额（分）。' }) amount!: number | null;
  @Field(() => Float, { nullable: true, description: 'Volunteer hours. 志愿服务小时。' }) hours!: number | null;
  @Field({ description: 'Description. 内容。' }) description!: string;
  @Field(() => LedgerOrigin, { description: 'Origin. 来源。' }) origin!: LedgerOrigin;
  @Field(() => String, { nullable: true, description: 'The partner\'s own id of the record. 对方记录编号。' }) externalId!: string | null;
  @Field({ description: 'Partner. 帮扶单位。' }) partnerName!: string;
  @Field(() => String, { nullable: true, description: 'Household\'s assistance-card number. 帮扶卡号。' }) assistanceCardNumber!: string | null;
}

@ObjectType('Pairing', { implements: Node, description: 'Partners paired with confirmed households (R18). 结对帮扶关系。' })
export class PairingNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field(() => PairingStatus, { description: 'State. 状态。' }) status!: PairingStatus;
  @Field({ description: 'Note. 说明。' }) note!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Decided on. 审批日期。' }) decidedOn!: string | null;
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
}

@ObjectType('LedgerTotal', { description: 'Ledger totals of one group. 台账汇总。' })
export class LedgerTotal {
  @Field({ description: 'The group: card number, partner, township or kind. 分组。' }) key!: string;
  @Field(() => Int, { description: 'Entries. 条数。' }) entries!: number;
  @Field(() => MoneyScalar, { description: 'Amount, fen. 金额（分）。' }) amount!: number;
  @Field(() => Float, { description: 'Volunteer hours. 志愿服务小时。' }) hours!: number;
}

@ObjectType('ImportRecordError', { description: 'A record that was not written, and why. 未导入记录及原因。' })
export class ImportRecordError {
  @Field({ description: 'The partner\'s record id or "line N". 记录。' }) record!: string;
  @Field({ description: 'Stable code. 代码。' }) code!: string;
  @Field({ description: 'Message. 说明。' }) message!: string;
}

@ObjectType('ImportSkipped', { description: 'A valid record that is not assistance to a household. 跳过的记录。' })
export class ImportSkipped {
  @Field({ description: 'Record. 记录。' }) record!: string;
  @Field({ description: 'Why. 原因。' }) reason!: string;
}

@ObjectType('ImportResult', { description: 'What a batch did: partial by design. 批量导入结果。' })
export class ImportResult {
  @Field(() => Int, { description: 'New ledger entries written. 新增条数。' }) accepted!: number;
  @Field(() => Int, { description: 'Records already received (same id, same content): nothing new. 重复条数。' }) duplicates!: number;
  @Field(() => [ImportRecordError], { description: 'Records refused, with reasons. 未导入记录。' }) rejected!: ImportRecordError[];
  @Field(() => [ImportSkipped], { description: 'Valid records that are not household assistance. 跳过记录。' }) skipped!: ImportSkipped[];
}

export function needFromRow(r: Row): NeedNode {
  return Object.assign(new NeedNode(), {
    id: toGlobalId('Need', String(r.id)), dbId: String(r.id), householdId: String(r.household_id), communityId: String(r.community_id),
    kind: r.kind, uncoveredAmount: r.uncovered_amount, urgency: r.urgency, description: r.description, status: r.status,
    publishedOn: countyDayOf(new Date(r.created_at)), version: r.version, // the county day, not the server's (UTC) day
  });
}
export function pairingFromRow(r: Row): PairingNode {
  return Object.assign(new PairingNode(), {
    id: toGlobalId('Pairing', String(r.id)), dbId: String(r.id), status: r.status, note: r.note, decidedOn: r.decided_on ? calendarDay(r.decided_on) : null, version: r.version,
  });
}
export function ledgerFromRow(r: Row): LedgerEntryNode & { pairingId: string } {
  return Object.assign(new LedgerEntryNode(), {
    id: toGlobalId('PairingLedgerEntry', String(r.id)), pairingId: String(r.pairing_id), kind: r.kind, givenOn: calendarDay(r.given_on),
    amount: r.amount ?? null, hours: r.hours == null ? null : Number(r.hours), description: r.description, origin: r.origin,
    externalId: r.external_id ?? null, partnerName: r.partner_name, assistanceCardNumber: r.assistance_card_number ?? null,
  });
}

// ---- payloads ----
@ObjectType({ implements: MutationPayload, description: 'Result of publishing or changing a need. 需求操作结果。' })
export class NeedPayload extends MutationPayload {
  @Field(() => NeedNode, { nullable: true, description: 'The need. 需求。' }) need: NeedNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of a pairing step. 结对操作结果。' })
export class PairingPayload extends MutationPayload {
  @Field(() => PairingNode, { nullable: true, description: 'The pairing. 结对。' }) pairing: PairingNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerPairingAssistance. 登记结果。' })
export class RegisterPairingAssistancePayload extends MutationPayload {
  @Field(() => LedgerEntryNode, { nullable: true, description: 'The ledger entry (the earlier one for a resend). 台账记录。' }) entry: LedgerEntryNode | null = null;
  @Field({ description: 'The same record was received before; nothing new was written. 是否重复提交。' }) duplicate: boolean = false;
}
@ObjectType({ implements: MutationPayload, description: 'Result of importPartnerRecords. 导入结果。' })
export class ImportPartnerRecordsPayload extends MutationPayload {
  @Field(() => ImportResult, { nullable: true, description: 'Per-record outcome. 逐条结果。' }) result: ImportResult | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerUtilityAccount. 登记结果。' })
export class RegisterUtilityAccountPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of subscribeToNeeds. 订阅结果。' })
export class SubscribeToNeedsPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'The subscription. 订阅。' }) subscriptionId: string | null = null;
  @Field(() => String, {
    nullable: true,
    description: 'The subscription\'s own signing secret (whsec_…), shown this once: keep it to verify deliveries with any Standard Webhooks library. 本订阅的签名密钥（whsec_…），仅此一次显示，请妥善保存，用于以 Standard Webhooks 库验证推送。',
  }) signingSecret: string | null = null;
}
