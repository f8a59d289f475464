/** Signed partner requests: HMAC-SHA256 over `${timestamp}.${body}`, keyed by the key's secret hash. */
import crypto from 'node:crypto';
import {
  pruneWebhookReceipts, sign, signatureHeaders, signingKeyFromSecret, verifyWebhook, WebhookHeaders,
} from '../../src/webhooks/signing';
import { partnerApiKey, startApp, TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

const knex = () => t.orm.em.getKnex();

async function newKey() {
  const { token, keyId } = await partnerApiKey(t.orm);
  return { keyId, signingKey: signingKeyFromSecret(token.split('.')[1]) };
}

function headersOf(h: Record<string, string>): WebhookHeaders {
  return { keyId: h['X-Key-Id'], timestamp: h['X-Timestamp'], signature: h['X-Signature'] };
}

function body(): Buffer {
  return Buffer.from(JSON.stringify({ externalId: crypto.randomUUID(), note: '帮扶 visit' }), 'utf8');
}

it('the signing key is the hex sha256 of the secret, and the signature is HMAC-SHA256 of "<ts>.<body>"', () => {
  const key = signingKeyFromSecret('s3cret');
  expect(key).toBe(crypto.createHash('sha256').update('s3cret').digest('hex'));
  const expected = crypto.createHmac('sha256', key).update('1700000000.{"a":1}').digest('hex');
  expect(sign(key, 1700000000, '{"a":1}')).toBe(expected);
  expect(sign(key, 1700000000, Buffer.from('{"a":1}'))).toBe(expected);
  const h = signatureHeaders('pk_x', key, '{"a":1}', new Date(1700000000_900));
  expect(h).toEqual({ 'X-Key-Id': 'pk_x', 'X-Timestamp': '1700000000', 'X-Signature': `sha256=${expected}` });
});

it('a signed request verifies and names the key and its partner', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const result = await verifyWebhook(knex(), headersOf({ ...signatureHeaders(keyId, signingKey, raw, now) }), raw, now);
  const partner = await knex()('partner_api_key').select('partner_id').where({ key_id: keyId }).first();
  expect(result).toEqual({ ok: true, keyId, partnerId: String(partner.partner_id) });
  const receipt = await knex()('webhook_receipt').where({ key_id: keyId });
  expect(receipt).toHaveLength(1);
  expect(receipt[0].signature).toMatch(/^[0-9a-f]{64}$/);
});

it('a tampered body is BAD_SIGNATURE and leaves no receipt', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const h = headersOf({ ...signatureHeaders(keyId, signingKey, raw, now) });
  const tampered = Buffer.from(raw.toString('utf8').replace('visit', 'VISIT'), 'utf8');
  expect(await verifyWebhook(knex(), h, tampered, now)).toMatchObject({ ok: false, status: 401, code: 'BAD_SIGNATURE' });
  // Signed with another key's secret, or a well-formed but wrong signature: same answer.
  const other = await newKey();
  const forged = headersOf({ ...signatureHeaders(keyId, other.signingKey, raw, now) });
  expect(await verifyWebhook(knex(), forged, raw, now)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  expect(await knex()('webhook_receipt').where({ key_id: keyId })).toEqual([]);
  // The untampered request still goes through afterwards.
  expect(await verifyWebhook(knex(), h, raw, now)).toMatchObject({ ok: true });
});

it('a timestamp 6 minutes old (or ahead) is STALE_TIMESTAMP; 4 minutes is accepted', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const old = headersOf({ ...signatureHeaders(keyId, signingKey, raw, new Date(now.getTime() - 6 * 60_000)) });
  expect(await verifyWebhook(knex(), old, raw, now)).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
  const ahead = headersOf({ ...signatureHeaders(keyId, signingKey, raw, new Date(now.getTime() + 6 * 60_000)) });
  expect(await verifyWebhook(knex(), ahead, raw, now)).toMatchObject({ ok: false, code: 'STALE_TIMESTAMP' });
  const recent = headersOf({ ...signatureHeaders(keyId, signingKey, raw, new Date(now.getTime() - 4 * 60_000)) });
  expect(await verifyWebhook(knex(), recent, raw, now)).toMatchObject({ ok: true });
});

