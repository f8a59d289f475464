/** GraphQL object types of the measures module (plans, deliveries, the catalogue) and their row mappers. */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { MeasureCodeEnum } from '../../graphql/enums';
import { Node, toGlobalId } from '../../graphql/relay';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { calendarDay } from '../../shared/county-calendar';
import { ITEMS } from './measures.catalogue';
import { PlanDecision, PlanItemStatus } from './measures.enums';
import type { Row } from '../../shared/row';

export const MeasureItemCodeEnum = Object.fromEntries(Object.keys(ITEMS).map((k) => [k, k])) as Record<string, string>;
registerEnumType(MeasureItemCodeEnum, {
  name: 'MeasureItemCode',
  description: 'Concrete items of the measures. 帮扶事项。',
  valuesConfig: Object.fromEntries(Object.entries(ITEMS).map(([k, i]) => [k, { description: `${i.en}. ${i.zh}。` }])),
});
registerEnumType(PlanItemStatus, {
  name: 'PlanItemStatus',
  description: 'Where a plan item stands. 帮扶事项状态。',
  valuesConfig: {
    PROPOSED: { description: 'Proposed from the profile; awaiting the department. 待部门审定。' },
    ACCEPTED: { description: 'Accepted by the department. 已确认。' },
    ADJUSTED: { description: 'Accepted with changes, with a reason. 调整后确认。' },
    DECLINED: { description: 'Declined by the department, with a reason. 不予实施。' },
    WITHDRAWN: { description: 'No longer applies to the household. 因家庭变化撤销。' },
  },
});
registerEnumType(PlanDecision, {
  name: 'PlanDecision',
  description: 'A department\'s decision on a plan item. 部门审定意见。',
  valuesConfig: { ACCEPT: { description: 'Accept as proposed. 确认。' }, ADJUST: { description: 'Accept with changes (reason required). 调整。' }, DECLINE: { description: 'Decline (reason required). 不予实施。' } },
});

@ObjectType('MeasureItem', { description: 'An item of a measure. 帮扶事项。' })
export class MeasureItemType {
  @Field(() => MeasureItemCodeEnum, { description: 'Code. 代码。' }) code!: string;
  @Field({ description: 'Chinese name. 名称。' }) name!: string;
  @Field({ description: 'English name. 英文名称。' }) nameEn!: string;
  @Field({ description: 'Given to a member (true) or to the household. 是否按人。' }) perPerson!: boolean;
  @Field({ description: 'ONE_TIME, MONTHLY or YEARLY. 周期。' }) period!: string;
  @Field({ description: 'Paid in money. 是否为资金类。' }) money!: boolean;
}

@ObjectType('Measure', { description: 'One of the seven measures with its owning department (R21). 帮扶措施。' })
export class MeasureType {
  @Field(() => MeasureCodeEnum, { description: 'Code. 代码。' }) code!: string;
  @Field({ description: 'Rule id. 规则编号。' }) rule!: string;
  @Field({ description: 'Owning department. 责任部门。' }) department!: string;
  @Field({ description: 'Chinese name. 名称。' }) name!: string;
  @Field({ description: 'English name. 英文名称。' }) nameEn!: string;
  @Field(() => [MeasureItemType], { description: 'Its items. 事项。' }) items!: MeasureItemType[];
}

@ObjectType('Compliance', { description: 'Deliveries required and made for an item. 落实情况。' })
export class ComplianceType {
  @Field(() => Int, { description: 'Deliveries required (from the policy, or as adjusted). 应落实次数。' }) required!: number;
  @Field(() => Int, { description: 'Deliveries made. 已落实次数。' }) delivered!: number;
  @Field({ description: 'Required reached. 是否达标。' }) met!: boolean;
}

@ObjectType('Delivery', { implements: Node, description: 'Something delivered for a plan item. 帮扶落实记录。' })
export class DeliveryNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field(() => DateScalar, { description: 'Delivered on. 落实日期。' }) deliveredOn!: string;
  @Field({ description: 'What was delivered. 落实内容。' }) note!: string;
  @Field(() => MoneyScalar, { nullable: true, description: 'Money paid, fen. 发放金额（分）。' }) amount!: number | null;
  @Field({ description: 'Recorded by. 记录人。' }) recordedBy!: string;
}

@ObjectType('PlanItem', { implements: Node, description: 'An item of a household\'s plan (一户一策). 帮扶计划事项。' })
export class PlanItemNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  personId!: string | null;
  @Field(() => MeasureItemCodeEnum, { description: 'Item. 事项。' }) item!: string;
  @Field(() => MeasureCodeEnum, { description: 'Measure. 措施。' }) measure!: string;
  @Field({ description: 'Owning department. 责任部门。' }) department!: string;
  @Field(() => PlanItemStatus, { description: 'Status. 状态。' }) status!: PlanItemStatus;
  @Field(() => MoneyScalar, { nullable: true, description: 'Proposed amount per period, fen. 建议金额（分）。' }) proposedAmount!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'Agreed amount per period, fen. 确定金额（分）。' }) amount!: number | null;
  @Field(() => Int, { description: 'Deliveries required. 应落实次数。' }) requiredDeliveries!: number;
  @Field(() => GraphQLJSONObject, { description: 'Why it was proposed: the rule, the calculator\'s trace. 依据。' }) basis!: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: 'Reason of the decision. 审定理由。' }) decisionReason!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Decided on. 审定日期。' }) decidedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Required deliveries due by. 落实期限。' }) dueOn!: string | null;
  @Field(() => Int, { description: 'Version for optimistic locking. 版本号。' }) version!: number;
}


export function planItemFromRow(r: Row): PlanItemNode {
  return Object.assign(new PlanItemNode(), {
    id: toGlobalId('PlanItem', String(r.id)), dbId: String(r.id), householdId: String(r.household_id), personId: r.person_id ? String(r.person_id) : null,
    item: r.item, measure: r.measure, department: r.department, status: r.status, proposedAmount: r.proposed_amount ?? null, amount: r.amount ?? null,
    requiredDeliveries: r.required_deliveries, basis: typeof r.basis === 'string' ? JSON.parse(r.basis) : r.basis,
    decisionReason: r.decision_reason ?? null, decidedOn: r.decided_on ? calendarDay(r.decided_on) : null, dueOn: r.due_on ? calendarDay(r.due_on) : null,
    version: r.version,
  });
}

export function deliveryFromRow(r: Row): DeliveryNode & { planItemId: string } {
  return Object.assign(new DeliveryNode(), {
    id: toGlobalId('Delivery', String(r.id)), dbId: String(r.id), planItemId: String(r.plan_item_id), deliveredOn: calendarDay(r.delivered_on),
    note: r.note, amount: r.amount ?? null, recordedBy: r.recorded_by,
  });
}
