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

/** The county day (YYYY-MM-DD) of an instant, e.g. 2026-12-01T17:00:00Z → 2026-12-02. */
export function countyDayOf(instant: Date): string {
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
