/**
 * The partner adapters, pure: sample files, invalid samples, malformed payloads, exact money,
 * CSV quoting, duplicates within a payload, the charity's skipped donations. No database.
 */
import fs from 'node:fs';
import { ADAPTERS, INTEGRATION_FORMATS, adapterFor, formatsForPartnerKind, isIntegrationFormat } from '../../partner-adapters';
import { charityAdapter, DONATION_SKIP_REASON } from '../../partner-adapters/charity/adapter';
import { CARD_NUMBER_PATTERN, MAX_RECORD_FEN, countyDayOf, countyToday, fenFromJson, ledgerDescription, parseInstant, resolveToday, yuanToFen } from '../../partner-adapters/common';
import { CsvSyntaxError, parseCsv, readCsvWithHeader } from '../../partner-adapters/csv';
import type { AssistanceRecord, IntegrationFormat, ParsedRecord } from '../../partner-adapters/partner-adapter';
import { SAMPLE_CARD_NUMBERS, SAMPLE_FILES, SAMPLE_UTILITY_ACCOUNTS, samplePath } from '../../partner-adapters/samples';
import { tradeUnionAdapter } from '../../partner-adapters/trade-union/adapter';
import { cableAdapter, powerAdapter, waterAdapter } from '../../partner-adapters/utilities/adapter';
import { womensFederationAdapter } from '../../partner-adapters/womens-federation/adapter';
import { youthLeagueAdapter } from '../../partner-adapters/youth-league/adapter';
import { PartnerKind } from '../../src/modules/partners/partner.enums';

const TODAY = '2026-11-28';
const read = (relative: string) => fs.readFileSync(samplePath(relative), 'utf8');

function parse(format: IntegrationFormat, raw: string, today = TODAY): ParsedRecord[] {
  const adapter = ADAPTERS[format] as (typeof ADAPTERS)[IntegrationFormat] & { parse(raw: string, o?: { today?: string }): ParsedRecord[] };
  return adapter.parse(raw, { today });
}
const records = (parsed: ParsedRecord[]): AssistanceRecord[] => parsed.flatMap((p) => ('record' in p ? [p.record] : []));
const byId = (parsed: ParsedRecord[]) => new Map(records(parsed).map((r) => [r.externalId, r]));
/** Each parsed record as [ref, code | 'OK' | 'SKIPPED']. */
const outcomes = (parsed: ParsedRecord[]) => parsed.map((p) => [p.ref, 'error' in p ? p.error.code : 'skipped' in p ? 'SKIPPED' : 'OK']);
const codeOf = (parsed: ParsedRecord[]) => ('error' in parsed[0] ? parsed[0].error.code : 'none');

describe('registry of adapters', () => {
  it('has one adapter per format, each allowed for its partner kind', () => {
    expect([...INTEGRATION_FORMATS].sort()).toEqual(['cable', 'charity', 'power', 'trade-union', 'water', 'womens-federation', 'youth-league']);
    for (const f of INTEGRATION_FORMATS) {
      expect(adapterFor(f).format).toBe(f);
      for (const kind of adapterFor(f).partnerKinds) expect(Object.values(PartnerKind)).toContain(kind);
    }
    expect(adapterFor('trade-union').partnerKinds).toEqual([PartnerKind.TRADE_UNION]);
    expect(adapterFor('power').partnerKinds).toEqual([PartnerKind.POWER_COMPANY]);
    expect(adapterFor('water').partnerKinds).toEqual([PartnerKind.WATER_COMPANY]);
    expect(adapterFor('cable').partnerKinds).toEqual([PartnerKind.CABLE_COMPANY]);
    expect(adapterFor('charity').partnerKinds).toEqual([PartnerKind.CHARITY]);
    expect(formatsForPartnerKind(PartnerKind.WOMENS_FEDERATION)).toEqual(['womens-federation']);
    expect(formatsForPartnerKind(PartnerKind.PARTY_CADRE)).toEqual([]);
    expect(adapterFor('nope')).toBeUndefined();
    expect(adapterFor('__proto__')).toBeUndefined();
    expect(isIntegrationFormat('youth-league')).toBe(true);
  });
});

describe('sample references', () => {
  it('card numbers and utility accounts are well-formed and distinct', () => {
    expect(SAMPLE_CARD_NUMBERS).toHaveLength(6);
    expect(new Set(SAMPLE_CARD_NUMBERS).size).toBe(6);
    for (const c of SAMPLE_CARD_NUMBERS) expect(c).toMatch(CARD_NUMBER_PATTERN);
    expect(SAMPLE_UTILITY_ACCOUNTS.POWER.every((a) => /^\d{10}$/.test(a))).toBe(true);
    expect(SAMPLE_UTILITY_ACCOUNTS.WATER.every((a) => /^\d{8}$/.test(a))).toBe(true);
    expect(SAMPLE_UTILITY_ACCOUNTS.CABLE.every((a) => /^\d{12}$/.test(a))).toBe(true);
  });
});

