/**
 * Issue 10: the registry's counters (household_tally, household_label_tally), kept by triggers on
 * `household`, equal a full count after many writes of every kind — the API's registrations and
 * member changes, status changes, township moves, label changes, multi-row statements, deletes —
 * and `householdStatistics` and `totalCount`, which read them, agree with counting the rows.
 */
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
let a: TestTownship;
let b: TestTownship;
let tokenA: string;
let tokenB: string;
const owner = () => t.owner.em.getKnex();

beforeAll(async () => {
  t = await startApp();
  [a, b] = [await newTownship(t.orm), await newTownship(t.orm)];
  [tokenA, tokenB] = [await townshipToken(a.code), await townshipToken(b.code)];
});
afterAll(() => t.close());

/** Full counts of the rows, as the tallies should hold them (zero rows left out). */
async function counted() {
  const k = owner();
  const byStatus = (await k.raw(`select township_id::text as t, status, count(*)::int as households, sum(member_count)::int as persons
    from household group by 1, 2 order by 1, 2`)).rows;
  const byLabel = (await k.raw(`select township_id::text as t, status, kind, label, count(*)::int as households from (
      select township_id, status, 'CATEGORY' as kind, unnest(categories) as label from household
      union all select township_id, status, 'CAUSE', unnest(causes) from household) x group by 1, 2, 3, 4 order by 1, 2, 3, 4`)).rows;
  return { byStatus, byLabel };
}
async function tallied() {
  const k = owner();
  const byStatus = (await k.raw(`select township_id::text as t, status, households::int, persons::int from household_tally
    where households <> 0 or persons <> 0 order by 1, 2`)).rows;
  const byLabel = (await k.raw(`select township_id::text as t, status, kind, label, households::int from household_label_tally
    where households <> 0 order by 1, 2, 3, 4`)).rows;
  return { byStatus, byLabel };
}

const ADD = `mutation($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { household { version memberCount } userErrors { code } } }`;

it('equal a full count after inserts, member changes, status changes, township moves, label changes and deletes', async () => {
  const made: Array<{ id: string; version: number }> = [];
  for (let i = 0; i < 12; i++) {
    const [tw, token] = i % 3 === 0 ? [b, tokenB] : [a, tokenA];
    const members = [member(), ...Array.from({ length: i % 4 }, () => member({ relationToHead: 'CHILD' }))];
    const h = await registerHousehold(t.app, token, householdInput(tw, members));
    made.push({ id: h.id, version: h.version });
  }
  expect(await tallied()).toEqual(await counted());

  // Member count changes through the API (the service updates member_count).
  const grown = await gql(t.app, ADD, { input: { household: made[1].id, version: made[1].version, member: member({ relationToHead: 'SPOUSE' }) } }, { token: tokenA });
  expect(grown.data.addHouseholdMember.userErrors).toEqual([]);
  // Status and labels, one household at a time and several in one statement.
  for (const h of made.slice(0, 6)) await confirm(t.orm, h.id, ['MINIMUM_LIVING_ALLOWANCE', 'ORPHAN'], ['ILLNESS', 'SCHOOLING']);
  await owner()('household').whereIn('id', made.slice(2, 5).map((h) => dbId(h.id))).update({ categories: ['EXPENDITURE_LOW_INCOME'], causes: ['DISASTER'] });
  await owner()('household').whereIn('id', made.slice(4, 7).map((h) => dbId(h.id))).update({ status: 'EXITED' });
  // Township moves (the community moves with it), and an update that changes nothing counted.
  await owner()('household').whereIn('id', made.slice(0, 3).map((h) => dbId(h.id))).update({ township_id: b.id, community_id: b.communities[0].id });
  await owner()('household').whereIn('id', made.map((h) => dbId(h.id))).update({ address: '测试路1号' });
  expect(await tallied()).toEqual(await counted());

  // Deletes, in a transaction that rolls back (the counters roll back with it) and one that commits.
  const victim = dbId(made[11].id);
  await owner().transaction(async (trx) => {
    await trx('person').where({ household_id: victim }).delete();
    await trx('household').where({ id: victim }).delete();
    throw new Error('roll back');
  }).catch((err: Error) => expect(err.message).toBe('roll back'));
  expect(await tallied()).toEqual(await counted());
  await owner().transaction(async (trx) => {
    await trx('person').where({ household_id: victim }).delete();
    await trx('household').where({ id: victim }).delete();
  });
  const after = await counted();
  expect(await tallied()).toEqual(after);
  expect(after.byStatus.length).toBeGreaterThan(0);
  expect(after.byLabel.length).toBeGreaterThan(0);
});

