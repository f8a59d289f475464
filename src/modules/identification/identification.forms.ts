/**
 * The printable forms of identification (R8–R10) a township uses (issue 14 item 5): the written
 * application (申请书, R8), the household investigation record (入户调查表, R9a), the democratic
 * appraisal minutes (民主评议记录, R9a) and the second-notice list of a whole board (第二次公示名单,
 * R10b: many households on one sheet). Read here with the case scope of access/scope.ts (the
 * case's township and civil affairs; OTHER_ROWS.IdentificationCase), rendered by src/forms.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { caseScope } from '../../access/scope';
import { defineForm, documentNumber, renderForm } from '../../forms/forms';
import type { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import {
  DISABILITY_LABELS, DisabilityCategory, EMPLOYMENT_LABELS, EmploymentStatus, ILLNESS_LABELS, IllnessKind, RELATION_LABELS,
  RelationToHead, SCHOOLING_LABELS, SchoolingStage, SEX_LABELS, Sex, WORK_CAPACITY_LABELS, WorkCapacity, CAUSE_LABELS, HardshipCause,
} from '../registry/registry.enums';
import { InvestigationMethod, NoticeKind } from './identification.enums';
import { dayOf } from './identification.types';

export const CASE_FORMS = ['application', 'investigation', 'appraisal'] as const;
export type CaseFormName = (typeof CASE_FORMS)[number];

// ---------------------------------------------------------------- data

interface MemberLine {
  name: string; idNumber: string; sex: string; birthDate: string; relation: string; work: string; employment: string;
  health: string; schooling: string; incomeFen: number;
}

interface CaseFile {
  caseId: string; townshipCode: string; townshipName: string; communityName: string; address: string; contactPhone: string;
  headName: string; memberCount: number; monthlyIncomeTotal: number; housingArea: number; depositsFen: number; securitiesFen: number;
  vehicleCount: number; otherPropertyCount: number; appliedOn: string; reason: string; causes: string[];
  reviewOpinion: string | null; reviewedOn: string | null; members: MemberLine[];
  investigations: Array<{ method: string; conductedOn: string; findings: string; participants: string[]; conclusion: string | null; authorisationSigned: boolean | null; recordedBy: string }>;
}

const health = (r: Row) => {
  const parts: string[] = [];
  if (r.illness && r.illness !== IllnessKind.NONE) parts.push(ILLNESS_LABELS[r.illness as IllnessKind] + (r.illness_note ? `（${r.illness_note}）` : ''));
  if (r.disability_category) parts.push(`${DISABILITY_LABELS[r.disability_category as DisabilityCategory]}${r.disability_grade ? `${r.disability_grade}级` : ''}`);
  return parts.join('；') || '健康';
};

export class IdentificationFormsReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** The case's whole file for its forms, or null when the caller may not see the case. Three statements. */
  async caseFile(caseKey: string): Promise<CaseFile | null> {
    const s = caseScope(this.principal);
    const c = await this.knex('identification_case as c')
      .join('household as h', 'h.id', 'c.household_id')
      .join('township as t', 't.id', 'c.township_id')
      .join('community as m', 'm.id', 'h.community_id')
      .whereRaw(s.sql, s.params as never[])
      .where('c.id', caseKey)
      .select('c.id', 'c.applied_on', 'c.application_reason', 'c.causes', 'c.review_opinion', 'c.reviewed_on', 'c.household_id',
        't.code as township_code', 't.name as township_name', 'm.name as community_name', 'h.address', 'h.contact_phone', 'h.head_name',
        'h.member_count', 'h.monthly_income_total', 'h.housing_area', 'h.deposits_fen', 'h.securities_fen', 'h.vehicle_count', 'h.other_property_count')
      .first();
    if (!c) return null;
    const [members, investigations] = await Promise.all([
      this.knex('person').where('household_id', c.household_id).whereNull('removed_at')
        .orderByRaw(`case when relation_to_head = 'HEAD' then 0 else 1 end, birth_date, id`),
      this.knex('investigation_record').where('identification_case_id', c.id).orderBy('id'),
    ]);
    return {
      caseId: String(c.id), townshipCode: c.township_code, townshipName: c.township_name, communityName: c.community_name,
      address: c.address, contactPhone: c.contact_phone, headName: c.head_name, memberCount: c.member_count,
      monthlyIncomeTotal: c.monthly_income_total, housingArea: Number(c.housing_area), depositsFen: c.deposits_fen,
      securitiesFen: c.securities_fen, vehicleCount: c.vehicle_count, otherPropertyCount: c.other_property_count,
      appliedOn: dayOf(c.applied_on), reason: c.application_reason, causes: c.causes ?? [], reviewOpinion: c.review_opinion ?? null,
      reviewedOn: c.reviewed_on ? dayOf(c.reviewed_on) : null,
      members: members.map((r: Row) => ({
        name: r.name, idNumber: r.id_number, sex: SEX_LABELS[r.sex as Sex], birthDate: dayOf(r.birth_date),
        relation: RELATION_LABELS[r.relation_to_head as RelationToHead], work: WORK_CAPACITY_LABELS[r.work_capacity as WorkCapacity],
        employment: EMPLOYMENT_LABELS[r.employment_status as EmploymentStatus], health: health(r),
        schooling: SCHOOLING_LABELS[r.schooling_stage as SchoolingStage],
        incomeFen: r.income_wages + r.income_business + r.income_property + r.income_transfers + r.income_other,
      })),
      investigations: investigations.map((r: Row) => ({
        method: r.method, conductedOn: dayOf(r.conducted_on), findings: r.findings, participants: r.participants ?? [],
        conclusion: r.conclusion ?? null, authorisationSigned: r.authorisation_signed ?? null, recordedBy: r.recorded_by,
      })),
    };
  }

  /**
   * The second notices (R10b) of one community's board on `day`, for the township to print as one
   * list; null when the caller may not see the community's cases (another township).
   */
  async secondNoticeBoard(communityKey: string, day: string): Promise<{ communityName: string; townshipName: string; townshipCode: string; place: string | null; postedOn: string | null; endsOn: string | null; notices: Array<{ headName: string; householdSize: number; householdMonthlyIncome: number }> } | null> {
    const community = await this.knex('community as m').join('township as t', 't.id', 'm.township_id')
      .where('m.id', communityKey).select('m.id', 'm.name', 'm.township_id', 't.name as township_name', 't.code as township_code').first();
    if (!community) return null;
    if (this.principal.kind === 'TOWNSHIP' && this.principal.townshipId !== String(community.township_id)) return null;
    const s = caseScope(this.principal);
    if (s.sql === 'false') return null;
    const rows = await this.knex('public_notice as n').join('identification_case as c', 'c.id', 'n.identification_case_id')
      .whereRaw(s.sql, s.params as never[])
      .where('n.community_id', communityKey).where('n.kind', NoticeKind.SECOND)
      .where('n.posted_on', '<=', day).where('n.ends_on', '>=', day)
      .select('n.id', 'n.place', 'n.posted_on', 'n.ends_on', 'n.content').orderBy('n.id');
    const content = (r: Row) => (typeof r.content === 'string' ? JSON.parse(r.content) : r.content);
    return {
      communityName: community.name, townshipName: community.township_name, townshipCode: community.township_code,
      place: rows[0]?.place ?? null,
      postedOn: rows.length ? rows.map((r: Row) => dayOf(r.posted_on)).sort()[0]! : null,
      endsOn: rows.length ? rows.map((r: Row) => dayOf(r.ends_on)).sort().at(-1)! : null,
      notices: rows.map((r: Row) => ({ headName: content(r).headName, householdSize: content(r).householdSize, householdMonthlyIncome: content(r).householdMonthlyIncome })),
    };
  }
}

