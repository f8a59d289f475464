/// <reference lib="dom" />
/**
 * Printable forms (issue 14 item 5; R8–R10): each rendered by the app, opened in real headless
 * Chromium and printed to PDF. The application, investigation record and appraisal minutes are one
 * A4 page each; the second-notice list of a board holds twelve households on one page. A name
 * with `<script>` prints as text (the template engine escapes); another township's staff get 404;
 * anonymous callers 401; every print leaves an audit row.
 */
import { gql, startApp, TestApp, TestClock, townshipToken, departmentToken, idNumber } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { launchBrowser, openPage, pdfPageCount, pdfPageSizeMm, printPdf, serveApp, type ServedApp, type TestBrowser } from '../../support/browser';
import { closeAppInBrowser } from '../../support/browser-app';
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import request from 'supertest';

const EVIL = '林<script>window.__owned=1</script>';

describe('printable forms in headless Chromium', () => {
  const clock = new TestClock();
  let t: TestApp;
  let town: TestTownship;
  let other: TestTownship;
  let townToken: string;
  let civil: string;
  let browser: TestBrowser;
  let served: ServedApp;
  const cases: Array<{ id: string; version: number }> = [];
  let secondNoticeDay = '';

  /** Drives every household's case through the same step together, so their second notices hang on the board at once. */
  async function stepAll(name: string, type: string, input: (c: { id: string; version: number }) => Record<string, unknown>, token = townToken) {
    for (let i = 0; i < cases.length; i++) {
      const r = await gql(t.app, `mutation($i: ${type}!) { ${name}(input: $i) { case { id version } userErrors { code field } } }`, { i: input(cases[i]!) }, { token });
      const c = r.data?.[name]?.case;
      if (!c) throw new Error(`${name}: ${JSON.stringify(r.body)}`);
      cases[i] = c;
    }
  }

  beforeAll(async () => {
    t = await startApp({}, { clock });
    town = await newTownship(t.owner);
    other = await newTownship(t.owner);
    townToken = await townshipToken(town.code);
    civil = await departmentToken('CIVIL_AFFAIRS');
    const today = () => countyToday(clock);
    for (let i = 0; i < 12; i++) {
      const head = i === 0 ? EVIL : `陈测试${i}`;
      const members = [member({ name: head, idNumber: idNumber('1970-01-0' + ((i % 9) + 1)), monthlyIncome: { wages: 30000 } })];
      if (i === 0) members.push(member({ name: '林小测', idNumber: idNumber('2012-06-01', 'FEMALE'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'PRIMARY', monthlyIncome: {} }));
      // A household of six: the forms still fit one page.
      if (i === 1) {
        members.push(member({ name: '陈配偶', idNumber: idNumber('1972-03-03', 'FEMALE'), relationToHead: 'SPOUSE', illness: 'CHRONIC', illnessNote: '高血压、糖尿病', monthlyIncome: { wages: 12000 } }));
        for (const [k, birth] of [['陈长子', '2004-01-01'], ['陈次女', '2009-09-09'], ['陈小女', '2015-05-05']] as const) {
          members.push(member({ name: k, idNumber: idNumber(birth, 'FEMALE'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'JUNIOR_HIGH', monthlyIncome: {} }));
        }
        members.push(member({ name: '陈祖母', idNumber: idNumber('1940-02-02', 'FEMALE'), relationToHead: 'PARENT', workCapacity: 'NONE', employmentStatus: 'RETIRED', disability: { category: 'PHYSICAL', grade: 2 }, monthlyIncome: { transfers: 50000 } }));
      }
      const h = await registerHousehold(t.app, townToken, householdInput(town, members));
      const r = await gql(t.app, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { case { id version } userErrors { code } } }`,
        { i: { household: h.id, appliedOn: today(), reason: i === 0 ? '因病致困<b>加粗</b>' : '生活困难' } }, { token: townToken });
      cases.push(r.data.submitApplication.case);
    }
    await stepAll('startInvestigation', 'CaseStepInput', (c) => ({ case: c.id, version: c.version }));
    for (const m of [
      { method: 'HOME_VISIT', findings: '入户查看住房和家庭生活情况，属实' }, { method: 'NEIGHBOUR_INTERVIEWS', findings: '邻里反映情况属实' },
      { method: 'EVIDENCE_LETTERS', findings: '已向有关单位发函索证' }, { method: 'ECONOMIC_CROSS_CHECK', findings: '经济状况核对无异常', authorisationSigned: true },
      { method: 'DEMOCRATIC_APPRAISAL', findings: '评议小组逐项评议，一致认为符合条件', participants: ['村委会主任', '居民代表甲', '居民代表乙'], conclusion: '评议通过' },
    ]) await stepAll('recordInvestigation', 'RecordInvestigationInput', (c) => ({ case: c.id, version: c.version, conductedOn: today(), ...m }));
    await stepAll('recordReviewOpinion', 'RecordReviewOpinionInput', (c) => ({ case: c.id, version: c.version, recommendation: 'APPROVE', opinion: '经审核，同意上报', causes: ['ILLNESS'], primaryCause: 'ILLNESS' }));
    await stepAll('postPublicNotice', 'PostPublicNoticeInput', (c) => ({ case: c.id, version: c.version, kind: 'FIRST', place: '测试村1公示栏', postedOn: today(), endsOn: addCalendarDays(today(), 4), complaintContact: '0598-0000000' }));
    clock.advanceDays(5);
    await stepAll('forwardToCounty', 'CaseStepInput', (c) => ({ case: c.id, version: c.version }));
    await stepAll('approveApplication', 'CaseDecisionInput', (c) => ({ case: c.id, version: c.version, reason: '同意' }), civil);
    secondNoticeDay = today();
    await stepAll('postPublicNotice', 'PostPublicNoticeInput', (c) => ({ case: c.id, version: c.version, kind: 'SECOND', place: '测试村1公示栏', postedOn: today(), endsOn: addCalendarDays(today(), 4) }));
    served = await serveApp(t.app);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(() => closeAppInBrowser({ browser, served, t }));

  it.each([
    ['application', '城市困难家庭认定申请书', ['申请理由：因病致困<b>加粗</b>', '申请人（签字或手印）', '林小测']],
    ['investigation', '城市困难家庭入户调查表', ['入户查看住房和家庭生活情况，属实', '经济状况核对', '经审核，同意上报', '因病']],
    ['appraisal', '城市困难家庭民主评议记录', ['村委会主任、居民代表甲、居民代表乙', '评议通过']],
  ])('the %s prints on one A4 page, escaped, with its number and seal space', async (form, title, texts) => {
    const { page, status } = await openPage(browser, served, `/forms/cases/${cases[0]!.id}/${form}`, { token: townToken });
    expect(status).toBe(200);
    const seen = await page.evaluate(() => ({
      text: document.body.innerText,
      scripts: document.querySelectorAll('script').length,
      bold: document.querySelectorAll('b').length,
      owned: (window as unknown as { __owned?: number }).__owned ?? null,
      indent: getComputedStyle(document.querySelector('p:not(.flush):not(.note)')!).textIndent,
      fontSize: getComputedStyle(document.querySelector('p')!).fontSize,
      seal: document.querySelectorAll('.seal').length,
    }));
    expect(seen.text).toContain(title);
    expect(seen.text).toMatch(new RegExp(`编号：${town.code}民困(申|调|评)〔\\d{4}〕\\d{6}号`));
    expect(seen.text).toContain(EVIL); // the name printed as text ...
    expect(seen.scripts).toBe(0); // ... not run as a script
    expect(seen.owned).toBeNull();
    expect(seen.bold).toBe(0);
    for (const s of texts) expect(seen.text).toContain(s);
    expect(seen.seal).toBe(1);
    // 2em of a 12pt (16px) paragraph
    expect(seen.indent).toBe(`${2 * parseFloat(seen.fontSize)}px`);
    const pdf = await printPdf(page);
    expect(pdfPageCount(pdf)).toBe(1);
    expect(pdfPageSizeMm(pdf)).toEqual({ width: 210, height: 297 });
    await page.close();
  });

  it.each(['application', 'investigation', 'appraisal'])('the %s of a household of six still prints on one page', async (form) => {
    const { page, status } = await openPage(browser, served, `/forms/cases/${cases[1]!.id}/${form}`, { token: townToken });
    expect(status).toBe(200);
    if (form !== 'appraisal') expect(await page.evaluate(() => document.querySelectorAll('table.members tr').length)).toBe(7);
    expect(pdfPageCount(await printPdf(page))).toBe(1);
    await page.close();
  });

  it('prints the second-notice list of a whole board: twelve households on one page, only R10(b) fields', async () => {
    const { page, status } = await openPage(browser, served, `/forms/communities/${town.communities[0]!.globalId}/second-notices?on=${secondNoticeDay}`, { token: townToken });
    expect(status).toBe(200);
    const rows = await page.evaluate(() => Array.from(document.querySelectorAll('table tr')).slice(1).map((tr) => (tr as HTMLElement).innerText.split('\t')));
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual(['1', EVIL, '2', '300.00']);
    expect(rows[11]).toEqual(['12', '陈测试11', '1', '300.00']);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/\d{17}[\dX]/); // no id numbers on a public list
    const pdf = await printPdf(page);
    expect(pdfPageCount(pdf)).toBe(1);
    await page.close();
  });

  it('denies another township (404, as if absent), anonymous callers (401) and unknown forms', async () => {
    const stranger = await townshipToken(other.code);
    const denied = [
      await request(t.app).get(`/forms/cases/${cases[0]!.id}/application`).set('authorization', `Bearer ${stranger}`),
      await request(t.app).get(`/forms/communities/${town.communities[0]!.globalId}/second-notices`).set('authorization', `Bearer ${stranger}`),
      await request(t.app).get(`/forms/cases/${cases[0]!.id}/salary-slip`).set('authorization', `Bearer ${townToken}`),
      await request(t.app).get(`/forms/cases/${town.globalId}/application`).set('authorization', `Bearer ${townToken}`),
    ];
    for (const r of denied) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('林');
    }
    const education = await request(t.app).get(`/forms/cases/${cases[0]!.id}/application`).set('authorization', `Bearer ${await departmentToken('EDUCATION')}`);
    expect(education.status).toBe(404);
    const anonymous = await request(t.app).get(`/forms/cases/${cases[0]!.id}/application`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const badDay = await request(t.app).get(`/forms/communities/${town.communities[0]!.globalId}/second-notices?on=2026-02-30`).set('authorization', `Bearer ${townToken}`);
    expect(badDay.status).toBe(400);
    // civil affairs prints any township's forms
    const county = await request(t.app).get(`/forms/cases/${cases[1]!.id}/investigation`).set('authorization', `Bearer ${civil}`);
    expect(county.status).toBe(200);
    expect(county.headers['cache-control']).toBe('no-store');
  });

  it('audits every print of a form', async () => {
    const requestId = `forms-audit-${Date.now()}`;
    const r = await request(t.app).get(`/forms/cases/${cases[2]!.id}/appraisal`).set('authorization', `Bearer ${townToken}`).set('x-request-id', requestId);
    expect(r.status).toBe(200);
    const rows = await t.owner.em.getKnex()('audit_event').where({ request_id: requestId }).select('action', 'entity', 'outcome');
    expect(rows).toEqual([{ action: 'Print.appraisal', entity: 'IdentificationCase', outcome: 'SUCCESS' }]);
  });
});
