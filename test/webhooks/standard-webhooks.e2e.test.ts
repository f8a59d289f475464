/**
 * Outbound webhooks in the Standard Webhooks format (issue 14 item 9), end to end: a partner
 * subscribes through the API and is shown its own signing secret once; the database keeps it only
 * sealed (AES-256-GCM under WEBHOOK_SECRET_KEY), so nothing readable there signs; the outbox
 * delivers a notification and the shipped receiver example (partner-adapters/receiver), verifying
 * with the `standardwebhooks` package, accepts it, refuses a forged or replayed one, and handles a
 * redelivery once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createWebhookReceiver, type Notification } from '../../partner-adapters/receiver/standard-webhooks-receiver';
import { enqueue, OutboxWorker } from '../../src/webhooks/outbox.worker';
import { WebhookSecretBox } from '../../src/webhooks/secrets';
import { gql, startApp, TestApp } from '../support/app';
import { partnerKey, PartnerKey } from '../support/partners';
import { dbId } from '../support/ids';
import { parkEarlierFilesOutbox } from '../support/events';

const SUBSCRIBE = `mutation($i: SubscribeToNeedsInput!) { subscribeToNeeds(input: $i) { subscriptionId signingSecret userErrors { field code } } }`;

describe('Standard Webhooks signing with a secret per subscription', () => {
  let t: TestApp;
  let key: PartnerKey;
  let server: http.Server;
  let url: string;
  let secret = '';
  const received: Notification[] = [];

  beforeAll(async () => {
    t = await startApp({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
    await parkEarlierFilesOutbox(t.orm);
    key = await partnerKey(t.orm, 'county-trade-union');
    server = createWebhookReceiver({ secret: () => secret, onNotification: (n) => void received.push(n) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/county/needs`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('shows the secret once, stores it sealed, and the receiver example verifies the delivery', async () => {
    const r = await gql(t.app, SUBSCRIBE, { i: { url, needKinds: ['MEDICAL'] } }, { apiKey: key.token });
    expect(r.data.subscribeToNeeds.userErrors).toEqual([]);
    secret = r.data.subscribeToNeeds.signingSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const id = dbId(r.data.subscribeToNeeds.subscriptionId);

    // What the database holds does not contain the secret, and opens only under the server key for this row.
    const row = await t.owner.em.getKnex()('partner_subscription').where({ id }).first();
    expect(row.signing_secret).toMatch(/^v1:/);
    expect(row.signing_secret).not.toContain(secret.slice(6));
    const box = new WebhookSecretBox(process.env.WEBHOOK_SECRET_KEY!);
    expect(box.open(row.signing_secret, 'partner_subscription', id)).toBe(secret);
    expect(new WebhookSecretBox(Buffer.alloc(32, 7)).open(row.signing_secret, 'partner_subscription', id)).toBeNull();
    // A second subscription has a secret of its own.
    const other = await gql(t.app, SUBSCRIBE, { i: { url, needKinds: ['HOUSING'] } }, { apiKey: key.token });
    expect(other.data.subscribeToNeeds.signingSecret).not.toBe(secret);

    const messageId = await t.orm.em.fork().transactional((tx) => enqueue(tx.getTransactionContext()!, { subscriptionId: id, eventType: 'NeedPublished', payload: { needId: 'n-1', kind: 'MEDICAL' } }));
    const result = await new OutboxWorker(t.orm, { allowLoopback: true, batch: 200 }).runOnce();
    expect(result.delivered).toBeGreaterThanOrEqual(1);
    expect(received).toEqual([expect.objectContaining({ id: messageId, type: 'NeedPublished', data: { needId: 'n-1', kind: 'MEDICAL' } })]);
    expect((await t.owner.em.getKnex()('outbox_message').where({ id: messageId }).first()).status).toBe('DELIVERED');
  });

  it('the receiver refuses a forged signature and a stale timestamp, and handles a redelivery once', async () => {
    const body = JSON.stringify({ id: '999', type: 'NeedPublished', occurredAt: new Date().toISOString(), data: {} });
    const post = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(body);
    });
    const now = new Date();
    const signed = (s: string, at: Date) => ({ 'webhook-id': 'msg-999', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(s).sign('msg-999', at, body) });
    expect(await post(signed(WebhookSecretBox.newSecret(), now))).toBe(401);
    expect(await post(signed(secret, new Date(now.getTime() - 10 * 60_000)))).toBe(401);
    expect(await post({ 'webhook-id': 'msg-999', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' })).toBe(401);
    const before = received.length;
    expect(await post(signed(secret, now))).toBe(204);
    expect(await post(signed(secret, now))).toBe(204);
    expect(received.length).toBe(before + 1);
  });
});
