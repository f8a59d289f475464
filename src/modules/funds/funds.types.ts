/**
 * GraphQL types of the funds module (R20): where the money comes from (sources), what is set
 * aside for a measure and year (allocations) and the monthly allowance runs with their rosters.
 * Nodes are built from plain rows; bigint columns arrive as strings and leave as Money (fen).
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MeasureCodeEnum } from '../../graphql/enums';
import { Node, toGlobalId } from '../../graphql/relay';
import { MoneyScalar } from '../../graphql/scalars';
import { FundKind } from './funds.enums';
import type { Row } from '../../shared/row';

registerEnumType(FundKind, {
  name: 'FundKind',
  description: 'Where the money of a fund source comes from (R20). 资金来源类别。',
  valuesConfig: {
    COUNTY_FINANCE: { description: 'County budget. 县级财政。' },
    DEPARTMENT_SPECIAL: { description: 'A department\'s special fund. 部门专项资金。' },
    SOCIAL_DONATION: { description: 'Social donations. 社会捐赠。' },
    HIGHER_LEVEL_TRANSFER: { description: 'Transfer from higher levels of government. 上级转移支付。' },
  },
});


/** A bigint/int column (string or number) as fen; Money is a safe integer. */
export function fen(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`Amount out of the safe range: ${String(v)}`);
  return n;
}

@ObjectType('FundSource', { implements: Node, description: 'A source of assistance money, with its totals (aggregates, no people). 资金来源。' })
export class FundSourceNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field({ description: 'Stable code. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field(() => FundKind, { description: 'Kind of source. 来源类别。' }) kind!: FundKind;
  @Field(() => MoneyScalar, { description: 'Allocated to measures, all years, fen. 已安排金额（分）。' }) allocated!: number;
  @Field(() => MoneyScalar, { description: 'Paid out, fen. 已支出金额（分）。' }) disbursed!: number;
  @Field(() => MoneyScalar, { description: 'Allocated and not yet paid, fen. 结余（分）。' }) balance!: number;
  @Field(() => Int, { description: 'Version. 版本号。' }) version!: number;
}

@ObjectType('FundAllocation', { implements: Node, description: 'Money of a source set aside for one measure in one year. 资金安排（按措施、年度）。' })
export class FundAllocationNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  sourceId!: string;
  @Field(() => MeasureCodeEnum, { description: 'The measure it pays for (R12–R18). 用于的帮扶措施。' }) measure!: string;
  @Field(() => Int, { description: 'Budget year. 年度。' }) year!: number;
  @Field(() => MoneyScalar, { description: 'Amount set aside, fen. 安排金额（分）。' }) amount!: number;
  @Field(() => MoneyScalar, { description: 'Paid out so far, fen. 已支出（分）。' }) disbursed!: number;
  @Field(() => MoneyScalar, { description: 'Left to pay, fen. 结余（分）。' }) balance!: number;
  @Field(() => Int, { description: 'Version (moves with every disbursement). 版本号。' }) version!: number;
  @Field({ description: 'When it was set aside. 安排时间。' }) createdAt!: Date;
  @Field({ description: 'Who set it aside. 安排人。' }) createdBy!: string;
}

@ObjectType('AllowanceRunLine', { description: 'One household on a payment roster (frozen at the run). 花名册中的一户。' })
export class AllowanceRunLineNode {
  runId!: string;
  householdId!: string;
  @Field({ description: 'Head of household, as at the run. 户主姓名。' }) headName!: string;
  @Field(() => Int, { description: 'Household size, as at the run. 家庭人口。' }) householdSize!: number;
  @Field(() => MoneyScalar, { description: 'Amount paid, fen. 发放金额（分）。' }) amount!: number;
}

@ObjectType('AllowanceRun', { implements: Node, description: 'A township\'s monthly minimum-living-allowance payment run (R17). 城市低保金月度发放。' })
export class AllowanceRunNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  townshipId!: string;
  allocationId!: string;
  @Field({ description: 'Month paid for, YYYY-MM (county calendar). 发放月份。' }) month!: string;
  @Field(() => Int, { description: 'Households paid. 发放户数。' }) households!: number;
  @Field(() => MoneyScalar, { description: 'Total paid, fen. 发放总额（分）。' }) total!: number;
  @Field({ description: 'Who ran it. 经办人。' }) createdBy!: string;
  @Field({ description: 'When it ran. 发放时间。' }) createdAt!: Date;
  @Field({ description: 'Download path of the printable roster (Excel, A4 landscape). 花名册下载地址。' }) rosterPath!: string;
}

export function sourceFromRow(r: Row): FundSourceNode {
  const allocated = fen(r.allocated);
  const disbursed = fen(r.disbursed);
  return Object.assign(new FundSourceNode(), {
    id: toGlobalId('FundSource', String(r.id)), dbId: String(r.id), code: r.code, name: r.name, kind: r.kind,
    allocated, disbursed, balance: allocated - disbursed, version: r.version,
  });
}

export function allocationFromRow(r: Row): FundAllocationNode {
  const amount = fen(r.amount);
  const disbursed = fen(r.disbursed);
  return Object.assign(new FundAllocationNode(), {
    id: toGlobalId('FundAllocation', String(r.id)), dbId: String(r.id), sourceId: String(r.source_id), measure: r.measure,
    year: Number(r.year), amount, disbursed, balance: amount - disbursed, version: r.version, createdAt: new Date(r.created_at), createdBy: r.created_by,
  });
}

export function runFromRow(r: Row): AllowanceRunNode {
  const id = toGlobalId('AllowanceRun', String(r.id));
  return Object.assign(new AllowanceRunNode(), {
    id, dbId: String(r.id), townshipId: String(r.township_id), allocationId: String(r.allocation_id), month: r.month,
    households: Number(r.households), total: fen(r.total), createdBy: r.created_by, createdAt: new Date(r.created_at),
    rosterPath: `/allowance-runs/${id}.xlsx`,
  });
}

export function lineFromRow(r: Row): AllowanceRunLineNode {
  return Object.assign(new AllowanceRunLineNode(), {
    runId: String(r.run_id), householdId: String(r.household_id), headName: r.head_name, householdSize: Number(r.household_size), amount: fen(r.amount),
  });
}
