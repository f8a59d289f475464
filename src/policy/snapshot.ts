/**
 * Builds the eligibility engine's input from registry rows. R11 causes come from what the
 * township recorded plus what the profile shows (an ill, disabled or schooling member); a disaster
 * is known only when recorded.
 */
import { Cause, HouseholdSnapshot, MemberSnapshot } from './eligibility.types';
import { calendarDay } from '../graphql/scalars';
import type { Row } from '../shared/row';



export function memberFromRow(r: Row): MemberSnapshot {
  return {
    ref: `Person:${r.id}`,
    birthDate: calendarDay(r.birth_date),
    workCapacity: r.work_capacity,
    disabilityGrade: r.disability_category ? Number(r.disability_grade) : null,
    illness: r.illness,
    schoolingStage: r.schooling_stage,
    monthlyIncome: Number(r.income_wages) + Number(r.income_business) + Number(r.income_property) + Number(r.income_transfers) + Number(r.income_other),
    hasLivelihoodSource: r.has_livelihood_source,
    legalSupporter: r.legal_supporter,
    parentalStatus: r.parental_status,
  };
}

export function profileCauses(members: MemberSnapshot[]): Cause[] {
  const causes: Cause[] = [];
  if (members.some((m) => m.illness !== 'NONE')) causes.push('ILLNESS');
  if (members.some((m) => m.disabilityGrade != null)) causes.push('DISABILITY');
  if (members.some((m) => m.schoolingStage !== 'NONE')) causes.push('SCHOOLING');
  return causes;
}

export function householdSnapshot(household: Row, memberRows: Row[], recordedCauses: string[]): HouseholdSnapshot {
  const members = memberRows.map(memberFromRow);
  const causes = [...new Set<Cause>([...profileCauses(members), ...(recordedCauses as Cause[])])];
  return {
    members,
    financialAssets: Number(household.deposits_fen) + Number(household.securities_fen),
    vehicles: Number(household.vehicle_count),
    otherProperties: Number(household.other_property_count),
    causes,
  };
}
