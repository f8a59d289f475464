/**
 * Logs never carry personal data (issue 8, item 10). An internal error and a database fault are
 * provoked through HTTP with a real PostgreSQL error whose statement, message and detail all
 * hold a person's name, address and id number (a trigger raising on that person); the captured
 * log output — the app's logger and anything written to the console — has the error class, the
 * SQLSTATE, the request id and the operation name, and none of the person's data nor SQL.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../src/logging';
import { idNumber, startApp, TestApp, townshipToken } from '../support/app';
import { householdInput, member, newTownship, TestTownship } from '../support/fixtures';
import { failInsertsOfPeople } from '../support/faults';

let t: TestApp;
let township: TestTownship;
let token: string;
const lines: string[] = [];
let removeFaults: () => Promise<void>;

beforeAll(async () => {
  const logger = createLogger('info', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  t = await startApp({}, { logger });
  township = await newTownship(t.orm);
  token = await townshipToken(township.code);
  // Inserting 日志测试张三 fails with XX000 (internal error), 日志测试李四 with 40001 (serialization
  // failure); the message and detail name the person (as a constraint's detail would).
  removeFaults = await failInsertsOfPeople(t.owner.em.getKnex(), 'test_fault_by_person', { internal: '日志测试张三', unavailable: '日志测试李四' });
});
afterAll(async () => {
  await removeFaults();
  await t.close();
});

/** Everything logged while `fn` runs: the app's logger and the console. */
async function captured(fn: () => Promise<unknown>): Promise<string> {
  lines.length = 0;
  const consoleLines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  }));
  try {
    await fn();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return [...lines, ...consoleLines].join('\n');
}

const REGISTER = `mutation RegisterForLogTest($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { household { id } userErrors { code } } }`;

function personalData(sqlstate: string) {
  const id = idNumber('1968-08-08');
  const name = sqlstate === 'XX000' ? '日志测试张三' : '日志测试李四';
  const input = householdInput(township, [member({ name, idNumber: id })], { address: '日志路88号隐私小区', contactPhone: '13912345678' });
  return { input, secrets: [name, name.slice(4), id, '日志路88号', '隐私小区', '13912345678'] };
}

it.each([
  ['an internal error', 'XX000', 200, 'INTERNAL_SERVER_ERROR', 'error'],
  ['a database fault (serialization failure)', '40001', 503, 'SERVICE_UNAVAILABLE', 'warn'],
])('%s is logged by class, SQLSTATE, request id and operation, without personal data or SQL', async (_what, sqlstate, status, code, level) => {
  const { input, secrets } = personalData(sqlstate);
  let res: request.Response | undefined;
  const out = await captured(async () => {
    res = await request(t.app).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`)
      .set('x-request-id', `log-test-${sqlstate}`).send({ query: REGISTER, variables: { i: input }, operationName: 'RegisterForLogTest' });
  });
  expect(res!.status).toBe(status);
  expect(res!.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([code]);
  // What the client sees carries nothing either.
  for (const s of secrets) expect(JSON.stringify(res!.body)).not.toContain(s);

  for (const s of secrets) expect(out).not.toContain(s);
  expect(out).not.toMatch(/insert into|values \(|Key \(id_number\)/i);
  const entry = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === `log-test-${sqlstate}`);
  expect(entry).toMatchObject({ level: level === 'error' ? 50 : 40, operation: 'RegisterForLogTest', path: 'registerHousehold', err: { code: sqlstate } });
  expect(typeof entry.err.errorClass).toBe('string');
  expect(entry.err.message).toBeUndefined();
});