describe('valid sample files', () => {
  const cases = INTEGRATION_FORMATS.flatMap((f) => SAMPLE_FILES[f].valid.map((file) => [f, file] as const));

  it.each(cases)('%s %s: every record valid, 4–8 records (or events), references from the sample lists', (format, file) => {
    const parsed = parse(format, read(file));
    expect(parsed.filter((p) => 'error' in p)).toEqual([]);
    const total = SAMPLE_FILES[format].valid.reduce((n, f) => n + parse(format, read(f)).length, 0);
    expect(total).toBeGreaterThanOrEqual(4);
    expect(total).toBeLessThanOrEqual(8 * SAMPLE_FILES[format].valid.length);
    for (const r of records(parsed)) {
      if ('assistanceCardNumber' in r.reference) expect(SAMPLE_CARD_NUMBERS).toContain(r.reference.assistanceCardNumber);
      else expect(SAMPLE_UTILITY_ACCOUNTS[r.reference.utility]).toContain(r.reference.accountNumber);
      expect(r.givenOn <= TODAY).toBe(true);
      expect(r.description.length).toBeGreaterThan(0);
      expect(Array.from(r.description).length).toBeLessThanOrEqual(500);
    }
  });

  it.each(cases)('%s %s: also valid against the real clock', (format, file) => {
    expect(adapterFor(format).parse(read(file)).filter((p) => 'error' in p)).toEqual([]);
  });

  it('record ids are unique across the valid files of each format', () => {
    for (const f of INTEGRATION_FORMATS) {
      const ids = SAMPLE_FILES[f].valid.flatMap((file) => parse(f, read(file)).map((p) => p.ref));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('every sample card number and account is used by some valid sample', () => {
    const cards = new Set<string>();
    const accounts = new Set<string>();
    for (const f of INTEGRATION_FORMATS) {
      for (const file of SAMPLE_FILES[f].valid) {
        for (const r of records(parse(f, read(file)))) {
          if ('assistanceCardNumber' in r.reference) cards.add(r.reference.assistanceCardNumber);
          else accounts.add(`${r.reference.utility}:${r.reference.accountNumber}`);
        }
      }
    }
    expect([...cards].sort()).toEqual([...SAMPLE_CARD_NUMBERS].sort());
    expect(accounts.size).toBe(9);
  });

  it('trade union: types map to CASH / GOODS / VISIT / SERVICE with exact fen', () => {
    const oct = byId(parse('trade-union', read('trade-union/samples/batch-2026-10.json')));
    const nov = byId(parse('trade-union', read('trade-union/samples/batch-2026-11.json')));
    expect(oct.size).toBe(4);
    expect(nov.size).toBe(5);
    expect(oct.get('GH-2026-0001')).toEqual({
      externalId: 'GH-2026-0001',
      reference: { assistanceCardNumber: 'MX7K3Q9W2T5N' },
      kind: 'VISIT',
      givenOn: '2026-10-09',
      amount: null,
      hours: null,
      description: '工会走访慰问：工会干部入户走访，了解家庭用工需求',
    });
    expect(oct.get('GH-2026-0004')).toMatchObject({ kind: 'CASH', amount: 80000 });
    expect(oct.get('GH-2026-0003')).toMatchObject({ kind: 'SERVICE', amount: null });
    expect(nov.get('GH-2026-0005')).toMatchObject({ kind: 'GOODS', amount: 32050, givenOn: '2026-11-18' });
    expect(nov.get('GH-2026-0006')).toMatchObject({ kind: 'CASH', amount: 50010 });
    expect(nov.get('GH-2026-0008')).toMatchObject({ kind: 'VISIT', description: '工会走访慰问' });
  });

  it('youth league: volunteer hours and student aid', () => {
    const m = byId(parse('youth-league', read('youth-league/samples/records-2026-11.json')));
    expect(m.size).toBe(6);
    expect(m.get('TW-2026-V-0031')).toEqual({
      externalId: 'TW-2026-V-0031',
      reference: { assistanceCardNumber: 'MX9D2FEX6M0S' },
      kind: 'VOLUNTEER_HOURS',
      givenOn: '2026-11-08',
      amount: null,
      hours: 3.5,
      description: '共青团志愿服务：青年志愿者上门打扫卫生、整理房间',
    });
    expect(m.get('TW-2026-V-0033')).toMatchObject({ hours: 1.25 });
    expect(m.get('TW-2026-S-0107')).toMatchObject({ kind: 'CASH', amount: 80000, hours: null, givenOn: '2026-11-12' });
    expect(m.get('TW-2026-S-0108')).toMatchObject({ amount: 150050 });
  });

  it("women's federation: CSV with quotes, a multi-line field, BOM, CRLF and spreadsheet dates", () => {
    const nov = byId(parse('womens-federation', read('womens-federation/samples/2026-11.csv')));
    expect(nov.size).toBe(5);
    expect(nov.get('FL-2026-1101')).toMatchObject({ kind: 'CASH', amount: 100000, givenOn: '2026-11-05', reference: { assistanceCardNumber: 'MX5PZ0KJ3R7A' } });
    expect(nov.get('FL-2026-1102')).toMatchObject({ kind: 'SERVICE', amount: null, description: '妇联巾帼技能培训：家政服务员培训，含"母婴护理"模块' });
    expect(nov.get('FL-2026-1103')).toMatchObject({ amount: 150050, description: '妇联春蕾助学：高中女生助学金,分两次发放（第一次）' });
    expect(nov.get('FL-2026-1104')?.description).toBe('妇联巾帼技能培训：电商直播培训 （线上 + 线下）');
    expect(nov.get('FL-2026-1105')).toMatchObject({ amount: 80000, description: '妇联春蕾助学' });

    const raw = read('womens-federation/samples/2026-10-excel-bom-crlf.csv');
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    expect(raw).toContain('\r\n');
    const oct = parse('womens-federation', raw);
    expect(oct.map((p) => p.ref)).toEqual(['FL-2026-1001', 'FL-2026-1002', 'FL-2026-1003', 'FL-2026-1004']); // the trailing ",,,,," row is dropped
    expect(byId(oct).get('FL-2026-1001')).toMatchObject({ givenOn: '2026-10-08', kind: 'SERVICE' });
  });

  it('utilities: FEE_WAIVER by account, stable ids, last day of the billing month', () => {
    const power = byId(parse('power', read('utilities/samples/power/waivers-2026-09-10.csv')));
    expect(power.size).toBe(6);
    expect(power.get('POWER-3504210002-2026-09')).toEqual({
      externalId: 'POWER-3504210002-2026-09',
      reference: { utility: 'POWER', accountNumber: '3504210002' },
      kind: 'FEE_WAIVER',
      givenOn: '2026-09-30',
      amount: 840,
      hours: null,
      description: '电费减免 2026-09：低保户每月免费用电 15 千瓦时',
    });
    expect(power.get('POWER-3504210003-2026-10')).toMatchObject({ givenOn: '2026-10-31', amount: 1500, description: '电费减免 2026-10：免收电费,含基本电费' });
    const water = byId(parse('water', read('utilities/samples/water/waivers-2026-09-10.csv')));
    expect(water.get('WATER-21060011-2026-10')).toMatchObject({ reference: { utility: 'WATER', accountNumber: '21060011' }, amount: 1560 });
    expect(water.get('WATER-21060013-2026-10')?.description).toBe('水费减免 2026-10：减免污水处理费（"困难户"）');
    const cable = byId(parse('cable', read('utilities/samples/cable/waivers-2026-09-10.csv')));
    expect(cable.get('CABLE-593100000103-2026-09')).toMatchObject({ reference: { utility: 'CABLE', accountNumber: '593100000103' }, amount: 1300, givenOn: '2026-09-30' });
    // Resending the same file gives the same ids (idempotent downstream).
    expect(parse('cable', read('utilities/samples/cable/waivers-2026-09-10.csv'))).toEqual(parse('cable', read('utilities/samples/cable/waivers-2026-09-10.csv')));
  });

  it('a utility file for a month that has not ended yet is rejected; February ends on the 28th or 29th', () => {
    expect(outcomes(parse('power', '户号,账期,减免金额,备注\n3504210001,2026-11,8.40,\n3504210001,2026-10,8.40,\n'))).toEqual([
      ['POWER-3504210001-2026-11', 'INVALID_DATE'],
      ['POWER-3504210001-2026-10', 'OK'],
    ]);
    expect(outcomes(parse('power', '户号,账期,减免金额,备注\n3504210001,2026-11,8.40,\n', '2026-11-30'))).toEqual([['POWER-3504210001-2026-11', 'OK']]);
    expect(records(parse('water', '户号,账期,减免金额,备注\n21060011,2024-02,1,\n21060011,2026-02,1,\n')).map((r) => r.givenOn)).toEqual(['2024-02-29', '2026-02-28']);
  });

  it('charity: disbursements are CASH on the county day; a donation is skipped; one event or an array', () => {
    const events = parse('charity', read('charity/samples/events-2026-11.json'));
    expect(events).toHaveLength(5);
    const m = byId(events);
    expect(m.get('CH-2026-110301')).toEqual({
      externalId: 'CH-2026-110301',
      reference: { assistanceCardNumber: 'MX1T6YQ4NW8G' },
      kind: 'CASH',
      givenOn: '2026-11-03',
      amount: 50000,
      hours: null,
      description: '慈善救助：大病医疗救助（自付部分）',
    });
    // 16:30 UTC on the 13th is 00:30 on the 14th in the county.
    expect(m.get('CH-2026-111403')).toMatchObject({ givenOn: '2026-11-14', amount: 30000 });
    expect(records(parse('charity', read('charity/samples/event-single.json')))).toEqual([
      expect.objectContaining({ externalId: 'CH-2026-112306', reference: { assistanceCardNumber: 'MX7K3Q9W2T5N' }, amount: 60000, givenOn: '2026-11-23' }),
    ]);
    expect(parse('charity', read('charity/samples/donation-received.json'))).toEqual([{ ref: 'CH-2026-112001', skipped: DONATION_SKIP_REASON }]);
    expect(DONATION_SKIP_REASON).toBe('donation received by the charity; not assistance to a household');
  });
});

describe('invalid sample files', () => {
  const expected: Record<IntegrationFormat, [string, string][]> = {
    'trade-union': [
      ['GH-2026-0101', 'OK'],
      ['GH-2026-0102', 'INVALID_CARD_NUMBER'],
      ['GH-2026-0103', 'UNKNOWN_TYPE'],
      ['GH-2026-0104', 'INVALID_DATE'],
      ['GH-2026-0105', 'INVALID_AMOUNT'],
      ['GH-2026-0106', 'INVALID_AMOUNT'],
      ['GH-2026-0107', 'MISSING_FIELD'],
      ['record 8', 'MISSING_FIELD'],
      ['GH-2026-0101', 'DUPLICATE_IN_BATCH'],
      ['GH-2026-0108', 'OK'],
      ['GH-2026-0109', 'INVALID_DATE'],
      ['GH-2026-0110', 'INVALID_AMOUNT'],
      ['GH-2026-0111', 'INVALID_AMOUNT'],
    ],
    'youth-league': [
      ['TW-2026-V-0101', 'OK'],
      ['TW-2026-V-0102', 'INVALID_HOURS'],
      ['TW-2026-V-0103', 'INVALID_DATE'],
      ['TW-2026-S-0104', 'INVALID_AMOUNT'],
      ['TW-2026-S-0105', 'OK'],
      ['TW-2026-X-0106', 'UNKNOWN_TYPE'],
      ['TW-2026-S-0107', 'INVALID_CARD_NUMBER'],
      ['TW-2026-V-0108', 'MISSING_FIELD'],
      ['TW-2026-V-0101', 'DUPLICATE_IN_BATCH'],
      ['TW-2026-S-0109', 'INVALID_AMOUNT'],
      ['TW-2026-V-0110', 'INVALID_HOURS'],
    ],
    'womens-federation': [
      ['FL-2026-1201', 'OK'],
      ['FL-2026-1202', 'INVALID_AMOUNT'],
      ['line 4', 'INVALID_FIELD'],
      ['FL-2026-1204', 'UNKNOWN_TYPE'],
      ['FL-2026-1205', 'INVALID_CARD_NUMBER'],
      ['FL-2026-1206', 'INVALID_DATE'],
      ['FL-2026-1207', 'MISSING_FIELD'],
      ['FL-2026-1208', 'INVALID_AMOUNT'],
      ['line 10', 'MISSING_FIELD'],
      ['FL-2026-1201', 'DUPLICATE_IN_BATCH'],
      ['FL-2026-1209', 'OK'],
      ['line 13', 'MISSING_FIELD'],
    ],
    power: [
      ['POWER-3504210001-2026-10', 'OK'],
      ['line 3', 'INVALID_ACCOUNT'],
      ['line 4', 'INVALID_DATE'],
      ['POWER-3504210002-2099-01', 'INVALID_DATE'],
      ['POWER-3504210002-2026-10', 'INVALID_AMOUNT'],
      ['POWER-3504210001-2026-10', 'DUPLICATE_IN_BATCH'],
      ['POWER-3504210003-2026-10', 'INVALID_AMOUNT'],
      ['line 9', 'MISSING_FIELD'],
      ['POWER-3504210003-2026-09', 'INVALID_AMOUNT'],
      ['POWER-3504210003-2026-08', 'OK'],
    ],
    water: [
      ['WATER-21060011-2026-10', 'OK'],
      ['line 3', 'INVALID_ACCOUNT'],
      ['line 4', 'INVALID_DATE'],
      ['WATER-21060012-2026-10', 'MISSING_FIELD'],
      ['WATER-21060011-2026-10', 'DUPLICATE_IN_BATCH'],
      ['WATER-21060013-2026-10', 'INVALID_AMOUNT'],
      ['WATER-21060013-2026-09', 'INVALID_AMOUNT'],
      ['WATER-21060013-2026-08', 'OK'],
    ],
    cable: [
      ['CABLE-593100000101-2026-10', 'OK'],
      ['line 3', 'INVALID_ACCOUNT'],
      ['line 4', 'MISSING_FIELD'],
      ['line 5', 'INVALID_DATE'],
      ['CABLE-593100000101-2026-10', 'DUPLICATE_IN_BATCH'],
      ['CABLE-593100000103-2026-10', 'INVALID_AMOUNT'],
      ['line 8', 'MISSING_FIELD'],
      ['CABLE-593100000103-2026-09', 'OK'],
    ],
    charity: [
      ['CH-2026-119001', 'OK'],
      ['CH-2026-119002', 'SKIPPED'],
      ['CH-2026-119003', 'INVALID_DATE'],
      ['CH-2026-119004', 'INVALID_AMOUNT'],
      ['CH-2026-119005', 'UNKNOWN_TYPE'],
      ['CH-2026-119006', 'INVALID_CARD_NUMBER'],
      ['CH-2026-119007', 'MISSING_FIELD'],
      ['CH-2026-119001', 'DUPLICATE_IN_BATCH'],
      ['CH-2026-119008', 'OK'],
      ['CH-2026-119009', 'INVALID_DATE'],
      ['CH-2026-119010', 'MISSING_FIELD'],
    ],
  };

  it.each(INTEGRATION_FORMATS.map((f) => [f]))('%s: expected code per record, valid records still mapped', (format) => {
    const parsed = parse(format, read(SAMPLE_FILES[format].invalid));
    expect(outcomes(parsed)).toEqual(expected[format]);
    for (const p of parsed) {
      if ('error' in p) {
        expect(p.error.record).toBe(p.ref);
        expect(p.error.message).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]{3}/); // "中文 / English"
      }
    }
    expect(records(parsed).length).toBeGreaterThanOrEqual(1);
  });

  it('valid records of invalid samples map as usual', () => {
    const yl = byId(parse('youth-league', read('youth-league/samples/invalid.json')));
    expect(yl.get('TW-2026-S-0105')).toMatchObject({ reference: { assistanceCardNumber: 'MX5PZ0KJ3R7A' }, amount: 50000 }); // lower case normalised
    expect(yl.get('TW-2026-V-0101')).toMatchObject({ hours: 2.75, description: '共青团志愿服务：valid' }); // the first of the two survives
    const ch = byId(parse('charity', read('charity/samples/invalid.json')));
    expect(ch.get('CH-2026-119008')).toMatchObject({ givenOn: '2026-11-20', amount: 25000 });
    const tu = byId(parse('trade-union', read('trade-union/samples/invalid.json')));
    expect(tu.get('GH-2026-0101')).toMatchObject({ amount: 60000, description: '工会慰问金：valid' });
  });
});

describe('malformed payloads', () => {
  const malformed = (format: IntegrationFormat, raw: string) => {
    const parsed = parse(format, raw);
    expect(parsed).toHaveLength(1);
    expect(parsed[0].ref).toBe('payload');
    expect(codeOf(parsed)).toBe('MALFORMED_PAYLOAD');
    return parsed;
  };

  it.each([
    ['trade-union', '{"batchId": "B1", "records": [ '],
    ['trade-union', '[]'],
    ['trade-union', '{"records": []}'],
    ['trade-union', '{"batchId": "B1", "records": {}}'],
    ['trade-union', '{"batchId": "B1", "records": [1]}'],
    ['trade-union', ''],
    ['youth-league', '{"id": "TW-1"}'],
    ['youth-league', '[null]'],
    ['youth-league', 'not json'],
    ['charity', '"just a string"'],
    ['charity', '[{"eventId": "CH-1"}, 42]'],
    ['charity', '{bad'],
    ['womens-federation', ''],
    ['womens-federation', '记录编号,帮扶卡号,项目类别,日期,金额(元),说明\n'], // half-width parentheses
    ['womens-federation', '记录编号,帮扶卡号,项目类别,日期,金额（元）\n'],
    ['womens-federation', ' 记录编号,帮扶卡号,项目类别,日期,金额（元）,说明\n'],
    ['womens-federation', '记录编号,帮扶卡号,项目类别,日期,金额（元）,说明\nFL-1,"MX5PZ0KJ3R7A,春蕾助学\n'], // unclosed quote
    ['power', '户号,账期,金额,备注\n3504210001,2026-10,1,\n'],
    ['water', 'account,month,amount,note\n'],
    ['cable', '户号,账期,减免金额,备注\n5931"00000101,2026-10,1,\n'], // quote inside an unquoted field
  ] as [IntegrationFormat, string][])('%s rejects %j as a whole', (format, raw) => {
    malformed(format, raw);
  });

  it('messages are bilingual', () => {
    expect(malformed('trade-union', '{')[0]).toMatchObject({ error: { record: 'payload', message: expect.stringMatching(/^不是有效的 JSON.* \/ not valid JSON/) } });
  });

  it('an empty batch is not malformed: it has no records', () => {
    expect(parse('trade-union', '{"batchId": "B", "records": []}')).toEqual([]);
    expect(parse('youth-league', '[]')).toEqual([]);
    expect(parse('charity', '[]')).toEqual([]);
    expect(parse('power', '户号,账期,减免金额,备注\r\n')).toEqual([]);
    expect(parse('womens-federation', '\uFEFF记录编号,帮扶卡号,项目类别,日期,金额（元）,说明')).toEqual([]);
  });
});

describe('yuan to fen, exactly', () => {
  it.each([
    ['500.10', 50010],
    ['500.1', 50010],
    ['500', 50000],
    ['0.01', 1],
    ['0.29', 29], // 0.29 * 100 = 28.999999999999996 in floating point
    ['1.15', 115], // 1.15 * 100 = 114.99999999999999
    ['19.99', 1999],
    ['4.35', 435], // 4.35 * 100 = 434.99999999999994
    ['00012.30', 1230],
    [' 8.40 ', 840],
    ['100000.00', MAX_RECORD_FEN],
  ])('%j → %d fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toEqual({ ok: true, fen });
  });

  it.each(['-1.00', '1.234', '1.230', 'abc', '', '1e3', '1,000.00', '+5', '.5', '5.', '0', '0.00', '100000.01', '99999999999999999999999.99', 'NaN', 'Infinity', '５００'])('rejects %j', (yuan) => {
    expect(yuanToFen(yuan).ok).toBe(false);
  });

  it('fen from JSON must be a positive whole number within the limit', () => {
    expect(fenFromJson(80000)).toEqual({ ok: true, fen: 80000 });
    expect(fenFromJson(MAX_RECORD_FEN)).toEqual({ ok: true, fen: MAX_RECORD_FEN });
    for (const bad of [MAX_RECORD_FEN + 1, 0, -1, 1.5, '100', null, Number.NaN, Number.POSITIVE_INFINITY, 1e300]) expect(fenFromJson(bad).ok).toBe(false);
  });

  it('trade union amounts must be strings (no floats on the wire)', () => {
    const raw = JSON.stringify({ batchId: 'B', records: [{ recordNo: 'GH-1', cardNo: SAMPLE_CARD_NUMBERS[0], type: '慰问金', date: '2026-11-01', amountYuan: 500.1 }] });
    expect(outcomes(parse('trade-union', raw))).toEqual([['GH-1', 'INVALID_AMOUNT']]);
  });
});

