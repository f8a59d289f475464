/// <reference lib="dom" />
/**
 * The /dashboard page in real headless Chromium (Debian's chromium through puppeteer-core,
 * test/support/browser.ts): served by the app, every asset from the app (any other request fails
 * the test), the user pastes a token, the page reads the GraphQL API; the figures it shows equal
 * the API's for that role; the first view is drawn within 2 s; a screenshot of the wall screen is
 * saved to test/artifacts/dashboard.png.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { systemClock } from '../../../src/graphql/context';
import { seedHouseholds } from '../../../src/db/seed';
import { countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { launchBrowser, openPage, ServedApp, serveApp, TestBrowser } from '../../support/browser';
import { simulateYear } from '../../../src/modules/supervision/supervision.simulation';

let t: TestApp;
let served: ServedApp;
let browser: TestBrowser;
const today = countyToday(systemClock);
const Y = Number(today.slice(0, 4));
export const SCREENSHOT = path.join(__dirname, '..', '..', 'artifacts', 'dashboard.png');

beforeAll(async () => {
  // simulateYear writes into every household of the database (plan items, pairings with the first
  // partner's ledger entries, allowance runs of every township): a database of this file's own.
  t = await startApp({}, { ownDatabase: true });
  await seedHouseholds(t.owner.em.fork(), { households: 200, today });
  await simulateYear(t.owner.em.getKnex(), Y, 0.5);
  served = await serveApp(t.app);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

/** Signs in on the page as a user does (pastes the token) and waits for the drawn board; ms from sign-in to drawn. */
async function signIn(token: string) {
  const { page, status } = await openPage(browser, served, '/dashboard');
  expect([200, 304]).toContain(status); // 304: the page again, from the browser's cache
  await page.setViewport({ width: 1920, height: 1080 });
  await page.type('#token', token);
  const started = Date.now();
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
  return { page, ms: Date.now() - started };
}

type Shown = Record<string, Record<string, string>>;
const shownCells = (page: Awaited<ReturnType<typeof signIn>>['page']): Promise<Shown> => page.evaluate(() => {
  const out: Record<string, Record<string, string>> = {};
  document.querySelectorAll('#scorecard tr[data-township]').forEach((tr) => {
    const code = tr.getAttribute('data-township')!;
    out[code] = {};
    tr.querySelectorAll('td[data-figure]').forEach((td) => { out[code][td.getAttribute('data-figure')!] = td.getAttribute('data-value')!; });
  });
  return out;
});

describe('/dashboard', () => {
  it('serves the page and its assets from the app, with a CSP that allows only the app itself', async () => {
    const page = await request(t.app).get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/https?:\/\//);
    const lib = await request(t.app).get('/dashboard/echarts.min.js');
    expect(lib.status).toBe(200);
    expect(lib.text.length).toBeGreaterThan(500_000);
  });

  it('shows civil affairs every township with the API\'s figures, drawn within 2 s, and the charts', async () => {
    const token = await departmentToken('CIVIL_AFFAIRS');
    const { page, ms } = await signIn(token);
    const api = (await gql(t.app, `query($p: String!) { townshipScorecard(period: $p) { townships { township { code } figures { figure value } } totals { figure value } } }`, { p: String(Y) }, { token })).data.townshipScorecard;
    const shown = await shownCells(page);
    expect(Object.keys(shown).length).toBe(api.townships.length + 1);
    let compared = 0;
    for (const tw of api.townships) {
      for (const f of tw.figures) {
        if (shown[tw.township.code][f.figure] === undefined) continue;
        expect([tw.township.code, f.figure, Number(shown[tw.township.code][f.figure])]).toEqual([tw.township.code, f.figure, f.value]);
        compared++;
      }
    }
    for (const f of api.totals) if (shown.TOTAL[f.figure] !== undefined) expect([f.figure, Number(shown.TOTAL[f.figure])]).toEqual([f.figure, f.value]);
    expect(compared).toBeGreaterThan(100);
    // The tiles and the department chart show the API's numbers too.
    const tile = await page.$eval('.tile .value[data-figure=ITEMS_OVERDUE]', (e) => Number(e.getAttribute('data-value')));
    expect(tile).toBe(api.totals.find((f: { figure: string }) => f.figure === 'ITEMS_OVERDUE').value);
    const dept = (await gql(t.app, `query($p: String!) { departmentScorecard(period: $p) { measures { measure overdue } } }`, { p: String(Y) }, { token })).data.departmentScorecard.measures;
    const chart = JSON.parse(await page.$eval('#overdue', (e) => e.getAttribute('data-values')!));
    expect(chart).toEqual(dept.map((m: { measure: string; overdue: number }) => [m.measure, m.overdue]));
    // In and out: lifecycle's flow report, summed over the townships, month by month.
    const flow = (await gql(t.app, `query($y: Int!) { householdFlowReport(year: $y) { months { month entries reentries exits onList } } }`, { y: Y }, { token })).data.householdFlowReport.months;
    const shownFlow = JSON.parse(await page.$eval('#flow', (e) => e.getAttribute('data-values')!));
    expect(shownFlow.map((m: { entries: number }) => m.entries)).toEqual(Array.from({ length: 12 }, (_, i) =>
      flow.filter((m: { month: string }) => m.month === `${Y}-${String(i + 1).padStart(2, '0')}`).reduce((s: number, m: { entries: number }) => s + m.entries, 0)));
    const canvases = await page.$$eval('.chart canvas', (c) => c.length);
    expect(canvases).toBeGreaterThanOrEqual(4);
    expect(await page.$eval('#freshness', (e) => e.textContent)).toContain('数据计算于');
    expect(ms).toBeLessThan(2000);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT as `${string}.png`, fullPage: true });
    console.log(`dashboard first view drawn in ${ms} ms; screenshot ${SCREENSHOT}`);
    await page.close();
  });

  it('shows a township only its own row; a bad token and a department get no board', async () => {
    const { page } = await signIn(await townshipToken('350421100'));
    const shown = await shownCells(page);
    expect(Object.keys(shown).sort()).toEqual(['350421100', 'TOTAL']);
    await page.close();
    const bad = await openPage(browser, served, '/dashboard');
    await bad.page.type('#token', 'not-a-token');
    await bad.page.click('#signin-form button[type=submit]');
    await bad.page.waitForFunction(() => (document.getElementById('signin-error')?.textContent ?? '').length > 0, { timeout: 10_000 });
    expect(await bad.page.$eval('#board', (e) => (e as HTMLElement).hidden)).toBe(true);
    await bad.page.close();
    // A department reads no township scorecard: the page says so and shows no board.
    const dept = await openPage(browser, served, '/dashboard');
    await dept.page.type('#token', await departmentToken('EDUCATION'));
    await dept.page.click('#signin-form button[type=submit]');
    await dept.page.waitForFunction(() => (document.getElementById('signin-error')?.textContent ?? '').includes('无权'), { timeout: 10_000 });
    expect(await dept.page.$eval('#board', (e) => (e as HTMLElement).hidden)).toBe(true);
    await dept.page.close();
  });
});
