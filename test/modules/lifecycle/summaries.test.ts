/**
 * Issue 10 (R19 statistics): `householdStatistics(asOf:)` and `householdFlowReport(year:)` read
 * summary tables that statement-level triggers keep in the writers' own transactions
 * (Migration20261202111000_lifecycle_summaries). After a mix of writes through the API and
 * straight SQL — a backdated episode (a paper decision dated before the household was filed),
 * one inserted between two older ones, two on the same day, exits and re-entries, one statement
 * exiting several households, a member added and one removed, a household moving township —
 * their answers equal a direct computation from the rows (the episode/history scans they
 * replaced, kept here as the reference), and the reads touch no household, episode or history row.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { toGlobalId } from '../../../src/graphql/relay';
import { LifecycleReader } from '../../../src/modules/lifecycle/lifecycle.reader';
import { seedHouseholds } from '../../../src/db/seed';
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import type { Principal } from '../../../src/shared/principal';
import { departmentToken, gql, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
const clock = new TestClock();
let today: string;
let leading: string;
let townA: TestTownship;
let townB: TestTownship;
const knex = (): Knex => t.orm.em.getKnex();
const day = (n: number) => addCalendarDays(today, n);
const at = (n: number) => clock.setInstant(`${day(n)}T02:00:00Z`); // 10:00 in the county

/** The statistics as of a day, computed from the rows (lifecycle_statistics_as_of before issue 10). */
const REFERENCE_STATISTICS = `
  with e as materialized (
         select distinct on (e.household_id) e.household_id, e.township_id, e.kind, e.categories, e.causes
           from household_episode e where e.started_on <= :day
          order by e.household_id desc, e.started_on desc, e.id desc),
       hh as materialized (
         select distinct on (r.row_id) r.row_id as id, (r."row"->>'township_id')::bigint as township_id, (r."row"->>'member_count')::int as member_count
           from record_history r
          where r.table_name = 'household' and r.at < ((:day + 1)::timestamp at time zone 'Asia/Shanghai')
          order by r.row_id desc, r.at desc, r.id desc),
       s as materialized (
         select coalesce(e.township_id, hh.township_id) as township_id,
                case when e.kind is null then 'REGISTERED' when e.kind = 'EXITED' then 'EXITED' else 'IN_HARDSHIP' end as status,
                coalesce(hh.member_count, cur.member_count) as member_count, e.categories, e.causes
           from hh full join e on e.household_id = hh.id
           left join household cur on hh.id is null and cur.id = e.household_id),
       scoped as (select * from s where :township is null or s.township_id = :township)
  select 'TOWNSHIP' as grp, township_id::text as key, status, count(*)::int as households, sum(member_count)::int as persons from scoped group by township_id, status
  union all
  select 'CATEGORY', c, null, count(*)::int, null from scoped cross join unnest(scoped.categories) as c where status = 'IN_HARDSHIP' group by c
  union all
  select 'CAUSE', c, null, count(*)::int, null from scoped cross join unnest(scoped.causes) as c where status = 'IN_HARDSHIP' group by c
  order by 1, 2, 3`;

