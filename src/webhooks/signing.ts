/**
 * Signed partner requests (webhooks in, outbox deliveries out): HMAC-SHA256.
 *
 * Key. The HMAC key of an API key `<keyId>.<secret>` is its stored `secret_hash`: the lowercase
 * hex SHA-256 of the secret (`hashSecret`), used as the 64 ASCII characters of that hex string
 * (not the 32 decoded bytes). The partner computes it from its secret; the server never stores
 * the secret itself, only that hash, so it can sign and verify without it.
 *
 * Signed string. `${timestamp}.${rawBody}`: timestamp = unix seconds (decimal integer), then a
 * dot, then the request body exactly as sent (bytes, not re-serialised JSON).
 *
 * Headers.
 *   X-Key-Id:    <keyId>
 *   X-Timestamp: <unix seconds>
 *   X-Signature: sha256=<lowercase hex HMAC>
 *
 * Verification (`verifyWebhook`), in this order:
 *   1. all three headers present and well formed (integer timestamp, `sha256=` + 64 hex)
 *      else 400 MISSING_SIGNATURE;
 *   2. timestamp within ±toleranceSeconds (default 300) of `now`, else 401 STALE_TIMESTAMP;
 *   3. key id names a key that is not revoked, else 401 UNKNOWN_KEY;
 *   4. signature equal to the expected one (crypto.timingSafeEqual on two 32-byte buffers), else
 *      401 BAD_SIGNATURE;
 *   5. only then the receipt: `insert into webhook_receipt (key_id, signature) ... on conflict do
 *      nothing returning id`; no row means this exact signed request was accepted before: 409
 *      REPLAYED.
 * A partner that resends after a failure signs again with a fresh timestamp (a new signature);
 * the business idempotency of the content is the partner's record id, not this check. If the
 * caller passes the handle of the transaction doing the work, a rollback also forgets the receipt
 * (so the identical request may be sent again); with the pool handle the receipt stands at once.
 *
 * Receipts older than 2 × tolerance can be deleted (`pruneWebhookReceipts`): a replay of them
 * carries a timestamp that step 2 refuses anyway. `received_at` is written from the same `now`
 * the timestamp is checked against, so prune with the same clock. Nothing (no trigger) protects
 * this table from deletes: only prune with a cutoff at least 2 × tolerance in the past.
 */
import crypto from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { hashSecret } from '../access/tokens';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export const HEADER_KEY_ID = 'X-Key-Id';
export const HEADER_TIMESTAMP = 'X-Timestamp';
export const HEADER_SIGNATURE = 'X-Signature';

/** The HMAC key of an API key, from its secret (the part after the dot): hex sha256 of it. */
export function signingKeyFromSecret(secret: string): string {
  return hashSecret(secret);
}

/** Lowercase hex HMAC-SHA256 of `${timestamp}.${rawBody}` under `signingKey` (as UTF-8 text). */
export function sign(signingKey: string, timestamp: number, rawBody: string | Buffer): string {
  const hmac = crypto.createHmac('sha256', Buffer.from(signingKey, 'utf8'));
  hmac.update(`${timestamp}.`, 'utf8');
  if (typeof rawBody === 'string') hmac.update(rawBody, 'utf8');
  else hmac.update(rawBody);
  return hmac.digest('hex');
}

export interface SignatureHeaders {
  'X-Key-Id': string;
  'X-Timestamp': string;
  'X-Signature': string;
}

/** The three headers of a request signed now (or at `now`). */
export function signatureHeaders(keyId: string, signingKey: string, rawBody: string | Buffer, now: Date = new Date()): SignatureHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [HEADER_KEY_ID]: keyId,
    [HEADER_TIMESTAMP]: String(timestamp),
    [HEADER_SIGNATURE]: `sha256=${sign(signingKey, timestamp, rawBody)}`,
  } as SignatureHeaders;
}

type HeaderValue = string | string[] | null | undefined;

/** The signature headers as read from a request (Express: `req.get('x-key-id')` etc.). */
export interface WebhookHeaders {
  keyId?: HeaderValue;
  timestamp?: HeaderValue;
  signature?: HeaderValue;
}

