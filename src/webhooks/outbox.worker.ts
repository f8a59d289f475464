/**
 * The partner outbox: notifications written to `outbox_message` in the transaction of the change
 * they announce (`enqueue`, with the caller's transaction handle), and POSTed to the partner's
 * subscription URL by `OutboxWorker`, signed like partner webhooks (see ./signing.ts).
 *
 * Delivery, one `runOnce`:
 *   1. Claim (short transaction): up to `batch` due messages,
 *        status = 'PENDING' and next_attempt_at <= now  order by id  for update of m skip locked,
 *      joined to their subscription and its signing key. Messages that cannot be sent are marked
 *      FAILED there with last_error, without a request: inactive subscription, signing key
 *      missing, revoked or of another partner, URL refused by the target rule without needing
 *      the network (./webhook-target.ts `parseTarget`: unparsable, not https, credentials, a
 *      literal IP that is not public). The others get
 *      attempts + 1 and a lease, next_attempt_at = now + leaseMs (default 2 × timeoutMs), so no
 *      other worker claims them while they are in flight. Commit.
 *   2. Send, with no transaction open (the embedded database is a single session: never hold a
 *      transaction while waiting on the network): all claimed messages in parallel. Each one
 *      first resolves its host and checks every address again (`resolveTarget`: the DNS answer
 *      may have changed since the subscription — rebinding); a refusal is a failed attempt
 *      without a request (`target refused: …`), retried and finally FAILED like any other.
 *      Then `POST url`, connected to exactly the checked addresses (`postToTarget`), with body `{"id","type","occurredAt","data"}` (id = message id as a string,
 *      type = event_type, occurredAt = created_at ISO-8601, data = payload), headers
 *      `content-type: application/json` and the Standard Webhooks headers (issue 14): `webhook-id`
 *      (the message id), `webhook-timestamp` (unix seconds), `webhook-signature`
 *      (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under the subscription's own secret
 *      `whsec_…`, stored sealed under WEBHOOK_SECRET_KEY: ./secrets.ts), plus
 *      `X-Delivery-Id: <message id>`. The partner's API key still has to be current (a revoked key
 *      stops its subscriptions), but it no longer signs: its hash is in the database. Redirects are not followed (a 3xx is a failed attempt);
 *      timeout `timeoutMs`.
 *   3. Record (short transaction): a row in `outbox_attempt` per request (status code or error,
 *      duration), and the message's outcome:
 *        2xx                 → DELIVERED, delivered_at = now;
 *        other / network / timeout, attempts < maxAttempts
 *                            → stays PENDING, next_attempt_at = now + delay, last_error;
 *        same, attempts >= maxAttempts → FAILED, last_error.
 *      delay = min(maxDelayMs, baseDelayMs × 2^(attempts − 1)) × jitter, jitter = 0.5 + random()
 *      ∈ [0.5, 1.5) ("equal jitter" around the exponential step; the cap applies before the
 *      jitter, so a delay can reach 1.5 × maxDelayMs).
 *      The outcome update is fenced on (status = 'PENDING', attempts = the claimed count): if the
 *      lease ran out and another worker claimed the message meanwhile, the late result only
 *      logs its attempt row.
 *
 * `attempts` counts claims, so a worker that dies mid-send still uses up an attempt and a poison
 * message cannot loop forever; its lease expires and the message is retried. Delivery is
 * therefore at least once: receivers deduplicate on X-Delivery-Id.
 */
import { performance } from 'node:perf_hooks';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { sqlOf } from '../access/audit';
import { Webhook } from 'standardwebhooks';
import { parseSecretKey, DEVELOPMENT_WEBHOOK_SECRET_KEY, WebhookSecretBox, type SubscriptionTable } from './secrets';
import { describeFault } from '../logging';
import { HostResolver, parseTarget, postToTarget, resolveTarget, systemResolver, TargetPolicy, TargetRefused } from './webhook-target';
import type { Row } from '../shared/row';
import { startPolling } from '../shared/polling';

export interface EnqueueInput {
  /** A partner's subscription (partner_subscription) … */
  subscriptionId?: string | number;
  /** … or a charity platform's (platform_subscription, donors module): exactly one of the two. */
  platformSubscriptionId?: string | number;
  eventType: string;
  payload: Record<string, unknown>;
}

/**
 * Writes one outbox message; call it inside the transaction of the change it announces, with
 * that transaction's handle (`sqlOf(em)`), so both commit or neither. Returns the message id.
 */
export async function enqueue(knex: Knex, input: EnqueueInput): Promise<string> {
  const [row] = await knex('outbox_message')
    .insert({ subscription_id: input.subscriptionId ?? null, platform_subscription_id: input.platformSubscriptionId ?? null, event_type: input.eventType, payload: JSON.stringify(input.payload) })
    .returning('id');
  return String(typeof row === 'object' ? row.id : row);
}

