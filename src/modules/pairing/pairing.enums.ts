/** Levels of civilized units (文明单位): the level sets how many households a unit takes (R18). */
export enum CivilizedUnitLevel {
  NATIONAL = 'NATIONAL',
  PROVINCIAL = 'PROVINCIAL',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}

export enum PairingStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  ENDED = 'ENDED',
}

/** What a partner gave (R20 pairing ledger). */
export enum AssistanceKind {
  VISIT = 'VISIT',
  CASH = 'CASH',
  GOODS = 'GOODS',
  SERVICE = 'SERVICE',
  VOLUNTEER_HOURS = 'VOLUNTEER_HOURS',
  FEE_WAIVER = 'FEE_WAIVER',
}

/** Where a ledger entry came from. */
export enum LedgerOrigin {
  TYPED = 'TYPED',
  IMPORTED = 'IMPORTED',
  PARTNER_SYSTEM = 'PARTNER_SYSTEM',
}

export enum NeedKind {
  EMPLOYMENT = 'EMPLOYMENT',
  MEDICAL = 'MEDICAL',
  SCHOOLING = 'SCHOOLING',
  HOUSING = 'HOUSING',
  LIVING = 'LIVING',
  SOCIAL_INSURANCE = 'SOCIAL_INSURANCE',
  UTILITIES = 'UTILITIES',
}

export enum NeedUrgency {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum NeedStatus {
  OPEN = 'OPEN',
  COVERED = 'COVERED',
  CLOSED = 'CLOSED',
}

export enum Utility {
  POWER = 'POWER',
  WATER = 'WATER',
  CABLE = 'CABLE',
}

export enum OutboxStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
