/**
 * Issue 10: the re-check queue (R19) reads kept due days (recheck_due) instead of computing every
 * household's. These tests hold the kept rows to the rule itself: after every kind of change —
 * a confirmation, a re-check, a member's income written by any writer, a member reaching working
 * age with no write at all, a new policy number coming into force, the clock going back — the queue
 * answers exactly what `recheckDueSql` computes from the tables for that day. And a refresh that
 * runs while a writer marks the same household again leaves it marked (server only: it needs two
 * sessions).
 */
import type { Client } from 'pg';
import { loadPolicy } from '../../../src/policy/policy.reader';
import { recheckDueSql, refreshRecheckDue } from '../../../src/modules/lifecycle/lifecycle.recheck-due';
import { addCalendarDays, calendarDay, countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, idNumber, serverOnly, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
const clock = new TestClock();
const at = (day: string) => clock.setInstant(`${day}T02:00:00Z`); // 10:00 in the county
const today = () => countyToday(clock);
let township: TestTownship;
let tw: string;
let civil: string;
const ids: Record<'child' | 'wages' | 'elderly', string> = { child: '', wages: '', elderly: '' };

beforeAll(async () => {
  at('2043-03-02');
  t = await startApp({}, { clock, ownDatabase: true }); // moves the clock and changes the policy for everyone
  township = await newTownship(t.orm);
  tw = await townshipToken(township.code);
  civil = await departmentToken('CIVIL_AFFAIRS');
  const none = { wages: 0 };
  // A grandmother past working age with a grandson who turns 16 on 2043-09-15 (able to work, no income).
  const child = await registerHousehold(t.app, tw, householdInput(township, [
    member({ name: '林奶奶', idNumber: idNumber('1950-04-04', 'FEMALE'), workCapacity: 'NONE', monthlyIncome: none }),
    member({ name: '林小孙', relationToHead: 'GRANDCHILD', idNumber: idNumber('2027-09-15'), workCapacity: 'FULL', employmentStatus: 'IN_SCHOOL', schoolingStage: 'JUNIOR_HIGH', monthlyIncome: none }),
  ]));
  const wages = await registerHousehold(t.app, tw, householdInput(township, [member({ name: '陈打工', idNumber: idNumber('1985-02-02'), monthlyIncome: { wages: 20000 } })]));
  const elderly = await registerHousehold(t.app, tw, householdInput(township, [member({ name: '王老人', idNumber: idNumber('1945-01-01'), workCapacity: 'NONE', monthlyIncome: none })]));
  Object.assign(ids, { child: child.id, wages: wages.id, elderly: elderly.id });
  for (const h of [child, wages, elderly]) await confirmThroughWorkflow(t.app, clock, tw, civil, h.id);
});
afterAll(() => t?.close());

const QUEUE = `query($t: ID!, $after: String) { recheckQueue(township: $t, first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { dueOn status cadenceMonths lastCheckedOn onListSince household { id } } } }`;

interface Entry { household: string; dueOn: string; status: string; cadenceMonths: number; lastCheckedOn: string | null; onListSince: string }

/** The whole queue of the township through the API, page by page (pages of 2: the keyset is crossed). */
async function queue(): Promise<{ totalCount: number; entries: Entry[] }> {
  const entries: Entry[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (;;) {
    const r: { errors?: unknown; data: any } = await gql(t.app, QUEUE, { t: township.globalId, after }, { token: tw });
    expect(r.errors).toBeUndefined();
    const q = r.data.recheckQueue;
    totalCount = q.totalCount;
    for (const n of q.nodes) entries.push({ household: n.household.id, dueOn: n.dueOn, status: n.status, cadenceMonths: n.cadenceMonths, lastCheckedOn: n.lastCheckedOn, onListSince: n.onListSince });
    if (!q.pageInfo.hasNextPage) break;
    after = q.pageInfo.endCursor;
  }
  return { totalCount, entries };
}

/** What the rule computes from the tables for today: the reference the kept rows must equal. */
async function reference(): Promise<Entry[]> {
  const knex = t.owner.em.getKnex();
  const policy = (await loadPolicy(knex, today())).values;
  const due = recheckDueSql(policy, today(), 'h.township_id = ?', [township.id]);
  const window = addCalendarDays(today(), policy.RECHECK_DUE_WINDOW_DAYS);
  const { rows } = await knex.raw(`select q.* from (${due.sql}) q where q.due_on <= ?::date order by q.due_on, q.household_id`, [...due.params, window] as never[]);
  const global = new Map(Object.values(ids).map((g) => [dbId(g), g]));
  return rows.map((r: Record<string, unknown>) => ({
    household: global.get(String(r.household_id)) ?? `unknown ${r.household_id}`, dueOn: calendarDay(r.due_on as Date), status: calendarDay(r.due_on as Date) < today() ? 'OVERDUE' : 'DUE',
    cadenceMonths: Number(r.cadence_months), lastCheckedOn: r.last_checked_on ? calendarDay(r.last_checked_on as Date) : null, onListSince: calendarDay(r.on_list_since as Date),
  }));
}

async function expectQueueAsRule(): Promise<Entry[]> {
  const expected = await reference();
  const got = await queue();
  expect(got.entries).toEqual(expected);
  expect(got.totalCount).toBe(expected.length);
  // The day counts behind totalCount are the kept rows counted, everywhere.
  const knex = t.owner.em.getKnex();
  const days = (await knex.raw(`select township_id::text, due_on::text, households::int as n from recheck_due_day where households <> 0 order by 1, 2`)).rows;
  const rows = (await knex.raw(`select township_id::text, due_on::text, count(*)::int as n from recheck_due where due_on is not null group by 1, 2 order by 1, 2`)).rows;
  expect(days).toEqual(rows);
  return got.entries;
}

const entryOf = (entries: Entry[], key: keyof typeof ids) => entries.find((e) => e.household === ids[key]);
const policyOf = async (key: string) => (await loadPolicy(t.owner.em.getKnex(), today())).values[key as 'RECHECK_MONTHS_STABLE'];

it('answers as the rule after confirmations, through the calendar alone (a member reaches working age), and after a re-check', async () => {
  const stable = await policyOf('RECHECK_MONTHS_STABLE');
  const variable = await policyOf('RECHECK_MONTHS_VARIABLE');
  expect(stable).toBeGreaterThan(variable); // what the steps below rely on: a stable household is due later
  // Confirmed in March: the household with wages is due after `variable` months, the others later.
  at(`2043-${String(3 + variable).padStart(2, '0')}-14`);
  let entries = await expectQueueAsRule();
  expect(entries.map((e) => e.household)).toEqual([ids.wages]);
  expect(entryOf(entries, 'wages')!.cadenceMonths).toBe(variable);
  // The grandson turns 16 on 2043-09-15: from that day the household is variable and overdue — with no write between.
  at('2043-09-14');
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'child')).toBeUndefined();
  at('2043-09-15');
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'child')).toMatchObject({ cadenceMonths: variable, status: 'OVERDUE' });

  // A re-check moves the household's due day on by its cadence: out of the queue.
  const r = await gql(t.app, `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) { userErrors { code } } }`,
    { i: { household: ids.wages, checkedOn: today(), methods: ['HOME_VISIT'], findings: '入户核查', proposal: 'CONTINUE', opinion: '继续保留' } }, { token: tw });
  expect(r.data.recordRecheck.userErrors).toEqual([]);
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'wages')).toBeUndefined();
  expect(entryOf(entries, 'child')).toBeDefined();
});

