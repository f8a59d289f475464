/**
 * Benefit calculators: the money side of the measures R12, R14, R15 and R17 of DOMAIN.md, with
 * the readings I3 (monthly allowance) and I5 (integer fen).
 *
 * Every calculator is a PURE function `(inputs, policy) => { amount, …, trace }`: no I/O, no clock
 * (a date, where one is needed, is `policy.asOf`), and no policy number as a literal — every
 * amount, ratio, age and grade comes from `policy.values`.
 *
 * Money is integer fen (I5). Arithmetic is exact: integers are carried as BigInt, and a ratio is
 * scaled to millionths (`Math.round(ratio × 10^6)`, exact up to six decimal places, which covers
 * every value the county sets) — the same fixed-point scheme as the eligibility engine.
 *
 * Rounding: wherever a ratio produces a fraction of a fen, the result is rounded HALF UP to the
 * fen, computed exactly on integers (`(a × 2 + b) ÷ (2 × b)`): 137036.5 → 137037,
 * 137036.4999… → 137036. Every amount here is non-negative, so "half up" and "half away from
 * zero" coincide. Each rounding step is named in the calculator's `formula`. Chained standards
 * (dispersed → semi-care → full-care) round at each step, as published standards are whole fen.
 *
 * Inputs are validated: a non-integer or negative amount/count, a missing or non-numeric parameter
 * → RangeError. No calculator ever returns a fractional or unsafe-integer amount.
 */
import { ageInWholeYears, parseCalendarDate } from './ages';
import { formatYuan } from './eligibility';
import { MemberSnapshot } from './eligibility.types';
import { ParameterKey, PolicySnapshot } from './parameter-definitions';

// ---------------------------------------------------------------------------------------------
// Public types

/** How an amount was reached: the rule, the formula, what went in, and a sentence in each language. */
export interface BenefitTrace {
  /** Rule id of DOMAIN.md: 'R12', 'R14', 'R15', 'R17'. */
  rule: string;
  /** The formula applied, with its rounding steps, in parameter names. */
  formula: string;
  inputs: Record<string, number | string | boolean | null>;
  /**
   * Policy parameters used, by key (`MINIMUM_WAGE_MONTHLY: 138000`), each with its effective date
   * when known (`'MINIMUM_WAGE_MONTHLY.effectiveFrom': '2025-01-01'`), plus derived standards
   * (e.g. `allowanceStandard`).
   */
  parameters: Record<string, number | string>;
  explanationZh: string;
  explanationEn: string;
}

/** Every calculator returns at least this. `amount` is integer fen. */
export interface BenefitResult {
  amount: number;
  trace: BenefitTrace;
}

export type BenefitCalculator<I, R extends BenefitResult = BenefitResult> = (inputs: I, policy: PolicySnapshot) => R;

/** R17 special groups, in the order supplements are listed. */
export type SupplementGroup = 'ELDERLY' | 'MINOR' | 'SEVERELY_DISABLED' | 'SERIOUSLY_ILL';
export const SUPPLEMENT_GROUPS: readonly SupplementGroup[] = ['ELDERLY', 'MINOR', 'SEVERELY_DISABLED', 'SERIOUSLY_ILL'];

export interface SupplementLine {
  /** `MemberSnapshot.ref`. */
  member: string;
  group: SupplementGroup;
  /** Fen per month. */
  amount: number;
}

export interface MonthlyAllowanceInput {
  members: MemberSnapshot[];
}

export interface MonthlyAllowanceResult extends BenefitResult {
  /** base + Σ supplements, fen per month. */
  amount: number;
  /** max(0, standard × members − total income), fen per month (I3 补差). */
  base: number;
  supplements: SupplementLine[];
  /** The R2 standard used, fen per person per month. */
  standard: number;
}

export interface RentSubsidyInput {
  members: number;
  months: number;
}

export interface HousingAidInput {
  /** Total housing area of the household, m² (may have decimals). */
  housingArea: number;
  members: number;
}

export interface HousingAidResult {
  applies: boolean;
  trace: BenefitTrace;
}

export type GrantStage = 'PRESCHOOL' | 'SENIOR_HIGH';

export interface EducationGrantInput {
  stage: GrantStage;
}

