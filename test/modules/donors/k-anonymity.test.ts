/**
 * A community with fewer than k (DONATION_AREA_MIN_HOUSEHOLDS, 5) eligible households is shown to
 * platforms as its township; from k on, as the community (issue 12, item 5).
 */
import { gql, TestApp } from '../../support/app';
import { approve, CANDIDATES, confirmedHousehold, createPledge, startDonorWorld, DonorWorld, inDays, publishNeed, registerDonor } from '../../support/donors';

let t: TestApp;
let w: DonorWorld;
beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
});
afterAll(() => t.close());

it('shows the community only from k eligible households on', async () => {
  const donor = await registerDonor(t.app, w.platform);
  const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['UTILITIES'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 1000, description: '水电费', validUntil: inDays(10),
  }));
  const area = async () => (await gql(t.app, CANDIDATES, { p: pledge.id, n: 1 }, w.platform)).data.pledgeCandidates[0].donationNeed.area;
  const first = await confirmedHousehold(t.app, t.orm, w, '匿名一', ['MINIMUM_LIVING_ALLOWANCE'], [], 1);
  await publishNeed(t.app, w, first.id, 'UTILITIES', 5000, 'LOW', '水电费欠缴');
  for (let i = 2; i <= 4; i++) await confirmedHousehold(t.app, t.orm, w, `匿名${i}`, ['MINIMUM_LIVING_ALLOWANCE'], [], 1);
  // Four eligible households: the township only.
  expect(await area()).toEqual({ level: 'TOWNSHIP', township: expect.any(String), community: null });
  await confirmedHousehold(t.app, t.orm, w, '匿名5', ['MINIMUM_LIVING_ALLOWANCE'], [], 1);
  // Five: the community too.
  expect(await area()).toEqual({ level: 'COMMUNITY', township: expect.any(String), community: '测试村2' });
});
