/**
 * The charity platform's batch format (partner-adapters/charity-platform): the adapter maps each
 * record on its own; importPlatformBatch writes donors and pledges through the donors service,
 * answers the rest with reasons, and a resend writes nothing (issue 12, item 7).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlatformBatch } from '../../../partner-adapters/charity-platform/adapter';
import { gql, TestApp } from '../../support/app';
import { startDonorWorld, DonorWorld } from '../../support/donors';

const sample = (f: string) => fs.readFileSync(path.join(__dirname, '../../../partner-adapters/charity-platform/samples', f), 'utf8');
const IMPORT = `mutation($i: ImportPlatformBatchInput!) { importPlatformBatch(input: $i) { result { accepted duplicates rejected { record code message } } userErrors { code field } } }`;

describe('the adapter', () => {
  it('maps the valid sample: two donors, money in fen, goods and hours with their units, areas by code', () => {
    const parsed = parsePlatformBatch(sample('batch-2026-12.json'), { today: '2026-12-01' });
    expect(parsed.map((p) => ('record' in p ? p.record.type : p.error.code))).toEqual(['DONOR', 'DONOR', 'PLEDGE', 'PLEDGE', 'PLEDGE']);
    const money = parsed[2];
    expect('record' in money && money.record).toMatchObject({ type: 'PLEDGE', resource: 'MONEY', quantity: 300000, unit: null, needKinds: ['MEDICAL', 'SCHOOLING'], area: { level: 'TOWNSHIP', code: '350421100' } });
    const hours = parsed[4];
    expect('record' in hours && hours.record).toMatchObject({ resource: 'VOLUNTEER_HOURS', quantity: 60, unit: '小时', area: { level: 'COMMUNITY', code: '350421100001' } });
  });

  it('answers every invalid record with its code, in order; a payload that is not a batch is one error', () => {
    const parsed = parsePlatformBatch(sample('invalid.json'), { today: '2026-12-01' });
    expect(parsed.map((p) => [p.ref, 'error' in p ? p.error.code : 'ok'])).toEqual([
      ['SB-2026-0101', 'UNKNOWN_TYPE'], ['SB-2026-0102', 'INVALID_AMOUNT'], ['SB-2026-0103', 'INVALID_DATE'], ['SB-2026-0104', 'UNKNOWN_TYPE'],
      ['SB-2026-0105', 'INVALID_FIELD'], ['SB-2026-0105', 'DUPLICATE_IN_BATCH'], ['SB-2026-0106', 'UNKNOWN_TYPE'],
    ]);
    expect(parsePlatformBatch('{"records": 3}')).toEqual([{ ref: 'payload', error: expect.objectContaining({ code: 'MALFORMED_PAYLOAD' }) }]);
  });
});

describe('importPlatformBatch', () => {
  let t: TestApp;
  let w: DonorWorld;
  beforeAll(async () => {
    ({ t, w } = await startDonorWorld());
  });
  afterAll(() => t.close());

  it('writes the valid sample against the county\'s areas; a resend is all duplicates; pledges wait for review', async () => {
    const first = await gql(t.app, IMPORT, { i: { content: sample('batch-2026-12.json') } }, w.platform);
    expect(first.data.importPlatformBatch).toEqual({ result: { accepted: 5, duplicates: 0, rejected: [] }, userErrors: [] });
    const again = await gql(t.app, IMPORT, { i: { content: sample('batch-2026-12.json') } }, w.platform);
    expect(again.data.importPlatformBatch.result).toEqual({ accepted: 0, duplicates: 5, rejected: [] });
    const pledges = await gql(t.app, `{ pledges(first: 10) { nodes { status resource quantity unit areaLevel area { township community } pledgerName } } }`, {}, w.platform);
    expect(pledges.data.pledges.nodes).toHaveLength(3);
    expect(pledges.data.pledges.nodes.every((p: any) => p.status === 'PENDING')).toBe(true);
  });

  it('answers invalid records with reasons and a batch that cannot be read with a userError; nothing else written', async () => {
    const knex = t.orm.em.getKnex();
    const before = Number((await knex('pledge').count({ n: '*' }).first())!.n);
    const r = await gql(t.app, IMPORT, { i: { content: sample('invalid.json') } }, w.platform);
    expect(r.data.importPlatformBatch.result.accepted).toBe(0);
    expect(r.data.importPlatformBatch.result.rejected.map((x: any) => x.code)).toEqual(['UNKNOWN_TYPE', 'INVALID_AMOUNT', 'INVALID_DATE', 'UNKNOWN_TYPE', 'INVALID_FIELD', 'DUPLICATE_IN_BATCH', 'UNKNOWN_TYPE']);
    // A record the adapter accepts but the service refuses: an unknown donor of this platform, a unit the table does not value.
    const content = JSON.stringify({ batchId: 'X', records: [
      { recordNo: 'X-1', type: 'pledge', donorNo: 'NOBODY', form: '资金', amount: '10', for: ['生活'], area: '县', until: '2099-12-31', note: '测试' },
      { recordNo: 'X-2', type: 'dispatch', match: 'garbage', date: '2020-01-02' },
    ] });
    const s = await gql(t.app, IMPORT, { i: { content } }, { ...w.platform, lang: 'en' });
    expect(s.data.importPlatformBatch.result.rejected).toEqual([
      { record: 'X-1', code: 'NOT_FOUND', message: 'Not found' }, { record: 'X-2', code: 'NOT_FOUND', message: 'Not found' },
    ]);
    const bad = await gql(t.app, IMPORT, { i: { content: 'not json' } }, w.platform);
    expect(bad.data.importPlatformBatch).toEqual({ result: null, userErrors: [{ code: 'INVALID_FORMAT', field: ['input', 'content'] }] });
    expect(Number((await knex('pledge').count({ n: '*' }).first())!.n)).toBe(before);
  });
});
