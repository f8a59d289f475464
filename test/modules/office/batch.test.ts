/**
 * Batch work of a department (issue 14 item 4; R12–R18): decidePlanItems decides many plan items
 * in one call, all or none — every problem reported at its item's path, nothing written when there
 * is one; duplicates, an empty list and more than 200 items refused; other roles denied.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

const DECIDE_MANY = `mutation($i: DecidePlanItemsInput!) { decidePlanItems(input: $i) { planItems { id status amount decisionReason } userErrors { field code } } }`;
const gid = (id: string | number) => Buffer.from(`PlanItem:${id}`).toString('base64url');

describe('decidePlanItems: many decisions of one department, all or none', () => {
  let t: TestApp;
  let town: TestTownship;
  let housing: string;
  let knex: Knex;

  beforeAll(async () => {
    t = await startApp();
    knex = t.owner.em.getKnex();
    town = await newTownship(t.owner);
    housing = await departmentToken('HOUSING');
  });
  afterAll(async () => t?.close());

  /** Plan items as the planner proposes them, on fresh households of the test township. */
  async function items(specs: Array<{ item: string; measure: string; department: string; proposed?: number }>) {
    const out: string[] = [];
    for (const s of specs) {
      const h = await registerHousehold(t.app, await townshipToken(town.code), householdInput(town, [member()]));
      await confirm(t.owner, h.id);
      const [row] = await knex('plan_item').insert({
        household_id: dbId(h.id), township_id: town.id, basis: '{}', created_by: 'test', updated_by: 'test', status: 'PROPOSED',
        item: s.item, measure: s.measure, department: s.department, proposed_amount: s.proposed ?? null,
      }).returning('id');
      out.push(String(row.id));
    }
    return out;
  }
  const statuses = async (ids: string[]) => (await knex('plan_item').whereIn('id', ids).orderBy('id').select('status')).map((r) => r.status);

  it('decides every item in one call and answers them in the order given', async () => {
    const ids = await items([
      { item: 'RENT_SUBSIDY', measure: 'HOUSING_AID', department: 'HOUSING', proposed: 11700 },
      { item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING' },
      { item: 'RENT_SUBSIDY', measure: 'HOUSING_AID', department: 'HOUSING', proposed: 11700 },
    ]);
    const requestId = `decide-many-${Date.now()}`;
    const r = await gql(t.app, DECIDE_MANY, { i: { items: [
      { planItem: gid(ids[0]!), version: 1, decision: 'ACCEPT' },
      { planItem: gid(ids[1]!), version: 1, decision: 'DECLINE', reason: '已有住房' },
      { planItem: gid(ids[2]!), version: 1, decision: 'ADJUST', amount: 9000, reason: '按实际租金' },
    ] } }, { token: housing, requestId });
    expect(r.data.decidePlanItems.userErrors).toEqual([]);
    expect(r.data.decidePlanItems.planItems.map((p: { id: string; status: string; amount: number | null }) => [p.id, p.status, p.amount])).toEqual([
      [gid(ids[0]!), 'ACCEPTED', 11700], [gid(ids[1]!), 'DECLINED', null], [gid(ids[2]!), 'ADJUSTED', 9000],
    ]);
    const audit = await knex('audit_event').where({ request_id: requestId }).select('action', 'outcome');
    expect(audit).toEqual([{ action: 'Mutation.decidePlanItems', outcome: 'SUCCESS' }]);
  });

  it('writes nothing when one item has a problem, and names each problem by its item', async () => {
    const ids = await items([
      { item: 'RENT_SUBSIDY', measure: 'HOUSING_AID', department: 'HOUSING', proposed: 11700 },
      { item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING' },
      { item: 'MEDICAL_ASSISTANCE', measure: 'MEDICAL_SECURITY', department: 'MEDICAL_INSURANCE', proposed: 50000 },
      { item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING' },
    ]);
    const r = await gql(t.app, DECIDE_MANY, { i: { items: [
      { planItem: gid(ids[0]!), version: 1, decision: 'ACCEPT' },
      { planItem: gid(ids[1]!), version: 7, decision: 'ACCEPT' },
      { planItem: gid(ids[2]!), version: 1, decision: 'ACCEPT' },
      { planItem: gid(ids[3]!), version: 1, decision: 'DECLINE' },
      { planItem: 'not-an-id', version: 1, decision: 'ACCEPT' },
    ] } }, { token: housing });
    expect(r.data.decidePlanItems.planItems).toBeNull();
    expect(r.data.decidePlanItems.userErrors).toEqual([
      { field: ['input', 'items', '1', 'version'], code: 'STALE_VERSION' },
      { field: ['input', 'items', '2', 'planItem'], code: 'NOT_FOUND' }, // another department's item: not even visible
      { field: ['input', 'items', '3', 'reason'], code: 'REQUIRED' },
      { field: ['input', 'items', '4', 'planItem'], code: 'NOT_FOUND' },
    ]);
    expect(await statuses(ids)).toEqual(['PROPOSED', 'PROPOSED', 'PROPOSED', 'PROPOSED']);
  });

  it('refuses an empty list, the same item twice and more than 200 items; other roles are denied', async () => {
    const [id] = await items([{ item: 'PUBLIC_RENTAL_PRIORITY', measure: 'HOUSING_AID', department: 'HOUSING' }]);
    const one = { planItem: gid(id!), version: 1, decision: 'ACCEPT' };
    const codes = async (list: unknown[]) => (await gql(t.app, DECIDE_MANY, { i: { items: list } }, { token: housing })).data.decidePlanItems.userErrors;
    expect(await codes([])).toEqual([{ field: ['input', 'items'], code: 'REQUIRED' }]);
    expect(await codes([one, one])).toEqual([{ field: ['input', 'items', '1', 'planItem'], code: 'DUPLICATE_CODE' }]);
    expect(await codes(Array.from({ length: 201 }, () => one))).toEqual([{ field: ['input', 'items'], code: 'OUT_OF_RANGE' }]);
    expect(await statuses([id!])).toEqual(['PROPOSED']);
    for (const token of [await townshipToken(town.code), await departmentToken('FINANCE')]) {
      const denied = await gql(t.app, DECIDE_MANY, { i: { items: [one] } }, { token });
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await statuses([id!])).toEqual(['PROPOSED']);
  });
});
