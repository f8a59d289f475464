/**
 * The partner outbox worker: signed POSTs to local receivers, retries with growing backoff,
 * FAILED after maxAttempts or for unsendable subscriptions, and never one message twice when
 * several workers run at once. The receivers listen on 127.0.0.1, so these workers run with the
 * development switch (WEBHOOK_ALLOW_LOOPBACK, `allowLoopback`) on, explicitly; what the worker
 * refuses without it (private targets, DNS rebinding, redirects) is at the end of the file. Assertions look at this file's own messages: other files may
 * leave messages in the run's shared database that these workers also pick up.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueue, OutboxWorker } from '../../src/webhooks/outbox.worker';
import { HostResolver, ResolvedAddress } from '../../src/webhooks/webhook-target';
import { Webhook } from 'standardwebhooks';
import { WebhookSecretBox } from '../../src/webhooks/secrets';
import { partnerApiKey, startApp, TestApp } from '../support/app';
import { parkEarlierFilesOutbox } from '../support/events';

let t: TestApp;
const servers: http.Server[] = [];
beforeAll(async () => {
  t = await startApp();
  await parkEarlierFilesOutbox(t.orm);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await t.close();
});

const knex = () => t.orm.em.getKnex();
/** The development switch: the receivers below are on loopback. */
const LOOPBACK = { allowLoopback: true } as const;

interface Hit { headers: http.IncomingHttpHeaders; body: string }
type Reply = (hit: Hit, n: number) => number | 'hang';

/** A local receiver on 127.0.0.1: `reply` gives the status of the n-th request (1-based). */
async function receiver(reply: Reply = () => 200, delayMs = 0, headers: Record<string, string> = {}) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      const status = reply(hit, hits.length);
      if (status === 'hang') return;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end('ok'), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/needs`, hits };
}

/** The app's box (test/env.ts sets WEBHOOK_SECRET_KEY): what subscribeToNeeds seals with. */
const box = () => new WebhookSecretBox(process.env.WEBHOOK_SECRET_KEY!);

/** A partner key and a subscription of its partner to `url`, with its own sealed signing secret. */
async function subscription(url: string, opts: { active?: boolean; sealed?: (id: string, secret: string) => string | null } = {}) {
  const { token, keyId } = await partnerApiKey(t.orm);
  const key = await knex()('partner_api_key').select('partner_id').where({ key_id: keyId }).first();
  const [row] = await knex()('partner_subscription')
    .insert({
      created_by: 'test', updated_by: 'test', partner_id: key.partner_id, need_kinds: ['MEDICAL', 'HOUSING'],
      url, signing_key_id: keyId, active: opts.active ?? true,
    })
    .returning('id');
  const secret = WebhookSecretBox.newSecret();
  const sealed = opts.sealed ? opts.sealed(String(row.id), secret) : box().seal(secret, 'partner_subscription', String(row.id));
  await knex()('partner_subscription').update({ signing_secret: sealed }).where({ id: row.id });
  return { id: String(row.id), keyId, secret, apiSecret: token.split('.')[1] };
}

async function enqueueOne(subscriptionId: string, data: Record<string, unknown> = { needId: crypto.randomUUID() }) {
  const em = t.orm.em.fork();
  // As a service would: inside its transaction, with its handle.
  return em.transactional((tx) => enqueue(tx.getTransactionContext()!, { subscriptionId, eventType: 'NeedPublished', payload: data }));
}

const message = (id: string) => knex()('outbox_message').where({ id }).first();
const attempts = (id: string) => knex()('outbox_attempt').where({ message_id: id }).orderBy('id');

/** A clock the test moves; starts a minute ahead so freshly enqueued messages are due. */
function fakeClock() {
  let ms = Date.now() + 60_000;
  return { now: () => new Date(ms), set: (d: Date) => { ms = d.getTime(); }, advance: (n: number) => { ms += n; } };
}

/**
 * Two independent checks of the Standard Webhooks scheme: the receiver's library (standardwebhooks,
 * as a partner verifies) and the specification by hand, HMAC-SHA256 under the base64-decoded secret
 * of "<webhook-id>.<webhook-timestamp>.<body>", sent as "v1,<base64>".
 */
function signatureValid(hit: Hit, secret: string, at: Date = new Date(Number(hit.headers['webhook-timestamp']) * 1000)): boolean {
  const headers = { 'webhook-id': String(hit.headers['webhook-id']), 'webhook-timestamp': String(hit.headers['webhook-timestamp']), 'webhook-signature': String(hit.headers['webhook-signature']) };
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const byHand = crypto.createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${hit.body}`).digest('base64');
  if (headers['webhook-signature'] !== `v1,${byHand}`) return false;
  // The library checks the timestamp against its own clock (5 minutes); the tests' clock may run ahead.
  const realNow = Date.now;
  Date.now = () => at.getTime();
  try {
    new Webhook(secret).verify(hit.body, headers);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

it('enqueue commits with the caller\'s transaction, or not at all', async () => {
  const r = await receiver();
  const sub = await subscription(r.url);
  const marker = crypto.randomUUID();
  await expect(t.orm.em.fork().transactional(async (tx) => {
    await enqueue(tx.getTransactionContext()!, { subscriptionId: sub.id, eventType: 'NeedPublished', payload: { marker } });
    throw new Error('the change failed');
  })).rejects.toThrow('the change failed');
  expect(await knex()('outbox_message').where({ subscription_id: sub.id })).toEqual([]);
});

it('delivers a message once, signed with the subscription key, with the documented body', async () => {
  const r = await receiver();
  const sub = await subscription(r.url);
  const id = await enqueueOne(sub.id, { needId: '42', kind: 'MEDICAL', uncoveredAmount: 120000 });
  const clock = fakeClock();
  const worker = new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, batch: 100 });
  const result = await worker.runOnce();
  expect(result.delivered).toBeGreaterThanOrEqual(1);

  expect(r.hits).toHaveLength(1);
  const hit = r.hits[0];
  expect(hit.headers['content-type']).toBe('application/json');
  expect(hit.headers['x-delivery-id']).toBe(id);
  expect(hit.headers['webhook-id']).toBe(id);
  expect(hit.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
  expect(signatureValid(hit, sub.secret)).toBe(true);
  // Not with another subscription's secret, nor with what the database holds about the API key.
  expect(signatureValid(hit, WebhookSecretBox.newSecret())).toBe(false);
  const stored = await knex()('partner_api_key').where({ key_id: sub.keyId }).first('secret_hash');
  expect(signatureValid(hit, `whsec_${Buffer.from(stored.secret_hash, 'hex').toString('base64')}`)).toBe(false);
  // The old headers, signed with a key derivable from the database, are gone.
  expect(hit.headers['x-signature']).toBeUndefined();
  const created = (await message(id)).created_at as Date;
  expect(JSON.parse(hit.body)).toEqual({
    id, type: 'NeedPublished', occurredAt: new Date(created).toISOString(), data: { needId: '42', kind: 'MEDICAL', uncoveredAmount: 120000 },
  });

  const m = await message(id);
  expect(m).toMatchObject({ status: 'DELIVERED', attempts: 1, last_error: null });
  expect(new Date(m.delivered_at).getTime()).toBe(clock.now().getTime());
  const log = await attempts(id);
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ status_code: 200, error: null });
  expect(log[0].duration_ms).toBeGreaterThanOrEqual(0);

  // Nothing left to send to this receiver.
  clock.advance(3600_000);
  await worker.runOnce();
  expect(r.hits).toHaveLength(1);
});

