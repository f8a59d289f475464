import { Field, Float, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { calendarDay } from '../../graphql/scalars';
import { Node, toGlobalId } from '../../graphql/relay';
import { MutationPayload } from '../../graphql/payload';
import { DateScalar, MoneyScalar } from '../../graphql/scalars';
import { Sensitive, SENSITIVE_NOTE } from '../../graphql/field-guard';
import { MASKING } from '../../access/matrix';
import {
  CommunityKind, DisabilityCategory, EmploymentStatus, HardshipCategory, HardshipCause, HouseholdStatus,
  HouseholdOrderField, IllnessKind, LegalSupporter, OrderDirection, ParentalStatus, RelationToHead, SchoolingStage, Sex, WorkCapacity,
} from './registry.enums';
import { registerDescribedEnum as register } from '../../graphql/enums';
import type { Row } from '../../shared/row';

// GraphQL registration of the registry's enums (registry.enums.ts holds the plain TS enums).
register(HouseholdStatus, 'HouseholdStatus', 'Where a household stands in the registry (R19). 家庭在档状态。', {
  REGISTERED: 'Filed, not confirmed as in hardship. 已建档，未认定。',
  IN_HARDSHIP: 'Confirmed urban household in hardship. 已认定为城市困难家庭。',
  EXITED: 'Left the list, no longer in hardship. 已脱困退出。',
});
register(HardshipCategory, 'HardshipCategory', 'Category of hardship, R3–R6. 困难类别。', {
  EXTREME_POVERTY: 'Extreme-poverty person in the household (R3). 城市特困人员。',
  MINIMUM_LIVING_ALLOWANCE: 'Minimum-living-allowance household (R4). 城市低保对象。',
  ORPHAN: 'Orphan (R5). 城市孤儿。',
  EXPENDITURE_LOW_INCOME: 'Expenditure-type low-income household (R6). 城市支出型贫困低收入家庭。',
});
register(HardshipCause, 'HardshipCause', 'Cause of hardship (R11). 致困原因。', {
  ILLNESS: 'Illness or injury. 因病。',
  DISABILITY: 'Disability. 因残。',
  SCHOOLING: 'Schooling costs. 因学。',
  DISASTER: 'Disaster. 因灾。',
});
register(CommunityKind, 'CommunityKind', 'Village or residents\' community. 村或社区。', {
  VILLAGE: 'Village (村). 行政村。',
  RESIDENTIAL: 'Residents\' community (居/社区). 社区。',
});
register(Sex, 'Sex', 'Sex, as recorded in the id number. 性别（由身份证号码得出）。', {
  MALE: 'Male. 男。',
  FEMALE: 'Female. 女。',
});
register(RelationToHead, 'RelationToHead', 'Relation to the head of household. 与户主关系。', {
  HEAD: 'The head of household. 户主。',
  SPOUSE: 'Spouse. 配偶。',
  CHILD: 'Child. 子女。',
  PARENT: 'Parent. 父母。',
  GRANDPARENT: 'Grandparent. 祖父母、外祖父母。',
  GRANDCHILD: 'Grandchild. 孙子女、外孙子女。',
  SIBLING: 'Brother or sister. 兄弟姐妹。',
  OTHER: 'Other relation. 其他。',
});
register(WorkCapacity, 'WorkCapacity', 'Capacity to work. 劳动能力。', {
  FULL: 'Full capacity to work. 有劳动能力。',
  PARTIAL: 'Partial capacity to work. 部分丧失劳动能力。',
  NONE: 'No capacity to work. 无劳动能力。',
});
register(EmploymentStatus, 'EmploymentStatus', 'Employment status. 就业状况。', {
  EMPLOYED: 'Employed. 受雇就业。',
  SELF_EMPLOYED: 'Self-employed. 自主创业/个体经营。',
  FLEXIBLY_EMPLOYED: 'Flexible employment. 灵活就业。',
  UNEMPLOYED: 'Unemployed. 失业。',
  IN_SCHOOL: 'In school. 在校学生。',
  RETIRED: 'Retired. 退休。',
  NOT_IN_LABOUR_FORCE: 'Not in the labour force (child, elderly, unable). 非劳动力。',
});
register(DisabilityCategory, 'DisabilityCategory', 'Category of disability certificate. 残疾类别。', {
  VISUAL: 'Visual. 视力残疾。',
  HEARING: 'Hearing. 听力残疾。',
  SPEECH: 'Speech. 言语残疾。',
  PHYSICAL: 'Physical. 肢体残疾。',
  INTELLECTUAL: 'Intellectual. 智力残疾。',
  MENTAL: 'Mental (psychiatric). 精神残疾。',
  MULTIPLE: 'Multiple. 多重残疾。',
});
register(IllnessKind, 'IllnessKind', 'Chronic or serious illness. 慢性病或重大疾病。', {
  NONE: 'None. 无。',
  CHRONIC: 'Chronic illness. 慢性病。',
  SERIOUS: 'Serious (critical) illness. 重大疾病。',
});
register(SchoolingStage, 'SchoolingStage', 'Current schooling stage. 在读学段。', {
  NONE: 'Not in school. 未在读。',
  PRESCHOOL: 'Preschool. 学前教育。',
  PRIMARY: 'Primary school. 小学。',
  JUNIOR_HIGH: 'Junior high school. 初中。',
  SENIOR_HIGH: 'Senior high school. 普通高中。',
  VOCATIONAL: 'Vocational school. 中职。',
  HIGHER: 'Higher education. 高等教育。',
});
register(LegalSupporter, 'LegalSupporter', 'Legal supporter of a person (R3). 法定义务人情况。', {
  ABLE: 'Has a legal supporter able to support. 有法定义务人且有能力赡养抚养扶养。',
  UNABLE: 'Has a legal supporter who cannot support. 法定义务人无赡养抚养扶养能力。',
  NONE: 'No legal supporter. 无法定义务人。',
});
register(ParentalStatus, 'ParentalStatus', 'A minor\'s parents (R5). 父母情况。', {
  PRESENT: 'Parents present. 父母健在。',
  BOTH_DECEASED: 'Lost both parents. 父母双亡。',
  CANNOT_BE_FOUND: 'Birth parents cannot be found. 查找不到生父母。',
});

registerEnumType(HouseholdOrderField, {
  name: 'HouseholdOrderField',
  description: 'Sort key of household lists. 家庭列表排序字段。',
  valuesConfig: {
    CREATED_AT: { description: 'When filed. 建档时间。' },
    UPDATED_AT: { description: 'Last change. 最后修改时间。' },
    HEAD_NAME: { description: 'Head\'s name. 户主姓名。' },
  },
});
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction. 排序方向。',
  valuesConfig: { ASC: { description: 'Ascending. 升序。' }, DESC: { description: 'Descending. 降序。' } },
});

