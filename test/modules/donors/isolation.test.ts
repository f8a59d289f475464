/**
 * The family stays anonymous (issue 12, item 5): through no path — lists, node(id:), rankings,
 * matches, fulfilment, traces, errors, webhooks — does a charity platform reach a household, a
 * person, a card number or a contact; a platform never reaches another platform's donors or
 * pledges; errors do not confirm that something exists.
 */
import { GraphQLNamedType, GraphQLObjectType, isListType, isNonNullType, GraphQLOutputType } from 'graphql';
import { createSchema } from '../../../src/graphql/schema';
import { charityPlatformApiKey, gql, TestApp } from '../../support/app';
import { dbId } from '../../support/ids';
import {
  ACCEPT, approve, CANDIDATES, confirmedHousehold, CREATE_PLEDGE, createPledge, DISPATCH, startDonorWorld, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor,
} from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
let other: { apiKey: string };
const ids: Record<string, string> = {};
let household: { id: string; card: string | null };

beforeAll(async () => {
  ({ t, w } = await startDonorWorld({ WEBHOOK_ALLOW_LOOPBACK: 'true' }));
  other = { apiKey: (await charityPlatformApiKey(t.orm, `other-${Date.now()}`)).token };
  household = await confirmedHousehold(t.app, t.orm, w, '隔离户主', ['EXTREME_POVERTY'], ['ILLNESS']);
  const need = await publishNeed(t.app, w, household.id, 'LIVING', 50000, 'HIGH');
  ids.need = need.id;
  ids.household = household.id;
  const persons = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { members { id } } } }`, { id: household.id }, w.townshipCaller);
  ids.person = persons.data.node.members[0].id;
  ids.donor = await registerDonor(t.app, w.platform, '隔离测试捐赠人');
  await gql(t.app, `mutation { subscribeToDonationNotices(input: { url: "http://127.0.0.1:9/isolation" }) { userErrors { code } } }`, {}, w.platform);
  const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor: ids.donor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 30000, description: '生活救助金', validUntil: inDays(10),
  }));
  ids.pledge = pledge.id;
  const ranked = await gql(t.app, CANDIDATES, { p: pledge.id, n: 5 }, w.platform);
  ids.pseudonym = ranked.data.pledgeCandidates[0].donationNeed.id;
  const proposed = await gql(t.app, PROPOSE, { i: { pledge: pledge.id, need: ids.pseudonym, quantity: 10000 } }, w.platform);
  const accepted = await gql(t.app, ACCEPT, { i: { match: proposed.data.proposeDonationMatch.match.id, version: proposed.data.proposeDonationMatch.match.version } }, w.townshipCaller);
  ids.match = accepted.data.acceptDonationMatch.match.id;
  ids.matchVersion = String(accepted.data.acceptDonationMatch.match.version);
});
afterAll(async () => {
  await t.orm.em.getKnex()('platform_subscription').update({ active: false }).where({ platform_id: w.platform.platformId });
  await t.close();
});

describe('no type a platform can reach leads to the family', () => {
  it('DonationNeed, RankedNeed, DonationMatch, PledgeTrace, Pledge and Donor have no field of a household, person or contact, and no way back to Need but staff-only fields', async () => {
    const schema = await createSchema();
    const named = (type: GraphQLOutputType): GraphQLNamedType => (isListType(type) || isNonNullType(type) ? named(type.ofType) : type);
    const forbidden = /headName|contact|phone|address|assistanceCard|idNumber|members|person/i;
    for (const name of ['DonationNeed', 'DonationArea', 'PledgeTrace', 'PledgeTraceEntry', 'Pledge', 'Donor', 'RankedNeed', 'RankingFactor', 'DonationMatch', 'AllocationRun']) {
      const type = schema.getType(name) as GraphQLObjectType;
      for (const [field, def] of Object.entries(type.getFields())) {
        expect([name, field, forbidden.test(field)]).toEqual([name, field, false]);
        expect([name, field, ['Household', 'Person', 'PairedHousehold'].includes(named(def.type).name)]).toEqual([name, field, false]);
      }
    }
  });

  it('node(id:) with ids of households, persons, needs and the pledge, donor and match of another platform answers null', async () => {
    const Q = `query($id: ID!) { node(id: $id) { id } }`;
    for (const key of ['household', 'person', 'need', 'pledge', 'donor', 'match', 'pseudonym']) {
      const r = await gql(t.app, Q, { id: ids[key] }, other);
      expect([key, r.status, r.data.node]).toEqual([key, 200, null]);
    }
    // The own platform reaches its pledge, donor, match and the need under its pseudonym — never the household, person or Need.
    for (const key of ['pledge', 'donor', 'match', 'pseudonym']) {
      const r = await gql(t.app, Q, { id: ids[key] }, w.platform);
      expect([key, r.data.node?.id]).toEqual([key, ids[key]]);
    }
    for (const key of ['household', 'person', 'need']) {
      const r = await gql(t.app, Q, { id: ids[key] }, w.platform);
      expect([key, r.data.node]).toEqual([key, null]);
    }
  });

  it('lists of another platform hold nothing of the first one; registry lists are refused', async () => {
    const lists = await gql(t.app, `{ pledges(first: 50) { nodes { id } } donors(first: 50) { nodes { id } } donationMatches(first: 50) { nodes { id } } }`, {}, other);
    expect(lists.data.pledges.nodes.map((n: any) => n.id)).not.toContain(ids.pledge);
    expect(lists.data.donors.nodes.map((n: any) => n.id)).not.toContain(ids.donor);
    expect(lists.data.donationMatches.nodes.map((n: any) => n.id)).not.toContain(ids.match);
    for (const q of ['{ households(first: 1) { totalCount } }', '{ persons(first: 1) { totalCount } }', '{ needs(first: 1) { totalCount } }', '{ assistanceChain(household: "x") { totals { source } } }']) {
      expect([q, (await gql(t.app, q, {}, w.platform)).status]).toEqual([q, 403]);
    }
    // Another platform's ranking of the pledge: null, as for a pledge that does not exist.
    const ranked = await gql(t.app, CANDIDATES, { p: ids.pledge, n: 5 }, other);
    expect(ranked.data.pledgeCandidates).toBeNull();
  });

  it('the pseudonym differs per platform and opens only for its own platform', async () => {
    const otherDonor = await registerDonor(t.app, other);
    const otherPledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, other, {
      donor: otherDonor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 1000, description: '生活救助金', validUntil: inDays(10),
    }));
    const theirs = await gql(t.app, CANDIDATES, { p: otherPledge.id, n: 50 }, other);
    const names = theirs.data.pledgeCandidates.map((c: any) => c.donationNeed.id);
    expect(names).not.toContain(ids.pseudonym);
    expect(names.length).toBeGreaterThan(0);
    // The first platform's pseudonym (or the real Need id) names nothing for the other one: NOT_FOUND, nothing written.
    for (const need of [ids.pseudonym, ids.need]) {
      const r = await gql(t.app, PROPOSE, { i: { pledge: otherPledge.id, need, quantity: 100 } }, other);
      expect(r.data.proposeDonationMatch.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    }
  });

  it('acting on another platform\'s donors, pledges or matches answers exactly as for ones that do not exist', async () => {
    const unknown = Buffer.from('Donor:999999999').toString('base64url');
    const pledgeOf = (donor: string) => gql(t.app, CREATE_PLEDGE, { i: { donor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'COUNTY', quantity: 100, description: '测试', validUntil: inDays(5) } }, { ...other, lang: 'en' });
    const a = await pledgeOf(ids.donor);
    const b = await pledgeOf(unknown);
    expect(a.data.createPledge.userErrors).toEqual(b.data.createPledge.userErrors);
    expect(a.data.createPledge.userErrors[0].code).toBe('NOT_FOUND');
    const dispatch = await gql(t.app, DISPATCH, { i: { match: ids.match, version: Number(ids.matchVersion) } }, { ...other, lang: 'en' });
    const dispatchUnknown = await gql(t.app, DISPATCH, { i: { match: Buffer.from('DonationMatch:999999999').toString('base64url'), version: 1 } }, { ...other, lang: 'en' });
    expect(dispatch.data.dispatchDonation.userErrors).toEqual(dispatchUnknown.data.dispatchDonation.userErrors);
    const propose = await gql(t.app, PROPOSE, { i: { pledge: ids.pledge, need: ids.pseudonym, quantity: 100 } }, other);
    expect(propose.data.proposeDonationMatch.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    expect(Number((await t.orm.em.getKnex()('donation_match').where({ pledge_id: dbId(ids.pledge) }).count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('the platform\'s own view of its match and trace carries nothing of the family', async () => {
    const r = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on DonationMatch { status value needKind area { level township community } need { id } donationNeed { id kind area { community } }
      pledge { trace { entries { needKind area { township community } value } } } } } }`, { id: ids.match }, w.platform);
    expect(r.data.node).toMatchObject({ status: 'ALLOCATED', value: 10000, needKind: 'LIVING', need: null, donationNeed: { id: ids.pseudonym } });
    const body = JSON.stringify(r.body);
    for (const s of ['隔离户主', '13800000000', '测试路', household.card!, ids.household, ids.need]) expect([s, body.includes(s)]).toEqual([s, false]);
  });

  it('webhook payloads to the platform name no household, person, card or contact', async () => {
    // Decided, allocated: two messages at least for the platform's subscription.
    const rows = await t.orm.em.getKnex()('outbox_message as m').join('platform_subscription as s', 's.id', 'm.platform_subscription_id')
      .where('s.platform_id', w.platform.platformId).select('m.event_type', 'm.payload');
    expect(rows.map((r) => r.event_type)).toEqual(expect.arrayContaining(['donation.pledge.decided', 'donation.allocation.decided']));
    const text = JSON.stringify(rows);
    for (const s of ['隔离户主', '13800000000', '测试路', household.card!, ids.household, ids.need]) expect([s, text.includes(s)]).toEqual([s, false]);
  });

  it('a key without NEEDS_READ cannot read needs; a revoked key is refused', async () => {
    const limited = await charityPlatformApiKey(t.orm, w.platform.code, { scopes: ['DONORS'] });
    expect((await gql(t.app, '{ donationNeeds(first: 1) { totalCount } }', {}, { apiKey: limited.token })).status).toBe(403);
    await t.orm.em.getKnex()('charity_platform_api_key').update({ revoked_at: new Date() }).where({ key_id: limited.keyId });
    expect((await gql(t.app, '{ viewer { kind } }', {}, { apiKey: limited.token })).status).toBe(401);
    const viewer = await gql(t.app, '{ viewer { kind role } }', {}, w.platform);
    expect(viewer.data.viewer).toEqual({ kind: 'CHARITY_PLATFORM', role: 'CHARITY_PLATFORM' });
  });
});
