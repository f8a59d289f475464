/**
 * Charities (慈善组织): JSON events, one at a time (a webhook) or as an array (a batch). A
 * disbursement to a household is cash assistance; a donation the charity received is valid but
 * not assistance to a household, and is skipped. See README.md in this folder.
 */
import {
  ERROR_CODES,
  assistanceRecord,
  countyDayOf,
  defineAdapter,
  isPlainObject,
  ledgerDescription,
  malformedPayload,
  missing,
  notInFuture,
  parseInstant,
  parseJson,
  reject,
  requireCardNumber,
  requireFen,
  requireRecordId,
  requireText,
  runRecords,
} from '../common';

export const CHARITY_EVENT_TYPES = ['donation.received', 'disbursement.made'] as const;
export type CharityEventType = (typeof CHARITY_EVENT_TYPES)[number];

/** Why a donation event maps to nothing. */
export const DONATION_SKIP_REASON = 'donation received by the charity; not assistance to a household';

export const charityAdapter = defineAdapter('charity', ['CHARITY'], (raw, today) => {
  const json = parseJson(raw);
  if (!json.ok) return malformedPayload(`不是有效的 JSON（${json.reason}）`, `not valid JSON (${json.reason})`);
  const events: unknown[] = Array.isArray(json.value) ? json.value : [json.value];
  if (!events.every(isPlainObject)) {
    return malformedPayload('应为一个事件对象或事件对象数组', 'payload must be one event object or an array of event objects');
  }

  return runRecords(events.map((value, k) => ({ position: `event ${k + 1}`, value: value as Record<string, unknown> })), today, (e, scope) => {
    const id = requireRecordId(e.eventId, 'eventId');
    scope.identify(id);
    const type = requireText(e.type, 'type');
    if (!(CHARITY_EVENT_TYPES as readonly string[]).includes(type)) {
      reject(ERROR_CODES.UNKNOWN_TYPE, `未知的事件类型「${type.slice(0, 40)}」，应为 donation.received 或 disbursement.made`, `unknown event type "${type.slice(0, 40)}"; expected donation.received or disbursement.made`);
    }
    const occurredText = requireText(e.occurredAt, 'occurredAt');
    const occurredAt = parseInstant(occurredText);
    if (!occurredAt) {
      reject(ERROR_CODES.INVALID_DATE, `occurredAt 不是带时区的有效时间（${occurredText.slice(0, 40)}）`, `occurredAt is not a real ISO-8601 instant with an offset (${occurredText.slice(0, 40)})`);
    }
    const givenOn = notInFuture(countyDayOf(occurredAt), 'occurredAt', scope.today);
    if (e.data === undefined || e.data === null) missing('data');
    if (!isPlainObject(e.data)) reject(ERROR_CODES.INVALID_FIELD, 'data 必须是对象', 'data must be an object');
    const data = e.data;

    if (type === 'donation.received') {
      requireText(data.donor, 'data.donor');
      requireFen(data.amountFen, 'data.amountFen');
      return { skipped: DONATION_SKIP_REASON };
    }
    const card = requireCardNumber(data.cardNo, 'data.cardNo');
    const amount = requireFen(data.amountFen, 'data.amountFen');
    const purpose = requireText(data.purpose, 'data.purpose');
    return assistanceRecord({
      externalId: id,
      reference: { assistanceCardNumber: card },
      kind: 'CASH',
      givenOn,
      amount,
      description: ledgerDescription('慈善救助', purpose),
    });
  });
});
