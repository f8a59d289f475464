import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

export const MONEY_MAX_SAFE = Number.MAX_SAFE_INTEGER;

function asFen(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new GraphQLError('Money is an integer number of fen (分)', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Money: an integer amount of fen (分); never a float. 39 yuan is 3900. */
export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'An amount of money in integer fen (分, 1/100 yuan). 金额，单位为分（整数）。',
  serialize: (v) => asFen(typeof v === 'string' ? Number(v) : v),
  parseValue: asFen,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Money is an integer number of fen (分)', { extensions: { code: 'BAD_USER_INPUT' } });
    return asFen(Number(ast.value));
  },
});

/** The years a Date may name: every living person's birth and every plausible policy date. */
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2200;

/**
 * Whether `v` is `YYYY-MM-DD` naming a real day of the Gregorian calendar between 1900-01-01 and
 * 2200-12-31. `Date.parse` is no test: it accepts 2026-02-30 (rolls over to March) and year 0000.
 */
export function isCalendarDay(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

const DATE_ERROR = `Date must be a real calendar day YYYY-MM-DD between ${DATE_YEAR_MIN}-01-01 and ${DATE_YEAR_MAX}-12-31`;

/** Calendar day in the county's time zone (Asia/Shanghai), `YYYY-MM-DD`. */
export const DateScalar: GraphQLScalarType = new GraphQLScalarType({
  name: 'Date',
  description: 'A real calendar day in Asia/Shanghai, YYYY-MM-DD, from 1900-01-01 to 2200-12-31. 日期（北京时间），格式 YYYY-MM-DD，须为1900年至2200年间真实存在的日期。',
  serialize(v) {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'string') return v.slice(0, 10);
    throw new GraphQLError('Invalid date');
  },
  parseValue(v) {
    if (isCalendarDay(v)) return v;
    throw new GraphQLError(DATE_ERROR, { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral(ast): string {
    if (ast.kind === Kind.STRING) return DateScalar.parseValue(ast.value) as string;
    throw new GraphQLError(DATE_ERROR, { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

// The county calendar lives in src/shared/county-calendar.ts (no GraphQL there); re-exported for
// the modules that import it from here.
export { addCalendarDays, calendarDay, countyDayOf, countyToday } from '../shared/county-calendar';

export { textLength } from '../shared/text';
