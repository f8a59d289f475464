/**
 * Partners (R18, R20): needs anonymised for partners, pairings and what a partner sees of its own
 * households, quotas, the ledger's idempotency, totals, rate limits, the audit of partner calls and
 * need notifications through the outbox.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { OutboxWorker } from '../../../src/webhooks/outbox.worker';
import { Webhook } from 'standardwebhooks';
import { signingKeyFromSecret, sign } from '../../../src/webhooks/signing';
import { departmentToken, gql, idNumber, partnerApiKey, startApp, TestApp, townshipToken } from '../../support/app';
import { parkEarlierFilesOutbox } from '../../support/events';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
let township: TestTownship;
let tokenTownship: string;
let civilization: string;
let civil: string;
let union: { token: string; keyId: string };
let youth: { token: string; keyId: string };
const households: any[] = [];
type Totals = Array<{ key: string; entries: number; amount: number }>;
const LEDGER_TOTALS = `{ ledgerTotals(by: KIND) { key entries amount } }`;
/** The union's totals before this file writes: other files of the run record for the same seeded partner. */
let unionTotalsBefore: Totals;

const PUBLISH = `mutation($i: PublishNeedInput!) { publishNeed(input: $i) { need { id } userErrors { field code } } }`;
const PROPOSE = `mutation($i: ProposePairingInput!) { proposePairing(input: $i) { pairing { id version status } userErrors { field code } } }`;
const APPROVE = `mutation($i: DecidePairingInput!) { approvePairing(input: $i) { pairing { id status } userErrors { code message } } }`;
const ASSIST = `mutation($i: RegisterPairingAssistanceInput!) { registerPairingAssistance(input: $i) { entry { id kind amount origin externalId } duplicate userErrors { field code } } }`;
const PAIRINGS = `{ pairings(first: 50) { nodes { id status partners { name } households { assistanceCardNumber headName community contactPhone household { id } } ledger { externalId amount partnerName } } } }`;

async function partnerId(code: string): Promise<string> {
  const r = await gql(t.app, `{ partnerOrganisations { id code } }`, {}, { token: civil });
  return r.data.partnerOrganisations.find((p: any) => p.code === code).id;
}

beforeAll(async () => {
  t = await startApp();
  await parkEarlierFilesOutbox(t.orm);
  township = await newTownship(t.orm);
  tokenTownship = await townshipToken(township.code);
  civilization = await departmentToken('CIVILIZATION_OFFICE');
  civil = await departmentToken('CIVIL_AFFAIRS');
  union = await partnerApiKey(t.orm, 'county-trade-union');
  youth = await partnerApiKey(t.orm, 'county-youth-league');
  unionTotalsBefore = (await gql(t.app, LEDGER_TOTALS, {}, { apiKey: union.token })).data.ledgerTotals;
  for (const name of ['欧阳华', '司马青', '诸葛敏', '上官云']) {
    const h = await registerHousehold(t.app, tokenTownship, householdInput(township, [member({ name, idNumber: idNumber('1975-01-01') })], { address: `${name}家住城东路9号`, contactPhone: '13900000001' }));
    await confirm(t.orm, h.id);
    await t.orm.em.getKnex()('household').update({ assistance_card_number: `MX${String(households.length).padStart(10, '7')}` }).where({ id: dbId(h.id) });
    households.push(h);
  }
});
afterAll(() => t.close());

