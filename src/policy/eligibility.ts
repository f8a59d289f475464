/**
 * The eligibility engine: R1–R7 of DOMAIN.md with the readings I1–I3.
 *
 * A PURE function of (household snapshot, policy snapshot): no I/O, no clock (the date is
 * `policy.asOf`), and no policy number as a literal — every ratio, age and limit comes from
 * `policy.values`.
 *
 * Exact arithmetic. Money is integer fen (I5). Comparisons against a line that involves a ratio
 * (the R2 standard, the R6 1.5× line, the R4 asset limit) are done on exact integers with BigInt:
 * a ratio is scaled to millionths (`Math.round(ratio × 10^6)`, so ratios are exact up to six
 * decimal places, which covers every value the county sets) and the other side of the comparison
 * is multiplied by 10^6. So "within 1.5× the standard" is
 *     total × 10^6 ≤ round(1.5 × 10^6) × standard × members
 * with no floating-point error whatever the magnitudes (BigInt cannot overflow). Comparisons use
 * the household TOTAL against standard × members (I3), never the rounded per-capita figure.
 *
 * Trace order: R2 (standard), I3 (per-capita income), R3 (one step per member), R4, R5 (one step
 * per minor; one household-level NOT_APPLICABLE step when nobody is a minor), R6, R1 (summary).
 * A household with no members gets R2, I3 (FAIL, explained) and R1 (FAIL) only.
 */
import { ageInWholeYears, parseCalendarDate } from './ages';
import { ParameterKey, PolicySnapshot } from './parameter-definitions';
import {
  AssessEligibility,
  Category,
  Cause,
  EligibilityResult,
  HouseholdSnapshot,
  LegalSupporter,
  MemberSnapshot,
  ParentalStatus,
  TraceStep,
  WorkCapacity,
} from './eligibility.types';

// ---------------------------------------------------------------------------------------------
// Exact arithmetic helpers (not policy numbers: the fixed-point scale and fen/yuan conversion).

/** Fixed-point scale for ratios: millionths. */
const RATIO_SCALE = 1_000_000n;

/** A ratio as an exact integer number of millionths. */
function scaleRatio(ratio: number): bigint {
  return BigInt(Math.round(ratio * Number(RATIO_SCALE)));
}

/** `a` as a BigInt, insisting on an integer (money in fen, counts). */
function int(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
  return BigInt(value);
}

/** Round-half-up division of non-negative a by positive b (Math.round semantics). */
function divRound(a: bigint, b: bigint): bigint {
  if (a < 0n) return -divRound(-a, b);
  return (a * 2n + b) / (2n * b);
}

