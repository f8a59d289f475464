// test/support/app first: it loads reflect-metadata, which the src/ decorators need.
import { departmentToken, gql, partnerApiKey, startApp, TestApp, townshipToken } from '../support/app';
import crypto from 'node:crypto';
import request from 'supertest';
import { SignJWT } from 'jose';
import { newTownship, TestTownship } from '../support/fixtures';
import { TOKEN_ISSUER_DEFAULT } from '../../src/access/tokens';

let t: TestApp;
let township: TestTownship;

beforeAll(async () => {
  t = await startApp();
  township = await newTownship(t.orm);
});
afterAll(() => t.close());

const VIEWER = `{ viewer { kind role name operations department { code } township { code } partner { code name } } }`;
const HOUSEHOLDS = `{ households(first: 1) { nodes { id } } }`;
const PARTNER_CODE = 'county-trade-union';

const codeOf = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.code;

/** GraphQL with a raw Authorization header (gql() always adds "Bearer "). */
async function withAuthorization(authorization: string, query = VIEWER) {
  const res = await request(t.app).post('/graphql').set('content-type', 'application/json').set('authorization', authorization).send({ query });
  return { status: res.status, data: res.body?.data, errors: res.body?.errors, text: res.text };
}

/** A staff token signed here, so claims, secret and expiry can be anything. */
function signToken(claims: Record<string, unknown>, opts: { secret?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester')
    .setIssuer(TOKEN_ISSUER_DEFAULT)
    .setIssuedAt(now - 7200)
    .setExpirationTime(opts.exp ?? now + 3600)
    .sign(new TextEncoder().encode(opts.secret ?? process.env.JWT_SECRET!));
}

describe('anonymous callers and the operation guard', () => {
  it('no credentials: the viewer is ANONYMOUS and may read the townships', async () => {
    const v = await gql(t.app, VIEWER);
    expect(v.status).toBe(200);
    expect(v.data.viewer).toMatchObject({ kind: 'ANONYMOUS', role: 'ANONYMOUS', department: null, township: null, partner: null });
    expect(v.data.viewer.operations).toContain('Query.townships');
    expect(v.data.viewer.operations).not.toContain('Query.households');

    const r = await gql(t.app, '{ townships { id code } }');
    expect(r.status).toBe(200);
    expect(r.data.townships.map((x: any) => x.code)).toContain(township.code);
  });

  it('anonymous households → 401 UNAUTHENTICATED and no data', async () => {
    const r = await gql(t.app, HOUSEHOLDS);
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.errors![0].extensions!.operations).toEqual(['Query.households']);
    expect(r.data ?? null).toBeNull();
  });

  it('a department without the right (FINANCE → households) → 403 FORBIDDEN naming the operation', async () => {
    const r = await gql(t.app, HOUSEHOLDS, {}, { token: await departmentToken('FINANCE') });
    expect(r.status).toBe(403);
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.errors![0].extensions!.operations).toEqual(['Query.households']);
    expect(r.data ?? null).toBeNull();

    // Control: a role that has the right gets through with the same query.
    const ok = await gql(t.app, HOUSEHOLDS, {}, { token: await departmentToken('CIVIL_AFFAIRS') });
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
  });
});

describe('bad staff credentials → 401, never anonymous, never 500', () => {
  it('control: a token from the same signer with valid claims is accepted', async () => {
    const r = await withAuthorization(`Bearer ${await signToken({ name: 'Tester', department: 'HEALTH' })}`);
    expect(r.status).toBe(200);
    expect(r.data.viewer).toMatchObject({ kind: 'DEPARTMENT', department: { code: 'HEALTH' } });
  });

  it.each<[string, () => Promise<string>]>([
    ['a Basic scheme', async () => 'Basic dXNlcjpwYXNz'],
    ['"Bearer" with no token', async () => 'Bearer'],
    ['a token with spaces', async () => 'Bearer abc def'],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
    ['a token signed with another secret', async () => `Bearer ${await signToken({ department: 'HEALTH' }, { secret: 'another-secret-another-secret-0123456789' })}`],
    ['an expired token', async () => `Bearer ${await signToken({ department: 'HEALTH' }, { exp: Math.floor(Date.now() / 1000) - 3600 })}`],
    ['a token naming an unknown township', async () => `Bearer ${await townshipToken('000000000000')}`],
    ['a token naming neither department nor township', async () => `Bearer ${await signToken({ name: 'Nobody' })}`],
    ['a token naming an unknown department', async () => `Bearer ${await signToken({ department: 'SECRET_POLICE' })}`],
  ])('%s', async (_label, header) => {
    const r = await withAuthorization(await header());
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(r.data ?? null).toBeNull();
    expect(r.text).not.toMatch(/stacktrace|\\n\s+at /);
  });
});

