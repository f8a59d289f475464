/**
 * The county assessment table (乡镇城市困难家庭精准帮扶工作考核表) of a period as an Excel workbook:
 * a summary sheet (one row per township, one column per figure, a total row of SUM formulas) and
 * one sheet per township with its approved figures (figure, formula, value, base, share as a
 * formula). A4, print titles repeated on every page, page numbers. Frozen figures only: a township
 * whose assessment is not approved is listed on the summary as 未审定 with no figures.
 */
import ExcelJS from 'exceljs';
import { FIGURE_CODES, figureOf } from './supervision.figures';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface WorkbookTownship {
  code: string;
  name: string;
  state: string | null;
  frozenAt: Date | null;
  figures: Record<string, { value: number; base: number | null }> | null;
}

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const font = { name: '宋体', size: 11 };
const STATE_ZH: Record<string, string> = { APPROVED: '已审定', SUBMITTED: '已报送', RETURNED: '已退回' };

/** Column letter of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const unitZh = (unit: string) => ({ FEN: '元', HOUSEHOLDS: '户', CASES: '件', ITEMS: '项', RUNS: '批次', NEEDS: '项', NOTICES: '件', OBJECTIONS: '件', DONATIONS: '件', WARNINGS: '条' }[unit] ?? '');
const shown = (code: string, v: number) => (figureOf(code as never).unit === 'FEN' ? v / 100 : v);

export function assessmentTitle(period: string): string {
  return `明溪县城市困难家庭精准帮扶工作考核表（${period}）`;
}

export async function buildAssessmentWorkbook(period: string, townships: WorkbookTownship[], exportedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '县民政局';
  wb.created = exportedAt;
  const page = (orientation: 'portrait' | 'landscape', titles: string) => ({
    pageSetup: {
      paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 }, printTitlesRow: titles,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', evenFooter: '&C第 &P 页，共 &N 页' },
  });

  // ---- summary: townships × figures, totals as formulas ----
  const sum = wb.addWorksheet('汇总', { ...page('landscape', '3:3'), views: [{ state: 'frozen', xSplit: 2, ySplit: 3 }] });
  const header = ['乡镇', '审定状态', ...FIGURE_CODES.map((c) => `${figureOf(c).zh}（${unitZh(figureOf(c).unit)}）`)];
  sum.mergeCells(1, 1, 1, header.length);
  Object.assign(sum.getCell(1, 1), { value: assessmentTitle(period) });
  sum.getCell(1, 1).font = { name: '宋体', size: 16, bold: true };
  sum.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  sum.getRow(1).height = 32;
  sum.mergeCells(2, 1, 2, header.length);
  sum.getCell(2, 1).value = `考核期：${period}\u3000导出时间：${exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC\u3000数据为各乡镇审定（冻结）数据`;
  sum.getCell(2, 1).font = { name: '宋体', size: 10 };
  const h = sum.getRow(3);
  h.values = header;
  h.height = 48;
  h.eachCell((c) => { c.font = { ...font, bold: true }; c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; c.border = border; });
  sum.getColumn(1).width = 14;
  sum.getColumn(2).width = 10;
  for (let i = 0; i < FIGURE_CODES.length; i++) sum.getColumn(3 + i).width = 11;
  const first = 4;
  townships.forEach((t) => {
    const approved = t.state === 'APPROVED' && t.figures;
    const row = sum.addRow([t.name, approved ? '已审定' : (t.state ? STATE_ZH[t.state] : '未报送') + '（未审定）',
      ...FIGURE_CODES.map((c) => (approved && t.figures![c] ? shown(c, t.figures![c].value) : null))]);
    row.eachCell({ includeEmpty: true }, (c, n) => { c.border = border; c.font = font; c.alignment = { horizontal: n <= 2 ? 'left' : 'right', vertical: 'middle' }; });
    FIGURE_CODES.forEach((c, i) => { if (figureOf(c).unit === 'FEN') row.getCell(3 + i).numFmt = '#,##0.00'; });
  });
  const last = first + townships.length - 1;
  const total = sum.addRow(['合计', '', ...FIGURE_CODES.map((_, i) => {
    const col = columnLetter(3 + i);
    return { formula: `SUM(${col}${first}:${col}${Math.max(first, last)})` };
  })]);
  total.eachCell({ includeEmpty: true }, (c) => { c.border = border; c.font = { ...font, bold: true }; });
  FIGURE_CODES.forEach((c, i) => { if (figureOf(c).unit === 'FEN') total.getCell(3 + i).numFmt = '#,##0.00'; });

  // ---- one sheet per township with approved figures ----
  for (const t of townships) {
    if (t.state !== 'APPROVED' || !t.figures) continue;
    const ws = wb.addWorksheet(t.name.slice(0, 31), page('portrait', '3:3'));
    ws.columns = [{ width: 6 }, { width: 22 }, { width: 46 }, { width: 14 }, { width: 12 }, { width: 10 }];
    ws.mergeCells(1, 1, 1, 6);
    ws.getCell(1, 1).value = `${t.name} ${assessmentTitle(period)}`;
    ws.getCell(1, 1).font = { name: '宋体', size: 14, bold: true };
    ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
    ws.getRow(1).height = 30;
    ws.mergeCells(2, 1, 2, 6);
    ws.getCell(2, 1).value = `审定（冻结）时间：${t.frozenAt ? t.frozenAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : ''}`;
    const head = ws.getRow(3);
    head.values = ['序号', '指标', '计算口径', '数值', '基数', '比率'];
    head.eachCell((c) => { c.font = { ...font, bold: true }; c.alignment = { horizontal: 'center', vertical: 'middle' }; c.border = border; });
    FIGURE_CODES.forEach((code, i) => {
      const f = figureOf(code);
      const v = t.figures![code];
      const r = ws.addRow([i + 1, `${f.zh}（${unitZh(f.unit)}）`, f.formulaZh, v ? shown(code, v.value) : null, v?.base ?? null, null]);
      if (f.base && v?.base != null) r.getCell(6).value = { formula: `IF(E${r.number}=0,"",D${r.number}/E${r.number})` };
      r.getCell(6).numFmt = '0.0%';
      if (f.unit === 'FEN') r.getCell(4).numFmt = '#,##0.00';
      r.eachCell({ includeEmpty: true }, (c, n) => { c.border = border; c.font = font; c.alignment = { vertical: 'middle', wrapText: n === 3, horizontal: n === 2 || n === 3 ? 'left' : 'right' }; });
    });
    const sign = ws.addRow([]);
    ws.mergeCells(sign.number + 1, 1, sign.number + 1, 6);
    ws.getCell(sign.number + 1, 1).value = '乡镇（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000县民政局审定（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000日期：';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
