/**
 * Reading a ledger workbook (office.ledger-layout.ts) into households of plain values, with every
 * problem of the file itself by sheet, row, column and code: not an Excel file, a wrong header, a
 * merged cell out of place, a value that is not one of the layout's labels, a household whose
 * repeated columns disagree. No database here; office.service.ts checks the rest.
 */
import ExcelJS from 'exceljs';
import { columnLetter, LEDGER_COLUMNS, LedgerColumn, normaliseHeader } from './office.ledger-layout';

export interface LedgerProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  /** The column's header, for the reader of the report. */
  header: string | null;
  code: string;
  params?: Record<string, string | number>;
}

export type CellValue = string | number | string[] | null;

export interface LedgerMemberRow {
  row: number;
  values: Record<string, CellValue>;
}

export interface LedgerHousehold {
  sheet: string;
  serial: string;
  /** The household columns (taken from its first row, blanks after it meaning "as above"). */
  values: Record<string, CellValue>;
  members: LedgerMemberRow[];
}

export const LEDGER_LIMITS = {
  /** Bytes of one upload; checked before anything is parsed. A county's whole ledger is far smaller. */
  maxBytes: 5 * 1024 * 1024,
  maxRows: 20_000,
  maxSheets: 30,
  maxText: 200,
};

/** The codes of problems of the file (the registry's own codes come from its checks). */
export const LedgerCode = {
  NOT_EXCEL: 'LEDGER_NOT_EXCEL',
  TOO_LARGE: 'LEDGER_TOO_LARGE',
  TOO_MANY_ROWS: 'LEDGER_TOO_MANY_ROWS',
  EMPTY: 'LEDGER_EMPTY',
  HEADER_MISMATCH: 'LEDGER_HEADER_MISMATCH',
  MERGED_CELL_OUT_OF_PLACE: 'LEDGER_MERGED_CELL_OUT_OF_PLACE',
  UNKNOWN_LABEL: 'LEDGER_UNKNOWN_LABEL',
  NOT_A_NUMBER: 'LEDGER_NOT_A_NUMBER',
  HOUSEHOLD_COLUMNS_DIFFER: 'LEDGER_HOUSEHOLD_COLUMNS_DIFFER',
  HOUSEHOLD_ROWS_NOT_TOGETHER: 'LEDGER_HOUSEHOLD_ROWS_NOT_TOGETHER',
  REQUIRED: 'REQUIRED',
  STRING_TOO_LONG: 'STRING_TOO_LONG',
  CONTROL_CHARACTER: 'CONTROL_CHARACTER',
} as const;

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The text a person sees in a cell: rich text joined, formulas by their result, numbers as typed. */
export function cellText(v: ExcelJS.CellValue): string | number | null {
  if (v == null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return cellText(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return cellText((v as { text: string }).text);
    if ('error' in v) return null;
  }
  return null;
}

interface Merge { top: number; left: number; bottom: number; right: number; range: string }

function mergesOf(ws: ExcelJS.Worksheet): Merge[] {
  const ranges: string[] = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return ranges.map((range) => {
    const [a, b = a] = range.split(':');
    const pos = (ref: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
      const col = m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      return { col, row: Number(m[2]) };
    };
    const p = pos(a!);
    const q = pos(b!);
    return { top: Math.min(p.row, q.row), bottom: Math.max(p.row, q.row), left: Math.min(p.col, q.col), right: Math.max(p.col, q.col), range };
  });
}

export interface LedgerRead {
  households: LedgerHousehold[];
  problems: LedgerProblem[];
  rows: number;
}

/**
 * The checks every uploaded sheet gets before its cells are read (the household ledger and the
 * deliveries sheet): the size, the zip signature, a workbook ExcelJS can open. The workbook, or the
 * file-level problem's code.
 */
export async function openWorkbook(file: Buffer): Promise<ExcelJS.Workbook | { code: string; params?: Record<string, string | number> }> {
  if (file.length > LEDGER_LIMITS.maxBytes) return { code: LedgerCode.TOO_LARGE, params: { max: LEDGER_LIMITS.maxBytes } };
  if (file.length < 4 || !file.subarray(0, 4).equals(ZIP_MAGIC)) return { code: LedgerCode.NOT_EXCEL };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { code: LedgerCode.NOT_EXCEL };
  }
  return wb;
}