it('retries a failing receiver with growing backoff and delivers on the third attempt', async () => {
  const r = await receiver((_hit, n) => (n <= 2 ? 500 : 204));
  const sub = await subscription(r.url);
  const id = await enqueueOne(sub.id);
  const clock = fakeClock();
  const worker = new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, random: () => 0.5, baseDelayMs: 1000, batch: 100 });

  await worker.runOnce();
  let m = await message(id);
  expect(m).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'HTTP 500' });
  const delay1 = new Date(m.next_attempt_at).getTime() - clock.now().getTime();

  // Not due yet: a run now leaves it alone.
  clock.advance(delay1 - 1);
  await worker.runOnce();
  expect(r.hits).toHaveLength(1);

  clock.set(new Date(m.next_attempt_at));
  await worker.runOnce();
  m = await message(id);
  expect(m).toMatchObject({ status: 'PENDING', attempts: 2, last_error: 'HTTP 500' });
  const delay2 = new Date(m.next_attempt_at).getTime() - clock.now().getTime();

  clock.set(new Date(m.next_attempt_at));
  await worker.runOnce();
  m = await message(id);
  expect(m).toMatchObject({ status: 'DELIVERED', attempts: 3 });

  // random 0.5 → jitter × 1: exactly base × 2^(n−1).
  expect(delay1).toBe(1000);
  expect(delay2).toBe(2000);
  expect(delay2).toBeGreaterThan(delay1);
  expect(r.hits).toHaveLength(3);
  expect(r.hits.every((h) => h.headers['x-delivery-id'] === id)).toBe(true);
  expect((await attempts(id)).map((a) => [a.status_code, a.error])).toEqual([[500, 'HTTP 500'], [500, 'HTTP 500'], [204, null]]);
});