describe('CSV reader', () => {
  it('handles quoted commas, doubled quotes, line breaks inside quotes, empty fields and line numbers', () => {
    const rows = parseCsv('a,b,c\r\n"x,1","say ""hi""",\n"multi\r\nline",,"z"\n\nlast,"",end');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x,1', 'say "hi"', ''] },
      { line: 3, fields: ['multi\r\nline', '', 'z'] },
      { line: 5, fields: [''] },
      { line: 6, fields: ['last', '', 'end'] },
    ]);
  });

  it('drops one BOM, accepts a lone CR, and adds no row for a final line break', () => {
    expect(parseCsv('\uFEFFa,b\rc,d\r')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
    expect(parseCsv('a\n')).toEqual([{ line: 1, fields: ['a'] }]);
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects an unclosed quote, a stray quote and text after a closing quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b"c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,"b"c\n')).toThrow(CsvSyntaxError);
  });

  it('checks the exact header and drops all-empty rows', () => {
    const ok = readCsvWithHeader('\uFEFFh1,h2\r\n1,2\r\n,\r\n3,4\r\n', ['h1', 'h2']);
    expect(ok).toEqual({ ok: true, rows: [{ line: 2, fields: ['1', '2'] }, { line: 4, fields: ['3', '4'] }] });
    expect(readCsvWithHeader('h1,h2,h3\n', ['h1', 'h2']).ok).toBe(false);
    expect(readCsvWithHeader('h1 ,h2\n', ['h1', 'h2']).ok).toBe(false);
  });

  it('a women’s federation line spanning two lines is reported by the line it starts on', () => {
    const raw = '记录编号,帮扶卡号,项目类别,日期,金额（元）,说明\nFL-1,MX5PZ0KJ3R7A,春蕾助学,2026-11-01,100,"两行\n说明"\n,MX5PZ0KJ3R7A,春蕾助学,2026-11-01,100,x\n';
    expect(outcomes(parse('womens-federation', raw))).toEqual([
      ['FL-1', 'OK'],
      ['line 4', 'MISSING_FIELD'],
    ]);
  });
});

