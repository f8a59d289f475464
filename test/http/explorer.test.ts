/**
 * The local explorer (issue 14 item 6): GraphiQL from the app's own npm packages, no CDN. The page
 * and its assets come from this server only (no external URL in the HTML, a same-origin CSP), it
 * replaces Apollo's landing page, it is on in development and off in production unless
 * EXPLORER=on, where the schema is read only with a staff token. In real headless Chromium with
 * every request outside the app refused (test/support/browser.ts), it loads and runs a query.
 */
import request from 'supertest';
import { gql, partnerApiKey, startApp, TestApp, townshipToken } from '../support/app';
import { chromiumAvailable, openPage, ServedApp, TestBrowser } from '../support/browser';
import { closeAppInBrowser, startAppInBrowser } from '../support/browser-app';

jest.setTimeout(180_000);

const PROD = { NODE_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(40), ALLOW_EMBEDDED_DATABASE: 'true' };
const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('in development (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  });
  afterAll(() => t?.close());

  it('serves the page with only local assets, under a same-origin CSP', async () => {
    const res = await request(t.app).get('/explorer');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    const html = res.text;
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.sort()).toEqual([
      '/explorer/assets/explorer.js', '/explorer/assets/graphiql.min.css', '/explorer/assets/graphiql.min.js',
      '/explorer/assets/react-dom.production.min.js', '/explorer/assets/react.production.min.js',
    ]);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toMatch(/https?:/);
    for (const a of assets) {
      const r = await request(t.app).get(a);
      expect({ a, status: r.status }).toEqual({ a, status: 200 });
      expect(r.type).toMatch(/javascript|css/);
      expect(Number(r.headers['content-length'] ?? (r.text ?? '').length) || (r.body?.length ?? 0)).toBeGreaterThan(100);
    }
    // The token field is explained on the page.
    expect(html).toContain('npm run token');
    expect(html).toContain('X-Api-Key');
    expect((await request(t.app).get('/explorer/assets/../../package.json')).status).toBe(404);
    expect((await request(t.app).get('/explorer/assets/nothing.js')).status).toBe(404);
  });

  it('sends a browser from /graphql to the explorer instead of Apollo Sandbox; API clients are unaffected', async () => {
    const browser = await request(t.app).get('/graphql').set('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/explorer');
    expect(browser.text).not.toMatch(/apollo|sandbox|embeddable/i);
    const client = await request(t.app).get('/graphql').query({ query: '{ townships { code } }' }).set('accept', 'application/json').set('apollo-require-preflight', 'true');
    expect(client.status).toBe(200);
    expect(client.body.data.townships.length).toBeGreaterThan(0);
  });
});

describe('in production', () => {
  it('is off unless EXPLORER=on: no page, and browsers get no landing page either', async () => {
    const t = await startApp(PROD);
    try {
      expect((await request(t.app).get('/explorer')).status).toBe(404);
      const browser = await request(t.app).get('/graphql').set('accept', 'text/html,*/*;q=0.8');
      expect(browser.status).not.toBe(302);
      expect(browser.text).not.toMatch(/<html/i);
      expect((await gql(t.app, INTROSPECTION, {}, { token: await townshipToken('350421100') })).errors?.[0]).toBeDefined();
    } finally {
      await t.close();
    }
  });

  it('with EXPLORER=on, the schema is read only after signing in with a staff token', async () => {
    const t = await startApp({ ...PROD, EXPLORER: 'on' });
    try {
      expect((await request(t.app).get('/explorer')).status).toBe(200);
      const anonymous = await gql(t.app, INTROSPECTION);
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const partner = await gql(t.app, INTROSPECTION, {}, { apiKey: (await partnerApiKey(t.orm)).token });
      expect(partner.status).toBe(403);
      // Through a fragment too.
      const viaFragment = await gql(t.app, 'query { ...F } fragment F on Query { __schema { queryType { name } } }');
      expect(viaFragment.status).toBe(401);
      const staff = await gql(t.app, INTROSPECTION, {}, { token: await townshipToken('350421100') });
      expect(staff.errors).toBeUndefined();
      expect(staff.data.__schema.queryType.name).toBe('Query');
    } finally {
      await t.close();
    }
  });
});

// Headless Chromium, offline: every request outside the served app is aborted and fails the test.
(chromiumAvailable() || process.env.CI ? describe : describe.skip)('in headless Chromium, offline', () => {
  let t: TestApp;
  let served: ServedApp;
  let browser: TestBrowser;
  beforeAll(async () => ({ t, served, browser } = await startAppInBrowser({ NODE_ENV: 'development', LOG_LEVEL: 'silent' })));
  afterAll(() => closeAppInBrowser({ browser, served, t }));

  it('loads GraphiQL, takes the token from its field and runs a query', async () => {
    const { page, status } = await openPage(browser, served, '/explorer');
    expect(status).toBe(200);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    await page.type('#token', await townshipToken('350421100', 'explorer'));
    await page.click('#credentials button[type=submit]');
    await page.waitForSelector('.graphiql-execute-button', { timeout: 60_000 });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => (document.querySelector('.result-window')?.textContent ?? '').includes('TOWNSHIP'), { timeout: 60_000 });
    const result = await page.evaluate(() => document.querySelector('.result-window')?.textContent ?? '');
    expect(result).toContain('"role": "TOWNSHIP"');
    expect(errors).toEqual([]);
    await page.close();
  });
});
