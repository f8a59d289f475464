/**
 * The lifecycle's refusals and cells (issue 11 items 5 and 7, R19): bad input answered with stable
 * codes and nothing written; who may re-check, decide, read episodes, the queue and the flow
 * figures; the printed exit notice; the record history's old and new values; and a page of
 * households asOf a past day costing the same statements whatever the page size.
 */
import request from 'supertest';
import { addCalendarDays, countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, idNumber, startApp, TestApp, TestClock, townshipToken } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { confirmThroughWorkflow } from '../../support/workflow';

let t: TestApp;
const clock = new TestClock();
let township: TestTownship;
let other: TestTownship;
let tw: string;
let otherTw: string;
let civil: string;
let onList: { id: string };
let registered: { id: string };

const RECORD = `mutation($i: RecordRecheckInput!) { recordRecheck(input: $i) { recheck { id version } userErrors { code field message } } }`;
const DECIDE = `mutation($i: DecideRecheckInput!) { decideRecheck(input: $i) { recheck { id state } episode { kind } userErrors { code field } } }`;
const today = () => countyToday(clock);
const codes = (p: { userErrors: Array<{ code: string }> }) => p.userErrors.map((e) => e.code);
const recheckInput = (household: string, extra: Record<string, unknown> = {}) => ({
  household, checkedOn: today(), methods: ['HOME_VISIT'], findings: '入户核查', proposal: 'CONTINUE', opinion: '继续保留', ...extra,
});

async function written() {
  const knex = t.orm.em.getKnex();
  const [r] = await knex('household_recheck').count({ n: '*' });
  const [e] = await knex('household_episode').count({ n: '*' });
  const [a] = await knex('audit_event').whereIn('action', ['Mutation.recordRecheck', 'Mutation.decideRecheck']).where('outcome', 'SUCCESS').count({ n: '*' });
  return { rechecks: Number(r.n), episodes: Number(e.n), audits: Number(a.n) };
}

beforeAll(async () => {
  t = await startApp({}, { clock });
  township = await newTownship(t.orm);
  other = await newTownship(t.orm);
  tw = await townshipToken(township.code);
  otherTw = await townshipToken(other.code);
  civil = await departmentToken('CIVIL_AFFAIRS');
  registered = await registerHousehold(t.app, tw, householdInput(township, [member({ name: '王登记' })]));
  onList = await registerHousehold(t.app, tw, householdInput(township, [
    member({ name: '赵在册', idNumber: idNumber('1970-02-03'), monthlyIncome: { wages: 30000 } }),
    member({ name: '钱在册', idNumber: idNumber('1972-04-05', 'FEMALE'), relationToHead: 'SPOUSE', illness: 'SERIOUS', monthlyIncome: {} }),
  ]));
  await confirmThroughWorkflow(t.app, clock, tw, civil, onList.id, ['ILLNESS']);
  clock.advanceDays(3);
});
afterAll(() => t.close());

