/**
 * Partner rate limits (issue 15, item 6): RateLimit-* headers on every partner response, 429 with
 * Retry-After and a Chinese or English message on every route, and the buckets pruned so the
 * table never grows without bound. All through HTTP against the real app.
 */
import crypto from 'node:crypto';
import request from 'supertest';
import { departmentToken, gql, partnerApiKey, startApp, TestApp } from '../support/app';
import { partnerKey, sendWebhook, signedRequest } from '../support/partners';
import { Authenticator, RATE_PRUNE_BATCH } from '../../src/access/authenticate';
import { loadConfig } from '../../src/config';

const LIMIT = 3;
let t: TestApp;

beforeAll(async () => {
  t = await startApp({ PARTNER_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
});
afterAll(() => t.close());

const knex = () => t.orm.em.getKnex();
const VIEWER = '{ viewer { kind } }';

/** Seconds left in the database's current minute (the windows follow the database clock). */
async function secondsLeftInMinute(): Promise<number> {
  const { rows } = await knex().raw(`select extract(epoch from (date_trunc('minute', now()) + interval '1 minute' - now()))::float as left`);
  return Number(rows[0].left);
}

/** Waits for a fresh minute if the current one ends within `margin` seconds, so a sequence stays in one window. */
async function roomInWindow(margin = 8): Promise<void> {
  const left = await secondsLeftInMinute();
  if (left < margin) await new Promise((resolve) => setTimeout(resolve, (left + 0.3) * 1000));
}

const rateHeaders = (h: Record<string, string>) => ({
  limit: h['ratelimit-limit'],
  remaining: h['ratelimit-remaining'],
  reset: h['ratelimit-reset'] === undefined ? undefined : Number(h['ratelimit-reset']),
  policy: h['ratelimit-policy'],
});

describe('RateLimit headers and 429 on /graphql', () => {
  it('every partner response says the limit, what remains and when the window resets; the refusal adds Retry-After', async () => {
    const key = await partnerApiKey(t.orm, 'county-trade-union');
    await roomInWindow();
    const seen = [];
    for (let i = 0; i < LIMIT; i++) {
      const r = await request(t.app).post('/graphql').set('x-api-key', key.token).send({ query: VIEWER });
      expect([r.status, r.body.data]).toEqual([200, { viewer: { kind: 'PARTNER' } }]);
      seen.push(rateHeaders(r.headers));
    }
    expect(seen.map((h) => h.remaining)).toEqual(['2', '1', '0']);
    for (const h of seen) {
      expect(h).toEqual({ limit: String(LIMIT), remaining: h.remaining, reset: expect.any(Number), policy: `${LIMIT};w=60` });
      expect(h.reset).toBeGreaterThanOrEqual(1);
      expect(h.reset).toBeLessThanOrEqual(60);
    }

    // Chinese by default, like every other message.
    const refused = await request(t.app).post('/graphql').set('x-api-key', key.token).send({ query: VIEWER });
    expect(refused.status).toBe(429);
    expect(rateHeaders(refused.headers)).toEqual({ limit: String(LIMIT), remaining: '0', reset: expect.any(Number), policy: `${LIMIT};w=60` });
    expect(refused.headers['retry-after']).toBe(refused.headers['ratelimit-reset']);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([{
      message: `请求过于频繁：该 API 密钥每分钟最多可请求 ${LIMIT} 次，请在 ${refused.headers['retry-after']} 秒后重试`,
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers['retry-after']) },
    }]);

    // English with Accept-Language, the code the same.
    const english = await request(t.app).post('/graphql').set('x-api-key', key.token).set('accept-language', 'en-GB,en;q=0.8').send({ query: VIEWER });
    expect(english.status).toBe(429);
    expect(english.body.errors[0]).toMatchObject({ message: expect.stringMatching(/^Too many requests: this API key may make 3 requests a minute; retry in \d+ seconds$/), extensions: { code: 'RATE_LIMITED' } });
  });

  it('staff and anonymous callers are not rate-limited and get no RateLimit headers', async () => {
    const staff = await request(t.app).post('/graphql').set('authorization', `Bearer ${await departmentToken('CIVIL_AFFAIRS')}`).send({ query: VIEWER });
    const anonymous = await request(t.app).post('/graphql').send({ query: VIEWER });
    for (const r of [staff, anonymous]) {
      expect(r.status).toBe(200);
      expect(rateHeaders(r.headers)).toEqual({ limit: undefined, remaining: undefined, reset: undefined, policy: undefined });
    }
  });
});