/** The flow report of a year, county-wide, computed from the episodes (the reader's query before issue 10). */
const REFERENCE_FLOW = `
  with bounds as (select :y0::date as y0, :y1::date as y1),
       months as (select m::date as month from bounds, generate_series(y0, y1 - 1, interval '1 month') m),
       ep as materialized (
         select e.township_id, e.kind, e.started_on, e.exit_reasons,
                lead(e.started_on) over (partition by e.household_id order by e.started_on, e.id) as next_on
           from household_episode e),
       opening as (select ep.township_id, count(*) as n from ep, bounds
                    where ep.kind <> 'EXITED' and ep.started_on < y0 and (ep.next_on is null or ep.next_on >= y0) group by 1),
       deltas as (select township_id, month, sum(d) as delta from (
                    select ep.township_id, date_trunc('month', ep.started_on)::date as month, 1 as d from ep, bounds
                     where ep.kind <> 'EXITED' and ep.started_on >= y0 and ep.started_on < y1
                    union all
                    select ep.township_id, date_trunc('month', ep.next_on)::date, -1 from ep, bounds
                     where ep.kind <> 'EXITED' and ep.next_on >= y0 and ep.next_on < y1) x group by 1, 2),
       flows as (select ep.township_id, date_trunc('month', ep.started_on)::date as month,
                        count(*) filter (where ep.kind = 'CONFIRMED') as entries, count(*) filter (where ep.kind = 'REENTERED') as reentries,
                        count(*) filter (where ep.kind = 'EXITED') as exits
                   from ep, bounds where ep.started_on >= y0 and ep.started_on < y1 group by 1, 2),
       reasons as (select r.township_id, r.month, jsonb_object_agg(r.reason, r.n) as by_reason from (
                     select ep.township_id, date_trunc('month', ep.started_on)::date as month, x.reason, count(*) as n
                       from ep cross join bounds cross join unnest(ep.exit_reasons) as x(reason)
                      where ep.kind = 'EXITED' and ep.started_on >= y0 and ep.started_on < y1 group by 1, 2, 3) r group by 1, 2)
  select t.id::text as township_id, to_char(m.month, 'YYYY-MM') as month,
         (coalesce(o.n, 0) + coalesce(sum(coalesce(d.delta, 0)) over (partition by t.id order by m.month rows between unbounded preceding and 1 preceding), 0))::int as opening,
         coalesce(f.entries, 0)::int as entries, coalesce(f.reentries, 0)::int as reentries, coalesce(f.exits, 0)::int as exits,
         (coalesce(o.n, 0) + sum(coalesce(d.delta, 0)) over (partition by t.id order by m.month rows between unbounded preceding and current row))::int as closing,
         coalesce(r.by_reason, '{}'::jsonb) as by_reason
    from township t cross join months m
    left join opening o on o.township_id = t.id left join deltas d on d.township_id = t.id and d.month = m.month
    left join flows f on f.township_id = t.id and f.month = m.month left join reasons r on r.township_id = t.id and r.month = m.month
   order by t.id, m.month`;

/** `:name` placeholders (not `::casts`) become positional bindings. */
function bound(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-z0-9]+)\b/g, (_, name: string) => {
    params.push(values[name]);
    return name === 'township' ? '?::bigint' : '?::date';
  });
  return [text, params];
}

async function referenceStatistics(asOf: string, township: string | null) {
  const [sql, params] = bound(REFERENCE_STATISTICS, { day: asOf, township });
  return (await knex().raw(sql, params as never[])).rows as Array<{ grp: string; key: string; status: string | null; households: number; persons: number | null }>;
}

const STATS = `query($d: Date, $t: ID) { householdStatistics(asOf: $d, township: $t) {
  byTownship { township { id } status households persons } byCategory { category households } byCause { cause households } } }`;
const FLOW = `query($y: Int!, $t: ID) { householdFlowReport(year: $y, township: $t) { months {
  township { id } month openingOnList entries reentries exits exitsByReason { reason exits } onList } } }`;

async function call(query: string, variables: Record<string, unknown>, token: string) {
  const r = await gql(t.app, query, variables, { token });
  expect(r.errors).toBeUndefined();
  return r.data;
}

/** The API's statistics as the reference's rows. */
async function apiStatistics(asOf: string, township: TestTownship | null) {
  const s = (await call(STATS, { d: asOf, t: township?.globalId ?? null }, leading)).householdStatistics;
  return [
    ...s.byCategory.map((r: { category: string; households: number }) => ({ grp: 'CATEGORY', key: r.category, status: null, households: r.households, persons: null })),
    ...s.byCause.map((r: { cause: string; households: number }) => ({ grp: 'CAUSE', key: r.cause, status: null, households: r.households, persons: null })),
    ...s.byTownship.map((r: { township: { id: string }; status: string; households: number; persons: number }) =>
      ({ grp: 'TOWNSHIP', key: dbId(r.township.id), status: r.status, households: r.households, persons: r.persons })),
  ].sort(byKey);
}
const byKey = (a: { grp: string; key: string; status: string | null }, b: { grp: string; key: string; status: string | null }) =>
  `${a.grp}|${a.key}|${a.status}`.localeCompare(`${b.grp}|${b.key}|${b.status}`);

const ADD = `mutation($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { household { version memberCount } userErrors { code } } }`;
const REMOVE = `mutation($input: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $input) { household { memberCount } userErrors { code } } }`;

