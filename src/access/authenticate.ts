import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createRemoteJWKSet, jwtVerify, JWTPayload } from 'jose';
import { GraphQLError } from 'graphql';
import { Config } from '../config';
import { Lang, message } from '../shared/i18n';
import { ANONYMOUS, isDepartmentCode, Principal } from '../shared/principal';
import { runPrepared } from '../db/prepared';
import { hashSecret, resolveJwtSecret, TOKEN_ISSUER_DEFAULT } from './tokens';

/** How fresh an API key's `last_used_at` is kept: to the minute. */
const LAST_USE_RESOLUTION_MS = 60_000;

/** An API key's row as the key lookups read it, with the request count of the same statement (null when not counted). */
interface KeyRow {
  id: string | number;
  secret_hash: string;
  revoked_at: Date | null;
  last_used_at?: Date | null;
  scopes: string[] | null;
  name: string;
  code: string;
  /** Whose key it is: a partner's or (donors module, issue 12) a charity platform's, and its id. */
  owner_kind: 'PARTNER' | 'CHARITY_PLATFORM';
  owner_id: string | number;
  count: string | number | null;
  left: number | null;
}

/** Outside a caller's transaction a count may commit without waiting for its WAL flush (countRequest says why). */
function isQuick(knex: unknown): boolean {
  return !(knex as { isTransaction?: boolean }).isTransaction;
}

/**
 * One more request of the key (the first `?`) in its current window, returning the count and the
 * seconds left in the window: for every row of `from` (none: one request) that meets `where`.
 */
function bucketInsertSql(quick: boolean, from?: string, where?: string): string {
  const sources = [from, quick ? `(select set_config('synchronous_commit', 'off', true)) as unflushed` : undefined].filter(Boolean);
  return `insert into api_rate_bucket (key_id, window_start, count)
       select ?, date_trunc('minute', now()), 1 ${sources.length ? `from ${sources.join(', ')}` : ''} ${where ? `where ${where}` : ''}
       on conflict (key_id, window_start) do update set count = api_rate_bucket.count + 1
       returning count, ceil(extract(epoch from (date_trunc('minute', now()) + interval '1 minute' - now())))::int as left`;
}

/** Partner keys are counted in fixed one-minute windows (`api_rate_bucket`, one row per key and window). */
export const RATE_WINDOW_SECONDS = 60;

/**
 * Stale windows deleted, at most, each time some key opens a new window. Every new row comes with
 * up to this many deletions of rows from past minutes, so the table holds the keys active in the
 * current minute plus a backlog that shrinks by up to 100 with each new row: it cannot grow
 * without bound, and the cost is one small statement per key per minute, never a table scan per
 * request.
 */
export const RATE_PRUNE_BATCH = 100;

/** A partner key's standing in its current window, as the RateLimit-* headers report it. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again (at least 1). */
  resetSeconds: number;
}

/**
 * Response headers of a partner call: the three fields of the IETF httpapi rate-limit headers
 * draft (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset in delta seconds) and its policy
 * field (`<limit>;w=<window seconds>`).
 */
export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(s.limit),
    'RateLimit-Remaining': String(s.remaining),
    'RateLimit-Reset': String(s.resetSeconds),
    'RateLimit-Policy': `${s.limit};w=${RATE_WINDOW_SECONDS}`,
  };
}

/** The RATE_LIMITED message in the caller's language (i18n.ts). */
export function rateLimitMessage(lang: Lang, s: RateLimitState): string {
  return message(lang, 'RATE_LIMITED', { limit: s.limit, seconds: s.resetSeconds });
}

/**
 * Too many requests for one partner key in the current minute: HTTP 429 with Retry-After and the
 * RateLimit-* headers, on /graphql through extensions.http; the Express routes send the same
 * (src/app.ts).
 */
