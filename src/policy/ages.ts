/**
 * Whole-year ages for the eligibility rules (I2: "elderly is 60 and over", "minors are under 16 /
 * under 18"). Pure calendar arithmetic on YYYY-MM-DD strings: no Date objects, no time zones, so
 * the result is the same on every server (the county calendar date is the caller's business).
 */

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a calendar date `YYYY-MM-DD` (a real date: 2023-02-29 is rejected). Throws RangeError. */
export function parseCalendarDate(value: string): CalendarDate {
  const m = ISO_DATE.exec(value);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: ${value}`);
  }
  return { year, month, day };
}

/**
 * Age in whole years on `onDate` (周岁): the number of birthdays reached on or before that day.
 * A birthday is reached ON its anniversary: someone born 1966-11-28 is 60 on 2026-11-28.
 *
 * Leap-day births: a person born on 29 February reaches the birthday on 1 March in a non-leap
 * year (still 59 on 28 February, 60 on 1 March). That falls out of comparing (month, day) pairs,
 * since (2, 28) < (2, 29) < (3, 1).
 *
 * Throws RangeError when either date is malformed or the birth date is after `onDate`.
 */
export function ageInWholeYears(birthDate: string, onDate: string): number {
  const b = parseCalendarDate(birthDate);
  const d = parseCalendarDate(onDate);
  const beforeBirthday = d.month < b.month || (d.month === b.month && d.day < b.day);
  const age = d.year - b.year - (beforeBirthday ? 1 : 0);
  if (age < 0) throw new RangeError(`Birth date ${birthDate} is after ${onDate}`);
  return age;
}
