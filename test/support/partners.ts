/**
 * Helpers for partner-facing tests: partner ids, API keys with their signing keys, signed webhook
 * requests, batch uploads through GraphQL, and ledger rows read straight from the database.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express } from 'express';
import request from 'supertest';
import { signatureHeaders, signingKeyFromSecret } from '../../src/webhooks/signing';
import { gql, partnerApiKey } from './app';

export interface PartnerKey {
  /** `<keyId>.<secret>`, for X-Api-Key. */
  token: string;
  keyId: string;
  /** The HMAC key of signed webhooks (hex sha256 of the secret). */
  signingKey: string;
}

/** A fresh API key of a partner (by code), with its webhook signing key. */
export async function partnerKey(orm: MikroORM, partnerCode: string): Promise<PartnerKey> {
  const { token, keyId } = await partnerApiKey(orm, partnerCode);
  return { token, keyId, signingKey: signingKeyFromSecret(token.split('.')[1]) };
}

/** Kept for the tests that import it from here; the one definition is ./ids.ts. */
export { dbId } from './ids';

export interface SignedRequest {
  format: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** A webhook request signed with `key` at `now` (override headers to break it on purpose). */
export function signedRequest(key: Pick<PartnerKey, 'keyId' | 'signingKey'>, format: string, body: string | Buffer, now: Date = new Date(), override: Record<string, string> = {}): SignedRequest {
  return { format, body, headers: { ...signatureHeaders(key.keyId, key.signingKey, body, now), ...override } };
}

/** Sends a signed request to `POST /integrations/<format>` (a string body as its UTF-8 bytes). */
export async function sendWebhook(app: Express, r: SignedRequest, contentType = 'application/octet-stream') {
  const res = await request(app).post(`/integrations/${r.format}`).set(r.headers).set('content-type', contentType).send(Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8'));
  return { status: res.status, body: res.body };
}

export const IMPORT = `mutation($input: ImportPartnerRecordsInput!) {
  importPartnerRecords(input: $input) {
    result { accepted duplicates rejected { record code message } skipped { record reason } }
    userErrors { field code }
  }
}`;

/** Uploads a batch through GraphQL as the partner of `apiKey`. */
export async function importBatch(app: Express, apiKey: string, format: string, content: string) {
  return gql(app, IMPORT, { input: { format, content } }, { apiKey });
}

export interface LedgerRow {
  external_id: string;
  kind: string;
  amount: number | null;
  hours: string | null;
  origin: string;
  given_on: string;
  description: string;
  household_id: string;
  assistance_card_number: string | null;
}

/** The ledger rows of a partner (by code), optionally only some external ids. */
export async function ledgerRows(orm: MikroORM, partnerCode: string, externalIds?: string[]): Promise<LedgerRow[]> {
  const knex = orm.em.getKnex();
  const q = knex('pairing_ledger_entry as l').join('partner_organisation as o', 'o.id', 'l.partner_id').join('household as h', 'h.id', 'l.household_id')
    .where('o.code', partnerCode)
    .select('l.external_id', 'l.kind', 'l.amount', 'l.hours', 'l.origin', knex.raw(`to_char(l.given_on, 'YYYY-MM-DD') as given_on`), 'l.description', 'l.household_id', 'h.assistance_card_number')
    .orderBy('l.id');
  if (externalIds) q.whereIn('l.external_id', externalIds);
  return q;
}

/** How many ledger rows there are in all (to show that something wrote nothing). */
export async function ledgerCount(orm: MikroORM): Promise<number> {
  const row = await orm.em.getKnex()('pairing_ledger_entry').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
