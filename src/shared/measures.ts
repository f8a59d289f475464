/**
 * The seven measures (R12–R18) and the department that owns each (R21): vocabulary several
 * modules share (kernel: no GraphQL, no modules). The measures module plans and delivers them
 * (its items are in src/modules/measures/measures.catalogue.ts); the funds module sets money aside
 * per measure and lets a department read its own measures' allocations (R20). Kept here so funds
 * needs nothing of the measures module, which draws on funds for money deliveries: one direction.
 */
import type { DepartmentCode } from './principal';

export type MeasureCode = 'EMPLOYMENT' | 'MEDICAL_SECURITY' | 'EDUCATION_AID' | 'HOUSING_AID' | 'DISABILITY_SUPPORT' | 'SAFETY_NET' | 'PAIRING';

export const MEASURES: Record<MeasureCode, { rule: string; department: DepartmentCode; zh: string; en: string }> = {
  EMPLOYMENT: { rule: 'R12', department: 'HUMAN_RESOURCES_SOCIAL_SECURITY', zh: '就业帮扶', en: 'Employment' },
  MEDICAL_SECURITY: { rule: 'R13', department: 'MEDICAL_INSURANCE', zh: '医疗保障', en: 'Medical security' },
  EDUCATION_AID: { rule: 'R14', department: 'EDUCATION', zh: '教育资助', en: 'Education aid' },
  HOUSING_AID: { rule: 'R15', department: 'HOUSING', zh: '住房援助', en: 'Housing aid' },
  DISABILITY_SUPPORT: { rule: 'R16', department: 'DISABLED_PERSONS_FEDERATION', zh: '扶残助残', en: 'Disability support' },
  SAFETY_NET: { rule: 'R17', department: 'CIVIL_AFFAIRS', zh: '兜底保障', en: 'Safety net' },
  PAIRING: { rule: 'R18', department: 'CIVILIZATION_OFFICE', zh: '结对帮扶', en: 'Pairing assistance' },
};

export const MEASURE_CODES = Object.keys(MEASURES) as MeasureCode[];

export function isMeasureCode(value: string): value is MeasureCode {
  return Object.prototype.hasOwnProperty.call(MEASURES, value);
}

/** R21: the measures a department owns (none for a department that owns none). */
export function measuresOwnedBy(department: DepartmentCode): MeasureCode[] {
  return MEASURE_CODES.filter((m) => MEASURES[m].department === department);
}
