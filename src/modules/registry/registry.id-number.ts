/**
 * Resident identity card numbers (GB 11643): 6-digit region, 8-digit birth date, 3-digit
 * sequence (odd = male, even = female), ISO 7064 MOD 11-2 check character.
 */
import { Sex } from './registry.enums';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECK_DIGIT';

export interface ParsedIdNumber {
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Parses and validates; `today` (YYYY-MM-DD) bounds the birth date. */
export function parseIdNumber(raw: string, today: string): ParsedIdNumber | { problem: IdNumberProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return { problem: 'FORMAT' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || y < 1900 || birthDate > today) return { problem: 'BIRTH_DATE' };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { problem: 'CHECK_DIGIT' };
  return { idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? Sex.MALE : Sex.FEMALE };
}

/**
 * Builds a well-formed number for an invented person (demo and test data only).
 * `sequence` 0–499 picks the sequence code; the sex fixes its parity.
 */
export function syntheticIdNumber(region: string, birthDate: string, sequence: number, sex: Sex): string {
  const seq = 2 * (sequence % 500) + (sex === Sex.MALE ? 1 : 0);
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

// Masking is an access rule: MASKING in src/access/matrix.ts, applied by src/graphql/field-guard.ts.
