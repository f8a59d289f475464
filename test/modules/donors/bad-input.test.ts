/**
 * Bad input of the donors module (issue 12): each answered with a userError with a stable code,
 * nothing written, never a 500 — zero or negative quantities, a window that ended, an area that
 * does not exist, a unit the value table does not know, money through a platform not designated
 * for public fundraising, a partner that does not give, allocating more than remains or more than
 * the need lacks, confirming receipt of something never dispatched.
 */
import { charityPlatformApiKey, gql, partnerApiKey, TestApp } from '../../support/app';
import {
  ACCEPT, approve, CONFIRM, confirmedHousehold, CREATE_PLEDGE, createPledge, startDonorWorld, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor,
} from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
let donor: string;
let need: { id: string; version: number };

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
  donor = await registerDonor(t.app, w.platform);
  const h = await confirmedHousehold(t.app, t.orm, w, '输入户主', ['MINIMUM_LIVING_ALLOWANCE'], []);
  need = await publishNeed(t.app, w, h.id, 'LIVING', 20000, 'MEDIUM');
});
afterAll(() => t.close());

const counts = async () => {
  const knex = t.orm.em.getKnex();
  const [p, m, a] = await Promise.all(['pledge', 'donation_match', 'donation_allocation'].map((tb) => knex(tb).count({ n: '*' }).first()));
  return [p, m, a].map((x) => Number(x!.n));
};

describe('pledges', () => {
  const base = () => ({ donor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'COUNTY', quantity: 1000, description: '救助金', validUntil: inDays(10) });
  const cases: Array<[string, Record<string, unknown>, string, string[]]> = [
    ['zero quantity', { quantity: 0 }, 'QUANTITY_NOT_POSITIVE', ['input', 'quantity']],
    ['negative quantity', { quantity: -5 }, 'QUANTITY_NOT_POSITIVE', ['input', 'quantity']],
    ['a window that ended', { validUntil: '2020-01-31' }, 'WINDOW_ENDED', ['input', 'validUntil']],
    ['a window ending before it opens', { validFrom: inDays(5), validUntil: inDays(2) }, 'OUT_OF_RANGE', ['input', 'validUntil']],
    ['a township that does not exist', { areaLevel: 'TOWNSHIP', township: Buffer.from('Township:999999999').toString('base64url') }, 'UNKNOWN_AREA', ['input', 'township']],
    ['a township id that is no id', { areaLevel: 'TOWNSHIP', township: 'garbage' }, 'UNKNOWN_AREA', ['input', 'township']],
    ['a community missing', { areaLevel: 'COMMUNITY' }, 'UNKNOWN_AREA', ['input', 'community']],
    ['no need kinds', { needKinds: [] }, 'REQUIRED', ['input', 'needKinds']],
    ['goods of a unit the value table does not know', { resource: 'GOODS', unit: '吨', quantity: 2 }, 'UNIT_NOT_VALUED', ['input', 'unit']],
    ['goods without a unit', { resource: 'GOODS', quantity: 2 }, 'REQUIRED', ['input', 'unit']],
    ['a cap above the quantity', { capPerHousehold: 5000 }, 'OUT_OF_RANGE', ['input', 'capPerHousehold']],
    ['a phone number in the description', { description: '联系13800000000' }, 'PERSONAL_DATA_IN_TEXT', ['input', 'description']],
    ['a donor of nobody', { donor: Buffer.from('Donor:999999999').toString('base64url') }, 'NOT_FOUND', ['input', 'donor']],
  ];
  it.each(cases)('%s → %s, nothing written', async (_name, change, code, field) => {
    const before = await counts();
    const r = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), ...change } }, w.platform);
    expect(r.status).toBe(200);
    expect(r.data.createPledge).toEqual({ pledge: null, userErrors: [{ code, field }] });
    expect(await counts()).toEqual(before);
  });

  it('an impossible date is refused by the Date scalar with a coded error, nothing written', async () => {
    const before = await counts();
    const r = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), validUntil: '2026-02-30' } }, w.platform);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(await counts()).toEqual(before);
  });

  it('money only through a platform designated for internet public fundraising', async () => {
    const plain = { apiKey: (await charityPlatformApiKey(t.orm, `plain-${Date.now()}`, { designated: false })).token };
    const d = await registerDonor(t.app, plain);
    const r = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), donor: d } }, plain);
    expect(r.data.createPledge.userErrors).toEqual([{ code: 'NOT_DESIGNATED_PLATFORM', field: ['input', 'resource'] }]);
    // Goods are fine for it: the platform records, it does not collect money.
    const goods = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), donor: d, resource: 'GOODS', unit: '件', quantity: 3 } }, plain);
    expect(goods.data.createPledge.userErrors).toEqual([]);
  });

  it('a partner that does not give (the power company) cannot pledge; the trade union can, without a donor', async () => {
    const power = { apiKey: (await partnerApiKey(t.orm, 'county-power-supply')).token };
    const r = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), donor: null } }, power);
    expect(r.data.createPledge.userErrors).toEqual([{ code: 'NOT_A_GIVING_PARTNER', field: ['input'] }]);
    const union = { apiKey: (await partnerApiKey(t.orm, 'county-trade-union')).token };
    const ok = await gql(t.app, CREATE_PLEDGE, { i: { ...base(), donor: null, resource: 'VOLUNTEER_HOURS', unit: '小时', quantity: 20 } }, union);
    expect(ok.data.createPledge.userErrors).toEqual([]);
    expect(ok.data.createPledge.pledge).toMatchObject({ pledgerName: '县总工会', unitValue: 3000, value: 60000 });
  });
});

