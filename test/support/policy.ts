/**
 * The policy fixture of the pure rule tests: every parameter at the values of the demo county
 * (standard 1380 × 0.42 = 579.60 yuan), as of 2026-11-28, and a plain working-age member.
 */
import { MemberSnapshot } from '../../src/policy/eligibility.types';
import { PARAMETER_KEYS, ParameterKey, PolicySnapshot, PolicyValues } from '../../src/policy/parameter-definitions';

export const AS_OF = '2026-11-28';

export const VALUES: PolicyValues = {
  MINIMUM_WAGE_MONTHLY: 138000,
  ALLOWANCE_STANDARD_RATIO: 0.42,
  EXPENDITURE_INCOME_MULTIPLIER: 1.5,
  ASSET_FINANCIAL_MONTHS_PER_CAPITA: 24,
  ASSET_MAX_VEHICLES: 0,
  ASSET_MAX_OTHER_PROPERTIES: 0,
  NOTICE_MIN_DAYS: 5,
  ELDERLY_AGE: 60,
  MINOR_AGE: 18,
  EXTREME_POVERTY_MINOR_AGE: 16,
  WORKING_AGE_MIN: 16,
  RETIREMENT_AGE: 60,
  SUPPLEMENT_ELDERLY: 2000,
  SUPPLEMENT_MINOR: 2000,
  SUPPLEMENT_SEVERELY_DISABLED: 3000,
  SUPPLEMENT_SERIOUSLY_ILL: 3000,
  SEVERE_DISABILITY_MAX_GRADE: 2,
  SOCIAL_INSURANCE_SUBSIDY_RATIO: 0.3,
  JOB_INFO_DELIVERIES_MIN: 2,
  FREE_TRAININGS_MIN: 1,
  PRESCHOOL_GRANT_FIRST_TIER: 200000,
  PRESCHOOL_GRANT_SECOND_TIER: 100000,
  SENIOR_HIGH_GRANT_FIRST_TIER: 300000,
  SENIOR_HIGH_GRANT_SECOND_TIER: 170000,
  HOUSING_AREA_THRESHOLD: 13,
  RENT_SUBSIDY_PER_PERSON_MONTH: 3900,
  CHILD_REHABILITATION_MAX_AGE: 14,
  SEMI_CARE_RATIO: 1.3,
  FULL_CARE_RATIO: 1.4,
  EXTREME_POVERTY_SUPPORT_RATIO: 1.3,
  MEASURE_DUE_DAYS: 90,
  // lifecycle (issue 11)
  RECHECK_MONTHS_EXTREME_POVERTY: 12,
  RECHECK_MONTHS_STABLE: 12,
  RECHECK_MONTHS_VARIABLE: 6,
  RECHECK_DUE_WINDOW_DAYS: 30,
  GRADUAL_EXIT_MONTHS: 0,
  CIVILIZED_UNIT_QUOTA_NATIONAL: 5,
  CIVILIZED_UNIT_QUOTA_PROVINCIAL: 4,
  CIVILIZED_UNIT_QUOTA_CITY: 3,
  CIVILIZED_UNIT_QUOTA_COUNTY: 2,
  // donors module (issue 12)
  DONATION_HOUSEHOLD_SHARE_CAP: 0.25,
  DONATION_AREA_MIN_HOUSEHOLDS: 5,
  DONATION_VISIT_SAMPLE_SIZE: 5,
  DONATION_PSEUDONYM_DAYS: 30,
  // supervision (issue 13)
  CASE_DECISION_DAYS: 60,
  RANDOM_CHECK_SAMPLE_SIZE: 5,
  // monitoring (issue 11)
  TEMPORARY_RELIEF_MAX: 300000,
  DISASTER_RELIEF_MAX: 1000000,
  LARGE_MEDICAL_COST_MIN: 1000000,
};

export function policy(overrides: Partial<PolicyValues> = {}, asOf = AS_OF): PolicySnapshot {
  const effectiveFrom = Object.fromEntries(PARAMETER_KEYS.map((k) => [k, '2019-07-01'])) as Record<ParameterKey, string>;
  effectiveFrom.MINIMUM_WAGE_MONTHLY = '2025-01-01';
  return { asOf, values: { ...VALUES, ...overrides }, effectiveFrom };
}

/** A working-age adult (40 on AS_OF) in no special group, meeting nothing on their own. */
export function member(overrides: Partial<MemberSnapshot> = {}, ref = 'member 1'): MemberSnapshot {
  return {
    ref,
    birthDate: '1986-05-10',
    workCapacity: 'FULL',
    disabilityGrade: null,
    illness: 'NONE',
    schoolingStage: 'NONE',
    monthlyIncome: 0,
    hasLivelihoodSource: true,
    legalSupporter: 'ABLE',
    parentalStatus: 'PRESENT',
    ...overrides,
  };
}
