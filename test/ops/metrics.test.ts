/**
 * Metrics (issue 15, item 3): /metrics is scraped after an e2e flow through the real app and
 * database, and each series is there with values that fit what the flow did: requests by
 * operation name and outcome, error and userError codes, a rate-limit refusal, an audit-write
 * failure, the pool, the outbox, the lag of each domain-event consumer. Operation names (chosen
 * by clients) cannot grow the label set without bound. The database gauges are read at scrape
 * time with a timeout. In production /metrics answers only with METRICS_TOKEN or from
 * METRICS_ALLOW_FROM.
 */
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { domainEvents } from '../../src/events/domain-events';
import { PLANNER, registerConsumers } from '../../src/events/subscribers';
import { MAX_OPERATION_NAMES } from '../../src/metrics';
import { partnerApiKey, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, TestTownship } from '../support/fixtures';

let t: TestApp;
let township: TestTownship;
let token: string;
let auditFaultToken: string;

beforeAll(async () => {
  t = await startApp({ PARTNER_RATE_LIMIT_PER_MINUTE: '2' });
  registerConsumers();
  township = await newTownship(t.orm);
  token = await townshipToken(township.code, 'metrics-caseworker');
  auditFaultToken = await townshipToken(township.code, 'metrics-audit-fault');
  // The audit of unmasked reads fails for this one caller (as in test/graphql/faults.test.ts).
  await t.owner.em.getKnex().raw(`
    create or replace function test_metrics_audit_fault() returns trigger language plpgsql as $$
    begin
      if new.action = 'READ_UNMASKED_ID_NUMBER' and new.actor like '%metrics-audit-fault%' then raise exception 'audit refused' using errcode = '53100'; end if;
      return new;
    end $$;
    drop trigger if exists test_metrics_audit_fault on audit_event;
    create trigger test_metrics_audit_fault before insert on audit_event for each row execute function test_metrics_audit_fault();`);
});
afterAll(async () => {
  await t.owner.em.getKnex().raw('drop trigger if exists test_metrics_audit_fault on audit_event; drop function if exists test_metrics_audit_fault();');
  await t.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The one value of `name` whose labels include `labels`; undefined when there is none. */
function value(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)}: ${found.length} series`);
  return found[0]?.value;
}

async function scrape(app: Express = t.app): Promise<Sample[]> {
  const res = await request(app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return samples(res.text);
}

async function named(query: string, variables: Record<string, unknown> = {}, as: { token?: string; apiKey?: string } = {}) {
  const operationName = /^(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const req = request(t.app).post('/graphql').set('content-type', 'application/json');
  if (as.token) req.set('authorization', `Bearer ${as.token}`);
  if (as.apiKey) req.set('x-api-key', as.apiKey);
  return req.send({ query, variables, operationName });
}

const REGISTER = `mutation RegisterForMetrics($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { household { id version } userErrors { code } } }`;
const READ = `query ReadForMetrics { households(first: 5) { nodes { id members { name idNumber } } } }`;
const UPDATE = `mutation UpdateForMetrics($i: UpdateHouseholdInput!) { updateHousehold(input: $i) { household { version } userErrors { code } } }`;

describe('after an e2e flow', () => {
  let householdId: string;

  beforeAll(async () => {
    const first = member();
    const r = await named(REGISTER, { i: householdInput(township, [first]) }, { token });
    expect(r.body.data.registerHousehold.userErrors).toEqual([]);
    householdId = r.body.data.registerHousehold.household.id;
    // The same person again: a userError.
    const again = await named(REGISTER, { i: householdInput(township, [member({ idNumber: first.idNumber })]) }, { token });
    expect(again.body.data.registerHousehold.userErrors.map((e: { code: string }) => e.code)).toEqual(['ID_NUMBER_ALREADY_REGISTERED']);
    expect((await named(READ, {}, { token })).status).toBe(200);
    // A bad token: 401 UNAUTHENTICATED before anything runs.
    expect((await named(`query WhoAmI { __typename }`, {}, { token: 'not-a-token' })).status).toBe(401);
    // A partner key over its limit (2 a minute here): the third call is refused.
    const partner = await partnerApiKey(t.orm);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await named(`query PartnerPing { __typename }`, {}, { apiKey: partner.token })).status);
    expect(statuses).toEqual([200, 200, 429]);
    // The audit of an unmasked read fails: the data is withheld (503).
    expect((await named(READ, {}, { token: auditFaultToken })).status).toBe(503);
    // A profile change of a household in hardship is an event for the planner.
    await confirm(t.orm, householdId);
    const version = r.body.data.registerHousehold.household.version;
    const u = await named(UPDATE, { i: { household: householdId, version, address: '指标路2号' } }, { token });
    expect(u.body.data.updateHousehold.userErrors).toEqual([]);
  });

  it('counts requests by operation name and outcome, errors and userErrors by code, refusals and audit failures', async () => {
    const m = await scrape();
    const count = (operation: string, outcome: string) => value(m, 'graphql_request_duration_seconds_count', { operation, outcome });
    expect(count('RegisterForMetrics', 'ok')).toBe(1);
    expect(count('RegisterForMetrics', 'rejected')).toBe(1);
    expect(count('ReadForMetrics', 'ok')).toBe(1);
    expect(count('ReadForMetrics', 'server_error')).toBe(1);
    expect(count('WhoAmI', 'client_error')).toBe(1);
    expect(count('PartnerPing', 'ok')).toBe(2);
    expect(count('PartnerPing', 'client_error')).toBe(1);
    expect(count('UpdateForMetrics', 'ok')).toBe(1);
    expect(value(m, 'graphql_request_duration_seconds_sum', { operation: 'RegisterForMetrics', outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(m, 'api_errors_total', { route: '/graphql', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(value(m, 'api_errors_total', { route: '/graphql', code: 'RATE_LIMITED' })).toBe(1);
    expect(value(m, 'api_errors_total', { route: '/graphql', code: 'SERVICE_UNAVAILABLE' })).toBe(1);
    expect(value(m, 'graphql_user_errors_total', { code: 'ID_NUMBER_ALREADY_REGISTERED' })).toBe(1);
    expect(value(m, 'rate_limit_refusals_total', { route: '/graphql' })).toBe(1);
    expect(value(m, 'audit_write_failures_total', { kind: 'unmasked_read' })).toBe(1);
    expect(value(m, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '429' })).toBe(1);
    // The process defaults are there too.
    expect(value(m, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('reports the pool: a connection held open is in use', async () => {
    const held = await t.orm.em.getKnex().transaction();
    try {
      await held.raw('select 1');
      const m = await scrape();
      const inUse = value(m, 'db_pool_connections_in_use')!;
      const idle = value(m, 'db_pool_connections_idle')!;
      expect(inUse).toBeGreaterThanOrEqual(1);
      expect(idle).toBeGreaterThanOrEqual(0);
      expect(value(m, 'db_pool_acquires_waiting')).toBeGreaterThanOrEqual(0);
      expect(value(m, 'db_pool_connections_max')).toBeGreaterThanOrEqual(inUse + idle);
    } finally {
      await held.rollback();
    }
  });

  it('reports the outbox backlog and the oldest undelivered message, read at scrape time', async () => {
    const m = await scrape();
    const pending = Number((await t.owner.em.getKnex()('outbox_message').where({ status: 'PENDING' }).count({ n: '*' }).first())!.n);
    expect(value(m, 'metrics_database_collect_success')).toBe(1);
    expect(value(m, 'outbox_backlog_messages')).toBe(pending);
    expect(value(m, 'outbox_failed_messages')).toBeGreaterThanOrEqual(0);
    const oldest = value(m, 'outbox_oldest_pending_age_seconds')!;
    expect(oldest).toBeGreaterThanOrEqual(0);
    if (pending === 0) expect(oldest).toBe(0);
  });

  it('reports the lag of each consumer: the planner behind by the profile change, then caught up', async () => {
    const before = await scrape();
    expect(value(before, 'domain_event_consumer_lag_events', { consumer: PLANNER })).toBeGreaterThanOrEqual(1);
    expect(value(before, 'domain_event_consumer_lag_seconds', { consumer: PLANNER })).toBeGreaterThanOrEqual(0);
    // One series per consumer subscribed in the process.
    expect(before.filter((s) => s.name === 'domain_event_consumer_lag_events').map((s) => s.labels.consumer).sort()).toEqual(domainEvents.subscribed().map((c) => c.name).sort());
    await domainEvents.deliverPending(t.orm, 100_000);
    const after = await scrape();
    expect(value(after, 'domain_event_consumer_lag_events', { consumer: PLANNER })).toBe(0);
    expect(value(after, 'domain_event_consumer_lag_seconds', { consumer: PLANNER })).toBe(0);
  });

  it('a database that does not answer in time: the scrape still answers, saying the database gauges failed', async () => {
    const owner = t.owner.em.getKnex();
    const lock = await owner.transaction();
    try {
      await lock.raw('lock table outbox_message in access exclusive mode');
      const started = Date.now();
      const m = await scrape();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(value(m, 'metrics_database_collect_success')).toBe(0);
      expect(value(m, 'db_pool_connections_max')).toBeGreaterThan(0);
    } finally {
      await lock.rollback();
    }
    expect(value(await scrape(), 'metrics_database_collect_success')).toBe(1);
  });
});

describe('operation names are a bounded label', () => {
  it(`keeps at most ${MAX_OPERATION_NAMES} names; the others count as "other"`, async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 20; i++) {
      expect((await named(`query Flood${i} { __typename }`)).status).toBe(200);
    }
    const m = await scrape();
    const operations = new Set(m.filter((s) => s.name === 'graphql_request_duration_seconds_count').map((s) => s.labels.operation));
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2); // + anonymous, other
    expect(operations.has('other')).toBe(true);
    expect(value(m, 'graphql_request_duration_seconds_count', { operation: 'other', outcome: 'ok' })).toBeGreaterThanOrEqual(20);
    // Names kept before stay counted under their name.
    expect(operations.has('RegisterForMetrics')).toBe(true);
  });
});

describe('who may read /metrics', () => {
  const apps: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const a of apps) await a.stop();
  });
  const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijkl';
  async function appWith(env: Record<string, string>) {
    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: process.env.TEST_DB_URL, ...env });
    const a = await createApp(config, t.orm, { logger: createLogger('silent') });
    apps.push(a);
    return a.app;
  }

  it('production without METRICS_TOKEN or METRICS_ALLOW_FROM: closed (403), in Chinese or English', async () => {
    const app = await appWith({});
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.body.errors[0].message).toMatch(/METRICS_TOKEN/);
    expect(res.text).not.toMatch(/process_cpu|graphql_request/);
    const en = await request(app).get('/metrics').set('accept-language', 'en');
    expect(en.body.errors[0].message).toBe('Metrics are closed in production: configure METRICS_TOKEN or METRICS_ALLOW_FROM');
  });

  it('production with METRICS_TOKEN: 401 without it or with another, 200 with it', async () => {
    const app = await appWith({ METRICS_TOKEN });
    const none = await request(app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await request(app).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await request(app).get('/metrics').set('authorization', METRICS_TOKEN)).status).toBe(401);
    const ok = await request(app).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(value(samples(ok.text), 'db_pool_connections_max')).toBeGreaterThan(0);
  });

  it('production with METRICS_ALLOW_FROM: peers in the networks without a token; others refused', async () => {
    const loopback = await appWith({ METRICS_ALLOW_FROM: '127.0.0.1, ::1' });
    expect((await request(loopback).get('/metrics')).status).toBe(200);
    // Not the peer's network: X-Forwarded-For does not help, even behind a trusted proxy.
    const other = await appWith({ METRICS_ALLOW_FROM: '10.0.0.0/8', TRUST_PROXY: 'true' });
    const refused = await request(other).get('/metrics').set('x-forwarded-for', '10.1.2.3');
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].message).toMatch(/METRICS_ALLOW_FROM/);
    // Either rule opens it.
    const both = await appWith({ METRICS_ALLOW_FROM: '10.0.0.0/8', METRICS_TOKEN });
    expect((await request(both).get('/metrics')).status).toBe(401);
    expect((await request(both).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  it('bad settings stop the start with one line each, never echoing the value', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: process.env.TEST_DB_URL, ...env });
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    const short = attempt({ METRICS_TOKEN: 'short-secret' });
    expect(short).toContain('METRICS_TOKEN: must be at least 32 characters');
    expect(short).not.toContain('short-secret');
    expect(attempt({ METRICS_ALLOW_FROM: '10.0.0.0/8, intranet' })).toContain('METRICS_ALLOW_FROM: must be comma-separated IP addresses or CIDRs');
    expect(attempt({ METRICS_ALLOW_FROM: '10' })).toContain('METRICS_ALLOW_FROM:');
    expect(attempt({ METRICS_ALLOW_FROM: '10.0.0.0/8,fd00::/8, 192.168.1.5' })).toBe('accepted');
  });
});
