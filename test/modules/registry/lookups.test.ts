/**
 * Lookups by the identifiers people have (issue 14 item 2): codes, card numbers, id numbers, under
 * the same row rules as every other path. Denied cases: another township's card number answers
 * exactly what a card number that does not exist answers; id-number lookups need the
 * personal-data right and are audited as unmasked reads.
 */
import { departmentToken, gql, partnerApiKey, startApp, TestApp, townshipToken } from '../../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';

let t: TestApp;
let own: TestTownship;
let other: TestTownship;
let ownToken: string;
let otherToken: string;
let household: { id: string; members: Array<{ id: string; idNumber: string }> };
let card: string;

const CARD = `query($card: String!) { household(cardNumber: $card) { id headName assistanceCardNumber } }`;
const BY_ID = `query($id: String!) { household(idNumber: $id) { id } person(idNumber: $id) { id name } }`;

function freshCard(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return 'MX' + Array.from({ length: 10 }, () => alphabet[Math.floor(Math.random() * 32)]).join('');
}

beforeAll(async () => {
  t = await startApp();
  own = await newTownship(t.orm);
  other = await newTownship(t.orm);
  ownToken = await townshipToken(own.code, 'lookup');
  otherToken = await townshipToken(other.code, 'lookup');
  household = await registerHousehold(t.app, ownToken, householdInput(own, [member({ name: '查询户主' }), member({ relationToHead: 'SPOUSE' })]));
  await confirm(t.orm, household.id);
  card = freshCard();
  await t.orm.em.getKnex()('household').update({ assistance_card_number: card }).where('id', dbId(household.id));
});
afterAll(() => t.close());