export class RateLimitedError extends GraphQLError {
  readonly retryAfterSeconds: number;
  constructor(readonly state: RateLimitState, lang: Lang = 'zh') {
    const headers = new Map([...Object.entries(rateLimitHeaders(state)), ['Retry-After', String(state.resetSeconds)]]);
    super(rateLimitMessage(lang, state), {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: state.resetSeconds, http: { status: 429, headers } },
    });
    this.retryAfterSeconds = state.resetSeconds;
  }
}

/** What a request presents; `onRateLimit` hears a partner key's standing so the response can carry it. */
export interface Credentials {
  authorization?: string;
  apiKey?: string;
  /** Language of a refusal's message (Accept-Language). */
  lang?: Lang;
  onRateLimit?: (state: RateLimitState) => void;
}

export class AuthenticationError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/**
 * Turns request credentials into a principal. No credentials → anonymous; bad credentials → 401
 * (never a silent downgrade to anonymous). Staff: `Authorization: Bearer <JWT>` (HS256 with
 * JWT_SECRET, or RS256 via the county IdP's JWKS). Partners: `X-Api-Key: <keyId>.<secret>`.
 */
export class Authenticator {
  private readonly townshipIds = new Map<string, string>();
  private readonly verify: (token: string) => Promise<JWTPayload>;
  private readonly partnerLimit: number;

  constructor(config: Config) {
    this.partnerLimit = config.partnerRateLimitPerMinute;
    const options = { issuer: config.jwt.issuer ?? (config.jwt.jwksUrl ? undefined : TOKEN_ISSUER_DEFAULT), audience: config.jwt.audience };
    if (config.jwt.jwksUrl) {
      const jwks = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
      const rs256 = { ...options, algorithms: ['RS256'] };
      this.verify = async (t) => (await jwtVerify(t, jwks, rs256)).payload;
    } else {
      const secret = resolveJwtSecret(config);
      if (!secret) throw new Error('No JWT secret configured');
      // A KeyObject made once: given the secret's bytes, jose makes a new one on every verify.
      const key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
      const hs256 = { ...options, algorithms: ['HS256'] };
      this.verify = async (t) => (await jwtVerify(t, key, hs256)).payload;
    }
  }