// ---------------------------------------------------------------- templates

const HEADER = `<div class="doc-number">编号：<%= it.documentNumber %></div>
<h1><%= it.title %></h1>`;

const MEMBERS_TABLE = `<table class="members">
  <colgroup><col style="width:13%"><col style="width:9%"><col style="width:6%"><col style="width:21%"><col style="width:11%"><col style="width:10%"><col style="width:11%"><col style="width:8%"><col style="width:11%"></colgroup>
  <tr><th>姓名</th><th>与户主关系</th><th>性别</th><th>身份证号码</th><th>劳动能力</th><th>就业状况</th><th>健康状况</th><th>在读学段</th><th>月收入（元）</th></tr>
<% it.members.forEach(function (m) { %>
  <tr><td><%= m.name %></td><td><%= m.relation %></td><td><%= m.sex %></td><td><%= m.idNumber %></td><td><%= m.work %></td><td><%= m.employment %></td><td><%= m.health %></td><td><%= m.schooling %></td><td class="num"><%= it.h.yuan(m.incomeFen) %></td></tr>
<% }) %>
</table>`;

const ISSUER = `<div class="signatures">
  <div class="signature"><% it.leftSignatures.forEach(function (label) { %><%= label %><span class="line"></span><br><% }) %></div>
  <div class="issuer-block"><div class="seal">（盖章）</div><div class="issuer"><%= it.townshipName %>人民政府<br><%= it.h.chineseDate(it.issuedOn) %></div></div>
</div>`;

