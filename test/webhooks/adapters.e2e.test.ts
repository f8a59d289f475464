/**
 * The partner adapters end to end (R18, R20), on the real database: every sample file of every
 * format through the GraphQL batch upload (`importPartnerRecords`, X-Api-Key) and through the
 * signed webhook (`POST /integrations/<format>`), into the pairing ledger.
 *
 * Setup: six confirmed households of a township of this file, given the sample assistance-card
 * numbers (SQL: production assigns them at confirmation) and the sample utility accounts
 * (`registerUtilityAccount`); every partner paired with all six (proposed by the civilization
 * office, approved by civil affairs). A seventh household, with a card number of its own, is
 * paired with nobody.
 *
 * The partners are new organisations of the seeded partners' kinds (see `partnerCodes`), so the
 * seeded partners' pairings and ledgers, which other files read exactly, stay untouched.
 *
 * The per-format blocks run in order and build on each other: valid samples → resent → invalid
 * sample → webhook batch. Card numbers and utility accounts are unique in the database, so this
 * file expects to be the only user of the sample references in a test run (it says so if not).
 */
import fs from 'node:fs';
import { SAMPLE_CARD_NUMBERS, SAMPLE_FILES, SAMPLE_UTILITY_ACCOUNTS, samplePath } from '../../partner-adapters/samples';
import type { IntegrationFormat, UtilityCode } from '../../partner-adapters/partner-adapter';
import { DONATION_SKIP_REASON } from '../../partner-adapters/charity/adapter';
import { formatsForPartnerKind } from '../../partner-adapters';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';
import { importBatch, ledgerCount, ledgerRows, partnerKey, PartnerKey, sendWebhook, signedRequest } from '../support/partners';
import { dbId } from '../support/ids';

let t: TestApp;
let township: TestTownship;
/** Household global ids, index i has SAMPLE_CARD_NUMBERS[i]. */
const households: string[] = [];
/** A confirmed household with a card number, paired with no partner. */
let unpaired: { globalId: string; card: string };
const keys = {} as Record<IntegrationFormat, PartnerKey>;

/** The seeded partner of each format (src/modules/registry/registry.county-data.ts PARTNERS). */
const SEEDED_PARTNER_OF: Record<IntegrationFormat, string> = {
  'trade-union': 'county-trade-union',
  'youth-league': 'county-youth-league',
  'womens-federation': 'county-womens-federation',
  power: 'county-power-supply',
  water: 'county-water',
  cable: 'county-cable',
  charity: 'county-charity',
};
const FORMATS = Object.keys(SEEDED_PARTNER_OF) as IntegrationFormat[];
/**
 * The partners this file sends as: one new organisation per seeded partner, of the same kind (the
 * kind is what decides which formats a partner may send). Other files of the run read the seeded
 * partners' pairings and ledgers exactly, and ledger entries cannot be deleted, so this file
 * leaves the seeded partners alone; its (partner, record id) idempotency keys are its own too.
 */
const partnerCodes = {} as Record<IntegrationFormat, string>;
const partnerOf = (format: IntegrationFormat) => partnerCodes[format];

/** Which sample household (index into SAMPLE_CARD_NUMBERS) registered each sample account. */
const ACCOUNT_HOLDERS: Record<UtilityCode, number[]> = { POWER: [0, 1, 2], WATER: [3, 4, 5], CABLE: [1, 3, 5] };
const cardOfAccount = (u: UtilityCode, account: string) => SAMPLE_CARD_NUMBERS[ACCOUNT_HOLDERS[u][SAMPLE_UTILITY_ACCOUNTS[u].indexOf(account)]];

const read = (relative: string) => fs.readFileSync(samplePath(relative), 'utf8');
const knex = () => t.orm.em.getKnex();