describe('DUPLICATE_IN_BATCH', () => {
  it('rejects the second record with an id already seen in the payload, even if the first was invalid', () => {
    const rec = (id: string, card: string) => ({ id, category: 'STUDENT_AID', assistanceCard: card, serviceDate: '2026/11/01', aidAmountFen: 100 });
    const parsed = parse('youth-league', JSON.stringify([rec('A', 'bad'), rec('A', SAMPLE_CARD_NUMBERS[0]), rec('B', SAMPLE_CARD_NUMBERS[0]), rec('B', SAMPLE_CARD_NUMBERS[1])]));
    expect(outcomes(parsed)).toEqual([
      ['A', 'INVALID_CARD_NUMBER'],
      ['A', 'DUPLICATE_IN_BATCH'],
      ['B', 'OK'],
      ['B', 'DUPLICATE_IN_BATCH'],
    ]);
    expect('error' in parsed[3] && parsed[3].error.message).toContain('record 3');
  });

  it('a charity donation and a disbursement with the same event id are duplicates', () => {
    const events = [
      { eventId: 'CH-1', type: 'donation.received', occurredAt: '2026-11-01T08:00:00+08:00', data: { donor: 'x', amountFen: 100 } },
      { eventId: 'CH-1', type: 'disbursement.made', occurredAt: '2026-11-01T08:00:00+08:00', data: { cardNo: SAMPLE_CARD_NUMBERS[0], amountFen: 100, purpose: 'p' } },
    ];
    expect(outcomes(parse('charity', JSON.stringify(events)))).toEqual([
      ['CH-1', 'SKIPPED'],
      ['CH-1', 'DUPLICATE_IN_BATCH'],
    ]);
  });

  it('records are independent across payloads (no state kept between parses)', () => {
    const raw = read('youth-league/samples/records-2026-11.json');
    expect(parse('youth-league', raw)).toEqual(parse('youth-league', raw));
    expect(parse('youth-league', raw).every((p) => 'record' in p)).toBe(true);
  });
});

