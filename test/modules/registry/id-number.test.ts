import { checkCharacter, parseIdNumber, syntheticIdNumber } from '../../../src/modules/registry/registry.id-number';
import { maskIdNumber } from '../../../src/graphql/field-guard';
import { Sex } from '../../../src/modules/registry/registry.enums';

const TODAY = '2026-11-28';

describe('national id numbers (GB 11643)', () => {
  it('computes the ISO 7064 MOD 11-2 check character (hand-computed example)', () => {
    // 11010519491231002: weighted sum 167, 167 mod 11 = 2 → 'X'
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('parses a valid number into birth date and sex', () => {
    expect(parseIdNumber('11010519491231002x', TODAY)).toEqual({ idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: Sex.FEMALE });
    const male = syntheticIdNumber('350421', '1990-02-28', 7, Sex.MALE);
    expect(parseIdNumber(male, TODAY)).toEqual({ idNumber: male, birthDate: '1990-02-28', sex: Sex.MALE });
  });

  it.each([
    ['11010519491231002', 'FORMAT'],
    ['01010519491231002X', 'FORMAT'],
    ['1101051949123100AX', 'FORMAT'],
    ['110105194912310021', 'CHECK_DIGIT'],
    [`${'350421'}19790230001`, 'BIRTH_DATE'],
    [`${'350421'}20261129001`, 'BIRTH_DATE'],
    [`${'350421'}18991231001`, 'BIRTH_DATE'],
  ])('rejects %s (%s)', (raw, problem) => {
    const id = raw.length === 17 && problem !== 'FORMAT' ? raw + checkCharacter(raw) : raw;
    expect(parseIdNumber(id, TODAY)).toEqual({ problem });
  });

  it('accepts a person born today, and a leap day', () => {
    expect('problem' in parseIdNumber(syntheticIdNumber('350421', TODAY, 1, Sex.FEMALE), TODAY)).toBe(false);
    expect('problem' in parseIdNumber(syntheticIdNumber('350421', '2000-02-29', 1, Sex.FEMALE), TODAY)).toBe(false);
  });

  // The mask used to keep the sequence and check character (350421********123X); beside the age it
  // still narrowed the birth date, and the check character restores a hidden digit (MASKING).
  it('masks everything but the region code, the check character too', () => {
    expect(maskIdNumber('35042119800517123X')).toBe('350421************');
    expect(maskIdNumber('12345')).toBe('*****');
  });
});