describe('needs, anonymised for partners', () => {
  it('refuses a description naming a member or carrying an id number, and a household not in hardship', async () => {
    const base = { household: households[0].id, kind: 'SCHOOLING', uncoveredAmount: 150000, urgency: 'HIGH' };
    const named = await gql(t.app, PUBLISH, { i: { ...base, description: '欧阳华的孩子上学缺学费' } }, { token: tokenTownship });
    expect(named.data.publishNeed.userErrors).toEqual([{ field: ['input', 'description'], code: 'PERSONAL_DATA_IN_TEXT' }]);
    const id = await gql(t.app, PUBLISH, { i: { ...base, description: `证件 ${idNumber()}` } }, { token: tokenTownship });
    expect(id.data.publishNeed.userErrors[0].code).toBe('PERSONAL_DATA_IN_TEXT');
    const registered = await registerHousehold(t.app, tokenTownship, householdInput(township, [member()]));
    const notConfirmed = await gql(t.app, PUBLISH, { i: { ...base, household: registered.id, description: '学费缺口' } }, { token: tokenTownship });
    expect(notConfirmed.data.publishNeed.userErrors[0].code).toBe('NOT_ENTITLED');
  });

  it('shows partners kind, amount, urgency, community and the description — nothing else, by any path', async () => {
    const published = await gql(t.app, PUBLISH, { i: { household: households[0].id, kind: 'SCHOOLING', uncoveredAmount: 150000, urgency: 'HIGH', description: '高中学费及住宿费缺口' } }, { token: tokenTownship });
    const needId = published.data.publishNeed.need.id;
    const q = `{ needs(first: 50) { nodes { id kind uncoveredAmount urgency description status publishedOn version
      community { name code kind township { name code } } household { id headName address contactPhone members { name idNumber } } } } }`;
    const r = await gql(t.app, q, {}, { apiKey: union.token });
    const need = r.data.needs.nodes.find((n: any) => n.id === needId);
    expect(need).toMatchObject({ kind: 'SCHOOLING', uncoveredAmount: 150000, urgency: 'HIGH', description: '高中学费及住宿费缺口', household: null, community: { name: '测试村1' } });
    const text = JSON.stringify(r.body);
    for (const h of households) {
      expect(text).not.toContain(h.headName);
      expect(text).not.toContain(h.members[0].idNumber);
    }
    expect(text).not.toMatch(/城东路|13900000001/);
    // node(id:) of the household and its members, with the partner's key: nothing.
    for (const id of [households[0].id, households[0].members[0].id]) {
      expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { apiKey: union.token })).data.node).toBeNull();
    }
    // Staff of the township see the household behind the need.
    const staff = await gql(t.app, `{ needs(first: 50) { nodes { id household { headName } } } }`, {}, { token: tokenTownship });
    expect(staff.data.needs.nodes.find((n: any) => n.id === needId).household.headName).toBe('欧阳华');
  });
});

describe('who sees which needs (access matrix cells)', () => {
  it('each role sees exactly the needs the matrix gives it', async () => {
    // households[2]: a head able to work, nobody ill, disabled or in school; confirmed.
    const published = await gql(t.app, PUBLISH, { i: { household: households[2].id, kind: 'EMPLOYMENT', uncoveredAmount: 20000, urgency: 'LOW', description: '求职交通补贴' } }, { token: tokenTownship });
    const needId = published.data.publishNeed.need.id;
    const q = `{ needs(first: 100) { nodes { id household { id } } } }`;
    const expectations: Array<[string, { token?: string; apiKey?: string }, 'household' | 'anonymised' | 'none' | 401 | 403]> = [
      ['TOWNSHIP', { token: tokenTownship }, 'household'],
      ['other TOWNSHIP', { token: await townshipToken((await newTownship(t.orm)).code) }, 'none'],
      ['CIVIL_AFFAIRS', { token: civil }, 'household'],
      ['HUMAN_RESOURCES_SOCIAL_SECURITY', { token: await departmentToken('HUMAN_RESOURCES_SOCIAL_SECURITY') }, 'household'],
      ['HOUSING', { token: await departmentToken('HOUSING') }, 'household'],
      ['EDUCATION', { token: await departmentToken('EDUCATION') }, 'none'],
      ['MEDICAL_INSURANCE', { token: await departmentToken('MEDICAL_INSURANCE') }, 'none'],
      ['DISABLED_PERSONS_FEDERATION', { token: await departmentToken('DISABLED_PERSONS_FEDERATION') }, 'none'],
      ['CIVILIZATION_OFFICE', { token: civilization }, 'anonymised'],
      ['PARTNER', { apiKey: union.token }, 'anonymised'],
      ['FINANCE', { token: await departmentToken('FINANCE') }, 403],
      ['ANONYMOUS', {}, 401],
    ];
    for (const [role, as, expected] of expectations) {
      const r = await gql(t.app, q, {}, as);
      if (typeof expected === 'number') {
        expect([role, r.status]).toEqual([role, expected]);
        continue;
      }
      const found = r.data.needs.nodes.find((n: any) => n.id === needId);
      const seen = !found ? 'none' : found.household ? 'household' : 'anonymised';
      expect([role, seen]).toEqual([role, expected]);
    }
  });
});

