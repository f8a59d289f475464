/**
 * Unit tests of the benefit calculators (R12, R14, R15, R17 with I3 and I5 of DOMAIN.md). Pure: no
 * database, no clock.
 *
 * Fixture figures (hand-computed, fen):
 *   R2 standard   = 138000 × 0.42 = 57960 (579.60 yuan) per person per month.
 *   I3 allowance  = 3 members, total income 60000: base = 57960 × 3 − 60000 = 173880 − 60000 = 113880;
 *                   + elder (76) 2000 + child (10, seriously ill) minor 2000 + ill 3000 = 7000 → 120880.
 *   R15 rent      = 3900 × 3 persons × 12 months = 140400.
 *   R15 housing   = 13 m² × 3 = 39 m²: 38.99 applies, 39 does not.
 *   R14 grants    = preschool 200000 = 100000 claimed + 100000 school fund;
 *                   senior high 300000 = 170000 claimed + 130000 school fund.
 *   R12 insurance = 30% × 456789 = 137036.7 → 137037.
 *   R17 care      = dispersed round(1.3 × 57960) = 75348; semi round(1.3 × 75348 = 97952.4) = 97952;
 *                   full round(1.4 × 75348 = 105487.2) = 105487.
 *   Ratio 0.40    → standard 55200; base 55200 × 3 − 60000 = 105600; + 7000 = 112600;
 *                   dispersed 1.3 × 55200 = 71760; semi 1.3 × 71760 = 93288; full 1.4 × 71760 = 100464.
 *   asOf 2026-11-28: 1950-01-01 → 76; 1986-05-10 → 40; 2016-03-01 → 10; 1966-11-28 → 60;
 *   1966-11-29 → 59; 2008-11-28 → 18; 2008-11-29 → 17.
 */
import {
  allowanceStandard,
  BenefitTrace,
  concentratedCareStandards,
  educationGrant,
  extremePovertySupport,
  housingAidApplies,
  monthlyAllowance,
  rentSubsidy,
  socialInsuranceSubsidy,
} from '../../src/policy/benefits';
import { assessEligibility } from '../../src/policy/eligibility';
import { MemberSnapshot } from '../../src/policy/eligibility.types';
import { PARAMETER_KEYS, ParameterKey, PolicyValues } from '../../src/policy/parameter-definitions';
import { AS_OF, member as baseMember, policy, VALUES } from '../support/policy';

/** A working-age adult in no special group (ref "adult"). */
const member = (overrides: Partial<MemberSnapshot> = {}) => baseMember(overrides, 'adult');

/** adult (40, 60000 income), elder (76), child (10, seriously ill). */
function family(incomes: [number, number, number] = [60000, 0, 0]): MemberSnapshot[] {
  return [
    member({ ref: 'adult', monthlyIncome: incomes[0] }),
    member({ ref: 'elder', birthDate: '1950-01-01', workCapacity: 'NONE', monthlyIncome: incomes[1] }),
    member({ ref: 'child', birthDate: '2016-03-01', illness: 'SERIOUS', schoolingStage: 'PRIMARY', monthlyIncome: incomes[2] }),
  ];
}