/** Episode rows as the service writes them (an exit names its reasons and the month payments stop). */
async function episode(householdId: string, townshipId: string, kind: string, startedOn: string, extra: Record<string, unknown> = {}) {
  await knex()('household_episode').insert(episodeRow(householdId, townshipId, kind, startedOn, extra));
}
function episodeRow(householdId: string, townshipId: string, kind: string, startedOn: string, extra: Record<string, unknown> = {}) {
  const exit = kind === 'EXITED' ? { exit_reasons: ['INCOME_ABOVE_LINE'], payments_stop_from: `${startedOn.slice(0, 7)}-01`, gradual_exit_months: 0 } : {};
  return {
    household_id: householdId, township_id: townshipId, kind, started_on: startedOn, categories: ['MINIMUM_LIVING_ALLOWANCE'], causes: ['ILLNESS'],
    decided_on: startedOn, decided_by: 'test', created_by: 'test', ...exit, ...extra,
  };
}

const houses: Record<'a' | 'b' | 'c', { id: string; key: string }> = {} as never;

beforeAll(async () => {
  today = countyToday(clock);
  t = await startApp({}, { clock, ownDatabase: true }); // its own county: the reconciliation covers every row of the database
  await seedHouseholds(t.owner.em.fork(), { households: 120, today });
  leading = await departmentToken('LEADING_GROUP');
  townA = await newTownship(t.orm);
  townB = await newTownship(t.orm);
  const tw = await townshipToken(townA.code);

  // Filed 200 days ago: A alone, B with three members, C.
  at(-200);
  for (const [name, members] of [['a', [member()]], ['b', [member(), member({ relationToHead: 'SPOUSE' }), member({ relationToHead: 'CHILD' })]], ['c', [member()]]] as const) {
    const h = await registerHousehold(t.app, tw, householdInput(townA, [...members]));
    houses[name] = { id: h.id, key: dbId(h.id) };
  }
  const { a, b, c } = houses;
  // A paper decision dated before A was filed: the days before its history count its current members.
  await episode(a.key, townA.id, 'CONFIRMED', day(-260), { categories: ['EXTREME_POVERTY'], causes: ['DISABILITY', 'ILLNESS'] });
  at(-190);
  const added = (await call(ADD, { input: { household: a.id, version: 1, member: member({ relationToHead: 'CHILD' }) } }, tw)).addHouseholdMember;
  expect(added.userErrors).toEqual([]);
  await episode(c.key, townA.id, 'CONFIRMED', day(-195));
  await episode(b.key, townA.id, 'CONFIRMED', day(-180));
  at(-150);
  const bMembers = (await knex()('person').where('household_id', b.key).whereNull('removed_at').orderBy('id')).slice(-1);
  const removed = (await call(REMOVE, { input: { person: toGlobalId('Person', String(bMembers[0].id)), version: bMembers[0].version, reason: '迁出' } }, tw)).removeHouseholdMember;
  expect(removed).toMatchObject({ userErrors: [], household: { memberCount: 2 } });
  await episode(b.key, townA.id, 'EXITED', day(-120), { exit_reasons: ['INCOME_ABOVE_LINE', 'MOVED_AWAY'] });
  // Entered late, dated between B's confirmation and its exit: the categories change from then on.
  await episode(b.key, townA.id, 'CHANGED', day(-160), { categories: ['ORPHAN', 'MINIMUM_LIVING_ALLOWANCE'], causes: ['SCHOOLING'] });
  // C moves to township B, and its episode from then on is township B's.
  at(-100);
  await knex()('household').update({ township_id: townB.id, community_id: townB.communities[0].id, updated_at: clock.now(), updated_by: 'test', version: knex().raw('version + 1') }).where('id', c.key);
  await episode(c.key, townB.id, 'CHANGED', day(-100));
  await episode(b.key, townA.id, 'REENTERED', day(-90));
  // Two episodes of A on one day, in one statement: the later key is in force.
  await knex()('household_episode').insert([episodeRow(a.key, townA.id, 'CHANGED', day(-80), { categories: ['ORPHAN'] }), episodeRow(a.key, townA.id, 'EXITED', day(-80))]);
  // One statement exits six seeded households on the list, on days spread over the last year.
  await knex().raw(`insert into household_episode (household_id, township_id, kind, started_on, categories, causes, exit_reasons, payments_stop_from, gradual_exit_months, decided_on, decided_by, created_by)
    select x.household_id, x.township_id, 'EXITED', d.day, x.categories, x.causes, '{ON_REQUEST}', date_trunc('month', d.day)::date, 0, d.day, 'test', 'test'
      from (select distinct on (e.household_id) e.* from household_episode e order by e.household_id, e.started_on desc, e.id desc) x
      cross join lateral (select (?::date - (30 + (x.household_id % 300))::int) as day) d
     where x.kind <> 'EXITED' and x.started_on < d.day order by x.household_id limit 6`, [today]);
  clock.setInstant(new Date());
}, 120_000);
afterAll(() => t.close());

