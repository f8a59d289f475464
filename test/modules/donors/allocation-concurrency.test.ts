/**
 * Allocation is one transaction that can never allocate more than the pledge holds or more than
 * the need lacks (issue 12, item 3), under concurrent acceptances on the real PostgreSQL server:
 * the pledge row, then the need row, are locked, and the ledger is summed under the locks.
 */
import { gql, serverOnly, TestApp } from '../../support/app';
import { dbId } from '../../support/ids';
import { ACCEPT, approve, confirmedHousehold, createPledge, startDonorWorld, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor } from '../../support/donors';

serverOnly('concurrent allocations (PostgreSQL server)', () => {
  let t: TestApp;
  let w: DonorWorld;
  beforeAll(async () => {
    ({ t, w } = await startDonorWorld());
  });
  afterAll(() => t.close());

  const proposals = async (pledge: string, need: string, n: number, quantity: number) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const r = await gql(t.app, PROPOSE, { i: { pledge, need, quantity } }, w.civilizationOffice);
      expect(r.data.proposeDonationMatch.userErrors).toEqual([]);
      out.push(r.data.proposeDonationMatch.match);
    }
    return out;
  };
  const acceptAll = (matches: Array<{ id: string; version: number }>) =>
    Promise.all(matches.map((m) => gql(t.app, ACCEPT, { i: { match: m.id, version: m.version } }, w.townshipCaller)));
  const ledger = async (column: 'pledge_id' | 'need_id', key: string) =>
    Number((await t.orm.em.getKnex()('donation_allocation').where(column, key).sum({ s: column === 'pledge_id' ? 'quantity' : 'value' }).first())?.s ?? 0);

  it('never beyond what the pledge holds: 8 acceptances of 5,000 fen against a pledge of 20,000', async () => {
    const donor = await registerDonor(t.app, w.platform);
    const h = await confirmedHousehold(t.app, t.orm, w, '并发甲', ['MINIMUM_LIVING_ALLOWANCE'], []);
    const need = await publishNeed(t.app, w, h.id, 'LIVING', 100000, 'HIGH');
    let pledge = await createPledge(t.app, w.platform, { donor, resource: 'MONEY', needKinds: ['LIVING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 20000, description: '生活救助金', validUntil: inDays(10) });
    pledge = await approve(t.app, w.civilizationOffice, pledge);
    const results = await acceptAll(await proposals(pledge.id, need.id, 8, 5000));
    const ok = results.filter((r) => r.data?.acceptDonationMatch?.userErrors.length === 0);
    const refused = results.flatMap((r) => r.data?.acceptDonationMatch?.userErrors ?? []).map((e: any) => e.code);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(ok).toHaveLength(4);
    expect(refused).toEqual(Array(4).fill('EXCEEDS_PLEDGE'));
    expect(await ledger('pledge_id', dbId(pledge.id))).toBe(20000);
  });

  it('never beyond what the need lacks: 6 acceptances of 5,000 fen against a need of 12,000', async () => {
    const donor = await registerDonor(t.app, w.platform);
    const h = await confirmedHousehold(t.app, t.orm, w, '并发乙', ['MINIMUM_LIVING_ALLOWANCE'], []);
    const need = await publishNeed(t.app, w, h.id, 'MEDICAL', 12000, 'HIGH', '药费缺口');
    const pledges = [];
    // Six pledges, so the need is the only limit (each acceptance locks its own pledge, then the one need).
    for (let i = 0; i < 6; i++) {
      const p = await createPledge(t.app, w.platform, { donor, resource: 'MONEY', needKinds: ['MEDICAL'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 50000, description: '医疗救助金', validUntil: inDays(10) });
      pledges.push(await approve(t.app, w.civilizationOffice, p));
    }
    const matches = [];
    for (const p of pledges) matches.push(...(await proposals(p.id, need.id, 1, 5000)));
    const results = await acceptAll(matches);
    const ok = results.filter((r) => r.data?.acceptDonationMatch?.userErrors.length === 0);
    expect(ok).toHaveLength(2);
    expect(results.flatMap((r) => r.data?.acceptDonationMatch?.userErrors ?? []).map((e: any) => e.code)).toEqual(Array(4).fill('EXCEEDS_NEED'));
    expect(await ledger('need_id', dbId(need.id))).toBe(10000);
  });
});
