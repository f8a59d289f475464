/**
 * Shared pieces of the partner adapters: error codes and bilingual messages, the county's
 * calendar, exact yuan → fen arithmetic, field validators, and the per-payload runner that gives
 * every record its ref, catches its rejection and rejects a second record with the same id.
 *
 * Nothing here touches the database or src/: an adapter is a pure function of (payload, today).
 */
import type { AdapterPartnerKind, AssistanceKindCode, AssistanceRecord, HouseholdReference, IntegrationFormat, ParsedRecord, PartnerAdapter } from './partner-adapter';

// ---------------------------------------------------------------------------------------------
// Error codes
// ---------------------------------------------------------------------------------------------

/** The stable codes an adapter reports. */
export const ERROR_CODES = {
  /** The whole payload: not JSON, wrong top-level shape, CSV without the exact header. */
  MALFORMED_PAYLOAD: 'MALFORMED_PAYLOAD',
  /** A required field is absent or empty. */
  MISSING_FIELD: 'MISSING_FIELD',
  /** A field that has no more specific code is of the wrong type or too long (record id, note). */
  INVALID_FIELD: 'INVALID_FIELD',
  INVALID_CARD_NUMBER: 'INVALID_CARD_NUMBER',
  INVALID_ACCOUNT: 'INVALID_ACCOUNT',
  /** Not a real date (or month / instant), in the wrong format, or in the future. */
  INVALID_DATE: 'INVALID_DATE',
  /** Negative or zero, not a number, > 2 decimals of yuan, fractional fen, > MAX_RECORD_FEN, or present where none is allowed. */
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  /** Volunteer hours not positive, not a multiple of 0.25, over MAX_RECORD_HOURS, or present where none is allowed. */
  INVALID_HOURS: 'INVALID_HOURS',
  /** The same record id twice in one payload: the second is rejected. */
  DUPLICATE_IN_BATCH: 'DUPLICATE_IN_BATCH',
} as const;
export type IntegrationErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The ref of the single error record a malformed payload yields. */
export const PAYLOAD_REF = 'payload';

/** A record-level rejection, thrown inside a record mapper and caught by `runRecords`. */
export class RecordRejection extends Error {
  constructor(readonly code: IntegrationErrorCode, readonly zh: string, readonly en: string) {
    super(bilingual(zh, en));
  }
}

/** Messages are "中文 / English". */
export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

export function reject(code: IntegrationErrorCode, zh: string, en: string): never {
  throw new RecordRejection(code, zh, en);
}

/** The one-element result of a payload that cannot be read at all. */
export function malformedPayload(zh: string, en: string): ParsedRecord[] {
  return [{ ref: PAYLOAD_REF, error: { record: PAYLOAD_REF, code: ERROR_CODES.MALFORMED_PAYLOAD, message: bilingual(zh, en) } }];
}

// ---------------------------------------------------------------------------------------------
// Limits and patterns
// ---------------------------------------------------------------------------------------------

/** One record may not carry more than this (100,000 yuan): larger is a typo, not assistance. */
export const MAX_RECORD_FEN = 10_000_000;
/** Volunteer hours of one record (one service day). */
export const MAX_RECORD_HOURS = 24;
/** The ledger's description column. */
export const MAX_DESCRIPTION_CHARS = 500;
/** The ledger's external_id column. */
export const MAX_EXTERNAL_ID_CHARS = 100;
/** Assistance-card numbers: MX + 10 characters of Crockford base-32. */
export const CARD_NUMBER_PATTERN = /^MX[0-9A-HJKMNP-TV-Z]{10}$/;

// ---------------------------------------------------------------------------------------------
// The county's calendar (Asia/Shanghai)
// ---------------------------------------------------------------------------------------------

export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

const countyDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: COUNTY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The county day (YYYY-MM-DD, Asia/Shanghai) of an instant. */
export function countyDayOf(instant: Date): string {
  return countyDayFormat.format(instant);
}

/** Today in the county (Asia/Shanghai), from `new Date()` unless an instant is given. */
export function countyToday(now: Date = new Date()): string {
  return countyDayOf(now);
}

/** Options every adapter's `parse` accepts besides the payload (for tests and replays). */
export interface ParseOptions {
  /** The county's today (YYYY-MM-DD); dates after it are rejected. Defaults to `countyToday()`. */
  today?: string;
}