/** Reads the workbook; never throws for what the file contains. */
export async function readLedger(file: Buffer): Promise<LedgerRead> {
  const problems: LedgerProblem[] = [];
  const fileProblem = (code: string, params?: Record<string, string | number>): LedgerRead => ({ households: [], rows: 0, problems: [{ sheet: null, row: null, column: null, header: null, code, params }] });
  const wb = await openWorkbook(file);
  if (!(wb instanceof ExcelJS.Workbook)) return fileProblem(wb.code, wb.params);
  if (wb.worksheets.length > LEDGER_LIMITS.maxSheets) return fileProblem(LedgerCode.TOO_MANY_ROWS, { max: LEDGER_LIMITS.maxSheets });
  const households: LedgerHousehold[] = [];
  let totalRows = 0;
  for (const ws of wb.worksheets) {
    if (ws.actualRowCount === 0) continue;
    const sheet = ws.name;
    const at = (row: number | null, col: LedgerColumn | null, code: string, params?: Record<string, string | number>) => {
      const n = col ? LEDGER_COLUMNS.indexOf(col) + 1 : 0;
      problems.push({ sheet, row, column: col ? columnLetter(n) : null, header: col?.header ?? null, code, params });
    };
    // The header row: row 1, or row 2 under a title.
    const firstCell = (r: number) => cellText(ws.getRow(r).getCell(1).value);
    const headerRow = firstCell(1) === '序号' ? 1 : firstCell(2) === '序号' ? 2 : 1;
    const header = ws.getRow(headerRow);
    let headerOk = true;
    LEDGER_COLUMNS.forEach((col, i) => {
      const found = cellText(header.getCell(i + 1).value);
      if (normaliseHeader(String(found ?? '')) !== normaliseHeader(col.header)) {
        headerOk = false;
        at(headerRow, col, LedgerCode.HEADER_MISMATCH, { expected: col.header, found: String(found ?? '') });
      }
    });
    const extra = cellText(header.getCell(LEDGER_COLUMNS.length + 1).value);
    if (extra != null) {
      headerOk = false;
      problems.push({ sheet, row: headerRow, column: columnLetter(LEDGER_COLUMNS.length + 1), header: String(extra), code: LedgerCode.HEADER_MISMATCH, params: { expected: '', found: String(extra) } });
    }
    if (!headerOk) continue;

    const last = ws.rowCount;
    if (last - headerRow > LEDGER_LIMITS.maxRows || totalRows + last - headerRow > LEDGER_LIMITS.maxRows) {
      problems.push({ sheet, row: null, column: null, header: null, code: LedgerCode.TOO_MANY_ROWS, params: { max: LEDGER_LIMITS.maxRows } });
      return { households: [], problems, rows: totalRows };
    }

    // Merges: in the data rows only vertical, only in household columns, only over one household (checked below).
    const merges = mergesOf(ws).filter((m) => m.bottom > headerRow);
    const masterOf = new Map<string, { row: number; col: number }>();
    const badMerge = new Set<string>();
    for (const m of merges) {
      const firstCol = LEDGER_COLUMNS[m.left - 1] ?? null;
      const place = m.top <= headerRow || m.left !== m.right || !firstCol || !firstCol.household;
      if (place) {
        at(Math.max(m.top, headerRow + 1), firstCol, LedgerCode.MERGED_CELL_OUT_OF_PLACE, { range: m.range });
        badMerge.add(m.range);
        continue;
      }
      for (let r = m.top; r <= m.bottom; r++) masterOf.set(`${r}:${m.left}`, { row: m.top, col: m.left });
    }

    // Rows → values.
    const rowValues: Array<{ row: number; raw: Array<string | number | null> }> = [];
    for (let r = headerRow + 1; r <= last; r++) {
      const row = ws.getRow(r);
      const raw = LEDGER_COLUMNS.map((_, i) => {
        const master = masterOf.get(`${r}:${i + 1}`);
        return cellText(master ? ws.getRow(master.row).getCell(master.col).value : row.getCell(i + 1).value);
      });
      if (raw.every((v) => v == null)) continue;
      rowValues.push({ row: r, raw });
    }
    totalRows += rowValues.length;

    // A merge must not cover rows of two households (its 序号 differ) nor blank rows.
    const serialAt = new Map(rowValues.map((rv) => [rv.row, rv.raw[0] == null ? null : String(rv.raw[0])]));
    for (const m of merges) {
      if (badMerge.has(m.range)) continue;
      const serials = new Set<string | null>();
      for (let r = m.top; r <= m.bottom; r++) serials.add(serialAt.has(r) ? serialAt.get(r)! : 'blank');
      if (serials.size > 1) at(m.top, LEDGER_COLUMNS[m.left - 1]!, LedgerCode.MERGED_CELL_OUT_OF_PLACE, { range: m.range });
    }

    // Households: consecutive rows with one 序号 (a blank 序号 continues the household above).
    let current = null as LedgerHousehold | null;
    const seen = new Map<string, LedgerHousehold>();
    for (const rv of rowValues) {
      const serial: string | null = rv.raw[0] == null ? current?.serial ?? null : String(rv.raw[0]);
      if (serial == null) {
        at(rv.row, LEDGER_COLUMNS[0]!, LedgerCode.REQUIRED);
        continue;
      }
      const values: Record<string, CellValue> = {};
      LEDGER_COLUMNS.forEach((col, i) => {
        values[col.key] = parseValue(rv.raw[i] ?? null, col, (code, params) => at(rv.row, col, code, params));
      });
      if (!current || current.serial !== serial) {
        if (seen.has(serial)) at(rv.row, LEDGER_COLUMNS[0]!, LedgerCode.HOUSEHOLD_ROWS_NOT_TOGETHER, { serial });
        const hv: Record<string, CellValue> = {};
        for (const col of LEDGER_COLUMNS) if (col.household) hv[col.key] = values[col.key] ?? null;
        current = { sheet, serial, values: hv, members: [] };
        seen.set(serial, current);
        households.push(current);
      } else {
        for (const col of LEDGER_COLUMNS) {
          if (!col.household || col.key === 'serial') continue;
          const v = values[col.key];
          if (v == null || rv.raw[LEDGER_COLUMNS.indexOf(col)] == null) continue;
          if (JSON.stringify(v) !== JSON.stringify(current.values[col.key])) at(rv.row, col, LedgerCode.HOUSEHOLD_COLUMNS_DIFFER, { serial });
        }
      }
      const mv: Record<string, CellValue> = {};
      for (const col of LEDGER_COLUMNS) if (!col.household) mv[col.key] = values[col.key] ?? null;
      current.members.push({ row: rv.row, values: mv });
    }
  }
  if (problems.length === 0 && households.length === 0) problems.push({ sheet: null, row: null, column: null, header: null, code: LedgerCode.EMPTY });
  return { households, problems, rows: totalRows };
}

