/**
 * The concrete items of the seven measures of R12–R18 (the measures and their owning departments,
 * R21, are shared vocabulary: src/shared/measures.ts).
 * Structure only: every amount and count comes from the policy parameters (`amountParameter`,
 * `requiredParameter`) or from a calculator in src/policy/benefits.ts.
 */
import { DepartmentCode } from '../../shared/principal';
import { MeasureCode, MEASURES } from '../../shared/measures';
import { ParameterKey } from '../../policy/parameter-definitions';

/** How often an item is given: once, every month, or every school year. */
export type Period = 'ONE_TIME' | 'MONTHLY' | 'YEARLY';

export interface ItemDefinition {
  measure: MeasureCode;
  zh: string;
  en: string;
  /** Item is for one member (true) or for the household. */
  perPerson: boolean;
  period: Period;
  /** Money item: paid in fen (its amount from a calculator or set by the department). */
  money: boolean;
  /** Compliance: deliveries required, from this parameter (default one delivery). */
  requiredParameter?: ParameterKey;
}

export const ITEMS = {
  JOB_INFORMATION: { measure: 'EMPLOYMENT', zh: '岗位信息送上门', en: 'Job information delivered at home', perPerson: true, period: 'ONE_TIME', money: false, requiredParameter: 'JOB_INFO_DELIVERIES_MIN' },
  SKILLS_TRAINING: { measure: 'EMPLOYMENT', zh: '免费技能或创业培训', en: 'Free skills or entrepreneurship training', perPerson: true, period: 'ONE_TIME', money: false, requiredParameter: 'FREE_TRAININGS_MIN' },
  SOCIAL_INSURANCE_SUBSIDY: { measure: 'EMPLOYMENT', zh: '灵活就业社保补贴', en: 'Social-insurance subsidy', perPerson: true, period: 'YEARLY', money: true },
  PUBLIC_WELFARE_JOB: { measure: 'EMPLOYMENT', zh: '公益性岗位托底安置', en: 'Public-welfare job', perPerson: true, period: 'ONE_TIME', money: false },
  MEDICAL_ASSISTANCE: { measure: 'MEDICAL_SECURITY', zh: '医疗救助及"第三次精准补助"', en: 'Medical assistance and precision subsidy', perPerson: true, period: 'YEARLY', money: true },
  PRESCHOOL_GRANT: { measure: 'EDUCATION_AID', zh: '学前教育一档助学金', en: 'Preschool grant (first tier)', perPerson: true, period: 'YEARLY', money: true },
  COMPULSORY_EDUCATION_SUPPORT: { measure: 'EDUCATION_AID', zh: '义务教育非货币资助与跟踪', en: 'Compulsory-education support and follow-up', perPerson: true, period: 'YEARLY', money: false },
  SENIOR_HIGH_TUITION_WAIVER: { measure: 'EDUCATION_AID', zh: '普通高中免学费', en: 'Senior-high tuition waiver', perPerson: true, period: 'YEARLY', money: false },
  SENIOR_HIGH_GRANT: { measure: 'EDUCATION_AID', zh: '高中一档国家助学金', en: 'Senior-high national grant (first tier)', perPerson: true, period: 'YEARLY', money: true },
  RENT_SUBSIDY: { measure: 'HOUSING_AID', zh: '廉租住房租赁补贴', en: 'Rent subsidy', perPerson: false, period: 'MONTHLY', money: true },
  PUBLIC_RENTAL_PRIORITY: { measure: 'HOUSING_AID', zh: '公共租赁住房优先配租', en: 'Public-rental priority', perPerson: false, period: 'ONE_TIME', money: false },
  CHILD_REHABILITATION: { measure: 'DISABILITY_SUPPORT', zh: '残疾儿童康复救助', en: 'Rehabilitation for a disabled child', perPerson: true, period: 'YEARLY', money: false },
  ASSISTIVE_DEVICE: { measure: 'DISABILITY_SUPPORT', zh: '辅助器具适配', en: 'Assistive device fitting', perPerson: true, period: 'ONE_TIME', money: false },
  NURSING_SUBSIDY: { measure: 'DISABILITY_SUPPORT', zh: '重度残疾人护理补贴', en: 'Nursing subsidy for the severely disabled', perPerson: true, period: 'MONTHLY', money: true },
  MINIMUM_LIVING_ALLOWANCE: { measure: 'SAFETY_NET', zh: '城市低保金（含特殊群体增发）', en: 'Minimum living allowance with supplements', perPerson: false, period: 'MONTHLY', money: true },
  EXTREME_POVERTY_SUPPORT: { measure: 'SAFETY_NET', zh: '特困人员救助供养', en: 'Extreme-poverty support', perPerson: true, period: 'MONTHLY', money: true },
  TEMPORARY_RELIEF: { measure: 'SAFETY_NET', zh: '临时救助', en: 'Temporary relief', perPerson: false, period: 'ONE_TIME', money: true },
  PAIRING_ASSISTANCE: { measure: 'PAIRING', zh: '结对帮扶', en: 'Pairing assistance', perPerson: false, period: 'ONE_TIME', money: false },
} satisfies Record<string, ItemDefinition>;

export type ItemCode = keyof typeof ITEMS;
export const ITEM_CODES = Object.keys(ITEMS) as ItemCode[];

export function departmentOf(item: ItemCode): DepartmentCode {
  return MEASURES[(ITEMS[item] as ItemDefinition).measure].department;
}
