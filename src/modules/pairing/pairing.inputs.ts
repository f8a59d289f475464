import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { AssistanceKind, NeedKind, NeedStatus, NeedUrgency, Utility } from './pairing.enums';

@InputType({ description: 'Filters of a need list. 需求筛选。' })
export class NeedFilter {
  @Field(() => NeedKind, { nullable: true, description: 'Kind. 类别。' }) kind?: NeedKind | null;
  @Field(() => NeedUrgency, { nullable: true, description: 'Urgency. 紧急程度。' }) urgency?: NeedUrgency | null;
  @Field(() => NeedStatus, { nullable: true, description: 'State. 状态。' }) status?: NeedStatus | null;
  @Field(() => ID, { nullable: true, description: 'Township. 乡镇。' }) township?: string | null;
}
@InputType({ description: 'Publish a household\'s need. 发布帮扶需求。' })
export class PublishNeedInput {
  @Field(() => ID, { description: 'The household (confirmed). 家庭。' }) household!: string;
  @Field(() => NeedKind, { description: 'Kind. 类别。' }) kind!: NeedKind;
  @Field(() => MoneyScalar, { description: 'Amount uncovered, fen. 尚缺金额（分）。' }) uncoveredAmount!: number;
  @Field(() => NeedUrgency, { description: 'Urgency. 紧急程度。' }) urgency!: NeedUrgency;
  @Field({ description: 'Short, impersonal description (≤ 200). 简要说明（不含姓名等）。' }) description!: string;
}
@InputType({ description: 'Change a need\'s state or amount. 更新需求。' })
export class UpdateNeedInput {
  @Field(() => ID, { description: 'The need. 需求。' }) need!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => NeedStatus, { description: 'New state. 状态。' }) status!: NeedStatus;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount still uncovered. 尚缺金额。' }) uncoveredAmount?: number | null;
}
@InputType({ description: 'Propose a pairing. 提出结对。' })
export class ProposePairingInput {
  @Field(() => [ID], { nullable: true, description: 'Partners (a partner: only itself, may be omitted). 帮扶单位。' }) partners?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Households (civilization office). 家庭。' }) households?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Needs whose households to pair with (partners). 需求。' }) needs?: string[] | null;
  @Field({ description: 'Note. 说明。' }) note!: string;
}
@InputType({ description: 'Approve or reject a pairing. 审批结对。' })
export class DecidePairingInput {
  @Field(() => ID, { description: 'The pairing. 结对。' }) pairing!: string;
  @Field(() => Int, { description: 'Version read. 版本号。' }) version!: number;
  @Field(() => String, { nullable: true, description: 'Reason (required to reject). 理由。' }) reason?: string | null;
}
@InputType({ description: 'A utility account (utilities\' files name households by it). 公用事业户号。' })
export class UtilityAccountInput {
  @Field(() => Utility, { description: 'Utility. 类别。' }) utility!: Utility;
  @Field({ description: 'Account number. 户号。' }) accountNumber!: string;
}
@InputType({ description: 'Register assistance given in a pairing (R20). 登记结对帮扶。' })
export class RegisterPairingAssistanceInput {
  @Field(() => ID, { nullable: true, description: 'The pairing (default: the approved pairing of the partner with the household). 结对。' }) pairing?: string | null;
  @Field(() => ID, { nullable: true, description: 'The partner (staff typing in only). 帮扶单位（工作人员录入时）。' }) partner?: string | null;
  @Field(() => String, { nullable: true, description: 'Household by assistance-card number. 帮扶卡号。' }) assistanceCardNumber?: string | null;
  @Field(() => UtilityAccountInput, { nullable: true, description: 'Or by a registered utility account. 或户号。' }) utilityAccount?: UtilityAccountInput | null;
  @Field(() => AssistanceKind, { description: 'Kind. 形式。' }) kind!: AssistanceKind;
  @Field(() => DateScalar, { description: 'Given on. 日期。' }) givenOn!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount, fen. 金额（分）。' }) amount?: number | null;
  @Field(() => Float, { nullable: true, description: 'Volunteer hours. 小时。' }) hours?: number | null;
  @Field({ description: 'Description. 内容。' }) description!: string;
  @Field(() => String, { nullable: true, description: 'Your own id of the record: resending it never duplicates. 己方记录编号（幂等键）。' }) externalId?: string | null;
}
@InputType({ description: 'A batch in a partner\'s native format. 批量导入。' })
export class ImportPartnerRecordsInput {
  @Field({ description: 'Format: trade-union, youth-league, womens-federation, power, water, cable, charity. 格式。' }) format!: string;
  @Field({ description: 'The file or batch as text (CSV or JSON). 文件内容。' }) content!: string;
}
@InputType({ description: 'Register a household\'s utility account. 登记公用事业户号。' })
export class RegisterUtilityAccountInput {
  @Field(() => ID, { description: 'The household. 家庭。' }) household!: string;
  @Field(() => Utility, { description: 'Utility. 类别。' }) utility!: Utility;
  @Field({ description: 'Account number. 户号。' }) accountNumber!: string;
}
@InputType({ description: 'Subscribe to new or changed needs. 订阅需求通知。' })
export class SubscribeToNeedsInput {
  @Field({ description: 'Your https URL that receives signed notifications. 接收地址。' }) url!: string;
  @Field(() => [NeedKind], { description: 'Kinds you serve. 关注的需求类别。' }) needKinds!: NeedKind[];
}