describe('township(code:) and community(code:)', () => {
  it('finds them by code for anyone; an unknown code is null; an empty one a coded error', async () => {
    const r = await gql(t.app, `query($t: String!, $c: String!) { township(code: $t) { id code } community(code: $c) { id township { code } } }`, { t: own.code, c: `${own.code}1` });
    expect(r.errors).toBeUndefined();
    expect(r.data.township).toEqual({ id: own.globalId, code: own.code });
    expect(r.data.community).toEqual({ id: own.communities[0].globalId, township: { code: own.code } });
    const none = await gql(t.app, `{ township(code: "999") { id } community(code: "999") { id } }`);
    expect(none.data).toEqual({ township: null, community: null });
    const empty = await gql(t.app, `{ township(code: " ") { id } }`);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('household(cardNumber:)', () => {
  it('finds the own township\'s household, in any letter case', async () => {
    const r = await gql(t.app, CARD, { card: card.toLowerCase() }, { token: ownToken });
    expect(r.errors).toBeUndefined();
    expect(r.data.household).toEqual({ id: household.id, headName: '查询户主', assistanceCardNumber: card });
  });

  it('another township gets exactly the answer of a card number that does not exist', async () => {
    const foreign = await gql(t.app, CARD, { card }, { token: otherToken });
    const missing = await gql(t.app, CARD, { card: freshCard() }, { token: otherToken });
    expect(foreign.status).toBe(200);
    expect(foreign.body).toEqual({ data: { household: null } });
    expect(missing.body).toEqual(foreign.body);
  });

  it('a department sees it only under its row rules; partners, finance and anonymous callers are refused', async () => {
    // Housing reads every confirmed household (its heads): found; education only households with a schoolchild: none here.
    expect((await gql(t.app, CARD, { card }, { token: await departmentToken('HOUSING') })).data.household?.id).toBe(household.id);
    expect((await gql(t.app, CARD, { card }, { token: await departmentToken('EDUCATION') })).body).toEqual({ data: { household: null } });
    const partner = await gql(t.app, CARD, { card }, { apiKey: (await partnerApiKey(t.orm)).token });
    expect(partner.status).toBe(403);
    expect(partner.data?.household).toBeUndefined();
    expect((await gql(t.app, CARD, { card }, { token: await departmentToken('FINANCE') })).status).toBe(403);
    expect((await gql(t.app, CARD, { card })).status).toBe(401);
  });

  it('a malformed number, or both identifiers, or neither, is a coded error', async () => {
    for (const q of [
      [CARD, { card: 'MX12' }],
      [`{ household { id } }`, {}],
      [`{ household(cardNumber: "${card}", idNumber: "${household.members[0].idNumber}") { id } }`, {}],
    ] as const) {
      const r = await gql(t.app, q[0], q[1], { token: ownToken });
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.data?.household ?? null).toBeNull();
    }
  });
});

describe('household(idNumber:) and person(idNumber:)', () => {
  const lookups = () => t.orm.em.getKnex()('audit_event').where({ action: 'LOOKUP_BY_ID_NUMBER', actor: `township:${own.code}:lookup` });

  it('finds them for the own township and audits the lookup as an unmasked read of the person', async () => {
    const before = (await lookups()).length;
    const spouse = household.members[1];
    const r = await gql(t.app, BY_ID, { id: spouse.idNumber.toLowerCase() }, { token: ownToken });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ household: { id: household.id }, person: { id: spouse.id, name: expect.any(String) } });
    const rows = (await lookups()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: 'Person', outcome: 'SUCCESS', actor_role: 'TOWNSHIP' });
    expect([...rows[0].record_ids]).toEqual([dbId(spouse.id)]);
  });

  it('another township finds nothing, as for a number nobody has, and nothing is audited', async () => {
    const before = (await t.orm.em.getKnex()('audit_event').where({ action: 'LOOKUP_BY_ID_NUMBER', actor: `township:${other.code}:lookup` })).length;
    const foreign = await gql(t.app, BY_ID, { id: household.members[0].idNumber }, { token: otherToken });
    expect(foreign.body).toEqual({ data: { household: null, person: null } });
    const after = (await t.orm.em.getKnex()('audit_event').where({ action: 'LOOKUP_BY_ID_NUMBER', actor: `township:${other.code}:lookup` })).length;
    expect(after).toBe(before);
  });

  it('roles without the personal-data right are refused (person: by the operation guard; household: by the argument)', async () => {
    const housing = await departmentToken('HOUSING');
    const p = await gql(t.app, `query($id: String!) { person(idNumber: $id) { id } }`, { id: household.members[0].idNumber }, { token: housing });
    expect(p.status).toBe(403);
    const h = await gql(t.app, `query($id: String!) { household(idNumber: $id) { id } }`, { id: household.members[0].idNumber }, { token: housing });
    expect(h.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(h.data?.household ?? null).toBeNull();
  });

  it('a number that fails its check character is a coded error', async () => {
    const bad = household.members[0].idNumber.slice(0, 17) + (household.members[0].idNumber.endsWith('1') ? '2' : '1');
    const r = await gql(t.app, `query($id: String!) { person(idNumber: $id) { id } }`, { id: bad }, { token: ownToken });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('registerHousehold takes codes where a person types them', () => {
  it('accepts the township and community codes; an unknown code is UNKNOWN_TOWNSHIP', async () => {
    const input = { ...householdInput(own), township: own.code, community: `${own.code}2` };
    const h = await registerHousehold(t.app, ownToken, input);
    const r = await gql(t.app, `query($id: ID!) { node(id: $id) { ... on Household { township { code } community { id } } } }`, { id: h.id }, { token: ownToken });
    expect(r.data.node).toEqual({ township: { code: own.code }, community: { id: own.communities[1].globalId } });
    const unknown = await gql(t.app, `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { household { id } userErrors { field code } } }`,
      { input: { ...householdInput(own), township: '000000000', community: `${own.code}1` } }, { token: ownToken });
    expect(unknown.data.registerHousehold).toEqual({ household: null, userErrors: [expect.objectContaining({ code: 'UNKNOWN_TOWNSHIP' })] });
  });
});
