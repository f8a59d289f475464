/**
 * Need pseudonyms for charity platforms and giving partners (issue 12, item 5). A platform sees a
 * need under a name that differs per viewer and per period and that only this server can turn
 * back into the need: the need's key sealed with AES-256-GCM under a server key, the nonce derived
 * from (viewer, period, need) by HMAC-SHA256 so the same need shows the same name all period
 * long (deterministic, like SIV), and (viewer, period) as associated data, so a name shown to
 * one platform opens for no other and a name of a past period for nobody. Nothing in it can be
 * read without the key; two platforms comparing names learn nothing.
 *
 * Names live for their period and the next (DONATION_PSEUDONYM_DAYS each), so a list read just
 * before a period ends still works; after that they answer as unknown, like any wrong id.
 */
import crypto from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { addCalendarDays } from '../../shared/county-calendar';

const EPOCH = '2020-01-01';
const KEY_ROW = 1;

/**
 * The key of each database (by its knex instance) once read: the row never changes after it is
 * made (made once, never updated or deleted), so a process reads it once, not once per request.
 */
const known = new WeakMap<object, Buffer>();

/** The server key: one row, created on first use by whichever process gets there first. */
export async function pseudonymKey(knex: Knex): Promise<Buffer> {
  const cached = known.get(knex.client);
  if (cached) return cached;
  const key = await readPseudonymKey(knex);
  known.set(knex.client, key);
  return key;
}

async function readPseudonymKey(knex: Knex): Promise<Buffer> {
  let row = await knex('pseudonym_key').where({ id: KEY_ROW }).first();
  if (!row) {
    await knex.raw('insert into pseudonym_key (id, secret) values (?, ?) on conflict (id) do nothing', [KEY_ROW, crypto.randomBytes(32).toString('hex')]);
    row = await knex('pseudonym_key').where({ id: KEY_ROW }).first();
  }
  return Buffer.from(row.secret, 'hex');
}

function dayNumber(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${EPOCH}T00:00:00Z`)) / 86_400_000);
}

/** The period a county day falls in, for periods of `days` days. */
export function periodOf(day: string, days: number): number {
  return Math.floor(dayNumber(day) / days);
}

/** The last day a name of `period` opens (the end of the following period). */
export function expiresOn(period: number, days: number): string {
  return addCalendarDays(EPOCH, (period + 2) * days - 1);
}

export class Pseudonyms {
  constructor(private readonly key: Buffer, private readonly viewer: string, private readonly today: string, private readonly days: number) {}

  get period(): number {
    return periodOf(this.today, this.days);
  }

  get expires(): string {
    return expiresOn(this.period, this.days);
  }

  /** The name of need `needId` for this viewer in the current period. */
  seal(needId: string): string {
    const period = this.period;
    const aad = Buffer.from(`${this.viewer}|${period}`);
    const nonce = crypto.createHmac('sha256', this.key).update(`nonce|${this.viewer}|${period}|${needId}`).digest().subarray(0, 12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad);
    const plain = Buffer.alloc(8);
    plain.writeBigUInt64BE(BigInt(needId));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(period);
    return Buffer.concat([head, nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The need a name opens for this viewer, or null (another viewer's, expired, altered, garbage). */
  open(name: string): string | null {
    if (typeof name !== 'string' || name.length > 80 || !/^[A-Za-z0-9_-]+$/.test(name)) return null;
    const raw = Buffer.from(name, 'base64url');
    if (raw.length !== 4 + 12 + 8 + 16) return null;
    const period = raw.readUInt32BE(0);
    if (period !== this.period && period !== this.period - 1) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(4, 16), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(`${this.viewer}|${period}`));
      decipher.setAuthTag(raw.subarray(24));
      const plain = Buffer.concat([decipher.update(raw.subarray(16, 24)), decipher.final()]);
      return plain.readBigUInt64BE().toString();
    } catch {
      return null;
    }
  }
}