function expectWellFormedTrace(trace: BenefitTrace, rule: string, parameterKeys: ParameterKey[]) {
  expect(trace.rule).toBe(rule);
  expect(trace.formula.length).toBeGreaterThan(0);
  expect(trace.explanationZh).toMatch(/[\u4e00-\u9fff]/);
  expect(trace.explanationEn).toMatch(/[A-Za-z]/);
  for (const key of parameterKeys) {
    expect(trace.parameters[key]).toBe(VALUES[key]);
    expect(trace.parameters[`${key}.effectiveFrom`]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(trace.formula).toContain(key);
  }
}

describe('fixture', () => {
  it('has every parameter key', () => {
    expect(Object.keys(VALUES).sort()).toEqual([...PARAMETER_KEYS].sort());
  });
});

describe('allowanceStandard (R2)', () => {
  it('is round(minimum wage × ratio): 138000 × 0.42 = 57960', () => {
    expect(allowanceStandard(policy())).toBe(57960);
  });

  it('rounds half up exactly: 138025 × 0.42 = 57970.5 → 57971; 138001 × 0.42 = 57960.42 → 57960', () => {
    expect(allowanceStandard(policy({ MINIMUM_WAGE_MONTHLY: 138025 }))).toBe(57971);
    expect(allowanceStandard(policy({ MINIMUM_WAGE_MONTHLY: 138001 }))).toBe(57960);
  });

  it('agrees with the eligibility engine', () => {
    for (const [wage, ratio] of [[138000, 0.42], [138025, 0.42], [138001, 0.4], [171717, 0.425]]) {
      const p = policy({ MINIMUM_WAGE_MONTHLY: wage, ALLOWANCE_STANDARD_RATIO: ratio });
      const household = { members: [member()], financialAssets: 0, vehicles: 0, otherProperties: 0, causes: [] };
      expect(allowanceStandard(p)).toBe(assessEligibility(household, p).allowanceStandard);
    }
  });

  it('refuses a missing parameter', () => {
    const p = policy();
    delete (p.values as Partial<PolicyValues>).ALLOWANCE_STANDARD_RATIO;
    expect(() => allowanceStandard(p)).toThrow(RangeError);
  });
});

describe('monthlyAllowance (R17, I3)', () => {
  it('3 members, income 60000: base 57960×3 − 60000 = 113880, + elder 2000 + child minor 2000 + ill 3000 = 120880', () => {
    const r = monthlyAllowance({ members: family() }, policy());
    expect(r.standard).toBe(57960);
    expect(r.base).toBe(113880);
    expect(r.supplements).toEqual([
      { member: 'elder', group: 'ELDERLY', amount: 2000 },
      { member: 'child', group: 'MINOR', amount: 2000 },
      { member: 'child', group: 'SERIOUSLY_ILL', amount: 3000 },
    ]);
    expect(r.amount).toBe(120880);
    expectWellFormedTrace(r.trace, 'R17', [
      'MINIMUM_WAGE_MONTHLY', 'ALLOWANCE_STANDARD_RATIO', 'ELDERLY_AGE', 'MINOR_AGE', 'SEVERE_DISABILITY_MAX_GRADE',
      'SUPPLEMENT_ELDERLY', 'SUPPLEMENT_MINOR', 'SUPPLEMENT_SEVERELY_DISABLED', 'SUPPLEMENT_SERIOUSLY_ILL',
    ]);
    expect(r.trace.parameters.allowanceStandard).toBe(57960);
    expect(r.trace.inputs).toMatchObject({ memberCount: 3, totalMonthlyIncome: 60000, standardTimesMembers: 173880, base: 113880, supplementTotal: 7000, asOf: AS_OF });
    expect(r.trace.explanationZh).toContain('1208.80');
    expect(r.trace.explanationEn).toContain('1208.80');
    expect(r.trace.explanationZh).toContain('1138.80');
  });

  it('uses the household total, not a rounded per-capita figure: income 100000 over 3 → 173880 − 100000 = 73880', () => {
    // per capita 33333.33…; (57960 − 33333) × 3 = 73881 would be off by one fen.
    const r = monthlyAllowance({ members: family([100000, 0, 0]) }, policy());
    expect(r.base).toBe(73880);
    expect(r.amount).toBe(73880 + 7000);
  });

  it('income at or above the line: base 0, supplements still listed (caller pays only allowance households)', () => {
    // exactly at the line: 173880 → base 0
    const atLine = monthlyAllowance({ members: family([173880, 0, 0]) }, policy());
    expect(atLine.base).toBe(0);
    expect(atLine.supplements).toHaveLength(3);
    expect(atLine.amount).toBe(7000);
    // well above: never negative
    const above = monthlyAllowance({ members: family([500000, 0, 0]) }, policy());
    expect(above.base).toBe(0);
    expect(above.amount).toBe(7000);
    expect(above.trace.explanationEn).toMatch(/base allowance is 0/);
    expect(above.trace.explanationEn).toMatch(/only within allowance households/);
    expect(above.trace.explanationZh).toContain('低保家庭');
    // one fen below the line → base 1
    expect(monthlyAllowance({ members: family([173879, 0, 0]) }, policy()).base).toBe(1);
  });

  it('a member in several groups gets each group: elder, grade-1 disabled, seriously ill → 2000 + 3000 + 3000', () => {
    const m = member({ ref: 'gran', birthDate: '1950-01-01', disabilityGrade: 1, illness: 'SERIOUS', monthlyIncome: 57960 });
    const r = monthlyAllowance({ members: [m] }, policy());
    expect(r.base).toBe(0);
    expect(r.supplements.map((s) => [s.group, s.amount])).toEqual([['ELDERLY', 2000], ['SEVERELY_DISABLED', 3000], ['SERIOUSLY_ILL', 3000]]);
    expect(r.amount).toBe(8000);
  });

  it('group boundaries: 60 is elderly, 59 is not; 17 is a minor, 18 is not; grade 2 severe, 3 not; CHRONIC is not serious', () => {
    const members = [
      member({ ref: 'sixty', birthDate: '1966-11-28' }),
      member({ ref: 'fifty-nine', birthDate: '1966-11-29' }),
      member({ ref: 'eighteen', birthDate: '2008-11-28' }),
      member({ ref: 'seventeen', birthDate: '2008-11-29' }),
      member({ ref: 'grade2', disabilityGrade: 2 }),
      member({ ref: 'grade3', disabilityGrade: 3 }),
      member({ ref: 'chronic', illness: 'CHRONIC' }),
    ];
    const r = monthlyAllowance({ members }, policy());
    expect(r.supplements.map((s) => `${s.member}:${s.group}`)).toEqual(['sixty:ELDERLY', 'seventeen:MINOR', 'grade2:SEVERELY_DISABLED']);
    // base: 57960 × 7 = 405720, no income
    expect(r.base).toBe(405720);
    expect(r.amount).toBe(405720 + 2000 + 2000 + 3000);
  });

  it('ages are taken on policy.asOf', () => {
    const m = [member({ ref: 'x', birthDate: '1966-11-28', monthlyIncome: 57960 })];
    expect(monthlyAllowance({ members: m }, policy({}, '2026-11-27')).supplements).toEqual([]);
    expect(monthlyAllowance({ members: m }, policy({}, '2026-11-28')).supplements).toEqual([{ member: 'x', group: 'ELDERLY', amount: 2000 }]);
  });

  it('group thresholds and amounts come from the policy', () => {
    const r = monthlyAllowance(
      { members: family() },
      policy({ ELDERLY_AGE: 80, MINOR_AGE: 16, SUPPLEMENT_MINOR: 1000, SUPPLEMENT_SERIOUSLY_ILL: 1500, SEVERE_DISABILITY_MAX_GRADE: 1 }),
    );
    // elder is 76 < 80: no elderly supplement; child: minor 1000 + ill 1500
    expect(r.supplements.map((s) => [s.member, s.group, s.amount])).toEqual([['child', 'MINOR', 1000], ['child', 'SERIOUSLY_ILL', 1500]]);
    expect(r.amount).toBe(113880 + 2500);
  });

  it('no members → 0; negative or fractional income → RangeError', () => {
    const empty = monthlyAllowance({ members: [] }, policy());
    expect(empty).toMatchObject({ amount: 0, base: 0, supplements: [] });
    expect(() => monthlyAllowance({ members: [member({ monthlyIncome: -1 })] }, policy())).toThrow(RangeError);
    expect(() => monthlyAllowance({ members: [member({ monthlyIncome: 0.5 })] }, policy())).toThrow(RangeError);
    expect(() => monthlyAllowance({ members: family() }, policy({}, '2026-02-30'))).toThrow(RangeError);
  });
});

describe('rentSubsidy (R15)', () => {
  it('3900 × 3 persons × 12 months = 140400', () => {
    const r = rentSubsidy({ members: 3, months: 12 }, policy());
    expect(r.amount).toBe(140400);
    expectWellFormedTrace(r.trace, 'R15', ['RENT_SUBSIDY_PER_PERSON_MONTH']);
    expect(r.trace.inputs).toEqual({ members: 3, months: 12 });
    expect(r.trace.explanationZh).toContain('1404.00');
  });

  it('0 months → 0; a changed rate changes the amount (4500 × 2 × 6 = 54000)', () => {
    expect(rentSubsidy({ members: 3, months: 0 }, policy()).amount).toBe(0);
    expect(rentSubsidy({ members: 2, months: 6 }, policy({ RENT_SUBSIDY_PER_PERSON_MONTH: 4500 })).amount).toBe(54000);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => rentSubsidy({ members: -1, months: 12 }, policy())).toThrow(RangeError);
    expect(() => rentSubsidy({ members: 3, months: 1.5 }, policy())).toThrow(RangeError);
  });
});

