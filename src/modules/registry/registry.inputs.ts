import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { MoneyScalar } from '../../graphql/scalars';
import {
  DisabilityCategory, EmploymentStatus, HardshipCategory, HardshipCause, HouseholdStatus, IllnessKind,
  HouseholdOrderField, LegalSupporter, OrderDirection, ParentalStatus, RelationToHead, SchoolingStage, WorkCapacity,
} from './registry.enums';

@InputType({ description: 'Ordering of a household list. 家庭列表排序。' })
export class HouseholdOrder {
  @Field(() => HouseholdOrderField, { description: 'Sort key. 排序字段。' }) field!: HouseholdOrderField;
  @Field(() => OrderDirection, { description: 'Direction. 方向。' }) direction!: OrderDirection;
}

@InputType({ description: 'Filters of a household list; all given filters must hold. 家庭列表筛选（同时满足）。' })
export class HouseholdFilter {
  @Field(() => ID, { nullable: true, description: 'Township. 乡镇。' }) township?: string | null;
  @Field(() => ID, { nullable: true, description: 'Community. 村（居）。' }) community?: string | null;
  @Field(() => HouseholdStatus, { nullable: true, description: 'Registry status. 在档状态。' }) status?: HouseholdStatus | null;
  @Field(() => HardshipCategory, { nullable: true, description: 'Has this category. 包含该困难类别。' }) category?: HardshipCategory | null;
  @Field(() => HardshipCause, { nullable: true, description: 'Has this cause. 包含该致困原因。' }) cause?: HardshipCause | null;
  @Field(() => String, {
    nullable: true,
    description: 'The name of a current member you may see starts with this text (surname search). 可见成员姓名前缀检索（如姓氏）。',
  })
  nameSearch?: string | null;
}

@InputType({ description: 'Filters of a person list. 人员列表筛选。' })
export class PersonFilter {
  @Field(() => ID, { nullable: true, description: 'Township. 乡镇。' }) township?: string | null;
  @Field(() => ID, { nullable: true, description: 'Household. 家庭。' }) household?: string | null;
  @Field(() => String, { nullable: true, description: 'Name starts with this text. 姓名前缀。' }) nameSearch?: string | null;
}

@InputType({ description: 'Monthly income by source, integer fen. 月收入（分）。' })
export class IncomeInput {
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Wages. 工资性收入。' }) wages!: number;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Business income. 经营性收入。' }) business!: number;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Property income. 财产性收入。' }) property!: number;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Transfers. 转移性收入。' }) transfers!: number;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Other income. 其他收入。' }) other!: number;
}

@InputType({ description: 'Disability certificate data. 残疾信息。' })
export class DisabilityInput {
  @Field(() => DisabilityCategory, { description: 'Category. 类别。' }) category!: DisabilityCategory;
  @Field(() => Int, { description: 'Grade 1–4. 等级（1–4）。' }) grade!: number;
}

