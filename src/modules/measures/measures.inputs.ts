/** GraphQL input types of the measures module. */
import { Field, ID, InputType, Int } from 'type-graphql';
import { MeasureCodeEnum } from '../../graphql/enums';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { PlanDecision, PlanItemStatus } from './measures.enums';
import { MeasureItemCodeEnum } from './measures.types';

@InputType({ description: 'Filters of a plan-item list. 帮扶事项筛选。' })
export class PlanItemFilter {
  @Field(() => ID, { nullable: true, description: 'Household. 家庭。' }) household?: string | null;
  @Field(() => ID, { nullable: true, description: 'Township. 乡镇。' }) township?: string | null;
  @Field(() => String, { nullable: true, description: 'Owning department code. 责任部门。' }) department?: string | null;
  @Field(() => MeasureCodeEnum, { nullable: true, description: 'Measure. 措施。' }) measure?: string | null;
  @Field(() => MeasureItemCodeEnum, { nullable: true, description: 'Item. 事项。' }) item?: string | null;
  @Field(() => PlanItemStatus, { nullable: true, description: 'Status. 状态。' }) status?: PlanItemStatus | null;
}

@InputType({ description: 'A department\'s decision on a plan item. 审定帮扶事项。' })
export class DecidePlanItemInput {
  @Field(() => ID, { description: 'The plan item: PlanItem.id, from planItems or Household.plan. 事项：PlanItem.id（由 planItems 或家庭的 plan 获得）。' }) planItem!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
  @Field(() => PlanDecision, { description: 'Decision. 意见。' }) decision!: PlanDecision;
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount per period, fen (money items). 金额（分）。' }) amount?: number | null;
  @Field(() => Int, { nullable: true, description: 'Deliveries required (adjust). 应落实次数。' }) requiredDeliveries?: number | null;
  @Field(() => String, { nullable: true, description: 'Reason (required to adjust or decline). 理由。' }) reason?: string | null;
}

@InputType({ description: 'Many decisions of one department at once (all or none; at most 200). 批量审定帮扶事项（全部成功或全部不写入；最多200项）。' })
export class DecidePlanItemsInput {
  @Field(() => [DecidePlanItemInput], { description: 'The decisions, one per plan item (each item once). 各事项的审定意见（每项一次）。' }) items!: DecidePlanItemInput[];
}

@InputType({ description: 'Record a delivery. 登记帮扶落实。' })
export class RecordDeliveryInput {
  @Field(() => ID, { description: 'The plan item: PlanItem.id, from planItems or Household.plan. 事项：PlanItem.id（由 planItems 或家庭的 plan 获得）。' }) planItem!: string;
  @Field(() => DateScalar, { description: 'Delivered on (not in the future). 落实日期。' }) deliveredOn!: string;
  @Field({ description: 'What was delivered. 落实内容。' }) note!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Money paid, fen (money items). 发放金额（分）。' }) amount?: number | null;
  @Field(() => ID, { nullable: true, description: 'Fund allocation paid from (money items): FundAllocation.id, from fundAllocations(filter: { measure, year }). 支出的资金安排：fundAllocations 返回的 id。' }) allocation?: string | null;
}