describe('housingAidApplies (R15)', () => {
  it('38.99 m² for 3 persons is below 13 × 3 = 39 → applies', () => {
    const r = housingAidApplies({ housingArea: 38.99, members: 3 }, policy());
    expect(r.applies).toBe(true);
    expectWellFormedTrace(r.trace, 'R15', ['HOUSING_AREA_THRESHOLD']);
    expect(r.trace.parameters.areaLimit).toBe(39);
    // 38.99 / 3 = 12.99666… shown truncated as 12.99, never as 13.00
    expect(r.trace.inputs.perCapitaArea).toBe(12.99);
    expect(r.trace.explanationEn).toContain('38.99 m²');
  });

  it('exactly 39 m² for 3 persons is not below → does not apply; 39.01 neither', () => {
    const r = housingAidApplies({ housingArea: 39, members: 3 }, policy());
    expect(r.applies).toBe(false);
    expect(r.trace.explanationEn).toContain('exactly at');
    expect(housingAidApplies({ housingArea: 39.01, members: 3 }, policy()).applies).toBe(false);
  });

  it('compares exactly, without float error (0.1 + 0.2 m² against a 0.3 m² threshold is not below)', () => {
    expect(housingAidApplies({ housingArea: 0.1 + 0.2, members: 1 }, policy({ HOUSING_AREA_THRESHOLD: 0.3 })).applies).toBe(false);
    expect(housingAidApplies({ housingArea: 40.49, members: 3 }, policy({ HOUSING_AREA_THRESHOLD: 13.5 })).applies).toBe(true);
    expect(housingAidApplies({ housingArea: 40.5, members: 3 }, policy({ HOUSING_AREA_THRESHOLD: 13.5 })).applies).toBe(false);
  });

  it('refuses no members or a negative area', () => {
    expect(() => housingAidApplies({ housingArea: 30, members: 0 }, policy())).toThrow(RangeError);
    expect(() => housingAidApplies({ housingArea: -1, members: 2 }, policy())).toThrow(RangeError);
  });
});

