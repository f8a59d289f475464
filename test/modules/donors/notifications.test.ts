/**
 * Notifications to charity platforms through the existing signed outbox (issue 12, item 7): a
 * platform subscribes (https in production; loopback with the development switch here), then hears
 * of a matching need, the decision on its pledge, the allocation and the receipt — signed in the
 * Standard Webhooks format with its subscription's own secret, and never naming the family.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { OutboxWorker } from '../../../src/webhooks/outbox.worker';
import { gql, TestApp } from '../../support/app';
import { parkEarlierFilesOutbox } from '../../support/events';
import {
  ACCEPT, approve, CANDIDATES, CONFIRM, confirmedHousehold, createPledge, DISPATCH, startDonorWorld, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor,
} from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
let server: http.Server;

beforeAll(async () => {
  ({ t, w } = await startDonorWorld({ WEBHOOK_ALLOW_LOOPBACK: 'true' }));
  await parkEarlierFilesOutbox(t.orm);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.close();
  await t.orm.em.getKnex()('platform_subscription').update({ active: false }).where({ platform_id: w.platform.platformId });
  await t.close();
});

it('matching needs, the pledge decision, the allocation and the receipt reach the platform, signed, with nothing of the family', async () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/donations`;
  const sub = await gql(t.app, `mutation($i: SubscribeToDonationNoticesInput!) { subscribeToDonationNotices(input: $i) { subscriptionId signingSecret userErrors { code } } }`, { i: { url } }, w.platform);
  expect(sub.data.subscribeToDonationNotices.userErrors).toEqual([]);
  const secret: string = sub.data.subscribeToDonationNotices.signingSecret;
  expect(secret).toMatch(/^whsec_/);

  const donor = await registerDonor(t.app, w.platform);
  const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['SCHOOLING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 8000, description: '助学金', validUntil: inDays(20),
  }));
  // Published after the approval: the platform hears that a need its pledge may serve appeared.
  const h = await confirmedHousehold(t.app, t.orm, w, '通知户主', ['MINIMUM_LIVING_ALLOWANCE'], ['SCHOOLING']);
  await publishNeed(t.app, w, h.id, 'SCHOOLING', 6000, 'HIGH', '子女学杂费缺口');
  const ranked = await gql(t.app, CANDIDATES, { p: pledge.id, n: 1 }, w.platform);
  const proposed = await gql(t.app, PROPOSE, { i: { pledge: pledge.id, need: ranked.data.pledgeCandidates[0].donationNeed.id, quantity: 6000 } }, w.platform);
  const m1 = proposed.data.proposeDonationMatch.match;
  const m2 = (await gql(t.app, ACCEPT, { i: { match: m1.id, version: m1.version } }, w.townshipCaller)).data.acceptDonationMatch.match;
  const m3 = (await gql(t.app, DISPATCH, { i: { match: m2.id, version: m2.version } }, w.platform)).data.dispatchDonation.match;
  await gql(t.app, CONFIRM, { i: { match: m3.id, version: m3.version, outcome: 'RECEIVED' } }, w.townshipCaller);

  // Other files share the outbox: drain it until nothing more is due.
  const worker = new OutboxWorker(t.orm, { allowLoopback: true });
  for (let i = 0; i < 50; i++) {
    const run = await worker.runOnce();
    if (run.delivered + run.failed + run.retried === 0) break;
  }
  const mine = received.filter((r) => r.headers['webhook-id']);
  const types = mine.map((r) => JSON.parse(r.body).type);
  expect(types).toEqual(['donation.pledge.decided', 'donation.needs.matching', 'donation.allocation.decided', 'donation.receipt.confirmed']);
  for (const r of mine) {
    const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
    expect(() => new Webhook(secret).verify(r.body, headers)).not.toThrow();
    for (const s of ['通知户主', '13800000000', '测试路', h.card!, h.id]) expect([s, r.body.includes(s)]).toEqual([s, false]);
  }
  const matching = JSON.parse(mine[1].body).data;
  expect(matching).toMatchObject({ pledges: [pledge.id], need: { kind: 'SCHOOLING', uncoveredAmount: 6000, urgency: 'HIGH' } });
  expect(JSON.parse(mine[3].body).data).toMatchObject({ outcome: 'RECEIVED', match: m1.id });
});
