/**
 * Deliveries from a department's own Excel sheet (issue 14 item 4; R15, R20): a dry run checks
 * every row — funds included — and writes nothing; a commit records every row or none, paying money
 * items from their allocation; the same sheet twice records nothing twice; problems by sheet, row,
 * column and code; other roles denied.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Knex } from '@mikro-orm/postgresql';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { countyToday } from '../../../src/shared/county-calendar';
import { XLSX_MIME } from '../../../src/modules/office/office.ledger-layout';

const HEADER = ['序号', '帮扶卡号', '户主姓名', '帮扶事项', '成员身份证号码', '落实日期', '落实内容', '金额（元）', '资金安排ID'];

async function sheet(rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('住建局落实台账');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('deliveries from a department\'s sheet', () => {
  let t: TestApp;
  let knex: Knex;
  let town: TestTownship;
  let housing: string;
  let card: string;
  let rental: string;
  let rent: string;
  let allocation: string;
  const today = () => countyToday({ now: () => new Date() });

  beforeAll(async () => {
    t = await startApp();
    knex = t.owner.em.getKnex();
    town = await newTownship(t.owner);
    housing = await departmentToken('HOUSING');
    const h = await registerHousehold(t.app, await townshipToken(town.code), householdInput(town, [member({ name: '黄落实' })]));
    await confirm(t.owner, h.id);
    card = `TEST${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
    await knex('household').update({ assistance_card_number: card }).where({ id: dbId(h.id) });
    const base = { household_id: dbId(h.id), township_id: town.id, basis: '{}', created_by: 'test', updated_by: 'test', measure: 'HOUSING_AID', department: 'HOUSING', status: 'ACCEPTED' };
    [rental, rent] = (await knex('plan_item').insert([{ ...base, item: 'PUBLIC_RENTAL_PRIORITY' }, { ...base, item: 'RENT_SUBSIDY', amount: 11700 }]).returning('id')).map((r: { id: string }) => String(r.id));
    const finance = await departmentToken('FINANCE');
    const source = await gql(t.app, `mutation($i: CreateFundSourceInput!) { createFundSource(input: $i) { fundSource { id } userErrors { code } } }`, { i: { code: `OF-${Date.now()}`, name: '县级财政', kind: 'COUNTY_FINANCE' } }, { token: finance });
    const alloc = await gql(t.app, `mutation($i: AllocateFundInput!) { allocateFund(input: $i) { allocation { id } userErrors { code } } }`,
      { i: { source: source.data.createFundSource.fundSource.id, measure: 'HOUSING_AID', year: Number(today().slice(0, 4)), amount: 20_000 } }, { token: finance });
    allocation = alloc.data.allocateFund.allocation.id;
  });
  afterAll(async () => t?.close());

  const post = (file: Buffer, token: string, query = '') =>
    request(t.app).post(`/imports/deliveries${query}`).set('authorization', `Bearer ${token}`).set('content-type', XLSX_MIME).send(file);
  const deliveries = async () => (await knex('delivery').whereIn('plan_item_id', [rental, rent]).orderBy('id').select('plan_item_id', 'note', 'amount'));
  const balance = async () => (await knex('fund_allocation').where({ id: dbId(allocation) }).first());

  it('dry run, commit all rows, then the same sheet again changes nothing', async () => {
    const file = await sheet([
      [1, card, '黄落实', '公共租赁住房优先配租', null, today(), '已配租公租房一套', null, null],
      [2, card, '黄落实', '廉租住房租赁补贴', null, today(), '发放本月租赁补贴', 117, allocation],
    ]);
    const before = await balance();
    const dry = await post(file, housing);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ mode: 'DRY_RUN', written: false, deliveries: { total: 2, new: 2, unchanged: 0 }, problems: [] });
    expect(await deliveries()).toEqual([]);
    expect(await balance()).toEqual(before);

    const commit = await post(file, housing, '?commit=true');
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ mode: 'COMMIT', written: true, deliveries: { new: 2 } });
    expect(await deliveries()).toEqual([
      { plan_item_id: rental, note: '已配租公租房一套', amount: null },
      { plan_item_id: rent, note: '发放本月租赁补贴', amount: 11700 },
    ]);
    expect(Number((await knex('disbursement').whereIn('delivery_id', knex('delivery').select('id').where('plan_item_id', rent)).sum({ s: 'amount' }).first())!.s)).toBe(11700);

    const again = await post(file, housing, '?commit=true');
    expect(again.body).toMatchObject({ written: false, deliveries: { total: 2, new: 0, unchanged: 2 }, problems: [] });
    expect(await deliveries()).toHaveLength(2);
  });

  it('reports each bad row at its cell and writes none of the good ones', async () => {
    const before = await deliveries();
    const file = await sheet([
      [1, card, '黄落实', '公共租赁住房优先配租', null, today(), '第二次回访', null, null],
      [2, 'NO-SUCH-CARD', '黄落实', '公共租赁住房优先配租', null, today(), 'x', null, null],
      [3, card, '黄落实', '送温暖', null, today(), 'x', null, null],
      [4, card, '黄落实', '廉租住房租赁补贴', null, '2026-02-30', 'x', 117, allocation],
      [5, card, '黄落实', '廉租住房租赁补贴', null, today(), '超出资金安排', 500, allocation],
      [6, card, '别人', '公共租赁住房优先配租', null, today(), 'x', null, null],
    ]);
    const r = await post(file, housing, '?commit=true');
    expect(r.status).toBe(422);
    expect(r.body.written).toBe(false);
    expect(r.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([
      [3, 'B', 'NOT_FOUND'],
      [4, 'D', 'LEDGER_UNKNOWN_LABEL'],
      [5, 'F', 'INVALID_FORMAT'],
      [7, 'C', 'DELIVERY_HEAD_NAME_MISMATCH'],
    ]);
    // The file fixed but for the overdrawn allocation: the funds' own refusal, at that row.
    const overdrawn = await post(await sheet([
      [1, card, '黄落实', '公共租赁住房优先配租', null, today(), '第二次回访', null, null],
      [2, card, '黄落实', '廉租住房租赁补贴', null, today(), '超出资金安排', 500, allocation],
    ]), housing, '?commit=true');
    expect(overdrawn.status).toBe(422);
    expect(overdrawn.body.problems).toEqual([expect.objectContaining({ sheet: '住建局落实台账', row: 3, column: 'I', header: '资金安排ID', code: 'FUND_OVERDRAWN' })]);
    expect(await deliveries()).toEqual(before);
  });

  it('is for the measure owners only, and refuses what is not a sheet', async () => {
    const file = await sheet([[1, card, '黄落实', '公共租赁住房优先配租', null, today(), 'x', null, null]]);
    expect((await post(file, await townshipToken(town.code))).status).toBe(403);
    expect((await post(file, await departmentToken('FINANCE'))).status).toBe(403);
    // Civil affairs owns no housing item: nothing of housing's is found for it.
    const civil = await post(file, await departmentToken('CIVIL_AFFAIRS'));
    expect(civil.body.problems).toEqual([expect.objectContaining({ row: 2, column: 'B', code: 'NOT_FOUND' })]);
    const notExcel = await post(Buffer.from('not a workbook'), housing);
    expect(notExcel.status).toBe(422);
    expect(notExcel.body.problems[0].code).toBe('LEDGER_NOT_EXCEL');
  });
});