describe('pairings', () => {
  let pairing: any;

  it('a partner proposes from a need; before approval it sees only the card number', async () => {
    // Other files of the run publish needs and pair the shared partners too: look at this file's own.
    const needs = await gql(t.app, `query($t: ID!) { needs(first: 50, filter: { kind: SCHOOLING, township: $t }) { nodes { id } } }`, { t: township.globalId }, { apiKey: union.token });
    const proposed = await gql(t.app, PROPOSE, { i: { needs: [needs.data.needs.nodes[0].id], note: '工会助学结对' } }, { apiKey: union.token });
    expect(proposed.data.proposePairing.userErrors).toEqual([]);
    pairing = proposed.data.proposePairing.pairing;
    const view = await gql(t.app, PAIRINGS, {}, { apiKey: union.token });
    expect(view.data.pairings.nodes.filter((n: any) => n.id === pairing.id)).toEqual([expect.objectContaining({
      status: 'PROPOSED', households: [{ assistanceCardNumber: 'MX7777777770', headName: null, community: '测试村1', contactPhone: null, household: null }],
    })]);
    // A partner cannot propose for someone else, nor reach households directly.
    const other = await gql(t.app, PROPOSE, { i: { partners: [await partnerId('county-youth-league')], needs: [needs.data.needs.nodes[0].id], note: 'x' } }, { apiKey: union.token });
    expect(other.data.proposePairing.userErrors[0].code).toBe('NOT_YOUR_PAIRING');
    const direct = await gql(t.app, PROPOSE, { i: { households: [households[1].id], note: 'x' } }, { apiKey: union.token });
    expect(direct.data.proposePairing.userErrors[0].code).toBe('NOT_YOUR_PAIRING');
  });

  it('once approved, the partner sees the head\'s name, the community and a contact, nothing more', async () => {
    const approved = await gql(t.app, APPROVE, { i: { pairing: pairing.id, version: pairing.version } }, { token: civilization });
    expect(approved.data.approvePairing.pairing.status).toBe('APPROVED');
    const view = await gql(t.app, PAIRINGS, {}, { apiKey: union.token });
    expect(view.data.pairings.nodes.find((n: any) => n.id === pairing.id).households).toEqual([{ assistanceCardNumber: 'MX7777777770', headName: '欧阳华', community: '测试村1', contactPhone: '13900000001', household: null }]);
    const fields = await gql(t.app, `{ __type(name: "PairedHousehold") { fields { name } } }`);
    expect(fields.data.__type.fields.map((f: any) => f.name).sort()).toEqual(['assistanceCardNumber', 'community', 'contactPhone', 'headName', 'household']);
  });

  it('a partner writes and reads only its own pairings and ledger', async () => {
    const entry = { assistanceCardNumber: 'MX7777777770', kind: 'CASH', givenOn: '2026-01-10', amount: 50000, description: '助学金', externalId: 'GH-1' };
    const ok = await gql(t.app, ASSIST, { i: entry }, { apiKey: union.token });
    expect(ok.data.registerPairingAssistance).toMatchObject({ userErrors: [], duplicate: false, entry: { kind: 'CASH', amount: 50000, origin: 'PARTNER_SYSTEM', externalId: 'GH-1' } });
    // The youth league is not paired with this household: refused, nothing written.
    const notPaired = await gql(t.app, ASSIST, { i: { ...entry, externalId: 'TW-1' } }, { apiKey: youth.token });
    expect(notPaired.data.registerPairingAssistance.userErrors).toEqual([{ field: ['input', 'reference'], code: 'NOT_PAIRED' }]);
    expect((await gql(t.app, PAIRINGS, {}, { apiKey: youth.token })).data.pairings.nodes).toEqual([]);
    expect((await gql(t.app, `query($id: ID!) { node(id: $id) { id } }`, { id: pairing.id }, { apiKey: youth.token })).data.node).toBeNull();
    const unionView = await gql(t.app, PAIRINGS, {}, { apiKey: union.token });
    expect(unionView.data.pairings.nodes.find((n: any) => n.id === pairing.id).ledger).toEqual([{ externalId: 'GH-1', amount: 50000, partnerName: '县总工会' }]);
  });

  it('the same record again is the same answer; the same id with other content is a conflict', async () => {
    const entry = { assistanceCardNumber: 'MX7777777770', kind: 'GOODS', givenOn: '2026-01-12', amount: 30000, description: '冬衣一批', externalId: 'GH-2' };
    const first = await gql(t.app, ASSIST, { i: entry }, { apiKey: union.token });
    const again = await gql(t.app, ASSIST, { i: entry }, { apiKey: union.token });
    expect(again.data.registerPairingAssistance).toMatchObject({ duplicate: true, entry: { id: first.data.registerPairingAssistance.entry.id } });
    const conflict = await gql(t.app, ASSIST, { i: { ...entry, amount: 31000 } }, { apiKey: union.token });
    expect(conflict.data.registerPairingAssistance.userErrors).toEqual([{ field: ['input', 'externalId'], code: 'IDEMPOTENCY_CONFLICT' }]);
    const rows = await t.orm.em.getKnex()('pairing_ledger_entry').where({ external_id: 'GH-2' });
    expect(rows).toHaveLength(1);
  });

  it('totals the ledger in SQL; finance gets aggregates, never per household', async () => {
    const mine = await gql(t.app, LEDGER_TOTALS, {}, { apiKey: union.token });
    // What this file recorded for the union (GH-1 cash, GH-2 goods once, its conflict refused) is
    // exactly what its totals gained, kind by kind; other kinds did not move.
    const before = new Map(unionTotalsBefore.map((x) => [x.key, x]));
    const gained = (mine.data.ledgerTotals as Totals)
      .map((x) => ({ key: x.key, entries: x.entries - (before.get(x.key)?.entries ?? 0), amount: x.amount - (before.get(x.key)?.amount ?? 0) }))
      .filter((x) => x.entries !== 0 || x.amount !== 0);
    expect(gained).toEqual(expect.arrayContaining([{ key: 'CASH', entries: 1, amount: 50000 }, { key: 'GOODS', entries: 1, amount: 30000 }]));
    expect(gained).toHaveLength(2);
    const finance = await departmentToken('FINANCE');
    expect((await gql(t.app, `{ ledgerTotals(by: HOUSEHOLD) { key } }`, {}, { token: finance })).errors![0].extensions!.code).toBe('FORBIDDEN');
    const byPartner = await gql(t.app, `{ ledgerTotals(by: PARTNER) { key entries } }`, {}, { token: finance });
    expect(byPartner.data.ledgerTotals.find((x: any) => x.key === '县总工会').entries).toBeGreaterThanOrEqual(2);
  });

  it('keeps a civilized unit within the quota of its level', async () => {
    const knex = t.orm.em.getKnex();
    const [unit] = await knex('partner_organisation').insert({ code: `civ-${Date.now()}`, name: '县税务局（县级文明单位）', kind: 'CIVILIZED_UNIT', level: 'COUNTY', created_by: 'test', updated_by: 'test' }).returning('id');
    const unitId = Buffer.from(`PartnerOrganisation:${unit.id}`).toString('base64url');
    const propose = async (hs: any[]) => (await gql(t.app, PROPOSE, { i: { partners: [unitId], households: hs.map((h) => h.id), note: '文明单位结对' } }, { token: civilization })).data.proposePairing.pairing;
    // County level: 2 households (a policy parameter).
    const three = await propose(households.slice(1, 4));
    const refused = await gql(t.app, APPROVE, { i: { pairing: three.id, version: three.version } }, { token: civilization });
    expect(refused.data.approvePairing.userErrors[0].code).toBe('QUOTA_EXCEEDED');
    const two = await propose(households.slice(1, 3));
    expect((await gql(t.app, APPROVE, { i: { pairing: two.id, version: two.version } }, { token: civil })).data.approvePairing.pairing.status).toBe('APPROVED');
    const one = await propose(households.slice(3, 4));
    expect((await gql(t.app, APPROVE, { i: { pairing: one.id, version: one.version } }, { token: civilization })).data.approvePairing.userErrors[0].code).toBe('QUOTA_EXCEEDED');
  });
});

