/**
 * The county's calendar (Asia/Shanghai, DOMAIN I4): the one place a calendar day is taken from an
 * instant. Every "today" comes from a clock the caller passes — the request's clock (`ctx.clock`)
 * in services and resolvers — never from `new Date()` here, so tests that move the clock move
 * every date stamp with it, and the UTC day (one day behind between 16:00 and 24:00 UTC) is never
 * used by accident. No GraphQL, no database: usable from services, workers and the CLI.
 */

export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

/** Anything with the current instant; `Clock` of src/graphql/context.ts has this shape. */
export interface InstantSource {
  now(): Date;
}

const countyDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Asia/Shanghai has been UTC+8 without daylight saving since 1992 (China's last summer time ended
 * in September 1991), so from then on the county day is the UTC day of the instant plus eight
 * hours: the same answer as the time-zone database at a small part of the cost (it is taken for
 * every age and date stamp of a response: 1.5 % of a request's CPU in a profile). Earlier and
 * far-future instants, and invalid ones, go through Intl as before.
 */
const FIXED_OFFSET_FROM = Date.UTC(1992, 0, 1);
const FIXED_OFFSET_UNTIL = Date.UTC(9999, 0, 1);
const COUNTY_OFFSET_MS = 8 * 3600_000;

/** The county day (YYYY-MM-DD) of an instant, e.g. 2026-12-01T17:00:00Z → 2026-12-02. */
export function countyDayOf(instant: Date): string {
  const t = instant.getTime();
  if (t >= FIXED_OFFSET_FROM && t < FIXED_OFFSET_UNTIL) return new Date(t + COUNTY_OFFSET_MS).toISOString().slice(0, 10);
  return countyDayFormat.format(instant);
}

/** The time-zone database's answer, for the test that the fixed offset agrees with it. */
export function countyDayByTimeZone(instant: Date): string {
  return countyDayFormat.format(instant);
}

/**
 * Today in the county by the given clock — the request's `ctx.clock`, or an instant already read
 * from it. There is deliberately no default: a call without a clock does not compile, so nothing
 * falls back to the machine's real clock unnoticed.
 */
export function countyToday(clock: InstantSource | Date): string {
  return countyDayOf(clock instanceof Date ? clock : clock.now());
}

/**
 * A PostgreSQL `date` column as YYYY-MM-DD. node-postgres turns `date` into a Date at local
 * midnight, so the local getters give back the stored day; strings pass through. Only for `date`
 * columns: the day of an instant (`timestamptz`) is `countyDayOf`.
 */
export function calendarDay(v: unknown): string {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

/** `day` (YYYY-MM-DD) plus `n` calendar days (n may be negative). */
export function addCalendarDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