describe('429 on the other routes', () => {
  it('the signed webhook carries the headers and answers 429 in the caller\'s language past the limit', async () => {
    const key = await partnerKey(t.orm, 'county-power-supply');
    await roomInWindow();
    const body = '户号,账期,减免金额,备注\n';
    const first = await request(t.app).post('/integrations/power').set(signedRequest(key, 'power', body).headers).set('content-type', 'text/csv').send(body);
    expect(first.status).toBe(200);
    expect(rateHeaders(first.headers)).toMatchObject({ limit: String(LIMIT), remaining: '2', policy: `${LIMIT};w=60` });
    for (let i = 1; i < LIMIT; i++) expect((await sendWebhook(t.app, signedRequest(key, 'power', `${body}\n`.repeat(i)), 'text/csv')).status).toBe(200);

    const refused = await request(t.app).post('/integrations/power').set(signedRequest(key, 'power', `${body}\n\n\n\n`).headers).set('content-type', 'text/csv')
      .set('accept-language', 'en').send(`${body}\n\n\n\n`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(refused.headers['ratelimit-reset']);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/^Too many requests/), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.headers['retry-after']) } }]);
  });

  it('a partner key over its limit on the notice page or the roster gets 429, not a 500', async () => {
    const key = await partnerApiKey(t.orm, 'county-youth-league');
    await roomInWindow();
    for (let i = 0; i < LIMIT; i++) await request(t.app).post('/graphql').set('x-api-key', key.token).send({ query: VIEWER });
    const notice = await request(t.app).get('/notices/bm90LWEtbm90aWNl').set('x-api-key', key.token);
    expect([notice.status, notice.body.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(notice.body.errors[0].message).toMatch(/^请求过于频繁/);
    expect(notice.headers['retry-after']).toMatch(/^\d+$/);
    const roster = await request(t.app).get('/allowance-runs/bm90LWEtcnVu.xlsx').set('x-api-key', key.token).set('accept-language', 'en');
    expect([roster.status, roster.body.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(roster.body.errors[0].message).toMatch(/^Too many requests/);
  });
});

describe('bucket pruning', () => {
  // Rows of windows before the current minute: what a prune may delete.
  const staleCount = async () => Number((await knex()('api_rate_bucket').where('window_start', '<', knex().raw(`date_trunc('minute', now())`)).count({ n: '*' }).first())!.n);

  it('keeps one row per key and window, and each new window deletes a bounded batch of past ones until none is left', async () => {
    await roomInWindow(15);
    // 250 stale windows of keys long gone, as months of traffic leave them (earlier test files add theirs).
    const stale = Array.from({ length: 250 }, (_, i) => ({ key_id: `gone${crypto.randomBytes(6).toString('hex')}`, window_start: new Date(Date.now() - (i + 5) * 60_000), count: 7 }));
    await knex()('api_rate_bucket').insert(stale);
    const before = await staleCount();
    expect(before).toBeGreaterThanOrEqual(250);

    // Many requests of one key in one window: one row, no growth per request.
    const busy = await partnerApiKey(t.orm, 'county-charity');
    for (let i = 0; i < LIMIT + 2; i++) await request(t.app).post('/graphql').set('x-api-key', busy.token).send({ query: VIEWER });
    expect(await knex()('api_rate_bucket').where({ key_id: busy.keyId }).select('count')).toEqual([{ count: LIMIT + 2 }]);
    // That key's first request opened a window and pruned one batch.
    expect(await staleCount()).toBe(before - RATE_PRUNE_BATCH);

    // Each further new window (here: new keys) prunes another batch, until nothing stale is left.
    const rounds = Math.ceil((before - RATE_PRUNE_BATCH) / RATE_PRUNE_BATCH);
    for (let i = 0; i < rounds; i++) {
      const key = await partnerApiKey(t.orm, 'county-charity');
      expect((await gql(t.app, VIEWER, {}, { apiKey: key.token })).status).toBe(200);
    }
    expect(await staleCount()).toBe(0);
    expect(Number((await knex()('api_rate_bucket').whereIn('key_id', stale.map((x) => x.key_id)).count({ n: '*' }).first())!.n)).toBe(0);
    // What is left: this minute's windows, one per key that called in it.
    const current = await knex()('api_rate_bucket').select('key_id').count({ n: '*' }).groupBy('key_id');
    expect(current.every((row: any) => Number(row.n) === 1)).toBe(true);
  });
});

describe('the count commits without waiting for its WAL flush, and only the count', () => {
  it('a counted request leaves synchronous_commit on for every later statement, and inside a caller\'s transaction counts under its durability', async () => {
    const auth = new Authenticator(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: process.env.TEST_DB_URL, PARTNER_RATE_LIMIT_PER_MINUTE: '6' }));
    const key = await partnerApiKey(t.orm, 'county-trade-union');
    const settings: string[] = [];
    for (let i = 0; i < 6; i++) {
      await auth.countRequest(knex(), `${key.keyId}x`);
      settings.push((await knex().raw('show synchronous_commit')).rows[0].synchronous_commit);
    }
    expect(settings).toEqual(Array(6).fill('on'));
    await knex().transaction(async (trx) => {
      const state = await auth.countRequest(trx, `${key.keyId}y`);
      expect(state.remaining).toBe(5);
      expect((await trx.raw('show synchronous_commit')).rows[0].synchronous_commit).toBe('on');
    });
    // Counted all the same: the seventh request of the first key id is over its limit of 6.
    await expect(auth.countRequest(knex(), `${key.keyId}x`)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(await knex()('api_rate_bucket').where({ key_id: `${key.keyId}x` }).select('count')).toEqual([{ count: 7 }]);
  });
});

describe('the key lookup counts in the same statement (issue 10)', () => {
  it('a wrong secret, a revoked key and an unknown key id are refused and not counted; an accepted key costs one statement for lookup and count', async () => {
    const key = await partnerApiKey(t.orm, 'county-trade-union');
    await roomInWindow();
    const count = async () => Number((await knex()('api_rate_bucket').where({ key_id: key.keyId }).sum({ n: 'count' }).first())?.n ?? 0);
    const viewer = (token: string) => request(t.app).post('/graphql').set('x-api-key', token).send({ query: VIEWER });
    expect((await viewer(key.token)).status).toBe(200); // the first of the window (it also prunes) and the last use
    expect(await count()).toBe(1);

    const wrong = `${key.keyId}.${crypto.randomBytes(24).toString('base64url')}`;
    expect((await viewer(wrong)).status).toBe(401);
    expect((await viewer(`nokey${crypto.randomBytes(4).toString('hex')}.${crypto.randomBytes(24).toString('base64url')}`)).status).toBe(401);
    expect(await count()).toBe(1);

    const seen: string[] = [];
    const listener = (q: { sql: string }) => seen.push(q.sql);
    knex().client.on('query', listener);
    try {
      expect((await viewer(key.token)).status).toBe(200);
    } finally {
      knex().client.removeListener('query', listener);
    }
    expect(await count()).toBe(2);
    expect(seen.filter((sql) => /api_rate_bucket|partner_api_key/.test(sql))).toHaveLength(1);

    await knex()('partner_api_key').where({ key_id: key.keyId }).update({ revoked_at: knex().fn.now() });
    expect((await viewer(key.token)).status).toBe(401);
    expect(await count()).toBe(2);
  });
});
