/**
 * Signing secrets of webhook subscriptions (issue 14 item 9). Each subscription has its own
 * secret in the Standard Webhooks format (`whsec_` + base64 of 24 random bytes), shown to the
 * partner once, when it subscribes, and stored only encrypted: AES-256-GCM under the server key
 * WEBHOOK_SECRET_KEY (src/config.ts; 32 bytes, base64 or hex; a development default that
 * production refuses). A database leak therefore does not let anyone sign as the county: the key
 * lives in the environment, not in the database. (Before, deliveries were signed with the stored
 * hash of the partner's API key secret: readable from the database.)
 *
 * Sealed form: `v1:` + base64(iv 12 bytes ‖ tag 16 bytes ‖ ciphertext). The additional
 * authenticated data is the subscription's table and id (`partner_subscription:42`), so a sealed
 * secret copied onto another subscription does not open.
 */
import crypto from 'node:crypto';

/** Development and test only (config.ts refuses it in production). */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = crypto.createHash('sha256').update('urban-hardship-assistance development webhook secret key').digest('base64');

/** The 32 key bytes of a WEBHOOK_SECRET_KEY value (64 hex characters or base64 of 32 bytes), or null. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : null;
  }
  return null;
}

export type SubscriptionTable = 'partner_subscription' | 'platform_subscription';

export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer | string) {
    const k = typeof key === 'string' ? parseSecretKey(key) : key;
    if (!k || k.length !== 32) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes (64 hex characters or base64)');
    this.key = k;
  }

  /** A new signing secret in the Standard Webhooks format. */
  static newSecret(): string {
    return `whsec_${crypto.randomBytes(24).toString('base64')}`;
  }

  seal(secret: string, table: SubscriptionTable, id: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${table}:${id}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  /** The secret, or null when the sealed value does not open under this key for this subscription. */
  open(sealed: string, table: SubscriptionTable, id: string): string | null {
    if (!sealed.startsWith('v1:')) return null;
    const raw = Buffer.from(sealed.slice(3), 'base64');
    if (raw.length < 12 + 16 + 1) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${table}:${id}`, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
