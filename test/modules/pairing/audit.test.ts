/**
 * Every pairing write leaves its SUCCESS audit row under its mutation's name, written by the one
 * mutation runner (src/db/mutation.ts) in the transaction of the change (issue 9). Two slipped
 * through before: a ledger entry was audited as `registerPairingAssistance` (not
 * `Mutation.registerPairingAssistance`, so a search by operation missed every entry, R20), and
 * the same name must hold whatever the channel — the mutation, a batch upload, the webhook; a
 * batch is one call with its own row (Mutation.importPartnerRecords).
 */
import crypto from 'node:crypto';
import { departmentToken, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { importBatch, partnerKey, PartnerKey, sendWebhook, signedRequest } from '../../support/partners';

const ASSIST = `mutation($i: RegisterPairingAssistanceInput!) { registerPairingAssistance(input: $i) { entry { id } duplicate userErrors { field code } } }`;
const SUBSCRIBE = `mutation($i: SubscribeToNeedsInput!) { subscribeToNeeds(input: $i) { subscriptionId userErrors { field code } } }`;

/** A card number (MX + 10 Crockford base-32) of this file alone. */
function freshCard(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = 'MX';
  for (let i = 0; i < 10; i++) s += alphabet[crypto.randomInt(alphabet.length)];
  return s;
}

let t: TestApp;
let key: PartnerKey;
let card: string;
let partnerDbId: string;
const knex = () => t.orm.em.getKnex();
const auditOf = (action: string, recordId: string) => knex()('audit_event').where({ action, record_id: recordId }).orderBy('id').select('outcome', 'entity', 'detail');

beforeAll(async () => {
  // Subscriptions to a loopback URL need the development switch (SSRF guard, webhook-target.ts).
  t = await startApp({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
  const township = await newTownship(t.orm);
  const h = await registerHousehold(t.app, await townshipToken(township.code), householdInput(township, [member()]));
  await confirm(t.orm, h.id);
  card = freshCard();
  await knex()('household').update({ assistance_card_number: card }).where({ id: dbId(h.id) });
  // A trade union of this file alone (the trade-union format is for that kind), paired with the household.
  const code = `audit-union-${crypto.randomUUID().slice(0, 8)}`;
  const [p] = await knex()('partner_organisation').insert({ code, name: '审计测试工会', kind: 'TRADE_UNION', created_by: 'test', updated_by: 'test' }).returning('id');
  partnerDbId = String(p.id);
  key = await partnerKey(t.orm, code);
  const partner = Buffer.from(`PartnerOrganisation:${p.id}`).toString('base64url');
  const proposed = await gql(t.app, `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version } userErrors { code } } }`,
    { i: { partners: [partner], households: [h.id], note: '审计测试结对' } }, { token: await departmentToken('CIVILIZATION_OFFICE') });
  const pairing = proposed.data.proposePairing.pairing;
  expect(await auditOf('Mutation.proposePairing', dbId(pairing.id))).toEqual([expect.objectContaining({ outcome: 'SUCCESS', entity: 'Pairing' })]);
  const approved = await gql(t.app, `mutation($i: DecidePairingInput!) { approvePairing(input: $i) { pairing { status } userErrors { code } } }`,
    { i: { pairing: pairing.id, version: pairing.version } }, { token: await departmentToken('CIVIL_AFFAIRS') });
  expect(approved.data.approvePairing.pairing.status).toBe('APPROVED');
  expect(await auditOf('Mutation.approvePairing', dbId(pairing.id))).toEqual([expect.objectContaining({ outcome: 'SUCCESS', entity: 'Pairing' })]);
});
afterAll(() => t.close());

describe('SUCCESS audit rows of the pairing ledger (R20)', () => {
  it('registerPairingAssistance is audited as Mutation.registerPairingAssistance, a resend too (naming the earlier entry)', async () => {
    const i = { assistanceCardNumber: card, kind: 'CASH', givenOn: '2026-10-15', amount: 30000, description: '慰问金', externalId: 'AUD-1' };
    const first = await gql(t.app, ASSIST, { i }, { apiKey: key.token });
    expect(first.data.registerPairingAssistance).toMatchObject({ userErrors: [], duplicate: false });
    const entryId = dbId(first.data.registerPairingAssistance.entry.id);
    const again = await gql(t.app, ASSIST, { i }, { apiKey: key.token });
    expect(again.data.registerPairingAssistance).toMatchObject({ userErrors: [], duplicate: true });

    expect(await auditOf('Mutation.registerPairingAssistance', entryId)).toEqual([
      { outcome: 'SUCCESS', entity: 'PairingLedgerEntry', detail: { origin: 'PARTNER_SYSTEM', externalId: 'AUD-1' } },
      { outcome: 'SUCCESS', entity: 'PairingLedgerEntry', detail: { origin: 'PARTNER_SYSTEM', externalId: 'AUD-1', duplicate: true } },
    ]);
    // The old, unprefixed name is gone.
    expect(await knex()('audit_event').where({ action: 'registerPairingAssistance' })).toEqual([]);
  });

  it('records of a batch upload and of the webhook are audited under the same name, with their origin', async () => {
    const batch = (recordNo: string) => JSON.stringify({ batchId: `B-${recordNo}`, records: [{ recordNo, cardNo: card, type: '慰问金', date: '2026-10-16', amountYuan: '100.00', note: '审计测试' }] });
    const uploaded = await importBatch(t.app, key.token, 'trade-union', batch('AUD-U-1'));
    expect(uploaded.data.importPartnerRecords.result).toMatchObject({ accepted: 1, rejected: [] });
    const viaWebhook = await sendWebhook(t.app, signedRequest(key, 'trade-union', batch('AUD-W-1')));
    expect(viaWebhook.status).toBe(200);
    expect(viaWebhook.body.data).toMatchObject({ accepted: 1, rejected: [] });

    for (const [externalId, origin] of [['AUD-U-1', 'IMPORTED'], ['AUD-W-1', 'PARTNER_SYSTEM']]) {
      const [entry] = await knex()('pairing_ledger_entry').where({ partner_id: partnerDbId, external_id: externalId }).select('id');
      expect(await auditOf('Mutation.registerPairingAssistance', String(entry.id))).toEqual([
        { outcome: 'SUCCESS', entity: 'PairingLedgerEntry', detail: { origin, externalId } },
      ]);
    }
    // Each batch is one call with its own SUCCESS row, counting what it did.
    const counts = { accepted: 1, duplicates: 0, rejected: 0, skipped: 0 };
    expect(await auditOf('Mutation.importPartnerRecords', partnerDbId)).toEqual([
      { outcome: 'SUCCESS', entity: 'PartnerOrganisation', detail: { format: 'trade-union', origin: 'IMPORTED', ...counts } },
      { outcome: 'SUCCESS', entity: 'PartnerOrganisation', detail: { format: 'trade-union', origin: 'PARTNER_SYSTEM', ...counts } },
    ]);
  });

  it('subscribeToNeeds leaves its SUCCESS row naming the subscription', async () => {
    const r = await gql(t.app, SUBSCRIBE, { i: { url: 'https://localhost:9/needs', needKinds: ['LIVING'] } }, { apiKey: key.token });
    expect(r.data.subscribeToNeeds.userErrors).toEqual([]);
    const subscriptionId = dbId(r.data.subscribeToNeeds.subscriptionId);
    expect(await auditOf('Mutation.subscribeToNeeds', subscriptionId)).toEqual([{ outcome: 'SUCCESS', entity: 'PartnerSubscription', detail: null }]);
  });
});