describe('viewer of staff', () => {
  it('a department token: kind DEPARTMENT, its department and operations', async () => {
    const r = await gql(t.app, VIEWER, {}, { token: await departmentToken('CIVIL_AFFAIRS', 'zhang') });
    expect(r.status).toBe(200);
    expect(r.data.viewer).toMatchObject({ kind: 'DEPARTMENT', role: 'CIVIL_AFFAIRS', name: 'zhang', department: { code: 'CIVIL_AFFAIRS' }, township: null, partner: null });
    expect(r.data.viewer.operations).toEqual(expect.arrayContaining(['Query.households', 'Mutation.createPartnerApiKey']));
  });

  it('a township token: kind TOWNSHIP and its township', async () => {
    const r = await gql(t.app, VIEWER, {}, { token: await townshipToken(township.code) });
    expect(r.status).toBe(200);
    expect(r.data.viewer).toMatchObject({ kind: 'TOWNSHIP', role: 'TOWNSHIP', township: { code: township.code }, department: null, partner: null });
    expect(r.data.viewer.operations).toContain('Mutation.registerHousehold');
  });
});

describe('partner API keys', () => {
  const keyRow = (keyId: string) => t.orm.em.getKnex()('partner_api_key').where({ key_id: keyId }).first();

  it('a key works: the viewer is the PARTNER and lastUsedAt gets set', async () => {
    const { token, keyId } = await partnerApiKey(t.orm, PARTNER_CODE);
    expect((await keyRow(keyId)).last_used_at).toBeNull();

    const r = await gql(t.app, VIEWER, {}, { apiKey: token });
    expect(r.status).toBe(200);
    expect(r.data.viewer).toMatchObject({ kind: 'PARTNER', role: 'PARTNER', partner: { code: PARTNER_CODE }, department: null, township: null });
    expect((await keyRow(keyId)).last_used_at).not.toBeNull();
  });

  it('a key in steady use writes its last use once a minute, not on every request (issue 10)', async () => {
    const { token, keyId } = await partnerApiKey(t.orm, PARTNER_CODE);
    expect((await gql(t.app, VIEWER, {}, { apiKey: token })).status).toBe(200);
    const first = (await keyRow(keyId)).last_used_at;
    expect(first).not.toBeNull();
    expect((await gql(t.app, VIEWER, {}, { apiKey: token })).status).toBe(200);
    expect((await keyRow(keyId)).last_used_at).toEqual(first);
    // A last use older than the minute is written again.
    await t.orm.em.getKnex()('partner_api_key').where({ key_id: keyId }).update({ last_used_at: t.orm.em.getKnex().raw(`now() - interval '2 minutes'`) });
    const stale = (await keyRow(keyId)).last_used_at;
    expect((await gql(t.app, VIEWER, {}, { apiKey: token })).status).toBe(200);
    expect(new Date((await keyRow(keyId)).last_used_at).getTime()).toBeGreaterThan(new Date(stale).getTime());
  });

  it('a wrong secret for a real key id, an unknown key id, a malformed key → 401', async () => {
    const { keyId } = await partnerApiKey(t.orm, PARTNER_CODE);
    const wrongSecret = `${keyId}.${crypto.randomBytes(32).toString('base64url')}`;
    const unknownId = `pk_${crypto.randomBytes(9).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`;
    for (const apiKey of [wrongSecret, unknownId, 'no-dot-here']) {
      const r = await gql(t.app, VIEWER, {}, { apiKey });
      expect({ apiKey, status: r.status, code: codeOf(r) }).toEqual({ apiKey, status: 401, code: 'UNAUTHENTICATED' });
    }
    // A refused attempt is no use of the key.
    expect((await keyRow(keyId)).last_used_at).toBeNull();
  });
});