describe('charity events', () => {
  const ev = (over: Record<string, unknown>, data: Record<string, unknown> = {}) => ({
    eventId: 'CH-X',
    type: 'disbursement.made',
    occurredAt: '2026-11-20T10:00:00+08:00',
    ...over,
    data: { cardNo: SAMPLE_CARD_NUMBERS[2], amountFen: 1000, purpose: '助学', ...data },
  });

  it('skips a single donation event and validates it', () => {
    const donation = { eventId: 'CH-D', type: 'donation.received', occurredAt: '2026-11-20T10:00:00+08:00', data: { donor: '某公司', amountFen: 100000 } };
    expect(parse('charity', JSON.stringify(donation))).toEqual([{ ref: 'CH-D', skipped: DONATION_SKIP_REASON }]);
    expect(outcomes(parse('charity', JSON.stringify({ ...donation, data: { donor: '某公司', amountFen: -1 } })))).toEqual([['CH-D', 'INVALID_AMOUNT']]);
    expect(outcomes(parse('charity', JSON.stringify({ ...donation, data: { amountFen: 1 } })))).toEqual([['CH-D', 'MISSING_FIELD']]);
  });

  it('takes the county day of occurredAt, in any offset', () => {
    const day = (occurredAt: string) => records(parse('charity', JSON.stringify(ev({ occurredAt }))))[0]?.givenOn;
    expect(day('2026-11-19T16:00:00Z')).toBe('2026-11-20');
    expect(day('2026-11-19T15:59:59Z')).toBe('2026-11-19');
    expect(day('2026-11-20T00:30:00+09:00')).toBe('2026-11-19');
    expect(day('2026-11-20T10:00:00.123+08:00')).toBe('2026-11-20');
    expect(day('2026-11-20T10:00+08:00')).toBe('2026-11-20');
  });

  it('rejects instants that are not real or have no offset, and days after today', () => {
    for (const occurredAt of ['2026-11-20', '2026-11-20T10:00:00', '2026-02-30T10:00:00+08:00', '2026-11-20T24:00:00+08:00', '2026-11-20 10:00:00+08:00', 1700000000]) {
      expect(outcomes(parse('charity', JSON.stringify(ev({ occurredAt }))))[0][1]).toMatch(/INVALID_DATE|INVALID_FIELD/);
    }
    // 2026-11-28T16:30Z is already the 29th in the county.
    expect(outcomes(parse('charity', JSON.stringify(ev({ occurredAt: '2026-11-28T16:30:00Z' }))))).toEqual([['CH-X', 'INVALID_DATE']]);
    expect(outcomes(parse('charity', JSON.stringify(ev({ occurredAt: '2026-11-28T15:30:00Z' }))))).toEqual([['CH-X', 'OK']]);
  });

  it('rejects fractional or string fen, a missing card and missing data', () => {
    expect(outcomes(parse('charity', JSON.stringify(ev({}, { amountFen: 10.5 }))))).toEqual([['CH-X', 'INVALID_AMOUNT']]);
    expect(outcomes(parse('charity', JSON.stringify(ev({}, { cardNo: undefined }))))).toEqual([['CH-X', 'MISSING_FIELD']]);
    expect(outcomes(parse('charity', JSON.stringify({ eventId: 'CH-X', type: 'disbursement.made', occurredAt: '2026-11-20T10:00:00+08:00', data: [1] })))).toEqual([['CH-X', 'INVALID_FIELD']]);
  });
});

