/**
 * County women's federation (县妇联): 春蕾助学 (girls' education aid) and 巾帼技能培训 (women's
 * skills training) as a UTF-8 CSV with Chinese headers. See README.md in this folder.
 */
import type { AssistanceKindCode } from '../partner-adapter';
import {
  ERROR_CODES,
  assistanceRecord,
  defineAdapter,
  forbid,
  ledgerDescription,
  malformedPayload,
  reject,
  requireCardNumber,
  requireDate,
  requireRecordId,
  requireText,
  requireYuan,
  runRecords,
} from '../common';
import { readCsvWithHeader } from '../csv';

/** The exact header (金额（元） has full-width parentheses). */
export const WOMENS_FEDERATION_HEADER = ['记录编号', '帮扶卡号', '项目类别', '日期', '金额（元）', '说明'] as const;

export const WOMENS_FEDERATION_PROGRAMMES: Readonly<Record<string, { kind: AssistanceKindCode; withAmount: boolean; en: string }>> = {
  春蕾助学: { kind: 'CASH', withAmount: true, en: "girls' education aid" },
  巾帼技能培训: { kind: 'SERVICE', withAmount: false, en: "women's skills training" },
};

export const womensFederationAdapter = defineAdapter('womens-federation', ['WOMENS_FEDERATION'], (raw, today) => {
  const csv = readCsvWithHeader(raw, WOMENS_FEDERATION_HEADER);
  if (!csv.ok) return malformedPayload(csv.zh, csv.en);
  const width = WOMENS_FEDERATION_HEADER.length;

  return runRecords(csv.rows.map((row) => ({ position: `line ${row.line}`, value: row.fields })), today, (fields, scope) => {
    if (fields.length < width) {
      reject(ERROR_CODES.MISSING_FIELD, `本行只有 ${fields.length} 列，应为 ${width} 列`, `the line has ${fields.length} fields; expected ${width}`);
    }
    if (fields.length > width) {
      reject(ERROR_CODES.INVALID_FIELD, `本行有 ${fields.length} 列，应为 ${width} 列（含逗号的内容须加引号）`, `the line has ${fields.length} fields; expected ${width} (quote values that contain commas)`);
    }
    const [recordNo, cardNo, programmeName, date, amountYuan, note] = fields;
    const id = requireRecordId(recordNo, '记录编号');
    scope.identify(id);
    const name = requireText(programmeName, '项目类别');
    const programme = Object.prototype.hasOwnProperty.call(WOMENS_FEDERATION_PROGRAMMES, name) ? WOMENS_FEDERATION_PROGRAMMES[name] : undefined;
    if (!programme) {
      reject(ERROR_CODES.UNKNOWN_TYPE, `未知的项目类别「${name.slice(0, 40)}」，应为 春蕾助学 或 巾帼技能培训`, `unknown programme "${name.slice(0, 40)}"; expected 春蕾助学 or 巾帼技能培训`);
    }
    const card = requireCardNumber(cardNo, '帮扶卡号');
    const givenOn = requireDate(date, '日期', 'spreadsheet', scope.today);
    let amount: number | null = null;
    if (programme.withAmount) amount = requireYuan(amountYuan, '金额（元）');
    else forbid(amountYuan, '金额（元）', ERROR_CODES.INVALID_AMOUNT, name, programme.en);
    return assistanceRecord({
      externalId: id,
      reference: { assistanceCardNumber: card },
      kind: programme.kind,
      givenOn,
      amount,
      description: ledgerDescription(`妇联${name}`, note),
    });
  });
});