it('householdStatistics and totalCount read the counters and agree with counting the rows', async () => {
  const c = await counted();
  const stats = await gql(t.app, `{ householdStatistics { byTownship { township { id } status households persons }
    byCategory { category households } byCause { cause households } } }`, {}, { token: await departmentToken('FINANCE') });
  const own = (id: string) => stats.data.householdStatistics.byTownship.filter((r: any) => dbId(r.township.id) === id)
    .map((r: any) => ({ t: id, status: r.status, households: r.households, persons: r.persons }));
  for (const tw of [a, b]) expect(own(tw.id)).toEqual(c.byStatus.filter((r: any) => r.t === tw.id));
  const confirmed = (kind: string) => {
    const sums = new Map<string, number>();
    for (const r of c.byLabel.filter((x: any) => x.kind === kind && x.status === 'IN_HARDSHIP')) sums.set(r.label, (sums.get(r.label) ?? 0) + r.households);
    return [...sums].sort(([x], [y]) => x.localeCompare(y)).map(([label, households]) => ({ label, households }));
  };
  expect(stats.data.householdStatistics.byCategory.map((r: any) => ({ label: r.category, households: r.households }))).toEqual(confirmed('CATEGORY'));
  expect(stats.data.householdStatistics.byCause.map((r: any) => ({ label: r.cause, households: r.households }))).toEqual(confirmed('CAUSE'));

  // A township sees its own figures only, whatever township it asks for.
  const mine = await gql(t.app, `query($t: ID) { householdStatistics(township: $t) { byTownship { township { id } households } } }`, { t: a.globalId }, { token: tokenB });
  expect(mine.data.householdStatistics.byTownship).toEqual([]);

  const total = async (filter: Record<string, unknown>, token: string) =>
    (await gql(t.app, `query($f: HouseholdFilter) { households(first: 1, filter: $f) { totalCount } }`, { f: filter }, { token })).data.households.totalCount;
  const rows = async (where: string, params: unknown[]) => Number((await owner().raw(`select count(*)::int as n from household where ${where}`, params as never[])).rows[0].n);
  const civil = await departmentToken('CIVIL_AFFAIRS');
  expect(await total({ township: b.globalId }, civil)).toBe(await rows('township_id = ?', [b.id]));
  expect(await total({ township: b.globalId, status: 'EXITED' }, civil)).toBe(await rows(`township_id = ? and status = 'EXITED'`, [b.id]));
  expect(await total({ township: b.globalId, category: 'ORPHAN' }, civil)).toBe(await rows(`township_id = ? and categories @> array['ORPHAN']`, [b.id]));
  expect(await total({ cause: 'DISASTER' }, civil)).toBe(await rows(`causes @> array['DISASTER']`, []));
  expect(await total({}, civil)).toBe(await rows('true', []));
  // A township's count is its own, even when it filters by another township.
  expect(await total({}, tokenA)).toBe(await rows('township_id = ?', [a.id]));
  expect(await total({ township: b.globalId }, tokenA)).toBe(0);
  // A department that sees confirmed households only counts those (housing: heads, every confirmed household).
  expect(await total({ township: b.globalId }, await departmentToken('HOUSING'))).toBe(await rows(`township_id = ? and status = 'IN_HARDSHIP'`, [b.id]));
  // Filters the counters do not hold are counted from the rows: the same answers.
  expect(await total({ township: b.globalId, community: b.communities[0].globalId }, civil)).toBe(await rows('community_id = ?', [b.communities[0].id]));
  expect(await total({ township: b.globalId, category: 'ORPHAN', cause: 'ILLNESS' }, civil))
    .toBe(await rows(`township_id = ? and categories @> array['ORPHAN'] and causes @> array['ILLNESS']`, [b.id]));
});