function parseValue(raw: string | number | null, col: LedgerColumn, problem: (code: string, params?: Record<string, string | number>) => void): CellValue {
  if (raw == null) {
    if (!col.optional && !col.household) problem(LedgerCode.REQUIRED);
    return col.kind === 'labels' ? [] : null;
  }
  const text = String(raw).trim();
  if (CONTROL.test(text)) {
    problem(LedgerCode.CONTROL_CHARACTER);
    return null;
  }
  if ([...text].length > LEDGER_LIMITS.maxText) {
    problem(LedgerCode.STRING_TOO_LONG, { max: LEDGER_LIMITS.maxText });
    return null;
  }
  switch (col.kind) {
    case 'text':
      // Excel shows an 18-digit number in scientific notation: that is not an id number any more.
      return typeof raw === 'number' ? String(raw) : text;
    case 'integer': {
      const n = Number(text);
      if (!Number.isInteger(n)) return problem(LedgerCode.NOT_A_NUMBER), null;
      return n;
    }
    case 'decimal': {
      const n = Number(text);
      if (!Number.isFinite(n)) return problem(LedgerCode.NOT_A_NUMBER), null;
      return Math.round(n * 100) / 100;
    }
    case 'yuan': {
      if (!/^-?\d+(\.\d{1,2})?$/.test(text.replace(/,/g, ''))) return problem(LedgerCode.NOT_A_NUMBER), null;
      const [int, frac = ''] = text.replace(/,/g, '').replace('-', '').split('.');
      const fen = Number(int) * 100 + Number(frac.padEnd(2, '0'));
      return text.startsWith('-') ? -fen : fen;
    }
    case 'label': {
      const entry = Object.entries(col.labels!).find(([, label]) => label === text);
      if (!entry) return problem(LedgerCode.UNKNOWN_LABEL, { found: text, allowed: Object.values(col.labels!).join('、') }), null;
      return entry[0];
    }
    case 'labels': {
      const parts = text.split(/[、，,;；\s]+/).filter(Boolean);
      const out: string[] = [];
      for (const part of parts) {
        const entry = Object.entries(col.labels!).find(([, label]) => label === part);
        if (!entry) {
          problem(LedgerCode.UNKNOWN_LABEL, { found: part, allowed: Object.values(col.labels!).join('、') });
          continue;
        }
        if (!out.includes(entry[0])) out.push(entry[0]);
      }
      return out;
    }
  }
}
