/**
 * Writing a ledger workbook in the county's layout (office.ledger-layout.ts): the registry export
 * and the shipped sample use it, and the import reads what it writes (round trip). Household
 * columns are merged down over the household's rows, as county staff lay them out; id numbers and
 * codes are text cells (an 18-digit number would lose its last digits in Excel).
 */
import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, LEDGER_TITLE } from './office.ledger-layout';

export interface LedgerOutMember {
  name: string; idNumber: string; relationToHead: string; workCapacity: string; employmentStatus: string;
  disabilityCategory: string | null; disabilityGrade: number | null; illness: string; schoolingStage: string;
  incomeWages: number; incomeBusiness: number; incomeProperty: number; incomeTransfers: number; incomeOther: number;
}

export interface LedgerOutHousehold {
  townshipCode: string; communityCode: string; address: string; contactPhone: string; housingArea: number;
  deposits: number; securities: number; vehicles: number; otherProperties: number;
  categories: string[]; causes: string[]; sourceDocument: string | null;
  members: LedgerOutMember[];
}

const yuanNumber = (fen: number) => Math.round(fen) / 100;

export async function writeLedgerWorkbook(households: LedgerOutHousehold[], opts: { title?: string; sheetName?: string; merge?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'urban-hardship-assistance';
  wb.created = new Date(0);
  const ws = wb.addWorksheet(opts.sheetName ?? '台账', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' } });
  ws.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  ws.getCell(1, 1).value = opts.title ?? LEDGER_TITLE;
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const header = ws.getRow(2);
  LEDGER_COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    header.getCell(i + 1).font = { bold: true };
  });
  let r = 3;
  households.forEach((h, hi) => {
    const top = r;
    for (const [mi, m] of h.members.entries()) {
      const row = ws.getRow(r);
      LEDGER_COLUMNS.forEach((col, i) => {
        const cell = row.getCell(i + 1);
        let v: string | number | null;
        if (col.household) {
          if (opts.merge !== false && mi > 0) return; // merged below
          v = col.key === 'serial' ? hi + 1 : valueOf(col.key, (h as unknown as Record<string, unknown>)[col.key], col.labels);
        } else v = valueOf(col.key, (m as unknown as Record<string, unknown>)[col.key], col.labels);
        if (v == null) return;
        cell.value = v;
        if (col.kind === 'text') cell.numFmt = '@';
        if (col.kind === 'yuan') cell.numFmt = '0.00';
      });
      r++;
    }
    if (opts.merge !== false && h.members.length > 1) {
      LEDGER_COLUMNS.forEach((col, i) => {
        if (col.household) ws.mergeCells(top, i + 1, r - 1, i + 1);
      });
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function valueOf(key: string, v: unknown, labels?: Record<string, string>): string | number | null {
  if (v == null) return null;
  const col = LEDGER_COLUMNS.find((c) => c.key === key)!;
  switch (col.kind) {
    case 'yuan': return Number(v) === 0 && col.optional ? null : yuanNumber(Number(v));
    case 'label': return labels![String(v)] ?? null;
    case 'labels': return (v as string[]).map((x) => labels![x] ?? x).join('、') || null;
    case 'integer': return Number(v) === 0 && col.optional ? null : Number(v);
    case 'decimal': return Number(v);
    default: return String(v);
  }
}
