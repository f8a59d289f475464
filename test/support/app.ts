import 'reflect-metadata';
import crypto from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config';
import { ormConfig } from '../../src/db/mikro-orm.config';
import { createApp } from '../../src/app';
import { Clock } from '../../src/graphql/context';
import { seedReferenceData } from '../../src/db/seed';
import { currentUser, migrate } from '../../src/db/database';
import { DepartmentCode, Role } from '../../src/shared/principal';
import { mintStaffToken, newApiKey } from '../../src/access/tokens';
import { checkCharacter } from '../../src/modules/registry/registry.id-number';
import { createOwnDatabase } from './own-database';

export const embedded = process.env.TEST_DB_EMBEDDED === '1';
/** A describe for tests that need a PostgreSQL server (real concurrency, killed backends, roles); skipped on the embedded database, where each file says so. */
export const serverOnly = embedded ? describe.skip : describe;

export interface TestApp {
  app: Express;
  /** The app's own connection: the API role on a server (test/global-setup.ts). */
  orm: MikroORM;
  /** The owner role, for fixtures that need more than the API may do; `orm` on the embedded database. */
  owner: MikroORM;
  close(): Promise<void>;
}

/**
 * The real Express app on the run's database, connected as the API role. `ownDatabase`: on a fresh
 * database of the file's own instead (test/support/own-database.ts), for files that move the clock
 * years ahead or change the policy for everyone — their rows would make other files' results
 * depend on the order the files run in.
 */
export async function startApp(env: Record<string, string> = {}, opts: { clock?: Clock; logger?: Logger; ownDatabase?: boolean } = {}): Promise<TestApp> {
  const own = opts.ownDatabase ? await createOwnDatabase('app_test') : undefined;
  const url = own?.url ?? process.env.TEST_DB_URL!;
  const ownerUrl = own?.ownerUrl ?? process.env.TEST_DB_OWNER_URL ?? url;
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, MIGRATION_DATABASE_URL: ownerUrl, ...env });
  const onEmbedded = own?.embedded ?? embedded;
  const orm = await MikroORM.init(ormConfig({ url, embedded: onEmbedded }));
  const owner = ownerUrl === url ? orm : await MikroORM.init(ormConfig({ url: ownerUrl, embedded: onEmbedded }));
  // As the server does (src/db/database.ts): the owner migrates and grants the API role, every
  // time. Idempotent: the first file of the run migrates and seeds the reference data.
  await migrate(owner, owner === orm ? undefined : await currentUser(orm));
  await seedReferenceData(owner.em.fork());
  const { app, stop } = await createApp(config, orm, opts);
  return {
    app,
    orm,
    owner,
    async close() {
      await stop();
      await orm.close(true);
      if (owner !== orm) await owner.close(true);
      await own?.drop();
    },
  };
}

export interface Caller {
  token?: string;
  apiKey?: string;
  lang?: string;
  /** The Accept header (default none: the legacy application/json answer). */
  accept?: string;
  /** Sent as X-Request-Id: the audit rows of the call carry it (test/access/matrix.test.ts). */
  requestId?: string;
}

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
  body: any;
}

export async function gql<T = any>(app: Express, query: string, variables: Record<string, unknown> = {}, as: Caller = {}): Promise<GqlResult<T>> {
  const req = request(app).post('/graphql').set('content-type', 'application/json');
  if (as.token) req.set('authorization', `Bearer ${as.token}`);
  if (as.apiKey) req.set('x-api-key', as.apiKey);
  if (as.lang) req.set('accept-language', as.lang);
  if (as.accept) req.set('accept', as.accept);
  if (as.requestId) req.set('x-request-id', as.requestId);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
}

export function departmentToken(department: DepartmentCode, sub = 'tester'): Promise<string> {
  return mintStaffToken(process.env.JWT_SECRET!, { sub, name: sub, department });
}

export function townshipToken(townshipCode: string, sub = 'caseworker'): Promise<string> {
  return mintStaffToken(process.env.JWT_SECRET!, { sub, name: sub, township: townshipCode });
}