@InputType({ description: 'A member to record. 家庭成员信息。' })
export class MemberInput {
  @Field({ description: 'Name. 姓名。' }) name!: string;
  @Field({ description: '18-character national id number; sex and birth date are derived from it. 身份证号码。' }) idNumber!: string;
  @Field(() => RelationToHead, { description: 'Relation to the head. 与户主关系。' }) relationToHead!: RelationToHead;
  @Field(() => WorkCapacity, { description: 'Capacity to work. 劳动能力。' }) workCapacity!: WorkCapacity;
  @Field(() => EmploymentStatus, { description: 'Employment status. 就业状况。' }) employmentStatus!: EmploymentStatus;
  @Field(() => DisabilityInput, { nullable: true, description: 'Disability, if any. 残疾信息（如有）。' }) disability?: DisabilityInput | null;
  @Field(() => IllnessKind, { nullable: true, defaultValue: IllnessKind.NONE, description: 'Illness. 疾病情况。' }) illness!: IllnessKind;
  @Field(() => String, { nullable: true, description: 'Note on the illness. 疾病说明。' }) illnessNote?: string | null;
  @Field(() => SchoolingStage, { nullable: true, defaultValue: SchoolingStage.NONE, description: 'Schooling stage. 在读学段。' }) schoolingStage!: SchoolingStage;
  @Field(() => IncomeInput, { nullable: true, description: 'Monthly income by source. 月收入。' }) monthlyIncome?: IncomeInput | null;
  @Field({ nullable: true, defaultValue: true, description: 'Has a source of livelihood (R3). 有生活来源。' }) hasLivelihoodSource!: boolean;
  @Field(() => LegalSupporter, { nullable: true, defaultValue: LegalSupporter.ABLE, description: 'Legal supporter (R3). 法定义务人情况。' }) legalSupporter!: LegalSupporter;
  @Field(() => ParentalStatus, { nullable: true, defaultValue: ParentalStatus.PRESENT, description: 'Parents (R5). 父母情况。' }) parentalStatus!: ParentalStatus;
}

@InputType({ description: 'Household assets. 家庭财产。' })
export class AssetsInput {
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Deposits, fen. 存款（分）。' }) deposits!: number;
  @Field(() => MoneyScalar, { nullable: true, defaultValue: 0, description: 'Securities, fen. 有价证券（分）。' }) securities!: number;
  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Vehicles. 机动车数量。' }) vehicles!: number;
  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Other properties. 其他房产数量。' }) otherProperties!: number;
}

@InputType({ description: 'Register a household with its members (R8 starts from here). 登记家庭及成员。' })
export class RegisterHouseholdInput {
  @Field(() => ID, {
    description: 'Township of household registration (户籍): its code (e.g. 350421100) or its global id (Township.id, from township(code:) or townships). 户籍所在乡镇：乡镇代码（如 350421100）或全局标识。',
  }) township!: string;
  @Field(() => ID, {
    description: 'Community where the family lives, within that township: its code (e.g. 350421100001) or its global id (Community.id, from community(code:) or communities). 居住村（居）：代码（如 350421100001）或全局标识。',
  }) community!: string;
  @Field({ description: 'Address. 住址。' }) address!: string;
  @Field({ description: 'Contact phone. 联系电话。' }) contactPhone!: string;
  @Field(() => Float, { description: 'Housing area, m². 住房面积（平方米）。' }) housingArea!: number;
  @Field(() => AssetsInput, { nullable: true, description: 'Assets. 家庭财产。' }) assets?: AssetsInput | null;
  @Field(() => [MemberInput], { description: 'Members, exactly one of them the head. 家庭成员（有且仅有一名户主）。' }) members!: MemberInput[];
}

@InputType({ description: 'Change a household\'s own data; omitted fields stay. 修改家庭信息（未填写的字段不变）。' })
export class UpdateHouseholdInput {
  @Field(() => ID, { description: 'The household. 家庭。' }) household!: string;
  @Field(() => Int, { description: 'The version you read. 读取时的版本号。' }) version!: number;
  @Field(() => ID, { nullable: true, description: 'Community (within the same township). 村（居，同一乡镇内）。' }) community?: string | null;
  @Field(() => String, { nullable: true, description: 'Address. 住址。' }) address?: string | null;
  @Field(() => String, { nullable: true, description: 'Contact phone. 联系电话。' }) contactPhone?: string | null;
  @Field(() => Float, { nullable: true, description: 'Housing area, m². 住房面积。' }) housingArea?: number | null;
  @Field(() => AssetsInput, { nullable: true, description: 'Assets (replaced as a whole). 家庭财产（整体替换）。' }) assets?: AssetsInput | null;
}

@InputType({ description: 'Add a member to a household. 增加家庭成员。' })
export class AddHouseholdMemberInput {
  @Field(() => ID, { description: 'The household. 家庭。' }) household!: string;
  @Field(() => Int, { description: 'The household version you read. 家庭版本号。' }) version!: number;
  @Field(() => MemberInput, { description: 'The new member (not the head). 新成员（非户主）。' }) member!: MemberInput;
}