export interface EducationGrantResult extends BenefitResult {
  /** First-tier grant per child per year, fen: what the child receives. */
  amount: number;
  split: {
    /** What the school claims from the grant programme (second tier), fen. */
    claimedSecondTier: number;
    /** first − second: paid by the school from the 3–5% of fee income it sets aside, fen. */
    fromSchoolFund: number;
  };
}

export interface SocialInsuranceSubsidyInput {
  /** Social-insurance contributions actually paid, fen. */
  contributionsPaid: number;
}

/** concentratedCareStandards takes no inputs: pass `{}`. */
export type ConcentratedCareInput = Record<string, never>;

export interface ConcentratedCareResult extends BenefitResult {
  /** = dispersed. */
  amount: number;
  /** Dispersed extreme-poverty support standard, fen per person per month. */
  dispersed: number;
  /** Minimum concentrated semi-care standard, fen per person per month. */
  semiCare: number;
  /** Minimum concentrated full-care standard, fen per person per month. */
  fullCare: number;
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic (not policy numbers: the fixed-point scale), identical to eligibility.ts.

/** Fixed-point scale for ratios: millionths. */
const RATIO_SCALE = 1_000_000n;

/** A non-negative finite number as an exact integer number of millionths. */
function scaleRatio(ratio: number, what: string): bigint {
  if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`${what} must be a non-negative number, got ${ratio}`);
  return BigInt(Math.round(ratio * Number(RATIO_SCALE)));
}

/** A BigInt from a safe integer (money in fen, counts, ages). */
function int(value: number, what: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
  return BigInt(value);
}

function nonNegativeInt(value: number, what: string): bigint {
  const v = int(value, what);
  if (v < 0n) throw new RangeError(`${what} must not be negative, got ${value}`);
  return v;
}

/** Round-half-up division of a by positive b. */
function divRound(a: bigint, b: bigint): bigint {
  if (a < 0n) return -divRound(-a, b);
  return (a * 2n + b) / (2n * b);
}

/** round(ratio × amount) to the fen, half up, exactly. */
function applyRatio(amount: bigint, ratioMillionths: bigint): bigint {
  return divRound(amount * ratioMillionths, RATIO_SCALE);
}

