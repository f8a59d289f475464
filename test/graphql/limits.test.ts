// test/support/app first: it loads reflect-metadata, which src/app's decorators need.
import { gql, startApp, TestApp } from '../support/app';
import request from 'supertest';
import { ARMOR } from '../../src/app';

let t: TestApp;

beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

/** Every serialized body of this file is kept here and checked for stack traces at the end. */
const bodies: string[] = [];
function keep(text: string | undefined): void {
  bodies.push(text ?? '');
}

// Refusals are 400 with the GraphQL-over-HTTP media type; a legacy application/json client gets
// the same errors with 200 (src/graphql/media-type.ts; both in http-conformance.test.ts).
const GRJ = 'application/graphql-response+json';

async function post(query: string, operationName?: string) {
  const res = await request(t.app).post('/graphql').set('content-type', 'application/json').set('accept', GRJ).send({ query, operationName });
  keep(res.text);
  return { status: res.status, data: res.body?.data, errors: res.body?.errors as Array<{ message: string; extensions?: Record<string, any> }> | undefined, body: res.body };
}

/**
 * A query whose deepest path has `depth` fields, as graphql-armor counts them (the leaf included):
 * `townships { communities { township { communities { … { id } } } } }`.
 */
function nestedQuery(depth: number): string {
  let inner = 'id';
  for (let level = depth - 1; level >= 2; level--) {
    inner = `${level % 2 === 0 ? 'communities' : 'township'} { ${inner} }`;
  }
  return `{ townships { ${inner} } }`;
}

/**
 * `query qN { townships { id } }` is 8 tokens; a document of many small operations (run one by
 * operationName) reaches the token limit without a single huge selection set, whose repeated
 * fields graphql-js would refuse for validation cost before the token count mattered.
 */
function manyOperations(tokens: number): string {
  return Array.from({ length: Math.ceil(tokens / 8) }, (_, i) => `query q${i} { townships { id } }`).join('\n');
}

const codeOf = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.code;