/** A partner API key inserted straight into the database. */
export async function partnerApiKey(orm: MikroORM, partnerCode = 'county-trade-union'): Promise<{ token: string; keyId: string }> {
  const knex = orm.em.getKnex();
  const partner = await knex('partner_organisation').select('id').where({ code: partnerCode }).first();
  const key = newApiKey();
  await knex('partner_api_key').insert({ partner_id: partner.id, key_id: key.keyId, secret_hash: key.secretHash, label: 'test', created_by: 'test' });
  return { token: key.token, keyId: key.keyId };
}

/** A caller for every role of the matrix; the township role belongs to `townshipCode`. */
export async function callersByRole(orm: MikroORM, townshipCode: string): Promise<Record<Role, Caller>> {
  const { DEPARTMENT_CODES } = await import('../../src/shared/principal');
  const out: Partial<Record<Role, Caller>> = { ANONYMOUS: {}, TOWNSHIP: { token: await townshipToken(townshipCode) } };
  for (const d of DEPARTMENT_CODES) out[d] = { token: await departmentToken(d) };
  out.PARTNER = { apiKey: (await partnerApiKey(orm)).token };
  out.CHARITY_PLATFORM = { apiKey: (await charityPlatformApiKey(orm)).token }; // donors module (issue 12)
  return out as Record<Role, Caller>;
}

let idCounter = 0;
// A region code of this test file alone, so files sharing the run's database never collide.
const region = String(110000 + crypto.randomInt(0, 800000)).padStart(6, '0');

/** A valid id number for an invented person born on `birthDate` (male when odd counter). */
export function idNumber(birthDate = '1980-05-17', sex: 'MALE' | 'FEMALE' = 'MALE'): string {
  idCounter++;
  const seq = (idCounter % 500) * 2 + (sex === 'MALE' ? 1 : 0);
  const day = new Date(Date.parse(birthDate) - Math.floor(idCounter / 500) * 86400000).toISOString().slice(0, 10);
  const first17 = `${region}${day.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/**
 * A clock tests move by whole days (county calendar), to pass notice periods, or set to an
 * absolute instant (e.g. 17:00 UTC, when the county's day is already the next one); it keeps
 * ticking from there.
 */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(n: number): void {
    this.offsetMs += n * 86_400_000;
  }
  /** From now on the clock reads `instant` (an ISO string or a Date) and runs on from it. */
  setInstant(instant: string | Date): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }
}

// donors module (issue 12): a charity platform and its key, inserted straight into the database.
/** Code of the test charity platform callersByRole uses (designated, so it may carry money pledges). */
export const TEST_PLATFORM_CODE = 'test-charity-platform';

/** A charity platform's API key (the platform is created when missing). */
export async function charityPlatformApiKey(orm: MikroORM, platformCode = TEST_PLATFORM_CODE, opts: { designated?: boolean; scopes?: string[] } = {}): Promise<{ token: string; keyId: string; platformId: string }> {
  const knex = orm.em.getKnex();
  let platform = await knex('charity_platform').select('id').where({ code: platformCode }).first();
  if (!platform) {
    // A valid unified social credit code derived from the code (GB 32100 check character).
    const { socialCreditCheckCharacter } = await import('../../src/modules/donors/donors.service');
    const digits = String(parseInt(crypto.createHash('sha256').update(platformCode).digest('hex').slice(0, 12), 16)).padStart(9, '0').slice(0, 9);
    const first17 = `53350421${digits}`;
    await knex('charity_platform').insert({
      code: platformCode, name: `测试慈善平台${platformCode.slice(-4)}`, unified_social_credit_code: first17 + socialCreditCheckCharacter(first17),
      designated_fundraising_platform: opts.designated ?? true, designation_reference: (opts.designated ?? true) ? '民政部指定平台（测试）' : null,
      created_by: 'test', updated_by: 'test',
    }).onConflict('code').ignore();
    platform = await knex('charity_platform').select('id').where({ code: platformCode }).first();
  }
  const key = newApiKey();
  await knex('charity_platform_api_key').insert({
    platform_id: platform.id, key_id: key.keyId, secret_hash: key.secretHash, label: 'test', created_by: 'test',
    scopes: opts.scopes ?? ['DONORS', 'PLEDGES', 'NEEDS_READ', 'SUBSCRIPTIONS'],
  });
  return { token: key.token, keyId: key.keyId, platformId: String(platform.id) };
}
