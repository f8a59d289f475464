/**
 * The access log's cost per request (issue 10, perf-2): no child logger is made for a request
 * unless something asks for `req.log`, and at a level that does not write the access line
 * (`LOG_LEVEL=warn`, as the benchmarks run) nothing is written for a successful request, while a
 * 5xx line is still written at `error`. The lines themselves are tested in access-log.test.ts.
 */
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../src/logging';
import { accessLog, requestIdentity } from '../../src/access-log';
import { departmentToken, gql, startApp, TestApp } from '../support/app';

describe('the access log per request', () => {
  const lines: string[] = [];
  const logger = createLogger('warn', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const child = jest.spyOn(logger, 'child');
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({}, { logger });
  });
  afterAll(async () => {
    await t.close();
    child.mockRestore();
  });

  it('makes no child logger and writes no line for 20 successful GraphQL requests at warn', async () => {
    const token = await departmentToken('CIVIL_AFFAIRS', 'access-log-cost');
    child.mockClear();
    lines.length = 0;
    for (let i = 0; i < 20; i++) {
      const r = await gql(t.app, '{ townships { id name } }', {}, { token });
      expect(r.errors).toBeUndefined();
    }
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('makes req.log when a handler asks for it, bound to the request id, once per request', async () => {
    const app = express();
    app.use(requestIdentity());
    app.use(accessLog(logger, () => {}));
    app.get('/twice', (req, res) => {
      req.log?.warn('first');
      req.log?.warn('second');
      res.status(500).json({ ok: false });
    });
    child.mockClear();
    lines.length = 0;
    await request(app).get('/twice').set('x-request-id', 'cost-1').expect(500);
    expect(child).toHaveBeenCalledTimes(1);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((l) => [l.requestId, l.msg])).toEqual([['cost-1', 'first'], ['cost-1', 'second'], ['cost-1', 'request failed']]);
    expect(parsed[2]).toMatchObject({ level: 50, status: 500, route: '/twice' });
  });
});