it('the jitter stays within [0.5, 1.5) of the capped exponential step', () => {
  const lo = new OutboxWorker(t.orm, { random: () => 0, baseDelayMs: 1000, maxDelayMs: 60_000 });
  const hi = new OutboxWorker(t.orm, { random: () => 0.999999, baseDelayMs: 1000, maxDelayMs: 60_000 });
  expect([1, 2, 3, 4].map((n) => lo.retryDelayMs(n))).toEqual([500, 1000, 2000, 4000]);
  expect([1, 2, 3, 4].map((n) => hi.retryDelayMs(n))).toEqual([1499, 2999, 5999, 11999]);
  expect(lo.retryDelayMs(20)).toBe(30_000);
  expect(hi.retryDelayMs(20)).toBeLessThan(90_000);
  const defaults = new OutboxWorker(t.orm);
  expect([defaults.maxAttempts, defaults.baseDelayMs, defaults.maxDelayMs, defaults.timeoutMs]).toEqual([8, 1000, 15 * 60_000, 5000]);
});

it('a receiver that always fails leaves the message FAILED after maxAttempts', async () => {
  const r = await receiver(() => 503);
  const sub = await subscription(r.url);
  const id = await enqueueOne(sub.id);
  const clock = fakeClock();
  const worker = new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, maxAttempts: 3, batch: 100 });
  for (let i = 0; i < 3; i++) {
    await worker.runOnce();
    clock.advance(3600_000);
  }
  const m = await message(id);
  expect(m).toMatchObject({ status: 'FAILED', attempts: 3, last_error: 'HTTP 503', delivered_at: null });
  expect(await attempts(id)).toHaveLength(3);
  await worker.runOnce();
  expect(r.hits).toHaveLength(3);
});

it('a timeout and a refused connection are failed attempts that are retried', async () => {
  const hanging = await receiver(() => 'hang');
  const subA = await subscription(hanging.url);
  const closed = await receiver();
  const deadUrl = closed.url.replace(/:\d+\//, ':1/');
  const subB = await subscription(deadUrl);
  const a = await enqueueOne(subA.id);
  const b = await enqueueOne(subB.id);
  const clock = fakeClock();
  await new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, timeoutMs: 300, batch: 100 }).runOnce();
  expect(await message(a)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'timeout after 300 ms' });
  expect(await message(b)).toMatchObject({ status: 'PENDING', attempts: 1 });
  expect((await message(b)).last_error).toMatch(/fetch failed|ECONNREFUSED/);
  const [logA] = await attempts(a);
  expect(logA).toMatchObject({ status_code: null, error: 'timeout after 300 ms' });
  expect(logA.duration_ms).toBeGreaterThanOrEqual(250);
  // Park them so later runs in this file do not wait on them again.
  await knex()('outbox_message').update({ status: 'FAILED', last_error: 'test parked' }).whereIn('id', [a, b]);
});

it('refuses non-http(s) URLs, inactive subscriptions and revoked keys: FAILED without a request', async () => {
  const ftp = await subscription('ftp://127.0.0.1/needs');
  const file = await subscription('file:///etc/passwd');
  const r = await receiver();
  const inactive = await subscription(r.url, { active: false });
  const revoked = await subscription(r.url);
  await knex()('partner_api_key').update({ revoked_at: new Date(), revoked_by: 'test' }).where({ key_id: revoked.keyId });
  const ids = {
    ftp: await enqueueOne(ftp.id), file: await enqueueOne(file.id), inactive: await enqueueOne(inactive.id), revoked: await enqueueOne(revoked.id),
  };
  const clock = fakeClock();
  const result = await new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, batch: 100 }).runOnce();
  expect(result.failed).toBeGreaterThanOrEqual(4);
  // No request: every request writes an attempt row (none below) and counts an attempt (0).
  expect(r.hits).toHaveLength(0);
  for (const id of Object.values(ids)) {
    expect(await message(id)).toMatchObject({ status: 'FAILED', attempts: 0 });
    expect(await attempts(id)).toEqual([]);
  }
  expect((await message(ids.ftp)).last_error).toMatch(/scheme ftp: refused/);
  expect((await message(ids.file)).last_error).toMatch(/scheme file: refused/);
  expect((await message(ids.inactive)).last_error).toBe('subscription inactive');
  expect((await message(ids.revoked)).last_error).toMatch(/revoked/);
});