describe('bad input: a userError with a stable code, nothing written (issue 11 item 5)', () => {
  it('refuses a re-check of a household not on the list, in the future, without a method, an exit without reasons', async () => {
    const before = await written();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [recheckInput(registered.id), 'HOUSEHOLD_NOT_ON_LIST', 'household'],
      [recheckInput(onList.id, { checkedOn: addCalendarDays(today(), 1) }), 'DATE_IN_FUTURE', 'checkedOn'],
      [recheckInput(onList.id, { methods: [] }), 'RECHECK_METHODS_REQUIRED', 'methods'],
      [recheckInput(onList.id, { proposal: 'EXIT' }), 'EXIT_REASONS_REQUIRED', 'exitReasons'],
      [recheckInput(onList.id, { proposal: 'EXIT', exitReasons: [] }), 'EXIT_REASONS_REQUIRED', 'exitReasons'],
      [recheckInput(onList.id, { proposal: 'CHANGE_CATEGORIES' }), 'CATEGORIES_REQUIRED', 'categories'],
      [recheckInput(onList.id, { findings: '  ' }), 'REQUIRED', 'findings'],
      [recheckInput(onList.id, { findings: '查'.repeat(2001) }), 'STRING_TOO_LONG', 'findings'],
      [recheckInput(onList.id, { causes: ['ILLNESS'], primaryCause: 'DISASTER' }), 'PRIMARY_CAUSE_NOT_IN_CAUSES', 'primaryCause'],
      [recheckInput('SG91c2Vob2xkOjk5OTk5OTk5'), 'NOT_FOUND', 'household'],
      [recheckInput('not-an-id'), 'NOT_FOUND', 'household'],
    ];
    for (const [input, code, field] of cases) {
      const r = await gql(t.app, RECORD, { i: input }, { token: tw });
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordRecheck.recheck).toBeNull();
      expect(r.data.recordRecheck.userErrors).toEqual([expect.objectContaining({ code, field: ['input', field] })]);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a re-check dated before the last one (or the episode), a second open one, and a bad decision', async () => {
    const confirmedOn = addCalendarDays(today(), -3);
    const early = await gql(t.app, RECORD, { i: recheckInput(onList.id, { checkedOn: addCalendarDays(confirmedOn, -1) }) }, { token: tw });
    expect(early.data.recordRecheck.userErrors).toEqual([expect.objectContaining({ code: 'RECHECK_BEFORE_LAST', field: ['input', 'checkedOn'] })]);
    expect(early.data.recordRecheck.userErrors[0].message).toContain(confirmedOn);

    const first = (await gql(t.app, RECORD, { i: recheckInput(onList.id, { checkedOn: addCalendarDays(today(), -1) }) }, { token: tw })).data.recordRecheck;
    expect(first.userErrors).toEqual([]);
    expect(codes((await gql(t.app, RECORD, { i: recheckInput(onList.id) }, { token: tw })).data.recordRecheck)).toEqual(['RECHECK_OPEN']);
    const before = await written();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ outcome: 'EXIT', exitReasons: [] }, 'EXIT_REASONS_REQUIRED'],
      [{ outcome: 'EXIT' }, 'EXIT_REASONS_REQUIRED'], // the township proposed no reasons either
      [{ outcome: 'CONTINUE', decidedOn: addCalendarDays(today(), 1) }, 'DATE_IN_FUTURE'],
      [{ outcome: 'CONTINUE', decidedOn: addCalendarDays(today(), -2) }, 'DECISION_BEFORE_RECHECK'],
      [{ outcome: 'EXIT', exitReasons: ['ON_REQUEST'], paymentsStopMonth: '2001-01' }, 'PAYMENT_STOP_BEFORE_DECISION'],
      [{ outcome: 'EXIT', exitReasons: ['ON_REQUEST'], paymentsStopMonth: '2030-13' }, 'INVALID_MONTH'],
      [{ outcome: 'CHANGE_CATEGORIES', categories: ['ORPHAN'] }, 'NOT_ELIGIBLE'],
      [{ outcome: 'CONTINUE', version: first.recheck.version + 1 }, 'STALE_VERSION'],
    ];
    for (const [extra, code] of bad) {
      const r = await gql(t.app, DECIDE, { i: { recheck: first.recheck.id, version: first.recheck.version, reason: '决定', ...extra } }, { token: civil });
      expect(r.errors).toBeUndefined();
      expect(codes(r.data.decideRecheck)).toEqual([code]);
    }
    expect(await written()).toEqual(before);
    const ok = (await gql(t.app, DECIDE, { i: { recheck: first.recheck.id, version: first.recheck.version, outcome: 'CONTINUE', reason: '继续保留' } }, { token: civil })).data.decideRecheck;
    expect(ok).toMatchObject({ userErrors: [], recheck: { state: 'DECIDED' }, episode: null });
    const again = (await gql(t.app, DECIDE, { i: { recheck: first.recheck.id, version: first.recheck.version + 1, outcome: 'CONTINUE', reason: '再次' } }, { token: civil })).data.decideRecheck;
    expect(codes(again)).toEqual(['RECHECK_ALREADY_DECIDED']);
  });
});