/** The `today` a parse runs with: the given one (checked) or the county's today from the clock. */
export function resolveToday(today?: string): string {
  if (today === undefined) return countyToday();
  if (parseCalendarDate(today, 'iso') === null) throw new TypeError(`today must be a real YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  return today;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function realDay(year: number, month: number, day: number): string | null {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/**
 * How a partner writes a calendar day: `iso` is YYYY-MM-DD, `slash` is YYYY/MM/DD (both
 * zero-padded), `spreadsheet` is either separator with one- or two-digit month and day (what a
 * spreadsheet exports).
 */
export type DateStyle = 'iso' | 'slash' | 'spreadsheet';

const DATE_PATTERNS: Record<DateStyle, RegExp> = {
  iso: /^(\d{4})-(\d{2})-(\d{2})$/,
  slash: /^(\d{4})\/(\d{2})\/(\d{2})$/,
  spreadsheet: /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/,
};

/** A real calendar day written in the given style, as YYYY-MM-DD; null if not. */
export function parseCalendarDate(s: string, style: DateStyle): string | null {
  const m = DATE_PATTERNS[style].exec(s);
  if (!m) return null;
  const [y, mo, d] = style === 'spreadsheet' ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
  return realDay(Number(y), Number(mo), Number(d));
}

/** A real billing month `YYYY-MM`; null if not. */
export function parseBillingMonth(s: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1 || month < 1 || month > 12) return null;
  return { year, month };
}

/** The last day of a month, YYYY-MM-DD. */
export function lastDayOfMonth(year: number, month: number): string {
  return realDay(year, month, daysInMonth(year, month))!;
}

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 instant with an explicit offset (`Z` or ±HH:MM; without one the day is ambiguous),
 * as a Date; null if not real.
 */
export function parseInstant(s: string): Date | null {
  const m = INSTANT_PATTERN.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec = '00', , offset] = m;
  if (realDay(Number(y), Number(mo), Number(d)) === null) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  if (offset !== 'Z') {
    const [oh, om] = offset.slice(1).split(':').map(Number);
    if (oh > 14 || om > 59) return null;
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

// ---------------------------------------------------------------------------------------------
// Money: exact, no floats
// ---------------------------------------------------------------------------------------------

export type AmountResult = { ok: true; fen: number } | { ok: false; zh: string; en: string };

const YUAN_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/**
 * Yuan written as a decimal string ("500", "500.1", "500.10") to integer fen, by string
 * arithmetic only: "500.10" → 50010. Rejects signs, exponents, separators, more than two
 * decimals, zero, and more than MAX_RECORD_FEN.
 */
export function yuanToFen(raw: string): AmountResult {
  const s = raw.trim();
  if (s.startsWith('-')) return { ok: false, zh: '金额不能为负数', en: 'amount must not be negative' };
  const m = YUAN_PATTERN.exec(s);
  if (!m) return { ok: false, zh: `金额不是数字（${clip(s)}）`, en: `amount is not a decimal number of yuan (${clip(s)})` };
  const [, whole, fraction = ''] = m;
  if (fraction.length > 2) return { ok: false, zh: '金额最多两位小数（元）', en: 'amount has more than 2 decimals of yuan' };
  // Concatenating the digits multiplies by 100 exactly; BigInt keeps huge inputs exact too.
  const fen = BigInt(whole + fraction.padEnd(2, '0'));
  return checkFenRange(fen);
}

/** Fen given as a JSON number: a positive integer no larger than MAX_RECORD_FEN. */
export function fenFromJson(value: unknown): AmountResult {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, zh: '金额（分）必须是数字', en: 'amount in fen must be a number' };
  }
  if (value < 0) return { ok: false, zh: '金额不能为负数', en: 'amount must not be negative' };
  if (!Number.isInteger(value)) return { ok: false, zh: '金额（分）必须是整数', en: 'amount in fen must be a whole number' };
  return checkFenRange(BigInt(value));
}

function checkFenRange(fen: bigint): AmountResult {
  if (fen === 0n) return { ok: false, zh: '金额必须大于零', en: 'amount must be greater than zero' };
  if (fen > BigInt(MAX_RECORD_FEN)) {
    return { ok: false, zh: `单条金额超过上限（${MAX_RECORD_FEN / 100} 元）`, en: `amount exceeds the per-record limit (${MAX_RECORD_FEN / 100} yuan)` };
  }
  return { ok: true, fen: Number(fen) };
}

// ---------------------------------------------------------------------------------------------
// Field readers (throw a RecordRejection)
// ---------------------------------------------------------------------------------------------

/** Absent: undefined, null, or a string of only whitespace. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function clip(s: string, max = 40): string {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}

export function missing(field: string): never {
  return reject(ERROR_CODES.MISSING_FIELD, `缺少字段 ${field}`, `missing field ${field}`);
}

/** A required text field, trimmed. */
export function requireText(value: unknown, field: string): string {
  if (isAbsent(value)) missing(field);
  if (typeof value !== 'string') reject(ERROR_CODES.INVALID_FIELD, `字段 ${field} 必须是文本`, `field ${field} must be a string`);
  return value.trim();
}

/** An optional text field, trimmed ('' when absent). */
export function optionalText(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') reject(ERROR_CODES.INVALID_FIELD, `字段 ${field} 必须是文本`, `field ${field} must be a string`);
  return value.trim();
}

/** The partner's record id: a non-empty string of at most MAX_EXTERNAL_ID_CHARS, no control characters. */
export function requireRecordId(value: unknown, field: string): string {
  const id = requireText(value, field);
  // eslint-disable-next-line no-control-regex
  if (Array.from(id).length > MAX_EXTERNAL_ID_CHARS || /[\u0000-\u001f\u007f]/.test(id)) {
    reject(ERROR_CODES.INVALID_FIELD, `${field}：记录编号过长或含控制字符（最多 ${MAX_EXTERNAL_ID_CHARS} 字）`, `record id ${field} is too long or has control characters (at most ${MAX_EXTERNAL_ID_CHARS})`);
  }
  return id;
}

/** An assistance-card number, trimmed and upper-cased, checked against CARD_NUMBER_PATTERN. */
export function requireCardNumber(value: unknown, field: string): string {
  if (isAbsent(value)) missing(field);
  if (typeof value !== 'string') reject(ERROR_CODES.INVALID_CARD_NUMBER, `${field}：帮扶卡号必须是文本`, `card number ${field} must be a string`);
  const card = value.trim().toUpperCase();
  if (!CARD_NUMBER_PATTERN.test(card)) {
    reject(ERROR_CODES.INVALID_CARD_NUMBER, `帮扶卡号格式不正确（${clip(card)}）：应为 MX 加 10 位字符`, `invalid assistance-card number (${clip(card)}): expected MX followed by 10 Crockford base-32 characters`);
  }
  return card;
}

/** A calendar day in the given style, not after `today`. */
export function requireDate(value: unknown, field: string, style: DateStyle, today: string): string {
  if (isAbsent(value)) missing(field);
  const text = typeof value === 'string' ? value.trim() : null;
  const day = text === null ? null : parseCalendarDate(text, style);
  if (day === null) {
    const shown = text === null ? String(value) : text;
    const zh = { iso: 'YYYY-MM-DD', slash: 'YYYY/MM/DD', spreadsheet: 'YYYY-MM-DD 或 YYYY/M/D' }[style];
    const en = { iso: 'YYYY-MM-DD', slash: 'YYYY/MM/DD', spreadsheet: 'YYYY-MM-DD or YYYY/M/D' }[style];
    reject(ERROR_CODES.INVALID_DATE, `${field}：不是有效日期（${clip(shown)}），格式应为 ${zh}`, `${field} is not a real date (${clip(shown)}); expected ${en}`);
  }
  return notInFuture(day, field, today);
}

/** A YYYY-MM-DD day not after `today`. */
export function notInFuture(day: string, field: string, today: string): string {
  if (day > today) reject(ERROR_CODES.INVALID_DATE, `${field}：日期晚于今天（${day} > ${today}）`, `${field} is in the future (${day} > ${today})`);
  return day;
}

/** A required amount of yuan written as text (a JSON string or a CSV cell). */
export function requireYuan(value: unknown, field: string): number {
  if (isAbsent(value)) missing(field);
  if (typeof value !== 'string') reject(ERROR_CODES.INVALID_AMOUNT, `${field}：金额须为文本形式的元（如 "500.00"）`, `amount ${field} must be yuan written as a string (e.g. "500.00")`);
  return amountOrReject(yuanToFen(value), field);
}

/** A required amount of fen given as a JSON integer. */
export function requireFen(value: unknown, field: string): number {
  if (value === undefined || value === null) missing(field);
  return amountOrReject(fenFromJson(value), field);
}

function amountOrReject(result: AmountResult, field: string): number {
  if (!result.ok) reject(ERROR_CODES.INVALID_AMOUNT, `${field}：${result.zh}`, `${field}: ${result.en}`);
  return result.fen;
}

/** A field that must be absent for this kind of record (e.g. an amount on a visit). */
export function forbid(value: unknown, field: string, code: IntegrationErrorCode, zhWhat: string, enWhat: string): void {
  if (!isAbsent(value)) reject(code, `${zhWhat}不应填写 ${field}`, `${field} must be empty for ${enWhat}`);
}

/** Volunteer hours: a JSON number > 0, a multiple of 0.25, at most MAX_RECORD_HOURS. */
export function requireHours(value: unknown, field: string): number {
  if (value === undefined || value === null) missing(field);
  if (typeof value !== 'number' || !Number.isFinite(value)) reject(ERROR_CODES.INVALID_HOURS, `${field}：服务时长必须是数字`, `${field} must be a number`);
  if (value <= 0) reject(ERROR_CODES.INVALID_HOURS, `${field}：服务时长必须大于零`, `${field} must be greater than zero`);
  // Multiples of 0.25 are exact in binary floating point, so this test is exact.
  if (!Number.isInteger(value * 4)) reject(ERROR_CODES.INVALID_HOURS, `${field}：服务时长须以 0.25 小时为单位`, `${field} must be a multiple of 0.25 hours`);
  if (value > MAX_RECORD_HOURS) reject(ERROR_CODES.INVALID_HOURS, `${field}：单条服务时长超过 ${MAX_RECORD_HOURS} 小时`, `${field} exceeds ${MAX_RECORD_HOURS} hours for one record`);
  return value;
}

/**
 * The ledger description: `label` alone, or `label：detail`; whitespace (newlines, tabs, control
 * characters) collapsed to single spaces, trimmed, and capped at MAX_DESCRIPTION_CHARS characters
 * (code points, as the column counts them).
 */
export function ledgerDescription(label: string, detail: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  const d = clean(detail);
  const text = d === '' ? clean(label) : `${clean(label)}：${d}`;
  const chars = Array.from(text);
  return chars.length > MAX_DESCRIPTION_CHARS ? chars.slice(0, MAX_DESCRIPTION_CHARS).join('').trimEnd() : text;
}

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse with a leading BOM dropped, or why the text is not JSON. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof raw !== 'string') return { ok: false, reason: 'payload is not text' };
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, reason: 'payload is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

// ---------------------------------------------------------------------------------------------
// The per-payload runner
// ---------------------------------------------------------------------------------------------

/** What a record mapper sees besides the record. */
export interface RecordScope {
  /** The county's today for this parse. */
  readonly today: string;
  /** Where the record is in the payload ("record 3", "line 4"): its ref until it is identified. */
  readonly position: string;
  /**
   * Names the record by the partner's id (its ref from now on); rejects it as DUPLICATE_IN_BATCH
   * when an earlier record of the payload had the same id.
   */
  identify(id: string): void;
}

export type MapResult = AssistanceRecord | { skipped: string };

/** One item of a payload with its position ("record 3", "line 4"). */
export interface PositionedItem<T> {
  position: string;
  value: T;
}

/**
 * Maps every item on its own: a thrown RecordRejection becomes that record's error (with the
 * partner's id as ref once known, else its position); anything else thrown is a bug and propagates.
 */
export function runRecords<T>(items: Iterable<PositionedItem<T>>, today: string, map: (value: T, scope: RecordScope) => MapResult): ParsedRecord[] {
  const firstSeenAt = new Map<string, string>();
  const out: ParsedRecord[] = [];
  for (const { position, value } of items) {
    let ref = position;
    const scope: RecordScope = {
      today,
      position,
      identify(id: string) {
        ref = id;
        const first = firstSeenAt.get(id);
        if (first !== undefined) {
          reject(ERROR_CODES.DUPLICATE_IN_BATCH, `记录编号 ${id} 在本批次中重复（首次出现于 ${first}）`, `record id ${id} appears twice in this payload (first at ${first})`);
        }
        firstSeenAt.set(id, position);
      },
    };
    try {
      const result = map(value, scope);
      out.push('skipped' in result ? { ref, skipped: result.skipped } : { ref, record: result });
    } catch (e) {
      if (!(e instanceof RecordRejection)) throw e;
      out.push({ ref, error: { record: ref, code: e.code, message: e.message } });
    }
  }
  return out;
}

/** Builds an AssistanceRecord (a small helper so adapters cannot forget a field). */
export function assistanceRecord(fields: {
  externalId: string;
  reference: HouseholdReference;
  kind: AssistanceKindCode;
  givenOn: string;
  amount?: number | null;
  hours?: number | null;
  description: string;
}): AssistanceRecord {
  return {
    externalId: fields.externalId,
    reference: fields.reference,
    kind: fields.kind,
    givenOn: fields.givenOn,
    amount: fields.amount ?? null,
    hours: fields.hours ?? null,
    description: fields.description,
  };
}

// ---------------------------------------------------------------------------------------------
// Adapters
// ---------------------------------------------------------------------------------------------

/** A PartnerAdapter whose parse also takes options (a fixed `today` for tests and replays). */
export interface ConfigurablePartnerAdapter extends PartnerAdapter {
  parse(raw: string, options?: ParseOptions): ParsedRecord[];
}

export function defineAdapter(
  format: IntegrationFormat,
  partnerKinds: readonly AdapterPartnerKind[],
  parsePayload: (raw: string, today: string) => ParsedRecord[],
): ConfigurablePartnerAdapter {
  return Object.freeze({
    format,
    partnerKinds: Object.freeze([...partnerKinds]),
    parse(raw: string, options?: ParseOptions): ParsedRecord[] {
      return parsePayload(raw, resolveToday(options?.today));
    },
  });
}
