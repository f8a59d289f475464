/**
 * 一户一策: which items of the catalogue a confirmed household is entitled to, from its profile and
 * the policy in force. Pure: rows and a policy in, desired plan items (with amounts and the rule
 * that proposed each) out. The planner compares them with the plan on record.
 */
import { ageInWholeYears } from '../../policy/ages';
import { concentratedCareStandards, educationGrant, extremePovertySupport, housingAidApplies, monthlyAllowance, rentSubsidy } from '../../policy/benefits';
import { assessEligibility } from '../../policy/eligibility';
import { PolicySnapshot } from '../../policy/parameter-definitions';
import { householdSnapshot, memberFromRow } from '../../policy/snapshot';
import { ItemCode, ITEMS } from './measures.catalogue';
import type { Row } from '../../shared/row';


export interface DesiredItem {
  item: ItemCode;
  personId: string | null;
  proposedAmount: number | null;
  requiredDeliveries: number;
  basis: Record<string, unknown>;
}

export function entitlements(household: Row, members: Row[], policy: PolicySnapshot): DesiredItem[] {
  const v = policy.values;
  const out: DesiredItem[] = [];
  const required = (item: ItemCode) => {
    const key = (ITEMS[item] as { requiredParameter?: keyof typeof v }).requiredParameter;
    return key ? v[key] : 1;
  };
  const add = (item: ItemCode, personId: string | null, basis: Record<string, unknown>, proposedAmount: number | null = null) =>
    out.push({ item, personId, proposedAmount, requiredDeliveries: required(item), basis });

  const snapshots = members.map(memberFromRow);
  const anyoneEmployed = members.some((m) => ['EMPLOYED', 'SELF_EMPLOYED', 'FLEXIBLY_EMPLOYED'].includes(m.employment_status));
  members.forEach((m) => {
    const id = String(m.id);
    const age = ageInWholeYears(snapshots[members.indexOf(m)].birthDate, policy.asOf);
    const workingAge = age >= v.WORKING_AGE_MIN && age < v.RETIREMENT_AGE;
    // R12: able members of working age get job information at home and a free training.
    if (workingAge && m.work_capacity !== 'NONE') {
      const basis = { rule: 'R12', age, workCapacity: m.work_capacity, workingAge: [v.WORKING_AGE_MIN, v.RETIREMENT_AGE] };
      add('JOB_INFORMATION', id, basis);
      add('SKILLS_TRAINING', id, basis);
      if (['SELF_EMPLOYED', 'FLEXIBLY_EMPLOYED'].includes(m.employment_status)) add('SOCIAL_INSURANCE_SUBSIDY', id, { rule: 'R12', employmentStatus: m.employment_status });
      // The last resort: a public-welfare job when nobody in the household works.
      if (m.employment_status === 'UNEMPLOYED' && !anyoneEmployed) add('PUBLIC_WELFARE_JOB', id, { rule: 'R12', employmentStatus: m.employment_status, householdEmployed: false });
    }
    // R13
    if (m.illness !== 'NONE') add('MEDICAL_ASSISTANCE', id, { rule: 'R13', illness: m.illness });
    // R14
    if (m.schooling_stage === 'PRESCHOOL') {
      const g = educationGrant({ stage: 'PRESCHOOL' }, policy);
      add('PRESCHOOL_GRANT', id, { ...g.trace, split: g.split }, g.amount);
    } else if (m.schooling_stage === 'PRIMARY' || m.schooling_stage === 'JUNIOR_HIGH') {
      add('COMPULSORY_EDUCATION_SUPPORT', id, { rule: 'R14', stage: m.schooling_stage });
    } else if (m.schooling_stage === 'SENIOR_HIGH') {
      const g = educationGrant({ stage: 'SENIOR_HIGH' }, policy);
      add('SENIOR_HIGH_TUITION_WAIVER', id, { rule: 'R14', stage: m.schooling_stage });
      add('SENIOR_HIGH_GRANT', id, { ...g.trace, split: g.split }, g.amount);
    }
    // R16
    if (m.disability_category) {
      const grade = Number(m.disability_grade);
      if (age <= v.CHILD_REHABILITATION_MAX_AGE) add('CHILD_REHABILITATION', id, { rule: 'R16', age, maxAge: v.CHILD_REHABILITATION_MAX_AGE });
      add('ASSISTIVE_DEVICE', id, { rule: 'R16', category: m.disability_category });
      if (grade <= v.SEVERE_DISABILITY_MAX_GRADE) add('NURSING_SUBSIDY', id, { rule: 'R16', grade, severeUpTo: v.SEVERE_DISABILITY_MAX_GRADE });
    }
  });

  // R15: per-capita housing below the threshold.
  const housing = housingAidApplies({ housingArea: Number(household.housing_area), members: members.length }, policy);
  if (members.length > 0 && housing.applies) {
    const rent = rentSubsidy({ members: members.length, months: 1 }, policy);
    add('RENT_SUBSIDY', null, { ...rent.trace, housing: housing.trace }, rent.amount);
    add('PUBLIC_RENTAL_PRIORITY', null, { ...housing.trace });
  }

  // R17: by the categories the household was confirmed with.
  const categories: string[] = household.categories ?? [];
  if (categories.includes('MINIMUM_LIVING_ALLOWANCE')) {
    const a = monthlyAllowance({ members: snapshots }, policy);
    add('MINIMUM_LIVING_ALLOWANCE', null, { ...a.trace, base: a.base, supplements: a.supplements }, a.amount);
  }
  if (categories.includes('EXTREME_POVERTY')) {
    // The R3 members, as the engine finds them today.
    const result = assessEligibility(householdSnapshot(household, members, household.causes ?? []), policy);
    const care = concentratedCareStandards({}, policy);
    for (const step of result.trace.filter((s) => s.rule === 'R3' && s.outcome === 'PASS' && s.member)) {
      add('EXTREME_POVERTY_SUPPORT', step.member!.replace(/^Person:/, ''), { ...care.trace, r3: step.explanationEn }, extremePovertySupport(policy));
    }
  }
  if (categories.includes('EXPENDITURE_LOW_INCOME')) add('TEMPORARY_RELIEF', null, { rule: 'R17', category: 'EXPENDITURE_LOW_INCOME' });
  // R18: every confirmed household is paired.
  add('PAIRING_ASSISTANCE', null, { rule: 'R18' });
  return out;
}
