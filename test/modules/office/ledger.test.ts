/**
 * The county's Excel ledger of households (issue 14 item 3; R7): dry run, all-or-none commit,
 * idempotent re-import, R7 direct recognition by civil affairs only, the export in the same layout
 * (round trip), and the bad input — wrong header, merged cell out of place, a bad id
 * number in row 412, two heads, an unknown township code, not an Excel file, a 50 MB file — each a
 * report by sheet/row/column/code with nothing written and never a 500.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { departmentToken, idNumber, startApp, TestApp, townshipToken } from '../../support/app';
import { newTownship, TestTownship } from '../../support/fixtures';
import { serveApp } from '../../support/browser';
import { writeLedgerWorkbook, type LedgerOutHousehold, type LedgerOutMember } from '../../../src/modules/office/office.ledger-write';
import { readLedger } from '../../../src/modules/office/office.ledger-read';
import { XLSX_MIME } from '../../../src/modules/office/office.ledger-layout';
import { countyToday } from '../../../src/shared/county-calendar';

const SAMPLE = path.join(__dirname, '../../../samples/household-ledger.xlsx');

function memberOut(overrides: Partial<LedgerOutMember> = {}): LedgerOutMember {
  return {
    name: '郑测试', idNumber: idNumber(), relationToHead: 'HEAD', workCapacity: 'FULL', employmentStatus: 'UNEMPLOYED', disabilityCategory: null,
    disabilityGrade: null, illness: 'NONE', schoolingStage: 'NONE', incomeWages: 45050, incomeBusiness: 0, incomeProperty: 0, incomeTransfers: 0, incomeOther: 0,
    ...overrides,
  };
}

function householdOut(town: TestTownship, members: LedgerOutMember[], extra: Partial<LedgerOutHousehold> = {}): LedgerOutHousehold {
  return {
    townshipCode: town.code, communityCode: `${town.code}1`, address: '台账路8号', contactPhone: '13900000000', housingArea: 52.5, deposits: 120000,
    securities: 0, vehicles: 0, otherProperties: 0, categories: [], causes: [], sourceDocument: null, members, ...extra,
  };
}

describe('the county ledger in Excel', () => {
  let t: TestApp;
  let civil: string;
  beforeAll(async () => {
    t = await startApp();
    civil = await departmentToken('CIVIL_AFFAIRS');
  });
  afterAll(async () => t?.close());

  const post = (file: Buffer, token: string, query = '') =>
    request(t.app).post(`/imports/household-ledger${query}`).set('authorization', `Bearer ${token}`).set('content-type', XLSX_MIME).send(file);
  const householdsOf = async (town: TestTownship) => Number((await t.owner.em.getKnex()('household').where('township_id', town.id).count({ n: '*' }).first())!.n);

  it('the shipped sample (invented people, valid check digits) passes a dry run against the demo county and writes nothing', async () => {
    const file = fs.readFileSync(SAMPLE);
    const before = Number((await t.owner.em.getKnex()('household').count({ n: '*' }).first())!.n);
    const r = await post(file, civil, '?recognise=true');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mode: 'DRY_RUN', written: false, problems: [] });
    expect(r.body.households.total).toBe(12);
    expect(r.body.households.new + r.body.households.unchanged).toBe(12);
    expect(Number((await t.owner.em.getKnex()('household').count({ n: '*' }).first())!.n)).toBe(before);
  });

  it('civil affairs commits all households at once, recognises R3–R5 directly (R7) with the document and importer, and a second import changes nothing', async () => {
    const town = await newTownship(t.owner);
    const households = [
      householdOut(town, [memberOut({ name: '甲户主' }), memberOut({ name: '甲配偶', relationToHead: 'SPOUSE', incomeWages: 0 }), memberOut({ name: '甲子女', relationToHead: 'CHILD', idNumber: idNumber('2014-03-03'), workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'PRIMARY', incomeWages: 0 })],
        { categories: ['MINIMUM_LIVING_ALLOWANCE'], causes: ['ILLNESS'], sourceDocument: '明民低〔2026〕7号' }),
      householdOut(town, [memberOut({ name: '乙户主', disabilityCategory: 'PHYSICAL', disabilityGrade: 2, workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE' })],
        { categories: ['EXTREME_POVERTY'], causes: ['DISABILITY'], sourceDocument: '明民特〔2026〕2号' }),
      householdOut(town, [memberOut({ name: '丙户主' })]),
    ];
    const file = await writeLedgerWorkbook(households);
    const dry = await post(file, civil, '?recognise=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ mode: 'DRY_RUN', written: false, households: { total: 3, new: 3, unchanged: 0, recognised: 2 }, problems: [] });
    expect(await householdsOf(town)).toBe(0);

    const requestId = `ledger-commit-${Date.now()}`;
    const commit = await post(file, civil, '?recognise=true&commit=true').set('x-request-id', requestId);
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ mode: 'COMMIT', written: true, households: { total: 3, new: 3, recognised: 2 } });
    const knex = t.owner.em.getKnex();
    const rows = await knex('household').where('township_id', town.id).orderBy('id').select('id', 'head_name', 'member_count', 'status', 'categories', 'causes', 'assistance_card_number', 'monthly_income_total', 'deposits_fen');
    expect(rows.map((r) => [r.head_name, r.member_count, r.status, r.categories])).toEqual([
      ['甲户主', 3, 'IN_HARDSHIP', ['MINIMUM_LIVING_ALLOWANCE']], ['乙户主', 1, 'IN_HARDSHIP', ['EXTREME_POVERTY']], ['丙户主', 1, 'REGISTERED', []],
    ]);
    expect(rows[0].monthly_income_total).toBe(45050);
    expect(rows[0].deposits_fen).toBe(120000);
    expect(rows[0].assistance_card_number).toMatch(/\S/);
    expect(rows[2].assistance_card_number).toBeNull();
    const recognitions = await knex('direct_recognition').whereIn('household_id', rows.map((r) => r.id)).orderBy('id').select('source_document', 'imported_by', 'categories');
    expect(recognitions).toEqual([
      { source_document: '明民低〔2026〕7号', imported_by: expect.stringContaining('tester'), categories: ['MINIMUM_LIVING_ALLOWANCE'] },
      { source_document: '明民特〔2026〕2号', imported_by: expect.stringContaining('tester'), categories: ['EXTREME_POVERTY'] },
    ]);
    // On the list from today in the lifecycle's episodes (R19): the allowance run pays them; no case behind them.
    const episodes = await knex('household_episode').whereIn('household_id', rows.map((r) => r.id)).orderBy('household_id').select('household_id', 'kind', 'identification_case_id', 'categories');
    expect(episodes).toEqual([
      { household_id: rows[0].id, kind: 'CONFIRMED', identification_case_id: null, categories: ['MINIMUM_LIVING_ALLOWANCE'] },
      { household_id: rows[1].id, kind: 'CONFIRMED', identification_case_id: null, categories: ['EXTREME_POVERTY'] },
    ]);
    const onList = await knex.raw('select lifecycle_on_list(id, ?::date) as on from household where id = any(?::bigint[]) order by id', [countyToday({ now: () => new Date() }), rows.map((r) => String(r.id))]);
    expect(onList.rows.map((r: { on: boolean }) => r.on)).toEqual([true, true, false]);
    const audit = await knex('audit_event').where({ request_id: requestId }).select('action', 'outcome');
    expect(audit).toEqual([{ action: 'Mutation.importHouseholdLedger', outcome: 'SUCCESS' }]);
    const events = await knex('domain_event').where('type', 'HouseholdConfirmed').whereIn('aggregate_id', rows.map((r) => String(r.id))).count({ n: '*' }).first();
    expect(Number(events!.n)).toBe(2);

    // The same file again: nothing to write, nothing written.
    const again = await post(file, civil, '?recognise=true&commit=true');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ written: false, households: { total: 3, new: 0, unchanged: 3, recognised: 0 }, problems: [] });
    expect(await householdsOf(town)).toBe(3);
    expect(Number((await knex('direct_recognition').whereIn('household_id', rows.map((r) => r.id)).count({ n: '*' }).first())!.n)).toBe(2);
  });

  it('a township files its own households, may not recognise directly, and may not import another township\'s', async () => {
    const town = await newTownship(t.owner);
    const other = await newTownship(t.owner);
    const token = await townshipToken(town.code);
    const file = await writeLedgerWorkbook([householdOut(town, [memberOut()], { categories: ['ORPHAN'], sourceDocument: '明民孤〔2026〕1号' })]);
    const recognise = await post(file, token, '?recognise=true&commit=true');
    expect(recognise.status).toBe(403);
    expect(recognise.body.problems[0].code).toBe('RECOGNITION_CIVIL_AFFAIRS_ONLY');
    expect(await householdsOf(town)).toBe(0);
    const foreign = await post(await writeLedgerWorkbook([householdOut(other, [memberOut()])]), token, '?commit=true');
    expect(foreign.status).toBe(422);
    expect(foreign.body.problems).toEqual([expect.objectContaining({ sheet: '台账', row: 3, column: 'B', header: '乡镇代码', code: 'TOWNSHIP_NOT_YOURS' })]);
    expect(await householdsOf(other)).toBe(0);
    const own = await post(file, token, '?commit=true');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ written: true, households: { new: 1, recognised: 0 } });
    const row = await t.owner.em.getKnex()('household').where('township_id', town.id).first();
    expect(row.status).toBe('REGISTERED'); // the township's categories are not written: R7 is civil affairs' decision
    // Other roles: denied, audited.
    for (const role of ['EDUCATION', 'FINANCE'] as const) {
      const r = await post(file, await departmentToken(role));
      expect(r.status).toBe(403);
    }
    expect((await request(t.app).post('/imports/household-ledger').set('content-type', XLSX_MIME).send(file)).status).toBe(401);
  });

  it('exports the registry in the same layout, and the export imports as unchanged (round trip)', async () => {
    const town = await newTownship(t.owner);
    const input = [
      householdOut(town, [memberOut({ name: '丁户主', illness: 'SERIOUS' }), memberOut({ name: '丁配偶', relationToHead: 'SPOUSE', incomeWages: 12345, incomeTransfers: 800 })]),
      householdOut(town, [memberOut({ name: '戊户主', incomeWages: 0, incomeOther: 99 })], { address: '另一条路2号', housingArea: 38 }),
    ];
    const file = await writeLedgerWorkbook(input);
    expect((await post(file, civil, '?commit=true')).status).toBe(200);
    const res = await request(t.app).get(`/exports/household-ledger.xlsx?township=${town.globalId}`).set('authorization', `Bearer ${await townshipToken(town.code)}`)
      .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_MIME);
    const exported = res.body as Buffer;
    const [a, b] = [await readLedger(file), await readLedger(exported)];
    expect(b.problems).toEqual([]);
    const strip = (r: typeof a) => r.households.map((h) => ({ values: h.values, members: h.members.map((m) => m.values) }));
    expect(strip(b)).toEqual(strip(a));
    const again = await post(exported, civil, '?commit=true');
    expect(again.body).toMatchObject({ written: false, households: { total: 2, new: 0, unchanged: 2 }, problems: [] });
    // Another township's staff export nothing of it.
    const stranger = await request(t.app).get(`/exports/household-ledger.xlsx?township=${town.globalId}`).set('authorization', `Bearer ${await townshipToken((await newTownship(t.owner)).code)}`)
      .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(stranger.status).toBe(200);
    expect((await readLedger(stranger.body as Buffer)).households).toEqual([]);
    expect((await request(t.app).get('/exports/household-ledger.xlsx').set('authorization', `Bearer ${await departmentToken('HOUSING')}`)).status).toBe(403);
  });

  describe('bad input: a clear report, nothing written, never a 500', () => {
    let town: TestTownship;
    beforeAll(async () => {
      town = await newTownship(t.owner);
    });
    const expectNothingWritten = async () => expect(await householdsOf(town)).toBe(0);

    it('a wrong header', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await writeLedgerWorkbook([householdOut(town, [memberOut()])])) as never);
      wb.worksheets[0]!.getCell('O2').value = '身份证号';
      const r = await post(Buffer.from(await wb.xlsx.writeBuffer()), civil, '?commit=true');
      expect(r.status).toBe(422);
      expect(r.body.problems).toEqual([expect.objectContaining({ sheet: '台账', row: 2, column: 'O', header: '身份证号码', code: 'LEDGER_HEADER_MISMATCH', message: '表头应为“身份证号码”，实际为“身份证号”' })]);
      await expectNothingWritten();
    });

    it('a merged cell out of place (a member column merged over two members)', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await writeLedgerWorkbook([householdOut(town, [memberOut(), memberOut({ relationToHead: 'SPOUSE' })])])) as never);
      wb.worksheets[0]!.mergeCells('N3:N4');
      const r = await post(Buffer.from(await wb.xlsx.writeBuffer()), civil, '?commit=true');
      expect(r.status).toBe(422);
      expect(r.body.problems).toContainEqual(expect.objectContaining({ row: 3, column: 'N', header: '姓名', code: 'LEDGER_MERGED_CELL_OUT_OF_PLACE', params: { range: 'N3:N4' } }));
      await expectNothingWritten();
    });

    it('a household column merged over two households', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await writeLedgerWorkbook([householdOut(town, [memberOut()]), householdOut(town, [memberOut()])])) as never);
      wb.worksheets[0]!.mergeCells('D3:D4');
      const r = await post(Buffer.from(await wb.xlsx.writeBuffer()), civil);
      expect(r.status).toBe(422);
      expect(r.body.problems).toContainEqual(expect.objectContaining({ row: 3, column: 'D', code: 'LEDGER_MERGED_CELL_OUT_OF_PLACE' }));
    });

    it('a bad id number in row 412 among 410 households', async () => {
      const households = Array.from({ length: 410 }, (_, i) => householdOut(town, [memberOut({ name: `庚${i}` })]));
      const bad = households[409]!.members[0]!;
      bad.idNumber = bad.idNumber.slice(0, 17) + (bad.idNumber[17] === '0' ? '1' : '0');
      const r = await post(await writeLedgerWorkbook(households), civil, '?commit=true');
      expect(r.status).toBe(422);
      expect(r.body.rows).toBe(410);
      expect(r.body.problems).toEqual([expect.objectContaining({ sheet: '台账', row: 412, column: 'O', header: '身份证号码', code: 'ID_NUMBER_CHECK_DIGIT', message: '身份证号码校验位错误' })]);
      await expectNothingWritten();
    });

    it('two heads in one household', async () => {
      const r = await post(await writeLedgerWorkbook([householdOut(town, [memberOut(), memberOut({ name: '第二户主' })])]), civil, '?commit=true');
      expect(r.status).toBe(422);
      expect(r.body.problems).toEqual([expect.objectContaining({ row: 4, column: 'P', header: '与户主关系', code: 'MULTIPLE_HEADS' })]);
      await expectNothingWritten();
    });

    it('a township code that does not exist, and a label not in the layout (in English when asked)', async () => {
      const file = await writeLedgerWorkbook([householdOut(town, [memberOut()], { townshipCode: '999999999' })]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as never);
      wb.worksheets[0]!.getCell('Q3').value = '能干活';
      const r = await post(Buffer.from(await wb.xlsx.writeBuffer()), civil, '?commit=true').set('accept-language', 'en');
      expect(r.status).toBe(422);
      expect(r.body.problems).toEqual(expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'B', code: 'UNKNOWN_TOWNSHIP', message: 'Unknown township' }),
        expect.objectContaining({ row: 3, column: 'Q', header: '劳动能力', code: 'LEDGER_UNKNOWN_LABEL' }),
      ]));
      await expectNothingWritten();
    });

    it('a file that is not Excel at all', async () => {
      for (const body of [Buffer.from('序号,姓名\n1,张三\n'), Buffer.from('%PDF-1.7\n'), Buffer.from('PK\u0003\u0004 not really a zip')]) {
        const r = await post(body, civil, '?commit=true');
        expect(r.status).toBe(422);
        expect(r.body.problems).toEqual([expect.objectContaining({ sheet: null, row: null, column: null, code: 'LEDGER_NOT_EXCEL' })]);
      }
      await expectNothingWritten();
    });

    it('a 50 MB file is refused from its size, before it is read or parsed', async () => {
      const served = await serveApp(t.app);
      try {
        const port = Number(new URL(served.origin).port);
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/imports/household-ledger?commit=true', headers: { authorization: `Bearer ${civil}`, 'content-type': XLSX_MIME, 'content-length': String(50 * 1024 * 1024) } }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          });
          req.on('error', reject);
          req.write(Buffer.alloc(64 * 1024));
        });
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body).problems[0]).toMatchObject({ code: 'LEDGER_TOO_LARGE', params: { max: 5 * 1024 * 1024 } });
      } finally {
        await served.close();
      }
      // No length announced (chunked): the reading stops at the limit.
      const chunked = await post(Buffer.alloc(6 * 1024 * 1024, 1), civil, '?commit=true');
      expect(chunked.status).toBe(413);
      await expectNothingWritten();
    });
  });
});