it('answers as the rule after any writer changes a member, after a new policy number comes into force, and when the clock goes back', async () => {
  at('2043-10-01');
  const variable = await policyOf('RECHECK_MONTHS_VARIABLE');
  // A member's wages written straight into the table (not through the API): the trigger marks the household.
  await t.owner.em.getKnex()('person').where('household_id', dbId(ids.elderly)).update({ income_wages: 10000 });
  let entries = await expectQueueAsRule();
  expect(entryOf(entries, 'elderly')).toMatchObject({ cadenceMonths: variable });
  await t.owner.em.getKnex()('person').where('household_id', dbId(ids.elderly)).update({ income_wages: 0 });
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'elderly')).toBeUndefined();

  // A stable cadence of 3 months from 2043-11-01: the stable household is overdue from that day, not before.
  const set = await gql(t.app, `mutation($i: SetPolicyParameterInput!) { setPolicyParameter(input: $i) { userErrors { code } } }`,
    { i: { key: 'RECHECK_MONTHS_STABLE', value: 3, effectiveFrom: '2043-11-01', reason: '缩短核查周期' } }, { token: civil });
  expect(set.data.setPolicyParameter.userErrors).toEqual([]);
  at('2043-10-31');
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'elderly')).toBeUndefined();
  at('2043-11-01');
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'elderly')).toMatchObject({ cadenceMonths: 3, status: 'OVERDUE' });

  // Back before the change and before the grandson's birthday: rows computed for later days are recomputed.
  at('2043-09-14');
  entries = await expectQueueAsRule();
  expect(entryOf(entries, 'elderly')).toBeUndefined();
  expect(entryOf(entries, 'child')).toBeUndefined();
});