defineForm('application', `<% layout('@layout') %>
<div class="sheet">
${HEADER}
<p class="flush"><%= it.townshipName %>人民政府：</p>
<p>本人<%= it.headName %>，户籍所在地为<%= it.townshipName %><%= it.communityName %>，现居住于<%= it.address %>，联系电话<%= it.contactPhone %>。家庭共有成员<%= it.memberCount %>人，家庭月收入合计<%= it.h.yuan(it.monthlyIncomeTotal) %>元。</p>
<p>申请理由：<%= it.reason %></p>
<p>现根据城市困难家庭精准帮扶有关规定，特向政府提出书面申请，请求认定为城市困难家庭。本人承诺所提供的家庭收入、财产等情况真实完整，同意并授权有关部门对家庭经济状况进行调查核对；如有隐瞒或虚报，愿承担相应责任。</p>
<h2>家庭成员情况</h2>
${MEMBERS_TABLE}
<div class="signatures">
  <div class="signature">申请人（签字或手印）：<span class="line"></span><br>申请日期：<%= it.h.chineseDate(it.appliedOn) %></div>
</div>
<h2>乡镇（街道）受理意见</h2>
<table><tr><td class="fill">经办人：<span class="line"></span>&#12288;&#12288;受理日期：<%= it.h.chineseDate(it.appliedOn) %></td></tr></table>
${ISSUER}
</div>
`);

defineForm('investigation', `<% layout('@layout') %>
<div class="sheet compact">
${HEADER}
<table>
  <colgroup><col style="width:13%"><col style="width:22%"><col style="width:13%"><col style="width:18%"><col style="width:13%"><col style="width:21%"></colgroup>
  <tr><th>户主姓名</th><td><%= it.headName %></td><th>家庭人口</th><td><%= it.memberCount %>人</td><th>联系电话</th><td><%= it.contactPhone %></td></tr>
  <tr><th>所在村（居）</th><td><%= it.communityName %></td><th>家庭住址</th><td colspan="3"><%= it.address %></td></tr>
  <tr><th>住房面积</th><td><%= it.housingArea %>平方米</td><th>存款</th><td><%= it.h.yuan(it.depositsFen) %>元</td><th>有价证券</th><td><%= it.h.yuan(it.securitiesFen) %>元</td></tr>
  <tr><th>机动车辆</th><td><%= it.vehicleCount %>辆</td><th>其他房产</th><td><%= it.otherPropertyCount %>处</td><th>致困原因</th><td><%= it.causes %></td></tr>
</table>
<h2>家庭成员及收入情况</h2>
${MEMBERS_TABLE}
<h2>调查情况</h2>
<p>经入户调查、邻里访问、信函索证和经济状况核对，申请家庭的情况记录如下。</p>
<table>
  <colgroup><col style="width:15%"><col style="width:17%"><col style="width:50%"><col style="width:18%"></colgroup>
  <tr><th>调查方式</th><th>日期</th><th>调查情况</th><th>记录人</th></tr>
<% it.steps.forEach(function (s) { %>
  <tr><td><%= s.method %></td><td><%= it.h.chineseDate(s.conductedOn) %></td><td><%= s.findings %><% if (s.authorisationSigned !== null) { %>（家庭<%= s.authorisationSigned ? '已' : '未' %>签署经济状况核对授权书）<% } %></td><td><%= s.recordedBy.split(':').pop() %></td></tr>
<% }) %>
<% if (it.steps.length === 0) { %>
  <tr><td class="fill" colspan="4"></td></tr>
<% } %>
</table>
<h2>乡镇（街道）审核意见</h2>
<table><tr><td class="fill"><%= it.reviewOpinion || '' %></td></tr></table>
${ISSUER}
</div>
`);

