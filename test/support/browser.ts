/// <reference lib="dom" />
/**
 * Real headless Chromium for the tests of pages and printable forms (the team's bar: pages are
 * checked in a real browser). One launcher: Debian's `chromium` (`.ci/run` installs it) or the
 * binary CHROMIUM_PATH names, started offline-minded (no background networking, no component
 * updates, no QUIC) with a fresh empty profile that is removed again on close.
 *
 * Usage (see /tmp/contracts/browser.md):
 *   const browser = await launchBrowser();
 *   const server = await serveApp(t.app);               // the test's Express app on 127.0.0.1:<port>
 *   const page = await openPage(browser, server, '/forms/…', { token });
 *   const pdf = await printPdf(page);                   // A4, CSS page size honoured
 *   expect(pdfPageCount(pdf)).toBe(1);
 *   await server.close(); await browser.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import puppeteer, { type Browser, type HTTPResponse, type Page } from 'puppeteer-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** True where a Chromium binary is present (a test file may say why it cannot run without one; CI always has it). */
export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath());
}

export interface TestBrowser {
  browser: Browser;
  newPage(): Promise<Page>;
  /** Closes every page and the browser, then removes the profile directory. */
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uha-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`],
    userDataDir,
    // The tests' machine is shared and loaded: starting Chromium may take a while.
    timeout: 60_000,
    protocolTimeout: 120_000,
  });
  return {
    browser,
    newPage: () => browser.newPage(),
    async close() {
      try {
        await browser.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface ServedApp {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

/** The test's Express app listening on an ephemeral port of 127.0.0.1, for the browser to load. */
export function serveApp(app: Express): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.on('error', reject);
  });
}

export interface OpenOptions {
  /** Sent as `Authorization: Bearer …` with every request of the page. */
  token?: string;
  apiKey?: string;
  acceptLanguage?: string;
}

export interface OpenedPage {
  page: Page;
  response: HTTPResponse | null;
  status: number;
}

/** Opens `pathAndQuery` of the served app in a new page, with the caller's credentials as headers. */
export async function openPage(browser: TestBrowser, served: ServedApp, pathAndQuery: string, opts: OpenOptions = {}): Promise<OpenedPage> {
  const page = await browser.newPage();
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  if (opts.acceptLanguage) headers['accept-language'] = opts.acceptLanguage;
  await page.setExtraHTTPHeaders(headers);
  // Nothing but the app itself may be fetched: a page that asks a CDN fails the test.
  const foreign: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith(served.origin) || url.startsWith('data:') || url.startsWith('about:')) void req.continue();
    else {
      foreign.push(url);
      void req.abort();
    }
  });
  const response = await page.goto(served.origin + pathAndQuery, { waitUntil: 'load', timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (foreign.length) throw new Error(`the page asked for resources outside the app: ${foreign.join(', ')}`);
  return { page, response, status: response?.status() ?? 0 };
}

/** Prints the page as Chromium's print dialog would: the page's own @page size (A4 in our forms), backgrounds on. */
export async function printPdf(page: Page): Promise<Buffer> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 120_000 });
  return Buffer.from(pdf);
}

/**
 * Pages of a PDF Chromium printed: its page objects (`/Type /Page`, not `/Pages`). Chromium
 * (Skia) writes the page dictionaries uncompressed, so counting them is exact for its output.
 */
export function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-')) throw new Error('not a PDF');
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/** The size of the first page in millimetres (from its MediaBox), to check A4 (210 × 297). */
export function pdfPageSizeMm(pdf: Buffer): { width: number; height: number } {
  const m = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no MediaBox in the PDF');
  const pt = (v: string) => (Number(v) * 25.4) / 72;
  return { width: Math.round(pt(m[3]!) - pt(m[1]!)), height: Math.round(pt(m[4]!) - pt(m[2]!)) };
}