export type WebhookFailureCode = 'MISSING_SIGNATURE' | 'UNKNOWN_KEY' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE' | 'REPLAYED';

export type WebhookVerification =
  | { ok: true; keyId: string; partnerId: string }
  | { ok: false; status: 401 | 409 | 400; code: WebhookFailureCode; message: string };

function single(v: HeaderValue): string | undefined {
  if (Array.isArray(v)) return v.length === 1 ? v[0] : undefined;
  return v ?? undefined;
}

const SIGNATURE_RE = /^sha256=([0-9a-fA-F]{64})$/;
const TIMESTAMP_RE = /^\d{1,12}$/;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

function fail(status: 401 | 409 | 400, code: WebhookFailureCode, message: string): WebhookVerification {
  return { ok: false, status, code, message };
}

/**
 * Verifies a signed partner request and records its receipt (see the file header for the
 * steps and answers). `knex`: the pool, or the transaction of the work the request triggers.
 */
export async function verifyWebhook(
  knex: Knex,
  headers: WebhookHeaders,
  rawBody: Buffer,
  now: Date,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): Promise<WebhookVerification> {
  const keyId = single(headers.keyId)?.trim();
  const timestampText = single(headers.timestamp)?.trim();
  const signatureText = single(headers.signature)?.trim();
  if (!keyId || !timestampText || !signatureText) {
    return fail(400, 'MISSING_SIGNATURE', `Signed requests need the ${HEADER_KEY_ID}, ${HEADER_TIMESTAMP} and ${HEADER_SIGNATURE} headers.`);
  }
  const match = SIGNATURE_RE.exec(signatureText);
  if (!match || !TIMESTAMP_RE.test(timestampText) || !KEY_ID_RE.test(keyId)) {
    return fail(400, 'MISSING_SIGNATURE', `${HEADER_SIGNATURE} must be "sha256=<64 hex>", ${HEADER_TIMESTAMP} unix seconds and ${HEADER_KEY_ID} a key id.`);
  }
  const given = match[1].toLowerCase();
  const timestamp = Number(timestampText);

  const skew = Math.abs(now.getTime() / 1000 - timestamp);
  if (!(skew <= toleranceSeconds)) {
    return fail(401, 'STALE_TIMESTAMP', `${HEADER_TIMESTAMP} is more than ${toleranceSeconds} seconds away from the server's clock.`);
  }

  const key = await knex('partner_api_key')
    .select('partner_id', 'secret_hash')
    .where({ key_id: keyId })
    .whereNull('revoked_at')
    .first();
  if (!key) return fail(401, 'UNKNOWN_KEY', 'Unknown or revoked key.');

  const expected = Buffer.from(sign(String(key.secret_hash), timestamp, rawBody), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    return fail(401, 'BAD_SIGNATURE', 'The signature does not match the request.');
  }

  const inserted = await knex.raw(
    'insert into webhook_receipt (key_id, signature, received_at) values (?, ?, ?) on conflict do nothing returning id',
    [keyId, given, now],
  );
  if (inserted.rows.length === 0) return fail(409, 'REPLAYED', 'This signed request was already received.');

  return { ok: true, keyId, partnerId: String(key.partner_id) };
}

/**
 * Deletes receipts received before `olderThan`; returns how many. The cutoff must be at least
 * 2 × tolerance before `opts.now` (default: the current time; tolerance default 300 s), else it
 * throws a RangeError: a younger receipt still guards a timestamp that verification accepts.
 */
export async function pruneWebhookReceipts(
  knex: Knex,
  olderThan: Date,
  opts: { now?: Date; toleranceSeconds?: number } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const latestSafe = now.getTime() - 2 * tolerance * 1000;
  if (!(olderThan.getTime() <= latestSafe)) {
    throw new RangeError(`webhook receipts younger than ${2 * tolerance} seconds must be kept (cutoff ${olderThan.toISOString()})`);
  }
  return knex('webhook_receipt').where('received_at', '<', olderThan).delete();
}
