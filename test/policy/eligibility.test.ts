/**
 * Unit tests of the eligibility engine (R1–R7, I1–I3 of DOMAIN.md). Pure: no database, no clock.
 *
 * Fixture figures (hand-computed):
 *   R2 standard = 1380.00 yuan × 42% = 138000 fen × 0.42 = 57960 fen (579.60 yuan) per person.
 *   R6 line     = 57960 × 1.5 = 86940 fen per person; × 3 members = 260820 fen.
 *   R4 assets   = 24 months × 57960 = 1391040 fen per member; × 2 members = 2782080 fen.
 *   asOf 2026-11-28: born 1966-11-28 → 60; 1966-11-29 → 59; 2009-11-28 → 17; 2008-11-28 → 18;
 *   2011-11-28 → 15; 2010-11-28 → 16.
 */
import { ageInWholeYears, parseCalendarDate } from '../../src/policy/ages';
import { assessEligibility, formatYuan } from '../../src/policy/eligibility';
import { HouseholdSnapshot, MemberSnapshot, TraceStep } from '../../src/policy/eligibility.types';
import { AS_OF, member, policy } from '../support/policy';

/** An elderly person who meets R3 unless overridden. */
function elder(overrides: Partial<MemberSnapshot> = {}): MemberSnapshot {
  return member({ ref: 'elder', birthDate: '1950-01-01', workCapacity: 'NONE', hasLivelihoodSource: false, legalSupporter: 'NONE', ...overrides });
}

function household(members: MemberSnapshot[], overrides: Partial<HouseholdSnapshot> = {}): HouseholdSnapshot {
  return { members, financialAssets: 0, vehicles: 0, otherProperties: 0, causes: [], ...overrides };
}

/** n adults sharing `total` fen of income (remainder on the first). */
function adults(n: number, total: number): MemberSnapshot[] {
  const each = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => member({ ref: `m${i + 1}`, monthlyIncome: each + (i === 0 ? total - each * n : 0) }));
}

function step(trace: TraceStep[], rule: string, memberRef?: string): TraceStep {
  const found = trace.find((s) => s.rule === rule && (memberRef === undefined || s.member === memberRef));
  if (!found) throw new Error(`no ${rule} step${memberRef ? ` for ${memberRef}` : ''}`);
  return found;
}

