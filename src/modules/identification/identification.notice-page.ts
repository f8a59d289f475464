/**
 * The printable notice for the community board: Chinese, A4, exactly R10's fields (the same
 * frozen content the API publishes). Every value is HTML-escaped.
 */
import { formatYuan } from '../../policy/eligibility';
import { FirstPublicNotice, SecondPublicNotice } from './identification.types';

const escape = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const cn = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export function renderNoticePage(notice: FirstPublicNotice | SecondPublicNotice, townshipName: string): string {
  const first = notice instanceof FirstPublicNotice;
  const title = first ? '城市困难家庭认定第一次公示' : '城市困难家庭认定第二次公示';
  const rows = first
    ? [['家庭基本情况', notice.basicSituation], ['经济状况调查结果', notice.investigationResult], ['民主评议结论', notice.appraisalConclusion]]
    : [['户主姓名', notice.headName], ['家庭人口', `${notice.householdSize}人`], ['家庭月收入', `${formatYuan(notice.householdMonthlyIncome)}元`]];
  const closing = first
    ? `如对上述情况有异议，请于公示期内向${escape(townshipName)}人民政府反映。投诉举报电话：${escape(notice.complaintContact)}`
    : `公示期内无异议的，纳入城市困难家庭名单。如有异议，请于公示期内向${escape(townshipName)}人民政府反映。`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
  @page { size: A4; margin: 25mm 20mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.8; color: #000; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 22pt; text-align: center; margin: 0 0 12mm; }
  table { width: 100%; border-collapse: collapse; margin: 6mm 0; }
  th, td { border: 1px solid #000; padding: 3mm 4mm; text-align: left; vertical-align: top; }
  th { width: 32%; font-weight: normal; background: #f2f2f2; }
  .period, .closing { margin: 4mm 0; }
  .sign { text-align: right; margin-top: 16mm; }
</style>
</head>
<body>
<h1>${title}</h1>
<p class="period">根据城市困难家庭精准帮扶有关规定，现将以下家庭情况予以公示。公示地点：${escape(notice.place)}；公示期：${cn(notice.postedOn)}至${cn(notice.endsOn)}。</p>
<table>
${rows.map(([k, v]) => `  <tr><th>${k}</th><td>${escape(v)}</td></tr>`).join('\n')}
</table>
<p class="closing">${closing}</p>
<p class="sign">${escape(townshipName)}人民政府<br>${cn(notice.postedOn)}</p>
</body>
</html>
`;
}