it('the same signed delivery twice is REPLAYED (409)', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const h = headersOf({ ...signatureHeaders(keyId, signingKey, raw, now) });
  expect(await verifyWebhook(knex(), h, raw, now)).toMatchObject({ ok: true });
  expect(await verifyWebhook(knex(), h, raw, new Date(now.getTime() + 1000))).toEqual(
    expect.objectContaining({ ok: false, status: 409, code: 'REPLAYED' }),
  );
  // Re-signed with a fresh timestamp it is a new request (content idempotency is the caller's business).
  const again = headersOf({ ...signatureHeaders(keyId, signingKey, raw, new Date(now.getTime() + 2000)) });
  expect(await verifyWebhook(knex(), again, raw, new Date(now.getTime() + 2000))).toMatchObject({ ok: true });
});

it('an unknown or revoked key is UNKNOWN_KEY', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const unknown = headersOf({ ...signatureHeaders('pk_doesnotexist', signingKey, raw, now) });
  expect(await verifyWebhook(knex(), unknown, raw, now)).toMatchObject({ ok: false, status: 401, code: 'UNKNOWN_KEY' });
  await knex()('partner_api_key').update({ revoked_at: new Date(), revoked_by: 'test' }).where({ key_id: keyId });
  const revoked = headersOf({ ...signatureHeaders(keyId, signingKey, raw, now) });
  expect(await verifyWebhook(knex(), revoked, raw, now)).toMatchObject({ ok: false, status: 401, code: 'UNKNOWN_KEY' });
});

it('missing or malformed headers are MISSING_SIGNATURE (400)', async () => {
  const { keyId, signingKey } = await newKey();
  const raw = body();
  const now = new Date();
  const h = headersOf({ ...signatureHeaders(keyId, signingKey, raw, now) });
  const cases: WebhookHeaders[] = [
    {},
    { ...h, keyId: undefined },
    { ...h, timestamp: undefined },
    { ...h, signature: undefined },
    { ...h, signature: '' },
    { ...h, signature: String(h.signature).slice('sha256='.length) },
    { ...h, signature: 'sha1=abcdef' },
    { ...h, timestamp: 'yesterday' },
    { ...h, keyId: [String(h.keyId), String(h.keyId)] },
  ];
  for (const c of cases) {
    expect(await verifyWebhook(knex(), c, raw, now)).toMatchObject({ ok: false, status: 400, code: 'MISSING_SIGNATURE' });
  }
  expect(await knex()('webhook_receipt').where({ key_id: keyId })).toEqual([]);
});

it('prunes receipts older than twice the tolerance, and refuses a younger cutoff', async () => {
  const { keyId, signingKey } = await newKey();
  const now = new Date();
  const longAgo = new Date(now.getTime() - 11 * 60_000);
  const rawOld = body();
  expect(await verifyWebhook(knex(), headersOf({ ...signatureHeaders(keyId, signingKey, rawOld, longAgo) }), rawOld, longAgo)).toMatchObject({ ok: true });
  const rawNew = body();
  expect(await verifyWebhook(knex(), headersOf({ ...signatureHeaders(keyId, signingKey, rawNew, now) }), rawNew, now)).toMatchObject({ ok: true });
  await expect(pruneWebhookReceipts(knex(), new Date(now.getTime() - 60_000), { now })).rejects.toThrow(RangeError);
  const deleted = await pruneWebhookReceipts(knex(), new Date(now.getTime() - 10 * 60_000), { now });
  expect(deleted).toBeGreaterThanOrEqual(1);
  const left = await knex()('webhook_receipt').where({ key_id: keyId });
  expect(left).toHaveLength(1);
});