it('answers householdStatistics(asOf:) exactly as the rows do, county-wide and per township, on every day of the writes', async () => {
  const days = new Set<string>();
  for (let n = -300; n < 0; n += 1) days.add(day(n));
  for (const asOf of days) {
    const summary = (await knex().raw('select grp, key, status, households::int, persons::int from lifecycle_statistics_as_of(?::date, null)', [asOf])).rows;
    expect([asOf, summary]).toEqual([asOf, await referenceStatistics(asOf, null)]);
  }
  // Through the API, the key days: county-wide and each township (C counts in B's from its move on).
  for (const n of [-261, -260, -200, -196, -190, -181, -160, -150, -121, -120, -101, -100, -90, -80, -79, -1]) {
    for (const township of [null, townA, townB]) {
      const expected = (await referenceStatistics(day(n), township?.id ?? null)).sort(byKey);
      expect([day(n), township?.id, await apiStatistics(day(n), township)]).toEqual([day(n), township?.id, expected]);
    }
  }
  // Sanity of the mix: A on the list 260 days ago with its two members (its current count), C in B's township after its move.
  const a = (await referenceStatistics(day(-250), townA.id)).find((r) => r.grp === 'TOWNSHIP' && r.status === 'IN_HARDSHIP');
  expect(a).toMatchObject({ households: 1, persons: 2 });
  expect((await apiStatistics(day(-50), townB)).filter((r) => r.grp === 'TOWNSHIP')).toEqual([{ grp: 'TOWNSHIP', key: townB.id, status: 'IN_HARDSHIP', households: 1, persons: 1 }]);
});

it('answers householdFlowReport(year:) exactly as the episodes do, every month of every year, and a township its own rows', async () => {
  const year = Number(today.slice(0, 4));
  let moves = 0;
  for (let y = year - 6; y <= year; y++) {
    const [sql, params] = bound(REFERENCE_FLOW, { y0: `${y}-01-01`, y1: `${y + 1}-01-01` });
    const expected = ((await knex().raw(sql, params as never[])).rows as Array<Record<string, unknown>>).map((r) => ({
      township: r.township_id, month: r.month, openingOnList: r.opening, entries: r.entries, reentries: r.reentries, exits: r.exits, onList: r.closing,
      exitsByReason: Object.entries(r.by_reason as Record<string, number>).map(([reason, exits]) => ({ reason, exits })).sort((p, q) => p.reason.localeCompare(q.reason)),
    }));
    const asRows = (months: Array<Record<string, any>>) => months.map((m) => ({
      township: dbId(m.township.id), month: m.month, openingOnList: m.openingOnList, entries: m.entries, reentries: m.reentries, exits: m.exits, onList: m.onList,
      exitsByReason: [...m.exitsByReason].sort((p: { reason: string }, q: { reason: string }) => p.reason.localeCompare(q.reason)),
    }));
    const county = asRows((await call(FLOW, { y }, leading)).householdFlowReport.months);
    expect([y, county]).toEqual([y, expected]);
    moves += county.filter((m) => m.month >= day(-330).slice(0, 7)).reduce((n, m) => n + m.exits + m.reentries, 0);
    // One township's report is its rows of the county's (C, moved, leaves A's list in the month it moved).
    for (const town of [townA, townB]) {
      const own = asRows((await call(FLOW, { y, t: town.globalId }, leading)).householdFlowReport.months);
      expect([y, town.id, own]).toEqual([y, town.id, expected.filter((r) => r.township === town.id)]);
    }
  }
  // The mix's exits and re-entries are among the flows counted (six + B's + A's exits, B's re-entry).
  expect(moves).toBeGreaterThanOrEqual(9);
});

