/**
 * Every policy number of DOMAIN.md as a named, typed parameter. Values live in the
 * `policy_parameter` table with an effective date (versioned data); this file only says what each
 * key means, its unit and its sane bounds. No policy number appears as a literal anywhere else.
 */
export type ParameterUnit = 'FEN' | 'RATIO' | 'DAYS' | 'YEARS' | 'SQUARE_METRES' | 'COUNT' | 'MONTHS';

export interface ParameterDefinition {
  unit: ParameterUnit;
  /** Rule ids of DOMAIN.md this parameter serves. */
  rules: string[];
  description: string;
  min: number;
  max: number;
  /** Integer-valued (money in fen, days, ages, counts). */
  integer: boolean;
}

const fen = (rules: string[], description: string, max = 100_000_000): ParameterDefinition => ({ unit: 'FEN', rules, description, min: 0, max, integer: true });
const ratio = (rules: string[], description: string, max = 10): ParameterDefinition => ({ unit: 'RATIO', rules, description, min: 0, max, integer: false });
const years = (rules: string[], description: string): ParameterDefinition => ({ unit: 'YEARS', rules, description, min: 0, max: 120, integer: true });
const count = (rules: string[], description: string, max = 1000): ParameterDefinition => ({ unit: 'COUNT', rules, description, min: 0, max, integer: true });

