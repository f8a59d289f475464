/**
 * What a test of pages or printable forms starts and stops: the test's app, served on 127.0.0.1,
 * and a headless Chromium to open it (browser.ts). Closed in reverse order, each part only if it
 * was started, so a failed start leaves nothing running.
 *
 *   let t: TestApp; let served: ServedApp; let browser: TestBrowser;
 *   beforeAll(async () => ({ t, served, browser } = await startAppInBrowser({}, { clock })));
 *   afterAll(() => closeAppInBrowser({ browser, served, t }));
 */
import { startApp, type TestApp } from './app';
import { launchBrowser, serveApp, type ServedApp, type TestBrowser } from './browser';

export interface AppInBrowser {
  t: TestApp;
  served: ServedApp;
  browser: TestBrowser;
}

export async function closeAppInBrowser(parts: Partial<AppInBrowser>): Promise<void> {
  await parts.browser?.close();
  await parts.served?.close();
  await parts.t?.close();
}

export async function startAppInBrowser(env: Parameters<typeof startApp>[0] = {}, opts: Parameters<typeof startApp>[1] = {}): Promise<AppInBrowser> {
  const t = await startApp(env, opts);
  const parts: Partial<AppInBrowser> = { t };
  try {
    parts.served = await serveApp(t.app);
    parts.browser = await launchBrowser();
  } catch (err) {
    await closeAppInBrowser(parts);
    throw err;
  }
  return { t, served: parts.served, browser: parts.browser };
}
