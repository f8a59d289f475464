/**
 * County youth league committee (团县委): volunteer service and student aid as a JSON array.
 * See README.md in this folder for the format.
 */
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
  requireFen,
  requireHours,
  requireRecordId,
  requireText,
  runRecords,
} from '../common';

export const YOUTH_LEAGUE_CATEGORIES = ['VOLUNTEER_SERVICE', 'STUDENT_AID'] as const;
export type YouthLeagueCategory = (typeof YOUTH_LEAGUE_CATEGORIES)[number];

export const youthLeagueAdapter = defineAdapter('youth-league', ['YOUTH_LEAGUE'], (raw, today) => {
  const json = parseJson(raw);
  if (!json.ok) return malformedPayload(`不是有效的 JSON（${json.reason}）`, `not valid JSON (${json.reason})`);
  const body = json.value;
  if (!Array.isArray(body)) return malformedPayload('顶层应为记录数组 [...]', 'top level must be an array of records');
  if (!body.every(isPlainObject)) return malformedPayload('数组的每一项都必须是对象', 'every item of the array must be an object');

  return runRecords(body.map((value, k) => ({ position: `record ${k + 1}`, value: value as Record<string, unknown> })), today, (r, scope) => {
    const id = requireRecordId(r.id, 'id');
    scope.identify(id);
    const category = requireText(r.category, 'category');
    if (!(YOUTH_LEAGUE_CATEGORIES as readonly string[]).includes(category)) {
      reject(ERROR_CODES.UNKNOWN_TYPE, `未知的类别「${category.slice(0, 40)}」，应为 VOLUNTEER_SERVICE 或 STUDENT_AID`, `unknown category "${category.slice(0, 40)}"; expected VOLUNTEER_SERVICE or STUDENT_AID`);
    }
    const card = requireCardNumber(r.assistanceCard, 'assistanceCard');
    const givenOn = requireDate(r.serviceDate, 'serviceDate', 'slash', scope.today);
    const summary = optionalText(r.summary, 'summary');
    if (category === 'VOLUNTEER_SERVICE') {
      const hours = requireHours(r.volunteerHours, 'volunteerHours');
      forbid(r.aidAmountFen, 'aidAmountFen', ERROR_CODES.INVALID_AMOUNT, '志愿服务记录', 'VOLUNTEER_SERVICE records');
      return assistanceRecord({
        externalId: id,
        reference: { assistanceCardNumber: card },
        kind: 'VOLUNTEER_HOURS',
        givenOn,
        hours,
        description: ledgerDescription('共青团志愿服务', summary),
      });
    }
    const amount = requireFen(r.aidAmountFen, 'aidAmountFen');
    forbid(r.volunteerHours, 'volunteerHours', ERROR_CODES.INVALID_HOURS, '助学记录', 'STUDENT_AID records');
    return assistanceRecord({
      externalId: id,
      reference: { assistanceCardNumber: card },
      kind: 'CASH',
      givenOn,
      amount,
      description: ledgerDescription('共青团助学金', summary),
    });
  });
});