describe('graphql-armor limits', () => {
  it('sanity: the nested query builder produces a valid query that runs', async () => {
    const r = await post(nestedQuery(4));
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.townships.length).toBeGreaterThan(0);
  });

  it.each([
    ['depth', () => nestedQuery(ARMOR.maxDepth), () => nestedQuery(ARMOR.maxDepth + 1)],
    [
      'aliases',
      () => `{ ${Array.from({ length: ARMOR.maxAliases }, (_, i) => `a${i}: townships { id }`).join(' ')} }`,
      () => `{ ${Array.from({ length: ARMOR.maxAliases + 1 }, (_, i) => `a${i}: townships { id }`).join(' ')} }`,
    ],
    [
      // The same field repeated merges into one, so each copy can carry its own @include.
      'directives',
      () => `{ townships { ${'id @include(if: true) '.repeat(ARMOR.maxDirectives)} } }`,
      () => `{ townships { ${'id @include(if: true) '.repeat(ARMOR.maxDirectives + 1)} } }`,
    ],
    ['tokens', () => manyOperations(ARMOR.maxTokens), () => manyOperations(ARMOR.maxTokens + 8)],
  ])('%s: at the limit the query runs; over it, it is refused with a 400 error', async (limit, within, over) => {
    const operationName = limit === 'tokens' ? 'q0' : undefined;
    const ok = await post(within(), operationName);
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.townships ?? ok.data.a0).toBeDefined();

    // What the client sent is at fault: a 4xx with a code, never a 500 "internal" error.
    const refused = await post(over(), operationName);
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({
      status: 400,
      code: limit === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(refused.data).toBeUndefined();
    expect(refused.errors![0].message).toMatch(/limit|token/i);
  });

  it('counts every field, __typename included: 101 aliases of __typename are refused', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const ok = await post(aliases(ARMOR.maxAliases));
    expect([ok.status, ok.data?.t0]).toEqual([200, 'Query']);
    for (const n of [ARMOR.maxAliases + 1, 101]) {
      const refused = await post(aliases(n));
      expect({ status: refused.status, data: refused.data, errors: refused.errors }).toEqual({
        status: 400,
        data: undefined,
        errors: [{ message: `Syntax Error: Aliases limit of ${ARMOR.maxAliases} exceeded, found ${n}.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
      });
    }
  });

  it('a refused document gets a few errors, the limit first, not one per offending token', async () => {
    // 60 @include on one field: the directive limit, and graphql-js would add one "can only be
    // used once" per repeat (60 errors in all before maxErrors).
    const directives = await post(`{ townships { id ${'@include(if: true) '.repeat(60)} } }`);
    expect(directives.status).toBe(400);
    expect(directives.errors![0].message).toBe(`Syntax Error: Directives limit of ${ARMOR.maxDirectives} exceeded, found 60.`);
    expect(directives.errors!.length).toBeLessThanOrEqual(ARMOR.maxErrors + 1);
    expect(directives.errors![directives.errors!.length - 1].message).toMatch(/Too many validation errors/);

    // The same bound for any flood of validation errors: 80 unknown fields.
    const unknown = await post(`{ townships { ${Array.from({ length: 80 }, (_, i) => `f${i}`).join(' ')} } }`);
    expect(unknown.status).toBe(400);
    expect(unknown.errors!.length).toBe(ARMOR.maxErrors + 1);
    expect(unknown.errors!.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  });
});

describe('production mode', () => {
  let prod: TestApp;
  let dev: TestApp;
  beforeAll(async () => {
    prod = await startApp({ NODE_ENV: 'production', JWT_SECRET: 'production-secret-0123456789-abcdefghij', LOG_LEVEL: 'silent' });
    dev = await startApp({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await prod?.close();
    await dev?.close();
  });

  const INTROSPECTION = '{ __schema { types { name } } }';
  const MISSPELLED = '{ townshipz { id } }';

  it('refuses introspection in production and allows it in development', async () => {
    const p = await gql(prod.app, INTROSPECTION, {}, { accept: GRJ });
    keep(JSON.stringify(p.body));
    expect(p.status).toBe(400);
    expect(p.data).toBeUndefined();
    expect(codeOf(p)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(p.errors![0].message).toMatch(/introspection/i);

    const d = await gql(dev.app, INTROSPECTION);
    expect(d.status).toBe(200);
    expect(d.data.__schema.types.map((x: any) => x.name)).toEqual(expect.arrayContaining(['Query', 'Viewer']));
  });

  it('gives no "Did you mean" field suggestion in production; development does', async () => {
    const p = await gql(prod.app, MISSPELLED, {}, { accept: GRJ });
    keep(JSON.stringify(p.body));
    expect(p.status).toBe(400);
    expect(codeOf(p)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(p.errors![0].message).toMatch(/townshipz/);
    expect(JSON.stringify(p.body)).not.toMatch(/did you mean/i);

    const d = await gql(dev.app, MISSPELLED, {}, { accept: GRJ });
    expect(d.status).toBe(400);
    // Whatever else it suggests (township, townships, …), development names the field meant.
    expect(d.errors![0].message).toMatch(/Did you mean .*"townships"/);
  });
});

describe('HTTP behaviour of /graphql', () => {
  it('CSRF prevention: refuses a GET or a text/plain POST without a preflight header', async () => {
    const get = await request(t.app).get('/graphql').query({ query: '{ townships { id } }' });
    keep(get.text);
    expect(get.status).toBe(400);
    expect(get.text).toMatch(/preflight|CSRF/i);

    const plain = await request(t.app).post('/graphql').set('content-type', 'text/plain').send(JSON.stringify({ query: '{ townships { id } }' }));
    keep(plain.text);
    expect(plain.status).toBe(400);
    expect(plain.text).toMatch(/preflight|CSRF/i);

    // The same GET with the header goes through: the refusal above is the CSRF check, nothing else.
    const allowed = await request(t.app).get('/graphql').set('apollo-require-preflight', 'true').query({ query: '{ townships { id } }' });
    keep(allowed.text);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.townships.length).toBeGreaterThan(0);
  });

  it('HTTP batching is off: an array of two operations is refused', async () => {
    const r = await request(t.app)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([{ query: '{ townships { id } }' }, { query: '{ viewer { kind } }' }]);
    keep(r.text);
    expect(r.status).toBe(400);
    expect(Array.isArray(r.body)).toBe(false);
    expect(r.text).not.toMatch(/"townships"\s*:\s*\[/);
  });

  it('malformed GraphQL gives 400 GRAPHQL_PARSE_FAILED', async () => {
    const r = await post('{ townships { id ');
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.data).toBeUndefined();
  });

  it('malformed JSON gives a 400 JSON error', async () => {
    const r = await request(t.app).post('/graphql').set('content-type', 'application/json').send('{"query": "{ townships { id } }"');
    keep(r.text);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('a body over 1 MB gives 413 with a JSON error', async () => {
    const query = `{ townships { id } } # ${'x'.repeat(1024 * 1024)}`;
    const r = await request(t.app).post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query }));
    keep(r.text);
    expect(r.status).toBe(413);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('operational endpoints', () => {
  it('/healthz, /readyz and /metrics answer', async () => {
    const health = await request(t.app).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });

    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });

    const metrics = await request(t.app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
  });
});

describe('no stack traces', () => {
  // Runs last (jest keeps declaration order within a file): every body collected above.
  it('no response of this file carried a stack trace', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(15);
    for (const body of bodies) {
      expect(body).not.toMatch(/stacktrace/i);
      // A V8 stack line: "    at fn (/path/file.js:1:2)", escaped or not inside JSON.
      expect(body).not.toMatch(/(\n|\\n)\s*at \S/);
      expect(body).not.toMatch(/node_modules|\/work\//);
    }
  });
});
