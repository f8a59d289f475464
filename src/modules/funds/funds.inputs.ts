/** GraphQL input types of the funds module. */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MeasureCodeEnum } from '../../graphql/enums';
import { ConnectionArgs } from '../../graphql/relay';
import { MoneyScalar } from '../../graphql/scalars';
import { FundKind } from './funds.enums';

@InputType({ description: 'A new fund source. 新建资金来源。' })
export class CreateFundSourceInput {
  @Field({ description: 'Stable code: letters, digits, - and _ (at most 40). 编码。' }) code!: string;
  @Field({ description: 'Name (at most 100). 名称。' }) name!: string;
  @Field(() => FundKind, { description: 'Kind. 来源类别。' }) kind!: FundKind;
}

@InputType({ description: 'Set money of a source aside for a measure and year. 安排资金。' })
export class AllocateFundInput {
  @Field(() => ID, { description: 'The fund source: FundSource.id, from fundSources. 资金来源：fundSources 返回的 id。' }) source!: string;
  @Field(() => MeasureCodeEnum, { description: 'The measure it pays for. 帮扶措施。' }) measure!: string;
  @Field(() => Int, { description: 'Budget year. 年度。' }) year!: number;
  @Field(() => MoneyScalar, { description: 'Amount, fen (> 0). 金额（分）。' }) amount!: number;
}

@InputType({ description: 'Pay a township\'s minimum living allowance for a month. 发放乡镇月度低保金。' })
export class RunMonthlyAllowanceInput {
  @Field(() => ID, { description: 'The township: Township.id, from township(code:) (e.g. 350421100) or townships. 乡镇：Township.id（由 township(code:) 或 townships 获得）。' }) township!: string;
  @Field({ description: 'Month paid for, YYYY-MM; not in the future. 发放月份。' }) month!: string;
  @Field(() => ID, { description: 'A SAFETY_NET allocation of that year to pay from: FundAllocation.id, from fundAllocations(filter: { measure: SAFETY_NET, year }). 支出的资金安排（兜底保障）：fundAllocations 返回的 id。' }) allocation!: string;
}

/** Paging and filter of allowanceRuns. */
@ArgsType()
export class AllowanceRunArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string | null;
}

@InputType({ description: 'Filters of fund allocations. 资金安排筛选。' })
export class FundAllocationFilter {
  @Field(() => MeasureCodeEnum, { nullable: true, description: 'Only this measure. 仅此措施。' }) measure?: string | null;
  @Field(() => Int, { nullable: true, description: 'Only this year. 仅此年度。' }) year?: number | null;
  @Field(() => ID, { nullable: true, description: 'Only this source. 仅此来源。' }) source?: string | null;
}