export const PARAMETERS = {
  MINIMUM_WAGE_MONTHLY: fen(['R2'], 'County minimum monthly wage (set by the province per county tier). 县最低月工资标准（分）。'),
  ALLOWANCE_STANDARD_RATIO: ratio(['R2', 'R4'], 'Minimum-living standard as a share of the minimum wage. 低保标准占最低工资比例。', 1),
  EXPENDITURE_INCOME_MULTIPLIER: ratio(['R6'], 'Expenditure-type line as a multiple of the standard (inclusive). 支出型贫困收入线倍数（含）。'),
  ASSET_FINANCIAL_MONTHS_PER_CAPITA: { unit: 'MONTHS', rules: ['R4'], description: 'Financial assets allowed: this many months of the standard per member. 家庭金融资产上限（人均低保标准月数）。', min: 0, max: 240, integer: true } as ParameterDefinition,
  ASSET_MAX_VEHICLES: count(['R4'], 'Motor vehicles a minimum-allowance household may own. 低保家庭可拥有机动车数量上限。'),
  ASSET_MAX_OTHER_PROPERTIES: count(['R4'], 'Properties besides the home a minimum-allowance household may own. 低保家庭自住房以外房产上限。'),
  NOTICE_MIN_DAYS: { unit: 'DAYS', rules: ['R10', 'I4'], description: 'Minimum length of a public notice in days. 公示最短天数。', min: 1, max: 90, integer: true } as ParameterDefinition,
  ELDERLY_AGE: years(['R3', 'R17', 'I2'], 'Age from which a person is elderly. 老年人年龄起点。'),
  MINOR_AGE: years(['R5', 'R17', 'I2'], 'Age below which a person is a minor. 未成年人年龄上限（不含）。'),
  EXTREME_POVERTY_MINOR_AGE: years(['R3', 'I2'], 'R3 minors are under this age. 特困人员未成年人年龄上限（不含）。'),
  WORKING_AGE_MIN: years(['R12', 'I2'], 'Working age starts at this age. 劳动年龄起点。'),
  RETIREMENT_AGE: years(['R12', 'I2'], 'Statutory retirement age (working age ends before it). 法定退休年龄。'),
  SUPPLEMENT_ELDERLY: fen(['R17', 'I3'], 'Monthly supplement per elderly member of an allowance household. 低保老年人每月增发。', 100_000),
  SUPPLEMENT_MINOR: fen(['R17', 'I3'], 'Monthly supplement per minor. 低保未成年人每月增发。', 100_000),
  SUPPLEMENT_SEVERELY_DISABLED: fen(['R17', 'I3'], 'Monthly supplement per severely disabled member (grade 1–2). 低保重度残疾人每月增发。', 100_000),
  SUPPLEMENT_SERIOUSLY_ILL: fen(['R17', 'I3'], 'Monthly supplement per seriously ill member. 低保重病患者每月增发。', 100_000),
  SEVERE_DISABILITY_MAX_GRADE: { unit: 'COUNT', rules: ['R17', 'I3'], description: 'Grades up to this one are severe. 重度残疾最低等级（含）。', min: 1, max: 4, integer: true } as ParameterDefinition,
  SOCIAL_INSURANCE_SUBSIDY_RATIO: ratio(['R12'], 'Subsidy share of social-insurance contributions paid. 社保补贴比例。', 1),
  JOB_INFO_DELIVERIES_MIN: count(['R12'], 'Job-information deliveries at home per able member. 送岗位信息上门最少次数。'),
  FREE_TRAININGS_MIN: count(['R12'], 'Free trainings per member who wants one. 免费培训最少次数。'),
  PRESCHOOL_GRANT_FIRST_TIER: fen(['R14'], 'Preschool grant per child per year, first tier. 学前一档助学金（每生每年）。'),
  PRESCHOOL_GRANT_SECOND_TIER: fen(['R14'], 'Preschool grant claimed at second tier. 学前二档助学金。'),
  SENIOR_HIGH_GRANT_FIRST_TIER: fen(['R14'], 'Senior-high national grant per year, first tier. 高中一档国家助学金。'),
  SENIOR_HIGH_GRANT_SECOND_TIER: fen(['R14'], 'Senior-high grant claimed at second tier. 高中二档国家助学金。'),
  HOUSING_AREA_THRESHOLD: { unit: 'SQUARE_METRES', rules: ['R15'], description: 'Per-capita housing area below which housing aid applies. 人均住房面积标准（平方米，低于）。', min: 0, max: 200, integer: false } as ParameterDefinition,
  RENT_SUBSIDY_PER_PERSON_MONTH: fen(['R15'], 'Rent subsidy per person per month. 廉租住房租赁补贴（每人每月）。', 1_000_000),
  CHILD_REHABILITATION_MAX_AGE: years(['R16'], 'Disabled children up to this age (inclusive) get rehabilitation. 残疾儿童康复年龄上限（含）。'),
  SEMI_CARE_RATIO: ratio(['R17'], 'Concentrated semi-care standard, multiple of the dispersed standard (minimum). 半护理集中供养标准倍数。'),
  FULL_CARE_RATIO: ratio(['R17'], 'Concentrated full-care standard, multiple of the dispersed standard (minimum). 全护理集中供养标准倍数。'),
  EXTREME_POVERTY_SUPPORT_RATIO: ratio(['R17'], 'Dispersed extreme-poverty support standard as a multiple of the allowance standard. 分散供养特困人员基本生活标准（低保标准倍数）。'),
  CIVILIZED_UNIT_QUOTA_NATIONAL: count(['R18'], 'Households a national-level civilized unit pairs with. 全国文明单位结对户数。'),
  CIVILIZED_UNIT_QUOTA_PROVINCIAL: count(['R18'], 'Households a provincial-level civilized unit pairs with. 省级文明单位结对户数。'),
  CIVILIZED_UNIT_QUOTA_CITY: count(['R18'], 'Households a city-level civilized unit pairs with. 市级文明单位结对户数。'),
  CIVILIZED_UNIT_QUOTA_COUNTY: count(['R18'], 'Households a county-level civilized unit pairs with. 县级文明单位结对户数。'),
  MEASURE_DUE_DAYS: { unit: 'DAYS', rules: ['R12', 'R19'], description: 'Days after a plan item is accepted by which its required deliveries are due. 帮扶事项落实期限（天）。', min: 1, max: 730, integer: true } as ParameterDefinition,
} satisfies Record<string, ParameterDefinition>;

export type ParameterKey = keyof typeof PARAMETERS;
export const PARAMETER_KEYS = Object.keys(PARAMETERS) as ParameterKey[];

/** The values in force on one day: every key present. */
export type PolicyValues = Record<ParameterKey, number>;

/** Parameters as of a date, with where each value came from (for traces). */
export interface PolicySnapshot {
  asOf: string;
  values: PolicyValues;
  /** Effective date of each value in force. */
  effectiveFrom: Record<ParameterKey, string>;
}
