/**
 * The printed payment roster of a monthly allowance run (城市低保金发放花名册): A4 landscape, the
 * header row repeated on every page, page numbers in the footer, a signature column. Heads' names,
 * household sizes and amounts only: no id numbers, no addresses (DESIGN.md: publish the minimum).
 * The workbook only; the route that serves it is funds.routes.ts.
 */
import ExcelJS from 'exceljs';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ROSTER_HEADER = ['序号', '户主姓名', '家庭人口', '发放金额（元）', '领取人签字', '备注'] as const;

export interface RosterRun {
  month: string; // YYYY-MM
}
export interface RosterLine {
  headName: string;
  householdSize: number;
  amount: number; // fen
}

export function rosterTitle(townshipName: string, month: string): string {
  return `${townshipName} ${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月城市低保金发放花名册`;
}

/** The workbook as an .xlsx buffer. Amounts are numbers in yuan shown with two decimals. */
export async function buildRosterWorkbook(run: RosterRun, lines: RosterLine[], townshipName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = townshipName;
  wb.created = new Date();
  const ws = wb.addWorksheet(`${Number(run.month.slice(0, 4))}年${Number(run.month.slice(5, 7))}月`, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      printTitlesRow: '2:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', evenFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = [{ width: 8 }, { width: 18 }, { width: 12 }, { width: 18 }, { width: 24 }, { width: 20 }];
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  ws.mergeCells(1, 1, 1, ROSTER_HEADER.length);
  const title = ws.getCell(1, 1);
  title.value = rosterTitle(townshipName, run.month);
  title.font = { name: '宋体', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;

  const header = ws.getRow(2);
  header.values = [...ROSTER_HEADER];
  header.height = 24;
  header.eachCell((c) => {
    c.font = { name: '宋体', size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = border;
  });

  lines.forEach((l, i) => {
    const row = ws.addRow([i + 1, l.headName, l.householdSize, l.amount / 100, '', '']);
    row.height = 24; // room for a signature
    row.getCell(4).numFmt = '0.00';
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const persons = lines.reduce((s, l) => s + l.householdSize, 0);
  const totalRow = ws.addRow(['合计', `${lines.length}户`, persons, total / 100, '', '']);
  totalRow.height = 24;
  totalRow.font = { name: '宋体', size: 11, bold: true };
  totalRow.getCell(4).numFmt = '0.00';

  for (let r = 3; r <= totalRow.number; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= ROSTER_HEADER.length; c++) {
      const cell = row.getCell(c);
      cell.border = border;
      cell.alignment = { horizontal: c === 2 || c === 6 ? 'left' : 'center', vertical: 'middle' };
      if (r < totalRow.number) cell.font = { name: '宋体', size: 11 };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function rosterFileName(townshipName: string, month: string): string {
  return `${townshipName}-${month}-城市低保金发放花名册.xlsx`;
}
