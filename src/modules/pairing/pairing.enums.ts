import type { AssistanceKindCode, UtilityCode } from '../../../partner-adapters/partner-adapter';

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

/** How ledger totals are grouped (finance and the leading group: never per household). */
export enum LedgerGrouping {
  HOUSEHOLD = 'HOUSEHOLD',
  PARTNER = 'PARTNER',
  TOWNSHIP = 'TOWNSHIP',
  KIND = 'KIND',
}

export enum OutboxStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

/*
 * The partner adapters (partner-adapters/, pure: they import nothing from src/) declare the codes
 * they produce in their contract file; these enums must hold exactly the same values. A value
 * added on one side only fails the compilation here.
 */
type SameValues<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type AssistanceKindMatchesAdapters = Holds<SameValues<`${AssistanceKind}`, AssistanceKindCode>>;
export type UtilityMatchesAdapters = Holds<SameValues<`${Utility}`, UtilityCode>>;
