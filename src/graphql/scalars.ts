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

/** Calendar day in the county's time zone (Asia/Shanghai), `YYYY-MM-DD`. */
export const DateScalar: GraphQLScalarType = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day in Asia/Shanghai, YYYY-MM-DD. 日期（北京时间），格式 YYYY-MM-DD。',
  serialize(v) {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'string') return v.slice(0, 10);
    throw new GraphQLError('Invalid date');
  },
  parseValue(v) {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) return v;
    throw new GraphQLError('Date must be YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral(ast): string {
    if (ast.kind === Kind.STRING) return DateScalar.parseValue(ast.value) as string;
    throw new GraphQLError('Date must be YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

// The county calendar lives in src/shared/county-calendar.ts (no GraphQL there); re-exported for
// the modules that import it from here.
export { addCalendarDays, calendarDay, countyDayOf, countyToday } from '../shared/county-calendar';

/**
 * Length in characters (code points), as varchar counts: rare CJK characters of names and places
 * (Extension B and beyond) are two UTF-16 units, and `.length` would refuse them too early.
 */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
