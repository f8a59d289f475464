/// <reference lib="dom" />
/**
 * The browser helper itself (test/support/browser.ts): headless Chromium prints a page of an app
 * the test serves to an A4 PDF and the page count is exact; a page asking for anything outside
 * the app is refused (forms must work offline, behind a county firewall).
 */
import express from 'express';
import { launchBrowser, openPage, pdfPageCount, pdfPageSizeMm, printPdf, serveApp, type ServedApp, type TestBrowser } from '../../support/browser';

describe('headless Chromium for printable pages', () => {
  let browser: TestBrowser;
  let served: ServedApp;
  beforeAll(async () => {
    const app = express();
    app.get('/pages/:n', (req, res) => {
      const n = Number(req.params.n);
      const sheets = Array.from({ length: n }, (_, i) => `<section style="break-after:page">第${i + 1}页 ${req.header('authorization') ?? ''}</section>`);
      res.type('html').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page{size:A4;margin:20mm}</style></head><body>${sheets.join('')}</body></html>`);
    });
    app.get('/cdn', (_req, res) => {
      res.type('html').send('<!doctype html><html><head><link rel="stylesheet" href="https://cdn.example.invalid/x.css"></head><body>x</body></html>');
    });
    served = await serveApp(app as never);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it.each([1, 3])('prints %i A4 page(s) and counts them', async (n) => {
    const { page, status } = await openPage(browser, served, `/pages/${n}`, { token: 'secret-token' });
    expect(status).toBe(200);
    expect(await page.evaluate(() => document.body.textContent)).toContain('Bearer secret-token');
    const pdf = await printPdf(page);
    expect(pdfPageCount(pdf)).toBe(n);
    expect(pdfPageSizeMm(pdf)).toEqual({ width: 210, height: 297 });
    await page.close();
  });

  it('refuses a page that loads anything from outside the app', async () => {
    await expect(openPage(browser, served, '/cdn')).rejects.toThrow(/outside the app: https:\/\/cdn\.example\.invalid/);
  });
});