describe('field rules', () => {
  const tu = (rec: Record<string, unknown>) =>
    parse('trade-union', JSON.stringify({ batchId: 'B', records: [{ recordNo: 'GH-X', cardNo: SAMPLE_CARD_NUMBERS[0], type: '慰问金', date: '2026-11-01', amountYuan: '1.00', ...rec }] }));

  it('dates: real days only, leap years, not after today', () => {
    expect(outcomes(tu({ date: '2024-02-29' }))).toEqual([['GH-X', 'OK']]);
    expect(outcomes(tu({ date: '2026-02-29' }))).toEqual([['GH-X', 'INVALID_DATE']]);
    expect(outcomes(tu({ date: '2026-11-28' }))).toEqual([['GH-X', 'OK']]);
    expect(outcomes(tu({ date: '2026-11-29' }))).toEqual([['GH-X', 'INVALID_DATE']]);
    expect(outcomes(tu({ date: '2026/11/01' }))).toEqual([['GH-X', 'INVALID_DATE']]);
    expect(outcomes(tu({ date: 20261101 }))).toEqual([['GH-X', 'INVALID_DATE']]);
    expect(outcomes(tu({ date: undefined }))).toEqual([['GH-X', 'MISSING_FIELD']]);
  });

  it('card numbers: trimmed and upper-cased; I, L, O, U and wrong lengths rejected', () => {
    expect(records(tu({ cardNo: ' mx7k3q9w2t5n ' }))[0].reference).toEqual({ assistanceCardNumber: 'MX7K3Q9W2T5N' });
    for (const cardNo of ['MX7K3Q9W2T5', 'MX7K3Q9W2T5NN', 'MXIK3Q9W2T5N', 'MXLK3Q9W2T5N', 'MXOK3Q9W2T5N', 'MXUK3Q9W2T5N', 'MY7K3Q9W2T5N', 12345]) {
      expect(outcomes(tu({ cardNo }))).toEqual([['GH-X', 'INVALID_CARD_NUMBER']]);
    }
    expect(outcomes(tu({ cardNo: '' }))).toEqual([['GH-X', 'MISSING_FIELD']]);
  });

  it('record ids: strings of at most 100 characters', () => {
    expect(outcomes(tu({ recordNo: 42 }))).toEqual([['record 1', 'INVALID_FIELD']]);
    expect(outcomes(tu({ recordNo: 'G'.repeat(101) }))).toEqual([['record 1', 'INVALID_FIELD']]);
    expect(outcomes(tu({ recordNo: '  GH-Y  ' }))).toEqual([['GH-Y', 'OK']]);
  });

  it('amounts: required for cash and goods, forbidden for visits and training', () => {
    expect(outcomes(tu({ type: '送温暖物资', amountYuan: undefined }))).toEqual([['GH-X', 'MISSING_FIELD']]);
    expect(outcomes(tu({ type: '职业技能培训', amountYuan: '10.00' }))).toEqual([['GH-X', 'INVALID_AMOUNT']]);
    expect(outcomes(tu({ type: '走访慰问', amountYuan: null }))).toEqual([['GH-X', 'OK']]);
    expect(outcomes(tu({ type: '走访慰问', amountYuan: '' }))).toEqual([['GH-X', 'OK']]);
    expect(outcomes(tu({ type: 'toString' }))).toEqual([['GH-X', 'UNKNOWN_TYPE']]);
    expect(outcomes(tu({ type: '__proto__' }))).toEqual([['GH-X', 'UNKNOWN_TYPE']]);
  });

  it('hours: quarter hours, positive, at most 24, only on volunteer service', () => {
    const yl = (rec: Record<string, unknown>) =>
      outcomes(parse('youth-league', JSON.stringify([{ id: 'TW-X', category: 'VOLUNTEER_SERVICE', assistanceCard: SAMPLE_CARD_NUMBERS[0], serviceDate: '2026/11/01', volunteerHours: 1, ...rec }])))[0][1];
    expect(yl({ volunteerHours: 0.25 })).toBe('OK');
    expect(yl({ volunteerHours: 24 })).toBe('OK');
    expect(yl({ volunteerHours: 0 })).toBe('INVALID_HOURS');
    expect(yl({ volunteerHours: -1 })).toBe('INVALID_HOURS');
    expect(yl({ volunteerHours: 0.1 })).toBe('INVALID_HOURS');
    expect(yl({ volunteerHours: 24.25 })).toBe('INVALID_HOURS');
    expect(yl({ volunteerHours: '2' })).toBe('INVALID_HOURS');
    expect(yl({ aidAmountFen: 100 })).toBe('INVALID_AMOUNT');
    expect(yl({ category: 'STUDENT_AID', aidAmountFen: 100 })).toBe('INVALID_HOURS');
    expect(yl({ category: 'STUDENT_AID', volunteerHours: undefined, aidAmountFen: 100 })).toBe('OK');
    expect(yl({ serviceDate: '2026/2/1' })).toBe('INVALID_DATE');
  });

  it('descriptions: whitespace collapsed, trimmed, capped at 500 characters', () => {
    expect(ledgerDescription('标签', '  a\n\tb  ')).toBe('标签：a b');
    expect(ledgerDescription('标签', '   ')).toBe('标签');
    const long = records(tu({ note: '𠮷'.repeat(600) }))[0].description;
    expect(Array.from(long)).toHaveLength(500);
    expect(records(tu({ note: 42 }))).toEqual([]);
    expect(outcomes(tu({ note: 42 }))).toEqual([['GH-X', 'INVALID_FIELD']]);
  });
});