it('refuses a subscription without its own secret, or whose sealed secret does not open (another key, another row): FAILED without a request', async () => {
  const r = await receiver();
  const legacy = await subscription(r.url, { sealed: () => null });
  const otherKey = await subscription(r.url, { sealed: (id, secret) => new WebhookSecretBox(crypto.randomBytes(32)).seal(secret, 'partner_subscription', id) });
  const moved = await subscription(r.url, { sealed: (id, secret) => box().seal(secret, 'partner_subscription', String(Number(id) + 1)) });
  const ids = { legacy: await enqueueOne(legacy.id), otherKey: await enqueueOne(otherKey.id), moved: await enqueueOne(moved.id) };
  await new OutboxWorker(t.orm, { ...LOOPBACK, now: fakeClock().now, batch: 100 }).runOnce();
  expect(r.hits).toHaveLength(0);
  expect(await message(ids.legacy)).toMatchObject({ status: 'FAILED', attempts: 0, last_error: 'subscription has no signing secret: subscribe again to get one' });
  for (const id of [ids.otherKey, ids.moved]) expect(await message(id)).toMatchObject({ status: 'FAILED', attempts: 0, last_error: 'signing secret does not open under WEBHOOK_SECRET_KEY' });
});

it('two workers running at the same time never deliver one message twice', async () => {
  const r = await receiver(() => 200, 30);
  const sub = await subscription(r.url);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await enqueueOne(sub.id, { n: i }));
  const w1 = new OutboxWorker(t.orm, { ...LOOPBACK, batch: 4 });
  const w2 = new OutboxWorker(t.orm, { ...LOOPBACK, batch: 4 });
  for (let round = 0; round < 10; round++) {
    await Promise.all([w1.runOnce(), w2.runOnce(), w1.runOnce(), w2.runOnce()]);
    const pending = await knex()('outbox_message').whereIn('id', ids).whereNot({ status: 'DELIVERED' });
    if (pending.length === 0) break;
  }
  const perMessage = new Map<string, number>();
  for (const h of r.hits) perMessage.set(String(h.headers['x-delivery-id']), (perMessage.get(String(h.headers['x-delivery-id'])) ?? 0) + 1);
  expect([...perMessage.keys()].sort()).toEqual([...ids].sort());
  expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
  expect(r.hits).toHaveLength(12);
  expect(r.hits.every((h) => signatureValid(h, sub.secret))).toBe(true);
  const rows = await knex()('outbox_message').whereIn('id', ids);
  expect(rows.every((m) => m.status === 'DELIVERED' && m.attempts === 1)).toBe(true);
  expect(await knex()('outbox_attempt').whereIn('message_id', ids)).toHaveLength(12);
});

it('start() polls in the background until stopped', async () => {
  const r = await receiver();
  const sub = await subscription(r.url);
  const id = await enqueueOne(sub.id);
  const stop = new OutboxWorker(t.orm, { ...LOOPBACK, batch: 100 }).start(20);
  for (let i = 0; i < 100 && (await message(id)).status !== 'DELIVERED'; i++) await new Promise((res) => setTimeout(res, 20));
  await stop();
  expect(await message(id)).toMatchObject({ status: 'DELIVERED' });
  expect(r.hits).toHaveLength(1);
});

