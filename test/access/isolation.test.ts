/** A township never sees another township's households: not in lists, counts, node(id:), nested fields, aggregates or errors. */
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';

let t: TestApp;
let a: TestTownship;
let b: TestTownship;
let tokenA: string;
let theirs: any;

beforeAll(async () => {
  t = await startApp();
  a = await newTownship(t.orm);
  b = await newTownship(t.orm);
  tokenA = await townshipToken(a.code);
  await registerHousehold(t.app, tokenA, householdInput(a, [member({ name: '甲乡户主' })]));
  theirs = await registerHousehold(t.app, await townshipToken(b.code), householdInput(b, [member({ name: '乙乡户主' }), member({ name: '乙乡成员', relationToHead: 'CHILD' })]));
  await confirm(t.orm, theirs.id);
});
afterAll(() => t.close());

it('lists and counts only its own households, whatever the filter asks for', async () => {
  const q = `query($f: HouseholdFilter) { households(first: 100, filter: $f) { totalCount nodes { township { code } headName } } }`;
  for (const f of [null, { township: b.globalId }, { community: b.communities[0].globalId }, { nameSearch: '乙乡' }, { status: 'IN_HARDSHIP' }]) {
    const r = await gql(t.app, q, { f }, { token: tokenA });
    expect(r.data.households.nodes.every((n: any) => n.township.code === a.code)).toBe(true);
    expect(r.data.households.nodes.map((n: any) => n.headName)).not.toContain('乙乡户主');
  }
  const own = await gql(t.app, q, { f: { nameSearch: '甲乡' } }, { token: tokenA });
  expect(own.data.households).toMatchObject({ totalCount: 1, nodes: [{ headName: '甲乡户主' }] });
  const other = await gql(t.app, q, { f: { township: b.globalId } }, { token: tokenA });
  expect(other.data.households.totalCount).toBe(0);
});

it('gets null from node(id:) for their household and members, exactly as for ids that do not exist', async () => {
  for (const id of [theirs.id, ...theirs.members.map((m: any) => m.id)]) {
    const r = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: tokenA });
    expect(r.body).toEqual({ data: { node: null } });
  }
  const civil = await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: theirs.id }, { token: await departmentToken('CIVIL_AFFAIRS') });
  expect(civil.data.node.id).toBe(theirs.id);
});

it('cannot reach them through persons or nested fields', async () => {
  const persons = await gql(t.app, `{ persons(first: 100) { nodes { name household { headName } } } }`, {}, { token: tokenA });
  const names = persons.data.persons.nodes.map((n: any) => n.name);
  expect(names).toContain('甲乡户主');
  expect(names).not.toContain('乙乡户主');
  expect(names).not.toContain('乙乡成员');
});

it('counts only its own township in statistics, whatever township it asks for', async () => {
  const q = `query($t: ID) { householdStatistics(township: $t) { byTownship { township { code } households } } }`;
  for (const tw of [null, b.globalId]) {
    const r = await gql(t.app, q, { t: tw }, { token: tokenA });
    expect(r.data.householdStatistics.byTownship.every((x: any) => x.township.code === a.code)).toBe(true);
  }
});

it('gets NOT_FOUND when writing to their records, the same answer as for a missing record, and nothing changes', async () => {
  const missing = Buffer.from('Household:999999999').toString('base64url');
  const update = `mutation($id: ID!) { updateHousehold(input: { household: $id, version: 1, address: "改" }) { userErrors { code field } } }`;
  const theirsR = await gql(t.app, update, { id: theirs.id }, { token: tokenA });
  const missingR = await gql(t.app, update, { id: missing }, { token: tokenA });
  expect(theirsR.data.updateHousehold.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'household'] }]);
  expect(theirsR.body).toEqual(missingR.body);
  const member = theirs.members[1];
  const remove = await gql(t.app, `mutation($id: ID!, $v: Int!) { removeHouseholdMember(input: { person: $id, version: $v, reason: "x" }) { userErrors { code } } }`, { id: member.id, v: member.version }, { token: tokenA });
  expect(remove.data.removeHouseholdMember.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  const row = await t.orm.em.getKnex()('household').where('township_id', b.id).first();
  expect(row.address).not.toBe('改');
  expect(row.member_count).toBe(2);
});