defineForm('appraisal', `<% layout('@layout') %>
<div class="sheet">
${HEADER}
<table>
  <tr><th>评议对象</th><td><%= it.headName %>户（<%= it.memberCount %>人）</td><th>所在村（居）</th><td><%= it.communityName %></td></tr>
  <tr><th>评议日期</th><td><%= it.h.chineseDate(it.appraisal && it.appraisal.conductedOn) %></td><th>记录人</th><td><%= it.appraisal ? it.appraisal.recordedBy : '' %></td></tr>
  <tr><th>参加人员</th><td colspan="3"><%= it.appraisal ? it.appraisal.participants.join('、') : '' %></td></tr>
</table>
<h2>评议情况</h2>
<p><%= it.appraisal ? it.appraisal.findings : '' %></p>
<h2>评议结论</h2>
<p><%= it.appraisal && it.appraisal.conclusion ? it.appraisal.conclusion : '' %></p>
<p>以上评议结论将随家庭基本情况、经济状况调查结果在<%= it.communityName %>公示栏进行第一次公示，公示期内接受群众监督。</p>
<h2>参加评议人员签字</h2>
<table><tr><td class="fill"></td></tr></table>
${ISSUER}
</div>
`);

defineForm('second-notice-board', `<% layout('@layout') %>
<div class="sheet">
${HEADER}
<p>根据城市困难家庭精准帮扶有关规定，经县民政局审批，现将以下家庭予以第二次公示。公示地点：<%= it.place || '' %>；公示期：<%= it.h.chineseDate(it.postedOn) %>至<%= it.h.chineseDate(it.endsOn) %>。</p>
<table>
  <colgroup><col style="width:10%"><col style="width:40%"><col style="width:22%"><col style="width:28%"></colgroup>
  <tr><th>序号</th><th>户主姓名</th><th>家庭人口（人）</th><th>家庭月收入（元）</th></tr>
<% it.notices.forEach(function (n, i) { %>
  <tr><td class="num"><%= i + 1 %></td><td><%= n.headName %></td><td class="num"><%= n.householdSize %></td><td class="num"><%= it.h.yuan(n.householdMonthlyIncome) %></td></tr>
<% }) %>
</table>
<p>公示期内无异议的，纳入城市困难家庭名单。如有异议，请于公示期内向<%= it.townshipName %>人民政府反映。</p>
${ISSUER}
</div>
`);

// ---------------------------------------------------------------- rendering

const METHOD_LABELS: Record<InvestigationMethod, string> = {
  HOME_VISIT: '入户调查', NEIGHBOUR_INTERVIEWS: '邻里访问', EVIDENCE_LETTERS: '信函索证', ECONOMIC_CROSS_CHECK: '经济状况核对', DEMOCRATIC_APPRAISAL: '民主评议',
};

const TITLES: Record<CaseFormName, { title: string; kind: string }> = {
  application: { title: '城市困难家庭认定申请书', kind: '民困申' },
  investigation: { title: '城市困难家庭入户调查表', kind: '民困调' },
  appraisal: { title: '城市困难家庭民主评议记录', kind: '民困评' },
};

export function renderCaseForm(form: CaseFormName, file: CaseFile, today: string): string {
  const { title, kind } = TITLES[form];
  const appraisal = [...file.investigations].reverse().find((i) => i.method === InvestigationMethod.DEMOCRATIC_APPRAISAL) ?? null;
  const issuedOn = form === 'application' ? file.appliedOn : form === 'appraisal' ? appraisal?.conductedOn ?? today : file.reviewedOn ?? today;
  return renderForm(form, {
    ...file,
    title,
    documentNumber: documentNumber(file.townshipCode, kind, file.appliedOn, file.caseId),
    causes: file.causes.map((c) => CAUSE_LABELS[c as HardshipCause] ?? c).join('、'),
    steps: file.investigations.filter((i) => i.method !== InvestigationMethod.DEMOCRATIC_APPRAISAL).map((i) => ({ ...i, method: METHOD_LABELS[i.method as InvestigationMethod] ?? i.method })),
    appraisal,
    issuedOn,
    leftSignatures: form === 'appraisal' ? ['主持人（签字）：', '记录人（签字）：'] : form === 'investigation' ? ['调查人员（签字）：', '被调查人（签字或手印）：'] : ['经办人（签字）：'],
  });
}

export function renderSecondNoticeBoard(board: NonNullable<Awaited<ReturnType<IdentificationFormsReader['secondNoticeBoard']>>>, communityKey: string, day: string): string {
  return renderForm('second-notice-board', {
    ...board,
    title: `${board.communityName}城市困难家庭认定第二次公示名单`,
    documentNumber: documentNumber(board.townshipCode, '民困公', day, `${communityKey.padStart(4, '0')}${day.slice(5, 7)}${day.slice(8, 10)}`),
    issuedOn: board.postedOn ?? day,
    leftSignatures: [],
  });
}
