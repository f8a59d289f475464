/**
 * Helpers of the donors tests (issue 12): a township with confirmed households and published
 * needs, a platform with a donor, pledges approved by the civilization office — all through the
 * HTTP API except the confirmation shortcut of fixtures.ts.
 */
import crypto from 'node:crypto';
import type { Express } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Caller, charityPlatformApiKey, departmentToken, gql, startApp, TestApp, townshipToken } from './app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from './fixtures';

export const PLEDGE_FIELDS = `id status version resource quantity unit unitValue value remaining capPerHousehold needKinds areaLevel validUntil pledgerName`;
export const MATCH_FIELDS = `id status version quantity value needKind area { level township community } factors { factor value points } proposedOn decidedOn dispatchedOn confirmedOn receiptNote`;

export interface DonorWorld {
  township: TestTownship;
  townshipCaller: Caller;
  civilAffairs: Caller;
  civilizationOffice: Caller;
  platform: Caller & { platformId: string; code: string };
}

/** The app and a fresh donor world on it: the beforeAll of every donors test file. */
export async function startDonorWorld(env: Record<string, string> = {}): Promise<{ t: TestApp; w: DonorWorld }> {
  const t = await startApp(env);
  return { t, w: await donorWorld(t.orm) };
}

export async function donorWorld(orm: MikroORM): Promise<DonorWorld> {
  const township = await newTownship(orm);
  const code = `tp-${crypto.randomUUID().slice(0, 8)}`;
  const key = await charityPlatformApiKey(orm, code);
  return {
    township,
    townshipCaller: { token: await townshipToken(township.code) },
    civilAffairs: { token: await departmentToken('CIVIL_AFFAIRS') },
    civilizationOffice: { token: await departmentToken('CIVILIZATION_OFFICE') },
    platform: { apiKey: key.token, platformId: key.platformId, code },
  };
}

/** A confirmed household of the township (categories and causes set its vulnerability), in community `c`. */
export async function confirmedHousehold(app: Express, orm: MikroORM, w: DonorWorld, name: string, categories: string[], causes: string[], c = 0): Promise<{ id: string; card: string | null }> {
  const h = await registerHousehold(app, w.townshipCaller.token!, householdInput(w.township, [member({ name })], { community: w.township.communities[c].globalId }));
  await confirm(orm, h.id, categories, causes);
  const card = `T${crypto.randomInt(0, 1e9).toString().padStart(9, '0')}`;
  await orm.em.getKnex()('household').update({ assistance_card_number: card }).where({ id: Buffer.from(h.id, 'base64url').toString().split(':')[1] });
  return { id: h.id, card };
}

export async function publishNeed(app: Express, w: DonorWorld, household: string, kind: string, uncoveredAmount: number, urgency: string, description = '冬季生活物资缺口'): Promise<{ id: string; version: number }> {
  const r = await gql(app, `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id version } userErrors { code } } }`,
    { i: { household, kind, uncoveredAmount, urgency, description } }, w.townshipCaller);
  if (!r.data?.publishNeed?.need) throw new Error(JSON.stringify(r.body));
  return r.data.publishNeed.need;
}

export async function registerDonor(app: Express, platform: Caller, displayName = '爱心人士张先生', ref = `D-${crypto.randomUUID().slice(0, 8)}`): Promise<string> {
  const r = await gql(app, `mutation($i: RegisterDonorInput!) { registerDonor(input: $i) { donor { id } userErrors { code } } }`,
    { i: { displayName, kind: 'INDIVIDUAL', platformReference: ref } }, platform);
  if (!r.data?.registerDonor?.donor) throw new Error(JSON.stringify(r.body));
  return r.data.registerDonor.donor.id;
}

export const CREATE_PLEDGE = `mutation($i: CreatePledgeInput!) { createPledge(input: $i) { pledge { ${PLEDGE_FIELDS} } userErrors { code field } } }`;

export async function createPledge(app: Express, as: Caller, input: Record<string, unknown>): Promise<{ id: string; version: number; [k: string]: unknown }> {
  const r = await gql(app, CREATE_PLEDGE, { i: input }, as);
  if (!r.data?.createPledge?.pledge) throw new Error(JSON.stringify(r.body));
  return r.data.createPledge.pledge;
}

export async function approve(app: Express, as: Caller, pledge: { id: string; version: number }): Promise<{ id: string; version: number }> {
  const r = await gql(app, `mutation($i: DecidePledgeInput!) { approvePledge(input: $i) { pledge { id version status } userErrors { code } } }`,
    { i: { pledge: pledge.id, version: pledge.version } }, as);
  if (r.data?.approvePledge?.pledge?.status !== 'APPROVED') throw new Error(JSON.stringify(r.body));
  return r.data.approvePledge.pledge;
}

export const PROPOSE = `mutation($i: ProposeDonationMatchInput!) { proposeDonationMatch(input: $i) { match { ${MATCH_FIELDS} } userErrors { code field message } } }`;
export const ACCEPT = `mutation($i: DecideDonationMatchInput!) { acceptDonationMatch(input: $i) { match { ${MATCH_FIELDS} } userErrors { code field message } } }`;
export const DISPATCH = `mutation($i: DispatchDonationInput!) { dispatchDonation(input: $i) { match { ${MATCH_FIELDS} } userErrors { code field } } }`;
export const CONFIRM = `mutation($i: ConfirmDonationReceiptInput!) { confirmDonationReceipt(input: $i) { match { ${MATCH_FIELDS} } userErrors { code field } } }`;

export const CANDIDATES = `query($p: String!, $n: Int) { pledgeCandidates(pledge: $p, first: $n) {
  rank score kind urgency lackingAmount factors { factor value points maxPoints }
  donationNeed { id kind uncoveredAmount lackingAmount urgency description area { level township community } publishedOn pseudonymExpiresOn }
  need { id } } }`;

/** Days from today (county calendar of the machine clock). */
export function inDays(n: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}
