/** The county identity-provider option: RS256 tokens verified against a JWKS endpoint (served locally here). */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { gql, startApp, TestApp } from '../support/app';

let t: TestApp;
let server: http.Server;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'county-idp-1', alg: 'RS256', use: 'sig' };
  server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  t = await startApp({ JWT_JWKS_URL: url, JWT_ISSUER: 'https://idp.county.test', JWT_AUDIENCE: 'assistance-api' });
});
afterAll(async () => {
  await t.close();
  server.close();
});

const sign = (claims: Record<string, unknown>, issuer = 'https://idp.county.test', alg = 'RS256') =>
  new SignJWT(claims).setProtectedHeader({ alg, kid: 'county-idp-1' }).setSubject('zhang').setIssuer(issuer).setAudience('assistance-api').setExpirationTime('5m').sign(privateKey);

it('accepts an RS256 token of the identity provider', async () => {
  const r = await gql(t.app, '{ viewer { kind role } }', {}, { token: await sign({ department: 'EDUCATION' }) });
  expect(r.data.viewer).toEqual({ kind: 'DEPARTMENT', role: 'EDUCATION' });
});

it('refuses a token from another issuer, and an HS256 token, with 401', async () => {
  const wrongIssuer = await gql(t.app, '{ viewer { kind } }', {}, { token: await sign({ department: 'EDUCATION' }, 'https://elsewhere.test') });
  expect(wrongIssuer.status).toBe(401);
  const hs = await new SignJWT({ department: 'CIVIL_AFFAIRS' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('https://idp.county.test').setAudience('assistance-api')
    .setExpirationTime('5m').sign(new TextEncoder().encode(process.env.JWT_SECRET!));
  const r = await gql(t.app, '{ viewer { kind } }', {}, { token: hs });
  expect(r.status).toBe(401);
  expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
});