/** BigInt fen → number, refusing anything outside the safe-integer range. */
function toFen(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is out of range: ${value}`);
  return n;
}

/** Ratio → percent text without float noise: 0.42 → "42", 0.425 → "42.5". */
function formatPercent(ratio: number): string {
  return String(Number(scaleRatio(ratio, 'ratio')) / 10_000);
}

/** Ratio → multiple text: 1.3 → "1.3". */
function formatMultiple(ratio: number): string {
  return String(Number(scaleRatio(ratio, 'ratio')) / Number(RATIO_SCALE));
}

/** Millionths → decimal text with up to six decimals, exact: 38990000n → "38.99". */
function formatScaled(scaled: bigint): string {
  const sign = scaled < 0n ? '-' : '';
  const abs = scaled < 0n ? -scaled : scaled;
  const whole = abs / RATIO_SCALE;
  const frac = (abs % RATIO_SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Policy access

function policyValue(policy: PolicySnapshot, key: ParameterKey): number {
  const v = policy.values?.[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`Policy parameter ${key} is missing or not a number`);
  return v;
}

/** The trace's `parameters`: each key's value and, when known, its effective date. */
function parametersOf(policy: PolicySnapshot, keys: ParameterKey[], derived: Record<string, number | string> = {}): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const key of keys) {
    out[key] = policyValue(policy, key);
    const from = policy.effectiveFrom?.[key];
    if (typeof from === 'string') out[`${key}.effectiveFrom`] = from;
  }
  return { ...out, ...derived };
}

// ---------------------------------------------------------------------------------------------
// R2: the minimum-living standard

const STANDARD_KEYS: ParameterKey[] = ['MINIMUM_WAGE_MONTHLY', 'ALLOWANCE_STANDARD_RATIO'];

/**
 * R2 minimum-living standard (低保标准), fen per person per month:
 * round(MINIMUM_WAGE_MONTHLY × ALLOWANCE_STANDARD_RATIO), half up, exactly — the same computation
 * as the eligibility engine (eligibility.ts does not export its own, so it is repeated here;
 * a test pins the two to the same figure).
 */
export function allowanceStandard(policy: PolicySnapshot): number {
  const minimumWage = nonNegativeInt(policyValue(policy, 'MINIMUM_WAGE_MONTHLY'), 'MINIMUM_WAGE_MONTHLY');
  const ratio = scaleRatio(policyValue(policy, 'ALLOWANCE_STANDARD_RATIO'), 'ALLOWANCE_STANDARD_RATIO');
  return toFen(applyRatio(minimumWage, ratio), 'allowance standard');
}

function standardTextZh(policy: PolicySnapshot, standard: number): string {
  return `低保标准 = 最低月工资${formatYuan(policyValue(policy, 'MINIMUM_WAGE_MONTHLY'))}元 × ${formatPercent(policyValue(policy, 'ALLOWANCE_STANDARD_RATIO'))}% = 每人每月${formatYuan(standard)}元`;
}

function standardTextEn(policy: PolicySnapshot, standard: number): string {
  return `standard = minimum monthly wage ${formatYuan(policyValue(policy, 'MINIMUM_WAGE_MONTHLY'))} yuan × ${formatPercent(policyValue(policy, 'ALLOWANCE_STANDARD_RATIO'))}% = ${formatYuan(standard)} yuan per person per month`;
}

// ---------------------------------------------------------------------------------------------
// R17 / I3: the monthly allowance

const GROUP_PARAMETER: Record<SupplementGroup, ParameterKey> = {
  ELDERLY: 'SUPPLEMENT_ELDERLY',
  MINOR: 'SUPPLEMENT_MINOR',
  SEVERELY_DISABLED: 'SUPPLEMENT_SEVERELY_DISABLED',
  SERIOUSLY_ILL: 'SUPPLEMENT_SERIOUSLY_ILL',
};

/**
 * R17 with I3: the monthly allowance (低保金) of a household, fen per month.
 *
 *   standard = round(MINIMUM_WAGE_MONTHLY × ALLOWANCE_STANDARD_RATIO)            (R2, half up)
 *   base     = max(0, standard × n − total monthly income)                        (I3 补差)
 *   amount   = base + Σ supplements
 *
 * `base` equals max(0, standard − per-capita income) × n exactly: it is computed on the household
 * total, so no per-capita rounding enters the money.
 *
 * Supplements (R17: elderly, minors, severely disabled and seriously ill within allowance
 * households), one line per member per group, ages in whole years on `policy.asOf`:
 *   ELDERLY            age ≥ ELDERLY_AGE                       → SUPPLEMENT_ELDERLY
 *   MINOR              age < MINOR_AGE                         → SUPPLEMENT_MINOR
 *   SEVERELY_DISABLED  disabilityGrade ≤ SEVERE_DISABILITY_MAX_GRADE (grade present) → SUPPLEMENT_SEVERELY_DISABLED
 *   SERIOUSLY_ILL      illness === 'SERIOUS'                   → SUPPLEMENT_SERIOUSLY_ILL
 * Reading: a member in several groups gets EACH group's supplement (the text sets an amount per
 * group and does not say the groups exclude each other): a seriously ill child gets minor +
 * seriously-ill.
 *
 * Base 0: when the household's income is at or above standard × n, `base` is 0 but the
 * supplements are still listed and counted in `amount`. R17 pays supplements only "within
 * allowance households", so this function does not decide entitlement: the CALLER proposes the
 * allowance only for households recognised as MINIMUM_LIVING_ALLOWANCE (R4); the trace says so.
 *
 * Member incomes must be non-negative integers (fen); a negative income would inflate the
 * allowance, so it is refused (RangeError). A household with no members gets amount 0.
 */
export const monthlyAllowance: BenefitCalculator<MonthlyAllowanceInput, MonthlyAllowanceResult> = (inputs, policy) => {
  parseCalendarDate(policy.asOf); // validates the date (throws RangeError)
  const members = inputs.members ?? [];
  const standard = allowanceStandard(policy);
  const elderlyAge = policyValue(policy, 'ELDERLY_AGE');
  const minorAge = policyValue(policy, 'MINOR_AGE');
  const severeMaxGrade = policyValue(policy, 'SEVERE_DISABILITY_MAX_GRADE');
  const groupAmount: Record<SupplementGroup, bigint> = {
    ELDERLY: nonNegativeInt(policyValue(policy, 'SUPPLEMENT_ELDERLY'), 'SUPPLEMENT_ELDERLY'),
    MINOR: nonNegativeInt(policyValue(policy, 'SUPPLEMENT_MINOR'), 'SUPPLEMENT_MINOR'),
    SEVERELY_DISABLED: nonNegativeInt(policyValue(policy, 'SUPPLEMENT_SEVERELY_DISABLED'), 'SUPPLEMENT_SEVERELY_DISABLED'),
    SERIOUSLY_ILL: nonNegativeInt(policyValue(policy, 'SUPPLEMENT_SERIOUSLY_ILL'), 'SUPPLEMENT_SERIOUSLY_ILL'),
  };

  const n = BigInt(members.length);
  const total = members.reduce((sum, m) => sum + nonNegativeInt(m.monthlyIncome, `monthlyIncome of ${m.ref}`), 0n);
  const line = BigInt(standard) * n;
  const base = line > total ? line - total : 0n;

  const supplements: SupplementLine[] = [];
  const memberZh: string[] = [];
  const memberEn: string[] = [];
  const ages: string[] = [];
  for (const m of members) {
    const age = ageInWholeYears(m.birthDate, policy.asOf);
    ages.push(`${m.ref}: ${age}`);
    const inGroup: Record<SupplementGroup, boolean> = {
      ELDERLY: age >= elderlyAge,
      MINOR: age < minorAge,
      SEVERELY_DISABLED: m.disabilityGrade !== null && m.disabilityGrade !== undefined && m.disabilityGrade <= severeMaxGrade,
      SERIOUSLY_ILL: m.illness === 'SERIOUS',
    };
    const zh: string[] = [];
    const en: string[] = [];
    for (const group of SUPPLEMENT_GROUPS) {
      if (!inGroup[group]) continue;
      const amount = toFen(groupAmount[group], GROUP_PARAMETER[group]);
      supplements.push({ member: m.ref, group, amount });
      const grade = m.disabilityGrade;
      const labelZh = {
        ELDERLY: `${elderlyAge}周岁及以上老年人`,
        MINOR: `未满${minorAge}周岁的未成年人`,
        SEVERELY_DISABLED: `重度残疾人（${grade}级）`,
        SERIOUSLY_ILL: '重病患者',
      }[group];
      const labelEn = {
        ELDERLY: `elderly (${elderlyAge} or over)`,
        MINOR: `minor (under ${minorAge})`,
        SEVERELY_DISABLED: `severely disabled (grade ${grade})`,
        SERIOUSLY_ILL: 'seriously ill',
      }[group];
      zh.push(`${labelZh}${formatYuan(amount)}元`);
      en.push(`${labelEn} ${formatYuan(amount)} yuan`);
    }
    if (zh.length > 0) {
      memberZh.push(`成员${m.ref}（${age}周岁）：${zh.join('、')}`);
      memberEn.push(`member ${m.ref} (age ${age}): ${en.join(', ')}`);
    }
  }
  const supplementTotal = supplements.reduce((s, x) => s + BigInt(x.amount), 0n);
  const amount = toFen(base + supplementTotal, 'monthly allowance');
  const baseFen = toFen(base, 'allowance base');

  const count = members.length;
  let baseZh: string;
  let baseEn: string;
  if (count === 0) {
    baseZh = '家庭成员人数为0，差额补助为0';
    baseEn = 'The household has no members, so the base allowance is 0';
  } else if (base > 0n) {
    baseZh = `低保标准每人每月${formatYuan(standard)}元 × ${count}人 = ${formatYuan(Number(line))}元，减去家庭月总收入${formatYuan(Number(total))}元，差额补助${formatYuan(baseFen)}元`;
    baseEn = `Standard ${formatYuan(standard)} yuan × ${count} members = ${formatYuan(Number(line))} yuan, minus household monthly income ${formatYuan(Number(total))} yuan: base allowance ${formatYuan(baseFen)} yuan`;
  } else {
    baseZh = `家庭月总收入${formatYuan(Number(total))}元不低于低保标准${formatYuan(standard)}元 × ${count}人 = ${formatYuan(Number(line))}元，按收入计算的差额补助为0`;
    baseEn = `Household monthly income ${formatYuan(Number(total))} yuan is not below standard ${formatYuan(standard)} yuan × ${count} members = ${formatYuan(Number(line))} yuan, so the base allowance is 0`;
  }
  const suppZh = supplements.length > 0
    ? `；特殊群体增发：${memberZh.join('；')}，增发合计${formatYuan(Number(supplementTotal))}元`
    : '；没有老年人、未成年人、重度残疾人或重病患者增发';
  const suppEn = supplements.length > 0
    ? `; special-group supplements: ${memberEn.join('; ')}, ${formatYuan(Number(supplementTotal))} yuan in all`
    : '; no elderly, minor, severely disabled or seriously ill supplement applies';
  const noteZh = '（增发只在低保家庭中发放：仅对认定为城市低保对象的家庭按此发放。）';
  const noteEn = ' (Supplements are paid only within allowance households: this is paid only to a household recognised as a minimum-living-allowance recipient, R4.)';

  return {
    amount,
    base: baseFen,
    supplements,
    standard,
    trace: {
      rule: 'R17',
      formula:
        'amount = base + Σ supplements; base = max(0, standard × members − totalMonthlyIncome) (I3, = (standard − per-capita) × members exactly); ' +
        'standard = round_half_up(MINIMUM_WAGE_MONTHLY × ALLOWANCE_STANDARD_RATIO) (R2); supplements per member per group: ' +
        'SUPPLEMENT_ELDERLY if age ≥ ELDERLY_AGE, SUPPLEMENT_MINOR if age < MINOR_AGE, SUPPLEMENT_SEVERELY_DISABLED if disabilityGrade ≤ SEVERE_DISABILITY_MAX_GRADE, ' +
        "SUPPLEMENT_SERIOUSLY_ILL if illness = 'SERIOUS' (a member in several groups gets each); ages on asOf",
      inputs: {
        asOf: policy.asOf,
        memberCount: count,
        totalMonthlyIncome: Number(total),
        standardTimesMembers: Number(line),
        base: baseFen,
        supplementCount: supplements.length,
        supplementTotal: Number(supplementTotal),
        ages: ages.join('; '),
      },
      parameters: parametersOf(
        policy,
        [...STANDARD_KEYS, 'ELDERLY_AGE', 'MINOR_AGE', 'SEVERE_DISABILITY_MAX_GRADE', 'SUPPLEMENT_ELDERLY', 'SUPPLEMENT_MINOR', 'SUPPLEMENT_SEVERELY_DISABLED', 'SUPPLEMENT_SERIOUSLY_ILL'],
        { allowanceStandard: standard },
      ),
      explanationZh: `${standardTextZh(policy, standard)}。${baseZh}${suppZh}；每月低保金合计${formatYuan(amount)}元。${noteZh}`,
      explanationEn: `${capitalise(standardTextEn(policy, standard))}. ${baseEn}${suppEn}; monthly allowance ${formatYuan(amount)} yuan in all.${noteEn}`,
    },
  };
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// R15: rent subsidy and housing aid

/**
 * R15 rent subsidy (廉租住房租赁补贴) until a rental unit is allocated, fen:
 * RENT_SUBSIDY_PER_PERSON_MONTH × members × months (no rounding: all integers).
 * `members` and `months` must be non-negative integers (RangeError otherwise).
 */
export const rentSubsidy: BenefitCalculator<RentSubsidyInput> = (inputs, policy) => {
  const members = nonNegativeInt(inputs.members, 'members');
  const months = nonNegativeInt(inputs.months, 'months');
  const perPersonMonth = nonNegativeInt(policyValue(policy, 'RENT_SUBSIDY_PER_PERSON_MONTH'), 'RENT_SUBSIDY_PER_PERSON_MONTH');
  const amount = toFen(perPersonMonth * members * months, 'rent subsidy');
  return {
    amount,
    trace: {
      rule: 'R15',
      formula: 'amount = RENT_SUBSIDY_PER_PERSON_MONTH × members × months',
      inputs: { members: inputs.members, months: inputs.months },
      parameters: parametersOf(policy, ['RENT_SUBSIDY_PER_PERSON_MONTH']),
      explanationZh: `租赁补贴 = 每人每月${formatYuan(Number(perPersonMonth))}元 × ${members}人 × ${months}个月 = ${formatYuan(amount)}元（在配租公共租赁住房前发放）。`,
      explanationEn: `Rent subsidy = ${formatYuan(Number(perPersonMonth))} yuan per person per month × ${members} persons × ${months} months = ${formatYuan(amount)} yuan (paid until a public rental unit is allocated).`,
    },
  };
};

/**
 * R15: does housing aid apply? Per-capita housing area strictly BELOW HOUSING_AREA_THRESHOLD,
 * compared exactly without dividing: housingArea < HOUSING_AREA_THRESHOLD × members, both sides
 * in millionths of a m² (areas exact to six decimals). Exactly at the threshold does not apply.
 * `members` must be a positive integer and `housingArea` a non-negative number (RangeError).
 */
export function housingAidApplies(inputs: HousingAidInput, policy: PolicySnapshot): HousingAidResult {
  const members = int(inputs.members, 'members');
  if (members <= 0n) throw new RangeError(`members must be positive, got ${inputs.members}`);
  const area = scaleRatio(inputs.housingArea, 'housingArea');
  const threshold = policyValue(policy, 'HOUSING_AREA_THRESHOLD');
  const thresholdScaled = scaleRatio(threshold, 'HOUSING_AREA_THRESHOLD');
  const limit = thresholdScaled * members;
  const applies = area < limit;
  const cmpZh = applies ? '低于' : area === limit ? '恰好等于' : '高于';
  const cmpEn = applies ? 'below' : area === limit ? 'exactly at' : 'above';
  // Per-capita area for display, truncated (not rounded) to 0.01 m² so it never appears to cross
  // a threshold that has at most two decimals; the decision uses the exact comparison above.
  const perCapitaHundredths = (area * 100n) / (RATIO_SCALE * members);
  const perCapitaText = formatScaled(perCapitaHundredths * (RATIO_SCALE / 100n));
  const areaText = formatScaled(area);
  const thresholdText = formatScaled(thresholdScaled);
  const limitText = formatScaled(limit);
  return {
    applies,
    trace: {
      rule: 'R15',
      formula: 'applies = housingArea < HOUSING_AREA_THRESHOLD × members (per-capita area strictly below the threshold, compared exactly)',
      inputs: { housingArea: inputs.housingArea, members: inputs.members, perCapitaArea: Number(perCapitaText), applies },
      parameters: parametersOf(policy, ['HOUSING_AREA_THRESHOLD'], { areaLimit: Number(limitText) }),
      explanationZh: applies
        ? `家庭住房面积${areaText}平方米（${members}人，人均约${perCapitaText}平方米）低于人均${thresholdText}平方米 × ${members}人 = ${limitText}平方米，属于人均住房面积低于${thresholdText}平方米的家庭，适用住房援助。`
        : `家庭住房面积${areaText}平方米（${members}人，人均约${perCapitaText}平方米）${cmpZh}人均${thresholdText}平方米 × ${members}人 = ${limitText}平方米，人均住房面积不低于${thresholdText}平方米，不适用住房援助。`,
      explanationEn: applies
        ? `Housing area ${areaText} m² (${members} members, about ${perCapitaText} m² each) is below ${thresholdText} m² × ${members} = ${limitText} m²: per-capita area is under ${thresholdText} m², housing aid applies.`
        : `Housing area ${areaText} m² (${members} members, about ${perCapitaText} m² each) is ${cmpEn} ${thresholdText} m² × ${members} = ${limitText} m²: per-capita area is not below ${thresholdText} m², housing aid does not apply.`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// R14: education grants

const GRANT_KEYS: Record<GrantStage, { first: ParameterKey; second: ParameterKey; zh: string; en: string }> = {
  PRESCHOOL: { first: 'PRESCHOOL_GRANT_FIRST_TIER', second: 'PRESCHOOL_GRANT_SECOND_TIER', zh: '学前教育', en: 'Preschool' },
  SENIOR_HIGH: { first: 'SENIOR_HIGH_GRANT_FIRST_TIER', second: 'SENIOR_HIGH_GRANT_SECOND_TIER', zh: '普通高中', en: 'Senior-high' },
};

/**
 * R14 education grant per child per year, fen. The child receives the FIRST tier (`amount`); the
 * school claims the SECOND tier from the grant programme and pays the difference
 * (first − second) from the 3–5% of its fee income set aside for needy children:
 *   split = { claimedSecondTier: second, fromSchoolFund: first − second }.
 * A first tier lower than the second is refused (RangeError), as is an unknown stage.
 * (Senior high: tuition is also waived; that is not money paid and is not counted here.)
 */
export const educationGrant: BenefitCalculator<EducationGrantInput, EducationGrantResult> = (inputs, policy) => {
  const keys = GRANT_KEYS[inputs.stage];
  if (!keys) throw new RangeError(`Unknown grant stage: ${JSON.stringify(inputs.stage)}`);
  const first = nonNegativeInt(policyValue(policy, keys.first), keys.first);
  const second = nonNegativeInt(policyValue(policy, keys.second), keys.second);
  if (first < second) throw new RangeError(`${keys.first} (${first}) is lower than ${keys.second} (${second})`);
  const amount = toFen(first, keys.first);
  const claimedSecondTier = toFen(second, keys.second);
  const fromSchoolFund = toFen(first - second, 'school fund share');
  return {
    amount,
    split: { claimedSecondTier, fromSchoolFund },
    trace: {
      rule: 'R14',
      formula: `amount = ${keys.first}; claimedSecondTier = ${keys.second}; fromSchoolFund = ${keys.first} − ${keys.second}`,
      inputs: { stage: inputs.stage },
      parameters: parametersOf(policy, [keys.first, keys.second]),
      explanationZh: `${keys.zh}困难学生按一档资助每生每年${formatYuan(amount)}元：学校按二档申领${formatYuan(claimedSecondTier)}元，差额${formatYuan(fromSchoolFund)}元由学校从事业收入中按规定比例提取的资助资金中支付。`,
      explanationEn: `${keys.en} grant at the first tier, ${formatYuan(amount)} yuan per child per year: the school claims the second tier (${formatYuan(claimedSecondTier)} yuan) and pays the difference of ${formatYuan(fromSchoolFund)} yuan from the share of its fee income it sets aside for needy students.`,
    },
  };
};

// ---------------------------------------------------------------------------------------------
// R12: social-insurance subsidy

/**
 * R12 social-insurance subsidy for self-employed / flexibly employed members, fen:
 * round_half_up(SOCIAL_INSURANCE_SUBSIDY_RATIO × contributionsPaid), exactly.
 * `contributionsPaid` must be a non-negative integer (fen); otherwise RangeError.
 */
export const socialInsuranceSubsidy: BenefitCalculator<SocialInsuranceSubsidyInput> = (inputs, policy) => {
  const paid = nonNegativeInt(inputs.contributionsPaid, 'contributionsPaid');
  const ratio = policyValue(policy, 'SOCIAL_INSURANCE_SUBSIDY_RATIO');
  const amount = toFen(applyRatio(paid, scaleRatio(ratio, 'SOCIAL_INSURANCE_SUBSIDY_RATIO')), 'social-insurance subsidy');
  return {
    amount,
    trace: {
      rule: 'R12',
      formula: 'amount = round_half_up(SOCIAL_INSURANCE_SUBSIDY_RATIO × contributionsPaid) (to the fen, exact)',
      inputs: { contributionsPaid: inputs.contributionsPaid },
      parameters: parametersOf(policy, ['SOCIAL_INSURANCE_SUBSIDY_RATIO']),
      explanationZh: `社会保险补贴 = 实际缴纳社会保险费${formatYuan(Number(paid))}元 × ${formatPercent(ratio)}% = ${formatYuan(amount)}元（四舍五入到分）。`,
      explanationEn: `Social-insurance subsidy = contributions actually paid ${formatYuan(Number(paid))} yuan × ${formatPercent(ratio)}% = ${formatYuan(amount)} yuan (rounded half up to the fen).`,
    },
  };
};

// ---------------------------------------------------------------------------------------------
// R17: extreme-poverty support and concentrated care

function careStandards(policy: PolicySnapshot): { standard: number; dispersed: bigint; semiCare: bigint; fullCare: bigint } {
  const standard = allowanceStandard(policy);
  const dispersed = applyRatio(BigInt(standard), scaleRatio(policyValue(policy, 'EXTREME_POVERTY_SUPPORT_RATIO'), 'EXTREME_POVERTY_SUPPORT_RATIO'));
  const semiCare = applyRatio(dispersed, scaleRatio(policyValue(policy, 'SEMI_CARE_RATIO'), 'SEMI_CARE_RATIO'));
  const fullCare = applyRatio(dispersed, scaleRatio(policyValue(policy, 'FULL_CARE_RATIO'), 'FULL_CARE_RATIO'));
  return { standard, dispersed, semiCare, fullCare };
}

/**
 * R17 dispersed extreme-poverty support standard (分散供养特困人员基本生活标准), fen per person per
 * month: round_half_up(EXTREME_POVERTY_SUPPORT_RATIO × allowanceStandard(policy)).
 */
export function extremePovertySupport(policy: PolicySnapshot): number {
  return toFen(careStandards(policy).dispersed, 'extreme-poverty support');
}

/**
 * R17 concentrated-care standards, fen per person per month. The policy sets the semi-care and
 * full-care standards at LEAST at these multiples of the dispersed standard; these are the minima.
 *   dispersed = round_half_up(EXTREME_POVERTY_SUPPORT_RATIO × standard)
 *   semiCare  = round_half_up(SEMI_CARE_RATIO × dispersed)
 *   fullCare  = round_half_up(FULL_CARE_RATIO × dispersed)
 * Each step rounds to the fen (the dispersed standard is published in whole fen). amount = dispersed.
 */
export const concentratedCareStandards: BenefitCalculator<ConcentratedCareInput, ConcentratedCareResult> = (_inputs, policy) => {
  const { standard, dispersed, semiCare, fullCare } = careStandards(policy);
  const d = toFen(dispersed, 'dispersed support');
  const s = toFen(semiCare, 'semi-care standard');
  const f = toFen(fullCare, 'full-care standard');
  const supportRatio = policyValue(policy, 'EXTREME_POVERTY_SUPPORT_RATIO');
  const semiRatio = policyValue(policy, 'SEMI_CARE_RATIO');
  const fullRatio = policyValue(policy, 'FULL_CARE_RATIO');
  return {
    amount: d,
    dispersed: d,
    semiCare: s,
    fullCare: f,
    trace: {
      rule: 'R17',
      formula:
        'dispersed = round_half_up(EXTREME_POVERTY_SUPPORT_RATIO × standard); semiCare = round_half_up(SEMI_CARE_RATIO × dispersed); ' +
        'fullCare = round_half_up(FULL_CARE_RATIO × dispersed); standard = round_half_up(MINIMUM_WAGE_MONTHLY × ALLOWANCE_STANDARD_RATIO) (R2); amount = dispersed',
      inputs: { dispersed: d, semiCare: s, fullCare: f },
      parameters: parametersOf(policy, [...STANDARD_KEYS, 'EXTREME_POVERTY_SUPPORT_RATIO', 'SEMI_CARE_RATIO', 'FULL_CARE_RATIO'], { allowanceStandard: standard }),
      explanationZh:
        `${standardTextZh(policy, standard)}；分散供养特困人员基本生活标准 = 低保标准 × ${formatMultiple(supportRatio)}倍 = 每人每月${formatYuan(d)}元；` +
        `集中供养半护理标准不低于分散供养标准的${formatPercent(semiRatio)}%，即${formatYuan(s)}元；全护理标准不低于${formatPercent(fullRatio)}%，即${formatYuan(f)}元（均四舍五入到分）。`,
      explanationEn:
        `${capitalise(standardTextEn(policy, standard))}; dispersed extreme-poverty support = standard × ${formatMultiple(supportRatio)} = ${formatYuan(d)} yuan per person per month; ` +
        `concentrated semi-care at least ${formatPercent(semiRatio)}% of that = ${formatYuan(s)} yuan; full care at least ${formatPercent(fullRatio)}% = ${formatYuan(f)} yuan (each rounded half up to the fen).`,
    },
  };
};
