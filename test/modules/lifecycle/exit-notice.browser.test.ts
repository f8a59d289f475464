/// <reference lib="dom" />
/**
 * The exit notice to the household (R19) as the township prints it: headless Chromium, offline
 * (openPage refuses any request outside the app), one A4 page, with the household's name, its
 * reasons, the months still paid and the gradual exit as the county's parameter made them.
 */
import { countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, idNumber, TestApp, TestClock, townshipToken } from '../../support/app';
import { openPage, pdfPageCount, pdfPageSizeMm, printPdf, type ServedApp, type TestBrowser } from '../../support/browser';
import { closeAppInBrowser, startAppInBrowser } from '../../support/browser-app';
import { householdInput, member, newTownship, registerHousehold } from '../../support/fixtures';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
let browser: TestBrowser;
let served: ServedApp;
const clock = new TestClock();

beforeAll(async () => ({ t, served, browser } = await startAppInBrowser({}, { clock })));
afterAll(() => closeAppInBrowser({ browser, served, t }));

it('prints the exit notice on one A4 page with the reasons and the last month paid', async () => {
  const township = await newTownship(t.orm);
  const tw = await townshipToken(township.code);
  const civil = await departmentToken('CIVIL_AFFAIRS');
  const h = await registerHousehold(t.app, tw, householdInput(township, [member({ name: '周告知', idNumber: idNumber('1979-09-19'), monthlyIncome: { wages: 30000 } })]));
  await confirmThroughWorkflow(t.app, clock, tw, civil, h.id);
  clock.advanceDays(2);
  const rec = await gql(t.app, `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) { recheck { id version } userErrors { code } } }`, { i: {
    household: h.id, checkedOn: countyToday(clock), methods: ['HOME_VISIT', 'ECONOMIC_CROSS_CHECK'], findings: '家庭存款超过规定', proposal: 'EXIT',
    exitReasons: ['ASSETS_ABOVE_LIMIT', 'ON_REQUEST'], opinion: '建议退出',
  } }, { token: tw });
  const r = rec.data.recordRecheck.recheck;
  const month = countyToday(clock).slice(0, 7);
  const dec = await gql(t.app, `mutation($i: DecideRecheckInput!) { decideRecheck(input: $i) { episode { paymentsStopFrom } userErrors { code } } }`,
    { i: { recheck: r.id, version: r.version, outcome: 'EXIT', reason: '家庭财产超过规定，本人亦申请退出', paymentsStopMonth: month } }, { token: civil });
  expect(dec.data.decideRecheck.userErrors).toEqual([]);
  expect(dec.data.decideRecheck.episode.paymentsStopFrom).toBe(month); // no gradual exit by default

  const { page, status } = await openPage(browser, served, `/forms/exit-notice/${r.id}`, { token: tw });
  expect(status).toBe(200);
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).toContain('城市困难家庭退出告知书');
  expect(text).toContain('周告知户');
  expect(text).toContain('家庭财产状况超过规定');
  expect(text).toContain('本人申请退出');
  expect(text).toContain(`自${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月起停止发放`);
  expect(text).toContain('重新提出申请');
  const pdf = await printPdf(page);
  expect(pdfPageCount(pdf)).toBe(1);
  expect(pdfPageSizeMm(pdf)).toEqual({ width: 210, height: 297 });
  await page.close();
});
