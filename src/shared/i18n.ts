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
  UNKNOWN_PARAMETER: { zh: '没有这个政策参数', en: 'Unknown policy parameter' },
  NOT_AN_INTEGER: { zh: '该参数须为整数', en: 'This parameter must be a whole number' },
  PARAMETER_ALREADY_SET_FOR_DATE: { zh: '该参数在此生效日期已有取值，请另选日期', en: 'This parameter already has a value from that date' },
  PARAMETER_WOULD_REWRITE_DECISION: { zh: '生效日期不能早于已作出的认定决定（最近一次：{date}）', en: 'The effective date would rewrite decisions already taken (latest on {date})' },
  OPEN_CASE_EXISTS: { zh: '该家庭已有办理中的申请', en: 'This household already has an open application' },
  ILLEGAL_TRANSITION: { zh: '当前状态（{state}）下不能办理此事项', en: 'Not possible while the case is {state}' },
  INVESTIGATION_INCOMPLETE: { zh: '入户调查尚未完成，缺少：{missing}', en: 'The investigation is incomplete; missing: {missing}' },
  REVIEW_OPINION_MISSING: { zh: '乡镇审核意见尚未填写', en: 'The township review opinion is missing' },
  PRIMARY_CAUSE_NOT_IN_CAUSES: { zh: '主要致困原因须在致困原因之中', en: 'The primary cause must be one of the causes' },
  AUTHORISATION_NOT_SIGNED: { zh: '经济状况核对须有家庭签字授权', en: 'The economic cross-check needs the family\'s signed authorisation' },
  APPRAISAL_INCOMPLETE: { zh: '民主评议须填写参加人员和结论', en: 'A democratic appraisal needs its participants and conclusion' },
  DATE_IN_FUTURE: { zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  DATE_BEFORE_CASE_STEP: { zh: '日期不能早于{step}的日期（{date}）', en: 'The date cannot be before {step} ({date})' },
  DATE_AFTER_CASE_STEP: { zh: '日期不能晚于已登记的{step}（{date}）；请先重新登记{step}', en: 'The date cannot be after {step} already recorded ({date}); record {step} again first' },
  LATE_ENTRY_EVIDENCE_REQUIRED: { zh: '该公示期已结束，补录时须注明公示凭证（如公示栏照片记录编号）', en: 'This notice period has already ended: entering it late needs a reference to its evidence (e.g. the number of the photographed board record)' },
  NOTICE_TOO_SHORT: { zh: '公示期不得少于 {days} 天（最早结束于 {earliest}）', en: 'A notice runs at least {days} days (ends {earliest} at the earliest)' },
  NOTICE_NOT_ENDED: { zh: '公示期至 {endsOn} 结束，下一环节的日期须在其后', en: 'The notice runs until {endsOn}; the next step must be dated after it' },
  NOTICE_NOT_CURRENT: { zh: '该公示不在公示期内', en: 'This notice is not on display now' },
  OPEN_OBJECTION: { zh: '公示期间有未处理的异议，须先处理', en: 'An objection to the notice is still open' },
  OBJECTION_ALREADY_RESOLVED: { zh: '该异议已处理', en: 'This objection is already resolved' },
  UPHELD_ACTION_REQUIRED: { zh: '异议成立时须选择退回调查或不予认定', en: 'An upheld objection needs an action: return to investigation or reject' },
  NOT_ELIGIBLE: { zh: '按现行政策该家庭不符合认定条件', en: 'Under the policy in force the household does not qualify' },
  NOT_ENTITLED: { zh: '该家庭当前不享受此项帮扶（事项状态：{state}）', en: 'The household is not entitled to this item now (item is {state})' },
  NOT_YOUR_MEASURE: { zh: '该事项不属于本部门负责的帮扶措施', en: 'This item belongs to another department\'s measure' },
  FUND_OVERDRAWN: { zh: '资金余额不足，不能超额支出', en: 'The allocation does not have enough left for this payment' },
  ALREADY_PAID: { zh: '该笔落实记录已支付，不能重复支付', en: 'This delivery has already been paid' },
  INVALID_MONTH: { zh: '月份应为 YYYY-MM，且不晚于本月', en: 'A month is YYYY-MM and not in the future' },
  WRONG_MEASURE: { zh: '该资金不能用于此项帮扶措施', en: 'This allocation is for another measure' },
  DUPLICATE_CODE: { zh: '编码已存在', en: 'This code is already in use' },
  WRONG_YEAR: { zh: '该资金为{year}年度安排，不能用于其他年度的支出', en: 'This allocation is for {year}; it cannot pay for another year' },
  NOTHING_TO_PAY: { zh: '该乡镇本月没有可发放低保金的家庭', en: 'No household of this township is due an allowance for this month' },
  NOT_YOUR_PAIRING: { zh: '只能为本单位提出或登记结对帮扶', en: 'A partner proposes and records only its own pairings' },
  QUOTA_EXCEEDED: { zh: '{partner}结对户数将超过其等级限额（{quota}户，拟结对后{total}户）', en: '{partner} would pair with {total} households, over its quota of {quota}' },
  NOT_PAIRED: { zh: '本单位与该家庭没有已批准的结对关系', en: 'You have no approved pairing with this household' },
  UNKNOWN_CARD_NUMBER: { zh: '帮扶卡号不存在', en: 'Unknown assistance-card number' },
  UNKNOWN_UTILITY_ACCOUNT: { zh: '该户号未登记', en: 'Unknown utility account' },
  IDEMPOTENCY_CONFLICT: { zh: '该记录编号已用于内容不同的另一条记录', en: 'This record id was already used for a different record' },
  PERSONAL_DATA_IN_TEXT: { zh: '需求说明不能包含姓名或身份证号码', en: 'A need\'s description may not contain names or id numbers' },
  CONTROL_CHARACTER: { zh: '不能包含控制字符（第 {position} 个字符为 {char}）', en: 'Control characters are not allowed (character {position} is {char})' },
  RESULT_UNAVAILABLE: { zh: '修改已保存，但读取结果失败；请勿重复提交，请重新查询该记录', en: 'The change was saved, but reading back its result failed; do not resend it, read the record again' },
  WEBHOOK_URL_NOT_ALLOWED: { zh: '订阅地址须为 https 地址，主机只能解析到公网地址，且地址中不得含用户名或密码', en: 'The subscription URL must be https, its host must resolve to public addresses only, and it may not carry a user name or password' },
  // donors module (issue 12)
  QUANTITY_NOT_POSITIVE: { zh: '数量须为正整数', en: 'The quantity must be a positive whole number' },
  WINDOW_ENDED: { zh: '捐赠有效期已于 {endedOn} 结束', en: 'The window ended on {endedOn}' },
  WINDOW_NOT_OPEN: { zh: '不在捐赠有效期内（{from} 至 {until}）', en: 'Outside the window ({from} to {until})' },
  UNKNOWN_AREA: { zh: '地区不存在', en: 'No such area' },
  UNIT_NOT_VALUED: { zh: '默认价值表中没有该单位（{unit}），请民政局先设定其价值', en: 'The default value table has no value for the unit {unit}; civil affairs sets one first' },
  NOT_DESIGNATED_PLATFORM: { zh: '资金捐赠须通过民政部指定的互联网公开募捐信息平台', en: 'Money pledges go through a platform designated for internet public fundraising' },
  NOT_A_GIVING_PARTNER: { zh: '只有工会、共青团、妇联和文明单位可以作为帮扶主体直接捐赠', en: 'Only the trade union, the youth league, the women\'s federation and civilized units pledge as partners' },
  PLEDGE_NOT_APPROVED: { zh: '该捐赠尚未审核通过（状态：{state}）', en: 'The pledge is not approved (it is {state})' },
  ALREADY_DECIDED: { zh: '已作出决定，不能重复决定', en: 'This has already been decided' },
  NEED_KIND_NOT_PLEDGED: { zh: '该捐赠不用于此类需求', en: 'The pledge is not for this kind of need' },
  OUTSIDE_PLEDGE_AREA: { zh: '该需求不在捐赠指定的地区内', en: 'The need is outside the pledge\'s area' },
  NEED_NOT_OPEN: { zh: '该需求已不在募集中', en: 'The need is no longer open' },
  EXCEEDS_PLEDGE: { zh: '超过捐赠剩余数量（剩余 {remaining}）', en: 'More than the pledge has left ({remaining})' },
  EXCEEDS_NEED: { zh: '超过需求尚缺金额（尚缺 {lacking} 分）', en: 'More than the need lacks ({lacking} fen)' },
  EXCEEDS_HOUSEHOLD_CAP: { zh: '超过该捐赠对单户的上限（还可 {room}）', en: 'More than the pledge\'s cap per household ({room} left)' },
  WRONG_MATCH_STATE: { zh: '该匹配当前状态为 {state}，不能进行此操作', en: 'The match is {state}: this step does not apply' },
  NOT_DISPATCHED: { zh: '该捐赠尚未发出，不能确认签收', en: 'Nothing was dispatched for this match: receipt cannot be confirmed' },
  ALREADY_DRAWN: { zh: '本月已抽取回访样本', en: 'The visit sample of this month is already drawn' },
  // end donors
  // office-files (issue 14): the Excel ledger import's report (src/modules/office)
  LEDGER_NOT_EXCEL: { zh: '文件不是 Excel 工作簿（.xlsx）', en: 'The file is not an Excel workbook (.xlsx)' },
  LEDGER_TOO_LARGE: { zh: '文件过大，不能超过 {max} 字节', en: 'The file is too large (at most {max} bytes)' },
  LEDGER_TOO_MANY_ROWS: { zh: '行数过多，不能超过 {max} 行', en: 'Too many rows (at most {max})' },
  LEDGER_EMPTY: { zh: '台账中没有家庭', en: 'The ledger holds no households' },
  LEDGER_HEADER_MISMATCH: { zh: '表头应为“{expected}”，实际为“{found}”', en: 'The header should be "{expected}", found "{found}"' },
  LEDGER_MERGED_CELL_OUT_OF_PLACE: { zh: '合并单元格 {range} 位置不对：只有家庭信息列可以在同一家庭的行内纵向合并', en: 'Merged cell {range} is out of place: only household columns may be merged, downwards, within one household' },
  LEDGER_UNKNOWN_LABEL: { zh: '“{found}”不是可选值（可选：{allowed}）', en: '"{found}" is not an allowed value (allowed: {allowed})' },
  LEDGER_NOT_A_NUMBER: { zh: '应为数字', en: 'Must be a number' },
  LEDGER_HOUSEHOLD_COLUMNS_DIFFER: { zh: '同一家庭（序号 {serial}）各行的家庭信息不一致', en: 'The household columns differ between the rows of household {serial}' },
  LEDGER_HOUSEHOLD_ROWS_NOT_TOGETHER: { zh: '序号 {serial} 的家庭成员行应连续排列', en: 'The rows of household {serial} must be together' },
  RECOGNITION_CIVIL_AFFAIRS_ONLY: { zh: '只有县民政局可以直接认定（R7）', en: 'Only civil affairs may recognise households directly (R7)' },
  RECOGNITION_CATEGORY_NOT_DIRECT: { zh: '只有特困人员、低保对象、孤儿可以直接认定（R7），支出型贫困低收入家庭须按申请、审核、公示程序认定', en: 'Only extreme-poverty persons, allowance recipients and orphans are recognised directly (R7); expenditure-type low-income households go through the application and notices' },
  DELIVERY_HEAD_NAME_MISMATCH: { zh: '户主姓名与帮扶卡号对应的家庭不符，请核对卡号', en: 'The head of household\'s name does not match the card number: check the card number' },
  // monitoring (issue 11)
  RELIEF_ABOVE_CAP: { zh: '救助金额超过政策规定的上限（{max}分）', en: 'The relief amount is above the cap in force ({max} fen)' },
  RECHECK_NOT_RECORDED: { zh: '尚未登记该家庭在预警之后的核查，请先登记核查', en: 'No re-check of the household has been recorded since the warning was raised: record it first' },
  // lifecycle (issue 11: re-checks, exit, re-entry; src/modules/lifecycle)
  HOUSEHOLD_NOT_ON_LIST: { zh: '该家庭不在城市困难家庭名单内', en: 'The household is not on the list of households in hardship' },
  HOUSEHOLD_EXITED: { zh: '该家庭已退出名单，档案只读；如需重新纳入，请先受理新的认定申请', en: 'The household has left the list and its record is read-only; submit a new application to bring it back' },
  EXIT_REASONS_REQUIRED: { zh: '退出须说明至少一项退出原因', en: 'An exit needs at least one reason' },
  CATEGORIES_REQUIRED: { zh: '调整类别须给出至少一个困难类别', en: 'Changing categories needs at least one category' },
  RECHECK_METHODS_REQUIRED: { zh: '核查须记录至少一种核查方式', en: 'A re-check needs at least one method' },
  RECHECK_BEFORE_LAST: { zh: '核查日期不能早于上次核查或纳入日期（{date}）', en: 'The re-check cannot be dated before the last re-check or entry ({date})' },
  RECHECK_OPEN: { zh: '该家庭已有待县民政局决定的核查', en: 'The household already has a re-check waiting for the county\'s decision' },
  RECHECK_ALREADY_DECIDED: { zh: '该核查已作出决定', en: 'The re-check has already been decided' },
  DECISION_BEFORE_RECHECK: { zh: '决定日期不能早于核查日期（{date}）', en: 'The decision cannot be dated before the re-check ({date})' },
  PAYMENT_STOP_BEFORE_DECISION: { zh: '停发月份不能早于决定所在月份（{month}）', en: 'Payments cannot stop before the month of the decision ({month})' },
  DATE_BEFORE_LAST_EPISODE: { zh: '纳入日期不能早于该家庭上一次名单变动日期（{date}）', en: 'The day cannot be before the household\'s last change on the list ({date})' },
  // errors[] codes of HTTP refusals (src/access/authenticate.ts, src/app.ts).
  RATE_LIMITED: { zh: '请求过于频繁：该 API 密钥每分钟最多可请求 {limit} 次，请在 {seconds} 秒后重试', en: 'Too many requests: this API key may make {limit} requests a minute; retry in {seconds} seconds' },
  NOT_ACCEPTABLE: { zh: '无法按 Accept 请求头所列格式应答；本接口应答格式为 application/graphql-response+json 或 application/json', en: 'None of the media types in the Accept header can be served; this endpoint answers application/graphql-response+json or application/json' },
  METRICS_TOKEN_REQUIRED: { zh: '读取监控指标需要 Authorization: Bearer <METRICS_TOKEN>', en: 'Reading the metrics needs Authorization: Bearer <METRICS_TOKEN>' },
  METRICS_NOT_ALLOWED: { zh: '该地址不在 METRICS_ALLOW_FROM 允许的网络内', en: 'This address is not in the networks of METRICS_ALLOW_FROM' },
  METRICS_CLOSED: { zh: '生产环境未开放监控指标：请配置 METRICS_TOKEN 或 METRICS_ALLOW_FROM', en: 'Metrics are closed in production: configure METRICS_TOKEN or METRICS_ALLOW_FROM' },
};