/** A card number (MX + 10 Crockford base-32) no sample uses. */
function freshCard(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = 'MX';
  for (let i = 0; i < 10; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

const LEDGER = `{ pairings(first: 50) { nodes { status ledger { externalId kind givenOn amount hours origin assistanceCardNumber } } } }`;
async function ledgerViaGraphQL(format: IntegrationFormat) {
  const r = await gql(t.app, LEDGER, {}, { apiKey: keys[format].token });
  expect(r.errors).toBeUndefined();
  return (r.data.pairings.nodes as Array<{ ledger: Array<Record<string, unknown>> }>).flatMap((n) => n.ledger);
}

/** Runs a batch through GraphQL and returns its result (failing loudly on a GraphQL error). */
async function upload(format: IntegrationFormat, content: string, as: IntegrationFormat = format) {
  const r = await importBatch(t.app, keys[as].token, format, content);
  expect(r.status).toBe(200);
  expect(r.errors).toBeUndefined();
  expect(r.data.importPartnerRecords.userErrors).toEqual([]);
  return r.data.importPartnerRecords.result as {
    accepted: number; duplicates: number; rejected: Array<{ record: string; code: string; message: string }>; skipped: Array<{ record: string; reason: string }>;
  };
}
const codesOf = (rejected: Array<{ record: string; code: string }>) => rejected.map((e) => [e.record, e.code]);

// ---------------------------------------------------------------------------------------------
// What the samples should give
// ---------------------------------------------------------------------------------------------

interface Expectation {
  /** New entries from all valid sample files together. */
  validAccepted: number;
  validSkipped: Array<{ record: string; reason: string }>;
  /** A few entries as the partner reads them in its ledger. */
  spot: Array<{ externalId: string; kind: string; givenOn: string; amount: number | null; hours: number | null; assistanceCardNumber: string }>;
  /** The invalid sample sent after the valid ones: [record, code] in payload order. */
  invalid: { accepted: string[]; duplicates: number; rejected: Array<[string, string]>; skipped: string[] };
  /** A new batch for the webhook, derived from a valid sample; and how many records it holds. */
  webhookBatch: () => string;
  webhookAccepted: number;
}

const suffixJson = (relative: string, edit: (v: any) => void) => {
  const v = JSON.parse(read(relative));
  edit(v);
  return JSON.stringify(v, null, 2);
};
/** Utility files: the same accounts for other (earlier, ended) billing months. */
const otherMonths = (relative: string) => read(relative).replace(/,2026-09,/g, ',2026-06,').replace(/,2026-10,/g, ',2026-07,');

const EXPECT: Record<IntegrationFormat, Expectation> = {
  'trade-union': {
    validAccepted: 9,
    validSkipped: [],
    spot: [
      { externalId: 'GH-2026-0001', kind: 'VISIT', givenOn: '2026-10-09', amount: null, hours: null, assistanceCardNumber: 'MX7K3Q9W2T5N' },
      { externalId: 'GH-2026-0002', kind: 'CASH', givenOn: '2026-10-15', amount: 50000, hours: null, assistanceCardNumber: 'MX4HBR8ZC1VP' },
      { externalId: 'GH-2026-0005', kind: 'GOODS', givenOn: '2026-11-18', amount: 32050, hours: null, assistanceCardNumber: 'MX5PZ0KJ3R7A' },
      { externalId: 'GH-2026-0006', kind: 'CASH', givenOn: '2026-11-20', amount: 50010, hours: null, assistanceCardNumber: 'MX8C2VE6XH4B' },
    ],
    invalid: {
      accepted: ['GH-2026-0101', 'GH-2026-0108'],
      duplicates: 0,
      rejected: [
        ['GH-2026-0102', 'INVALID_CARD_NUMBER'], ['GH-2026-0103', 'UNKNOWN_TYPE'], ['GH-2026-0104', 'INVALID_DATE'], ['GH-2026-0105', 'INVALID_AMOUNT'],
        ['GH-2026-0106', 'INVALID_AMOUNT'], ['GH-2026-0107', 'MISSING_FIELD'], ['record 8', 'MISSING_FIELD'], ['GH-2026-0101', 'DUPLICATE_IN_BATCH'],
        ['GH-2026-0109', 'INVALID_DATE'], ['GH-2026-0110', 'INVALID_AMOUNT'], ['GH-2026-0111', 'INVALID_AMOUNT'],
      ],
      skipped: [],
    },
    webhookBatch: () => suffixJson('trade-union/samples/batch-2026-11.json', (v) => {
      v.batchId += '-WH';
      for (const r of v.records) r.recordNo += '-WH';
    }),
    webhookAccepted: 5,
  },
  'youth-league': {
    validAccepted: 6,
    validSkipped: [],
    spot: [
      { externalId: 'TW-2026-V-0031', kind: 'VOLUNTEER_HOURS', givenOn: '2026-11-08', amount: null, hours: 3.5, assistanceCardNumber: 'MX9D2FEX6M0S' },
      { externalId: 'TW-2026-V-0033', kind: 'VOLUNTEER_HOURS', givenOn: '2026-11-15', amount: null, hours: 1.25, assistanceCardNumber: 'MX7K3Q9W2T5N' },
      { externalId: 'TW-2026-S-0108', kind: 'CASH', givenOn: '2026-11-19', amount: 150050, hours: null, assistanceCardNumber: 'MX8C2VE6XH4B' },
    ],
    invalid: {
      // TW-2026-S-0105 names its household with a lower-case card number: valid.
      accepted: ['TW-2026-V-0101', 'TW-2026-S-0105'],
      duplicates: 0,
      rejected: [
        ['TW-2026-V-0102', 'INVALID_HOURS'], ['TW-2026-V-0103', 'INVALID_DATE'], ['TW-2026-S-0104', 'INVALID_AMOUNT'], ['TW-2026-X-0106', 'UNKNOWN_TYPE'],
        ['TW-2026-S-0107', 'INVALID_CARD_NUMBER'], ['TW-2026-V-0108', 'MISSING_FIELD'], ['TW-2026-V-0101', 'DUPLICATE_IN_BATCH'],
        ['TW-2026-S-0109', 'INVALID_AMOUNT'], ['TW-2026-V-0110', 'INVALID_HOURS'],
      ],
      skipped: [],
    },
    webhookBatch: () => suffixJson('youth-league/samples/records-2026-11.json', (v) => {
      for (const r of v) r.id += '-WH';
    }),
    webhookAccepted: 6,
  },
  'womens-federation': {
    validAccepted: 9,
    validSkipped: [],
    spot: [
      { externalId: 'FL-2026-1103', kind: 'CASH', givenOn: '2026-11-12', amount: 150050, hours: null, assistanceCardNumber: 'MX1T6YQ4NW8G' },
      { externalId: 'FL-2026-1104', kind: 'SERVICE', givenOn: '2026-11-18', amount: null, hours: null, assistanceCardNumber: 'MX9D2FEX6M0S' },
      // From the Excel export (BOM, CRLF, YYYY/M/D dates, a trailing ",,,,," row).
      { externalId: 'FL-2026-1001', kind: 'SERVICE', givenOn: '2026-10-08', amount: null, hours: null, assistanceCardNumber: 'MX4HBR8ZC1VP' },
      { externalId: 'FL-2026-1003', kind: 'CASH', givenOn: '2026-10-23', amount: 60000, hours: null, assistanceCardNumber: 'MX8C2VE6XH4B' },
    ],
    invalid: {
      accepted: ['FL-2026-1201', 'FL-2026-1209'],
      duplicates: 0,
      rejected: [
        ['FL-2026-1202', 'INVALID_AMOUNT'], ['line 4', 'INVALID_FIELD'], ['FL-2026-1204', 'UNKNOWN_TYPE'], ['FL-2026-1205', 'INVALID_CARD_NUMBER'],
        ['FL-2026-1206', 'INVALID_DATE'], ['FL-2026-1207', 'MISSING_FIELD'], ['FL-2026-1208', 'INVALID_AMOUNT'], ['line 10', 'MISSING_FIELD'],
        ['FL-2026-1201', 'DUPLICATE_IN_BATCH'], ['line 13', 'MISSING_FIELD'],
      ],
      skipped: [],
    },
    webhookBatch: () => read('womens-federation/samples/2026-11.csv').replace(/^FL-2026-/gm, 'FL-WH-2026-'),
    webhookAccepted: 5,
  },
  // The utilities' invalid samples repeat an (account, month) of the valid sample with other
  // content on their "valid" lines: sent after the valid sample, those are IDEMPOTENCY_CONFLICT.
  power: {
    validAccepted: 6,
    validSkipped: [],
    spot: [
      { externalId: 'POWER-3504210002-2026-09', kind: 'FEE_WAIVER', givenOn: '2026-09-30', amount: 840, hours: null, assistanceCardNumber: cardOfAccount('POWER', '3504210002') },
      { externalId: 'POWER-3504210003-2026-10', kind: 'FEE_WAIVER', givenOn: '2026-10-31', amount: 1500, hours: null, assistanceCardNumber: cardOfAccount('POWER', '3504210003') },
    ],
    invalid: {
      accepted: ['POWER-3504210003-2026-08'],
      duplicates: 0,
      rejected: [
        ['POWER-3504210001-2026-10', 'IDEMPOTENCY_CONFLICT'], ['line 3', 'INVALID_ACCOUNT'], ['line 4', 'INVALID_DATE'], ['POWER-3504210002-2099-01', 'INVALID_DATE'],
        ['POWER-3504210002-2026-10', 'INVALID_AMOUNT'], ['POWER-3504210001-2026-10', 'DUPLICATE_IN_BATCH'], ['POWER-3504210003-2026-10', 'INVALID_AMOUNT'],
        ['line 9', 'MISSING_FIELD'], ['POWER-3504210003-2026-09', 'INVALID_AMOUNT'],
      ],
      skipped: [],
    },
    webhookBatch: () => otherMonths('utilities/samples/power/waivers-2026-09-10.csv'),
    webhookAccepted: 6,
  },
  water: {
    validAccepted: 6,
    validSkipped: [],
    spot: [
      { externalId: 'WATER-21060012-2026-10', kind: 'FEE_WAIVER', givenOn: '2026-10-31', amount: 980, hours: null, assistanceCardNumber: cardOfAccount('WATER', '21060012') },
      { externalId: 'WATER-21060013-2026-10', kind: 'FEE_WAIVER', givenOn: '2026-10-31', amount: 1200, hours: null, assistanceCardNumber: cardOfAccount('WATER', '21060013') },
    ],
    invalid: {
      accepted: ['WATER-21060013-2026-08'],
      duplicates: 0,
      rejected: [
        ['WATER-21060011-2026-10', 'IDEMPOTENCY_CONFLICT'], ['line 3', 'INVALID_ACCOUNT'], ['line 4', 'INVALID_DATE'], ['WATER-21060012-2026-10', 'MISSING_FIELD'],
        ['WATER-21060011-2026-10', 'DUPLICATE_IN_BATCH'], ['WATER-21060013-2026-10', 'INVALID_AMOUNT'], ['WATER-21060013-2026-09', 'INVALID_AMOUNT'],
      ],
      skipped: [],
    },
    webhookBatch: () => otherMonths('utilities/samples/water/waivers-2026-09-10.csv'),
    webhookAccepted: 6,
  },
  cable: {
    validAccepted: 6,
    validSkipped: [],
    spot: [
      { externalId: 'CABLE-593100000101-2026-10', kind: 'FEE_WAIVER', givenOn: '2026-10-31', amount: 2600, hours: null, assistanceCardNumber: cardOfAccount('CABLE', '593100000101') },
      { externalId: 'CABLE-593100000103-2026-09', kind: 'FEE_WAIVER', givenOn: '2026-09-30', amount: 1300, hours: null, assistanceCardNumber: cardOfAccount('CABLE', '593100000103') },
    ],
    invalid: {
      accepted: [],
      duplicates: 0,
      rejected: [
        ['CABLE-593100000101-2026-10', 'IDEMPOTENCY_CONFLICT'], ['line 3', 'INVALID_ACCOUNT'], ['line 4', 'MISSING_FIELD'], ['line 5', 'INVALID_DATE'],
        ['CABLE-593100000101-2026-10', 'DUPLICATE_IN_BATCH'], ['CABLE-593100000103-2026-10', 'INVALID_AMOUNT'], ['line 8', 'MISSING_FIELD'],
        ['CABLE-593100000103-2026-09', 'IDEMPOTENCY_CONFLICT'],
      ],
      skipped: [],
    },
    webhookBatch: () => otherMonths('utilities/samples/cable/waivers-2026-09-10.csv'),
    webhookAccepted: 6,
  },
  charity: {
    validAccepted: 6,
    validSkipped: [{ record: 'CH-2026-112001', reason: DONATION_SKIP_REASON }],
    spot: [
      { externalId: 'CH-2026-111804', kind: 'CASH', givenOn: '2026-11-18', amount: 88850, hours: null, assistanceCardNumber: 'MX4HBR8ZC1VP' },
      // 2026-11-13T16:30Z is the 14th in the county.
      { externalId: 'CH-2026-111403', kind: 'CASH', givenOn: '2026-11-14', amount: 30000, hours: null, assistanceCardNumber: 'MX8C2VE6XH4B' },
      { externalId: 'CH-2026-112306', kind: 'CASH', givenOn: '2026-11-23', amount: 60000, hours: null, assistanceCardNumber: 'MX7K3Q9W2T5N' },
    ],
    invalid: {
      accepted: ['CH-2026-119001', 'CH-2026-119008'],
      duplicates: 0,
      rejected: [
        ['CH-2026-119003', 'INVALID_DATE'], ['CH-2026-119004', 'INVALID_AMOUNT'], ['CH-2026-119005', 'UNKNOWN_TYPE'], ['CH-2026-119006', 'INVALID_CARD_NUMBER'],
        ['CH-2026-119007', 'MISSING_FIELD'], ['CH-2026-119001', 'DUPLICATE_IN_BATCH'], ['CH-2026-119009', 'INVALID_DATE'], ['CH-2026-119010', 'MISSING_FIELD'],
      ],
      skipped: ['CH-2026-119002'],
    },
    webhookBatch: () => suffixJson('charity/samples/events-2026-11.json', (v) => {
      for (const e of v) e.eventId += '-WH';
    }),
    webhookAccepted: 5,
  },
};

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

const PROPOSE = `mutation($input: ProposePairingInput!) { proposePairing(input: $input) { pairing { id status version } userErrors { field code } } }`;
const APPROVE = `mutation($input: DecidePairingInput!) { approvePairing(input: $input) { pairing { id status version } userErrors { field code } } }`;
const UTILITY = `mutation($input: RegisterUtilityAccountInput!) { registerUtilityAccount(input: $input) { household { id } userErrors { field code } } }`;

async function confirmedHousehold(token: string, head: string, card: string): Promise<string> {
  const h = await registerHousehold(t.app, token, householdInput(township, [member({ name: head })]));
  await confirm(t.orm, h.id);
  const taken = await knex()('household').where({ assistance_card_number: card }).whereNot({ id: dbId(h.id) }).first();
  if (taken) throw new Error(`card number ${card} already belongs to household ${taken.id}: this file must be the only user of the sample card numbers in a run`);
  await knex()('household').update({ assistance_card_number: card }).where({ id: dbId(h.id) });
  return h.id;
}

beforeAll(async () => {
  t = await startApp();
  township = await newTownship(t.orm);
  const tToken = await townshipToken(township.code);

  for (const [i, card] of SAMPLE_CARD_NUMBERS.entries()) households.push(await confirmedHousehold(tToken, `样本户主${i}`, card));
  unpaired = { card: freshCard(), globalId: '' };
  unpaired.globalId = await confirmedHousehold(tToken, '未结对户主', unpaired.card);

  for (const utility of Object.keys(SAMPLE_UTILITY_ACCOUNTS) as UtilityCode[]) {
    for (const [k, accountNumber] of SAMPLE_UTILITY_ACCOUNTS[utility].entries()) {
      const r = await gql(t.app, UTILITY, { input: { household: households[ACCOUNT_HOLDERS[utility][k]], utility, accountNumber } }, { token: tToken });
      if (r.data?.registerUtilityAccount?.userErrors?.length !== 0) throw new Error(`registerUtilityAccount ${utility} ${accountNumber}: ${JSON.stringify(r.body)}`);
    }
  }

  const seeded = await knex()('partner_organisation').whereIn('code', Object.values(SEEDED_PARTNER_OF)).select('code', 'name', 'kind');
  const suffix = Math.random().toString(36).slice(2, 8);
  for (const format of FORMATS) {
    const s = seeded.find((row: { code: string }) => row.code === SEEDED_PARTNER_OF[format]);
    if (!s) throw new Error(`seeded partner ${SEEDED_PARTNER_OF[format]} not found`);
    // The seeded partner's kind sends exactly this format.
    expect(formatsForPartnerKind(s.kind)).toEqual([format]);
    partnerCodes[format] = `${s.code}-e2e-${suffix}`;
    await knex()('partner_organisation').insert({ code: partnerCodes[format], name: `${s.name}（接口测试）`, kind: s.kind, created_by: 'test', updated_by: 'test' });
  }

  const civilAffairs = await departmentToken('CIVIL_AFFAIRS');
  const civilization = await departmentToken('CIVILIZATION_OFFICE');
  const orgs = await gql(t.app, `{ partnerOrganisations { id code } }`, {}, { token: civilAffairs });
  const partnerIds = new Map<string, string>((orgs.data?.partnerOrganisations ?? []).map((o: { id: string; code: string }) => [o.code, o.id]));
  for (const format of FORMATS) {
    const code = partnerOf(format);
    if (!partnerIds.has(code)) throw new Error(`partner ${code} not found: ${JSON.stringify(orgs.body)}`);
    keys[format] = await partnerKey(t.orm, code);
    const proposed = await gql(t.app, PROPOSE, { input: { partners: [partnerIds.get(code)], households, note: `样本结对 ${format}` } }, { token: civilization });
    const pairing = proposed.data?.proposePairing?.pairing;
    if (!pairing || proposed.data.proposePairing.userErrors.length) throw new Error(`proposePairing ${code}: ${JSON.stringify(proposed.body)}`);
    const approved = await gql(t.app, APPROVE, { input: { pairing: pairing.id, version: pairing.version } }, { token: civilAffairs });
    if (approved.data?.approvePairing?.pairing?.status !== 'APPROVED') throw new Error(`approvePairing ${code}: ${JSON.stringify(approved.body)}`);
  }
});

afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// Every format: valid samples, resend, invalid sample, webhook
// ---------------------------------------------------------------------------------------------

describe.each(FORMATS)('format %s', (format) => {
  const partner = () => partnerOf(format);
  const files = SAMPLE_FILES[format];
  const e = EXPECT[format];

  it('valid samples through importPartnerRecords: every record accepted (donations skipped), entries in the ledger', async () => {
    const before = await ledgerRows(t.orm, partner());
    let accepted = 0;
    const skipped: Array<{ record: string; reason: string }> = [];
    for (const file of files.valid) {
      const r = await upload(format, read(file));
      expect({ file, rejected: r.rejected, duplicates: r.duplicates }).toEqual({ file, rejected: [], duplicates: 0 });
      accepted += r.accepted;
      skipped.push(...r.skipped);
    }
    expect(accepted).toBe(e.validAccepted);
    expect(skipped).toEqual(e.validSkipped);

    const after = await ledgerRows(t.orm, partner());
    expect(after.length - before.length).toBe(e.validAccepted);
    const fresh = after.slice(before.length);
    expect(new Set(fresh.map((r) => r.origin))).toEqual(new Set(['IMPORTED']));
    expect(new Set(fresh.map((r) => r.assistance_card_number))).not.toContain(unpaired.card);

    const ledger = await ledgerViaGraphQL(format);
    for (const s of e.spot) {
      expect(ledger.filter((l) => l.externalId === s.externalId)).toEqual([{ ...s, origin: 'IMPORTED' }]);
    }
  });

  it('the same files again: all duplicates, nothing new', async () => {
    const before = await ledgerCount(t.orm);
    let duplicates = 0;
    for (const file of files.valid) {
      const r = await upload(format, read(file));
      expect({ file, accepted: r.accepted, rejected: r.rejected }).toEqual({ file, accepted: 0, rejected: [] });
      duplicates += r.duplicates;
    }
    expect(duplicates).toBe(e.validAccepted);
    expect(await ledgerCount(t.orm)).toBe(before);
  });

  it('the invalid sample: valid records land, the others come back with their codes', async () => {
    const before = await ledgerRows(t.orm, partner());
    const r = await upload(format, read(files.invalid));
    expect(codesOf(r.rejected)).toEqual(e.invalid.rejected);
    for (const err of r.rejected) expect(err.message).toMatch(/\S/);
    expect(r.skipped.map((s) => s.record)).toEqual(e.invalid.skipped);
    expect(r.accepted).toBe(e.invalid.accepted.length);
    expect(r.duplicates).toBe(e.invalid.duplicates);
    const after = await ledgerRows(t.orm, partner());
    expect(after.slice(before.length).map((row) => row.external_id).sort()).toEqual([...e.invalid.accepted].sort());
    // A refused record never overwrote the entry it conflicts with.
    const conflicts = e.invalid.rejected.filter(([, code]) => code === 'IDEMPOTENCY_CONFLICT').map(([id]) => id);
    for (const id of conflicts) {
      expect(after.filter((row) => row.external_id === id)).toEqual(before.filter((row) => row.external_id === id));
    }
  });

  it('a new batch through the signed webhook: accepted as PARTNER_SYSTEM; re-signed resend is duplicates; exact replay is 409 REPLAYED', async () => {
    const batch = e.webhookBatch();
    const before = await ledgerRows(t.orm, partner());
    // The key's last use, as for a bearer key: written when older than a minute, not on every request (issue 10).
    const knex = t.orm.em.getKnex();
    const lastUse = async () => new Date((await knex('partner_api_key').where('key_id', keys[format].keyId).first('last_used_at')).last_used_at).getTime();
    await knex('partner_api_key').where('key_id', keys[format].keyId).update({ last_used_at: knex.raw(`now() - interval '2 minutes'`) });
    const stale = await lastUse();
    const first = signedRequest(keys[format], format, batch);
    const res = await sendWebhook(t.app, first);
    expect(res.status).toBe(200);
    const used = await lastUse();
    expect(used).toBeGreaterThan(stale);
    expect(res.body.data).toEqual({ accepted: e.webhookAccepted, duplicates: 0, rejected: [], skipped: [] });
    const after = await ledgerRows(t.orm, partner());
    const fresh = after.slice(before.length);
    expect(fresh).toHaveLength(e.webhookAccepted);
    expect(new Set(fresh.map((r) => r.origin))).toEqual(new Set(['PARTNER_SYSTEM']));
    const viaGraphQL = (await ledgerViaGraphQL(format)).filter((l) => fresh.some((f) => f.external_id === l.externalId));
    expect(viaGraphQL).toHaveLength(e.webhookAccepted);
    for (const l of viaGraphQL) expect(l.origin).toBe('PARTNER_SYSTEM');

    // The same body signed again with a fresh timestamp: a new request, the same records.
    const again = signedRequest(keys[format], format, batch, new Date(Date.now() + 2000));
    expect(again.headers['X-Signature']).not.toBe(first.headers['X-Signature']);
    const resend = await sendWebhook(t.app, again);
    expect(resend.status).toBe(200);
    expect(resend.body.data).toEqual({ accepted: 0, duplicates: e.webhookAccepted, rejected: [], skipped: [] });
    expect(await lastUse()).toBe(used);

    // The very same signed request again: refused before anything runs.
    const replay = await sendWebhook(t.app, first);
    expect(replay.status).toBe(409);
    expect(replay.body.errors[0].extensions.code).toBe('REPLAYED');
    expect(await ledgerRows(t.orm, partner())).toEqual(after);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-cutting
// ---------------------------------------------------------------------------------------------

describe('cross-cutting', () => {
  /** A separate key per check group, so these calls never share a rate-limit window with the above. */
  let union: PartnerKey;
  let power: PartnerKey;
  beforeAll(async () => {
    union = await partnerKey(t.orm, partnerOf('trade-union'));
    power = await partnerKey(t.orm, partnerOf('power'));
  });

  const unionBatch = (records: Array<Record<string, unknown>>) => JSON.stringify({ batchId: `GH-X-${Date.now()}`, records });

  it('a record id already used with different content is IDEMPOTENCY_CONFLICT, through GraphQL and the webhook; the entry stays as it was', async () => {
    const [before] = await ledgerRows(t.orm, partnerOf('trade-union'), ['GH-2026-0002']);
    expect(before).toMatchObject({ kind: 'CASH', amount: 50000 });
    const changed = unionBatch([{ recordNo: 'GH-2026-0002', cardNo: 'MX4HBR8ZC1VP', type: '慰问金', date: '2026-10-15', amountYuan: '600.00', note: '困难职工重阳节慰问' }]);
    const viaGraphQL = await importBatch(t.app, union.token, 'trade-union', changed);
    expect(viaGraphQL.data.importPartnerRecords.result).toMatchObject({ accepted: 0, duplicates: 0, skipped: [] });
    expect(codesOf(viaGraphQL.data.importPartnerRecords.result.rejected)).toEqual([['GH-2026-0002', 'IDEMPOTENCY_CONFLICT']]);
    const viaWebhook = await sendWebhook(t.app, signedRequest(union, 'trade-union', changed));
    expect(viaWebhook.status).toBe(200);
    expect(codesOf(viaWebhook.body.data.rejected)).toEqual([['GH-2026-0002', 'IDEMPOTENCY_CONFLICT']]);
    expect(await ledgerRows(t.orm, partnerOf('trade-union'), ['GH-2026-0002'])).toEqual([before]);
  });

  it('a format not for the partner\'s kind: 403 FORMAT_NOT_YOURS via the webhook, BAD_USER_INPUT via GraphQL; nothing written', async () => {
    const before = await ledgerCount(t.orm);
    const file = read(SAMPLE_FILES.power.valid[0]);
    const hook = await sendWebhook(t.app, signedRequest(union, 'power', file));
    expect(hook.status).toBe(403);
    expect(hook.body.errors[0].extensions.code).toBe('FORMAT_NOT_YOURS');
    const viaGraphQL = await importBatch(t.app, union.token, 'power', file);
    expect(viaGraphQL.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaGraphQL.errors?.[0].message).toContain('FORMAT_NOT_YOURS');
    expect(viaGraphQL.data?.importPartnerRecords ?? null).toBeNull();
    // The power company's own format, sent by the power company, is fine (already there: duplicates).
    expect((await importBatch(t.app, power.token, 'power', file)).data.importPartnerRecords.result).toMatchObject({ accepted: 0, duplicates: 6 });
    expect(await ledgerCount(t.orm)).toBe(before);
  });

  it('an unknown format: 400 UNKNOWN_FORMAT via the webhook, BAD_USER_INPUT via GraphQL', async () => {
    const hook = await sendWebhook(t.app, signedRequest(union, 'fax', '{}'));
    expect(hook.status).toBe(400);
    expect(hook.body.errors[0].extensions.code).toBe('UNKNOWN_FORMAT');
    const viaGraphQL = await importBatch(t.app, union.token, 'fax', '{}');
    expect(viaGraphQL.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a household the partner is not paired with: NOT_PAIRED, no row; an unknown card number: UNKNOWN_CARD_NUMBER', async () => {
    const before = await ledgerCount(t.orm);
    const r = await importBatch(t.app, union.token, 'trade-union', unionBatch([
      { recordNo: 'GH-X-NOTPAIRED', cardNo: unpaired.card, type: '走访慰问', date: '2026-11-20' },
      { recordNo: 'GH-X-UNKNOWN', cardNo: freshCard(), type: '走访慰问', date: '2026-11-20' },
    ]));
    expect(r.data.importPartnerRecords.result).toMatchObject({ accepted: 0, duplicates: 0 });
    expect(codesOf(r.data.importPartnerRecords.result.rejected)).toEqual([['GH-X-NOTPAIRED', 'NOT_PAIRED'], ['GH-X-UNKNOWN', 'UNKNOWN_CARD_NUMBER']]);
    expect(await ledgerCount(t.orm)).toBe(before);
    expect(await knex()('pairing_ledger_entry').where({ household_id: dbId(unpaired.globalId) })).toEqual([]);
  });

  it('an unknown utility account: UNKNOWN_UTILITY_ACCOUNT; the known one in the same file lands', async () => {
    const before = await ledgerCount(t.orm);
    const csv = '户号,账期,减免金额,备注\n3504219999,2026-10,20.00,未登记户号\n3504210001,2026-05,20.00,已登记户号\n';
    const r = await importBatch(t.app, power.token, 'power', csv);
    expect(r.data.importPartnerRecords.result).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(codesOf(r.data.importPartnerRecords.result.rejected)).toEqual([['POWER-3504219999-2026-10', 'UNKNOWN_UTILITY_ACCOUNT']]);
    expect(await ledgerCount(t.orm)).toBe(before + 1);
    expect(await ledgerRows(t.orm, partnerOf('power'), ['POWER-3504210001-2026-05'])).toMatchObject([
      { kind: 'FEE_WAIVER', amount: 2000, given_on: '2026-05-31', origin: 'IMPORTED', assistance_card_number: cardOfAccount('POWER', '3504210001') },
    ]);
  });

  describe('webhook signatures', () => {
    const body = () => unionBatch([{ recordNo: `GH-X-SIG-${Date.now()}`, cardNo: 'MX7K3Q9W2T5N', type: '走访慰问', date: '2026-11-20' }]);

    it('a tampered body (signed for another body): 401 BAD_SIGNATURE, nothing written', async () => {
      const before = await ledgerCount(t.orm);
      const signed = signedRequest(union, 'trade-union', body());
      const res = await sendWebhook(t.app, { ...signed, body: body().replace('走访慰问', '慰问金') });
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('BAD_SIGNATURE');
      // Signed with another partner's key under this key id: the same answer.
      const forged = signedRequest({ keyId: union.keyId, signingKey: power.signingKey }, 'trade-union', body());
      expect((await sendWebhook(t.app, forged)).body.errors[0].extensions.code).toBe('BAD_SIGNATURE');
      expect(await ledgerCount(t.orm)).toBe(before);
    });

    it('a timestamp ten minutes old: 401 STALE_TIMESTAMP', async () => {
      const before = await ledgerCount(t.orm);
      const res = await sendWebhook(t.app, signedRequest(union, 'trade-union', body(), new Date(Date.now() - 10 * 60_000)));
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('STALE_TIMESTAMP');
      expect(await ledgerCount(t.orm)).toBe(before);
    });

    it('an unknown key id: 401 UNKNOWN_KEY', async () => {
      const res = await sendWebhook(t.app, signedRequest({ keyId: 'pk_doesnotexist00', signingKey: union.signingKey }, 'trade-union', body()));
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNKNOWN_KEY');
    });

    it('no signature headers: 400 MISSING_SIGNATURE', async () => {
      const res = await sendWebhook(t.app, { format: 'trade-union', body: body(), headers: {} });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('MISSING_SIGNATURE');
    });
  });

  describe('malformed payloads: one MALFORMED_PAYLOAD record error, nothing written, never a 500', () => {
    const MALFORMED: Array<[string, IntegrationFormat, string | Buffer]> = [
      ['truncated JSON', 'trade-union', '{"batchId": "GH-BATCH-X", "records": [{"recordNo": "GH-9"'],
      ['JSON of the wrong shape', 'trade-union', '[{"recordNo": "GH-9"}]'],
      ['JSON that is a bare string', 'youth-league', '"hello"'],
      ['an empty body', 'charity', ''],
      ['bytes that are not UTF-8', 'charity', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3])],
      ['CSV with the wrong header', 'power', 'account,month,amount,note\n3504210001,2026-10,20.00,x\n'],
      ['CSV with an unclosed quote', 'water', '户号,账期,减免金额,备注\n21060011,2026-10,15.60,"未闭合\n'],
      ['CSV of only a BOM', 'womens-federation', '\uFEFF'],
    ];

    it.each(MALFORMED)('%s (%s) via GraphQL and via the webhook', async (_label, format, content) => {
      const before = await ledgerCount(t.orm);
      const expected = { accepted: 0, duplicates: 0, skipped: [] };
      if (typeof content === 'string') {
        const r = await importBatch(t.app, keys[format].token, format, content);
        expect(r.status).toBe(200);
        expect(r.errors).toBeUndefined();
        expect(r.data.importPartnerRecords.result).toMatchObject(expected);
        expect(codesOf(r.data.importPartnerRecords.result.rejected)).toEqual([['payload', 'MALFORMED_PAYLOAD']]);
      }
      const hook = await sendWebhook(t.app, signedRequest(keys[format], format, content));
      expect(hook.status).toBe(200);
      expect(hook.body.data).toMatchObject(expected);
      expect(codesOf(hook.body.data.rejected)).toEqual([['payload', 'MALFORMED_PAYLOAD']]);
      expect(await ledgerCount(t.orm)).toBe(before);
    });
  });

  it('a long note capped by the adapter at 500 characters (code points, as the column counts) is written, not refused', async () => {
    // 𠮷 is one character (a CJK Extension B ideograph, as found in names and place names) but
    // two UTF-16 code units. The adapter caps the description at 500 characters; the column is
    // varchar(500), which counts characters too.
    const id = `GH-X-LONG-${Date.now()}`;
    const r = await importBatch(t.app, union.token, 'trade-union', unionBatch([
      { recordNo: id, cardNo: 'MX7K3Q9W2T5N', type: '走访慰问', date: '2026-11-20', note: '𠮷'.repeat(600) },
    ]));
    expect(r.data.importPartnerRecords.result).toEqual({ accepted: 1, duplicates: 0, rejected: [], skipped: [] });
    const [row] = await ledgerRows(t.orm, partnerOf('trade-union'), [id]);
    expect(Array.from(row.description)).toHaveLength(500);
  });
});
