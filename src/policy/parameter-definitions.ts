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
  // donors module (issue 12: R18's matching platform)
  DONATION_HOUSEHOLD_SHARE_CAP: { unit: 'RATIO', rules: ['R18'], description: 'Largest share of one pledge one household may receive in a fair-allocation run. 公平分配中单户获得某项捐赠的最高比例。', min: 0.01, max: 1, integer: false } as ParameterDefinition,
  DONATION_AREA_MIN_HOUSEHOLDS: { unit: 'COUNT', rules: ['R18'], description: 'A community with fewer eligible households than this is shown to platforms as its township (k-anonymity). 社区困难家庭少于此数时对慈善平台只显示乡镇。', min: 2, max: 100, integer: true } as ParameterDefinition,
  DONATION_VISIT_SAMPLE_SIZE: { unit: 'COUNT', rules: ['R18', 'R20'], description: 'Confirmed donation receipts drawn each month for a home visit. 每月抽取回访的捐赠签收数。', min: 0, max: 1000, integer: true } as ParameterDefinition,
  DONATION_PSEUDONYM_DAYS: { unit: 'DAYS', rules: ['R18'], description: 'Days a need pseudonym shown to a platform stays valid (a new one each period). 需求化名有效期（天）。', min: 1, max: 90, integer: true } as ParameterDefinition,
  // supervision (issue 13: R22)
  CASE_DECISION_DAYS: { unit: 'DAYS', rules: ['R9', 'R22'], description: 'Days from application to the county decision within which a case counts as decided on time (a demo assumption; the county sets it). 认定申请按时办结时限（天，自申请至县级决定）。', min: 1, max: 365, integer: true } as ParameterDefinition,
  RANDOM_CHECK_SAMPLE_SIZE: { unit: 'COUNT', rules: ['R22'], description: 'Households drawn per township for a random or regular check. 每次抽查（定期检查）每个乡镇抽取的家庭户数。', min: 1, max: 200, integer: true } as ParameterDefinition,
  // monitoring (issue 11): temporary and disaster relief caps (R17), the medical-cost line of the warnings (R19)
  TEMPORARY_RELIEF_MAX: fen(['R17'], 'Most temporary relief per case for a sudden event, accident or serious illness. 临时救助每次最高金额（分）。', 10_000_000),
  DISASTER_RELIEF_MAX: fen(['R17'], 'Most disaster relief per case. 受灾救助每次最高金额（分）。', 10_000_000),
  LARGE_MEDICAL_COST_MIN: fen(['R13', 'R19'], 'Out-of-pocket hospital cost from which a report raises a warning. 住院自付费用预警线（分）。'),
  // lifecycle (issue 11: R19 re-checks and exit; demo values, the county sets them)
  RECHECK_MONTHS_EXTREME_POVERTY: { unit: 'MONTHS', rules: ['R19', 'R3'], description: 'Months between re-checks of a household in the extreme-poverty category. 特困家庭定期核查周期（月）。', min: 1, max: 24, integer: true } as ParameterDefinition,
  RECHECK_MONTHS_STABLE: { unit: 'MONTHS', rules: ['R19'], description: 'Months between re-checks of a stable household (no wage or business income, no member of working age able to work). 收入稳定家庭定期核查周期（月）。', min: 1, max: 24, integer: true } as ParameterDefinition,
  RECHECK_MONTHS_VARIABLE: { unit: 'MONTHS', rules: ['R19', 'R12'], description: 'Months between re-checks of a household with variable income or a member of working age able to work. 收入变动或有劳动年龄有劳动能力成员家庭定期核查周期（月）。', min: 1, max: 24, integer: true } as ParameterDefinition,
  RECHECK_DUE_WINDOW_DAYS: { unit: 'DAYS', rules: ['R19'], description: 'Days before its due day a re-check enters the township\'s queue. 定期核查提前列入待办天数。', min: 0, max: 90, integer: true } as ParameterDefinition,
  GRADUAL_EXIT_MONTHS: { unit: 'MONTHS', rules: ['R19', 'R17'], description: 'Months payments continue after the month an exit decision stops them (gradual exit; 0: none). 退出渐退期（月）。', min: 0, max: 12, integer: true } as ParameterDefinition,
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
