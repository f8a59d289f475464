/**
 * Random checks and the yearly assessment (R22) through the real /graphql and the real export route:
 * a draw re-done from its recorded seed gives the same households (computed here with node's md5);
 * findings enter the scorecard; the township submits, civil affairs returns or approves; approved
 * figures are frozen — later data does not change them — and exported to the county assessment
 * table (summary + one sheet per township, A4, print titles, totals as formulas).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { systemClock } from '../../../src/graphql/context';
import { countyToday } from '../../../src/shared/county-calendar';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
let civil: string;
let tw: TestTownship;
let twToken: string;
const today = countyToday(systemClock);
const YEAR = today.slice(0, 4);

async function confirmedHousehold(name: string) {
  const h = await registerHousehold(t.app, twToken, householdInput(tw, [member({ name })]));
  // confirm() also opens the household's CONFIRMED episode of today (lifecycle, R19), as the
  // workflow's confirmation does: a second one by hand made two entries of one household, and
  // lifecycle's flow report for the county no longer reconciled (test/modules/lifecycle/county.test.ts).
  await confirm(t.orm, h.id);
  await t.owner.em.getKnex()('household').update({ identified_on: today }).where({ id: dbId(h.id) });
  return h;
}

const CARD = `query($p: String!) { townshipScorecard(period: $p) { computedAt townships { township { code } frozenAt figures { figure value base } } } }`;
const valueOf = (card: any, figure: string) => card.townships[0].figures.find((f: { figure: string }) => f.figure === figure).value;

beforeAll(async () => {
  t = await startApp();
  civil = await departmentToken('CIVIL_AFFAIRS');
  tw = await newTownship(t.orm);
  twToken = await townshipToken(tw.code);
  for (let i = 0; i < 8; i++) await confirmedHousehold(`抽查户${i}`);
}, 60_000);
afterAll(async () => t?.close());

describe('random checks (抽查)', () => {
  const DRAW = `mutation($i: DrawSupervisionCheckInput!) { drawSupervisionCheck(input: $i) {
    check { id seed sampleSize populationSize verified households { id version position household { id } } } userErrors { code field } } }`;

  it('draws the sample size of the policy, ordered by md5(seed:id), and the draw is re-done from the recorded seed', async () => {
    const r = await gql(t.app, DRAW, { i: { township: tw.globalId, kind: 'RANDOM', seed: '5eed0001cafe' } }, { token: civil });
    const check = r.data.drawSupervisionCheck.check;
    expect(r.data.drawSupervisionCheck.userErrors).toEqual([]);
    expect(check).toMatchObject({ seed: '5eed0001cafe', sampleSize: 5, populationSize: 8, verified: true });
    const population = (await t.owner.em.getKnex()('household').select('id').where({ township_id: tw.id, status: 'IN_HARDSHIP' })).map((h) => String(h.id));
    const md5 = (id: string) => crypto.createHash('md5').update(`5eed0001cafe:${id}`).digest('hex');
    const expected = [...population].sort((a, b) => (md5(a) < md5(b) ? -1 : md5(a) > md5(b) ? 1 : Number(a) - Number(b))).slice(0, 5);
    expect(check.households.map((h: { household: { id: string } }) => dbId(h.household.id))).toEqual(expected);
    // A household added later does not change the recorded draw: it is re-done from the recorded population.
    await confirmedHousehold('后加户');
    const again = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on SupervisionCheck { verified households { household { id } } } } }`, { id: check.id }, { token: civil });
    expect(again.data.node.verified).toBe(true);
    // The same seed on the grown population draws from the new population (a new, different draw).
    const second = await gql(t.app, DRAW, { i: { township: tw.globalId, kind: 'REGULAR', seed: '5eed0001cafe', dueOn: today } }, { token: civil });
    expect(second.data.drawSupervisionCheck.check.populationSize).toBe(9);
  });

  it('records findings: PASS only when all four points hold; stale versions and future days are refused', async () => {
    const r = await gql(t.app, DRAW, { i: { township: tw.globalId, kind: 'RANDOM' } }, { token: civil });
    const check = r.data.drawSupervisionCheck.check;
    expect(check.seed).toMatch(/^[0-9a-f]{32}$/);
    const [a, b] = check.households;
    const FIND = `mutation($i: RecordCheckFindingsInput!) { recordCheckFindings(input: $i) { checkHousehold { version result inspectedOn } userErrors { code field } } }`;
    const all = { identityMatches: true, incomeAsRecorded: true, measuresDelivered: true, noticesPosted: true };
    const ok = await gql(t.app, FIND, { i: { checkHousehold: a.id, version: a.version, ...all } }, { token: civil });
    expect(ok.data.recordCheckFindings.checkHousehold).toMatchObject({ result: 'PASS', inspectedOn: today, version: 2 });
    const failed = await gql(t.app, FIND, { i: { checkHousehold: b.id, version: b.version, ...all, incomeAsRecorded: false, note: '收入与登记不符' } }, { token: civil });
    expect(failed.data.recordCheckFindings.checkHousehold.result).toBe('FAIL');
    const stale = await gql(t.app, FIND, { i: { checkHousehold: a.id, version: 1, ...all } }, { token: civil });
    expect(stale.data.recordCheckFindings.userErrors[0].code).toBe('STALE_VERSION');
    const future = await gql(t.app, FIND, { i: { checkHousehold: a.id, version: 2, ...all, inspectedOn: '2199-01-01' } }, { token: civil });
    expect(future.data.recordCheckFindings.userErrors[0].code).toBe('DATE_IN_FUTURE');
    const card = (await gql(t.app, CARD, { p: YEAR }, { token: twToken })).data.townshipScorecard;
    expect([valueOf(card, 'CHECKS_INSPECTED'), valueOf(card, 'CHECKS_PASSED')]).toEqual([2, 1]);
  });

  it('schedules a regular check of every township with households on the list, each drawn from its own recorded seed', async () => {
    const r = await gql(t.app, `mutation($i: ScheduleRegularChecksInput!) { scheduleRegularChecks(input: $i) {
      checks { id kind seed dueOn verified township { id } households { id } } userErrors { code field } } }`, { i: { dueOn: today, seed: 'abcdef12' } }, { token: civil });
    expect(r.data.scheduleRegularChecks.userErrors).toEqual([]);
    const checks = r.data.scheduleRegularChecks.checks;
    const withHouseholds = Number((await t.owner.em.getKnex().raw(`select count(distinct township_id) as n from household where status = 'IN_HARDSHIP'`)).rows[0].n);
    expect(checks).toHaveLength(withHouseholds);
    expect(checks.every((c: { kind: string; dueOn: string; verified: boolean }) => c.kind === 'REGULAR' && c.dueOn === today && c.verified)).toBe(true);
    const mine = checks.find((c: { township: { id: string } }) => c.township.id === tw.globalId);
    expect(mine.seed).toBe(crypto.createHash('sha256').update(`abcdef12:${tw.id}`).digest('hex').slice(0, 32));
    expect(new Set(checks.map((c: { seed: string }) => c.seed)).size).toBe(checks.length);
    const past = await gql(t.app, `mutation { scheduleRegularChecks(input: { dueOn: "2001-01-01" }) { userErrors { code field } } }`, {}, { token: civil });
    expect(past.data.scheduleRegularChecks.userErrors).toEqual([{ code: 'OUT_OF_RANGE', field: ['input', 'dueOn'] }]);
  });

  it('refuses a bad seed, and the township and the leading group may not draw or read checks', async () => {
    const bad = await gql(t.app, DRAW, { i: { township: tw.globalId, kind: 'RANDOM', seed: 'not-hex!' } }, { token: civil });
    expect(bad.data.drawSupervisionCheck.userErrors).toEqual([{ code: 'INVALID_FORMAT', field: ['input', 'seed'] }]);
    for (const token of [twToken, await departmentToken('LEADING_GROUP')]) {
      const r = await gql(t.app, DRAW, { i: { township: tw.globalId, kind: 'RANDOM' } }, { token });
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const list = await gql(t.app, '{ supervisionChecks(first: 5) { totalCount } }', {}, { token });
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('yearly assessment sign-off', () => {
  const SUBMIT = `mutation($i: SubmitAssessmentInput!) { submitAssessment(input: $i) { signOff { id version state figures { figure value } } userErrors { code field } } }`;
  const APPROVE = `mutation($i: ApproveAssessmentInput!) { approveAssessment(input: $i) { signOff { id version state frozenAt } userErrors { code } } }`;
  const RETURN = `mutation($i: ReturnAssessmentInput!) { returnAssessment(input: $i) { signOff { id version state decisionReason } userErrors { code field } } }`;

  it('submit → return → resubmit → approve; approved figures are frozen and later data does not change them', async () => {
    const before = (await gql(t.app, CARD, { p: YEAR }, { token: twToken })).data.townshipScorecard;
    const onList = valueOf(before, 'HOUSEHOLDS_ON_LIST');
    expect(onList).toBe(9);
    const s1 = (await gql(t.app, SUBMIT, { i: { period: YEAR } }, { token: twToken })).data.submitAssessment;
    expect(s1.signOff.state).toBe('SUBMITTED');
    expect(s1.signOff.figures.find((f: { figure: string }) => f.figure === 'HOUSEHOLDS_ON_LIST').value).toBe(onList);
    const again = (await gql(t.app, SUBMIT, { i: { period: YEAR } }, { token: twToken })).data.submitAssessment;
    expect(again.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    const noReason = (await gql(t.app, RETURN, { i: { signOff: s1.signOff.id, version: s1.signOff.version, reason: ' ' } }, { token: civil })).data.returnAssessment;
    expect(noReason.userErrors).toEqual([{ code: 'REQUIRED', field: ['input', 'reason'] }]);
    const returned = (await gql(t.app, RETURN, { i: { signOff: s1.signOff.id, version: s1.signOff.version, reason: '请核实逾期事项' } }, { token: civil })).data.returnAssessment;
    expect(returned.signOff).toMatchObject({ state: 'RETURNED', decisionReason: '请核实逾期事项' });
    const s2 = (await gql(t.app, SUBMIT, { i: { period: YEAR } }, { token: twToken })).data.submitAssessment;
    expect(s2.signOff.state).toBe('SUBMITTED');
    const approved = (await gql(t.app, APPROVE, { i: { signOff: s2.signOff.id, version: s2.signOff.version } }, { token: civil })).data.approveAssessment;
    expect(approved.signOff.state).toBe('APPROVED');
    expect(approved.signOff.frozenAt).toBeTruthy();
    const twice = (await gql(t.app, APPROVE, { i: { signOff: s2.signOff.id, version: approved.signOff.version } }, { token: civil })).data.approveAssessment;
    expect(twice.userErrors[0].code).toBe('ILLEGAL_TRANSITION');

    // Later data arrives: two more households on the list.
    await confirmedHousehold('审定后新增户1');
    await confirmedHousehold('审定后新增户2');
    const after = (await gql(t.app, CARD, { p: YEAR }, { token: twToken })).data.townshipScorecard;
    expect(valueOf(after, 'HOUSEHOLDS_ON_LIST')).toBe(onList);
    expect(after.townships[0].frozenAt).toBe(approved.signOff.frozenAt);
    // The live rows did change: the drill-down (rows as of now) and the trend show 11.
    const live = await gql(t.app, `query($t: ID!, $p: String!) { scorecardDrillDown(figure: HOUSEHOLDS_ON_LIST, township: $t, period: $p) { totalCount } }`, { t: tw.globalId, p: YEAR }, { token: twToken });
    expect(live.data.scorecardDrillDown.totalCount).toBe(onList + 2);
    const resubmit = (await gql(t.app, SUBMIT, { i: { period: YEAR } }, { token: twToken })).data.submitAssessment;
    expect(resubmit.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses a bad or future period, and only the township submits, only civil affairs decides', async () => {
    expect((await gql(t.app, SUBMIT, { i: { period: '2026-Q5' } }, { token: twToken })).data.submitAssessment.userErrors[0]).toEqual({ code: 'INVALID_FORMAT', field: ['input', 'period'] });
    expect((await gql(t.app, SUBMIT, { i: { period: '2099' } }, { token: twToken })).data.submitAssessment.userErrors[0].code).toBe('DATE_IN_FUTURE');
    expect((await gql(t.app, SUBMIT, { i: { period: YEAR } }, { token: civil })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(t.app, APPROVE, { i: { signOff: 'x', version: 1 } }, { token: twToken })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Another township does not see this township's sign-off.
    const other = await newTownship(t.orm);
    const list = await gql(t.app, `query($p: String) { assessmentSignOffs(period: $p) { id } }`, { p: YEAR }, { token: await townshipToken(other.code) });
    expect(list.data.assessmentSignOffs).toEqual([]);
  });

  it('exports the frozen figures as the county assessment table: summary with SUM totals, a sheet per approved township, A4 with print titles', async () => {
    const res = await request(t.app).get(`/assessments/${YEAR}.xlsx`).set('authorization', `Bearer ${civil}`).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
    const names: string[] = [];
    summary.eachRow((row, n) => { if (n > 3) names.push(String(row.getCell(1).value)); });
    expect(names[names.length - 1]).toBe('合计');
    const row = summary.getRows(4, names.length)!.find((r) => String(r.getCell(1).value).startsWith('测试乡') && r.getCell(2).value === '已审定')!;
    const headerCol = (summary.getRow(3).values as string[]).findIndex((v) => typeof v === 'string' && v.startsWith('在册困难家庭户数'));
    expect(row.getCell(headerCol).value).toBe(9);
    const total = summary.getRow(3 + names.length);
    expect((total.getCell(headerCol).value as { formula: string }).formula).toMatch(/^SUM\([A-Z]+4:[A-Z]+\d+\)$/);
    const sheet = wb.getWorksheet(String(row.getCell(1).value))!;
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', printTitlesRow: '3:3' });
    expect(sheet.getRow(4).getCell(2).value).toContain('在册困难家庭户数');
    expect(sheet.getRow(4).getCell(4).value).toBe(9);

    expect((await request(t.app).get(`/assessments/${YEAR}.xlsx`)).status).toBe(401);
    expect((await request(t.app).get(`/assessments/${YEAR}.xlsx`).set('authorization', `Bearer ${twToken}`)).status).toBe(403);
    expect((await request(t.app).get(`/assessments/${YEAR}.xlsx`).set('authorization', `Bearer ${await departmentToken('LEADING_GROUP')}`)).status).toBe(200);
    expect((await request(t.app).get('/assessments/20x6.xlsx').set('authorization', `Bearer ${civil}`)).status).toBe(400);
  });
});