@InputType({ description: 'Change a member; omitted fields stay. 修改成员信息。' })
export class UpdateHouseholdMemberInput {
  @Field(() => ID, { description: 'The member. 成员。' }) person!: string;
  @Field(() => Int, { description: 'The member version you read. 成员版本号。' }) version!: number;
  @Field(() => String, { nullable: true, description: 'Name. 姓名。' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Id number. 身份证号码。' }) idNumber?: string | null;
  @Field(() => RelationToHead, { nullable: true, description: 'Relation (not HEAD: use changeHouseholdHead). 与户主关系。' }) relationToHead?: RelationToHead | null;
  @Field(() => WorkCapacity, { nullable: true, description: 'Capacity to work. 劳动能力。' }) workCapacity?: WorkCapacity | null;
  @Field(() => EmploymentStatus, { nullable: true, description: 'Employment status. 就业状况。' }) employmentStatus?: EmploymentStatus | null;
  @Field(() => DisabilityInput, { nullable: true, description: 'Disability. 残疾信息。' }) disability?: DisabilityInput | null;
  @Field({ nullable: true, description: 'Set true to record that the member has no disability. 设为 true 表示无残疾。' }) clearDisability?: boolean;
  @Field(() => IllnessKind, { nullable: true, description: 'Illness. 疾病情况。' }) illness?: IllnessKind | null;
  @Field(() => String, { nullable: true, description: 'Note on the illness. 疾病说明。' }) illnessNote?: string | null;
  @Field(() => SchoolingStage, { nullable: true, description: 'Schooling stage. 在读学段。' }) schoolingStage?: SchoolingStage | null;
  @Field(() => IncomeInput, { nullable: true, description: 'Monthly income (replaced as a whole). 月收入（整体替换）。' }) monthlyIncome?: IncomeInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Has a source of livelihood (R3). 有生活来源。' }) hasLivelihoodSource?: boolean | null;
  @Field(() => LegalSupporter, { nullable: true, description: 'Legal supporter (R3). 法定义务人情况。' }) legalSupporter?: LegalSupporter | null;
  @Field(() => ParentalStatus, { nullable: true, description: 'Parents (R5). 父母情况。' }) parentalStatus?: ParentalStatus | null;
}

@InputType({ description: 'Record that a member left the household; the record is kept (R19). 成员移出（保留记录）。' })
export class RemoveHouseholdMemberInput {
  @Field(() => ID, { description: 'The member. 成员。' }) person!: string;
  @Field(() => Int, { description: 'The member version you read. 成员版本号。' }) version!: number;
  @Field({ description: 'Why (moved out, deceased, …). 原因（迁出、死亡等）。' }) reason!: string;
}

@InputType({ description: 'Make another member the head. 变更户主。' })
export class ChangeHouseholdHeadInput {
  @Field(() => ID, { description: 'The household. 家庭。' }) household!: string;
  @Field(() => Int, { description: 'The household version you read. 家庭版本号。' }) version!: number;
  @Field(() => ID, { description: 'The member who becomes head. 新户主。' }) newHead!: string;
  @Field(() => RelationToHead, { description: 'The former head\'s relation to the new head. 原户主与新户主关系。' }) formerHeadRelation!: RelationToHead;
}

@InputType({ description: 'R14: update a pupil\'s schooling stage (the education bureau\'s roster). 更新在读学段。' })
export class UpdateSchoolRecordInput {
  @Field(() => ID, { description: 'The pupil. 学生。' }) person!: string;
  @Field(() => Int, { description: 'The member version you read. 成员版本号。' }) version!: number;
  @Field(() => SchoolingStage, { description: 'Current stage (NONE when no longer in school). 当前学段。' }) schoolingStage!: SchoolingStage;
}