it('keeps the summary tables equal to a rebuild from the rows (the triggers\' increments add up)', async () => {
  const steps = `select household_id::text, from_day::text, to_day::text, township_id::text, status, member_count, categories, causes`;
  const stored = (await knex().raw(`${steps} from lifecycle_household_step order by 1, 2`)).rows;
  const fresh = (await knex().raw(`${steps} from lifecycle_steps_of(array(select e.household_id from household_episode e union select r.row_id from record_history r where r.table_name = 'household')) order by 1, 2`)).rows;
  expect(stored.length).toBeGreaterThan(120);
  expect(stored).toEqual(fresh);
  // The day table holds, netted, +step at its first day and −step at its end.
  const netted = (await knex().raw(`
    select township_id::text, day::text, status, sum(n)::int as households, sum(m)::int as persons from (
      select township_id, from_day as day, status, 1 as n, member_count as m from lifecycle_steps_of(array(select household_id from lifecycle_household_step))
      union all select township_id, to_day, status, -1, -member_count from lifecycle_steps_of(array(select household_id from lifecycle_household_step)) where to_day is not null) d
     group by 1, 2, 3 having sum(n) <> 0 or sum(m) <> 0 order by 1, 2, 3`)).rows;
  const kept = (await knex().raw(`select township_id::text, day::text, status, households::int, persons::int from lifecycle_status_day where households <> 0 or persons <> 0 order by 1, 2, 3`)).rows;
  expect(kept).toEqual(netted);
  const months = (await knex().raw(`select township_id::text, to_char(month, 'YYYY-MM') as m, status, households::int, persons::int from lifecycle_status_month
     where households <> 0 or persons <> 0 order by 1, 2, 3`)).rows;
  const daysByMonth = (await knex().raw(`select township_id::text, to_char(day, 'YYYY-MM') as m, status, sum(households)::int as households, sum(persons)::int as persons
     from lifecycle_status_day group by 1, 2, 3 having sum(households) <> 0 or sum(persons) <> 0 order by 1, 2, 3`)).rows;
  expect(months).toEqual(daysByMonth);
  const labels = (grain: string, from: string) => `select township_id::text, to_char(${grain}, 'YYYY-MM') as m, kind, label, sum(households)::int as households
     from ${from} group by 1, 2, 3, 4 having sum(households) <> 0 order by 1, 2, 3, 4`;
  expect((await knex().raw(labels('month', 'lifecycle_label_month'))).rows).toEqual((await knex().raw(labels('day', 'lifecycle_label_day'))).rows);
});

it('reads only the summary tables: no household, episode, history or step row (a statement count per table)', async () => {
  const leadingGroup: Principal = { kind: 'DEPARTMENT', role: 'LEADING_GROUP', actor: 'test', name: 'test', department: 'LEADING_GROUP' };
  // pg_stat_xact_user_tables holds this backend's counts not yet flushed, earlier transactions' too: the difference is the reads'.
  const scanCounts = async (trx: Knex) => Object.fromEntries((await trx.raw(`select relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as scans
      from pg_stat_xact_user_tables where relname in ('household', 'household_episode', 'record_history', 'lifecycle_household_step', 'person',
        'lifecycle_status_day', 'lifecycle_status_month', 'lifecycle_label_month', 'lifecycle_flow_month')`)).rows.map((r: { relname: string; scans: number }) => [r.relname, r.scans]));
  const scans = await knex().transaction(async (trx) => {
    const before = await scanCounts(trx as unknown as Knex);
    await trx.raw('select * from lifecycle_statistics_as_of(?::date, null)', [day(-100)]);
    await trx.raw('select * from lifecycle_statistics_as_of(?::date, ?::bigint)', [day(-100), townA.id]);
    const reader = new LifecycleReader(trx as unknown as Knex, leadingGroup);
    expect((await reader.flowReport(Number(today.slice(0, 4)), undefined)).length).toBeGreaterThan(12);
    expect(await reader.flowReport(Number(today.slice(0, 4)), townA.id)).toHaveLength(12);
    const after = await scanCounts(trx as unknown as Knex);
    return Object.fromEntries(Object.entries(after).map(([table, n]) => [table, (n as number) - ((before[table] as number | undefined) ?? 0)]));
  });
  for (const table of ['household', 'household_episode', 'record_history', 'lifecycle_household_step', 'person']) expect([table, scans[table] ?? 0]).toEqual([table, 0]);
  for (const table of ['lifecycle_status_day', 'lifecycle_status_month', 'lifecycle_label_month', 'lifecycle_flow_month']) expect(scans[table]).toBeGreaterThan(0);
  // And the plan of the statistics names the summary tables alone.
  const plan = JSON.stringify((await knex().raw('explain (format json) select * from lifecycle_statistics_as_of(?::date, null)', [day(-100)])).rows);
  const relations = [...new Set([...plan.matchAll(/"Relation Name":\s*"(\w+)"/g)].map((m) => m[1]))].sort();
  expect(relations).toEqual(['lifecycle_label_day', 'lifecycle_label_month', 'lifecycle_status_day', 'lifecycle_status_month']);
});