describe('the county calendar', () => {
  it('today is the day in Asia/Shanghai', () => {
    expect(countyToday(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28');
    expect(countyToday(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
    expect(countyDayOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(resolveToday()).toBe(countyToday());
    expect(resolveToday('2026-01-31')).toBe('2026-01-31');
    expect(() => resolveToday('2026-02-30')).toThrow(TypeError);
  });

  it('parses instants with offsets only', () => {
    expect(parseInstant('2026-11-20T10:00:00+08:00')?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
    expect(parseInstant('2026-11-20T10:00:00')).toBeNull();
    expect(parseInstant('2026-11-31T10:00:00Z')).toBeNull();
  });

  it('the adapters use the real clock when no today is given', () => {
    const tomorrow = countyDayOf(new Date(Date.now() + 36 * 3600 * 1000));
    const raw = JSON.stringify({ batchId: 'B', records: [{ recordNo: 'GH-T', cardNo: SAMPLE_CARD_NUMBERS[0], type: '走访慰问', date: tomorrow }] });
    expect(outcomes(tradeUnionAdapter.parse(raw))).toEqual([['GH-T', 'INVALID_DATE']]);
    expect(outcomes(tradeUnionAdapter.parse(raw, { today: tomorrow }))).toEqual([['GH-T', 'OK']]);
  });

  it('every adapter is the same object in ADAPTERS and its module', () => {
    expect(ADAPTERS).toEqual({
      'trade-union': tradeUnionAdapter,
      'youth-league': youthLeagueAdapter,
      'womens-federation': womensFederationAdapter,
      power: powerAdapter,
      water: waterAdapter,
      cable: cableAdapter,
      charity: charityAdapter,
    });
  });
});
