/**
 * Funds (R20) and the monthly allowance run (R17) on the real database.
 *
 * Part 1 (service and roster route) runs on its own: it calls FundsService / disburse directly and
 * mounts the module's routes (fundsRoutes) on an Express app of its own. Part 2 goes through the real /graphql and
 * the real /allowance-runs/:id.xlsx route: it needs the shared edits (resolver registration in
 * src/graphql/schema.ts, OPERATIONS in src/access/matrix.ts, the route in src/app.ts, the funds
 * codes in UserErrorCode + i18n, the node(id:) cases in registry.resolver.ts).
 */
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import express from 'express';
import request from 'supertest';
import { Authenticator } from '../../../src/access/authenticate';
import { Principal } from '../../../src/shared/principal';
import { loadConfig } from '../../../src/config';
import { systemClock } from '../../../src/graphql/context';
import { toGlobalId } from '../../../src/graphql/relay';
import { countyToday } from '../../../src/graphql/scalars';
import { FundKind } from '../../../src/modules/funds/funds.enums';
import { FundsReader } from '../../../src/modules/funds/funds.reader';
import { ROSTER_HEADER, rosterTitle, XLSX_MIME } from '../../../src/modules/funds/funds.roster';
import { fundsRoutes } from '../../../src/modules/funds/funds.routes';
import { disburse, FundsService } from '../../../src/modules/funds/funds.service';
import { allowanceStandard } from '../../../src/policy/benefits';
import { loadPolicy } from '../../../src/policy/policy.reader';
import type { ServiceContext } from '../../../src/shared/context';
import type { Result } from '../../../src/shared/result';
import { departmentToken, embedded, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
const service = new FundsService();
const today = () => countyToday(systemClock.now());
const thisMonth = () => today().slice(0, 7);
const thisYear = () => Number(today().slice(0, 4));
const nextMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const uniq = () => `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`.toUpperCase();

const dept = (d: 'FINANCE' | 'CIVIL_AFFAIRS' | 'EDUCATION'): Principal => ({ kind: 'DEPARTMENT', role: d, department: d, actor: `department:${d}:tester`, name: 'tester' });
// The service takes a language-free context and database keys; codes come back, messages are made at the GraphQL edge.
const ctxOf = (principal: Principal): ServiceContext => ({ principal, em: t.orm.em, ip: null, requestId: null, clock: systemClock });
const finance = () => ctxOf(dept('FINANCE'));
const civil = () => ctxOf(dept('CIVIL_AFFAIRS'));
const knex = () => t.orm.em.getKnex();

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.problems)}`);
  return r.value;
}
function codes(r: Result<unknown>): string[] {
  return r.ok ? [] : r.problems.map((e) => e.code);
}

/** A source and an allocation; returns the allocation's database key and global id. */
async function allocation(measure: string, amount: number, year = thisYear()) {
  const source = ok(await service.createFundSource(finance(), { code: uniq(), name: '县级财政测试资金', kind: FundKind.COUNTY_FINANCE }));
  const id = ok(await service.allocateFund(finance(), { sourceId: source, measure, year, amount }));
  return { id, globalId: toGlobalId('FundAllocation', id), source };
}

/** A confirmed (IN_HARDSHIP) household with `size` members, head named `head`. */
async function household(township: TestTownship, head: string, size = 1, confirmed = true) {
  const token = await townshipToken(township.code);
  const members = [member({ name: head }), ...Array.from({ length: size - 1 }, (_, i) => member({ name: `${head}家属${i}`, relationToHead: 'CHILD' }))];
  const h = await registerHousehold(t.app, token, householdInput(township, members));
  if (confirmed) await confirm(t.orm, h.id);
  return dbId(h.id);
}

/** Plan items inserted straight into the table (the measures service is not needed for funds). */
async function planItem(township: TestTownship, householdId: string, o: { item?: string; measure?: string; status?: string; amount?: number | null } = {}) {
  const [row] = await knex()('plan_item').insert({
    household_id: householdId, township_id: township.id, item: o.item ?? 'MINIMUM_LIVING_ALLOWANCE', measure: o.measure ?? 'SAFETY_NET',
    department: 'CIVIL_AFFAIRS', status: o.status ?? 'ACCEPTED', amount: o.amount === undefined ? 50000 : o.amount, proposed_amount: o.amount ?? null,
    basis: '{}', created_by: 'test', updated_by: 'test',
  }).returning('id');
  if ((o.item ?? 'MINIMUM_LIVING_ALLOWANCE') === 'MINIMUM_LIVING_ALLOWANCE' && o.amount !== null) await incomeFor(householdId, o.amount ?? 50000);
  return String(row.id);
}

/**
 * The run pays the amount computed from the household and the policy in force (issue 11), not the
 * stored one: give the household the income that makes the computed allowance `amount`
 * (standard × members − income; the synthetic members are adults, so no supplements).
 */
async function incomeFor(householdId: string, amount: number) {
  const policy = await loadPolicy(knex(), `${thisMonth()}-01`);
  const members = await knex()('person').where({ household_id: householdId }).whereNull('removed_at').orderBy('id');
  await knex()('person').update({ income_wages: 0, income_business: 0, income_property: 0, income_transfers: 0, income_other: 0 }).where({ household_id: householdId });
  await knex()('person').update({ income_wages: allowanceStandard(policy) * members.length - amount }).where({ id: members[0].id });
}

async function delivery(planItemId: string, amount: number) {
  const [row] = await knex()('delivery').insert({ plan_item_id: planItemId, delivered_on: today(), note: '测试', amount, recorded_by: 'test' }).returning('id');
  return String(row.id);
}

async function allocationRow(id: string) {
  const r = await knex()('fund_allocation').where({ id }).first();
  return { amount: Number(r.amount), disbursed: Number(r.disbursed), version: r.version };
}
const count = async (table: string, where: Record<string, unknown>) => Number((await knex()(table).where(where).count({ n: '*' }).first())!.n);

beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

describe('fund sources and allocations (service)', () => {
  it('allocates, and sums allocated / disbursed / balance per source in SQL', async () => {
    const a = await allocation('SAFETY_NET', 1_000_000);
    const b = ok(await service.allocateFund(finance(), { sourceId: a.source, measure: 'EDUCATION_AID', year: thisYear(), amount: 250_000 }));
    const township = await newTownship(t.orm);
    const h = await household(township, '王平');
    const d = await delivery(await planItem(township, h, { item: 'TEMPORARY_RELIEF' }), 30_000);
    ok(await service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 30_000, paidOn: today() }));

    const reader = new FundsReader(knex(), dept('FINANCE'));
    const [source] = await reader.sources([a.source]);
    expect(source).toMatchObject({ allocated: 1_250_000, disbursed: 30_000, balance: 1_220_000 });
    const allocations = await reader.allocations({ sourceId: a.source });
    expect(allocations.map((x) => [x.measure, x.amount, x.disbursed, x.balance])).toEqual(
      expect.arrayContaining([['SAFETY_NET', 1_000_000, 30_000, 970_000], ['EDUCATION_AID', 250_000, 0, 250_000]]),
    );
    // A department reads the allocations of its own measures only; a township none; no one else the sources.
    const education = await new FundsReader(knex(), dept('EDUCATION')).allocations({ sourceId: a.source });
    expect(education.map((x) => x.dbId)).toEqual([b]);
    expect(await new FundsReader(knex(), dept('EDUCATION')).sources([a.source])).toEqual([]);
    const townshipPrincipal: Principal = { kind: 'TOWNSHIP', role: 'TOWNSHIP', townshipId: township.id, townshipCode: township.code, actor: 'township:x', name: 'x' };
    expect(await new FundsReader(knex(), townshipPrincipal).allocations(null, [a.id])).toEqual([]);
    // Audited in the transaction of the change.
    expect(await count('audit_event', { action: 'Mutation.allocateFund', record_id: a.id, outcome: 'SUCCESS' })).toBe(1);
  });

  it('refuses a duplicate code and implausible input, writing nothing', async () => {
    const code = uniq();
    ok(await service.createFundSource(finance(), { code, name: '捐赠', kind: FundKind.SOCIAL_DONATION }));
    expect(codes(await service.createFundSource(finance(), { code, name: '捐赠2', kind: FundKind.SOCIAL_DONATION }))).toEqual(['DUPLICATE_CODE']);
    expect(codes(await service.createFundSource(finance(), { code: 'bad code!', name: 'x', kind: FundKind.SOCIAL_DONATION }))).toEqual(['INVALID_FORMAT']);
    expect(codes(await service.createFundSource(finance(), { code: uniq(), name: ' ', kind: FundKind.SOCIAL_DONATION }))).toEqual(['REQUIRED']);
    const sourceId = String((await knex()('fund_source').where({ code }).first()).id);
    const before = await count('fund_allocation', {});
    const bad = async (input: Partial<{ sourceId: string | null; measure: string; year: number; amount: number }>) =>
      codes(await service.allocateFund(finance(), { sourceId, measure: 'SAFETY_NET', year: thisYear(), amount: 100, ...input }));
    expect(await bad({ amount: 0 })).toEqual(['OUT_OF_RANGE']);
    expect(await bad({ amount: -5 })).toEqual(['AMOUNT_NEGATIVE']);
    expect(await bad({ amount: 1e12 + 1 })).toEqual(['AMOUNT_TOO_LARGE']);
    expect(await bad({ measure: 'LOTTERY' })).toEqual(['INVALID_FORMAT']);
    expect(await bad({ year: 1999 })).toEqual(['OUT_OF_RANGE']);
    expect(await bad({ sourceId: '999999999' })).toEqual(['NOT_FOUND']);
    // An id that named nothing of its type (the resolver decodes it to null) is not found either.
    expect(await bad({ sourceId: null })).toEqual(['NOT_FOUND']);
    expect(await count('fund_allocation', {})).toBe(before);
  });
});

describe('disbursements (service)', () => {
  let township: TestTownship;
  let item: string;
  beforeAll(async () => {
    township = await newTownship(t.orm);
    item = await planItem(township, await household(township, '陈可'), { item: 'TEMPORARY_RELIEF' });
  });

  it('refuses an overdraw and writes nothing', async () => {
    const a = await allocation('SAFETY_NET', 1_000);
    ok(await service.payDelivery(civil(), { allocationId: a.id, deliveryId: await delivery(item, 600), amount: 600, paidOn: today() }));
    const before = await allocationRow(a.id);
    const d = await delivery(item, 500);
    const r = await service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 500, paidOn: today() });
    expect(codes(r)).toEqual(['FUND_OVERDRAWN']);
    expect(await allocationRow(a.id)).toEqual(before);
    expect(before).toMatchObject({ amount: 1_000, disbursed: 600 });
    expect(await count('disbursement', { allocation_id: a.id })).toBe(1);
    expect(await count('disbursement', { delivery_id: d })).toBe(0);
  });

  it('refuses a zero or negative amount, a wrong measure, a wrong year and a future day', async () => {
    const a = await allocation('SAFETY_NET', 100_000);
    const education = await allocation('EDUCATION_AID', 100_000);
    const d = await delivery(item, 100);
    const pay = async (over: Partial<{ allocationId: string; amount: number; paidOn: string }>) =>
      codes(await service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 100, paidOn: today(), ...over }));
    expect(await pay({ amount: 0 })).toEqual(['OUT_OF_RANGE']);
    expect(await pay({ amount: -100 })).toEqual(['AMOUNT_NEGATIVE']);
    expect(await pay({ allocationId: education.id })).toEqual(['WRONG_MEASURE']);
    expect(await pay({ paidOn: `${thisYear() - 1}-12-31` })).toEqual(['WRONG_YEAR']);
    expect(await pay({ paidOn: '2999-01-01' })).toEqual(['DATE_IN_FUTURE']);
    expect(await pay({ allocationId: '999999999' })).toEqual(['NOT_FOUND']);
    expect((await allocationRow(a.id)).disbursed).toBe(0);
    expect(await count('disbursement', { delivery_id: d })).toBe(0);
  });

  it('pays a delivery once: a second payment is ALREADY_PAID', async () => {
    const a = await allocation('SAFETY_NET', 100_000);
    const d = await delivery(item, 700);
    ok(await service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 700, paidOn: today() }));
    expect(codes(await service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 700, paidOn: today() }))).toEqual(['ALREADY_PAID']);
    // At the same time (on the server they race: the unique index is the backstop).
    const d2 = await delivery(item, 700);
    const results = await Promise.all(Array.from({ length: 5 }, () => service.payDelivery(civil(), { allocationId: a.id, deliveryId: d2, amount: 700, paidOn: today() })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => codes(r)[0] === 'ALREADY_PAID')).toBe(true);
    expect(await count('disbursement', { delivery_id: d2 })).toBe(1);
    expect((await allocationRow(a.id)).disbursed).toBe(1_400);
  });

  it(`lets exactly 3 of 10 simultaneous disbursements through an allocation with room for 3 (${embedded ? 'embedded: serialised' : 'server: racing'})`, async () => {
    const a = await allocation('SAFETY_NET', 3 * 500);
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => delivery(item, 500)));
    const results = await Promise.all(deliveries.map((d) => service.payDelivery(civil(), { allocationId: a.id, deliveryId: d, amount: 500, paidOn: today() })));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).map((r) => codes(r)[0])).toEqual(Array(7).fill('FUND_OVERDRAWN'));
    const row = await allocationRow(a.id);
    expect(row.disbursed).toBe(1_500);
    expect(row.disbursed).toBeLessThanOrEqual(row.amount);
    expect(row.version).toBe(1 + 3);
    expect(await count('disbursement', { allocation_id: a.id })).toBe(3);
  });

  it('disburse() works inside the caller\'s transaction and rolls back with it', async () => {
    const a = await allocation('SAFETY_NET', 10_000);
    const d = await delivery(item, 1_000);
    await expect(t.orm.em.fork().transactional(async (tx) => {
      ok(await disburse(tx, civil(), { allocationId: a.id, deliveryId: d, amount: 1_000, paidOn: today() }));
      throw new Error('caller fails later');
    })).rejects.toThrow('caller fails later');
    expect((await allocationRow(a.id)).disbursed).toBe(0);
    expect(await count('disbursement', { delivery_id: d })).toBe(0);
  });
});

describe('monthly allowance run (service)', () => {
  /** Two households paid (ACCEPTED and ADJUSTED); three not (proposed, not in hardship, no amount). */
  async function scene() {
    const township = await newTownship(t.orm);
    const paid = [
      { head: '李明', size: 3, amount: 65_432, status: 'ACCEPTED' },
      { head: '赵红', size: 1, amount: 12_345, status: 'ADJUSTED' },
    ];
    for (const p of paid) await planItem(township, await household(township, p.head, p.size), { status: p.status, amount: p.amount });
    await planItem(township, await household(township, '待审'), { status: 'PROPOSED' });
    await planItem(township, await household(township, '未认定', 1, false), { status: 'ACCEPTED' });
    await planItem(township, await household(township, '无金额'), { status: 'ACCEPTED', amount: null });
    return { township, paid, total: 65_432 + 12_345 };
  }

  it('pays each eligible household once, in one transaction, and a second run changes nothing', async () => {
    const { township, paid, total } = await scene();
    const a = await allocation('SAFETY_NET', 1_000_000);
    const input = { townshipId: township.id, month: thisMonth(), allocationId: a.id };
    const first = ok(await service.runMonthlyAllowance(civil(), input));
    expect(first.alreadyRun).toBe(false);
    const run = await knex()('allowance_run').where({ id: first.run }).first();
    expect(run).toMatchObject({ month: thisMonth(), households: 2, allocation_id: a.id });
    expect(Number(run.total)).toBe(total);
    const lines = await knex()('allowance_run_line').where({ run_id: first.run }).orderBy('id');
    expect(lines.map((l) => [l.head_name, l.household_size, l.amount])).toEqual(paid.map((p) => [p.head, p.size, p.amount]));
    const deliveries = await knex()('delivery').whereIn('id', lines.map((l) => l.delivery_id));
    expect(deliveries.map((d) => d.note)).toEqual([`月度低保金 ${thisMonth()}`, `月度低保金 ${thisMonth()}`]);
    expect(await count('disbursement', { allocation_id: a.id })).toBe(2);
    expect(await allocationRow(a.id)).toMatchObject({ disbursed: total, version: 2 });

    const snapshot = async () => [
      await count('allowance_run', { township_id: township.id }), await count('disbursement', { allocation_id: a.id }),
      await count('allowance_run_line', { run_id: first.run }), await count('audit_event', { action: 'Mutation.runMonthlyAllowance', record_id: first.run }),
      (await allocationRow(a.id)).disbursed,
    ];
    const before = await snapshot();
    expect(before).toEqual([1, 2, 2, 1, total]);
    const second = ok(await service.runMonthlyAllowance(civil(), input));
    expect(second).toEqual({ run: first.run, alreadyRun: true });
    expect(await snapshot()).toEqual(before);
  });

  it('settles simultaneous runs of one township and month on one run', async () => {
    const { township, total } = await scene();
    const a = await allocation('SAFETY_NET', 1_000_000);
    const input = { townshipId: township.id, month: thisMonth(), allocationId: a.id };
    const results = (await Promise.all(Array.from({ length: 5 }, () => service.runMonthlyAllowance(civil(), input)))).map(ok);
    expect(results.filter((r) => !r.alreadyRun)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run)).size).toBe(1);
    expect(await count('allowance_run', { township_id: township.id })).toBe(1);
    expect(await count('allowance_run_line', { run_id: results[0].run })).toBe(2);
    expect((await allocationRow(a.id)).disbursed).toBe(total);
  });

  it('refuses a bad or future month, another measure\'s or year\'s allocation, nobody to pay, and an overdraw (all rolled back)', async () => {
    const { township } = await scene();
    const a = await allocation('SAFETY_NET', 1_000_000);
    const run = async (over: Partial<{ townshipId: string | null; month: string; allocationId: string | null }>) =>
      codes(await service.runMonthlyAllowance(civil(), { townshipId: township.id, month: thisMonth(), allocationId: a.id, ...over }));
    expect(await run({ month: nextMonth() })).toEqual(['INVALID_MONTH']);
    expect(await run({ month: '2026-13' })).toEqual(['INVALID_MONTH']);
    expect(await run({ month: '202601' })).toEqual(['INVALID_MONTH']);
    expect(await run({ allocationId: (await allocation('HOUSING_AID', 1_000_000)).id })).toEqual(['WRONG_MEASURE']);
    expect(await run({ allocationId: (await allocation('SAFETY_NET', 1_000_000, thisYear() - 1)).id })).toEqual(['WRONG_YEAR']);
    expect(await run({ townshipId: (await newTownship(t.orm)).id })).toEqual(['NOTHING_TO_PAY']);
    expect(await run({ townshipId: '999999999' })).toEqual(['NOT_FOUND']);
    expect(await run({ townshipId: null })).toEqual(['NOT_FOUND']);
    expect(await run({ allocationId: null })).toEqual(['NOT_FOUND']);
    const small = await allocation('SAFETY_NET', 70_000); // the month needs 77,777 fen
    expect(await run({ allocationId: small.id })).toEqual(['FUND_OVERDRAWN']);
    expect(await count('allowance_run', { township_id: township.id })).toBe(0);
    expect(await allocationRow(small.id)).toMatchObject({ disbursed: 0, version: 1 });
    expect(await count('disbursement', { allocation_id: small.id })).toBe(0);
    const items = await knex()('plan_item').where({ township_id: township.id }).pluck('id');
    expect(Number((await knex()('delivery').whereIn('plan_item_id', items).count({ n: '*' }).first())!.n)).toBe(0);
    // And with the right allocation the month can still be paid.
    expect(ok(await service.runMonthlyAllowance(civil(), { townshipId: township.id, month: thisMonth(), allocationId: a.id })).alreadyRun).toBe(false);
  });
});

/** Reads an .xlsx response body (supertest buffers it with this parser). */
const binary = (res: any, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function readRoster(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

async function expectRoster(body: Buffer, townshipName: string, rows: Array<[string, number, number]>) {
  const ws = await readRoster(body);
  expect(ws.getCell('A1').value).toBe(rosterTitle(townshipName, thisMonth()));
  expect(ws.getRow(2).values).toEqual([undefined, ...ROSTER_HEADER]);
  rows.forEach(([head, size, amount], i) => {
    const row = ws.getRow(3 + i);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([i + 1, head, size, amount / 100]);
    expect(row.getCell(4).numFmt).toBe('0.00');
  });
  const totalRow = ws.getRow(3 + rows.length);
  expect(totalRow.getCell(1).value).toBe('合计');
  expect(totalRow.getCell(4).value).toBeCloseTo(rows.reduce((s, r) => s + r[2], 0) / 100, 2);
  expect(ws.rowCount).toBe(3 + rows.length);
  expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '2:2' });
  expect(ws.headerFooter.oddFooter).toContain('&P');
  // Names only: no id numbers anywhere on the sheet.
  ws.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/\d{17}[\dX]/)));
}

describe('roster (the funds routes mounted on a test app)', () => {
  let app: express.Express;
  let township: TestTownship;
  let runId: string;
  let townshipName: string;
  beforeAll(async () => {
    app = express();
    app.use(fundsRoutes({ orm: t.orm, auth: new Authenticator(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: process.env.TEST_DB_URL })) }));
    township = await newTownship(t.orm);
    townshipName = (await knex()('township').where({ id: township.id }).first()).name;
    await planItem(township, await household(township, '周一', 4), { amount: 80_000 });
    await planItem(township, await household(township, '吴二', 2), { amount: 45_050 });
    const a = await allocation('SAFETY_NET', 1_000_000);
    runId = ok(await service.runMonthlyAllowance(civil(), { townshipId: township.id, month: thisMonth(), allocationId: a.id })).run;
  });

  it('serves the printable roster: title, header, one row per household, the total', async () => {
    const path = `/allowance-runs/${toGlobalId('AllowanceRun', runId)}.xlsx`;
    const res = await request(app).get(path).set('authorization', `Bearer ${await departmentToken('CIVIL_AFFAIRS')}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_MIME);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=.*\.xlsx/);
    await expectRoster(res.body, townshipName, [['周一', 4, 80_000], ['吴二', 2, 45_050]]);
    expect(await count('audit_event', { action: 'Download.allowanceRoster', record_id: runId })).toBeGreaterThanOrEqual(1);
  });

  // The roster names heads of household: civil affairs and the run's own township print it;
  // finance and the leading group read runs as aggregates only (OTHER_ROWS.AllowanceRoster).
  it('serves it to civil affairs and the run\'s own township; 404 to finance, the leading group, others and for unknown ids; 401 without a token', async () => {
    const path = `/allowance-runs/${toGlobalId('AllowanceRun', runId)}.xlsx`;
    const get = async (token?: string, p = path) => {
      const req = request(app).get(p);
      if (token) req.set('authorization', `Bearer ${token}`);
      return (await req).status;
    };
    expect(await get(await departmentToken('CIVIL_AFFAIRS'))).toBe(200);
    expect(await get(await departmentToken('FINANCE'))).toBe(404);
    expect(await get(await townshipToken(township.code))).toBe(200);
    expect(await get(await townshipToken((await newTownship(t.orm)).code))).toBe(404);
    expect(await get(await departmentToken('EDUCATION'))).toBe(404);
    expect(await get(await departmentToken('LEADING_GROUP'))).toBe(404);
    expect(await get(await departmentToken('CIVIL_AFFAIRS'), `/allowance-runs/${toGlobalId('AllowanceRun', '999999999')}.xlsx`)).toBe(404);
    expect(await get(await departmentToken('CIVIL_AFFAIRS'), `/allowance-runs/${toGlobalId('Household', runId)}.xlsx`)).toBe(404);
    expect(await get()).toBe(401);
    expect(await get('not-a-jwt')).toBe(401);
  });
});