/** DNS as the test decides (host → addresses, or an error code); records every question. */
function stagedResolver(answers: Record<string, string[] | string>) {
  const asked: string[] = [];
  const resolver: HostResolver = {
    async resolve(host) {
      asked.push(host);
      const a = answers[host] ?? 'ENOTFOUND';
      if (typeof a === 'string') throw Object.assign(new Error(`getaddrinfo ${a} ${host}`), { code: a });
      return a.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
  return { resolver, asked, answers };
}

describe('SSRF guard at delivery (issue 8, item 4)', () => {
  it('without the switch, loopback, private, metadata and credential URLs are FAILED at the claim, without a request', async () => {
    const r = await receiver();
    const staged = stagedResolver({});
    // Rows as a subscription from before the rule (or with the switch on then) would have left them.
    const urls = {
      loopback: r.url,
      metadata: 'https://169.254.169.254/latest/meta-data/',
      private: 'https://10.0.0.1/hooks',
      mapped: 'https://[::ffff:127.0.0.1]/hooks',
      decimal: 'https://2130706433/hooks',
      ipv6Loopback: 'https://[::1]/hooks',
      credentials: 'https://user:secret@hooks.partner.test/needs',
    };
    const ids: Record<string, string> = {};
    for (const [name, url] of Object.entries(urls)) ids[name] = await enqueueOne((await subscription(url)).id);
    await new OutboxWorker(t.orm, { now: fakeClock().now, batch: 100, resolver: staged.resolver }).runOnce();
    for (const id of Object.values(ids)) {
      expect(await message(id)).toMatchObject({ status: 'FAILED', attempts: 0 });
      expect(await attempts(id)).toEqual([]);
    }
    const error = async (name: string) => (await message(ids[name])).last_error as string;
    expect(await error('loopback')).toMatch(/scheme http: refused \(https only\)/);
    expect(await error('metadata')).toMatch(/169\.254\.169\.254: not a public address/);
    expect(await error('private')).toMatch(/10\.0\.0\.1: not a public address/);
    expect(await error('mapped')).toMatch(/::ffff:7f00:1: not a public address/);
    expect(await error('decimal')).toMatch(/127\.0\.0\.1: not a public address/);
    expect(await error('ipv6Loopback')).toMatch(/::1: not a public address/);
    expect(await error('credentials')).toMatch(/user name or password/);
    expect(r.hits).toHaveLength(0);
    expect(staged.asked).toEqual([]);
  });

  it('resolves the host before each delivery and connects to the address it checked, asking DNS once', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    // receiver.test is in no real DNS: a delivery reaches the receiver only through the checked answer.
    const staged = stagedResolver({ 'receiver.test': ['127.0.0.1'] });
    const sub = await subscription(`http://receiver.test:${port}/hooks/needs`);
    const first = await enqueueOne(sub.id);
    const clock = fakeClock();
    const worker = new OutboxWorker(t.orm, { ...LOOPBACK, now: clock.now, batch: 100, resolver: staged.resolver });
    await worker.runOnce();
    expect(await message(first)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0].headers.host).toBe(`receiver.test:${port}`);
    expect(staged.asked.filter((h) => h === 'receiver.test')).toHaveLength(1);

    // DNS rebinding: the same name now also answers a private address. Every address is checked,
    // one private address is enough: nothing is sent, a failed attempt is retried.
    staged.answers['receiver.test'] = ['127.0.0.1', '10.0.0.8'];
    const second = await enqueueOne(sub.id);
    await worker.runOnce();
    expect(r.hits).toHaveLength(1);
    expect(await message(second)).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect((await message(second)).last_error).toBe('target refused: subscription host receiver.test has address 10.0.0.8: not a public address');
    expect(await attempts(second)).toEqual([expect.objectContaining({ status_code: null, error: (await message(second)).last_error })]);
    await knex()('outbox_message').update({ status: 'FAILED', last_error: 'test parked' }).where({ id: second });
  });

  it('without the switch, a public name that rebinds to a private address at delivery is not sent, then FAILED', async () => {
    const staged = stagedResolver({ 'hooks.partner.test': ['10.0.0.7'] });
    const sub = await subscription('https://hooks.partner.test/needs');
    const id = await enqueueOne(sub.id);
    const clock = fakeClock();
    const worker = new OutboxWorker(t.orm, { now: clock.now, maxAttempts: 2, batch: 100, resolver: staged.resolver });
    await worker.runOnce();
    expect(await message(id)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'target refused: subscription host hooks.partner.test has address 10.0.0.7: not a public address' });
    staged.answers['hooks.partner.test'] = ['169.254.169.254'];
    clock.advance(3600_000);
    await worker.runOnce();
    expect(await message(id)).toMatchObject({ status: 'FAILED', attempts: 2, last_error: 'target refused: subscription host hooks.partner.test has address 169.254.169.254: not a public address' });
    expect((await attempts(id)).map((a) => a.status_code)).toEqual([null, null]);
  });

  it('does not follow a redirect: a 3xx is a failed attempt, and the redirect target gets nothing', async () => {
    const inside = await receiver();
    const redirecting = await receiver(() => 302, 0, { location: inside.url });
    const sub = await subscription(redirecting.url);
    const id = await enqueueOne(sub.id);
    await new OutboxWorker(t.orm, { ...LOOPBACK, now: fakeClock().now, batch: 100 }).runOnce();
    expect(redirecting.hits).toHaveLength(1);
    expect(inside.hits).toHaveLength(0);
    expect(await message(id)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'HTTP 302' });
    expect(await attempts(id)).toEqual([expect.objectContaining({ status_code: 302, error: 'HTTP 302' })]);
    await knex()('outbox_message').update({ status: 'FAILED', last_error: 'test parked' }).where({ id });
  });
});
