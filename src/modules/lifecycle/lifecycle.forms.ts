/**
 * The exit notice to the household (R19: an exit is told to the household with its reasons), as a
 * printable form of src/forms (Eta, auto-escaped, the one A4 layout): the document number, the
 * re-check and the county's decision with their days, the reasons, the months still paid (the
 * gradual exit as decided), the right to reapply (the card and the record are kept), the right
 * of review, the issuer with the seal's room, and a receipt to sign.
 */
import { defineForm, documentNumber, renderForm } from '../../forms/forms';
import { formatYuan } from '../../policy/eligibility';
import { ExitReason } from './lifecycle.enums';

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

defineForm('exit-notice', `<% layout('@layout') %>
<div class="sheet">
<div class="doc-number">编号：<%= it.documentNumber %></div>
<h1>城市困难家庭退出告知书</h1>
<p class="flush"><%= it.headName %>户（帮扶卡号：<%= it.assistanceCardNumber %>）：</p>
<p>根据城市困难家庭精准帮扶“脱贫出、返贫进”的动态管理规定，<%= it.townshipName %>人民政府于<%= it.h.chineseDate(it.checkedOn) %>对你家庭进行了定期核查，县民政局于<%= it.h.chineseDate(it.decidedOn) %>决定你家庭退出城市困难家庭名单。</p>
<% if (it.income) { %><p><%= it.income %></p><% } %>
<p>退出原因：</p>
<% it.reasons.forEach(function (r, i) { %><p><%= i + 1 %>．<%= r %></p>
<% }) %>
<p>决定理由：<%= it.decisionReason %></p>
<p><%= it.payments %></p>
<p>如家庭情况再次发生困难，可向户籍所在地乡镇人民政府重新提出申请；帮扶卡号和家庭档案继续保留。如对本决定有异议，可自收到本告知书之日起六十日内依法申请行政复议。</p>
<div class="signatures">
  <div class="signature">经办人（签字）：<span class="line"></span></div>
  <div class="issuer-block"><div class="seal">（盖章）</div><div class="issuer"><%= it.townshipName %>人民政府<br><%= it.h.chineseDate(it.decidedOn) %></div></div>
</div>
<p class="note">送达回执：本人已收到《城市困难家庭退出告知书》。签收人：<span class="line"></span>&#12288;签收日期：<%= it.h.chineseDate(null) %></p>
</div>
`);

const cnMonth = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

export function renderExitNotice(n: ExitNotice): string {
  const m = Number(n.paymentsStopFrom.slice(0, 4)) * 12 + Number(n.paymentsStopFrom.slice(5, 7)) - 2;
  const lastPaid = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return renderForm('exit-notice', {
    title: '城市困难家庭退出告知书',
    documentNumber: documentNumber(n.townshipCode, '民困退', n.decidedOn, n.recheckId),
    headName: n.headName, assistanceCardNumber: n.assistanceCardNumber ?? '—', townshipName: n.townshipName,
    checkedOn: n.checkedOn, decidedOn: n.decidedOn, decisionReason: n.decisionReason,
    reasons: n.exitReasons.map((r) => EXIT_REASON_LABELS[r] ?? r),
    income: n.perCapitaMonthlyIncome != null && n.allowanceStandard != null
      ? `经核查，你家庭月人均收入为${formatYuan(n.perCapitaMonthlyIncome)}元，当地低保标准为${formatYuan(n.allowanceStandard)}元/人·月。`
      : null,
    payments: `${n.gradualExitMonths > 0 ? `按规定给予${n.gradualExitMonths}个月渐退期，` : ''}相关救助金发放至${cnMonth(lastPaid)}，自${cnMonth(n.paymentsStopFrom)}起停止发放。`,
  });
}
