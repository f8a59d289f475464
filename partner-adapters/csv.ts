/**
 * The CSV reader of the CSV adapters: `csv-parse` (a well-kept RFC 4180 parser, issue 14 item 9)
 * with the rules the adapters were written against:
 *
 * - UTF-8 text; one leading byte-order mark (U+FEFF) is dropped.
 * - Fields are separated by commas; records end with CRLF, LF or a lone CR (mixed in one file too).
 * - A field may be quoted with `"`; inside quotes commas, line breaks and `""` (one quote) are
 *   data. A quote inside an unquoted field, or anything but a comma / line end right after a
 *   closing quote, is malformed; so is a quote left open at the end of the text (CsvSyntaxError
 *   with the line csv-parse reports).
 * - Each row remembers the physical line it starts on (1-based), so errors can say "line N"
 *   even when a quoted field spans lines: counted from the raw text of the rows before it.
 * - Rows may differ in length (the adapters check their own columns); a blank line is a row of
 *   one empty field; a final line break does not make an extra empty row.
 */
import { parse, CsvError } from 'csv-parse/sync';

export interface CsvRow {
  /** The physical line the row starts on (1-based). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`CSV syntax error at line ${line}: ${detail}`);
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

export function parseCsv(text: string): CsvRow[] {
  let records: Array<{ record: string[]; raw: string }>;
  try {
    records = parse(text, {
      bom: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as Array<{ record: string[]; raw: string }>;
  } catch (err) {
    if (err instanceof CsvError) throw new CsvSyntaxError(Number((err as CsvError & { lines?: number }).lines ?? 1), err.message);
    throw err;
  }
  let line = 1;
  return records.map(({ record, raw }) => {
    const row = { line, fields: record };
    line += (raw.match(LINE_BREAK) ?? []).length;
    return row;
  });
}

/**
 * A CSV payload checked against its exact header (cells compared as written, no trimming).
 * Returns the data rows, or why the payload is malformed. Rows whose fields are all empty
 * (blank lines, a spreadsheet's `,,,,`) are dropped.
 */
export function readCsvWithHeader(
  raw: string,
  header: readonly string[],
): { ok: true; rows: CsvRow[] } | { ok: false; zh: string; en: string } {
  if (typeof raw !== 'string' || raw.replace(/^\uFEFF/, '').trim() === '') {
    return { ok: false, zh: 'CSV 文件为空', en: 'the CSV payload is empty' };
  }
  let rows: CsvRow[];
  try {
    rows = parseCsv(raw);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { ok: false, zh: `CSV 格式错误（第 ${e.line} 行）`, en: e.message };
    throw e;
  }
  const [first, ...rest] = rows;
  const expected = header.join(',');
  if (!first || first.fields.length !== header.length || first.fields.some((f, k) => f !== header[k])) {
    const got = first ? first.fields.join(',') : '';
    return {
      ok: false,
      zh: `CSV 表头不符，应为「${expected}」，实为「${got.slice(0, 200)}」`,
      en: `the CSV header must be exactly "${expected}" (UTF-8), got "${got.slice(0, 200)}"`,
    };
  }
  return { ok: true, rows: rest.filter((r) => r.fields.some((f) => f.trim() !== '')) };
}

/** Quotes one value for CSV output when it needs it (for tests and sample writers). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
