/**
 * Charity platforms (慈善平台) — format `charity-platform` (donors module, issue 12): a JSON batch
 * of the platform's donors, pledges and dispatches, mapped record by record to what the donors
 * service takes. Pure, like every adapter here: no database, nothing from src/ (the service
 * resolves donor numbers, area codes and match ids, and writes). Shared rules: ../CONVENTIONS.md.
 */
import { bilingual, ERROR_CODES, malformedPayload, MAX_EXTERNAL_ID_CHARS, RecordRejection, reject, resolveToday, yuanToFen } from '../common';

export const CHARITY_PLATFORM_FORMAT = 'charity-platform';

/** The platform's codes (the donors module's DonorKind, PledgeResource, AreaLevel; NeedKind of pairing). */
export type PlatformDonorKind = 'INDIVIDUAL' | 'ENTERPRISE' | 'SOCIAL_ORGANISATION';
export type PlatformResource = 'MONEY' | 'GOODS' | 'SERVICE' | 'VOLUNTEER_HOURS';
export type PlatformNeedKind = 'EMPLOYMENT' | 'MEDICAL' | 'SCHOOLING' | 'HOUSING' | 'LIVING' | 'SOCIAL_INSURANCE' | 'UTILITIES';

export type PlatformBatchRecord =
  | { type: 'DONOR'; externalId: string; donorRef: string; displayName: string; donorKind: PlatformDonorKind }
  | {
    type: 'PLEDGE'; externalId: string; donorRef: string; resource: PlatformResource; quantity: number; unit: string | null; needKinds: PlatformNeedKind[];
    /** COUNTY, or a township (9 digits) or community (12 digits) code. */
    area: { level: 'COUNTY' } | { level: 'TOWNSHIP' | 'COMMUNITY'; code: string };
    validUntil: string; capPerHousehold: number | null; description: string;
  }
  | { type: 'DISPATCH'; externalId: string; match: string; dispatchedOn: string; note: string };

export type ParsedPlatformRecord = { ref: string; record: PlatformBatchRecord } | { ref: string; error: { record: string; code: string; message: string } };

const DONOR_TYPES: Record<string, PlatformDonorKind> = { 个人: 'INDIVIDUAL', 企业: 'ENTERPRISE', 社会组织: 'SOCIAL_ORGANISATION' };
const FORMS: Record<string, PlatformResource> = { 资金: 'MONEY', 物资: 'GOODS', 服务: 'SERVICE', 志愿服务: 'VOLUNTEER_HOURS' };
const NEED_KINDS: Record<string, PlatformNeedKind> = {
  就业: 'EMPLOYMENT', 医疗: 'MEDICAL', 助学: 'SCHOOLING', 住房: 'HOUSING', 生活: 'LIVING', 社保: 'SOCIAL_INSURANCE', 水电网: 'UTILITIES',
};
const MAX_QUANTITY = 1_000_000_000;

function text(v: unknown, field: string, max: number, required = true): string {
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
    if (!required) return '';
    reject(ERROR_CODES.MISSING_FIELD, `缺少字段 ${field}`, `Missing field ${field}`);
  }
  if (typeof v !== 'string' || [...v].length > max || /\p{Cc}/u.test(v)) reject(ERROR_CODES.INVALID_FIELD, `字段 ${field} 格式不正确`, `Field ${field} is not valid`);
  return v.trim();
}

function positiveInteger(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0 || v > MAX_QUANTITY) reject(ERROR_CODES.INVALID_AMOUNT, `${field} 须为正整数`, `${field} must be a positive whole number`);
  return v;
}

function day(v: unknown, field: string, notBefore: string | null, notAfter: string | null): string {
  const s = text(v, field, 10);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
  if (!ok || (notBefore && s < notBefore) || (notAfter && s > notAfter)) reject(ERROR_CODES.INVALID_DATE, `${field} 日期无效`, `${field} is not a valid date here`);
  return s;
}