/**
 * GraphQL object types of the registry. They are filled from plain rows (registry.reader.ts):
 * entities and the unit of work are for writes; reads stay plain (DESIGN.md, measured).
 */
@ObjectType('Township', { implements: Node, description: 'A township (乡镇) of the county. 乡镇。' })
export class TownshipNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field({ description: 'Administrative division code. 行政区划代码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
}

@ObjectType('Community', { implements: Node, description: 'A village or residents\' community (村/居). 村（居）。' })
export class CommunityNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  townshipId!: string;
  @Field({ description: 'Code: the township code and a sequence. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field(() => CommunityKind, { description: 'Village or community. 村或社区。' }) kind!: CommunityKind;
}

@ObjectType({ description: 'Household assets (R4 asset rules). 家庭财产。' })
export class HouseholdAssets {
  @Field(() => MoneyScalar, { description: 'Bank deposits, fen. 存款（分）。' }) deposits!: number;
  @Field(() => MoneyScalar, { description: 'Securities and other financial assets, fen. 有价证券等金融资产（分）。' }) securities!: number;
  @Field(() => Int, { description: 'Motor vehicles owned. 机动车数量。' }) vehicles!: number;
  @Field(() => Int, { description: 'Properties owned besides the home lived in. 自住房以外的房产数量。' }) otherProperties!: number;
}

@ObjectType({ description: 'Monthly income by source, fen (I3). 月收入（分），按来源。' })
export class PersonIncome {
  @Field(() => MoneyScalar, { description: 'Wages. 工资性收入。' }) wages!: number;
  @Field(() => MoneyScalar, { description: 'Business income. 经营性收入。' }) business!: number;
  @Field(() => MoneyScalar, { description: 'Property income. 财产性收入。' }) property!: number;
  @Field(() => MoneyScalar, { description: 'Transfers (pensions, support). 转移性收入。' }) transfers!: number;
  @Field(() => MoneyScalar, { description: 'Other income. 其他收入。' }) other!: number;
  @Field(() => MoneyScalar, { description: 'Sum of all sources. 合计。' }) total!: number;
}

@ObjectType({ description: 'Disability certificate data. 残疾信息。' })
export class Disability {
  @Field(() => DisabilityCategory, { description: 'Category. 类别。' }) category!: DisabilityCategory;
  @Field(() => Int, { description: 'Grade 1 (most severe) to 4. 等级（1级最重）。' }) grade!: number;
}

@ObjectType('Household', { implements: Node, description: 'A household filed in the registry (R19). 在档家庭。' })
export class HouseholdNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  townshipId!: string;
  communityId!: string;
  /** Read with the household (registry.reader.ts relatedColumns); the loaders are primed with it. */
  related?: { township: TownshipNode; community: CommunityNode; members: PersonNode[] };

  @Field({ description: 'Name of the head of household. 户主姓名。' }) headName!: string;
  @Field(() => Int, { description: 'Current members. 家庭人口数。' }) memberCount!: number;
  @Field(() => HouseholdStatus, { description: 'Registry status. 在档状态。' }) status!: HouseholdStatus;
  @Field(() => [HardshipCategory], { description: 'Categories R3–R6 (when confirmed). 困难类别。' }) categories!: HardshipCategory[];
  @Field(() => [HardshipCause], { description: 'Causes of hardship (R11). 致困原因。' }) causes!: HardshipCause[];
  @Field(() => HardshipCause, { nullable: true, description: 'Primary cause (R11). 主要致困原因。' }) primaryCause!: HardshipCause | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day confirmed on the list (R10b). 认定日期。' }) identifiedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Assistance-card number: the public reference once confirmed. 帮扶卡号。' }) assistanceCardNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Address. 住址。' + SENSITIVE_NOTE('CONTACT') })
  @UseMiddleware(Sensitive('CONTACT'))
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact phone. 联系电话。' + SENSITIVE_NOTE('CONTACT') })
  @UseMiddleware(Sensitive('CONTACT'))
  contactPhone!: string | null;

  @Field(() => Float, { nullable: true, description: 'Housing area, m². 住房面积（平方米）。' + SENSITIVE_NOTE('HOUSING') })
  @UseMiddleware(Sensitive('HOUSING'))
  housingArea!: number | null;

  @Field(() => Float, { nullable: true, description: 'Housing area per member, m², computed. 人均住房面积（计算得出）。' + SENSITIVE_NOTE('HOUSING') })
  @UseMiddleware(Sensitive('HOUSING'))
  get perCapitaHousingArea(): number | null {
    return this.memberCount > 0 && this.housingArea != null ? Math.round((this.housingArea / this.memberCount) * 100) / 100 : null;
  }

  @Field(() => MoneyScalar, { nullable: true, description: 'Total monthly income of all members, fen, computed. 家庭月总收入（分）。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  monthlyIncomeTotal!: number | null;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'Per-capita monthly income, fen, computed (I3), rounded to the fen. 家庭月人均收入（分，计算得出）。' + SENSITIVE_NOTE('INCOME'),
  })
  @UseMiddleware(Sensitive('INCOME'))
  get perCapitaMonthlyIncome(): number | null {
    return this.memberCount > 0 && this.monthlyIncomeTotal != null ? Math.round(this.monthlyIncomeTotal / this.memberCount) : null;
  }

  @Field(() => HouseholdAssets, { nullable: true, description: 'Assets. 家庭财产。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  assets!: HouseholdAssets | null;

  @Field(() => Int, { description: 'Version for optimistic locking: send it back with changes. 版本号（乐观锁）。' }) version!: number;
  @Field({ description: 'When it was filed. 建档时间。' }) createdAt!: Date;
  @Field({ description: 'Who filed it. 建档人。' }) createdBy!: string;
  @Field({ description: 'Last change. 最后修改时间。' }) updatedAt!: Date;
  @Field({ description: 'Who changed it last. 最后修改人。' }) updatedBy!: string;
}

@ObjectType('Person', { implements: Node, description: 'A member of a household. 家庭成员。' })
export class PersonNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  householdId!: string;
  /** Full id number; exposed only through the masking resolver. */
  rawIdNumber!: string;

  @Field({ description: 'Name. 姓名。' }) name!: string;
  @Field(() => Sex, { description: 'Sex, from the id number. 性别。' }) sex!: Sex;
  /** Always set on the node (the age is computed from it); the field guard hides it (MASKING). */
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Birth date, from the id number; other roles read `age` (it would rebuild the masked id number). 出生日期（无权限时为空，可见周岁年龄）。' + SENSITIVE_NOTE(MASKING.birthDateClass),
  })
  @UseMiddleware(Sensitive(MASKING.birthDateClass))
  birthDate!: string;
  @Field(() => RelationToHead, { description: 'Relation to the head. 与户主关系。' }) relationToHead!: RelationToHead;

  @Field(() => WorkCapacity, { nullable: true, description: 'Capacity to work. 劳动能力。' + SENSITIVE_NOTE('EMPLOYMENT') })
  @UseMiddleware(Sensitive('EMPLOYMENT'))
  workCapacity!: WorkCapacity | null;

  @Field(() => EmploymentStatus, { nullable: true, description: 'Employment status. 就业状况。' + SENSITIVE_NOTE('EMPLOYMENT') })
  @UseMiddleware(Sensitive('EMPLOYMENT'))
  employmentStatus!: EmploymentStatus | null;

  @Field(() => Disability, { nullable: true, description: 'Disability; null when none or hidden. 残疾信息。' + SENSITIVE_NOTE('DISABILITY') })
  @UseMiddleware(Sensitive('DISABILITY'))
  disability!: Disability | null;

  @Field(() => IllnessKind, { nullable: true, description: 'Chronic or serious illness. 慢性病/重病。' + SENSITIVE_NOTE('HEALTH') })
  @UseMiddleware(Sensitive('HEALTH'))
  illness!: IllnessKind | null;

  @Field(() => String, { nullable: true, description: 'Note on the illness. 疾病说明。' + SENSITIVE_NOTE('HEALTH') })
  @UseMiddleware(Sensitive('HEALTH'))
  illnessNote!: string | null;

  @Field(() => SchoolingStage, { nullable: true, description: 'Schooling stage. 在读学段。' + SENSITIVE_NOTE('SCHOOLING') })
  @UseMiddleware(Sensitive('SCHOOLING'))
  schoolingStage!: SchoolingStage | null;

  @Field(() => PersonIncome, { nullable: true, description: 'Monthly income by source. 月收入。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  monthlyIncome!: PersonIncome | null;

  @Field(() => Boolean, { nullable: true, description: 'Has a source of livelihood (R3). 有无生活来源。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  hasLivelihoodSource!: boolean | null;

  @Field(() => LegalSupporter, { nullable: true, description: 'Legal supporter (R3). 法定赡养抚养扶养义务人情况。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  legalSupporter!: LegalSupporter | null;

  @Field(() => ParentalStatus, { nullable: true, description: 'A minor\'s parents (R5). 父母情况。' + SENSITIVE_NOTE('INCOME') })
  @UseMiddleware(Sensitive('INCOME'))
  parentalStatus!: ParentalStatus | null;

  @Field(() => Int, { description: 'Version for optimistic locking. 版本号（乐观锁）。' }) version!: number;
  /**
   * The two instants as read (a Date from a row, ISO text from a household read's JSON), made Dates
   * only when selected: most reads of members do not select them, and parsing two dates was half
   * of mapping a member (issue 10).
   */
  createdAtValue!: unknown;
  updatedAtValue!: unknown;
  @Field({ description: 'When recorded. 登记时间。' })
  get createdAt(): Date {
    return new Date(this.createdAtValue as string);
  }
  @Field({ description: 'Who recorded it. 登记人。' }) createdBy!: string;
  @Field({ description: 'Last change. 最后修改时间。' })
  get updatedAt(): Date {
    return new Date(this.updatedAtValue as string);
  }
  @Field({ description: 'Who changed it last. 最后修改人。' }) updatedBy!: string;
}


export function townshipFromRow(r: Row): TownshipNode {
  return Object.assign(new TownshipNode(), { id: toGlobalId('Township', String(r.id)), dbId: String(r.id), code: r.code, name: r.name });
}

export function communityFromRow(r: Row): CommunityNode {
  return Object.assign(new CommunityNode(), {
    id: toGlobalId('Community', String(r.id)), dbId: String(r.id), townshipId: String(r.township_id), code: r.code, name: r.name, kind: r.kind,
  });
}

export function householdFromRow(r: Row): HouseholdNode {
  return Object.assign(new HouseholdNode(), {
    id: toGlobalId('Household', String(r.id)),
    dbId: String(r.id),
    townshipId: String(r.township_id),
    communityId: String(r.community_id),
    headName: r.head_name,
    memberCount: r.member_count,
    status: r.status,
    categories: r.categories ?? [],
    causes: r.causes ?? [],
    primaryCause: r.primary_cause ?? null,
    identifiedOn: r.identified_on ? calendarDay(r.identified_on) : null,
    assistanceCardNumber: r.assistance_card_number ?? null,
    address: r.address,
    contactPhone: r.contact_phone,
    housingArea: Number(r.housing_area),
    monthlyIncomeTotal: r.monthly_income_total,
    assets: { deposits: r.deposits_fen, securities: r.securities_fen, vehicles: r.vehicle_count, otherProperties: r.other_property_count },
    version: r.version,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    updatedAt: new Date(r.updated_at),
    updatedBy: r.updated_by,
  });
}


/**
 * The person columns a read maps, in the order of `personFromValues` (registry.reader.ts selects
 * them; a household read sends each member as a JSON array of their values in this order).
 */
export const PERSON_FIELDS = [
  'id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'household_id', 'name',
  'id_number', 'sex', 'birth_date', 'relation_to_head', 'work_capacity', 'employment_status',
  'disability_category', 'disability_grade', 'illness', 'illness_note', 'schooling_stage', 'income_wages',
  'income_business', 'income_property', 'income_transfers', 'income_other', 'has_livelihood_source',
  'legal_supporter', 'parental_status',
] as const;

export function personFromRow(r: Row): PersonNode {
  return personFromValues(PERSON_FIELDS.map((f) => r[f]));
}

/**
 * A person from the values of PERSON_FIELDS in their order. Issue 10: a page of 50 households maps
 * ~140 members; assigning each property on the instance in one fixed order (one hidden class), with
 * no row object of 27 keys in between and no Object.assign, and the two instants parsed only when
 * selected, a page's members take a twelfth of the time they did (720 → 60 µs, measured).
 */
export function personFromValues(v: readonly unknown[]): PersonNode {
  const p = new PersonNode();
  const dbId = String(v[0]);
  p.id = toGlobalId('Person', dbId);
  p.dbId = dbId;
  p.householdId = String(v[6]);
  p.rawIdNumber = v[8] as string;
  p.name = v[7] as string;
  p.sex = v[9] as Sex;
  p.birthDate = calendarDay(v[10]);
  p.relationToHead = v[11] as RelationToHead;
  p.workCapacity = v[12] as WorkCapacity | null;
  p.employmentStatus = v[13] as EmploymentStatus | null;
  p.disability = v[14] ? { category: v[14], grade: v[15] } as Disability : null;
  p.illness = v[16] as IllnessKind | null;
  p.illnessNote = v[17] as string | null;
  p.schoolingStage = v[18] as SchoolingStage | null;
  const wages = v[19] as number, business = v[20] as number, property = v[21] as number, transfers = v[22] as number, other = v[23] as number;
  p.monthlyIncome = { wages, business, property, transfers, other, total: wages + business + property + transfers + other } as PersonIncome;
  p.hasLivelihoodSource = v[24] as boolean | null;
  p.legalSupporter = v[25] as LegalSupporter | null;
  p.parentalStatus = v[26] as ParentalStatus | null;
  p.version = v[1] as number;
  p.createdAtValue = v[2];
  p.createdBy = v[3] as string;
  p.updatedAtValue = v[4];
  p.updatedBy = v[5] as string;
  return p;
}

// ---- payloads ----
@ObjectType({ implements: MutationPayload, description: 'Result of registerHousehold. 登记家庭结果。' })
export class RegisterHouseholdPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The new household. 新登记的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of updateHousehold. 修改家庭结果。' })
export class UpdateHouseholdPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household as changed. 修改后的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of changeHouseholdHead. 变更户主结果。' })
export class ChangeHouseholdHeadPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household as changed. 修改后的家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of addHouseholdMember. 增加成员结果。' })
export class AddHouseholdMemberPayload extends MutationPayload {
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
  @Field(() => PersonNode, { nullable: true, description: 'The new member. 新成员。' }) member: PersonNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of updateHouseholdMember. 修改成员结果。' })
export class UpdateHouseholdMemberPayload extends MutationPayload {
  @Field(() => PersonNode, { nullable: true, description: 'The member as changed. 修改后的成员。' }) member: PersonNode | null = null;
  @Field(() => HouseholdNode, { nullable: true, description: 'The household (income totals may have changed). 所在家庭。' }) household: HouseholdNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of removeHouseholdMember. 移出成员结果。' })
export class RemoveHouseholdMemberPayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: 'Global id of the member removed. 被移出成员的标识。' }) removedMemberId: string | null = null;
  @Field(() => HouseholdNode, { nullable: true, description: 'The household. 家庭。' }) household: HouseholdNode | null = null;
}

@ObjectType({ description: 'Households and persons of one township in one registry status. 乡镇分状态统计。' })
export class TownshipStatusCount {
  @Field(() => TownshipNode, { description: 'Township. 乡镇。' }) township!: TownshipNode;
  @Field(() => HouseholdStatus, { description: 'Status. 状态。' }) status!: HouseholdStatus;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
  @Field(() => Int, { description: 'Persons in them. 人数。' }) persons!: number;
}
@ObjectType({ description: 'Confirmed households with one category. 分类别统计。' })
export class CategoryCount {
  @Field(() => HardshipCategory, { description: 'Category. 类别。' }) category!: HardshipCategory;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
}
@ObjectType({ description: 'Confirmed households with one cause. 分致困原因统计。' })
export class CauseCount {
  @Field(() => HardshipCause, { description: 'Cause. 原因。' }) cause!: HardshipCause;
  @Field(() => Int, { description: 'Households. 户数。' }) households!: number;
}
@ObjectType({ description: 'Aggregates of the registry: counts only, never people. 在档统计（仅汇总数）。' })
export class HouseholdStatistics {
  @Field(() => [TownshipStatusCount], { description: 'Per township and status. 按乡镇和状态。' }) byTownship!: TownshipStatusCount[];
  @Field(() => [CategoryCount], { description: 'Confirmed households per category. 按困难类别。' }) byCategory!: CategoryCount[];
  @Field(() => [CauseCount], { description: 'Confirmed households per cause. 按致困原因。' }) byCause!: CauseCount[];
}
