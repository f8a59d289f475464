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
