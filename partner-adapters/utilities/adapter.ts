/**
 * The power supply company (供电公司), the water company (珩城水业公司) and the cable network
 * company (广电网络公司): monthly fee-waiver files (CSV) keyed by the utility account a household
 * registered. One adapter per utility; see README.md in this folder.
 */
import type { AdapterPartnerKind, IntegrationFormat, UtilityCode } from '../partner-adapter';
import {
  ERROR_CODES,
  ConfigurablePartnerAdapter,
  assistanceRecord,
  defineAdapter,
  isAbsent,
  lastDayOfMonth,
  ledgerDescription,
  malformedPayload,
  missing,
  parseBillingMonth,
  reject,
  requireYuan,
  runRecords,
} from '../common';
import { readCsvWithHeader } from '../csv';

/** The header every utility's file has: account number, billing month, waived yuan, note. */
export const UTILITY_HEADER = ['户号', '账期', '减免金额', '备注'] as const;

export interface UtilitySpec {
  format: IntegrationFormat;
  utility: UtilityCode;
  partnerKind: AdapterPartnerKind;
  /** What the waiver is called in the ledger. */
  label: string;
  /** The utility's account numbers (户号). */
  accountPattern: RegExp;
  accountDescription: { zh: string; en: string };
}

export const UTILITY_SPECS: Readonly<Record<UtilityCode, UtilitySpec>> = {
  POWER: {
    format: 'power',
    utility: 'POWER',
    partnerKind: 'POWER_COMPANY',
    label: '电费减免',
    accountPattern: /^\d{10}$/,
    accountDescription: { zh: '10 位数字', en: '10 digits' },
  },
  WATER: {
    format: 'water',
    utility: 'WATER',
    partnerKind: 'WATER_COMPANY',
    label: '水费减免',
    accountPattern: /^\d{8}$/,
    accountDescription: { zh: '8 位数字', en: '8 digits' },
  },
  CABLE: {
    format: 'cable',
    utility: 'CABLE',
    partnerKind: 'CABLE_COMPANY',
    label: '有线电视收视费减免',
    accountPattern: /^\d{12}$/,
    accountDescription: { zh: '12 位数字', en: '12 digits' },
  },
};

/** The stable record id of a waiver: `<UTILITY>-<户号>-<账期>`, e.g. POWER-3504210001-2026-10. */
export function utilityRecordId(utility: UtilityCode, accountNumber: string, billingMonth: string): string {
  return `${utility}-${accountNumber}-${billingMonth}`;
}

function utilityAdapter(spec: UtilitySpec): ConfigurablePartnerAdapter {
  const width = UTILITY_HEADER.length;
  return defineAdapter(spec.format, [spec.partnerKind], (raw, today) => {
    const csv = readCsvWithHeader(raw, UTILITY_HEADER);
    if (!csv.ok) return malformedPayload(csv.zh, csv.en);

    return runRecords(csv.rows.map((row) => ({ position: `line ${row.line}`, value: row.fields })), today, (fields, scope) => {
      if (fields.length < width) {
        reject(ERROR_CODES.MISSING_FIELD, `本行只有 ${fields.length} 列，应为 ${width} 列`, `the line has ${fields.length} fields; expected ${width}`);
      }
      if (fields.length > width) {
        reject(ERROR_CODES.INVALID_FIELD, `本行有 ${fields.length} 列，应为 ${width} 列（含逗号的内容须加引号）`, `the line has ${fields.length} fields; expected ${width} (quote values that contain commas)`);
      }
      const [accountCell, monthCell, amountCell, note] = fields.map((f) => f.trim());
      if (isAbsent(accountCell)) missing('户号');
      if (!spec.accountPattern.test(accountCell)) {
        reject(ERROR_CODES.INVALID_ACCOUNT, `户号格式不正确（${accountCell.slice(0, 40)}），应为 ${spec.accountDescription.zh}`, `invalid account number (${accountCell.slice(0, 40)}); expected ${spec.accountDescription.en}`);
      }
      if (isAbsent(monthCell)) missing('账期');
      const month = parseBillingMonth(monthCell);
      if (!month) reject(ERROR_CODES.INVALID_DATE, `账期不是有效月份（${monthCell.slice(0, 20)}），格式应为 YYYY-MM`, `账期 is not a real billing month (${monthCell.slice(0, 20)}); expected YYYY-MM`);
      scope.identify(utilityRecordId(spec.utility, accountCell, monthCell));
      // The waiver is given when the month's bill closes: its last day, which must have come.
      const givenOn = lastDayOfMonth(month.year, month.month);
      if (givenOn > scope.today) {
        reject(ERROR_CODES.INVALID_DATE, `账期 ${monthCell} 尚未结束（结账日 ${givenOn} 晚于今天 ${scope.today}）`, `billing month ${monthCell} has not ended (its last day ${givenOn} is after today ${scope.today})`);
      }
      const amount = requireYuan(amountCell, '减免金额');
      return assistanceRecord({
        externalId: utilityRecordId(spec.utility, accountCell, monthCell),
        reference: { utility: spec.utility, accountNumber: accountCell },
        kind: 'FEE_WAIVER',
        givenOn,
        amount,
        description: ledgerDescription(`${spec.label} ${monthCell}`, note),
      });
    });
  });
}

export const powerAdapter = utilityAdapter(UTILITY_SPECS.POWER);
export const waterAdapter = utilityAdapter(UTILITY_SPECS.WATER);
export const cableAdapter = utilityAdapter(UTILITY_SPECS.CABLE);
