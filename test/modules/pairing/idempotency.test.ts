/**
 * Idempotent partner records under concurrency (R20, issue 8 item 11): many senders resending one
 * record (same partner, same record id) at the same moment, through every idempotent path — the
 * GraphQL mutation, the GraphQL batch upload and the signed webhook. The same content must give
 * every sender the first answer (one entry, the others marked duplicate), other content under the
 * same id IDEMPOTENCY_CONFLICT, and exactly one ledger row either way.
 *
 * Needs a real server: the embedded database runs one statement at a time, so nothing would be
 * concurrent there.
 */
import crypto from 'node:crypto';
import { departmentToken, embedded, serverOnly, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold } from '../../support/fixtures';
import { importBatch, partnerKey, PartnerKey, sendWebhook, signedRequest } from '../../support/partners';
import { dbId } from '../../support/ids';

if (embedded) console.log('[tests] partner-idempotency.test.ts skipped: it needs a PostgreSQL server (set TEST_DATABASE_URL); CI runs it.');

const SENDERS = 50;
const ASSIST = `mutation($i: RegisterPairingAssistanceInput!) { registerPairingAssistance(input: $i) {
  entry { id amount externalId } duplicate userErrors { field code } } }`;

/** A card number (MX + 10 Crockford base-32) of this file alone. */
function freshCard(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = 'MX';
  for (let i = 0; i < 10; i++) s += alphabet[crypto.randomInt(alphabet.length)];
  return s;
}