describe('educationGrant (R14)', () => {
  it('preschool: 200000 = 100000 claimed at second tier + 100000 from the school fund', () => {
    const r = educationGrant({ stage: 'PRESCHOOL' }, policy());
    expect(r.amount).toBe(200000);
    expect(r.split).toEqual({ claimedSecondTier: 100000, fromSchoolFund: 100000 });
    expectWellFormedTrace(r.trace, 'R14', ['PRESCHOOL_GRANT_FIRST_TIER', 'PRESCHOOL_GRANT_SECOND_TIER']);
  });

  it('senior high: 300000 = 170000 claimed + 130000 from the school fund', () => {
    const r = educationGrant({ stage: 'SENIOR_HIGH' }, policy());
    expect(r.amount).toBe(300000);
    expect(r.split).toEqual({ claimedSecondTier: 170000, fromSchoolFund: 130000 });
    expectWellFormedTrace(r.trace, 'R14', ['SENIOR_HIGH_GRANT_FIRST_TIER', 'SENIOR_HIGH_GRANT_SECOND_TIER']);
    expect(r.trace.explanationZh).toContain('1300.00');
  });

  it('equal tiers → nothing from the school fund; first below second → RangeError; unknown stage → RangeError', () => {
    expect(educationGrant({ stage: 'PRESCHOOL' }, policy({ PRESCHOOL_GRANT_SECOND_TIER: 200000 })).split.fromSchoolFund).toBe(0);
    expect(() => educationGrant({ stage: 'SENIOR_HIGH' }, policy({ SENIOR_HIGH_GRANT_FIRST_TIER: 160000 }))).toThrow(RangeError);
    expect(() => educationGrant({ stage: 'PRIMARY' as never }, policy())).toThrow(RangeError);
  });
});

describe('socialInsuranceSubsidy (R12)', () => {
  it('30% of 456789 = 137036.7 → 137037', () => {
    const r = socialInsuranceSubsidy({ contributionsPaid: 456789 }, policy());
    expect(r.amount).toBe(137037);
    expectWellFormedTrace(r.trace, 'R12', ['SOCIAL_INSURANCE_SUBSIDY_RATIO']);
    expect(r.trace.explanationZh).toContain('30%');
    expect(r.trace.explanationZh).toContain('1370.37');
  });

  it('rounds half up exactly: 30% of 5 = 1.5 → 2; of 1 = 0.3 → 0; of 0 = 0', () => {
    expect(socialInsuranceSubsidy({ contributionsPaid: 5 }, policy()).amount).toBe(2);
    expect(socialInsuranceSubsidy({ contributionsPaid: 1 }, policy()).amount).toBe(0);
    expect(socialInsuranceSubsidy({ contributionsPaid: 0 }, policy()).amount).toBe(0);
    // 14.5% of 100 = 14.5 exactly → 15 (the float product 0.145 × 100 is 14.499999999999998 → 14)
    expect(socialInsuranceSubsidy({ contributionsPaid: 100 }, policy({ SOCIAL_INSURANCE_SUBSIDY_RATIO: 0.145 })).amount).toBe(15);
  });

  it('refuses negative or fractional contributions', () => {
    expect(() => socialInsuranceSubsidy({ contributionsPaid: -1 }, policy())).toThrow(RangeError);
    expect(() => socialInsuranceSubsidy({ contributionsPaid: 10.5 }, policy())).toThrow(RangeError);
  });
});

