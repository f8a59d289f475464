/**
 * Issue 8 item 8: every date stamp is the county's day (Asia/Shanghai, DOMAIN I4), from the
 * request's clock. Between 16:00 and 24:00 UTC the UTC day is still the day before the county's;
 * the clock here is set into that window, and away from the real time, so a stamp taken from the
 * real clock or the UTC day shows.
 */
import fc from 'fast-check';
import { countyDayByTimeZone, countyDayOf, countyToday } from '../../src/shared/county-calendar';
import { registerConsumers } from '../../src/events/subscribers';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';
import { confirmThroughWorkflow } from '../support/workflow';
import { deliverAllEvents } from '../support/events';

let t: TestApp;
let clock: TestClock;
let township: TestTownship;
let token: string;
let civil: string;

beforeAll(async () => {
  clock = new TestClock();
  t = await startApp({}, { clock });
  registerConsumers();
  township = await newTownship(t.orm);
  token = await townshipToken(township.code);
  civil = await departmentToken('CIVIL_AFFAIRS');
});
afterAll(() => t.close());

const near = (iso: string, instant: string) => Math.abs(Date.parse(iso) - Date.parse(instant)) < 60_000;

describe('the county calendar helper', () => {
  it('gives the county day of an instant and today by a clock', () => {
    expect(countyDayOf(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(countyDayOf(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
    const c = new TestClock();
    c.setInstant('2026-12-01T17:00:00Z');
    expect(countyToday(c)).toBe('2026-12-02');
    c.advanceDays(30);
    expect(countyToday(c)).toBe('2027-01-01');
  });
});

describe('the county day by fixed offset', () => {
  it('agrees with the time-zone database for every instant from 1900 to 2200, across midnights and the 1986-1991 summer times', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
      expect(countyDayOf(d)).toBe(countyDayByTimeZone(d));
    }), { numRuns: 20_000 });
    for (const iso of ['1991-09-14T16:59:59Z', '1991-09-14T17:00:00Z', '1991-12-31T15:59:59Z', '1991-12-31T16:00:00Z', '1992-01-01T00:00:00Z', '2026-12-01T15:59:59.999Z', '2026-12-01T16:00:00Z']) {
      expect([iso, countyDayOf(new Date(iso))]).toEqual([iso, countyDayByTimeZone(new Date(iso))]);
    }
    expect(() => countyDayOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('date stamps are county days from the request\'s clock', () => {
  it('publishNeed, confirmation, plan decisions, updates and ages at 17:00 UTC', async () => {
    // A year back, at 17:00 UTC: the county is already on the next day.
    clock.setInstant('2025-11-20T17:00:00Z');
    const h = await registerHousehold(t.app, token, householdInput(township, [
      member({ name: '陶然', idNumber: idNumber('1980-12-02'), monthlyIncome: { wages: 40000 } }),
      member({ name: '蔡琴', idNumber: idNumber('1981-03-03', 'FEMALE'), relationToHead: 'SPOUSE', illness: 'SERIOUS', workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', monthlyIncome: {} }),
    ]));
    const c = await confirmThroughWorkflow(t.app, clock, token, civil, h.id, ['ILLNESS']); // clock: +10 days, 2025-11-30T17:00Z
    const read = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on IdentificationCase { appliedOn forwardedOn decidedOn confirmedOn
      transitions { toState at } household { identifiedOn updatedAt members { name age } } } } }`, { id: c.id }, { token });
    const kase = read.data.node;
    expect(kase).toMatchObject({ appliedOn: '2025-11-21', forwardedOn: '2025-11-26', decidedOn: '2025-11-26', confirmedOn: '2025-12-01', household: { identifiedOn: '2025-12-01' } });
    // Instants from the request's clock too, not the machine's.
    expect(near(kase.transitions.at(-1).at, clock.now().toISOString())).toBe(true);
    expect(near(kase.household.updatedAt, clock.now().toISOString())).toBe(true);

    // 2025-12-01T17:00Z is 2025-12-02 in the county: the need is published on the 2nd (the UTC day was the 1st).
    clock.setInstant('2025-12-01T17:00:00Z');
    const need = await gql(t.app, `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id publishedOn } userErrors { code } } }`,
      { i: { household: h.id, kind: 'MEDICAL', uncoveredAmount: 80000, urgency: 'HIGH', description: '住院自付部分缺口' } }, { token });
    expect(need.data.publishNeed).toMatchObject({ userErrors: [], need: { publishedOn: '2025-12-02' } });
    const listed = await gql(t.app, `{ needs(first: 100) { nodes { id publishedOn } } }`, {}, { token });
    expect(listed.data.needs.nodes).toContainEqual({ id: need.data.publishNeed.need.id, publishedOn: '2025-12-02' });

    // The head was born on 1980-12-02: 45 on the county's day (44 by the UTC day, 46 by the real clock).
    const members = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { members { name age } updatedAt } } }`, { id: h.id }, { token })).data.node.members;
    expect(members.find((m: any) => m.name === '陶然').age).toBe(45);

    // A change stamps the request's instant; a department's decision its county day and due day.
    const update = await gql(t.app, `mutation($i: UpdateHouseholdInput!) { updateHousehold(input: $i) { household { updatedAt } userErrors { code } } }`,
      { i: { household: h.id, version: (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { version } } }`, { id: h.id }, { token })).data.node.version, address: '城东路2号' } }, { token });
    expect(update.data.updateHousehold.userErrors).toEqual([]);
    expect(near(update.data.updateHousehold.household.updatedAt, clock.now().toISOString())).toBe(true);

    await deliverAllEvents(t.orm); // the planner, as of the confirmation's county day
    const allowance = (await gql(t.app, `query($h: ID!) { planItems(first: 100, filter: { household: $h }) { nodes { id item version } } }`, { h: h.id }, { token: civil }))
      .data.planItems.nodes.find((i: any) => i.item === 'MINIMUM_LIVING_ALLOWANCE');
    const decided = await gql(t.app, `mutation($i: DecidePlanItemInput!) { decidePlanItem(input: $i) { planItem { decidedOn dueOn } userErrors { code } } }`,
      { i: { planItem: allowance.id, version: allowance.version, decision: 'ACCEPT' } }, { token: civil });
    expect(decided.data.decidePlanItem).toMatchObject({ userErrors: [], planItem: { decidedOn: '2025-12-02' } });
    expect(decided.data.decidePlanItem.planItem.dueOn > '2025-12-02').toBe(true);
  });
});
