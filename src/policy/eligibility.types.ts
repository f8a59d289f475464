/**
 * Inputs and outputs of the eligibility engine (R1–R7 with the readings I1–I3 of DOMAIN.md).
 * The engine is a pure function: a household snapshot, the parameters in force on a date, that
 * date → the decision and a trace a caseworker can show the family.
 */
import { PolicySnapshot } from './parameter-definitions';

export type WorkCapacity = 'FULL' | 'PARTIAL' | 'NONE';
export type IllnessKind = 'NONE' | 'CHRONIC' | 'SERIOUS';
export type SchoolingStage = 'NONE' | 'PRESCHOOL' | 'PRIMARY' | 'JUNIOR_HIGH' | 'SENIOR_HIGH' | 'VOCATIONAL' | 'HIGHER';
/** R3: whether the person has a legal supporter (法定赡养、抚养、扶养义务人) able to support them. */
export type LegalSupporter = 'ABLE' | 'UNABLE' | 'NONE';
/** R5: a minor's parents. */
export type ParentalStatus = 'PRESENT' | 'BOTH_DECEASED' | 'CANNOT_BE_FOUND';
export type Category = 'EXTREME_POVERTY' | 'MINIMUM_LIVING_ALLOWANCE' | 'ORPHAN' | 'EXPENDITURE_LOW_INCOME';
export type Cause = 'ILLNESS' | 'DISABILITY' | 'SCHOOLING' | 'DISASTER';

export interface MemberSnapshot {
  /** A label for the trace (a member id or "member 1"); never an id number. */
  ref: string;
  birthDate: string; // YYYY-MM-DD
  workCapacity: WorkCapacity;
  disabilityGrade: number | null; // 1–4, null when not disabled
  illness: IllnessKind;
  schoolingStage: SchoolingStage;
  /** Monthly income of this member from all sources, fen. */
  monthlyIncome: number;
  /** R3 "no source of livelihood" is `hasLivelihoodSource === false`. */
  hasLivelihoodSource: boolean;
  legalSupporter: LegalSupporter;
  parentalStatus: ParentalStatus;
}

export interface HouseholdSnapshot {
  members: MemberSnapshot[];
  /** Financial assets (deposits + securities), fen. */
  financialAssets: number;
  vehicles: number;
  otherProperties: number;
  /** R11 causes that apply (derived from the profile and/or recorded by the township). */
  causes: Cause[];
}

export type Outcome = 'PASS' | 'FAIL' | 'NOT_APPLICABLE';

/** One step of the decision: which rule, what it looked at, what it compared with, the result. */
export interface TraceStep {
  rule: string; // 'R2', 'R3', … 'R7'
  /** Member the step is about, when it is a per-person test (R3, R5). */
  member?: string;
  inputs: Record<string, number | string | boolean | string[] | null>;
  thresholds: Record<string, number | string | boolean | null>;
  outcome: Outcome;
  /** One sentence in Chinese for the family, one in English for the record. */
  explanationZh: string;
  explanationEn: string;
}

export interface EligibilityResult {
  asOf: string;
  /** R2 standard in force, fen per person per month. */
  allowanceStandard: number;
  /** I3: total monthly income ÷ members, rounded to the fen (comparisons use exact totals). */
  perCapitaMonthlyIncome: number;
  totalMonthlyIncome: number;
  memberCount: number;
  categories: Category[];
  /** R1/R7: at least one category applies. */
  qualifies: boolean;
  trace: TraceStep[];
}

export type AssessEligibility = (household: HouseholdSnapshot, policy: PolicySnapshot) => EligibilityResult;