describe('concentratedCareStandards / extremePovertySupport (R17)', () => {
  it('dispersed round(1.3 × 57960) = 75348; semi round(97952.4) = 97952; full round(105487.2) = 105487', () => {
    const r = concentratedCareStandards({}, policy());
    expect(r).toMatchObject({ amount: 75348, dispersed: 75348, semiCare: 97952, fullCare: 105487 });
    expect(extremePovertySupport(policy())).toBe(75348);
    expectWellFormedTrace(r.trace, 'R17', ['MINIMUM_WAGE_MONTHLY', 'ALLOWANCE_STANDARD_RATIO', 'EXTREME_POVERTY_SUPPORT_RATIO', 'SEMI_CARE_RATIO', 'FULL_CARE_RATIO']);
    expect(r.trace.parameters.allowanceStandard).toBe(57960);
    expect(r.trace.explanationZh).toContain('753.48');
    expect(r.trace.explanationZh).toContain('979.52');
    expect(r.trace.explanationZh).toContain('1054.87');
  });

  it('rounds half up on each step: standard 57965 → dispersed 1.3 × 57965 = 75354.5 → 75355', () => {
    // standard 115930 × 0.5 = 57965
    const p = policy({ MINIMUM_WAGE_MONTHLY: 115930, ALLOWANCE_STANDARD_RATIO: 0.5 });
    expect(allowanceStandard(p)).toBe(57965);
    const r = concentratedCareStandards({}, p);
    expect(r.dispersed).toBe(75355);
    // semi 1.3 × 75355 = 97961.5 → 97962; full 1.4 × 75355 = 105497
    expect(r.semiCare).toBe(97962);
    expect(r.fullCare).toBe(105497);
  });
});

describe('parameter changes', () => {
  it('ratio 0.40 (the old R2 ratio) changes every standard-linked result', () => {
    const p = policy({ ALLOWANCE_STANDARD_RATIO: 0.4 });
    expect(allowanceStandard(p)).toBe(55200);
    const a = monthlyAllowance({ members: family() }, p);
    expect(a.base).toBe(105600);
    expect(a.amount).toBe(112600);
    expect(a.trace.parameters.ALLOWANCE_STANDARD_RATIO).toBe(0.4);
    expect(concentratedCareStandards({}, p)).toMatchObject({ dispersed: 71760, semiCare: 93288, fullCare: 100464 });
    expect(extremePovertySupport(p)).toBe(71760);
  });

  it('other parameters flow through: social-insurance ratio 0.5, care ratios 1.5 / 1.6', () => {
    expect(socialInsuranceSubsidy({ contributionsPaid: 456789 }, policy({ SOCIAL_INSURANCE_SUBSIDY_RATIO: 0.5 })).amount).toBe(228395); // 228394.5 → 228395
    const c = concentratedCareStandards({}, policy({ SEMI_CARE_RATIO: 1.5, FULL_CARE_RATIO: 1.6 }));
    expect(c).toMatchObject({ dispersed: 75348, semiCare: 113022, fullCare: 120557 }); // 113022; 120556.8 → 120557
  });

  it('amounts are always safe integers', () => {
    const results = [
      monthlyAllowance({ members: family([12345, 678, 9]) }, policy({ ALLOWANCE_STANDARD_RATIO: 0.4237 })),
      rentSubsidy({ members: 5, months: 7 }, policy()),
      educationGrant({ stage: 'PRESCHOOL' }, policy()),
      socialInsuranceSubsidy({ contributionsPaid: 987654321 }, policy({ SOCIAL_INSURANCE_SUBSIDY_RATIO: 0.333333 })),
      concentratedCareStandards({}, policy({ MINIMUM_WAGE_MONTHLY: 137777, ALLOWANCE_STANDARD_RATIO: 0.4111, SEMI_CARE_RATIO: 1.3333 })),
    ];
    for (const r of results) expect(Number.isSafeInteger(r.amount)).toBe(true);
    const c = results[4] as ReturnType<typeof concentratedCareStandards>;
    for (const v of [c.dispersed, c.semiCare, c.fullCare]) expect(Number.isSafeInteger(v)).toBe(true);
  });
});