/**
 * Parameters whose value is a code of the domain, named in the message in the caller's language:
 * services return the code (e.g. `step: 'FIRST_NOTICE'`), never a localized word.
 */
const PARAM_LABELS: Record<string, Record<string, { zh: string; en: string }>> = {
  // The case milestones of DATE_BEFORE_CASE_STEP / DATE_AFTER_CASE_STEP (identification.service.ts, R8–R10).
  step: {
    APPLICATION: { zh: '申请受理', en: 'the application' },
    INVESTIGATION_START: { zh: '开始调查', en: 'the start of the investigation' },
    INVESTIGATIONS: { zh: '调查记录', en: 'an investigation' },
    REVIEW_OPINION: { zh: '乡镇审核意见', en: "the township's review opinion" },
    FIRST_NOTICE: { zh: '第一次公示', en: 'the first notice' },
    FIRST_NOTICE_OVER: { zh: '第一次公示期满', en: 'the end of the first notice' },
    FIRST_NOTICE_OBJECTIONS: { zh: '第一次公示异议处理', en: 'the resolution of an objection to the first notice' },
    FORWARDING: { zh: '报县审核', en: 'forwarding to the county' },
    DECISION: { zh: '县民政局审核决定', en: "the county's decision" },
    SECOND_NOTICE: { zh: '第二次公示', en: 'the second notice' },
    SECOND_NOTICE_OVER: { zh: '第二次公示期满', en: 'the end of the second notice' },
    SECOND_NOTICE_OBJECTIONS: { zh: '第二次公示异议处理', en: 'the resolution of an objection to the second notice' },
    OBJECTION_RECEIVED: { zh: '异议受理', en: 'the receipt of the objection' },
  },
};

export function message(lang: Lang, code: string, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[code]?.[lang] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v == null) return `{${k}}`;
    return PARAM_LABELS[k]?.[String(v)]?.[lang] ?? String(v);
  });
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