export interface OutboxWorkerOptions {
  /** Messages claimed per run (sent in parallel). Default 20. */
  batch?: number;
  /** Attempts before a message is FAILED. Default 8. */
  maxAttempts?: number;
  /** First retry delay before jitter. Default 1 000 ms. */
  baseDelayMs?: number;
  /** Cap of the exponential step (before jitter). Default 15 minutes. */
  maxDelayMs?: number;
  /** Per-request timeout. Default 5 000 ms. */
  timeoutMs?: number;
  /** How long a claim keeps other workers off a message. Default 2 × timeoutMs. */
  leaseMs?: number;
  /** The development switch WEBHOOK_ALLOW_LOOPBACK (src/config.ts): loopback targets allowed. Default false. */
  allowLoopback?: boolean;
  /** How host names are resolved before each delivery. Default: the system resolver. */
  resolver?: HostResolver;
  now?: () => Date;
  /** [0, 1). Default Math.random. */
  random?: () => number;
  log?: (msg: string, data: Record<string, unknown>) => void;
  /** Opens the subscriptions' sealed signing secrets: the app's WEBHOOK_SECRET_KEY. Default: the key in the environment, else the development key. */
  secrets?: WebhookSecretBox;
}

export interface OutboxRunResult {
  delivered: number;
  failed: number;
  retried: number;
}

interface Claim {
  id: string;
  eventType: string;
  payload: unknown;
  createdAt: Date;
  url: string;
  /** The subscription's own signing secret (whsec_…), opened for this send only. */
  signingSecret: string;
  /** attempts after this claim: the fencing token of the outcome update. */
  attempts: number;
}

interface Outcome {
  claim: Claim;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const ERROR_MAX = 500;
const clip = (s: string) => (s.length > ERROR_MAX ? `${s.slice(0, ERROR_MAX - 1)}…` : s);

export class OutboxWorker {
  readonly batch: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly leaseMs: number;
  private readonly targets: TargetPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly log: (msg: string, data: Record<string, unknown>) => void;
  private readonly secrets: WebhookSecretBox;

  constructor(private readonly orm: MikroORM, opts: OutboxWorkerOptions = {}) {
    this.batch = opts.batch ?? 20;
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 15 * 60_000;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.leaseMs = opts.leaseMs ?? this.timeoutMs * 2;
    this.targets = { allowLoopback: opts.allowLoopback ?? false, resolver: opts.resolver ?? systemResolver };
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.log = opts.log ?? (() => undefined);
    this.secrets = opts.secrets ?? new WebhookSecretBox(parseSecretKey(process.env.WEBHOOK_SECRET_KEY ?? DEVELOPMENT_WEBHOOK_SECRET_KEY) ?? DEVELOPMENT_WEBHOOK_SECRET_KEY);
  }

  /** The retry delay after the `attempts`-th failed attempt (1-based). */
  retryDelayMs(attempts: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.floor(step * (0.5 + this.random()));
  }

  /** Claims due messages, sends them, records the outcomes. */
  async runOnce(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { delivered: 0, failed: 0, retried: 0 };
    const claims = await this.claim(result);
    if (claims.length === 0) return result;
    const outcomes = await Promise.all(claims.map((c) => this.send(c)));
    await this.record(outcomes, result);
    return result;
  }

  /** Runs in the background every `intervalMs` (a run is skipped while the last one is busy). */
  start(intervalMs: number): () => Promise<void> {
    return startPolling(intervalMs, () => this.runOnce(), (err) => this.log('outbox run failed', { error: describeFault(err) }));
  }