/** Fen → "1234.56" (yuan with two decimals). Fractional fen are rounded first. */
export function formatYuan(fen: number): string {
  const rounded = Math.round(fen);
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A scaled (millionths) fen amount → yuan text. */
function formatScaledYuan(scaledFen: bigint): string {
  return formatYuan(Number(divRound(scaledFen, RATIO_SCALE)));
}

/** A scaled amount → number (exact when the value has at most six decimals). */
function scaledToNumber(scaled: bigint): number {
  return Number(scaled) / Number(RATIO_SCALE);
}

/** Ratio → percent text without float noise: 0.42 → "42", 0.425 → "42.5". */
function formatPercent(ratio: number): string {
  return String(Number(scaleRatio(ratio)) / 10_000);
}

/** Ratio → multiple text: 1.5 → "1.5". */
function formatMultiple(ratio: number): string {
  return String(scaledToNumber(scaleRatio(ratio)));
}

// ---------------------------------------------------------------------------------------------
// Wording

const CATEGORY_ORDER: Category[] = ['EXTREME_POVERTY', 'MINIMUM_LIVING_ALLOWANCE', 'ORPHAN', 'EXPENDITURE_LOW_INCOME'];

const CATEGORY_ZH: Record<Category, string> = {
  EXTREME_POVERTY: '城市特困人员',
  MINIMUM_LIVING_ALLOWANCE: '城市低保对象',
  ORPHAN: '城市孤儿',
  EXPENDITURE_LOW_INCOME: '城市支出型贫困低收入家庭',
};
const CATEGORY_EN: Record<Category, string> = {
  EXTREME_POVERTY: 'extreme-poverty person (R3)',
  MINIMUM_LIVING_ALLOWANCE: 'minimum-living-allowance household (R4)',
  ORPHAN: 'orphan (R5)',
  EXPENDITURE_LOW_INCOME: 'expenditure-type low-income household (R6)',
};

const CAUSE_ZH: Record<Cause, string> = { ILLNESS: '因病', DISABILITY: '因残', SCHOOLING: '因学', DISASTER: '因灾' };
const CAUSE_EN: Record<Cause, string> = { ILLNESS: 'illness', DISABILITY: 'disability', SCHOOLING: 'schooling', DISASTER: 'disaster' };
const CAUSE_ORDER: Cause[] = ['ILLNESS', 'DISABILITY', 'SCHOOLING', 'DISASTER'];

const WORK_ZH: Record<WorkCapacity, string> = { FULL: '有劳动能力', PARTIAL: '有部分劳动能力', NONE: '无劳动能力' };
const WORK_EN: Record<WorkCapacity, string> = { FULL: 'has full capacity to work', PARTIAL: 'has partial capacity to work', NONE: 'has no capacity to work' };

const SUPPORTER_ZH: Record<LegalSupporter, string> = {
  NONE: '无法定赡养、抚养、扶养义务人',
  UNABLE: '法定赡养、抚养、扶养义务人无履行义务能力',
  ABLE: '有具备赡养、抚养、扶养能力的法定义务人',
};
const SUPPORTER_EN: Record<LegalSupporter, string> = {
  NONE: 'has no legal supporter',
  UNABLE: 'has a legal supporter who is unable to support them',
  ABLE: 'has a legal supporter able to support them',
};

const PARENTS_ZH: Record<ParentalStatus, string> = {
  BOTH_DECEASED: '父母双方均已死亡',
  CANNOT_BE_FOUND: '查找不到生父母',
  PRESENT: '父母并非均已死亡，也并非查找不到',
};
const PARENTS_EN: Record<ParentalStatus, string> = {
  BOTH_DECEASED: 'both parents have died',
  CANNOT_BE_FOUND: 'the birth parents cannot be found',
  PRESENT: 'the parents have neither both died nor are they untraceable',
};

// ---------------------------------------------------------------------------------------------

interface Context {
  asOf: string;
  standard: number;
  standardBig: bigint;
  members: number;
  membersBig: bigint;
  total: number;
  totalBig: bigint;
  perCapita: number;
  /** "家庭月总收入X元（N人，人均Y元）" and its English counterpart. */
  incomeZh: string;
  incomeEn: string;
}

function policyValue(policy: PolicySnapshot, key: ParameterKey): number {
  const v = policy.values[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`Policy parameter ${key} is missing or not a number`);
  return v;
}

function compareWord(cmp: number, zhBelow: string, enBelow: string): { zh: string; en: string } {
  return cmp < 0 ? { zh: zhBelow, en: enBelow } : cmp === 0 ? { zh: '恰好等于', en: 'exactly equal to' } : { zh: '高于', en: 'above' };
}

/** R2: standard = round(minimum wage × ratio), to the fen. */
function assessStandard(policy: PolicySnapshot): { standard: number; step: TraceStep } {
  const minimumWage = policyValue(policy, 'MINIMUM_WAGE_MONTHLY');
  const ratio = policyValue(policy, 'ALLOWANCE_STANDARD_RATIO');
  const standard = Number(divRound(int(minimumWage, 'MINIMUM_WAGE_MONTHLY') * scaleRatio(ratio), RATIO_SCALE));
  const wageFrom = policy.effectiveFrom?.MINIMUM_WAGE_MONTHLY ?? null;
  const ratioFrom = policy.effectiveFrom?.ALLOWANCE_STANDARD_RATIO ?? null;
  return {
    standard,
    step: {
      rule: 'R2',
      inputs: { minimumWage, ratio },
      thresholds: { standard, minimumWageEffectiveFrom: wageFrom, ratioEffectiveFrom: ratioFrom },
      outcome: 'PASS',
      explanationZh:
        `低保标准 = 最低月工资${formatYuan(minimumWage)}元 × ${formatPercent(ratio)}% = 每人每月${formatYuan(standard)}元` +
        `（最低工资标准自${wageFrom ?? '—'}起执行，${formatPercent(ratio)}%的比例自${ratioFrom ?? '—'}起执行）。`,
      explanationEn:
        `Minimum-living standard = minimum monthly wage ${formatYuan(minimumWage)} yuan × ${formatPercent(ratio)}% = ` +
        `${formatYuan(standard)} yuan per person per month (wage in force from ${wageFrom ?? 'unknown'}, ratio from ${ratioFrom ?? 'unknown'}).`,
    },
  };
}

/** R3 for one person (I2). */
function assessExtremePoverty(member: MemberSnapshot, age: number, policy: PolicySnapshot): TraceStep {
  const elderlyAge = policyValue(policy, 'ELDERLY_AGE');
  const minorAge = policyValue(policy, 'EXTREME_POVERTY_MINOR_AGE');
  const disabled = member.disabilityGrade !== null && member.disabilityGrade !== undefined;
  const elderly = age >= elderlyAge;
  const minor = age < minorAge;
  const groupOk = elderly || disabled || minor;
  const workOk = member.workCapacity === 'NONE';
  const livelihoodOk = member.hasLivelihoodSource === false;
  const supporterOk = member.legalSupporter === 'NONE' || member.legalSupporter === 'UNABLE';
  const pass = groupOk && workOk && livelihoodOk && supporterOk;

  const step: Omit<TraceStep, 'explanationZh' | 'explanationEn'> = {
    rule: 'R3',
    member: member.ref,
    inputs: {
      age,
      workCapacity: member.workCapacity,
      hasLivelihoodSource: member.hasLivelihoodSource,
      legalSupporter: member.legalSupporter,
      disabled,
    },
    thresholds: { elderlyAge, minorAge },
    outcome: pass ? 'PASS' : 'FAIL',
  };

  if (pass) {
    const groupsZh = [elderly && `${elderlyAge}周岁及以上老年人`, disabled && '残疾人', minor && `未满${minorAge}周岁的未成年人`].filter(Boolean).join('、');
    const groupsEn = [elderly && `elderly (${elderlyAge} or over)`, disabled && 'disabled', minor && `a minor under ${minorAge}`].filter(Boolean).join(', ');
    return {
      ...step,
      explanationZh: `成员${member.ref}（${age}周岁）是${groupsZh}，无劳动能力、无生活来源，且${SUPPORTER_ZH[member.legalSupporter]}，符合城市特困人员条件。`,
      explanationEn: `Member ${member.ref} (age ${age}) is ${groupsEn}, has no capacity to work and no source of livelihood, and ${SUPPORTER_EN[member.legalSupporter]}: meets the extreme-poverty criteria (R3).`,
    };
  }
  const failsZh: string[] = [];
  const failsEn: string[] = [];
  if (!groupOk) {
    failsZh.push(`${age}周岁，既不是${elderlyAge}周岁及以上老年人，也不是残疾人或未满${minorAge}周岁的未成年人`);
    failsEn.push(`aged ${age}, they are neither elderly (${elderlyAge} or over), nor disabled, nor a minor under ${minorAge}`);
  }
  if (!workOk) {
    failsZh.push(WORK_ZH[member.workCapacity]);
    failsEn.push(WORK_EN[member.workCapacity]);
  }
  if (!livelihoodOk) {
    failsZh.push('有生活来源');
    failsEn.push('has a source of livelihood');
  }
  if (!supporterOk) {
    failsZh.push(SUPPORTER_ZH[member.legalSupporter]);
    failsEn.push(SUPPORTER_EN[member.legalSupporter]);
  }
  return {
    ...step,
    explanationZh: `成员${member.ref}不符合城市特困人员条件：${failsZh.join('；')}。`,
    explanationEn: `Member ${member.ref} does not meet the extreme-poverty criteria (R3): ${failsEn.join('; ')}.`,
  };
}

/** R4: income below the standard and assets within the limits. */
function assessMinimumAllowance(household: HouseholdSnapshot, ctx: Context, policy: PolicySnapshot): TraceStep {
  const months = policyValue(policy, 'ASSET_FINANCIAL_MONTHS_PER_CAPITA');
  const maxVehicles = policyValue(policy, 'ASSET_MAX_VEHICLES');
  const maxOtherProperties = policyValue(policy, 'ASSET_MAX_OTHER_PROPERTIES');
  const standardTotal = ctx.standardBig * ctx.membersBig;
  const incomeCmp = ctx.totalBig < standardTotal ? -1 : ctx.totalBig === standardTotal ? 0 : 1;
  const incomeOk = incomeCmp < 0;

  const financialAssets = int(household.financialAssets, 'financialAssets');
  const financialLimitScaled = scaleRatio(months) * standardTotal; // in millionths of a fen
  const financialOk = financialAssets * RATIO_SCALE <= financialLimitScaled;
  const vehiclesOk = household.vehicles <= maxVehicles;
  const propertiesOk = household.otherProperties <= maxOtherProperties;
  const pass = incomeOk && financialOk && vehiclesOk && propertiesOk;

  const standardTotalText = `${formatYuan(ctx.standard)}元×${ctx.members}人=${formatYuan(Number(standardTotal))}元`;
  const standardTotalEn = `${formatYuan(ctx.standard)} × ${ctx.members} = ${formatYuan(Number(standardTotal))} yuan`;
  const financialLimit = scaledToNumber(financialLimitScaled);
  const w = compareWord(incomeCmp, '低于', 'below');
  const incomeZh = `${ctx.incomeZh}${w.zh}低保标准合计（${standardTotalText}）${incomeOk ? '' : '，不属于低于低保标准'}`;
  const incomeEn = `${ctx.incomeEn} is ${w.en} the standard for the household (${standardTotalEn})${incomeOk ? '' : ', so it is not below the standard'}`;
  const financialZh = `家庭金融资产${formatYuan(household.financialAssets)}元${financialOk ? '未超过' : '超过'}上限${formatScaledYuan(financialLimitScaled)}元（低保标准×${formatMultiple(months)}个月×${ctx.members}人）`;
  const financialEn = `financial assets of ${formatYuan(household.financialAssets)} yuan are ${financialOk ? 'within' : 'over'} the limit of ${formatScaledYuan(financialLimitScaled)} yuan (${formatMultiple(months)} months of the standard × ${ctx.members} members)`;
  const vehiclesZh = `机动车${household.vehicles}辆${vehiclesOk ? '未超过' : '超过'}上限${maxVehicles}辆`;
  const vehiclesEn = `${household.vehicles} vehicle(s) ${vehiclesOk ? 'within' : 'over'} the limit of ${maxVehicles}`;
  const propertiesZh = `自住房以外房产${household.otherProperties}套${propertiesOk ? '未超过' : '超过'}上限${maxOtherProperties}套`;
  const propertiesEn = `${household.otherProperties} property(ies) besides the home ${propertiesOk ? 'within' : 'over'} the limit of ${maxOtherProperties}`;

  let explanationZh: string;
  let explanationEn: string;
  if (pass) {
    explanationZh = `${incomeZh}；${financialZh}，${vehiclesZh}，${propertiesZh}，符合城市低保条件。`;
    explanationEn = `${incomeEn}; ${financialEn}, ${vehiclesEn}, ${propertiesEn}: meets the minimum-living-allowance criteria (R4).`;
  } else {
    const zh: string[] = [];
    const en: string[] = [];
    if (!incomeOk) { zh.push(incomeZh); en.push(incomeEn); }
    if (!financialOk) { zh.push(financialZh); en.push(financialEn); }
    if (!vehiclesOk) { zh.push(vehiclesZh); en.push(vehiclesEn); }
    if (!propertiesOk) { zh.push(propertiesZh); en.push(propertiesEn); }
    explanationZh = `不符合城市低保条件：${zh.join('；')}。`;
    explanationEn = `Does not meet the minimum-living-allowance criteria (R4): ${en.join('; ')}.`;
  }

  return {
    rule: 'R4',
    inputs: {
      totalMonthlyIncome: ctx.total,
      memberCount: ctx.members,
      perCapitaMonthlyIncome: ctx.perCapita,
      financialAssets: household.financialAssets,
      vehicles: household.vehicles,
      otherProperties: household.otherProperties,
    },
    thresholds: {
      standard: ctx.standard,
      standardTimesMembers: Number(standardTotal),
      financialAssetMonthsPerCapita: months,
      financialAssetLimit: financialLimit,
      maxVehicles,
      maxOtherProperties,
    },
    outcome: pass ? 'PASS' : 'FAIL',
    explanationZh,
    explanationEn,
  };
}

/** R5 for one minor. */
function assessOrphan(member: MemberSnapshot, age: number, minorAge: number): TraceStep {
  const pass = member.parentalStatus === 'BOTH_DECEASED' || member.parentalStatus === 'CANNOT_BE_FOUND';
  return {
    rule: 'R5',
    member: member.ref,
    inputs: { age, parentalStatus: member.parentalStatus },
    thresholds: { minorAge },
    outcome: pass ? 'PASS' : 'FAIL',
    explanationZh: pass
      ? `成员${member.ref}（${age}周岁）未满${minorAge}周岁，${PARENTS_ZH[member.parentalStatus]}，符合城市孤儿条件。`
      : `成员${member.ref}（${age}周岁）未满${minorAge}周岁，但${PARENTS_ZH[member.parentalStatus]}，不属于孤儿。`,
    explanationEn: pass
      ? `Member ${member.ref} (age ${age}) is under ${minorAge} and ${PARENTS_EN[member.parentalStatus]}: an orphan (R5).`
      : `Member ${member.ref} (age ${age}) is under ${minorAge} but ${PARENTS_EN[member.parentalStatus]}: not an orphan (R5).`,
  };
}

/** R6: total within multiplier × standard × members (inclusive) and at least one cause. */
function assessExpenditureLowIncome(household: HouseholdSnapshot, ctx: Context, policy: PolicySnapshot): TraceStep {
  const multiplier = policyValue(policy, 'EXPENDITURE_INCOME_MULTIPLIER');
  const lineScaled = scaleRatio(multiplier) * ctx.standardBig * ctx.membersBig; // millionths of a fen
  const totalScaled = ctx.totalBig * RATIO_SCALE;
  const incomeCmp = totalScaled < lineScaled ? -1 : totalScaled === lineScaled ? 0 : 1;
  const incomeOk = incomeCmp <= 0;
  const causes = CAUSE_ORDER.filter((c) => (household.causes ?? []).includes(c));
  const causeOk = causes.length > 0;
  const pass = incomeOk && causeOk;

  const lineZh = `支出型贫困收入线${formatScaledYuan(lineScaled)}元（低保标准${formatYuan(ctx.standard)}元×${formatMultiple(multiplier)}倍×${ctx.members}人）`;
  const lineEn = `the expenditure-type line of ${formatScaledYuan(lineScaled)} yuan (standard ${formatYuan(ctx.standard)} × ${formatMultiple(multiplier)} × ${ctx.members} members)`;
  const incomeZh = `${ctx.incomeZh}${incomeCmp < 0 ? '低于' : incomeCmp === 0 ? '恰好等于' : '高于'}${lineZh}`;
  const incomeEn = `${ctx.incomeEn} is ${incomeCmp < 0 ? 'below' : incomeCmp === 0 ? 'exactly at' : 'above'} ${lineEn}`;
  const causeZh = causeOk ? `致贫原因：${causes.map((c) => CAUSE_ZH[c]).join('、')}` : '没有因病、因残、因学、因灾等致贫原因';
  const causeEn = causeOk ? `cause(s) of hardship: ${causes.map((c) => CAUSE_EN[c]).join(', ')}` : 'no cause of hardship (illness, disability, schooling or disaster) applies';

  let explanationZh: string;
  let explanationEn: string;
  if (pass) {
    explanationZh = `${incomeZh}，在收入线以内；${causeZh}，符合城市支出型贫困低收入家庭条件。`;
    explanationEn = `${incomeEn}, so within it; ${causeEn}: meets the expenditure-type low-income criteria (R6).`;
  } else {
    const zh: string[] = [];
    const en: string[] = [];
    if (!incomeOk) { zh.push(`${incomeZh}，超出收入线`); en.push(`${incomeEn}, so over the line`); }
    if (!causeOk) { zh.push(causeZh); en.push(causeEn); }
    explanationZh = `不符合城市支出型贫困低收入家庭条件：${zh.join('；')}。`;
    explanationEn = `Does not meet the expenditure-type low-income criteria (R6): ${en.join('; ')}.`;
  }

  return {
    rule: 'R6',
    inputs: {
      totalMonthlyIncome: ctx.total,
      memberCount: ctx.members,
      perCapitaMonthlyIncome: ctx.perCapita,
      causes,
    },
    thresholds: {
      standard: ctx.standard,
      multiplier,
      incomeLine: scaledToNumber(lineScaled),
    },
    outcome: pass ? 'PASS' : 'FAIL',
    explanationZh,
    explanationEn,
  };
}

function summaryStep(categories: Category[], ctx: { standard: number; members: number }): TraceStep {
  const qualifies = categories.length > 0;
  return {
    rule: 'R1',
    inputs: { categories: [...categories], memberCount: ctx.members },
    thresholds: { allowanceStandard: ctx.standard },
    outcome: qualifies ? 'PASS' : 'FAIL',
    explanationZh: qualifies
      ? `认定为城市困难家庭，类别：${categories.map((c) => CATEGORY_ZH[c]).join('、')}。`
      : '不符合城市特困人员、城市低保对象、城市孤儿、城市支出型贫困低收入家庭中任何一类的条件，不能认定为城市困难家庭。',
    explanationEn: qualifies
      ? `Qualifies as an urban household in hardship (R1/R7): ${categories.map((c) => CATEGORY_EN[c]).join('; ')}.`
      : 'Does not qualify as an urban household in hardship (R1/R7): none of R3, R4, R5 or R6 applies.',
  };
}

export const assessEligibility: AssessEligibility = (household, policy): EligibilityResult => {
  parseCalendarDate(policy.asOf); // validates the date (throws RangeError)
  const trace: TraceStep[] = [];

  // R2
  const { standard, step: r2 } = assessStandard(policy);
  trace.push(r2);

  // I3
  const members = household.members.length;
  const totalBig = household.members.reduce((sum, m) => sum + int(m.monthlyIncome, `monthlyIncome of ${m.ref}`), 0n);
  const total = Number(totalBig);
  if (members === 0) {
    trace.push({
      rule: 'I3',
      inputs: { totalMonthlyIncome: total, memberCount: 0 },
      thresholds: { standard },
      outcome: 'FAIL',
      explanationZh: '家庭成员人数为0，无法计算月人均收入，不能进行认定。',
      explanationEn: 'The household has no members: per-capita income cannot be computed and no category can be assessed.',
    });
    trace.push(summaryStep([], { standard, members }));
    return { asOf: policy.asOf, allowanceStandard: standard, perCapitaMonthlyIncome: 0, totalMonthlyIncome: total, memberCount: 0, categories: [], qualifies: false, trace };
  }
  const membersBig = BigInt(members);
  const perCapita = Number(divRound(totalBig, membersBig));
  const ctx: Context = {
    asOf: policy.asOf,
    standard,
    standardBig: BigInt(standard),
    members,
    membersBig,
    total,
    totalBig,
    perCapita,
    incomeZh: `家庭月总收入${formatYuan(total)}元（${members}人，月人均收入${formatYuan(perCapita)}元），`,
    incomeEn: `Household monthly income of ${formatYuan(total)} yuan (${members} members, ${formatYuan(perCapita)} yuan per person)`,
  };
  trace.push({
    rule: 'I3',
    inputs: { totalMonthlyIncome: total, memberCount: members },
    thresholds: { standard },
    outcome: 'PASS',
    explanationZh: `家庭共${members}人，月总收入${formatYuan(total)}元，月人均收入${formatYuan(perCapita)}元（低保标准每人每月${formatYuan(standard)}元）。`,
    explanationEn: `${members} members, total monthly income ${formatYuan(total)} yuan, ${formatYuan(perCapita)} yuan per person per month (standard ${formatYuan(standard)} yuan).`,
  });

  const ages = household.members.map((m) => ageInWholeYears(m.birthDate, policy.asOf));
  const categories = new Set<Category>();

  // R3 (I2): per person; the household is in the category when any member meets it.
  household.members.forEach((m, i) => {
    const step = assessExtremePoverty(m, ages[i], policy);
    trace.push(step);
    if (step.outcome === 'PASS') categories.add('EXTREME_POVERTY');
  });

  // R4
  const r4 = assessMinimumAllowance(household, ctx, policy);
  trace.push(r4);
  if (r4.outcome === 'PASS') categories.add('MINIMUM_LIVING_ALLOWANCE');

  // R5: one step per minor; one household-level NOT_APPLICABLE step when nobody is a minor.
  const minorAge = policyValue(policy, 'MINOR_AGE');
  let anyMinor = false;
  household.members.forEach((m, i) => {
    if (ages[i] >= minorAge) return;
    anyMinor = true;
    const step = assessOrphan(m, ages[i], minorAge);
    trace.push(step);
    if (step.outcome === 'PASS') categories.add('ORPHAN');
  });
  if (!anyMinor) {
    trace.push({
      rule: 'R5',
      inputs: { ages: ages.map(String) },
      thresholds: { minorAge },
      outcome: 'NOT_APPLICABLE',
      explanationZh: `家庭中没有未满${minorAge}周岁的成员，不涉及孤儿认定。`,
      explanationEn: `No member is under ${minorAge}: the orphan rule (R5) does not apply.`,
    });
  }

  // R6
  const r6 = assessExpenditureLowIncome(household, ctx, policy);
  trace.push(r6);
  if (r6.outcome === 'PASS') categories.add('EXPENDITURE_LOW_INCOME');

  // R1/R7
  const ordered = CATEGORY_ORDER.filter((c) => categories.has(c));
  trace.push(summaryStep(ordered, { standard, members }));

  return {
    asOf: policy.asOf,
    allowanceStandard: standard,
    perCapitaMonthlyIncome: perCapita,
    totalMonthlyIncome: total,
    memberCount: members,
    categories: ordered,
    qualifies: ordered.length > 0,
    trace,
  };
};
