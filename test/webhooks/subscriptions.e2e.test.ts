/**
 * No server-side request forgery through `subscribeToNeeds` (issue 8, item 4), through HTTP:
 * partners may subscribe only https URLs whose host has public addresses only; every other URL
 * is refused with a userError and a stable code, and nothing is written. The development switch
 * (WEBHOOK_ALLOW_LOOPBACK) lets loopback through for tests and is refused in production. A host
 * that rebinds to a private address after subscribing is not delivered to.
 *
 * DNS answers come from a resolver the test stages (the app's `HostResolver` strategy; the
 * system resolver in service), except `localhost`, which the machine's own resolver answers.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { OutboxWorker } from '../../src/webhooks/outbox.worker';
import { HostResolver, ResolvedAddress, systemResolver } from '../../src/webhooks/webhook-target';
import { gql, startApp, TestApp, townshipToken } from '../support/app';
import { parkEarlierFilesOutbox } from '../support/events';
import { confirm, householdInput, member, newTownship, registerHousehold } from '../support/fixtures';
import { partnerKey, PartnerKey } from '../support/partners';

const SUBSCRIBE = `mutation($i: SubscribeToNeedsInput!) { subscribeToNeeds(input: $i) { subscriptionId userErrors { field code message } } }`;

/** A public address for staged answers only: nothing in this file connects to it. */
const PUBLIC = '93.184.216.34';
const answers: Record<string, string[] | string> = {
  'hooks.partner.test': [PUBLIC],
  'v6.partner.test': ['2606:2800:220:1:248:1893:25c8:1946'],
  // One private address among public ones is enough to refuse.
  'mixed.partner.test': [PUBLIC, '10.0.0.5'],
  'metadata.partner.test': ['169.254.169.254'],
  'nowhere.partner.test': 'ENOTFOUND',
  'rebind.partner.test': [PUBLIC],
};
const resolver: HostResolver = {
  async resolve(host) {
    if (host === 'localhost') return systemResolver.resolve(host);
    const a = answers[host] ?? 'ENOTFOUND';
    if (typeof a === 'string') throw Object.assign(new Error(`getaddrinfo ${a} ${host}`), { code: a });
    return a.map((address): ResolvedAddress => ({ address, family: net.isIP(address) === 6 ? 6 : 4 }));
  },
};

let t: TestApp;
const stops: Array<() => Promise<void>> = [];
/** The real app on this run's database, with the staged resolver and extra environment. */
async function appWith(env: Record<string, string> = {}): Promise<Express> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: process.env.TEST_DB_URL, ...env });
  const { app, stop } = await createApp(config, t.orm, { resolver });
  stops.push(stop);
  return app;
}

let guarded: Express;
let loopback: Express;
let key: PartnerKey;
let partnerId: string;
const subscriptions = () => t.orm.em.getKnex()('partner_subscription').where({ partner_id: partnerId }).count({ n: '*' }).first().then((r) => Number(r?.n));
const subscribe = (app: Express, url: string, lang?: string) => gql(app, SUBSCRIBE, { i: { url, needKinds: ['MEDICAL'] } }, { apiKey: key.token, lang });

