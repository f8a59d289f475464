/**
 * Enumerations of the household registry (R1, R19). Values are stable English identifiers;
 * GraphQL descriptions in both languages are registered in registry.types.ts.
 */
export enum HouseholdStatus {
  /** Filed in the registry (建档), not (yet) confirmed as a household in hardship. */
  REGISTERED = 'REGISTERED',
  /** Confirmed on the list of urban households in hardship (R7, R10b). */
  IN_HARDSHIP = 'IN_HARDSHIP',
  /** Left the list because it is no longer in hardship (R19 脱贫出). */
  EXITED = 'EXITED',
}

/** R3–R6: the four categories of urban households in hardship. */
export enum HardshipCategory {
  EXTREME_POVERTY = 'EXTREME_POVERTY',
  MINIMUM_LIVING_ALLOWANCE = 'MINIMUM_LIVING_ALLOWANCE',
  ORPHAN = 'ORPHAN',
  EXPENDITURE_LOW_INCOME = 'EXPENDITURE_LOW_INCOME',
}

/** R11: the four causes of hardship. */
export enum HardshipCause {
  ILLNESS = 'ILLNESS',
  DISABILITY = 'DISABILITY',
  SCHOOLING = 'SCHOOLING',
  DISASTER = 'DISASTER',
}

export enum CommunityKind {
  VILLAGE = 'VILLAGE',
  RESIDENTIAL = 'RESIDENTIAL',
}

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum RelationToHead {
  HEAD = 'HEAD',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  GRANDPARENT = 'GRANDPARENT',
  GRANDCHILD = 'GRANDCHILD',
  SIBLING = 'SIBLING',
  OTHER = 'OTHER',
}

export enum WorkCapacity {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
  NONE = 'NONE',
}

export enum EmploymentStatus {
  EMPLOYED = 'EMPLOYED',
  SELF_EMPLOYED = 'SELF_EMPLOYED',
  FLEXIBLY_EMPLOYED = 'FLEXIBLY_EMPLOYED',
  UNEMPLOYED = 'UNEMPLOYED',
  IN_SCHOOL = 'IN_SCHOOL',
  RETIRED = 'RETIRED',
  NOT_IN_LABOUR_FORCE = 'NOT_IN_LABOUR_FORCE',
}

/** Categories of the national disability certificate (残疾人证). */
export enum DisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}

export enum IllnessKind {
  NONE = 'NONE',
  CHRONIC = 'CHRONIC',
  SERIOUS = 'SERIOUS',
}

export enum SchoolingStage {
  NONE = 'NONE',
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  SENIOR_HIGH = 'SENIOR_HIGH',
  VOCATIONAL = 'VOCATIONAL',
  HIGHER = 'HIGHER',
}

/** R3: the person's legal supporter (法定赡养、抚养、扶养义务人). */
export enum LegalSupporter {
  ABLE = 'ABLE',
  UNABLE = 'UNABLE',
  NONE = 'NONE',
}

/** R5: a minor's parents. */
export enum ParentalStatus {
  PRESENT = 'PRESENT',
  BOTH_DECEASED = 'BOTH_DECEASED',
  CANNOT_BE_FOUND = 'CANNOT_BE_FOUND',
}

/** Sort key of household lists. */
export enum HouseholdOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  HEAD_NAME = 'HEAD_NAME',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

// ---- Chinese labels as county forms and ledgers print them (office-files: forms, Excel ledger) ----
// One label per value; the Excel import reads exactly these (and the export writes them), so a
// ledger round-trips.
export const SEX_LABELS: Record<Sex, string> = { MALE: '男', FEMALE: '女' };
export const RELATION_LABELS: Record<RelationToHead, string> = {
  HEAD: '户主', SPOUSE: '配偶', CHILD: '子女', PARENT: '父母', GRANDPARENT: '祖父母', GRANDCHILD: '孙子女', SIBLING: '兄弟姐妹', OTHER: '其他',
};
export const WORK_CAPACITY_LABELS: Record<WorkCapacity, string> = { FULL: '有劳动能力', PARTIAL: '部分丧失劳动能力', NONE: '无劳动能力' };
export const EMPLOYMENT_LABELS: Record<EmploymentStatus, string> = {
  EMPLOYED: '受雇就业', SELF_EMPLOYED: '自主创业', FLEXIBLY_EMPLOYED: '灵活就业', UNEMPLOYED: '失业', IN_SCHOOL: '在校学生', RETIRED: '退休', NOT_IN_LABOUR_FORCE: '非劳动力',
};
export const DISABILITY_LABELS: Record<DisabilityCategory, string> = {
  VISUAL: '视力残疾', HEARING: '听力残疾', SPEECH: '言语残疾', PHYSICAL: '肢体残疾', INTELLECTUAL: '智力残疾', MENTAL: '精神残疾', MULTIPLE: '多重残疾',
};
export const ILLNESS_LABELS: Record<IllnessKind, string> = { NONE: '无', CHRONIC: '慢性病', SERIOUS: '重大疾病' };
export const SCHOOLING_LABELS: Record<SchoolingStage, string> = {
  NONE: '未在读', PRESCHOOL: '学前教育', PRIMARY: '小学', JUNIOR_HIGH: '初中', SENIOR_HIGH: '高中', VOCATIONAL: '中职', HIGHER: '高等教育',
};
export const CATEGORY_LABELS: Record<HardshipCategory, string> = {
  EXTREME_POVERTY: '特困人员', MINIMUM_LIVING_ALLOWANCE: '低保对象', ORPHAN: '孤儿', EXPENDITURE_LOW_INCOME: '支出型贫困低收入家庭',
};
export const CAUSE_LABELS: Record<HardshipCause, string> = { ILLNESS: '因病', DISABILITY: '因残', SCHOOLING: '因学', DISASTER: '因灾' };
