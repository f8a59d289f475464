/**
 * Issue 12 "Done when", end to end through the HTTP API: a platform registers a donor, a goods
 * pledge and a money pledge; they are approved; matching ranks needs with reasons; under shortage
 * the fair allocation follows its rules and publishes its figures; the township confirms receipt
 * (one with problems); the household's assistance chain shows every source; the donor's trace
 * shows where the gift went and nothing that identifies the family. R18, R20, R21.
 */
import { gql, TestApp } from '../../support/app';
import { dbId } from '../../support/ids';
import {
  ACCEPT, approve, CANDIDATES, CONFIRM, confirmedHousehold, createPledge, DISPATCH, startDonorWorld, DonorWorld, inDays, MATCH_FIELDS, publishNeed, registerDonor,
} from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
const H: Record<string, { id: string; card: string | null }> = {};
const N: Record<string, { id: string; version: number }> = {};

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
  // Vulnerability from categories and causes: the orphan household with illness ranks above the others.
  H.urgentVulnerable = await confirmedHousehold(t.app, t.orm, w, '甲户主', ['ORPHAN', 'MINIMUM_LIVING_ALLOWANCE'], ['ILLNESS', 'DISABILITY']);
  H.urgent = await confirmedHousehold(t.app, t.orm, w, '乙户主', ['MINIMUM_LIVING_ALLOWANCE'], []);
  H.medium = await confirmedHousehold(t.app, t.orm, w, '丙户主', ['MINIMUM_LIVING_ALLOWANCE'], ['ILLNESS'], 1);
  H.low = await confirmedHousehold(t.app, t.orm, w, '丁户主', ['EXPENDITURE_LOW_INCOME'], []);
  N.urgentVulnerable = await publishNeed(t.app, w, H.urgentVulnerable.id, 'LIVING', 40000, 'HIGH');
  N.urgent = await publishNeed(t.app, w, H.urgent.id, 'LIVING', 40000, 'HIGH');
  N.medium = await publishNeed(t.app, w, H.medium.id, 'LIVING', 40000, 'MEDIUM');
  N.low = await publishNeed(t.app, w, H.low.id, 'LIVING', 40000, 'LOW');
  N.medical = await publishNeed(t.app, w, H.medium.id, 'MEDICAL', 30000, 'HIGH', '住院自付费用缺口');
});
afterAll(() => t.close());

