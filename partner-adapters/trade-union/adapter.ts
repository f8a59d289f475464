/**
 * County trade union (县总工会): hardship-worker assistance (困难职工帮扶) as JSON batches.
 * See README.md in this folder for the format.
 */
import type { AssistanceKindCode } from '../partner-adapter';
import {
  ERROR_CODES,
  assistanceRecord,
  defineAdapter,
  forbid,
  isPlainObject,
  ledgerDescription,
  malformedPayload,
  optionalText,
  parseJson,
  reject,
  requireCardNumber,
  requireDate,
  requireRecordId,
  requireText,
  requireYuan,
  runRecords,
} from '../common';

/** The union's record types and what each becomes in the ledger. */
export const TRADE_UNION_TYPES: Readonly<Record<string, { kind: AssistanceKindCode; withAmount: boolean; en: string }>> = {
  慰问金: { kind: 'CASH', withAmount: true, en: 'solatium cash' },
  送温暖物资: { kind: 'GOODS', withAmount: true, en: 'winter-warmth goods' },
  走访慰问: { kind: 'VISIT', withAmount: false, en: 'home visit' },
  职业技能培训: { kind: 'SERVICE', withAmount: false, en: 'vocational skills training' },
};

export const tradeUnionAdapter = defineAdapter('trade-union', ['TRADE_UNION'], (raw, today) => {
  const json = parseJson(raw);
  if (!json.ok) return malformedPayload(`不是有效的 JSON（${json.reason}）`, `not valid JSON (${json.reason})`);
  const body = json.value;
  if (!isPlainObject(body) || typeof body.batchId !== 'string' || body.batchId.trim() === '' || !Array.isArray(body.records)) {
    return malformedPayload('顶层应为 { "batchId": 文本, "records": [...] }', 'top level must be { "batchId": string, "records": [...] }');
  }
  const records: unknown[] = body.records;
  if (!records.every(isPlainObject)) return malformedPayload('records 的每一项都必须是对象', 'every item of records must be an object');

  return runRecords(records.map((value, k) => ({ position: `record ${k + 1}`, value: value as Record<string, unknown> })), today, (r, scope) => {
    const id = requireRecordId(r.recordNo, 'recordNo');
    scope.identify(id);
    const typeName = requireText(r.type, 'type');
    const type = Object.prototype.hasOwnProperty.call(TRADE_UNION_TYPES, typeName) ? TRADE_UNION_TYPES[typeName] : undefined;
    if (!type) {
      reject(ERROR_CODES.UNKNOWN_TYPE, `未知的帮扶类型「${typeName.slice(0, 40)}」，应为 慰问金、送温暖物资、走访慰问 或 职业技能培训`, `unknown type "${typeName.slice(0, 40)}"; expected 慰问金, 送温暖物资, 走访慰问 or 职业技能培训`);
    }
    const card = requireCardNumber(r.cardNo, 'cardNo');
    const givenOn = requireDate(r.date, 'date', 'iso', scope.today);
    let amount: number | null = null;
    if (type.withAmount) amount = requireYuan(r.amountYuan, 'amountYuan');
    else forbid(r.amountYuan, 'amountYuan', ERROR_CODES.INVALID_AMOUNT, `${typeName}`, type.en);
    const note = optionalText(r.note, 'note');
    return assistanceRecord({
      externalId: id,
      reference: { assistanceCardNumber: card },
      kind: type.kind,
      givenOn,
      amount,
      description: ledgerDescription(`工会${typeName}`, note),
    });
  });
});