describe('matches', () => {
  it('more than remains, more than the need lacks, outside the area or kind, unapproved or ended pledges: refused, nothing written', async () => {
    const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
      donor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 15000, description: '救助金', validUntil: inDays(10),
    }));
    const other = await createPledge(t.app, w.platform, { donor, resource: 'MONEY', needKinds: ['MEDICAL'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 5000, description: '救助金', validUntil: inDays(10) });
    const before = await counts();
    const propose = (p: string, quantity: number) => gql(t.app, PROPOSE, { i: { pledge: p, need: need.id, quantity } }, w.civilizationOffice);
    const codes = async (p: string, q: number) => (await propose(p, q)).data.proposeDonationMatch.userErrors.map((e: any) => e.code);
    expect(await codes(pledge.id, 16000)).toEqual(['EXCEEDS_PLEDGE']);
    expect(await codes(pledge.id, 0)).toEqual(['QUANTITY_NOT_POSITIVE']);
    expect(await codes(other.id, 100)).toEqual(['PLEDGE_NOT_APPROVED']);
    const approvedOther = await approve(t.app, w.civilAffairs, other);
    expect(await codes(approvedOther.id, 100)).toEqual(['NEED_KIND_NOT_PLEDGED']);
    expect(await counts()).toEqual(before);

    // Accepting re-checks under the locks: two proposals of 12,000 against a need of 20,000.
    const a = (await propose(pledge.id, 12000)).data.proposeDonationMatch.match;
    const before2 = await counts();
    const first = await gql(t.app, ACCEPT, { i: { match: a.id, version: a.version } }, w.townshipCaller);
    expect(first.data.acceptDonationMatch.userErrors).toEqual([]);
    const b = (await propose(pledge.id, 3000)).data.proposeDonationMatch.match;
    const bigger = await propose(pledge.id, 9000);
    expect(bigger.data.proposeDonationMatch.userErrors).toEqual([expect.objectContaining({ code: 'EXCEEDS_PLEDGE' })]);
    const accepted = await gql(t.app, ACCEPT, { i: { match: b.id, version: b.version } }, w.townshipCaller);
    expect(accepted.data.acceptDonationMatch.userErrors).toEqual([]);
    const again = await gql(t.app, ACCEPT, { i: { match: b.id, version: b.version + 1 } }, w.townshipCaller);
    expect(again.data.acceptDonationMatch.userErrors.map((e: any) => e.code)).toEqual(['WRONG_MATCH_STATE']);
    const [, , allocations] = await counts();
    expect(allocations).toBe(before2[2] + 2);

    // Receipt of something never dispatched.
    const notDispatched = await gql(t.app, CONFIRM, { i: { match: b.id, version: b.version + 1, outcome: 'RECEIVED' } }, w.townshipCaller);
    expect(notDispatched.data.confirmDonationReceipt.userErrors).toEqual([{ code: 'NOT_DISPATCHED', field: ['input', 'match'] }]);
  });

  it('a match of another township is not found for a township; wrong ids are NOT_FOUND, never a 500', async () => {
    for (const match of ['x', Buffer.from('DonationMatch:999999999').toString('base64url'), Buffer.from('Pledge:1').toString('base64url')]) {
      const r = await gql(t.app, ACCEPT, { i: { match, version: 1 } }, w.townshipCaller);
      expect([match, r.status, r.data.acceptDonationMatch.userErrors.map((e: any) => e.code)]).toEqual([match, 200, ['NOT_FOUND']]);
    }
  });
});
