/**
 * The demo county has a sandbox charity platform with a key printed at start, donors and pledges,
 * so a newcomer can try matching at once (issue 12, "Done when").
 */
import { seedDemoCounty } from '../../../src/db/seed/demo-county';
import { departmentToken, gql } from '../../support/app';
import { DemoCounty, startDemoCounty } from '../../support/demo-county';

jest.setTimeout(180_000);

let d: DemoCounty;
beforeAll(async () => {
  d = await startDemoCounty();
});
afterAll(() => d?.close());

it('the sandbox platform\'s key is handed out once and works; its pledges rank the demo needs at once', async () => {
  const key = d.demo.keys.find((k) => k.kind === 'PLATFORM');
  expect(key).toMatchObject({ code: 'sandbox-charity-platform', header: 'X-Api-Key' });
  expect((await seedDemoCounty(d.db.orm)).keys).toEqual([]);
  const as = { apiKey: key!.token };
  const viewer = await gql(d.app, '{ viewer { kind name } donors(first: 10) { totalCount } pledges(first: 10) { nodes { id status resource pledgerName } } }', {}, as);
  expect(viewer.data.viewer).toEqual({ kind: 'CHARITY_PLATFORM', name: '演示慈善平台（沙箱）' });
  expect(viewer.data.donors.totalCount).toBe(3);
  const pledges = viewer.data.pledges.nodes;
  expect(pledges.map((p: any) => p.status).sort()).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'PENDING']);
  const rice = pledges.find((p: any) => p.resource === 'GOODS' && p.status === 'APPROVED');
  const ranked = await gql(d.app, `query($p: String!) { pledgeCandidates(pledge: $p, first: 5) { rank score donationNeed { id kind } } }`, { p: rice.id }, as);
  expect(ranked.data.pledgeCandidates.length).toBeGreaterThan(0);
  expect(ranked.data.pledgeCandidates[0]).toMatchObject({ rank: 1, donationNeed: { kind: 'LIVING' } });
  // The pending pledge waits for civil affairs or the civilization office.
  const review = await gql(d.app, `{ pledges(first: 10, filter: { status: PENDING }) { nodes { pledgerName description } } }`, {}, { token: await departmentToken('CIVILIZATION_OFFICE') });
  expect(review.data.pledges.nodes).toEqual([{ pledgerName: '闽江粮油有限公司（演示慈善平台（沙箱））', description: '食用油（每桶 5 升）' }]);
});
