/**
 * Assessment periods (R22): a year `2026`, a quarter `2026-Q4` or a month `2026-11`, as county
 * calendar days (first and last day). Pure; no GraphQL.
 */
export type PeriodKind = 'YEAR' | 'QUARTER' | 'MONTH';

export interface Period {
  key: string;
  kind: PeriodKind;
  /** First and last day, YYYY-MM-DD. */
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function months(y: number, first: number, last: number, key: string, kind: PeriodKind): Period {
  return { key, kind, start: `${y}-${pad(first)}-01`, end: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/** The period a key names, or null when it names none (years 2000–2100). */
export function parsePeriod(key: unknown): Period | null {
  if (typeof key !== 'string' || key.length > 7) return null;
  let m = /^(\d{4})$/.exec(key);
  const yearOk = (y: number) => y >= 2000 && y <= 2100;
  if (m) return yearOk(Number(m[1])) ? months(Number(m[1]), 1, 12, key, 'YEAR') : null;
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const q = Number(m[2]);
    return yearOk(Number(m[1])) ? months(Number(m[1]), 3 * q - 2, 3 * q, key, 'QUARTER') : null;
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const mo = Number(m[2]);
    return yearOk(Number(m[1])) && mo >= 1 && mo <= 12 ? months(Number(m[1]), mo, mo, key, 'MONTH') : null;
  }
  return null;
}

/** The months of a period, in order (for trends). */
export function monthsOf(p: Period): Period[] {
  const y = Number(p.start.slice(0, 4));
  const from = Number(p.start.slice(5, 7));
  const to = Number(p.end.slice(5, 7));
  const out: Period[] = [];
  for (let mo = from; mo <= to; mo++) out.push(months(y, mo, mo, `${y}-${pad(mo)}`, 'MONTH'));
  return out;
}
