/**
 * Access log, request id and redaction (issue 15, item 2), on the real app and database.
 *
 * A realistic flow runs with a captured logger (and the console captured too): a township
 * registers a household of invented people, reads it back with its members (unmasked id numbers:
 * an audited read), a mutation is refused with a userError, an internal error and a database
 * fault are provoked by a trigger whose message names the person, the household goes through the
 * identification workflow (R8–R10), the county runs its monthly allowance and downloads the
 * roster (R17), a partner calls the signed webhook, the notice page is asked for. Then:
 *   - every response carries X-Request-Id: the client's when well-formed, else a new UUID;
 *   - each request has exactly one access line with method, route pattern, status, duration,
 *     operation, principal kind and role (nothing else of who), error codes;
 *   - every log line of a request and every audit row it wrote carry that id;
 *   - no name, id number, phone, address, token, key or SQL appears in any captured line;
 *   - no query was issued on a pg client while it was running another (the pg@9 deprecation).
 */
import { Writable } from 'node:stream';
import { Client } from 'pg';
import request from 'supertest';
import { createLogger } from '../../src/logging';
import { registerConsumers } from '../../src/events/subscribers';
import { toGlobalId } from '../../src/graphql/relay';
import { countyToday } from '../../src/shared/county-calendar';
import { departmentToken, idNumber, startApp, TestApp, TestClock, townshipToken } from '../support/app';
import { deliverAllEvents } from '../support/events';
import { confirm, HOUSEHOLD_FIELDS, householdInput, member, newTownship, TestTownship } from '../support/fixtures';
import { confirmThroughWorkflow } from '../support/workflow';
import { partnerKey, signedRequest } from '../support/partners';
import { failInsertsOfPeople } from '../support/faults';

/**
 * pg's own condition for "Calling client.query() when the client is already executing a query"
 * (pg/lib/client.js): a query is issued while others wait in that client's queue. Each such call
 * is recorded with where it came from.
 */