describe('partner keys: audit and rate limits', () => {
  it('audits every partner call, reads included', async () => {
    const key = await partnerApiKey(t.orm, 'county-charity');
    await gql(t.app, `{ needs(first: 1) { totalCount } }`, {}, { apiKey: key.token });
    const rows = await t.orm.em.getKnex()('audit_event').where({ action: 'PARTNER_CALL' }).where('actor', 'like', `%${key.keyId}`);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'SUCCESS', detail: { operations: ['Query.needs'] } })]);
  });

  it('answers 429 with Retry-After once a key passes its limit, counted in the database', async () => {
    const limited = await startApp({ PARTNER_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const key = await partnerApiKey(limited.orm, 'county-water');
      let refused: Awaited<ReturnType<typeof gql>> | null = null;
      // A minute boundary may reset the window once; 8 requests pass the limit of 3 either way.
      for (let i = 0; i < 8 && !refused; i++) {
        const r = await gql(limited.app, `{ viewer { kind } }`, {}, { apiKey: key.token });
        if (r.status === 429) refused = r;
      }
      expect(refused).not.toBeNull();
      expect(refused!.errors![0].extensions!.code).toBe('RATE_LIMITED');
      const other = await partnerApiKey(limited.orm, 'county-cable');
      expect((await gql(limited.app, `{ viewer { kind } }`, {}, { apiKey: other.token })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('need notifications', () => {
  it('a subscribed partner receives new needs of its kinds, signed, through the outbox', async () => {
    // The receiver is on loopback: subscribing and delivering need the development switch,
    // explicitly (off by default; src/webhooks/webhook-target.ts).
    const dev = await startApp({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/needs`;
      const SUBSCRIBE = `mutation($i: SubscribeToNeedsInput!) { subscribeToNeeds(input: $i) { subscriptionId signingSecret userErrors { code } } }`;
      // Without the switch the same URL is refused (SSRF guard).
      expect((await gql(t.app, SUBSCRIBE, { i: { url, needKinds: ['MEDICAL'] } }, { apiKey: youth.token })).data.subscribeToNeeds.userErrors).toEqual([{ code: 'WEBHOOK_URL_NOT_ALLOWED' }]);
      const sub = await gql(dev.app, SUBSCRIBE, { i: { url, needKinds: ['MEDICAL'] } }, { apiKey: youth.token });
      expect(sub.data.subscribeToNeeds.userErrors).toEqual([]);
      await gql(t.app, PUBLISH, { i: { household: households[1].id, kind: 'MEDICAL', uncoveredAmount: 80000, urgency: 'MEDIUM', description: '住院自付部分缺口' } }, { token: tokenTownship });
      await gql(t.app, PUBLISH, { i: { household: households[1].id, kind: 'HOUSING', uncoveredAmount: 10000, urgency: 'LOW', description: '房屋修缮' } }, { token: tokenTownship });
      // Other files of the run share the outbox: drain it (a batch is 20 messages) until nothing
      // more is due, so this file's message is delivered whatever ran before.
      const worker = new OutboxWorker(t.orm, { allowLoopback: true });
      for (let i = 0; i < 50; i++) {
        const run = await worker.runOnce();
        if (run.delivered + run.failed + run.retried === 0) break;
      }
      const mine = received.filter((r) => JSON.parse(r.body).data?.kind);
      expect(mine.map((r) => JSON.parse(r.body).data.kind)).toEqual(['MEDICAL']);
      const { headers, body } = mine[0];
      // Standard Webhooks: signed with the subscription's own secret, shown once at subscribing
      // (src/webhooks/secrets.ts); the package verifies id, timestamp and signature over the body.
      const webhookHeaders = { 'webhook-id': String(headers['webhook-id']), 'webhook-timestamp': String(headers['webhook-timestamp']), 'webhook-signature': String(headers['webhook-signature']) };
      expect(new Webhook(sub.data.subscribeToNeeds.signingSecret).verify(body, webhookHeaders)).toMatchObject({ data: { kind: 'MEDICAL' } });
      // Under another secret (one made from the partner's API key, as the old signature was) it does not verify.
      expect(() => new Webhook(Buffer.from(youth.token).toString('base64')).verify(body, webhookHeaders)).toThrow();
      expect(body).not.toContain('司马青');
    } finally {
      server.close();
      await dev.close();
    }
  });
});

describe('partner organisations and key scopes', () => {
  const REGISTER_PARTNER = `mutation($i: RegisterPartnerOrganisationInput!) { registerPartnerOrganisation(input: $i) { partner { id code kind level } userErrors { field code } } }`;

  it('civil affairs or the civilization office registers partners; a civilized unit needs its level', async () => {
    const code = `unit-${Date.now()}`;
    const ok = await gql(t.app, REGISTER_PARTNER, { i: { code, name: '县人民医院', kind: 'CIVILIZED_UNIT', level: 'CITY' } }, { token: civilization });
    expect(ok.data.registerPartnerOrganisation).toMatchObject({ userErrors: [], partner: { code, kind: 'CIVILIZED_UNIT', level: 'CITY' } });
    const noLevel = await gql(t.app, REGISTER_PARTNER, { i: { code: `${code}-b`, name: '某单位', kind: 'CIVILIZED_UNIT' } }, { token: civil });
    expect(noLevel.data.registerPartnerOrganisation.userErrors).toEqual([{ field: ['input', 'level'], code: 'REQUIRED' }]);
    const again = await gql(t.app, REGISTER_PARTNER, { i: { code, name: '重复', kind: 'ENTERPRISE' } }, { token: civil });
    expect(again.data.registerPartnerOrganisation.userErrors).toEqual([{ field: ['input', 'code'], code: 'DUPLICATE_CODE' }]);
    expect((await gql(t.app, REGISTER_PARTNER, { i: { code: `${code}-c`, name: 'x', kind: 'CHARITY' } }, { token: tokenTownship })).status).toBe(403);
  });

  it('a key does only what its scopes allow, through GraphQL and the webhook', async () => {
    const CREATE = `mutation($i: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $i) { secret apiKey { scopes } userErrors { code } } }`;
    const created = await gql(t.app, CREATE, { i: { partner: await partnerId('county-power-supply'), label: '电费减免文件上传', scopes: ['LEDGER_WRITE'] } }, { token: civil });
    expect(created.data.createPartnerApiKey.apiKey.scopes).toEqual(['LEDGER_WRITE']);
    const uploadOnly = created.data.createPartnerApiKey.secret;
    const needs = await gql(t.app, `{ needs(first: 1) { totalCount } }`, {}, { apiKey: uploadOnly });
    expect(needs.status).toBe(403);
    const upload = await gql(t.app, `mutation { importPartnerRecords(input: { format: "power", content: "户号,账期,减免金额,备注" }) { result { accepted } } }`, {}, { apiKey: uploadOnly });
    expect(upload.data.importPartnerRecords.result.accepted).toBe(0);
    const readOnly = (await gql(t.app, CREATE, { i: { partner: await partnerId('county-power-supply'), label: '只读', scopes: ['NEEDS_READ'] } }, { token: civil })).data.createPartnerApiKey.secret as string;
    const [keyId, secret] = readOnly.split('.');
    const body = '户号,账期,减免金额,备注\n';
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await request(t.app).post('/integrations/power').set('x-key-id', keyId).set('x-timestamp', String(timestamp))
      .set('x-signature', `sha256=${sign(signingKeyFromSecret(secret), timestamp, body)}`).set('content-type', 'text/csv').send(body);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