it('costs the same statements for a page when nothing is stale, and none of them writes', async () => {
  at('2043-10-02');
  await queue(); // brings the rows up to the day
  const knex = t.orm.em.getKnex();
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  knex.client.on('query', listener);
  try {
    await gql(t.app, QUEUE, { t: township.globalId, after: null }, { token: tw });
  } finally {
    knex.client.removeListener('query', listener);
  }
  const queueStatements = seen.filter((s) => /recheck_due/.test(s));
  expect(queueStatements.length).toBe(3); // the staleness check, the page, its count (from the day counts)
  expect(queueStatements.filter((s) => /recheck_due_day/.test(s))).toHaveLength(1);
  expect(queueStatements.filter((s) => /\b(insert|update|delete)\b/i.test(s))).toEqual([]);
});

serverOnly('a refresh beside a writer (issue 10)', () => {
  it('a household marked again by a writer while a refresh runs stays marked, so the next refresh sees the write', async () => {
    at('2043-10-03');
    const knex = t.owner.em.getKnex();
    const household = dbId(ids.child);
    const policy = (await loadPolicy(knex, today())).values;
    await refreshRecheckDue(knex, today(), policy); // up to the day: what follows is the refresh of a few marked households
    await knex.raw('select recheck_due_mark(?::bigint[])', [[household]]); // committed: a refresh will read this mark
    // A second session of the same database (the owner's pool), as another request's writer.
    const client = knex.client as unknown as { acquireConnection(): Promise<Client>; releaseConnection(c: Client): Promise<void> };
    const writer = await client.acquireConnection();
    try {
      const writerPid = (await writer.query('select pg_backend_pid() as pid')).rows[0].pid;
      await writer.query('begin');
      // The write marks the household again (and holds the mark's row) until it commits.
      await writer.query('update person set income_wages = income_wages where household_id = $1', [household]);
      const refresh = refreshRecheckDue(knex, today(), policy); // its snapshot does not see the uncommitted write
      // Until the refresh waits for the writer's row (it must not have read the marks after the commit).
      for (let waited = 0; ; waited += 20) {
        const { rows } = await knex.raw(`select count(*)::int as n from pg_stat_activity where ?::int = any(pg_blocking_pids(pid))`, [writerPid]);
        if (rows[0].n > 0) break;
        if (waited > 10_000) throw new Error('the refresh never waited for the writer');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await writer.query('commit');
      await refresh;
      const left = await knex('recheck_due_stale').where('household_id', household).first();
      expect(left).toBeDefined(); // the refresh removed only the mark it read
      await expectQueueAsRule();
      expect(await knex('recheck_due_stale').where('household_id', household).first()).toBeUndefined();
    } finally {
      await client.releaseConnection(writer);
    }
  });
});
