/**
 * A small, strict RFC-4180 CSV reader shared by the CSV adapters.
 *
 * - UTF-8 text; one leading byte-order mark (U+FEFF) is dropped.
 * - Fields are separated by commas; records end with CRLF, LF or a lone CR.
 * - A field may be quoted with `"`; inside quotes commas, line breaks and `""` (one quote) are
 *   data. A quote inside an unquoted field, or anything but a comma / line end right after a
 *   closing quote, is malformed; so is a quote left open at the end of the text.
 * - Each row remembers the physical line it starts on (1-based), so errors can say "line N"
 *   even when a quoted field spans lines.
 * - A final line break does not make an extra empty row.
 */
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

export function parseCsv(text: string): CsvRow[] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let rowStarted = false; // so a final line break adds no empty row
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push({ line: rowLine, fields });
    fields = [];
    rowStarted = false;
  };
  /** Consumes the line break at i (CRLF, LF or CR) and ends the row; false if there is none. */
  const lineBreak = (): boolean => {
    if (s[i] === '\r') i += s[i + 1] === '\n' ? 2 : 1;
    else if (s[i] === '\n') i += 1;
    else return false;
    line += 1;
    endRow();
    return true;
  };

  while (i < s.length) {
    if (!rowStarted) {
      rowStarted = true;
      rowLine = line;
    }
    const c = s[i];
    if (c === '"' && field === '') {
      // A quoted field (the field is empty only at its start: unquoted characters append to it).
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= s.length) throw new CsvSyntaxError(startLine, 'quoted field is not closed');
        const q = s[i];
        if (q === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\r' && s[i + 1] === '\n') {
          field += '\r\n';
          i += 2;
          line += 1;
          continue;
        }
        if (q === '\r' || q === '\n') line += 1;
        field += q;
        i += 1;
      }
      // After the closing quote: a separator, a line break, or the end of the text.
      if (i >= s.length) break;
      if (s[i] === ',') {
        endField();
        i += 1;
        continue;
      }
      if (lineBreak()) continue;
      throw new CsvSyntaxError(line, `unexpected character ${JSON.stringify(s[i])} after a closing quote`);
    }
    if (c === '"') throw new CsvSyntaxError(line, 'quote inside an unquoted field (quote the whole field and double the quote)');
    if (c === ',') {
      endField();
      i += 1;
      continue;
    }
    if (lineBreak()) continue;
    field += c;
    i += 1;
  }
  if (rowStarted) endRow();
  return rows;
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