describe('ages (whole years on asOf)', () => {
  it('counts a birthday as reached on its anniversary', () => {
    expect(ageInWholeYears('1966-11-28', '2026-11-28')).toBe(60);
    expect(ageInWholeYears('1966-11-28', '2026-11-27')).toBe(59);
    expect(ageInWholeYears('1966-11-29', '2026-11-28')).toBe(59);
    expect(ageInWholeYears('2026-11-28', '2026-11-28')).toBe(0);
  });

  it('reaches a 29 February birthday on 1 March in non-leap years', () => {
    expect(ageInWholeYears('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageInWholeYears('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageInWholeYears('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageInWholeYears('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('rejects malformed dates and births after the date', () => {
    expect(() => parseCalendarDate('2023-02-29')).toThrow(RangeError);
    expect(() => parseCalendarDate('2026-13-01')).toThrow(RangeError);
    expect(() => parseCalendarDate('28/11/2026')).toThrow(RangeError);
    expect(() => ageInWholeYears('2026-11-29', '2026-11-28')).toThrow(RangeError);
  });
});

describe('R2 standard', () => {
  it('is minimum wage × ratio to the fen, traced with the parameters and their effective dates', () => {
    const r = assessEligibility(household(adults(1, 0)), policy());
    expect(r.allowanceStandard).toBe(57960); // 138000 × 0.42
    const r2 = step(r.trace, 'R2');
    expect(r2.outcome).toBe('PASS');
    expect(r2.inputs).toEqual({ minimumWage: 138000, ratio: 0.42 });
    expect(r2.thresholds).toMatchObject({ standard: 57960, minimumWageEffectiveFrom: '2025-01-01', ratioEffectiveFrom: '2019-07-01' });
    expect(r2.explanationZh).toContain('1380.00元 × 42%');
    expect(r2.explanationZh).toContain('579.60元');
  });

  it('rounds half a fen up (138025 × 0.42 = 57970.5 → 57971) and below half down (138001 × 0.42 = 57960.42 → 57960)', () => {
    expect(assessEligibility(household(adults(1, 0)), policy({ MINIMUM_WAGE_MONTHLY: 138025 })).allowanceStandard).toBe(57971);
    expect(assessEligibility(household(adults(1, 0)), policy({ MINIMUM_WAGE_MONTHLY: 138001 })).allowanceStandard).toBe(57960);
  });

  it('changes with the ratio: 0.40 gives 55200 and changes the outcome for income 56000', () => {
    const h = household(adults(1, 56000));
    const at42 = assessEligibility(h, policy());
    const at40 = assessEligibility(h, policy({ ALLOWANCE_STANDARD_RATIO: 0.4 }));
    expect(at40.allowanceStandard).toBe(55200); // 138000 × 0.40
    expect(at42.categories).toContain('MINIMUM_LIVING_ALLOWANCE'); // 56000 < 57960
    expect(at40.categories).not.toContain('MINIMUM_LIVING_ALLOWANCE'); // 56000 ≥ 55200
    expect(step(at40.trace, 'R2').explanationZh).toContain('40%');
  });
});

describe('R4 minimum living allowance', () => {
  it('fails when income is exactly at the standard, and the trace says it is not below', () => {
    const r = assessEligibility(household(adults(1, 57960)), policy());
    const r4 = step(r.trace, 'R4');
    expect(r4.outcome).toBe('FAIL');
    expect(r4.explanationEn).toContain('not below the standard');
    expect(r4.explanationEn).toContain('exactly equal to');
    expect(r4.explanationZh).toContain('不属于低于低保标准');
    expect(r4.explanationZh).toContain('579.60元');
    expect(r.categories).toEqual([]);
    expect(r.qualifies).toBe(false);
  });

  it('passes one fen below the standard', () => {
    const r = assessEligibility(household(adults(1, 57959)), policy());
    expect(step(r.trace, 'R4').outcome).toBe('PASS');
    expect(r.categories).toEqual(['MINIMUM_LIVING_ALLOWANCE']);
    expect(r.qualifies).toBe(true);
    expect(step(r.trace, 'R1').outcome).toBe('PASS');
  });

  it('compares the exact total, not the rounded per-capita figure', () => {
    // 2 members, total 115919: per-capita 57959.5 rounds to 57960 = standard, yet 115919 < 57960 × 2 = 115920.
    const r = assessEligibility(household(adults(2, 115919)), policy());
    expect(r.perCapitaMonthlyIncome).toBe(57960);
    expect(step(r.trace, 'R4').outcome).toBe('PASS');
    // 3 members at 173880 = 57960 × 3: at the standard, fails.
    expect(step(assessEligibility(household(adults(3, 173880)), policy()).trace, 'R4').outcome).toBe('FAIL');
  });

  it('traces totals, per-capita, assets and the limits it used', () => {
    const r = assessEligibility(household(adults(2, 100000), { financialAssets: 5000 }), policy());
    const r4 = step(r.trace, 'R4');
    expect(r4.inputs).toMatchObject({ totalMonthlyIncome: 100000, memberCount: 2, perCapitaMonthlyIncome: 50000, financialAssets: 5000, vehicles: 0, otherProperties: 0 });
    expect(r4.thresholds).toMatchObject({ standard: 57960, standardTimesMembers: 115920, financialAssetLimit: 2782080, maxVehicles: 0, maxOtherProperties: 0 });
  });

  it('fails on financial assets one fen over 24 months × standard × members, while R6 can still pass', () => {
    // limit = 24 × 57960 × 2 = 2782080 fen
    const atLimit = assessEligibility(household(adults(2, 100000), { financialAssets: 2782080, causes: ['ILLNESS'] }), policy());
    expect(step(atLimit.trace, 'R4').outcome).toBe('PASS');

    const over = assessEligibility(household(adults(2, 100000), { financialAssets: 2782081, causes: ['ILLNESS'] }), policy());
    const r4 = step(over.trace, 'R4');
    expect(r4.outcome).toBe('FAIL');
    expect(r4.explanationEn).toContain('financial assets');
    expect(r4.explanationEn).not.toContain('not below'); // the income part is fine; only assets are named
    expect(r4.explanationZh).toContain('超过上限27820.80元');
    expect(step(over.trace, 'R6').outcome).toBe('PASS');
    expect(over.categories).toEqual(['EXPENDITURE_LOW_INCOME']);
    expect(over.qualifies).toBe(true);
  });

  it('fails with a vehicle or another property beyond the limits, naming which', () => {
    const car = step(assessEligibility(household(adults(1, 0), { vehicles: 1 }), policy()).trace, 'R4');
    expect(car.outcome).toBe('FAIL');
    expect(car.explanationEn).toContain('1 vehicle(s) over the limit of 0');
    expect(car.explanationZh).toContain('机动车1辆超过上限0辆');
    const flat = step(assessEligibility(household(adults(1, 0), { otherProperties: 1 }), policy()).trace, 'R4');
    expect(flat.outcome).toBe('FAIL');
    expect(flat.explanationZh).toContain('自住房以外房产1套超过上限0套');
    // a county allowing one vehicle
    expect(step(assessEligibility(household(adults(1, 0), { vehicles: 1 }), policy({ ASSET_MAX_VEHICLES: 1 })).trace, 'R4').outcome).toBe('PASS');
  });
});

describe('R6 expenditure-type low income', () => {
  it('passes at exactly 1.5 × standard × members with a cause (260820 = 57960 × 1.5 × 3)', () => {
    const r = assessEligibility(household(adults(3, 260820), { causes: ['ILLNESS'] }), policy());
    const r6 = step(r.trace, 'R6');
    expect(r6.outcome).toBe('PASS');
    expect(r6.thresholds).toMatchObject({ standard: 57960, multiplier: 1.5, incomeLine: 260820 });
    expect(r6.explanationEn).toContain('exactly at');
    expect(r6.explanationZh).toContain('2608.20元');
    expect(r6.explanationZh).toContain('因病');
    expect(step(r.trace, 'R4').outcome).toBe('FAIL'); // 260820 ≥ 173880
    expect(r.categories).toEqual(['EXPENDITURE_LOW_INCOME']);
    expect(r.qualifies).toBe(true);
  });

  it('fails one fen above the line', () => {
    const r = assessEligibility(household(adults(3, 260821), { causes: ['ILLNESS'] }), policy());
    const r6 = step(r.trace, 'R6');
    expect(r6.outcome).toBe('FAIL');
    expect(r6.explanationEn).toContain('over the line');
    expect(r6.explanationZh).toContain('超出收入线');
    expect(r.qualifies).toBe(false);
  });

  it('fails at 1.5 × without any cause, explaining that no cause applies', () => {
    const r = assessEligibility(household(adults(3, 260820), { causes: [] }), policy());
    const r6 = step(r.trace, 'R6');
    expect(r6.outcome).toBe('FAIL');
    expect(r6.inputs.causes).toEqual([]);
    expect(r6.explanationEn).toContain('no cause of hardship');
    expect(r6.explanationEn).not.toContain('over the line');
    expect(r6.explanationZh).toContain('没有因病、因残、因学、因灾等致贫原因');
  });

  it('has no floating-point error where naive arithmetic has one (1.16 × 57960 × 5 = 336168)', () => {
    // In doubles 1.16 * 57960 * 5 = 336167.99999999994, which would wrongly reject 336168.
    const p = policy({ EXPENDITURE_INCOME_MULTIPLIER: 1.16 });
    expect(step(assessEligibility(household(adults(5, 336168), { causes: ['DISASTER'] }), p).trace, 'R6').outcome).toBe('PASS');
    expect(step(assessEligibility(household(adults(5, 336169), { causes: ['DISASTER'] }), p).trace, 'R6').outcome).toBe('FAIL');
  });

  it('lists every cause present, in the R11 order', () => {
    const r = assessEligibility(household(adults(1, 0), { causes: ['DISASTER', 'SCHOOLING'] }), policy());
    expect(step(r.trace, 'R6').inputs.causes).toEqual(['SCHOOLING', 'DISASTER']);
    expect(r.categories).toEqual(['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME']);
  });
});

describe('R5 orphan', () => {
  const rich = { monthlyIncome: 1_000_000 }; // no income test for R5 (I1)

  it('recognises a 17-year-old whose parents have both died, whatever the income', () => {
    const r = assessEligibility(household([member(rich), member({ ref: 'child', birthDate: '2009-11-28', parentalStatus: 'BOTH_DECEASED' })]), policy());
    const r5 = step(r.trace, 'R5', 'child');
    expect(r5.outcome).toBe('PASS');
    expect(r5.inputs).toEqual({ age: 17, parentalStatus: 'BOTH_DECEASED' });
    expect(r5.thresholds).toEqual({ minorAge: 18 });
    expect(r5.explanationZh).toContain('父母双方均已死亡');
    expect(r.categories).toEqual(['ORPHAN']);
    expect(r.qualifies).toBe(true);
  });

  it('recognises a minor whose birth parents cannot be found', () => {
    const r = assessEligibility(household([member({ ref: 'child', birthDate: '2015-03-01', parentalStatus: 'CANNOT_BE_FOUND' })]), policy());
    expect(step(r.trace, 'R5', 'child').outcome).toBe('PASS');
    expect(r.categories).toContain('ORPHAN');
  });

  it('does not apply to an 18-year-old: a household-level NOT_APPLICABLE step', () => {
    const r = assessEligibility(household([member({ ...rich, ref: 'young adult', birthDate: '2008-11-28', parentalStatus: 'BOTH_DECEASED' })]), policy());
    const r5 = r.trace.filter((s) => s.rule === 'R5');
    expect(r5).toHaveLength(1);
    expect(r5[0].member).toBeUndefined();
    expect(r5[0].outcome).toBe('NOT_APPLICABLE');
    expect(r5[0].thresholds).toEqual({ minorAge: 18 });
    expect(r.categories).toEqual([]);
  });

  it('fails for a minor with parents present, and steps only for minors', () => {
    const r = assessEligibility(household([member({ ref: 'parent' }), member({ ref: 'child', birthDate: '2012-06-01' })]), policy());
    const r5 = r.trace.filter((s) => s.rule === 'R5');
    expect(r5.map((s) => s.member)).toEqual(['child']);
    expect(r5[0].outcome).toBe('FAIL');
    expect(r5[0].explanationEn).toContain('not an orphan');
  });

  it('follows MINOR_AGE from the policy', () => {
    const h = household([member({ ref: 'child', birthDate: '2009-11-28', parentalStatus: 'BOTH_DECEASED', ...rich })]);
    expect(assessEligibility(h, policy({ MINOR_AGE: 17 })).categories).not.toContain('ORPHAN');
  });
});

describe('R3 extreme poverty', () => {
  it('passes for an elderly person whose legal supporter cannot support (UNABLE)', () => {
    const r = assessEligibility(household([elder({ legalSupporter: 'UNABLE', monthlyIncome: 1_000_000 })]), policy());
    const r3 = step(r.trace, 'R3', 'elder');
    expect(r3.outcome).toBe('PASS');
    expect(r3.inputs).toEqual({ age: 76, workCapacity: 'NONE', hasLivelihoodSource: false, legalSupporter: 'UNABLE', disabled: false });
    expect(r3.thresholds).toEqual({ elderlyAge: 60, minorAge: 16 });
    expect(r.categories).toEqual(['EXTREME_POVERTY']); // no income test (I1)
  });

  it('passes with no legal supporter (NONE)', () => {
    expect(step(assessEligibility(household([elder({ legalSupporter: 'NONE' })]), policy()).trace, 'R3', 'elder').outcome).toBe('PASS');
  });

  it('fails with a legal supporter able to support (ABLE), saying so', () => {
    const r3 = step(assessEligibility(household([elder({ legalSupporter: 'ABLE' })]), policy()).trace, 'R3', 'elder');
    expect(r3.outcome).toBe('FAIL');
    expect(r3.explanationEn).toContain('has a legal supporter able to support them');
    expect(r3.explanationZh).toContain('有具备赡养、抚养、扶养能力的法定义务人');
  });

  it('counts someone turning 60 exactly on asOf as elderly, not the day before', () => {
    const h = household([elder({ birthDate: '1966-11-28' })]);
    const on = step(assessEligibility(h, policy()).trace, 'R3', 'elder');
    expect(on.inputs.age).toBe(60);
    expect(on.outcome).toBe('PASS');
    const before = step(assessEligibility(h, policy({}, '2026-11-27')).trace, 'R3', 'elder');
    expect(before.inputs.age).toBe(59);
    expect(before.outcome).toBe('FAIL');
    expect(before.explanationEn).toContain('neither elderly (60 or over), nor disabled, nor a minor under 16');
  });

  it('takes a 15-year-old but not a 16-year-old as an R3 minor', () => {
    const kid = (birthDate: string) => household([member({ ref: 'kid', birthDate, workCapacity: 'NONE', hasLivelihoodSource: false, legalSupporter: 'NONE' })]);
    const at15 = step(assessEligibility(kid('2011-11-28'), policy()).trace, 'R3', 'kid');
    expect(at15.inputs.age).toBe(15);
    expect(at15.outcome).toBe('PASS');
    const at16 = step(assessEligibility(kid('2010-11-28'), policy()).trace, 'R3', 'kid');
    expect(at16.inputs.age).toBe(16);
    expect(at16.outcome).toBe('FAIL');
  });

  it('takes a disabled working-age adult', () => {
    const r3 = step(assessEligibility(household([elder({ birthDate: '1986-05-10', disabilityGrade: 3 })]), policy()).trace, 'R3', 'elder');
    expect(r3.inputs).toMatchObject({ age: 40, disabled: true });
    expect(r3.outcome).toBe('PASS');
  });

  it('names every failed condition', () => {
    const r3 = step(assessEligibility(household([member({ ref: 'A', workCapacity: 'PARTIAL' })]), policy()).trace, 'R3', 'A');
    expect(r3.outcome).toBe('FAIL');
    expect(r3.explanationEn).toContain('neither elderly');
    expect(r3.explanationEn).toContain('has partial capacity to work');
    expect(r3.explanationEn).toContain('has a source of livelihood');
    expect(r3.explanationEn).toContain('legal supporter able');
    expect(r3.explanationZh).toContain('有部分劳动能力');
    expect(r3.explanationZh).toContain('有生活来源');
  });

  it('puts the household in the category when any one member meets it, with one step per member', () => {
    const r = assessEligibility(household([member({ ref: 'son', monthlyIncome: 900_000 }), elder({ ref: 'grandmother', legalSupporter: 'UNABLE' })]), policy());
    expect(r.trace.filter((s) => s.rule === 'R3').map((s) => [s.member, s.outcome])).toEqual([['son', 'FAIL'], ['grandmother', 'PASS']]);
    expect(r.categories).toEqual(['EXTREME_POVERTY']);
  });

  it('follows ELDERLY_AGE from the policy', () => {
    const h = household([elder({ birthDate: '1966-11-28' })]);
    expect(assessEligibility(h, policy({ ELDERLY_AGE: 65 })).categories).not.toContain('EXTREME_POVERTY');
  });
});

describe('R1/R7 summary and the trace', () => {
  it('orders categories R3, R4, R5, R6', () => {
    const r = assessEligibility(
      household(
        [elder({ ref: 'grandfather' }), member({ ref: 'orphan', birthDate: '2014-04-04', parentalStatus: 'BOTH_DECEASED' })],
        { causes: ['SCHOOLING'] },
      ),
      policy(),
    );
    expect(r.categories).toEqual(['EXTREME_POVERTY', 'MINIMUM_LIVING_ALLOWANCE', 'ORPHAN', 'EXPENDITURE_LOW_INCOME']);
    const r1 = r.trace[r.trace.length - 1];
    expect(r1.rule).toBe('R1');
    expect(r1.outcome).toBe('PASS');
    expect(r1.explanationZh).toContain('城市特困人员、城市低保对象、城市孤儿、城市支出型贫困低收入家庭');
  });

  it('traces R2, I3, R3 per member, R4, R5, R6, R1 in that order; every step names its rule and thresholds', () => {
    const r = assessEligibility(household([member({ ref: 'a' }), member({ ref: 'b', birthDate: '2012-01-01' })]), policy());
    expect(r.trace.map((s) => `${s.rule}${s.member ? `:${s.member}` : ''}`)).toEqual(['R2', 'I3', 'R3:a', 'R3:b', 'R4', 'R5:b', 'R6', 'R1']);
    for (const s of r.trace) {
      expect(s.rule).toMatch(/^(R[1-7]|I3)$/);
      expect(Object.keys(s.thresholds).length).toBeGreaterThan(0);
      expect(s.explanationZh.length).toBeGreaterThan(0);
      expect(s.explanationEn.length).toBeGreaterThan(0);
      expect(['PASS', 'FAIL', 'NOT_APPLICABLE']).toContain(s.outcome);
    }
  });

  it('does not qualify when nothing applies, saying so', () => {
    const r = assessEligibility(household(adults(2, 400000), { causes: ['ILLNESS'] }), policy());
    expect(r.qualifies).toBe(false);
    expect(r.categories).toEqual([]);
    const r1 = step(r.trace, 'R1');
    expect(r1.outcome).toBe('FAIL');
    expect(r1.explanationEn).toContain('none of R3, R4, R5 or R6');
  });

  it('reports a household with zero members as not qualifying, with an explanation', () => {
    const r = assessEligibility(household([], { causes: ['ILLNESS'] }), policy());
    expect(r.qualifies).toBe(false);
    expect(r.categories).toEqual([]);
    expect(r.memberCount).toBe(0);
    expect(r.perCapitaMonthlyIncome).toBe(0);
    expect(r.trace.map((s) => s.rule)).toEqual(['R2', 'I3', 'R1']);
    const i3 = step(r.trace, 'I3');
    expect(i3.outcome).toBe('FAIL');
    expect(i3.explanationEn).toContain('no members');
    expect(i3.explanationZh).toContain('家庭成员人数为0');
  });

  it('reports totals and per-capita income (I3) in the result and in yuan in the explanations', () => {
    const r = assessEligibility(household(adults(3, 100001)), policy());
    expect(r.totalMonthlyIncome).toBe(100001);
    expect(r.memberCount).toBe(3);
    expect(r.perCapitaMonthlyIncome).toBe(33334); // 33333.67 rounded
    expect(r.asOf).toBe(AS_OF);
    expect(step(r.trace, 'I3').explanationZh).toContain('月人均收入333.34元');
    expect(step(r.trace, 'R4').explanationZh).toContain('家庭月总收入1000.01元');
  });

  it('is pure: same answer twice, inputs untouched', () => {
    const h = household([elder(), member({ ref: 'child', birthDate: '2012-01-01' })], { causes: ['ILLNESS'] });
    const p = policy();
    const hCopy = structuredClone(h);
    const pCopy = structuredClone(p);
    const first = assessEligibility(h, p);
    expect(assessEligibility(h, p)).toEqual(first);
    expect(h).toEqual(hCopy);
    expect(p).toEqual(pCopy);
  });

  it('rejects non-integer money', () => {
    expect(() => assessEligibility(household([member({ monthlyIncome: 100.5 })]), policy())).toThrow(RangeError);
  });
});

describe('formatYuan', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatYuan(57960)).toBe('579.60');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-150)).toBe('-1.50');
  });
});