describe('access (issue 11 item 7)', () => {
  it('only the household\'s township records a re-check; only civil affairs decides', async () => {
    const before = await written();
    expect(codes((await gql(t.app, RECORD, { i: recheckInput(onList.id) }, { token: otherTw })).data.recordRecheck)).toEqual(['NOT_FOUND']);
    for (const role of ['CIVIL_AFFAIRS', 'EDUCATION', 'LEADING_GROUP'] as const) {
      const r = await gql(t.app, RECORD, { i: recheckInput(onList.id) }, { token: await departmentToken(role) });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const rec = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { rechecks { id version } } } }`, { id: onList.id }, { token: civil })).data.node.rechecks[0];
    for (const token of [tw, await departmentToken('FINANCE')]) {
      const r = await gql(t.app, DECIDE, { i: { recheck: rec.id, version: rec.version, outcome: 'CONTINUE', reason: '继续' } }, { token });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await written()).toEqual(before);
  });

  it('episodes, re-checks and asOf: civil affairs and the own township; a department none (the household itself it may see)', async () => {
    const Q = `query($id: ID!, $d: Date!) { node(id: $id) { ... on Household { id episodes { kind } rechecks { id } changes { op } asOf(day: $d) { onList } } } }`;
    const v = { id: onList.id, d: today() };
    for (const token of [civil, tw]) {
      const n = (await gql(t.app, Q, v, { token })).data.node;
      expect(n.episodes.map((e: { kind: string }) => e.kind)).toEqual(['CONFIRMED']);
      expect(n.rechecks).toHaveLength(1);
      expect(n.asOf.onList).toBe(true);
      expect(n.changes.length).toBeGreaterThan(0);
    }
    // Medical insurance sees the household (its seriously ill member) but not its place on the list.
    const medical = (await gql(t.app, Q, v, { token: await departmentToken('MEDICAL_INSURANCE') })).data.node;
    expect(medical.id).toBe(onList.id);
    expect(medical).toMatchObject({ episodes: [], rechecks: [], changes: [], asOf: null });
    // Nodes of another township's episodes and re-checks answer null.
    const ids = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { episodes { id } rechecks { id } } } }`, { id: onList.id }, { token: civil })).data.node;
    for (const id of [ids.episodes[0].id, ids.rechecks[0].id]) {
      expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: otherTw })).data.node).toBeNull();
      expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: await departmentToken('MEDICAL_INSURANCE') })).data.node).toBeNull();
      expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: tw })).data.node).toEqual({ id });
    }
  });

  it('the re-check queue: its own township only; the flow figures: the leading group and finance read counts, a township only its own', async () => {
    const QUEUE = `query($t: ID) { recheckQueue(township: $t, first: 100) { totalCount } }`;
    expect((await gql(t.app, QUEUE, { t: township.globalId }, { token: otherTw })).data.recheckQueue.totalCount).toBe(0);
    for (const role of ['LEADING_GROUP', 'FINANCE', 'EDUCATION'] as const) {
      expect((await gql(t.app, QUEUE, {}, { token: await departmentToken(role) })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const FLOW = `query($y: Int!, $t: ID) { householdFlowReport(year: $y, township: $t) { months { entries onList township { id } } } }`;
    const y = Number(today().slice(0, 4));
    const sum = (r: any) => r.data.householdFlowReport.months.reduce((s: number, m: { entries: number }) => s + m.entries, 0);
    for (const role of ['LEADING_GROUP', 'FINANCE', 'CIVIL_AFFAIRS'] as const) {
      const r = await gql(t.app, FLOW, { y, t: township.globalId }, { token: await departmentToken(role) });
      expect(r.errors).toBeUndefined();
      expect(sum(r) + sum(await gql(t.app, FLOW, { y: y - 1, t: township.globalId }, { token: await departmentToken(role) }))).toBe(1);
    }
    expect((await gql(t.app, FLOW, { y, t: township.globalId }, { token: otherTw })).data.householdFlowReport.months).toEqual([]);
    const own = (await gql(t.app, FLOW, { y }, { token: otherTw })).data.householdFlowReport.months;
    expect(new Set(own.map((m: { township: { id: string } }) => m.township.id))).toEqual(new Set([other.globalId]));
    for (const role of ['EDUCATION', 'MEDICAL_INSURANCE'] as const) {
      expect((await gql(t.app, FLOW, { y }, { token: await departmentToken(role) })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('exit, the printed notice and the record history', () => {
  it('an exit is printed for the household with its reasons; 401/403/404 for others; the history keeps old and new values', async () => {
    const h = await registerHousehold(t.app, tw, householdInput(township, [member({ name: '孙退出', idNumber: idNumber('1990-07-07'), monthlyIncome: { wages: 20000 } })]));
    await confirmThroughWorkflow(t.app, clock, tw, civil, h.id);
    clock.advanceDays(1);
    const rec = (await gql(t.app, RECORD, { i: recheckInput(h.id, { proposal: 'EXIT', exitReasons: ['MOVED_AWAY'], findings: '已迁往外省' }) }, { token: tw })).data.recordRecheck;
    expect(rec.userErrors).toEqual([]);
    const dec = (await gql(t.app, DECIDE, { i: { recheck: rec.recheck.id, version: rec.recheck.version, outcome: 'EXIT', reason: '户籍迁出', paymentsStopMonth: today().slice(0, 7) } }, { token: civil })).data.decideRecheck;
    expect(dec).toMatchObject({ userErrors: [], episode: { kind: 'EXITED' } });

    const path = `/forms/exit-notice/${rec.recheck.id}`;
    const page = await request(t.app).get(path).set('authorization', `Bearer ${tw}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('城市困难家庭退出告知书');
    expect(page.text).toContain('孙退出');
    expect(page.text).toContain('户籍迁出本县');
    expect(page.text).toContain('户籍迁出'); // the decision's reason
    expect(page.text).not.toMatch(/<script|https?:\/\//);
    expect((await request(t.app).get(path).set('authorization', `Bearer ${civil}`)).status).toBe(200);
    expect((await request(t.app).get(path).set('authorization', `Bearer ${otherTw}`)).status).toBe(404);
    expect((await request(t.app).get(path).set('authorization', `Bearer ${await departmentToken('EDUCATION')}`)).status).toBe(403);
    expect((await request(t.app).get(path)).status).toBe(401);
    // A re-check that did not end in an exit has no notice.
    const kept = (await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { rechecks { id outcome } } } }`, { id: onList.id }, { token: civil })).data.node.rechecks[0];
    expect((await request(t.app).get(`/forms/exit-notice/${kept.id}`).set('authorization', `Bearer ${civil}`)).status).toBe(404);
    const printed = await t.orm.em.getKnex()('audit_event').where({ action: 'Print.exitNotice', record_id: dbId(rec.recheck.id) });
    expect(printed).toHaveLength(2);

    // R19 "every change is kept": the status change, with its old value, who and when.
    const history = await t.orm.em.getKnex()('record_history').where({ table_name: 'household', row_id: dbId(h.id) }).orderBy('id');
    const exitRow = history.find((r: { row: { status: string } }) => r.row.status === 'EXITED');
    expect(exitRow.op).toBe('UPDATE');
    expect(exitRow.changed).toMatchObject({ status: 'IN_HARDSHIP' });
    expect(exitRow.actor).toMatch(/CIVIL_AFFAIRS|civil/i);
    expect(history[0].op).toBe('INSERT');
    // The same through the API: the household's changes with old and new values, who and when; id numbers masked.
    const CHANGES = `query($id: ID!) { node(id: $id) { ... on Household { changes { record op at actor changes { field old new } } } } }`;
    const changes = (await gql(t.app, CHANGES, { id: h.id }, { token: civil })).data.node.changes;
    const statusChange = changes.find((c: any) => c.changes.some((f: any) => f.field === 'status' && f.new === 'EXITED'));
    expect(statusChange).toMatchObject({ record: h.id, op: 'UPDATE' });
    expect(statusChange.changes.find((f: any) => f.field === 'status')).toEqual({ field: 'status', old: 'IN_HARDSHIP', new: 'EXITED' });
    expect(changes[changes.length - 1].op).toBe('INSERT');
    expect(JSON.stringify(changes)).not.toMatch(/\b\d{17}[\dX]\b/);
    expect((await gql(t.app, CHANGES, { id: h.id }, { token: otherTw })).data.node).toBeNull();
    // The history is insert-only for the API.
    await expect(t.orm.em.getKnex()('record_history').where('id', exitRow.id).update({ actor: 'x' })).rejects.toThrow();
  });
});

describe('statements (issue 11 speed)', () => {
  it('a page of households asOf a past day costs the same statements for 2 and for 12 households', async () => {
    const s = await newTownship(t.orm);
    const token = await townshipToken(s.code);
    for (let i = 0; i < 12; i++) {
      await registerHousehold(t.app, token, householdInput(s, [member({ name: `页${i}`, idNumber: idNumber(`1980-01-${String(i + 1).padStart(2, '0')}`) }),
        member({ name: `页配${i}`, relationToHead: 'SPOUSE', idNumber: idNumber(`1981-02-${String(i + 1).padStart(2, '0')}`, 'FEMALE') })]));
    }
    clock.advanceDays(2);
    const day = addCalendarDays(today(), -1);
    const knex = t.orm.em.getKnex();
    const count = async (first: number) => {
      let n = 0;
      const listener = () => n++;
      knex.client.on('query', listener);
      try {
        const r = await gql(t.app, `query($n: Int!, $t: ID!, $d: Date!) { households(first: $n, filter: { township: $t }) { nodes { id
          asOf(day: $d) { status memberCount episode { kind } members { name } } } } }`, { n: first, t: s.globalId, d: day }, { token });
        expect(r.errors).toBeUndefined();
        expect(r.data.households.nodes).toHaveLength(first);
        expect(r.data.households.nodes.every((h: any) => h.asOf.members.length === 2 && h.asOf.status === 'REGISTERED')).toBe(true);
        return n;
      } finally {
        knex.client.removeListener('query', listener);
      }
    };
    const two = await count(2);
    const twelve = await count(12);
    expect(twelve).toBe(two);
  });
});
