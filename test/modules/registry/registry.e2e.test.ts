import { gql, startApp, TestApp, townshipToken, departmentToken, idNumber } from '../../support/app';
import { householdInput, member, newTownship, REGISTER, registerHousehold, TestTownship } from '../../support/fixtures';
import { dbId } from '../../support/ids';
import { checkCharacter } from '../../../src/modules/registry/registry.id-number';

let t: TestApp;
let township: TestTownship;
let token: string;

beforeAll(async () => {
  t = await startApp();
  township = await newTownship(t.orm);
  token = await townshipToken(township.code);
});
afterAll(() => t.close());

const fixCheck = (first17: string) => first17 + checkCharacter(first17);

async function counts() {
  const knex = t.orm.em.getKnex();
  const h = await knex('household').where('township_id', township.id).count({ n: '*' }).first();
  const p = await knex('person as p').join('household as h', 'h.id', 'p.household_id').where('h.township_id', township.id).count({ n: '*' }).first();
  return { households: Number(h!.n), persons: Number(p!.n) };
}

describe('registerHousehold (R1, R19)', () => {
  it('files a household with its members and computes per-capita figures', async () => {
    const input = householdInput(township, [
      member({ name: '林大山', idNumber: idNumber('1975-03-02', 'MALE'), monthlyIncome: { wages: 150000, transfers: 10000 } }),
      member({ name: '陈小花', idNumber: idNumber('1978-07-09', 'FEMALE'), relationToHead: 'SPOUSE', illness: 'SERIOUS', illnessNote: '尿毒症', monthlyIncome: {} }),
      member({ name: '林小明', idNumber: idNumber('2009-01-20', 'MALE'), relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'SENIOR_HIGH', monthlyIncome: null }),
    ], { housingArea: 40, assets: { deposits: 300000, vehicles: 0 } });
    const h = await registerHousehold(t.app, token, input);
    expect(h).toMatchObject({
      headName: '林大山', memberCount: 3, status: 'REGISTERED', housingArea: 40, perCapitaHousingArea: 13.33,
      monthlyIncomeTotal: 160000, perCapitaMonthlyIncome: 53333, version: 1,
      assets: { deposits: 300000, securities: 0, vehicles: 0, otherProperties: 0 },
      township: { code: township.code },
    });
    const spouse = h.members.find((m: any) => m.name === '陈小花');
    expect(spouse).toMatchObject({ sex: 'FEMALE', birthDate: '1978-07-09', illness: 'SERIOUS', relationToHead: 'SPOUSE' });
    expect(spouse.idNumber).toHaveLength(18);
  });

  it.each([
    ['a wrong check digit', (m: any) => ({ ...m, idNumber: m.idNumber.slice(0, 17) + (m.idNumber[17] === '0' ? '1' : '0') }), 'ID_NUMBER_CHECK_DIGIT', ['input', 'members', '0', 'idNumber']],
    ['an impossible birth date', (m: any) => ({ ...m, idNumber: fixCheck(m.idNumber.slice(0, 6) + '19790230' + m.idNumber.slice(14, 17)) }), 'ID_NUMBER_BIRTH_DATE', ['input', 'members', '0', 'idNumber']],
    ['a birth date in the future', (m: any) => ({ ...m, idNumber: fixCheck(m.idNumber.slice(0, 6) + '20991231' + m.idNumber.slice(14, 17)) }), 'ID_NUMBER_BIRTH_DATE', ['input', 'members', '0', 'idNumber']],
    ['a malformed id number', (m: any) => ({ ...m, idNumber: '12345' }), 'ID_NUMBER_FORMAT', ['input', 'members', '0', 'idNumber']],
    ['a negative income', (m: any) => ({ ...m, monthlyIncome: { wages: -1 } }), 'AMOUNT_NEGATIVE', ['input', 'members', '0', 'monthlyIncome', 'wages']],
    ['an absurd income', (m: any) => ({ ...m, monthlyIncome: { business: 900_000_000 } }), 'AMOUNT_TOO_LARGE', ['input', 'members', '0', 'monthlyIncome', 'business']],
    ['an oversized name', (m: any) => ({ ...m, name: '林'.repeat(51) }), 'STRING_TOO_LONG', ['input', 'members', '0', 'name']],
    ['an empty name', (m: any) => ({ ...m, name: '  ' }), 'REQUIRED', ['input', 'members', '0', 'name']],
    ['a disability grade of 5', (m: any) => ({ ...m, disability: { category: 'PHYSICAL', grade: 5 } }), 'DISABILITY_GRADE_MISMATCH', ['input', 'members', '0', 'disability', 'grade']],
  ])('rejects %s with a coded userError and writes nothing', async (_label, mutate, code, field) => {
    const before = await counts();
    const r = await gql(t.app, REGISTER, { input: householdInput(township, [mutate(member())]) }, { token });
    expect(r.status).toBe(200);
    expect(r.data.registerHousehold.household).toBeNull();
    expect(r.data.registerHousehold.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    expect(await counts()).toEqual(before);
  });

  it('rejects two heads, no head, no members, an unknown township, a community of another township, a bad phone, a negative area', async () => {
    const other = await newTownship(t.orm);
    const cases: Array<[Record<string, unknown>, string]> = [
      [householdInput(township, [member(), member()]), 'MULTIPLE_HEADS'],
      [householdInput(township, [member({ relationToHead: 'SPOUSE' })]), 'HEAD_MISSING'],
      [householdInput(township, []), 'HOUSEHOLD_NEEDS_MEMBERS'],
      [{ ...householdInput(township), township: 'nonsense' }, 'UNKNOWN_TOWNSHIP'],
      [{ ...householdInput(township), community: other.communities[0].globalId }, 'COMMUNITY_NOT_IN_TOWNSHIP'],
      [{ ...householdInput(township), contactPhone: 'call me' }, 'INVALID_FORMAT'],
      [{ ...householdInput(township), housingArea: -3 }, 'OUT_OF_RANGE'],
    ];
    const before = await counts();
    for (const [input, code] of cases) {
      const r = await gql(t.app, REGISTER, { input }, { token });
      expect(r.data.registerHousehold.userErrors.map((e: any) => e.code)).toContain(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a township registering in another township', async () => {
    const other = await newTownship(t.orm);
    const r = await gql(t.app, REGISTER, { input: householdInput(other) }, { token });
    expect(r.data.registerHousehold.userErrors).toEqual([expect.objectContaining({ code: 'TOWNSHIP_NOT_YOURS', field: ['input', 'township'] })]);
  });

  it('refuses an id number already registered, and the same one twice in one input', async () => {
    const id = idNumber('1966-06-06', 'FEMALE');
    await registerHousehold(t.app, token, householdInput(township, [member({ idNumber: id })]));
    const again = await gql(t.app, REGISTER, { input: householdInput(township, [member({ idNumber: id })]) }, { token });
    expect(again.data.registerHousehold.userErrors).toEqual([expect.objectContaining({ code: 'ID_NUMBER_ALREADY_REGISTERED', field: ['input', 'members', '0', 'idNumber'] })]);
    const twice = idNumber();
    const dup = await gql(t.app, REGISTER, { input: householdInput(township, [member({ idNumber: twice }), member({ idNumber: twice, relationToHead: 'CHILD' })]) }, { token });
    expect(dup.data.registerHousehold.userErrors.map((e: any) => e.code)).toContain('ID_NUMBER_DUPLICATED_IN_INPUT');
  });

  it('speaks Chinese by default and English when asked, with the same code', async () => {
    const input = householdInput(township, [member({ name: '' })]);
    const zh = await gql(t.app, REGISTER, { input }, { token });
    const en = await gql(t.app, REGISTER, { input }, { token, lang: 'en-GB,en;q=0.9' });
    expect(zh.data.registerHousehold.userErrors[0]).toMatchObject({ code: 'REQUIRED', message: '此项为必填项' });
    expect(en.data.registerHousehold.userErrors[0]).toMatchObject({ code: 'REQUIRED', message: 'This field is required' });
  });

  it('answers a fractional amount with a spec-conformant variable error, not a 500', async () => {
    const input = { input: householdInput(township, [member({ monthlyIncome: { wages: 12.5 } })]) };
    const r = await gql(t.app, REGISTER, input, { token, accept: 'application/graphql-response+json' });
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    // A legacy application/json client gets the same error with 200 (GraphQL over HTTP).
    const legacy = await gql(t.app, REGISTER, input, { token });
    expect([legacy.status, legacy.errors![0].extensions!.code, legacy.data]).toEqual([200, 'BAD_USER_INPUT', undefined]);
  });
});

describe('changing a household and its members', () => {
  const UPDATE = `mutation($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { id version address housingArea perCapitaHousingArea community { name } } userErrors { field code message } } }`;
  const ADD = `mutation($input: AddHouseholdMemberInput!) { addHouseholdMember(input: $input) { household { version memberCount monthlyIncomeTotal } member { id name relationToHead version } userErrors { field code } } }`;
  const UPDATE_MEMBER = `mutation($input: UpdateHouseholdMemberInput!) { updateHouseholdMember(input: $input) { member { id version illness disability { category grade } monthlyIncome { total } } household { monthlyIncomeTotal version } userErrors { field code } } }`;
  const REMOVE = `mutation($input: RemoveHouseholdMemberInput!) { removeHouseholdMember(input: $input) { removedMemberId household { memberCount monthlyIncomeTotal members { id } } userErrors { field code } } }`;
  const HEAD = `mutation($input: ChangeHouseholdHeadInput!) { changeHouseholdHead(input: $input) { household { headName version members { name relationToHead } } userErrors { field code } } }`;

  it('updates with the version read, and refuses a stale version without writing', async () => {
    const h = await registerHousehold(t.app, token, householdInput(township));
    const ok = await gql(t.app, UPDATE, { input: { household: h.id, version: 1, address: '新地址8号', housingArea: 26, community: township.communities[1].globalId } }, { token });
    expect(ok.data.updateHousehold).toMatchObject({ userErrors: [], household: { version: 2, address: '新地址8号', housingArea: 26, perCapitaHousingArea: 26, community: { name: '测试村2' } } });
    const stale = await gql(t.app, UPDATE, { input: { household: h.id, version: 1, address: '旧的' } }, { token });
    expect(stale.data.updateHousehold.userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION', field: ['input', 'version'] })]);
    const row = await t.orm.em.getKnex()('household').where('id', dbId(h.id)).first();
    expect(row.address).toBe('新地址8号');
  });

  it('adds, changes and removes members, keeping totals computed and the removed record', async () => {
    const h = await registerHousehold(t.app, token, householdInput(township, [member({ monthlyIncome: { wages: 100000 } })]));
    const added = await gql(t.app, ADD, { input: { household: h.id, version: 1, member: member({ name: '林二', relationToHead: 'CHILD', monthlyIncome: { other: 20000 } }) } }, { token });
    expect(added.data.addHouseholdMember).toMatchObject({ userErrors: [], household: { memberCount: 2, monthlyIncomeTotal: 120000, version: 2 }, member: { name: '林二', relationToHead: 'CHILD' } });
    const child = added.data.addHouseholdMember.member;

    const headAgain = await gql(t.app, ADD, { input: { household: h.id, version: 2, member: member() } }, { token });
    expect(headAgain.data.addHouseholdMember.userErrors[0].code).toBe('MULTIPLE_HEADS');

    const changed = await gql(t.app, UPDATE_MEMBER, { input: { person: child.id, version: child.version, illness: 'CHRONIC', disability: { category: 'HEARING', grade: 3 }, monthlyIncome: { other: 5000 } } }, { token });
    expect(changed.data.updateHouseholdMember).toMatchObject({ userErrors: [], member: { illness: 'CHRONIC', disability: { category: 'HEARING', grade: 3 }, monthlyIncome: { total: 5000 } }, household: { monthlyIncomeTotal: 105000 } });

    const headRemoval = await gql(t.app, REMOVE, { input: { person: h.members[0].id, version: h.members[0].version, reason: '迁出' } }, { token });
    expect(headRemoval.data.removeHouseholdMember.userErrors[0].code).toBe('HEAD_CANNOT_BE_REMOVED');

    const m = changed.data.updateHouseholdMember.member;
    const removed = await gql(t.app, REMOVE, { input: { person: m.id, version: m.version, reason: '迁出' } }, { token });
    expect(removed.data.removeHouseholdMember).toMatchObject({ userErrors: [], removedMemberId: m.id, household: { memberCount: 1, monthlyIncomeTotal: 100000 } });
    expect(removed.data.removeHouseholdMember.household.members.map((x: any) => x.id)).not.toContain(m.id);
    const kept = await t.orm.em.getKnex()('person').where('id', dbId(m.id)).first();
    expect(kept).toMatchObject({ removal_reason: '迁出' });
    expect(kept.removed_at).not.toBeNull();
  });

  it('changes the head in one step', async () => {
    const h = await registerHousehold(t.app, token, householdInput(township, [member({ name: '老户主' }), member({ name: '新户主', relationToHead: 'CHILD' })]));
    const next = h.members.find((x: any) => x.name === '新户主');
    const r = await gql(t.app, HEAD, { input: { household: h.id, version: h.version, newHead: next.id, formerHeadRelation: 'PARENT' } }, { token });
    expect(r.data.changeHouseholdHead.userErrors).toEqual([]);
    expect(r.data.changeHouseholdHead.household.headName).toBe('新户主');
    expect(r.data.changeHouseholdHead.household.members).toEqual(expect.arrayContaining([{ name: '老户主', relationToHead: 'PARENT' }, { name: '新户主', relationToHead: 'HEAD' }]));
  });

  it('lets civil affairs correct any township\'s household', async () => {
    const h = await registerHousehold(t.app, token, householdInput(township));
    const r = await gql(t.app, UPDATE, { input: { household: h.id, version: 1, address: '民政更正' } }, { token: await departmentToken('CIVIL_AFFAIRS') });
    expect(r.data.updateHousehold).toMatchObject({ userErrors: [], household: { address: '民政更正' } });
  });
});

describe('a member read through its household and on its own (issue 10: two mappings of one person)', () => {
  const MEMBER_FIELDS = `id name sex birthDate relationToHead workCapacity employmentStatus disability { category grade } illness illnessNote
    schoolingStage monthlyIncome { wages business property transfers other total } hasLivelihoodSource legalSupporter parentalStatus
    version createdAt createdBy updatedAt updatedBy`;
  const THROUGH_HOUSEHOLD = `query($id: ID!) { node(id: $id) { ... on Household { members { ${MEMBER_FIELDS} } } } }`;
  const ON_ITS_OWN = `query($id: ID!) { node(id: $id) { ... on Person { ${MEMBER_FIELDS} } } }`;

  it('gives the same fields either way, and the instants the database recorded', async () => {
    const h = await registerHousehold(t.app, token, householdInput(township, [
      member({ name: '林大山', monthlyIncome: { wages: 150000, business: 1, property: 2, transfers: 3, other: 4 } }),
      member({ name: '林小河', relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'JUNIOR_HIGH',
        illness: 'CHRONIC', illnessNote: '哮喘', disability: { category: 'HEARING', grade: 3 }, monthlyIncome: null }),
    ]));
    const knex = t.orm.em.getKnex();
    // Distinct instants with microseconds, so a swapped or truncated field shows.
    await knex('person').where('household_id', dbId(h.id)).update({ updated_at: knex.raw(`created_at + interval '1 hour 0.123456 second'`) });
    const civil = await departmentToken('CIVIL_AFFAIRS');
    const listed = await gql(t.app, THROUGH_HOUSEHOLD, { id: h.id }, { token: civil });
    expect(listed.errors).toBeUndefined();
    const members = listed.data.node.members;
    expect(members).toHaveLength(2);
    for (const m of members) {
      const alone = await gql(t.app, ON_ITS_OWN, { id: m.id }, { token: civil });
      expect(alone.errors).toBeUndefined();
      expect(alone.data.node).toEqual(m);
      const row = await knex('person').where('id', dbId(m.id)).first();
      expect(m.createdAt).toBe(new Date(row.created_at).toISOString());
      expect(m.updatedAt).toBe(new Date(row.updated_at).toISOString());
      expect(Date.parse(m.updatedAt) - Date.parse(m.createdAt)).toBe(3_600_123);
    }
    const child = members.find((m: any) => m.name === '林小河');
    expect(child).toMatchObject({ disability: { category: 'HEARING', grade: 3 }, illness: 'CHRONIC', illnessNote: '哮喘', schoolingStage: 'JUNIOR_HIGH',
      monthlyIncome: { wages: 0, business: 0, property: 0, transfers: 0, other: 0, total: 0 } });
    expect(members.find((m: any) => m.name === '林大山').monthlyIncome).toEqual({ wages: 150000, business: 1, property: 2, transfers: 3, other: 4, total: 150010 });
  });
});

describe('householdStatistics (aggregates only)', () => {
  it('counts households, persons, categories and causes in SQL, for one township', async () => {
    const tw = await newTownship(t.orm);
    const tk = await townshipToken(tw.code);
    const { confirm } = await import('../../support/fixtures');
    const a = await registerHousehold(t.app, tk, householdInput(tw, [member(), member({ relationToHead: 'CHILD' })]));
    const b = await registerHousehold(t.app, tk, householdInput(tw, [member()]));
    await registerHousehold(t.app, tk, householdInput(tw, [member(), member({ relationToHead: 'SPOUSE' }), member({ relationToHead: 'CHILD' })]));
    await confirm(t.orm, a.id, ['MINIMUM_LIVING_ALLOWANCE', 'EXPENDITURE_LOW_INCOME'], ['ILLNESS', 'SCHOOLING']);
    await confirm(t.orm, b.id, ['MINIMUM_LIVING_ALLOWANCE'], ['ILLNESS']);
    const q = `query($t: ID) { householdStatistics(township: $t) { byTownship { township { code } status households persons }
      byCategory { category households } byCause { cause households } } }`;
    const r = await gql(t.app, q, { t: tw.globalId }, { token: await departmentToken('LEADING_GROUP') });
    expect(r.data.householdStatistics).toEqual({
      byTownship: [
        { township: { code: tw.code }, status: 'IN_HARDSHIP', households: 2, persons: 3 },
        { township: { code: tw.code }, status: 'REGISTERED', households: 1, persons: 3 },
      ],
      byCategory: [{ category: 'EXPENDITURE_LOW_INCOME', households: 1 }, { category: 'MINIMUM_LIVING_ALLOWANCE', households: 2 }],
      byCause: [{ cause: 'ILLNESS', households: 2 }, { cause: 'SCHOOLING', households: 1 }],
    });
  });
});

describe('text lengths count characters', () => {
  it('accepts a 50-character name of rare CJK characters (two UTF-16 units each) and refuses 51', async () => {
    const tw = await newTownship(t.orm);
    const tk = await townshipToken(tw.code);
    const rare = '𠮷'; // CJK Extension B: one character, two UTF-16 units
    const ok = await gql(t.app, REGISTER, { input: householdInput(tw, [member({ name: rare.repeat(50) })]) }, { token: tk });
    expect(ok.data.registerHousehold.userErrors).toEqual([]);
    expect(ok.data.registerHousehold.household.headName).toBe(rare.repeat(50));
    const tooLong = await gql(t.app, REGISTER, { input: householdInput(tw, [member({ name: rare.repeat(51) })]) }, { token: tk });
    expect(tooLong.data.registerHousehold.userErrors[0].code).toBe('STRING_TOO_LONG');
  });
});
