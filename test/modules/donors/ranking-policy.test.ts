/**
 * The ranking reads k (DONATION_AREA_MIN_HOUSEHOLDS) and the pseudonyms' period
 * (DONATION_PSEUDONYM_DAYS) in its own statement (issue 10): the numbers in force on the request's
 * day, a new number from its first day on and not before (R18). Its own database: the policy
 * change would apply to every later test file.
 */
import { departmentToken, gql, startApp, TestApp, TestClock } from '../../support/app';
import { approve, CANDIDATES, confirmedHousehold, createPledge, donorWorld, DonorWorld, inDays, publishNeed, registerDonor } from '../../support/donors';
import { addCalendarDays } from '../../../src/shared/county-calendar';

let t: TestApp;
let w: DonorWorld;
const clock = new TestClock();
const at = (day: string) => clock.setInstant(`${day}T02:00:00Z`); // 10:00 in the county

beforeAll(async () => {
  t = await startApp({}, { clock, ownDatabase: true });
  w = await donorWorld(t.orm);
});
afterAll(() => t?.close());

const SET = `mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { userErrors { code } } }`;

it('shows the community by the k in force on the day, with the pseudonyms\' period in force', async () => {
  const today = inDays(0);
  at(today);
  const donor = await registerDonor(t.app, w.platform);
  const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['UTILITIES'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 1000, description: '水电费', validUntil: inDays(20),
  }));
  const first = await confirmedHousehold(t.app, t.orm, w, '匿名一', ['MINIMUM_LIVING_ALLOWANCE'], [], 1);
  await publishNeed(t.app, w, first.id, 'UTILITIES', 5000, 'LOW', '水电费欠缴');
  for (let i = 2; i <= 5; i++) await confirmedHousehold(t.app, t.orm, w, `匿名${i}`, ['MINIMUM_LIVING_ALLOWANCE'], [], 1);
  const ranked = async () => {
    const r = await gql(t.app, CANDIDATES, { p: pledge.id, n: 1 }, w.platform);
    expect(r.errors).toBeUndefined();
    return r.data.pledgeCandidates[0].donationNeed;
  };
  // Five eligible households, k = 5: the community.
  expect((await ranked()).area).toEqual({ level: 'COMMUNITY', township: expect.any(String), community: '测试村2' });

  // From three days on, k = 6 and a pseudonym lasts one day. The ranking on that day before the
  // change was made: k = 5 then, and the reader keeps it as its guess for the day.
  const from = addCalendarDays(today, 3);
  at(from);
  const unchanged = await ranked();
  expect(unchanged.area.level).toBe('COMMUNITY');
  const civil = { token: await departmentToken('CIVIL_AFFAIRS') };
  for (const [key, value] of [['DONATION_AREA_MIN_HOUSEHOLDS', 6], ['DONATION_PSEUDONYM_DAYS', 1]] as const) {
    const set = await gql(t.app, SET, { i: { key, value, effectiveFrom: from, reason: '调整匿名化参数' } }, civil);
    expect(set.data.setPolicyParameter.userErrors).toEqual([]);
  }
  // The guess (5) is no longer in force on that day: the answer is by the k in force (6).
  const after = await ranked();
  expect(after.area).toEqual({ level: 'TOWNSHIP', township: unchanged.area.township, community: null });
  expect(after.pseudonymExpiresOn).toBe(addCalendarDays(from, 1));
  expect(after.id).not.toBe(unchanged.id);
  // The day before, the numbers before the change.
  at(addCalendarDays(from, -1));
  const before = await ranked();
  expect(before.area.level).toBe('COMMUNITY');
  expect(before.pseudonymExpiresOn > from).toBe(true); // the default period is longer than two days
});
