/**
 * The exit notice to the household (R19: exit is told to the household with its reasons): Chinese,
 * A4, printable, offline (no web fonts, no scripts). The office-files template engine was not yet
 * in the tree when this was written, so it is rendered the way the R10 notice is
 * (identification.notice-page.ts): a template string with every value HTML-escaped.
 */
import { formatYuan } from '../../policy/eligibility';
import { ExitReason } from './lifecycle.enums';

const escape = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const cn = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
const cnMonth = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

export const EXIT_REASON_LABELS: Record<ExitReason, string> = {
  INCOME_ABOVE_LINE: '家庭人均收入超过认定标准',
  ASSETS_ABOVE_LIMIT: '家庭财产状况超过规定',
  MOVED_AWAY: '户籍迁出本县',
  DIED: '家庭成员死亡',
  DUPLICATE: '重复建档',
  ON_REQUEST: '本人申请退出',
  NO_COOPERATION_WITH_RECHECK: '无正当理由不配合定期核查',
};

export interface ExitNotice {
  recheckId: string;
  townshipCode: string;
  townshipName: string;
  headName: string;
  assistanceCardNumber: string | null;
  checkedOn: string;
  decidedOn: string;
  decisionReason: string;
  exitReasons: ExitReason[];
  /** First month not paid (YYYY-MM), gradual exit included. */
  paymentsStopFrom: string;
  gradualExitMonths: number;
  perCapitaMonthlyIncome: number | null;
  allowanceStandard: number | null;
}

export function renderExitNotice(n: ExitNotice): string {
  const lastPaid = (() => {
    const m = Number(n.paymentsStopFrom.slice(0, 4)) * 12 + Number(n.paymentsStopFrom.slice(5, 7)) - 2;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  })();
  const number = `${escape(n.townshipCode)}民困退〔${n.decidedOn.slice(0, 4)}〕${n.recheckId.padStart(6, '0')}号`;
  const income = n.perCapitaMonthlyIncome != null && n.allowanceStandard != null
    ? `<p>经核查，你家庭月人均收入为${formatYuan(n.perCapitaMonthlyIncome)}元，当地低保标准为${formatYuan(n.allowanceStandard)}元/人·月。</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>城市困难家庭退出告知书</title>
<style>
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 13pt; line-height: 1.6; color: #000; }
  .number { text-align: right; font-size: 10.5pt; margin: 0 0 4mm; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 20pt; text-align: center; margin: 0 0 6mm; letter-spacing: 0.1em; }
  p { margin: 0 0 2mm; text-indent: 2em; }
  p.flush { text-indent: 0; }
  ol { margin: 0 0 2mm 2em; padding-left: 1em; }
  .sign { text-align: right; margin-top: 10mm; }
  .receipt { margin-top: 8mm; border-top: 0.75pt dashed #000; padding-top: 4mm; font-size: 11pt; break-inside: avoid; }
  .line { display: inline-block; min-width: 40mm; border-bottom: 0.75pt solid #000; }
</style>
</head>
<body>
<p class="number">${number}</p>
<h1>城市困难家庭退出告知书</h1>
<p class="flush">${escape(n.headName)}户（帮扶卡号：${escape(n.assistanceCardNumber ?? '—')}）：</p>
<p>根据城市困难家庭精准帮扶“脱贫出、返贫进”的动态管理规定，${escape(n.townshipName)}人民政府于${cn(n.checkedOn)}对你家庭进行了定期核查，县民政局于${cn(n.decidedOn)}决定你家庭退出城市困难家庭名单。</p>
${income}
<p>退出原因：</p>
<ol>
${n.exitReasons.map((r) => `  <li>${escape(EXIT_REASON_LABELS[r] ?? r)}</li>`).join('\n')}
</ol>
<p>决定理由：${escape(n.decisionReason)}</p>
<p>${n.gradualExitMonths > 0 ? `按规定给予${n.gradualExitMonths}个月渐退期，` : ''}相关救助金发放至${cnMonth(lastPaid)}，自${cnMonth(n.paymentsStopFrom)}起停止发放。</p>
<p>如家庭情况再次发生困难，可向户籍所在地乡镇人民政府重新提出申请；帮扶卡号和家庭档案继续保留。如对本决定有异议，可自收到本告知书之日起六十日内依法申请行政复议。</p>
<p class="sign">${escape(n.townshipName)}人民政府<br>${cn(n.decidedOn)}</p>
<div class="receipt">
<p class="flush">送达回执：本人已收到《城市困难家庭退出告知书》。</p>
<p class="flush">签收人：<span class="line"></span>&#12288;&#12288;签收日期：&#12288;&#12288;年&#12288;&#12288;月&#12288;&#12288;日</p>
</div>
</body>
</html>
`;
}