serverOnly('identical concurrent resends of one partner record', () => {
  let t: TestApp;
  let key: PartnerKey;
  let partnerDbId: string;
  let card: string;
  const knex = () => t.orm.em.getKnex();
  const rows = (externalId: string) => knex()('pairing_ledger_entry').where({ partner_id: partnerDbId, external_id: externalId });

  beforeAll(async () => {
    // 50 senders × several rounds from one key: keep the per-key rate limit out of the way.
    t = await startApp({ PARTNER_RATE_LIMIT_PER_MINUTE: '100000' });
    const township = await newTownship(t.orm);
    const h = await registerHousehold(t.app, await townshipToken(township.code), householdInput(township, [member()]));
    await confirm(t.orm, h.id);
    card = freshCard();
    await knex()('household').update({ assistance_card_number: card }).where({ id: dbId(h.id) });
    // A trade union of this file alone (the trade-union format is for that kind), paired with the household.
    const code = `idem-union-${crypto.randomUUID().slice(0, 8)}`;
    const [p] = await knex()('partner_organisation').insert({ code, name: '并发测试工会', kind: 'TRADE_UNION', created_by: 'test', updated_by: 'test' }).returning('id');
    partnerDbId = String(p.id);
    key = await partnerKey(t.orm, code);
    const partnerGlobalId = Buffer.from(`PartnerOrganisation:${partnerDbId}`).toString('base64url');
    const proposed = await gql(t.app, `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version } userErrors { code } } }`,
      { i: { partners: [partnerGlobalId], households: [h.id], note: '并发测试结对' } }, { token: await departmentToken('CIVILIZATION_OFFICE') });
    const pairing = proposed.data.proposePairing.pairing;
    const approved = await gql(t.app, `mutation($i: DecidePairingInput!) { approvePairing(input: $i) { pairing { status } userErrors { code } } }`,
      { i: { pairing: pairing.id, version: pairing.version } }, { token: await departmentToken('CIVIL_AFFAIRS') });
    expect(approved.data.approvePairing.pairing.status).toBe('APPROVED');
  });
  afterAll(() => t.close());

  const record = (externalId: string, amount = 50000) => ({ assistanceCardNumber: card, kind: 'CASH', givenOn: '2026-10-15', amount, description: '重阳节慰问金', externalId });
  const send = (i: Record<string, unknown>) => gql(t.app, ASSIST, { i }, { apiKey: key.token });

  it('GraphQL: 50 identical resends at once all get the first answer; one entry is written', async () => {
    const results = await Promise.all(Array.from({ length: SENDERS }, () => send(record('GH-C-1'))));
    expect(results.map((r) => r.status)).toEqual(Array(SENDERS).fill(200));
    const answers = results.map((r) => r.data.registerPairingAssistance);
    expect(answers.filter((a) => a.userErrors.length)).toEqual([]);
    const [stored] = await rows('GH-C-1');
    expect(new Set(answers.map((a) => a.entry.id))).toEqual(new Set([answers[0].entry.id]));
    expect(answers.every((a) => a.entry.amount === 50000 && a.entry.externalId === 'GH-C-1')).toBe(true);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(answers.filter((a) => a.duplicate)).toHaveLength(SENDERS - 1);
    expect(await rows('GH-C-1')).toHaveLength(1);
    // The entry every sender got is the one stored.
    expect(dbId(answers[0].entry.id)).toBe(String(stored.id));
  });

  it('GraphQL, mixed: the winner\'s content is a duplicate for all who sent it, a conflict for the others', async () => {
    const results = await Promise.all(Array.from({ length: SENDERS }, (_, n) => send(record('GH-C-2', n % 2 ? 50000 : 61000))));
    const [stored, ...more] = await rows('GH-C-2');
    expect(more).toEqual([]);
    const sameAsStored = (n: number) => (n % 2 ? 50000 : 61000) === Number(stored.amount);
    results.forEach((r, n) => {
      const a = r.data.registerPairingAssistance;
      if (sameAsStored(n)) expect(a).toMatchObject({ userErrors: [], entry: { amount: Number(stored.amount) } });
      else expect(a).toEqual({ entry: null, duplicate: false, userErrors: [{ field: ['input', 'externalId'], code: 'IDEMPOTENCY_CONFLICT' }] });
    });
    const winners = results.map((r) => r.data.registerPairingAssistance).filter((a) => a.entry);
    expect(winners).toHaveLength(SENDERS / 2);
    expect(winners.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(winners.map((a) => dbId(a.entry.id)))).toEqual(new Set([String(stored.id)]));
  });

  /** A trade-union batch (the union's JSON format) of two records under this file's card. */
  const batch = (prefix: string, amountYuan = '500.00') => JSON.stringify({
    batchId: `${prefix}-BATCH`,
    records: [
      { recordNo: `${prefix}-1`, cardNo: card, type: '慰问金', date: '2026-10-15', amountYuan, note: '困难职工重阳节慰问' },
      { recordNo: `${prefix}-2`, cardNo: card, type: '走访慰问', date: '2026-10-16', note: '入户走访' },
    ],
  });

  it('batch upload: 50 identical batches at once land each record once, the rest duplicates, nothing rejected', async () => {
    const content = batch('GH-C-B');
    const results = await Promise.all(Array.from({ length: SENDERS }, () => importBatch(t.app, key.token, 'trade-union', content)));
    expect(results.map((r) => r.status)).toEqual(Array(SENDERS).fill(200));
    const outcomes = results.map((r) => r.data.importPartnerRecords.result);
    expect(outcomes.filter((o) => o.rejected.length)).toEqual([]);
    expect(outcomes.every((o) => o.accepted + o.duplicates === 2)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.accepted, 0)).toBe(2);
    expect(await rows('GH-C-B-1')).toHaveLength(1);
    expect(await rows('GH-C-B-2')).toHaveLength(1);
  });

  it('webhook: 50 identical resends at once (each signed anew) land each record once, the rest duplicates', async () => {
    const body = batch('GH-C-W');
    const now = Date.now();
    // A resend is signed again: a distinct timestamp each, all within the tolerance.
    const results = await Promise.all(Array.from({ length: SENDERS }, (_, n) => sendWebhook(t.app, signedRequest(key, 'trade-union', body, new Date(now - n * 1000)))));
    expect(results.map((r) => r.status)).toEqual(Array(SENDERS).fill(200));
    const outcomes = results.map((r) => r.body.data);
    expect(outcomes.filter((o) => o.rejected.length)).toEqual([]);
    expect(outcomes.every((o) => o.accepted + o.duplicates === 2)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.accepted, 0)).toBe(2);
    expect(await rows('GH-C-W-1')).toHaveLength(1);
  });

  it('webhook, mixed: other content under the same record id is IDEMPOTENCY_CONFLICT, the same content a duplicate', async () => {
    const bodies = ['500.00', '650.00'].map((yuan) => batch('GH-C-M', yuan));
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: SENDERS }, (_, n) => sendWebhook(t.app, signedRequest(key, 'trade-union', bodies[n % 2], new Date(now - n * 1000)))));
    expect(results.map((r) => r.status)).toEqual(Array(SENDERS).fill(200));
    const [stored, ...more] = await rows('GH-C-M-1');
    expect(more).toEqual([]);
    const winner = Number(stored.amount) === 50000 ? 0 : 1;
    results.forEach((r, n) => {
      const o = r.body.data;
      if (n % 2 === winner) expect(o.rejected).toEqual([]);
      // Record 2 is the same in both bodies: never a conflict.
      else expect(o.rejected.map((e: { record: string; code: string }) => [e.record, e.code])).toEqual([['GH-C-M-1', 'IDEMPOTENCY_CONFLICT']]);
    });
    expect(results.reduce((n, r) => n + r.body.data.accepted, 0)).toBe(2);
    expect(await rows('GH-C-M-2')).toHaveLength(1);
  });
});