describe('donor → pledges → approval → ranking → fair allocation → fulfilment → trace', () => {
  let donor: string;
  let goods: { id: string; version: number };
  let money: { id: string; version: number };

  it('a platform registers a donor, a goods pledge and a money pledge; they wait for review', async () => {
    donor = await registerDonor(t.app, w.platform, '爱心企业某公司');
    // 8 bags of rice (100 yuan each by the default value table) for LIVING needs in the township, at most 4 to one household.
    goods = await createPledge(t.app, w.platform, {
      donor, resource: 'GOODS', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 8, unit: '袋',
      capPerHousehold: 4, description: '大米 8 袋', validUntil: inDays(30),
    });
    expect(goods).toMatchObject({ status: 'PENDING', resource: 'GOODS', quantity: 8, unit: '袋', unitValue: 10000, value: 80000, remaining: 8 });
    money = await createPledge(t.app, w.platform, {
      donor, resource: 'MONEY', needKinds: ['LIVING', 'MEDICAL'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 60000,
      description: '医疗与生活救助金', validUntil: inDays(60),
    });
    expect(money).toMatchObject({ status: 'PENDING', unit: '分', unitValue: 1, value: 60000, pledgerName: expect.stringContaining('爱心企业某公司') });
    // Not matchable before review.
    const early = await gql(t.app, `mutation($i: ProposeDonationMatchInput!) { proposeDonationMatch(input: $i) { userErrors { code } } }`,
      { i: { pledge: money.id, need: N.medical.id, quantity: 1000 } }, w.civilizationOffice);
    expect(early.data.proposeDonationMatch.userErrors).toEqual([{ code: 'PLEDGE_NOT_APPROVED' }]);
  });

  it('the civilization office approves both; a second decision is refused (the pledger is told once)', async () => {
    goods = await approve(t.app, w.civilizationOffice, goods);
    money = await approve(t.app, w.civilAffairs, money);
    const again = await gql(t.app, `mutation($i: DecidePledgeInput!) { blockPledge(input: $i) { userErrors { code } } }`,
      { i: { pledge: goods.id, version: goods.version, reason: '重复' } }, w.civilAffairs);
    expect(again.data.blockPledge.userErrors).toEqual([{ code: 'ALREADY_DECIDED' }]);
  });

  it('ranks candidate needs for the goods pledge with the factors that placed them', async () => {
    const r = await gql(t.app, CANDIDATES, { p: goods.id, n: 10 }, w.platform);
    const ranked = r.data.pledgeCandidates;
    // Only LIVING needs of the township: the medical need is filtered out.
    expect(ranked.map((c: any) => c.urgency)).toEqual(['HIGH', 'HIGH', 'MEDIUM', 'LOW']);
    expect(ranked[0].factors.map((f: any) => f.factor)).toEqual(['URGENCY', 'VULNERABILITY', 'DAYS_WAITING', 'SHARE_COVERED', 'AREA_DISTANCE']);
    // The orphan household with illness and disability: vulnerability 3 + 2 + 2 = 7, above the other urgent one (2).
    expect(ranked[0].factors.find((f: any) => f.factor === 'VULNERABILITY').value).toBe(7);
    expect(ranked[1].factors.find((f: any) => f.factor === 'VULNERABILITY').value).toBe(2);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    expect(ranked[0].score).toBeCloseTo(ranked[0].factors.reduce((s: number, f: any) => s + f.points, 0), 1);
    // The platform sees the need anonymised: a pseudonym, never the Need.
    expect(ranked[0].need).toBeNull();
    expect(ranked[0].donationNeed).toMatchObject({ kind: 'LIVING', uncoveredAmount: 40000, lackingAmount: 40000, urgency: 'HIGH', description: '冬季生活物资缺口' });
    // Two households in the community (< k = 5): shown as the township only.
    expect(ranked[0].donationNeed.area).toEqual({ level: 'TOWNSHIP', township: expect.any(String), community: null });
    expect(Buffer.from(ranked[0].donationNeed.id, 'base64url').toString()).toMatch(/^DonationNeed:[A-Za-z0-9_-]{54}$/);
    // Staff rank the same pledge and see the Need.
    const staff = await gql(t.app, CANDIDATES, { p: goods.id, n: 10 }, w.civilizationOffice);
    expect(staff.data.pledgeCandidates.map((c: any) => c.need.id)).toEqual([N.urgentVulnerable.id, N.urgent.id, N.medium.id, N.low.id]);
    expect(staff.data.pledgeCandidates[0].donationNeed).toBeNull();
  });

  it('ranks candidate pledges for a need (staff)', async () => {
    const r = await gql(t.app, `query($n: String!) { needCandidates(need: $n) { rank score factors { factor value points } pledge { id } } }`, { n: N.medical.id }, w.townshipCaller);
    expect(r.data.needCandidates.map((c: any) => c.pledge.id)).toEqual([money.id]);
    expect(r.data.needCandidates[0].factors.map((f: any) => f.factor)).toEqual(['AREA_DISTANCE', 'COVERS_LACK', 'WINDOW_DAYS_LEFT']);
  });

  let runId: string;
  it('under shortage the fair allocation follows priority and the household cap, and publishes its figures', async () => {
    const r = await gql(t.app, `mutation($t: ID) { runFairAllocation(input: { township: $t }) { run { id township { id } tieBreakSeed householdShareCap proposals largestShareOfPledge largestShareOfRun
      coverageByTownship { township needs needsServed needsFullyCovered lacking proposedValue coverage }
      waitingByUrgency { urgency needs served averageDaysWaitingServed } } userErrors { code } } }`, { t: w.township.globalId }, w.civilAffairs);
    expect(r.data.runFairAllocation.userErrors).toEqual([]);
    const run = r.data.runFairAllocation.run;
    runId = run.id;
    expect(run.tieBreakSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(run.householdShareCap).toBe(0.25);
    // No household gets more than a quarter of a pledge (8 bags → 2 each; 60000 fen → 15000 each).
    expect(run.largestShareOfPledge).toBeLessThanOrEqual(0.25);
    expect(run.township.id).toBe(w.township.globalId);
    // A run for the township: its five needs only.
    expect(run.coverageByTownship).toHaveLength(1);
    const mine = run.coverageByTownship[0];
    expect(mine).toMatchObject({ needs: 5, needsServed: 5, lacking: 190000, proposedValue: 140000 });
    expect(mine.proposedValue).toBeGreaterThan(0);
    expect(mine.proposedValue).toBeLessThanOrEqual(80000 + 60000);
    expect(run.waitingByUrgency.map((x: any) => x.urgency)).toEqual(['HIGH', 'MEDIUM', 'LOW']);

    const matches = await gql(t.app, `query($r: ID) { donationMatches(first: 50, filter: { run: $r }) { nodes { ${MATCH_FIELDS} pledge { id } need { id } } } }`, { r: runId }, w.civilAffairs);
    const mineOnly = matches.data.donationMatches.nodes.filter((m: any) => [goods.id, money.id].includes(m.pledge.id));
    const goodsTo = (need: string) => mineOnly.filter((m: any) => m.pledge.id === goods.id && m.need.id === need).reduce((s: number, m: any) => s + m.quantity, 0);
    // Priority: both urgent needs get their capped share of the rice (2 bags each) before the medium and low ones.
    expect(goodsTo(N.urgentVulnerable.id)).toBe(2);
    expect(goodsTo(N.urgent.id)).toBe(2);
    expect(goodsTo(N.medium.id)).toBe(2);
    expect(goodsTo(N.low.id)).toBe(2);
    // Money (capped at 15000 per household) reaches the urgent medical need.
    const medical = mineOnly.find((m: any) => m.pledge.id === money.id && m.need.id === N.medical.id);
    expect(medical).toMatchObject({ status: 'PROPOSED', quantity: 15000, value: 15000 });
    for (const m of mineOnly) expect(m.status).toBe('PROPOSED');
  });

  let allocated: any[];
  it('the township accepts the proposals: allocations, remaining computed from the ledger', async () => {
    const matches = await gql(t.app, `query($r: ID) { donationMatches(first: 50, filter: { run: $r }) { nodes { id version pledge { id } } } }`, { r: runId }, w.townshipCaller);
    // The township sees only its own households' matches.
    const mine = matches.data.donationMatches.nodes;
    expect(mine.every((m: any) => [goods.id, money.id].includes(m.pledge.id))).toBe(true);
    allocated = [];
    for (const m of mine) {
      const r = await gql(t.app, ACCEPT, { i: { match: m.id, version: m.version } }, w.townshipCaller);
      expect(r.data.acceptDonationMatch.userErrors).toEqual([]);
      allocated.push(r.data.acceptDonationMatch.match);
    }
    expect(allocated.every((m) => m.status === 'ALLOCATED')).toBe(true);
    const p = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Pledge { remaining } } }`, { id: goods.id }, w.platform);
    expect(p.data.node.remaining).toBe(0);
  });

  it('the platform dispatches; the township confirms receipt, one with problems; receipt of nothing dispatched is refused', async () => {
    const [first, second, ...rest] = allocated;
    const notYet = await gql(t.app, CONFIRM, { i: { match: first.id, version: first.version, outcome: 'RECEIVED' } }, w.townshipCaller);
    expect(notYet.data.confirmDonationReceipt.userErrors).toEqual([{ code: 'NOT_DISPATCHED', field: ['input', 'match'] }]);
    const dispatched = [];
    for (const m of [first, second, ...rest]) {
      const r = await gql(t.app, DISPATCH, { i: { match: m.id, version: m.version, note: '物流单号 SF-0001' } }, w.platform);
      expect(r.data.dispatchDonation.userErrors).toEqual([]);
      dispatched.push(r.data.dispatchDonation.match);
    }
    const ok = await gql(t.app, CONFIRM, { i: { match: dispatched[0].id, version: dispatched[0].version, outcome: 'RECEIVED' } }, w.townshipCaller);
    expect(ok.data.confirmDonationReceipt.match).toMatchObject({ status: 'RECEIVED' });
    const noNote = await gql(t.app, CONFIRM, { i: { match: dispatched[1].id, version: dispatched[1].version, outcome: 'RECEIVED_WITH_PROBLEMS' } }, w.townshipCaller);
    expect(noNote.data.confirmDonationReceipt.userErrors).toEqual([{ code: 'REQUIRED', field: ['input', 'note'] }]);
    const problems = await gql(t.app, CONFIRM, { i: { match: dispatched[1].id, version: dispatched[1].version, outcome: 'RECEIVED_WITH_PROBLEMS', note: '两袋包装破损' } }, w.townshipCaller);
    expect(problems.data.confirmDonationReceipt.match).toMatchObject({ status: 'RECEIVED_WITH_PROBLEMS', receiptNote: '两袋包装破损' });
    for (const m of dispatched.slice(2)) {
      const r = await gql(t.app, CONFIRM, { i: { match: m.id, version: m.version, outcome: 'RECEIVED' } }, w.townshipCaller);
      expect(r.data.confirmDonationReceipt.userErrors).toEqual([]);
    }
    const sample = await gql(t.app, `mutation($i: DrawReceiptVisitSampleInput!) { drawReceiptVisitSample(input: $i) { sample { seed population matches { id visitFlagged } } userErrors { code } } }`,
      { i: { month: inDays(0).slice(0, 7) } }, w.civilizationOffice);
    // Another file may have drawn this month's sample already on a shared database: then it is refused as such.
    if (sample.data.drawReceiptVisitSample.userErrors.length) expect(sample.data.drawReceiptVisitSample.userErrors).toEqual([{ code: 'ALREADY_DRAWN' }]);
    else {
      const s = sample.data.drawReceiptVisitSample.sample;
      expect(s.seed).toMatch(/^[0-9a-f]{32}$/);
      expect(s.matches.length).toBe(Math.min(5, s.population));
      expect(s.matches.every((m: any) => m.visitFlagged)).toBe(true);
    }
  });

  it('the household\'s assistance chain shows every source: measures, disbursements, pairing, donations', async () => {
    const knex = t.orm.em.getKnex();
    const h = dbId(H.medium.id);
    // A measure delivery and a pairing-ledger entry for the same household (inserted as their modules would write them).
    const [item] = await knex('plan_item').insert({ household_id: h, township_id: w.township.id, item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING', status: 'ACCEPTED', basis: '{}', created_by: 'test', updated_by: 'test' }).returning('id');
    await knex('delivery').insert({ plan_item_id: item.id, delivered_on: inDays(0), note: '已配租', recorded_by: 'test' });
    const partner = await knex('partner_organisation').first('id');
    const [pairing] = await knex('pairing').insert({ status: 'APPROVED', note: '结对', created_by: 'test', updated_by: 'test' }).returning('id');
    await knex('pairing_ledger_entry').insert({ pairing_id: pairing.id, partner_id: partner.id, household_id: h, township_id: w.township.id, kind: 'CASH', given_on: inDays(0), amount: 20000, description: '慰问金', origin: 'TYPED', recorded_by: 'test' });
    const r = await gql(t.app, `query($h: String!) { assistanceChain(household: $h) { entries { source on what from amount note } totals { source entries amount } } }`, { h: H.medium.id }, w.townshipCaller);
    const chain = r.data.assistanceChain;
    expect(chain.totals.map((x: any) => x.source).sort()).toEqual(['DONATION', 'MEASURE_DELIVERY', 'PAIRING']);
    const donation = chain.entries.filter((e: any) => e.source === 'DONATION');
    // Two bags of rice (2 × 10000) and money up to the household cap of the money pledge (15000, across its two needs).
    expect(donation.reduce((s: number, e: any) => s + e.amount, 0)).toBe(20000 + 15000);
    expect(donation[0].from).toContain('爱心企业某公司');
    // Platforms may not ask.
    const denied = await gql(t.app, `query($h: String!) { assistanceChain(household: $h) { totals { source } } }`, { h: H.medium.id }, w.platform);
    expect(denied.status).toBe(403);
  });

  it('the donor\'s trace shows where the gift went and nothing that identifies the family', async () => {
    const r = await gql(t.app, `query { pledges(first: 10) { nodes { id trace { allocatedValue dispatchedValue receivedValue
      entries { status needKind area { level township community } quantity value allocatedOn dispatchedOn confirmedOn } } } } }`, {}, w.platform);
    const byId = new Map(r.data.pledges.nodes.map((p: any) => [p.id, p.trace]));
    const g: any = byId.get(goods.id);
    expect(g.allocatedValue).toBe(80000);
    expect(g.dispatchedValue).toBe(80000);
    expect(g.receivedValue).toBe(80000);
    expect(g.entries).toHaveLength(4);
    expect(g.entries.every((e: any) => e.needKind === 'LIVING' && e.area.community === null && e.confirmedOn)).toBe(true);
    // Nothing of the family anywhere in the answer: no names, card numbers, phones, household or need ids.
    const body = JSON.stringify(r.body);
    for (const s of ['甲户主', '乙户主', '丙户主', '丁户主', '13800000000', '测试路', ...Object.values(H).map((h) => h.card!), ...Object.values(H).map((h) => h.id), ...Object.values(N).map((n) => n.id)]) {
      expect([s, body.includes(s)]).toEqual([s, false]);
    }
  });

  it('county totals by source and by measure for finance and the leading group', async () => {
    const finance = await gql(t.app, `query { s: assistanceTotals(by: SOURCE) { key entries households amount } m: assistanceTotals(by: MEASURE) { key amount } }`, {}, { token: (w.civilAffairs.token!) });
    expect(finance.data.s.find((x: any) => x.key === 'DONATION').amount).toBeGreaterThanOrEqual(140000);
    expect(finance.data.m.find((x: any) => x.key === 'PAIRING').amount).toBeGreaterThanOrEqual(140000);
  });
});
