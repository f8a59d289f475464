/**
 * userErrors speak Chinese by default and English when `Accept-Language` prefers it; the codes
 * stay the same either way.
 */
export type Lang = 'zh' | 'en';

export function langFromHeader(header: string | undefined): Lang {
  if (!header) return 'zh';
  // The first language range with a known primary tag wins (weights are ordered by clients).
  for (const part of header.split(',')) {
    const tag = part.trim().split(';')[0].toLowerCase();
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('zh')) return 'zh';
  }
  return 'zh';
}

const MESSAGES: Record<string, { zh: string; en: string }> = {
  REQUIRED: { zh: '此项为必填项', en: 'This field is required' },
  STRING_TOO_LONG: { zh: '长度不能超过 {max} 个字符', en: 'Must be at most {max} characters' },
  INVALID_FORMAT: { zh: '格式不正确', en: 'Invalid format' },
  INVALID_ID: { zh: '标识无效', en: 'Invalid id' },
  OUT_OF_RANGE: { zh: '数值超出允许范围（{min}–{max}）', en: 'Value must be between {min} and {max}' },
  AMOUNT_NEGATIVE: { zh: '金额不能为负数', en: 'Amount cannot be negative' },
  AMOUNT_TOO_LARGE: { zh: '金额超出合理范围（最多 {max} 分）', en: 'Amount is implausibly large (at most {max} fen)' },
  ID_NUMBER_FORMAT: { zh: '身份证号码应为18位（末位可为X）', en: 'An id number has 18 characters (the last may be X)' },
  ID_NUMBER_BIRTH_DATE: { zh: '身份证号码中的出生日期无效', en: 'The birth date in the id number is not a real past date' },
  ID_NUMBER_CHECK_DIGIT: { zh: '身份证号码校验位错误', en: 'The id number check digit is wrong' },
  ID_NUMBER_ALREADY_REGISTERED: { zh: '该身份证号码已登记在其他家庭', en: 'This id number is already registered in a household' },
  ID_NUMBER_DUPLICATED_IN_INPUT: { zh: '同一身份证号码重复填写', en: 'The same id number appears twice' },
  UNKNOWN_TOWNSHIP: { zh: '乡镇不存在', en: 'Unknown township' },
  UNKNOWN_COMMUNITY: { zh: '村（居）不存在', en: 'Unknown community' },
  COMMUNITY_NOT_IN_TOWNSHIP: { zh: '该村（居）不属于所选乡镇', en: 'The community does not belong to the township' },
  TOWNSHIP_NOT_YOURS: { zh: '只能登记本乡镇的家庭', en: 'You can only register households of your own township' },
  HOUSEHOLD_NEEDS_MEMBERS: { zh: '家庭至少需要一名成员', en: 'A household needs at least one member' },
  HOUSEHOLD_TOO_LARGE: { zh: '家庭成员不能超过 {max} 人', en: 'A household has at most {max} members' },
  HEAD_MISSING: { zh: '家庭必须有一名户主', en: 'A household needs exactly one head' },
  MULTIPLE_HEADS: { zh: '一个家庭只能有一名户主', en: 'A household cannot have two heads' },
  HEAD_CANNOT_BE_REMOVED: { zh: '不能移除户主，请先变更户主', en: 'The head cannot be removed; change the head first' },
  ALREADY_HEAD: { zh: '该成员已是户主', en: 'This member is already the head' },
  DISABILITY_GRADE_MISMATCH: { zh: '残疾类别与等级须同时填写（等级1–4）', en: 'Disability category and grade (1–4) go together' },
  NOT_FOUND: { zh: '记录不存在或无权访问', en: 'Not found' },
  STALE_VERSION: { zh: '记录已被他人修改（当前版本 {current}），请刷新后重试', en: 'The record was changed by someone else (now version {current}); reload and retry' },
  ALREADY_REVOKED: { zh: '该密钥已被吊销', en: 'This key is already revoked' },
};

export function message(lang: Lang, code: string, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[code]?.[lang] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Codes without a message fail the i18n unit test. */
export function hasMessage(code: string): boolean {
  return code in MESSAGES;
}

/** Both languages of a code's message, placeholders shown by name (schema descriptions). */
export function describeCode(code: string): string {
  const m = MESSAGES[code];
  return m ? `${m.en}. ${m.zh}。` : code;
}