// ------------------------------------------------------------------------------------------------
// Part 2: through the real app. NEEDS THE SHARED EDITS (schema.ts RESOLVERS, matrix.ts OPERATIONS,
// the route in app.ts, UserErrorCode + i18n, node(id:) cases in registry.resolver.ts).
// ------------------------------------------------------------------------------------------------
describe('through GraphQL and the app\'s roster route (needs the shared edits)', () => {
  const SOURCE = `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id code name kind allocated disbursed balance } userErrors { field code message } } }`;
  const ALLOCATE = `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id measure year amount disbursed balance source { id code } } userErrors { field code message } } }`;
  const RUN = `mutation($i: RunMonthlyAllowanceInput!) { runMonthlyAllowance(input: $i) {
    alreadyRun run { id month households total rosterPath township { id } allocation { id disbursed } lines { headName householdSize amount } }
    userErrors { field code message } } }`;
  const RUNS = `query($t: ID, $first: Int, $after: String) { allowanceRuns(township: $t, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id month households total lines { headName householdSize amount } } } }`;
  let fin: string;
  let civ: string;

  beforeAll(async () => {
    fin = await departmentToken('FINANCE');
    civ = await departmentToken('CIVIL_AFFAIRS');
  });

  it('finance creates a source and allocations; balances and row rules through the API', async () => {
    const code = uniq();
    const s = await gql(t.app, SOURCE, { i: { code, name: '县财政城市低保资金', kind: 'COUNTY_FINANCE' } }, { token: fin });
    expect(s.data.createFundSource.userErrors).toEqual([]);
    const source = s.data.createFundSource.fundSource;
    expect(source).toMatchObject({ code, allocated: 0, disbursed: 0, balance: 0 });
    const dup = await gql(t.app, SOURCE, { i: { code, name: 'x', kind: 'COUNTY_FINANCE' } }, { token: fin, lang: 'en' });
    expect(dup.data.createFundSource.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE_CODE', field: ['input', 'code'] })]);

    const a = await gql(t.app, ALLOCATE, { i: { source: source.id, measure: 'SAFETY_NET', year: thisYear(), amount: 500_000 } }, { token: fin });
    expect(a.data.allocateFund).toMatchObject({ userErrors: [], allocation: { measure: 'SAFETY_NET', amount: 500_000, disbursed: 0, balance: 500_000, source: { id: source.id } } });
    const e = await gql(t.app, ALLOCATE, { i: { source: source.id, measure: 'EDUCATION_AID', year: thisYear(), amount: 90_000 } }, { token: fin });
    expect(e.data.allocateFund.userErrors).toEqual([]);
    const zero = await gql(t.app, ALLOCATE, { i: { source: source.id, measure: 'EDUCATION_AID', year: thisYear(), amount: 0 } }, { token: fin });
    expect(zero.data.allocateFund.userErrors[0].code).toBe('OUT_OF_RANGE');

    const list = await gql(t.app, `query($s: ID) { fundAllocations(filter: { source: $s }) { id measure balance } fundSources { id allocated disbursed balance } }`, { s: source.id }, { token: fin });
    expect(list.data.fundAllocations.map((x: { measure: string }) => x.measure).sort()).toEqual(['EDUCATION_AID', 'SAFETY_NET']);
    expect(list.data.fundSources.find((x: { id: string }) => x.id === source.id)).toMatchObject({ allocated: 590_000, disbursed: 0, balance: 590_000 });
    // Education reads its own measure's allocation, without the source's totals.
    const edu = await gql(t.app, `query($s: ID) { fundAllocations(filter: { source: $s }) { measure source { id } } }`, { s: source.id }, { token: await departmentToken('EDUCATION') });
    expect(edu.data.fundAllocations).toEqual([{ measure: 'EDUCATION_AID', source: null }]);
    // Operations: a township may not read funds; education may not allocate; node(id:) applies the row rules.
    const tw = await gql(t.app, `{ fundSources { id } }`, {}, { token: await townshipToken((await newTownship(t.orm)).code) });
    expect(tw.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const eduAllocate = await gql(t.app, ALLOCATE, { i: { source: source.id, measure: 'EDUCATION_AID', year: thisYear(), amount: 1 } }, { token: await departmentToken('EDUCATION') });
    expect(eduAllocate.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const node = `query($id: ID!) { node(id: $id) { id ... on FundAllocation { measure } } }`;
    expect((await gql(t.app, node, { id: a.data.allocateFund.allocation.id }, { token: fin })).data.node).toMatchObject({ measure: 'SAFETY_NET' });
    expect((await gql(t.app, node, { id: a.data.allocateFund.allocation.id }, { token: await departmentToken('EDUCATION') })).data.node).toBeNull();
  });

  it('runs the month once through the API; lists runs; downloads the roster from the app\'s route', async () => {
    const township = await newTownship(t.orm);
    await planItem(township, await household(township, '孙三', 2), { amount: 33_300 });
    await planItem(township, await household(township, '钱四', 5), { amount: 99_900, status: 'ADJUSTED' });
    const a = await allocation('SAFETY_NET', 1_000_000);
    const input = { township: township.globalId, month: thisMonth(), allocation: a.globalId };

    const first = await gql(t.app, RUN, { i: input }, { token: civ });
    expect(first.data.runMonthlyAllowance).toMatchObject({
      userErrors: [], alreadyRun: false,
      run: { month: thisMonth(), households: 2, total: 133_200, township: { id: township.globalId }, allocation: { id: a.globalId, disbursed: 133_200 } },
    });
    const run = first.data.runMonthlyAllowance.run;
    expect(run.lines).toEqual([{ headName: '孙三', householdSize: 2, amount: 33_300 }, { headName: '钱四', householdSize: 5, amount: 99_900 }]);
    expect(run.rosterPath).toBe(`/allowance-runs/${run.id}.xlsx`);
    const again = await gql(t.app, RUN, { i: input }, { token: civ });
    expect(again.data.runMonthlyAllowance).toMatchObject({ userErrors: [], alreadyRun: true, run: { id: run.id, households: 2, total: 133_200 } });
    expect(await count('allowance_run_line', { run_id: dbId(run.id) })).toBe(2);

    const future = await gql(t.app, RUN, { i: { ...input, month: nextMonth() } }, { token: civ });
    expect(future.data.runMonthlyAllowance.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_MONTH', field: ['input', 'month'] })]);
    const twToken = await townshipToken(township.code);
    expect((await gql(t.app, RUN, { i: input }, { token: twToken })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Lists: the township sees its own runs with their roster, another township none; finance and
    // the leading group all runs, as aggregates: households and total, no roster lines (no names).
    const own = await gql(t.app, RUNS, { t: township.globalId, first: 10 }, { token: twToken });
    expect(own.data.allowanceRuns).toMatchObject({ totalCount: 1, nodes: [{ id: run.id, households: 2, lines: run.lines }] });
    const other = await gql(t.app, RUNS, { t: township.globalId }, { token: await townshipToken((await newTownship(t.orm)).code) });
    expect(other.data.allowanceRuns.totalCount).toBe(0);
    for (const token of [fin, await departmentToken('LEADING_GROUP')]) {
      const aggregate = await gql(t.app, RUNS, { t: township.globalId }, { token });
      expect(aggregate.data.allowanceRuns).toMatchObject({ totalCount: 1, nodes: [{ id: run.id, households: 2, total: 133_200, lines: [] }] });
      expect(JSON.stringify(aggregate.body)).not.toMatch(/孙三|钱四/);
      expect((await request(t.app).get(run.rosterPath).set('authorization', `Bearer ${token}`)).status).toBe(404);
    }
    expect((await gql(t.app, RUNS, {}, { token: await departmentToken('EDUCATION') })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // The roster through the app's own route.
    const res = await request(t.app).get(run.rosterPath).set('authorization', `Bearer ${twToken}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_MIME);
    const townshipName = (await knex()('township').where({ id: township.id }).first()).name;
    await expectRoster(res.body, townshipName, [['孙三', 2, 33_300], ['钱四', 5, 99_900]]);
    expect((await request(t.app).get(run.rosterPath).set('authorization', `Bearer ${await departmentToken('EDUCATION')}`)).status).toBe(404);
  });

  it('reports an overdraw as a userError in Chinese by default and English on request, writing nothing', async () => {
    const township = await newTownship(t.orm);
    await planItem(township, await household(township, '郑五'), { amount: 50_000 });
    const small = await allocation('SAFETY_NET', 10_000);
    const input = { township: township.globalId, month: thisMonth(), allocation: small.globalId };
    const zh = await gql(t.app, RUN, { i: input }, { token: civ });
    expect(zh.data.runMonthlyAllowance).toMatchObject({ run: null, alreadyRun: false, userErrors: [{ code: 'FUND_OVERDRAWN', field: ['input', 'allocation'] }] });
    expect(zh.data.runMonthlyAllowance.userErrors[0].message).toMatch(/[\u4e00-\u9fff]/);
    const en = await gql(t.app, RUN, { i: input }, { token: civ, lang: 'en' });
    expect(en.data.runMonthlyAllowance.userErrors[0].message).toMatch(/^[\x20-\x7e]+$/);
    // An id of another type names no allocation: the resolver decodes it to null, the service answers NOT_FOUND.
    const wrongType = await gql(t.app, RUN, { i: { ...input, allocation: township.globalId } }, { token: civ });
    expect(wrongType.data.runMonthlyAllowance).toMatchObject({ run: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'allocation'] }] });
    expect(await count('allowance_run', { township_id: township.id })).toBe(0);
    expect(await count('audit_event', { action: 'Mutation.runMonthlyAllowance', outcome: 'REJECTED' })).toBeGreaterThanOrEqual(2);
  });
});