function mapRecord(r: Record<string, unknown>, today: string): PlatformBatchRecord {
  const externalId = text(r.recordNo, 'recordNo', MAX_EXTERNAL_ID_CHARS);
  switch (r.type) {
    case 'donor': {
      const donorRef = text(r.donorNo, 'donorNo', 64);
      const displayName = text(r.name, 'name', 100);
      const donorKind = DONOR_TYPES[text(r.donorType, 'donorType', 10)];
      if (!donorKind) reject(ERROR_CODES.UNKNOWN_TYPE, '捐赠人类型应为 个人、企业 或 社会组织', 'donorType is 个人, 企业 or 社会组织');
      return { type: 'DONOR', externalId, donorRef, displayName, donorKind };
    }
    case 'pledge': {
      const donorRef = text(r.donorNo, 'donorNo', 64);
      const resource = FORMS[text(r.form, 'form', 10)];
      if (!resource) reject(ERROR_CODES.UNKNOWN_TYPE, '捐赠形式应为 资金、物资、服务 或 志愿服务', 'form is 资金, 物资, 服务 or 志愿服务');
      let quantity: number;
      let unit: string | null = null;
      if (resource === 'MONEY') {
        const fen = yuanToFen(text(r.amount, 'amount', 20));
        if (!fen.ok) return reject(ERROR_CODES.INVALID_AMOUNT, fen.zh, fen.en);
        quantity = fen.fen;
      } else {
        quantity = positiveInteger(r.quantity, 'quantity');
        unit = text(r.unit, 'unit', 20);
      }
      if (!Array.isArray(r.for) || r.for.length === 0) reject(ERROR_CODES.MISSING_FIELD, '缺少字段 for（需求类别）', 'Missing field for (need kinds)');
      const needKinds = (r.for as unknown[]).map((k) => NEED_KINDS[String(k)]);
      if (needKinds.some((k) => !k)) reject(ERROR_CODES.UNKNOWN_TYPE, `需求类别应为 ${Object.keys(NEED_KINDS).join('、')}`, 'Unknown need kind');
      const a = text(r.area, 'area', 12);
      const area = a === '县' ? { level: 'COUNTY' as const } : /^\d{9}$/.test(a) ? { level: 'TOWNSHIP' as const, code: a } : /^\d{12}$/.test(a) ? { level: 'COMMUNITY' as const, code: a } : null;
      if (!area) reject(ERROR_CODES.INVALID_FIELD, 'area 应为 “县”、乡镇代码（9 位）或村（居）代码（12 位）', 'area is 县, a township code (9 digits) or a community code (12 digits)');
      const validUntil = day(r.until, 'until', today, null);
      const capPerHousehold = r.perHousehold === undefined || r.perHousehold === null ? null : positiveInteger(r.perHousehold, 'perHousehold');
      const description = text(r.note, 'note', 200);
      return { type: 'PLEDGE', externalId, donorRef, resource, quantity, unit, needKinds: [...new Set(needKinds)], area, validUntil, capPerHousehold, description };
    }
    case 'dispatch': {
      const match = text(r.match, 'match', 200);
      const dispatchedOn = day(r.date, 'date', null, today);
      const note = text(r.note, 'note', 200, false);
      return { type: 'DISPATCH', externalId, match, dispatchedOn, note };
    }
    default:
      return reject(ERROR_CODES.UNKNOWN_TYPE, '记录类型应为 donor、pledge 或 dispatch', 'type is donor, pledge or dispatch');
  }
}

/** Parses a whole batch: `{ "batchId": "...", "records": [ ... ] }`. */
export function parsePlatformBatch(raw: string, opts: { today?: string } = {}): ParsedPlatformRecord[] {
  const today = resolveToday(opts.today);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return malformedPayload('不是有效的 JSON', 'Not valid JSON') as ParsedPlatformRecord[];
  }
  const records = (body as { records?: unknown })?.records;
  if (!body || typeof body !== 'object' || !Array.isArray(records) || records.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) {
    return malformedPayload('应为 { "batchId", "records": [ … ] }', 'Expected { "batchId", "records": [ … ] }') as ParsedPlatformRecord[];
  }
  const seen = new Set<string>();
  return records.map((item, i): ParsedPlatformRecord => {
    const r = item as Record<string, unknown>;
    const ref = typeof r.recordNo === 'string' && r.recordNo.trim() ? r.recordNo.trim() : `record ${i + 1}`;
    try {
      const record = mapRecord(r, today);
      if (seen.has(record.externalId)) reject(ERROR_CODES.DUPLICATE_IN_BATCH, '记录编号在本批中重复', 'Record id repeated in this batch');
      seen.add(record.externalId);
      return { ref, record };
    } catch (err) {
      if (!(err instanceof RecordRejection)) throw err;
      seen.add(ref);
      return { ref, error: { record: ref, code: err.code, message: bilingual(err.zh, err.en) } };
    }
  });
}