  async authenticate(em: EntityManager, headers: Credentials): Promise<Principal> {
    if (headers.apiKey) return this.partner(em, headers.apiKey, headers);
    if (!headers.authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization);
    if (!match) throw new AuthenticationError('Authorization must be "Bearer <token>"');
    let claims: JWTPayload;
    try {
      claims = await this.verify(match[1]);
    } catch {
      throw new AuthenticationError('Invalid or expired token');
    }
    const sub = typeof claims.sub === 'string' ? claims.sub.slice(0, 60) : '';
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 60) : sub;
    if (!sub) throw new AuthenticationError('Token has no subject');
    if (typeof claims.department === 'string' && isDepartmentCode(claims.department)) {
      return { kind: 'DEPARTMENT', role: claims.department, department: claims.department, actor: `department:${claims.department}:${sub}`, name };
    }
    if (typeof claims.township === 'string') {
      const townshipId = await this.townshipId(em, claims.township);
      if (!townshipId) throw new AuthenticationError('Token names an unknown township');
      return { kind: 'TOWNSHIP', role: 'TOWNSHIP', townshipId, townshipCode: claims.township, actor: `township:${claims.township}:${sub}`, name };
    }
    throw new AuthenticationError('Token names neither a department nor a township');
  }

  /** Township codes never change, so the code → id lookup is cached for the process. */
  private async townshipId(em: EntityManager, code: string): Promise<string | undefined> {
    if (!this.townshipIds.has(code)) {
      const row = await em.getKnex()('township').select('id').where({ code }).first();
      if (!row) return undefined;
      this.townshipIds.set(code, String(row.id));
    }
    return this.townshipIds.get(code);
  }

  /**
   * One more request in this key's current one-minute window, counted in PostgreSQL (its clock) so
   * every API process shares the count. Over the limit → 429 until the window ends. The first
   * request of a window also deletes a bounded batch of past windows (of any key): see
   * RATE_PRUNE_BATCH. `skip locked` keeps concurrent prunes from waiting on each other.
   *
   * Outside a transaction the count commits without waiting for its WAL flush (synchronous_commit
   * off for that statement's own transaction only, set inside it): every request of a key updates
   * the same bucket row, so each waited for the previous request's flush and a busy key's requests
   * went one flush at a time (issue 10: a partner's needs list at half PostGraphile's rate). A
   * crash may lose the last fraction of a second of counts — a few requests more that minute, no
   * data. Inside a caller's transaction the caller's durability stands: counted as before.
   */
  async countRequest(knex: ReturnType<EntityManager['getKnex']>, keyId: string, opts: Pick<Credentials, 'lang' | 'onRateLimit'> = {}): Promise<RateLimitState> {
    const { rows } = await knex.raw(bucketInsertSql(isQuick(knex)), [keyId]);
    return this.applyCount(knex, { count: Number(rows[0].count), left: Number(rows[0].left) }, opts);
  }

  /** After a key's request was counted: the first of a window prunes past windows; over the limit → 429. */
  private async applyCount(knex: ReturnType<EntityManager['getKnex']>, counted: { count: number; left: number }, opts: Pick<Credentials, 'lang' | 'onRateLimit'>): Promise<RateLimitState> {
    const { count, left } = counted;
    if (count === 1) {
      await knex.raw(
        `delete from api_rate_bucket where (key_id, window_start) in (
           select key_id, window_start from api_rate_bucket where window_start < date_trunc('minute', now())
           limit ? for update skip locked)`,
        [RATE_PRUNE_BATCH],
      );
    }
    const state: RateLimitState = { limit: this.partnerLimit, remaining: Math.max(0, this.partnerLimit - count), resetSeconds: Math.max(1, left) };
    if (count > this.partnerLimit) throw new RateLimitedError(state, opts.lang);
    opts.onRateLimit?.(state);
    return state;
  }

  /** The partner principal of a signed webhook (the signature already verified the key). */
  async partnerByKeyId(em: EntityManager, keyId: string, opts: Pick<Credentials, 'lang' | 'onRateLimit'> = {}): Promise<Principal> {
    const knex = em.getKnex();
    const row = await knex('partner_api_key as k').join('partner_organisation as o', 'o.id', 'k.partner_id')
      .select('k.id', 'k.revoked_at', 'k.last_used_at', 'k.scopes', 'o.id as partner_id', 'o.name', 'o.code').where('k.key_id', keyId).first();
    if (!row || row.revoked_at) throw new AuthenticationError('Unknown or revoked API key');
    await this.noteLastUse(knex, 'partner_api_key', row);
    await this.countRequest(knex, keyId, opts);
    return { kind: 'PARTNER', role: 'PARTNER', partnerId: String(row.partner_id), apiKeyId: String(row.id), scopes: row.scopes ?? [], actor: `partner:${row.code}:${keyId}`, name: row.name };
  }

  private async partner(em: EntityManager, token: string, opts: Pick<Credentials, 'lang' | 'onRateLimit'>): Promise<Principal> {
    const [keyId, secret] = token.split('.');
    if (!keyId || !secret || keyId.length > 32 || secret.length > 100) throw new AuthenticationError('Malformed API key');
    const knex = em.getKnex();
    const found = await this.lookUpAndCount(knex, keyId, secret);
    const row = await this.useKey(knex, found?.owner_kind === 'CHARITY_PLATFORM' ? 'charity_platform_api_key' : 'partner_api_key', found, secret, opts);
    if (row.owner_kind === 'CHARITY_PLATFORM') {
      return {
        kind: 'CHARITY_PLATFORM', role: 'CHARITY_PLATFORM', platformId: String(row.owner_id), apiKeyId: String(row.id), scopes: row.scopes ?? [],
        actor: `platform:${row.code}:${keyId}`, name: row.name,
      };
    }
    return { kind: 'PARTNER', role: 'PARTNER', partnerId: String(row.owner_id), apiKeyId: String(row.id), scopes: row.scopes ?? [], actor: `partner:${row.code}:${keyId}`, name: row.name };
  }

  /**
   * A key's row by its id — a partner's key (partner_api_key) or a charity platform's
   * (charity_platform_api_key, donors module, issue 12; a partner's first should an id be both) —
   * and, in the same statement, its request counted when the secret's hash matches and the key is
   * not revoked (issue 10: one round trip on every keyed request, where the lookup, the count and
   * a platform's second lookup had been three). The hash comparison in SQL only decides whether to
   * count; useKey still compares in constant time and refuses. Nothing is counted for a wrong
   * secret, an unknown or a revoked key, as before.
   */
  private async lookUpAndCount(knex: ReturnType<EntityManager['getKnex']>, keyId: string, secret: string): Promise<KeyRow | undefined> {
    const rows = await runPrepared<KeyRow>(knex.raw(
      `with k as (
              select * from (
                select 1 as precedence, 'PARTNER' as owner_kind, k.id, k.secret_hash, k.revoked_at, k.last_used_at, k.scopes, o.id as owner_id, o.name, o.code
                  from partner_api_key k join partner_organisation o on o.id = k.partner_id where k.key_id = ?
                union all
                select 2, 'CHARITY_PLATFORM', k.id, k.secret_hash, k.revoked_at, k.last_used_at, k.scopes, c.id, c.name, c.code
                  from charity_platform_api_key k join charity_platform c on c.id = k.platform_id where k.key_id = ?
              ) found order by precedence limit 1),
            counted as (${bucketInsertSql(isQuick(knex), 'k', 'k.secret_hash = ? and k.revoked_at is null')})
       select k.*, c.count, c.left from k left join counted c on true`,
      [keyId, keyId, keyId, hashSecret(secret)],
    ));
    return rows[0];
  }

  /**
   * The one check of an API key's secret, for partners' and charity platforms' keys alike: the
   * hash compared in constant time (a zero hash when the key id is unknown, so an unknown id costs
   * the same), revoked keys refused, the last use written, the request counted for the rate limit
   * (by lookUpAndCount's statement). The last use is kept to the minute (LAST_USE_RESOLUTION_MS): a
   * key in steady use writes its row once a minute, not on every request — every request's write of
   * the same row made concurrent requests of one key wait on its lock and on a commit each (issue 10).
   */
  private async useKey(
    knex: ReturnType<EntityManager['getKnex']>, table: 'partner_api_key' | 'charity_platform_api_key', row: KeyRow | undefined, secret: string,
    opts: Pick<Credentials, 'lang' | 'onRateLimit'>,
  ): Promise<KeyRow> {
    const expected = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex');
    const ok = crypto.timingSafeEqual(expected, Buffer.from(hashSecret(secret), 'hex'));
    if (!row || !ok || row.revoked_at) throw new AuthenticationError('Unknown or revoked API key');
    if (row.count == null) throw new Error('an accepted API key was not counted'); // the statement's condition is the check above
    await this.noteLastUse(knex, table, row);
    await this.applyCount(knex, { count: Number(row.count), left: Number(row.left) }, opts);
    return row;
  }

  /** A key's last use, kept to the minute (LAST_USE_RESOLUTION_MS), for the bearer and the signed-webhook paths alike. */
  private async noteLastUse(knex: ReturnType<EntityManager['getKnex']>, table: 'partner_api_key' | 'charity_platform_api_key', row: { id: string | number; last_used_at?: Date | null }): Promise<void> {
    const lastUse = row.last_used_at ? new Date(row.last_used_at).getTime() : null;
    if (lastUse !== null && Math.abs(Date.now() - lastUse) < LAST_USE_RESOLUTION_MS) return;
    // The database's clock decides, so API processes whose clocks differ write no more often.
    await knex(table).update({ last_used_at: knex.fn.now() }).where('id', row.id)
      .andWhere((q) => q.whereNull('last_used_at').orWhereRaw(`last_used_at < now() - interval '${LAST_USE_RESOLUTION_MS / 1000} seconds'`));
  }
}