  private async claim(result: OutboxRunResult): Promise<Claim[]> {
    const now = this.now();
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const knex = sqlOf(tx);
      const { rows } = await knex.raw(
        // A message is for a partner's subscription or (donors module) a charity platform's; the
        // owner is compared with the signing key's owner the same way for both.
        `select m.id, m.event_type, m.payload, m.attempts, m.created_at,
                coalesce(s.url, ps.url) as url, coalesce(s.active, ps.active) as active,
                coalesce('partner:' || s.partner_id, 'platform:' || ps.platform_id) as partner_id,
                coalesce(s.signing_key_id, ps.signing_key_id) as signing_key_id,
                coalesce(s.signing_secret, ps.signing_secret) as signing_secret,
                case when s.id is not null then 'partner_subscription' else 'platform_subscription' end as subscription_table,
                coalesce(s.id, ps.id) as subscription_key,
                coalesce(k.secret_hash, pk.secret_hash) as secret_hash, coalesce(k.revoked_at, pk.revoked_at) as revoked_at,
                coalesce('partner:' || k.partner_id, 'platform:' || pk.platform_id) as key_partner_id
           from outbox_message m
           left join partner_subscription s on s.id = m.subscription_id
           left join partner_api_key k on k.key_id = s.signing_key_id
           left join platform_subscription ps on ps.id = m.platform_subscription_id
           left join charity_platform_api_key pk on pk.key_id = ps.signing_key_id
          where m.status = 'PENDING' and m.next_attempt_at <= ?
          order by m.id
          limit ?
          for update of m skip locked`,
        [now, this.batch],
      );
      const claims: Claim[] = [];
      for (const r of rows) {
        const id = String(r.id);
        const opened = r.signing_secret ? this.secrets.open(String(r.signing_secret), r.subscription_table as SubscriptionTable, String(r.subscription_key)) : null;
        const refusal = refuse(r, this.targets, opened);
        if (refusal) {
          await knex('outbox_message').update({ status: 'FAILED', last_error: clip(refusal) }).where({ id });
          result.failed++;
          this.log('outbox message refused', { id, reason: refusal });
          continue;
        }
        claims.push({
          id,
          eventType: r.event_type,
          payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
          createdAt: new Date(r.created_at),
          url: r.url,
          signingSecret: opened!,
          attempts: Number(r.attempts) + 1,
        });
      }
      if (claims.length) {
        await knex('outbox_message')
          .update({ attempts: knex.raw('attempts + 1'), next_attempt_at: new Date(now.getTime() + this.leaseMs) })
          .whereIn('id', claims.map((c) => c.id));
      }
      return claims;
    });
  }

  private async send(claim: Claim): Promise<Outcome> {
    const at = this.now();
    const body = JSON.stringify({ id: claim.id, type: claim.eventType, occurredAt: claim.createdAt.toISOString(), data: claim.payload });
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const { url, addresses } = await resolveTarget(claim.url, this.targets);
      statusCode = await postToTarget(url, addresses, {
        headers: {
          'content-type': 'application/json',
          // Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp, webhook-signature
          // "v1,<base64 HMAC-SHA256 of id.timestamp.body under the subscription's secret>".
          'webhook-id': claim.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(claim.signingSecret).sign(claim.id, at, body),
          'X-Delivery-Id': claim.id,
        },
        body,
        timeoutMs: this.timeoutMs,
      });
      // 3xx included: a redirect is not followed, so the message was not delivered.
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (err) {
      error = err instanceof TargetRefused ? `target refused: ${err.message}` : describeError(err, this.timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    this.log('outbox attempt', { id: claim.id, attempt: claim.attempts, url: claim.url, statusCode, error, durationMs });
    return { claim, at, statusCode, error: error === null ? null : clip(error), durationMs };
  }

  private async record(outcomes: Outcome[], result: OutboxRunResult): Promise<void> {
    const now = this.now();
    const em = this.orm.em.fork();
    await em.transactional(async (tx) => {
      const knex = sqlOf(tx);
      await knex('outbox_attempt').insert(outcomes.map((o) => ({
        message_id: o.claim.id, at: o.at, status_code: o.statusCode, error: o.error, duration_ms: o.durationMs,
      })));
      for (const o of outcomes) {
        const fence = knex('outbox_message').where({ id: o.claim.id, status: 'PENDING', attempts: o.claim.attempts });
        let kind: keyof OutboxRunResult;
        let changed: number;
        if (o.error === null) {
          kind = 'delivered';
          changed = await fence.update({ status: 'DELIVERED', delivered_at: now, last_error: null });
        } else if (o.claim.attempts >= this.maxAttempts) {
          kind = 'failed';
          changed = await fence.update({ status: 'FAILED', last_error: o.error });
        } else {
          kind = 'retried';
          const next = new Date(now.getTime() + this.retryDelayMs(o.claim.attempts));
          changed = await fence.update({ next_attempt_at: next, last_error: o.error });
        }
        if (changed) result[kind]++;
        else this.log('outbox outcome dropped: lease lost to another worker', { id: o.claim.id, attempt: o.claim.attempts, outcome: kind });
      }
    });
  }
}

/** Why a claimed row cannot be sent, or null. */
function refuse(r: Row, targets: TargetPolicy, openedSecret: string | null): string | null {
  if (!r.active) return 'subscription inactive';
  // Subscriptions from before per-subscription secrets were deactivated by their migration; a row
  // whose secret does not open was sealed under another WEBHOOK_SECRET_KEY (or copied between rows).
  if (!r.signing_secret) return 'subscription has no signing secret: subscribe again to get one';
  if (openedSecret === null) return 'signing secret does not open under WEBHOOK_SECRET_KEY';
  if (!r.secret_hash) return `signing key ${r.signing_key_id} not found`;
  if (r.revoked_at) return `signing key ${r.signing_key_id} revoked`;
  if (String(r.key_partner_id) !== String(r.partner_id)) return `signing key ${r.signing_key_id} belongs to another partner`;
  // Subscriptions are checked when made; this also covers rows from before the rule and a switch
  // that was on then and is off now.
  try {
    parseTarget(r.url, targets);
  } catch (err) {
    if (err instanceof TargetRefused) return err.message;
    throw err;
  }
  return null;
}

function describeError(err: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors (DOMException, TypeError with a cause) may come from another realm.
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (e && typeof e === 'object') {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
    const cause = e.cause && typeof e.cause === 'object' ? `: ${String(e.cause.code ?? e.cause.message)}` : '';
    return `${String(e.message ?? e.name ?? 'error')}${cause}`;
  }
  return String(err);
}