beforeAll(async () => {
  t = await startApp();
  await parkEarlierFilesOutbox(t.orm);
  guarded = await appWith();
  loopback = await appWith({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
  // A partner of this file alone, so its subscriptions are this file's.
  const code = `ssrf-${crypto.randomUUID().slice(0, 8)}`;
  const [p] = await t.orm.em.getKnex()('partner_organisation').insert({ code, name: '订阅测试单位', kind: 'CHARITY', created_by: 'test', updated_by: 'test' }).returning('id');
  partnerId = String(p.id);
  key = await partnerKey(t.orm, code);
});
afterAll(async () => {
  // Leave nothing for other files' workers: this file's subscriptions name staged hosts.
  await t.orm.em.getKnex()('partner_subscription').update({ active: false }).where({ partner_id: partnerId });
  for (const stop of stops) await stop();
  await t.close();
});

describe('subscribeToNeeds refuses every URL that does not lead to a public https address', () => {
  const refused: Array<[string, string]> = [
    ['loopback IPv4, the database port', 'http://127.0.0.1:5432/'],
    ['loopback IPv4 over https', 'https://127.0.0.1/hooks'],
    ['localhost, this API', 'http://localhost:4000/graphql'],
    ['localhost over https (resolves to loopback)', 'https://localhost/hooks'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata over https', 'https://169.254.169.254/latest/meta-data/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 10/8 over https', 'https://10.0.0.1/'],
    ['private 172.16/12', 'https://172.16.5.4/'],
    ['private 192.168/16', 'https://192.168.1.1/'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ['multicast', 'https://224.0.0.1/'],
    ['unspecified', 'https://0.0.0.0/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 loopback over https', 'https://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 private', 'https://[::ffff:10.0.0.1]/'],
    ['IPv6 unique-local', 'https://[fd00::1]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['decimal IPv4 (127.0.0.1)', 'https://2130706433/'],
    ['decimal IPv4 over http', 'http://2130706433/'],
    ['octal IPv4 (127.0.0.1)', 'https://0177.0.0.1/'],
    ['hexadecimal IPv4 (127.0.0.1)', 'https://0x7f.0.0.1/'],
    ['short IPv4 (127.0.0.1)', 'https://127.1/'],
    ['a name with one private address', 'https://mixed.partner.test/hooks'],
    ['a name resolving to the metadata address', 'https://metadata.partner.test/'],
    ['a name that does not resolve', 'https://nowhere.partner.test/'],
    ['plain http to a public host', 'http://hooks.partner.test/hooks'],
    ['credentials in the URL', 'https://user:secret@hooks.partner.test/hooks'],
    ['a user name in the URL', 'https://user@hooks.partner.test/hooks'],
    ['another scheme', 'ftp://hooks.partner.test/hooks'],
    ['a file URL', 'file:///etc/passwd'],
  ];

  it.each(refused)('%s: %s → WEBHOOK_URL_NOT_ALLOWED, nothing written', async (_what, url) => {
    const before = await subscriptions();
    const r = await subscribe(guarded, url);
    expect(r.status).toBe(200);
    expect(r.data.subscribeToNeeds).toEqual({
      subscriptionId: null,
      userErrors: [{ field: ['input', 'url'], code: 'WEBHOOK_URL_NOT_ALLOWED', message: '订阅地址须为 https 地址，主机只能解析到公网地址，且地址中不得含用户名或密码' }],
    });
    expect(await subscriptions()).toBe(before);
  });

  it('says why in English when asked; text that is no URL is INVALID_FORMAT, a too long one STRING_TOO_LONG', async () => {
    const en = await subscribe(guarded, 'http://10.0.0.1/', 'en');
    expect(en.data.subscribeToNeeds.userErrors[0].message).toBe('The subscription URL must be https, its host must resolve to public addresses only, and it may not carry a user name or password');
    expect((await subscribe(guarded, 'not a url')).data.subscribeToNeeds.userErrors).toEqual([expect.objectContaining({ field: ['input', 'url'], code: 'INVALID_FORMAT' })]);
    const long = `https://hooks.partner.test/${'a'.repeat(500)}`;
    expect((await subscribe(guarded, long)).data.subscribeToNeeds.userErrors).toEqual([expect.objectContaining({ field: ['input', 'url'], code: 'STRING_TOO_LONG' })]);
  });

  it('accepts https to a host whose addresses are all public (IPv4 or IPv6)', async () => {
    for (const url of ['https://hooks.partner.test/needs', 'https://v6.partner.test:8443/needs?src=county']) {
      const r = await subscribe(guarded, url);
      expect(r.data.subscribeToNeeds.userErrors).toEqual([]);
      expect(r.data.subscribeToNeeds.subscriptionId).toEqual(expect.any(String));
    }
  });
});

describe('the development switch WEBHOOK_ALLOW_LOOPBACK', () => {
  it('lets loopback through (http too), and nothing else that is private', async () => {
    for (const url of ['http://127.0.0.1:5432/', 'http://localhost:4000/hooks', 'http://[::1]:8080/hooks', 'https://127.0.0.1/hooks']) {
      const r = await subscribe(loopback, url);
      expect([url, r.data.subscribeToNeeds.userErrors]).toEqual([url, []]);
    }
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'https://[::ffff:127.0.0.1]/', 'http://hooks.partner.test/', 'https://mixed.partner.test/']) {
      const r = await subscribe(loopback, url);
      expect([url, r.data.subscribeToNeeds.userErrors.map((e: { code: string }) => e.code)]).toEqual([url, ['WEBHOOK_URL_NOT_ALLOWED']]);
    }
  });

  it('is off by default and refused in production at start-up', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).webhookAllowLoopback).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhookAllowLoopback).toBe(true);
    // Production runs on a server (the embedded database is refused there: test/ops/config.test.ts).
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), WEBHOOK_SECRET_KEY: 'cd'.repeat(32), DATABASE_URL: 'postgres://api@db.county.test/assistance' };
    expect(loadConfig(production).webhookAllowLoopback).toBe(false);
    expect(() => loadConfig({ ...production, WEBHOOK_ALLOW_LOOPBACK: 'true' })).toThrow('WEBHOOK_ALLOW_LOOPBACK=true is refused in production');
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_LOOPBACK: 'yes' })).toThrow(/WEBHOOK_ALLOW_LOOPBACK/);
  });
});

describe('DNS rebinding after the subscription', () => {
  it('a host that resolved to a public address when subscribing and to a private one at delivery is not sent to', async () => {
    const sub = await subscribe(guarded, 'https://rebind.partner.test/needs');
    expect(sub.data.subscribeToNeeds.userErrors).toEqual([]);
    const subscriptionId = Buffer.from(sub.data.subscribeToNeeds.subscriptionId, 'base64url').toString().split(':')[1];
    const township = await newTownship(t.orm);
    const token = await townshipToken(township.code);
    const h = await registerHousehold(t.app, token, householdInput(township, [member()]));
    await confirm(t.orm, h.id);
    const published = await gql(t.app, `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id } userErrors { code } } }`,
      { i: { household: h.id, kind: 'MEDICAL', uncoveredAmount: 80000, urgency: 'MEDIUM', description: '住院自付部分缺口' } }, { token });
    expect(published.data.publishNeed.userErrors).toEqual([]);
    const [message] = await t.orm.em.getKnex()('outbox_message').where({ subscription_id: subscriptionId });
    expect(message).toMatchObject({ status: 'PENDING', attempts: 0 });

    answers['rebind.partner.test'] = ['127.0.0.1'];
    await new OutboxWorker(t.orm, { resolver, batch: 100, now: () => new Date(Date.now() + 60_000) }).runOnce();
    const after = await t.orm.em.getKnex()('outbox_message').where({ id: message.id }).first();
    expect(after).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'target refused: subscription host rebind.partner.test has address 127.0.0.1: not a public address' });
    const tried = await t.orm.em.getKnex()('outbox_attempt').where({ message_id: message.id });
    expect(tried).toEqual([expect.objectContaining({ status_code: null })]);
    await t.orm.em.getKnex()('outbox_message').update({ status: 'FAILED', last_error: 'test parked' }).where({ id: message.id });
  });
});