const concurrentQueries: string[] = [];
const originalQuery = Client.prototype.query;
beforeAll(() => {
  Client.prototype.query = function (this: Client & { _queryQueue?: unknown[]; pipeline?: boolean }, ...args: unknown[]) {
    if ((this._queryQueue?.length ?? 0) > 0 && !this.pipeline) {
      concurrentQueries.push((new Error().stack ?? '').split('\n').filter((l) => l.includes('/src/')).slice(0, 3).join(' | '));
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
});
afterAll(() => {
  Client.prototype.query = originalQuery;
});

const lines: string[] = [];
const consoleLines: string[] = [];
let t: TestApp;
let removeFaults: () => Promise<void>;
let township: TestTownship;
let townshipBearer: string;
let civilBearer: string;
let financeBearer: string;
const clock = new TestClock();

/** The invented people of this test: everything here must stay out of the logs. */
const people = {
  head: { name: '访问日志王五', idNumber: idNumber('1971-03-09') },
  spouse: { name: '访问日志钱七', idNumber: idNumber('1974-11-21', 'FEMALE') },
  faulty: { name: '访问日志赵六', idNumber: idNumber('1966-06-06') },
  unavailable: { name: '访问日志孙八', idNumber: idNumber('1969-09-09') },
};
const address = '观测路66号保密小区3栋';
const phone = '13987654321';
const secrets = () => [
  ...Object.values(people).flatMap((p) => [p.name, p.name.slice(4), p.idNumber, p.idNumber.slice(6, 14)]),
  address, '观测路66号', '保密小区', phone, townshipBearer, civilBearer, financeBearer,
];

beforeAll(async () => {
  const logger = createLogger('info', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
  t = await startApp({}, { logger, clock });
  township = await newTownship(t.orm);
  townshipBearer = await townshipToken(township.code, 'access-log-caseworker');
  civilBearer = await departmentToken('CIVIL_AFFAIRS', 'access-log-civil');
  financeBearer = await departmentToken('FINANCE', 'access-log-finance');
  registerConsumers();
  // An insert of 赵六 fails with an internal error (XX000), of 孙八 with a serialization failure
  // (40001); message and detail name the person, as a constraint's detail would.
  removeFaults = await failInsertsOfPeople(t.owner.em.getKnex(), 'test_access_log_fault', { internal: people.faulty.name, unavailable: people.unavailable.name });
});
afterAll(async () => {
  await removeFaults();
  await t.close();
  jest.restoreAllMocks();
});

interface Sent {
  res: request.Response;
  id: string;
}
const sent: Sent[] = [];

/** A GraphQL request as a client sends it: named operation, optional X-Request-Id. */
async function call(query: string, variables: Record<string, unknown>, opts: { token?: string; apiKey?: string; requestId?: string } = {}): Promise<Sent> {
  const operationName = /^(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const req = request(t.app).post('/graphql').set('content-type', 'application/json');
  if (opts.token) req.set('authorization', `Bearer ${opts.token}`);
  if (opts.apiKey) req.set('x-api-key', opts.apiKey);
  if (opts.requestId !== undefined) req.set('x-request-id', opts.requestId);
  const res = await req.send({ query, variables, operationName });
  const s = { res, id: String(res.headers['x-request-id']) };
  sent.push(s);
  return s;
}

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const accessLines = (id: string) => parsed().filter((l) => l.requestId === id && /^request (completed|aborted|failed)$/.test(l.msg));
const auditRows = (id: string) => t.owner.em.getKnex()('audit_event').where({ request_id: id }).orderBy('id').select('action', 'outcome', 'request_id');
const readIds = async (id: string) => (await t.owner.em.getKnex()('audit_event').where({ request_id: id, action: 'READ_UNMASKED_ID_NUMBER' }).orderBy('id').select('record_ids')).map((r: { record_ids: string[] }) => r.record_ids);

const REGISTER = `mutation RegisterForAccessLog($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { household { id } userErrors { code } } }`;
const READ = `query ReadHouseholdForAccessLog($id: ID!) { node(id: $id) { ... on Household { ${HOUSEHOLD_FIELDS} } } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let householdId: string;

describe('a realistic flow', () => {
  it('registers a household (client request id kept) and audits it under that id', async () => {
    const input = householdInput(township, [
      member({ name: people.head.name, idNumber: people.head.idNumber }),
      member({ name: people.spouse.name, idNumber: people.spouse.idNumber, relationToHead: 'SPOUSE' }),
    ], { address, contactPhone: phone });
    const { res, id } = await call(REGISTER, { i: input }, { token: townshipBearer, requestId: 'client-req.0001_A' });
    expect(res.status).toBe(200);
    expect(res.body.data.registerHousehold.userErrors).toEqual([]);
    householdId = res.body.data.registerHousehold.household.id;
    expect(id).toBe('client-req.0001_A');
    expect(await auditRows(id)).toEqual([{ action: 'Mutation.registerHousehold', outcome: 'SUCCESS', request_id: id }]);
    const [line] = accessLines(id);
    expect(line).toMatchObject({
      level: 30, method: 'POST', route: '/graphql', status: 200, operation: 'RegisterForAccessLog',
      principal: { kind: 'TOWNSHIP', role: 'TOWNSHIP' },
    });
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThan(0);
    // Who is never there: no actor, subject, name, no request object or headers.
    expect(Object.keys(line.principal).sort()).toEqual(['kind', 'role']);
    for (const key of ['req', 'res', 'headers', 'url', 'query', 'variables', 'actor', 'name']) expect(line).not.toHaveProperty(key);
  });

  it('reads it back with its members (an audited unmasked read) under a new id when the given one is malformed', async () => {
    const { res, id } = await call(READ, { id: householdId }, { token: townshipBearer, requestId: 'not ok: spaces & colons' });
    expect(res.status).toBe(200);
    expect(res.body.data.node.members.map((m: { name: string }) => m.name).sort()).toEqual([people.head.name, people.spouse.name].sort());
    expect(id).toMatch(UUID);
    const rows = await auditRows(id);
    // One read row for the request, both members in it (issue 10).
    expect(rows.length).toBe(1);
    expect((await readIds(id)).map((ids) => ids.length)).toEqual([2]);
    expect(rows.every((r: { action: string }) => r.action === 'READ_UNMASKED_ID_NUMBER')).toBe(true);
    expect(accessLines(id)).toHaveLength(1);
    expect(accessLines(id)[0]).toMatchObject({ operation: 'ReadHouseholdForAccessLog', status: 200, principal: { kind: 'TOWNSHIP', role: 'TOWNSHIP' } });
  });

  it('a too long id (41 characters) is replaced too; no id at all gets one', async () => {
    const long = await call(READ, { id: householdId }, { token: townshipBearer, requestId: 'a'.repeat(41) });
    expect(long.id).toMatch(UUID);
    const none = await call(READ, { id: householdId }, { token: townshipBearer });
    expect(none.id).toMatch(UUID);
    expect(none.id).not.toBe(long.id);
    const forty = await call(READ, { id: householdId }, { token: townshipBearer, requestId: 'b'.repeat(40) });
    expect(forty.id).toBe('b'.repeat(40));
    expect((await readIds(forty.id)).map((ids) => ids.length)).toEqual([2]);
  });

  it('a refused mutation: userError code in the access line, REJECTED audit row under the id', async () => {
    const again = householdInput(township, [member({ name: people.head.name, idNumber: people.head.idNumber })], { address, contactPhone: phone });
    const { res, id } = await call(REGISTER, { i: again }, { token: townshipBearer, requestId: 'refused-1' });
    expect(res.body.data.registerHousehold.userErrors.map((e: { code: string }) => e.code)).toEqual(['ID_NUMBER_ALREADY_REGISTERED']);
    expect(accessLines(id)[0]).toMatchObject({ status: 200, operation: 'RegisterForAccessLog', userErrorCodes: ['ID_NUMBER_ALREADY_REGISTERED'] });
    expect(await auditRows(id)).toEqual([{ action: 'Mutation.registerHousehold', outcome: 'REJECTED', request_id: id }]);
  });

  it('an internal error and a database fault: their error lines and access lines share the id; FAILED audit row', async () => {
    const input = householdInput(township, [member({ name: people.faulty.name, idNumber: people.faulty.idNumber })], { address, contactPhone: phone });
    const failed = await call(REGISTER, { i: input }, { token: townshipBearer, requestId: 'internal-1' });
    expect(failed.res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    const ofRequest = parsed().filter((l) => l.requestId === 'internal-1');
    expect(ofRequest.map((l) => l.msg)).toEqual(['internal error', 'request completed']);
    expect(ofRequest[0]).toMatchObject({ level: 50, operation: 'RegisterForAccessLog', err: { code: 'XX000' } });
    expect(ofRequest[1]).toMatchObject({ status: 200, errorCodes: ['INTERNAL_SERVER_ERROR'] });
    expect(await auditRows('internal-1')).toEqual([{ action: 'Mutation.registerHousehold', outcome: 'FAILED', request_id: 'internal-1' }]);

    const unavailable = householdInput(township, [member({ name: people.unavailable.name, idNumber: people.unavailable.idNumber })], { address, contactPhone: phone });
    const fault = await call(REGISTER, { i: unavailable }, { token: townshipBearer, requestId: 'fault-1' });
    expect(fault.res.status).toBe(503);
    const faultLines = parsed().filter((l) => l.requestId === 'fault-1');
    expect(faultLines.map((l) => l.msg)).toEqual(['database unavailable', 'request failed']);
    expect(faultLines[1]).toMatchObject({ level: 50, status: 503, errorCodes: ['SERVICE_UNAVAILABLE'] });
  });

  it('the identification workflow runs (R8–R10) and the planner consumes its events', async () => {
    const c = await confirmThroughWorkflow(t.app, clock, townshipBearer, civilBearer, householdId);
    expect(c.state).toBe('CONFIRMED');
    await deliverAllEvents(t.orm);
  });

  it('the roster download (R17) is audited under the request id and logged by route pattern', async () => {
    await confirm(t.orm, householdId);
    const hh = Buffer.from(householdId, 'base64url').toString().split(':')[1];
    // The allowance item accepted (the planner may have proposed it already: one open item per household).
    const knex = t.orm.em.getKnex();
    const updated = await knex('plan_item').update({ status: 'ACCEPTED', amount: 61_000 }).where({ household_id: hh, item: 'MINIMUM_LIVING_ALLOWANCE' }).whereNotIn('status', ['DECLINED', 'WITHDRAWN']);
    if (!updated) {
      await knex('plan_item').insert({
        household_id: hh, township_id: township.id, item: 'MINIMUM_LIVING_ALLOWANCE', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS',
        status: 'ACCEPTED', amount: 61_000, proposed_amount: 61_000, basis: '{}', created_by: 'test', updated_by: 'test',
      });
    }
    const source = await call(`mutation SourceForAccessLog($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`,
      { i: { code: `AL${Date.now().toString(36).toUpperCase()}`, name: '县级财政测试资金', kind: 'COUNTY_FINANCE' } }, { token: financeBearer });
    const year = Number(countyToday(clock.now()).slice(0, 4));
    const allocation = await call(`mutation AllocateForAccessLog($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
      { i: { source: source.res.body.data.createFundSource.fundSource.id, measure: 'SAFETY_NET', year, amount: 1_000_000 } }, { token: financeBearer });
    const run = await call(`mutation RunForAccessLog($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) { run { id } userErrors { code } } }`,
      { i: { township: township.globalId, month: countyToday(clock.now()).slice(0, 7), allocation: allocation.res.body.data.allocateFund.allocation.id } }, { token: civilBearer });
    const runId = run.res.body.data.runMonthlyAllowance.run.id;

    const res = await request(t.app).get(`/allowance-runs/${runId}.xlsx?print=1`).set('authorization', `Bearer ${civilBearer}`).set('x-request-id', 'roster-1');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('roster-1');
    expect(await auditRows('roster-1')).toEqual([{ action: 'Download.allowanceRoster', outcome: 'SUCCESS', request_id: 'roster-1' }]);
    const [line] = accessLines('roster-1');
    expect(line).toMatchObject({ method: 'GET', route: '/allowance-runs/:id.xlsx', status: 200, principal: { kind: 'DEPARTMENT', role: 'CIVIL_AFFAIRS' } });
    expect(JSON.stringify(line)).not.toContain(runId);
    expect(JSON.stringify(line)).not.toContain('print');
  });

  it('the signed webhook audits the partner call under the request id', async () => {
    const key = await partnerKey(t.orm, 'county-trade-union');
    const r = signedRequest(key, 'trade-union', 'not,a,valid\nfile', clock.now());
    const res = await request(t.app).post(`/integrations/${r.format}`).set(r.headers).set('x-request-id', 'webhook-1').set('content-type', 'text/csv').send(Buffer.from(r.body as string));
    expect(res.headers['x-request-id']).toBe('webhook-1');
    expect([res.status, res.body]).toEqual([200, expect.anything()]);
    const rows = await auditRows('webhook-1');
    expect(rows.map((x: { action: string }) => x.action)).toContain('PARTNER_CALL');
    expect(accessLines('webhook-1')[0]).toMatchObject({ method: 'POST', route: '/integrations/:format', principal: { kind: 'PARTNER', role: 'PARTNER' } });
  });

  it('the notice page and unknown routes: id in the response, route pattern only in the line', async () => {
    const notice = await request(t.app).get(`/notices/${toGlobalId('PublicNotice', '987654321')}`).set('x-request-id', 'notice-1');
    expect(notice.status).toBe(404);
    expect(notice.headers['x-request-id']).toBe('notice-1');
    expect(accessLines('notice-1')[0]).toMatchObject({ method: 'GET', route: '/notices/:id', status: 404, principal: { kind: 'ANONYMOUS', role: 'ANONYMOUS' } });
    const unknown = await request(t.app).get(`/no-such-place/${people.head.idNumber}?name=x`).set('x-request-id', 'unknown-1');
    expect(unknown.status).toBe(404);
    expect(accessLines('unknown-1')[0]).toMatchObject({ route: 'unmatched', status: 404 });
  });

  it('refusals before execution carry their codes: bad token (401), unacceptable Accept (406), bad JSON (400)', async () => {
    const bad = await request(t.app).post('/graphql').set('content-type', 'application/json').set('authorization', 'Bearer not-a-token').set('x-request-id', 'bad-token-1')
      .send({ query: 'query WhoAmI { __typename }', operationName: 'WhoAmI' });
    expect(bad.status).toBe(401);
    expect(accessLines('bad-token-1')[0]).toMatchObject({ status: 401, operation: 'WhoAmI', errorCodes: ['UNAUTHENTICATED'] });
    const notAcceptable = await request(t.app).post('/graphql').set('content-type', 'application/json').set('accept', 'text/csv').set('x-request-id', 'accept-1').send({ query: '{ __typename }' });
    expect(notAcceptable.status).toBe(406);
    expect(accessLines('accept-1')[0]).toMatchObject({ status: 406, errorCodes: ['NOT_ACCEPTABLE'] });
    const badJson = await request(t.app).post('/graphql').set('content-type', 'application/json').set('x-request-id', 'json-1').send(`{"query": "${people.head.name}`);
    expect(badJson.status).toBe(400);
    expect(accessLines('json-1')[0]).toMatchObject({ status: 400, errorCodes: ['BAD_REQUEST'] });
    // A GET query's variables ride in the query string: never logged.
    const get = await request(t.app).get('/graphql').query({ query: 'query Echo($n: ID!) { node(id: $n) { id } }', variables: JSON.stringify({ n: people.head.name }) })
      .set('apollo-require-preflight', 'true').set('x-request-id', 'get-1');
    expect(get.status).toBe(200);
    expect(accessLines('get-1')[0]).toMatchObject({ method: 'GET', route: '/graphql', operation: 'Echo' });
  });
});

describe('after the flow', () => {
  it('every response carried its id, and every request has exactly one access line', () => {
    for (const s of sent) {
      expect(s.id).toMatch(/^[A-Za-z0-9._-]{1,40}$/);
      expect(accessLines(s.id)).toHaveLength(1);
    }
    // Every access line has its request id.
    const access = parsed().filter((l) => /^request (completed|aborted|failed)$/.test(l.msg));
    expect(access.length).toBeGreaterThan(30);
    for (const l of access) expect(l.requestId).toMatch(/^[A-Za-z0-9._-]{1,40}$/);
  });

  it('no name, id number, phone, address, token or SQL reached any log line or the console', () => {
    const out = [...lines, ...consoleLines].join('\n');
    expect(lines.length).toBeGreaterThan(30);
    for (const s of secrets()) expect(out).not.toContain(s);
    expect(out).not.toMatch(/insert into|select .* from|values \(|Key \(id_number\)|\$1/i);
    expect(out).not.toMatch(/authorization|bearer|x-api-key/i);
  });

  it('no query was sent to a pg client busy with another (the deprecation printed at start)', () => {
    expect(concurrentQueries).toEqual([]);
  });
});