describe('partner key lifecycle through the API (civil affairs)', () => {
  const PARTNERS = `{ partnerOrganisations { id code apiKeys { id keyId version revokedAt } } }`;
  const CREATE = `mutation($input: CreatePartnerApiKeyInput!) {
    createPartnerApiKey(input: $input) { apiKey { id keyId label version revokedAt } secret userErrors { field code message } }
  }`;
  const REVOKE = `mutation($input: RevokePartnerApiKeyInput!) {
    revokePartnerApiKey(input: $input) { apiKey { id keyId version revokedAt } userErrors { field code message } }
  }`;

  let civil: string;
  let partnerId: string;
  beforeAll(async () => {
    civil = await departmentToken('CIVIL_AFFAIRS', 'keyadmin');
    const r = await gql(t.app, PARTNERS, {}, { token: civil });
    expect(r.status).toBe(200);
    partnerId = r.data.partnerOrganisations.find((p: any) => p.code === PARTNER_CODE).id;
  });

  const keyCount = async () => Number((await t.orm.em.getKnex()('partner_api_key').count({ n: '*' }).first())!.n);

  async function create(label = 'shop system') {
    const r = await gql(t.app, CREATE, { input: { partner: partnerId, label } }, { token: civil });
    expect(r.status).toBe(200);
    return r.data.createPartnerApiKey;
  }

  it('creates a key shown once, stores only its sha256, and revokes it for good', async () => {
    const created = await create();
    expect(created.userErrors).toEqual([]);
    expect(created.apiKey).toMatchObject({ label: 'shop system', version: 1, revokedAt: null });
    const [keyId, secret] = created.secret.split('.');
    expect(keyId).toBe(created.apiKey.keyId);
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // The row holds the hash of the secret, never the secret.
    const row = await t.orm.em.getKnex()('partner_api_key').where({ key_id: keyId }).first();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    // It is listed, and it works.
    const listed = await gql(t.app, PARTNERS, {}, { token: civil });
    const keys = listed.data.partnerOrganisations.find((p: any) => p.code === PARTNER_CODE).apiKeys;
    expect(keys).toContainEqual({ id: created.apiKey.id, keyId, version: 1, revokedAt: null });
    const works = await gql(t.app, VIEWER, {}, { apiKey: created.secret });
    expect(works.status).toBe(200);
    expect(works.data.viewer.kind).toBe('PARTNER');

    // Revoked: refused at once.
    const revoked = await gql(t.app, REVOKE, { input: { apiKey: created.apiKey.id, version: 1 } }, { token: civil });
    expect(revoked.status).toBe(200);
    expect(revoked.data.revokePartnerApiKey.userErrors).toEqual([]);
    expect(revoked.data.revokePartnerApiKey.apiKey.revokedAt).not.toBeNull();
    const refused = await gql(t.app, VIEWER, {}, { apiKey: created.secret });
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');

    // Revoking again is a user error, not a second revocation.
    const again = await gql(t.app, REVOKE, { input: { apiKey: created.apiKey.id, version: revoked.data.revokePartnerApiKey.apiKey.version } }, { token: civil });
    expect(again.data.revokePartnerApiKey.apiKey).toBeNull();
    expect(again.data.revokePartnerApiKey.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REVOKED', field: ['input', 'apiKey'] })]);
  });

  it('a stale version → STALE_VERSION and the key stays valid', async () => {
    const created = await create('stale test');
    const r = await gql(t.app, REVOKE, { input: { apiKey: created.apiKey.id, version: created.apiKey.version + 1 } }, { token: civil });
    expect(r.data.revokePartnerApiKey.apiKey).toBeNull();
    expect(r.data.revokePartnerApiKey.userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION', field: ['input', 'version'] })]);
    const still = await gql(t.app, VIEWER, {}, { apiKey: created.secret });
    expect(still.status).toBe(200);
    expect(still.data.viewer.kind).toBe('PARTNER');
  });

  it('an empty label → REQUIRED and no key written', async () => {
    const before = await keyCount();
    for (const label of ['', '   ']) {
      const r = await create(label);
      expect(r.apiKey).toBeNull();
      expect(r.secret).toBeNull();
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', field: ['input', 'label'] })]);
    }
    expect(await keyCount()).toBe(before);
  });

  it('a township calling createPartnerApiKey → 403, nothing written, a DENIED audit row', async () => {
    const sub = `intruder-${crypto.randomBytes(4).toString('hex')}`;
    const before = await keyCount();
    const r = await gql(t.app, CREATE, { input: { partner: partnerId, label: 'sneaky' } }, { token: await townshipToken(township.code, sub) });
    expect(r.status).toBe(403);
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.errors![0].extensions!.operations).toEqual(['Mutation.createPartnerApiKey']);
    expect(r.data ?? null).toBeNull();
    expect(await keyCount()).toBe(before);

    const audit = await t.orm.em.getKnex()('audit_event').where({ actor: `township:${township.code}:${sub}` });
    expect(audit).toEqual([expect.objectContaining({ action: 'Mutation.createPartnerApiKey', outcome: 'DENIED', actor_role: 'TOWNSHIP' })]);
  });
});
