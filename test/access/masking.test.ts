/**
 * Masking (MASKING in src/access/matrix.ts): no field set a role may read rebuilds a national id
 * number it may not read. For every role without ID_NUMBER that sees people, and every person it
 * sees (children and an infant included), the test reads every field the schema offers on the
 * paths to that person (persons, households with members and plans, plan items with their bases),
 * then counts the id numbers consistent with what came back: region and any other digits the mask
 * shows, birth dates consistent with a visible birth date or age, sequence numbers consistent with
 * the visible sex, and the GB 11643 check character where it is shown. The count must be large;
 * with the old visible set (`350421********0005` beside the birth date) it was 1.
 */
import { getNamedType, GraphQLObjectType, GraphQLSchema, isLeafType, isNonNullType, isObjectType, GraphQLOutputType } from 'graphql';
import { FIELDS, maySee, REGISTRY_ROWS } from '../../src/access/matrix';
import { Role, ROLES } from '../../src/shared/principal';
import { createSchema } from '../../src/graphql/schema';
import { countyToday } from '../../src/graphql/scalars';
import { replan } from '../../src/modules/measures/measures.service';
import { checkCharacter } from '../../src/modules/registry/registry.id-number';
import { ageInWholeYears } from '../../src/policy/ages';
import { Caller, callersByRole, gql, GqlResult, idNumber, startApp, TestApp, townshipToken } from '../support/app';
import { confirm, householdInput, member, newTownship, registerHousehold, TestTownship } from '../support/fixtures';
import { dbId } from '../support/ids';

let t: TestApp;
let township: TestTownship;
let callers: Record<Role, Caller>;
let schema: GraphQLSchema;
const today = () => countyToday(new Date());
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
/** Person global id → the truth (as the township reads it). */
const truth = new Map<string, { name: string; idNumber: string; birthDate: string; sex: 'MALE' | 'FEMALE' }>();

/** Roles without the personal-data right that see people (the departments of REGISTRY_ROWS). */
const WITHOUT_RIGHT = ROLES.filter((r) => REGISTRY_ROWS[r].base !== 'NONE' && !maySee(r, 'ID_NUMBER'));

/** Every field of a type the schema offers without required arguments, `depth` objects deep. */
function selection(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const f of Object.values(type.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(f.type as GraphQLOutputType);
    if (isLeafType(named)) parts.push(f.name);
    else if (isObjectType(named) && depth > 0) parts.push(`${f.name} { ${selection(named, depth - 1)} }`);
  }
  return parts.join(' ');
}
const type = (name: string) => schema.getType(name) as GraphQLObjectType;

beforeAll(async () => {
  t = await startApp();
  schema = await createSchema();
  township = await newTownship(t.orm);
  callers = await callersByRole(t.orm, township.code);
  const token = await townshipToken(township.code);
  const person = (name: string, birthDate: string, sex: 'MALE' | 'FEMALE', extra: Record<string, unknown>) =>
    member({ name, idNumber: idNumber(birthDate, sex), ...extra });
  const child = { relationToHead: 'CHILD', workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', monthlyIncome: null };
  const households = [
    await registerHousehold(t.app, token, householdInput(township, [
      person('欧阳父', '1980-05-17', 'MALE', { workCapacity: 'FULL', employmentStatus: 'UNEMPLOYED' }),
      person('欧阳母', '1982-11-03', 'FEMALE', { relationToHead: 'SPOUSE', workCapacity: 'PARTIAL', employmentStatus: 'UNEMPLOYED', illness: 'SERIOUS', illnessNote: '肾病' }),
      person('欧阳学生', '2014-09-01', 'MALE', { ...child, schoolingStage: 'PRIMARY' }),
      // An infant of about seven months, disabled: child rehabilitation states its age in the plan.
      person('欧阳幼儿', daysAgo(210), 'FEMALE', { ...child, employmentStatus: 'NOT_IN_LABOUR_FORCE', disability: { category: 'PHYSICAL', grade: 2 } }),
    ], { housingArea: 30 })),
    await registerHousehold(t.app, token, householdInput(township, [
      person('司马奶奶', '1950-02-28', 'FEMALE', { workCapacity: 'NONE', employmentStatus: 'RETIRED', illness: 'CHRONIC', disability: { category: 'VISUAL', grade: 1 }, monthlyIncome: null }),
      person('司马孙女', '2009-12-31', 'FEMALE', { ...child, schoolingStage: 'SENIOR_HIGH' }),
    ])),
  ];
  for (const h of households) {
    await confirm(t.orm, h.id);
    // The real planner, so plan-item bases (ages, traces) are what departments read in production.
    await t.orm.em.fork().transactional((tx) => replan(tx, dbId(h.id), today(), 'test:planner'));
    for (const m of h.members) truth.set(m.id, { name: m.name, idNumber: m.idNumber, birthDate: m.birthDate, sex: m.sex });
  }
});
afterAll(() => t.close());

/** What a role reads: every answer, for the text scan, and per person the identifying fields. */
async function readAll(role: Role) {
  // Each list page by page (small pages keep every query under the cost limit).
  const queries = [
    `persons(first: 2, after: $after, filter: { township: $t }) { pageInfo { hasNextPage endCursor } nodes { ${selection(type('Person'), 2)} } }`,
    `households(first: 1, after: $after, filter: { township: $t }) { pageInfo { hasNextPage endCursor } nodes { ${selection(type('Household'), 1)} members { ${selection(type('Person'), 1)} } plan { ${selection(type('PlanItem'), 1)} } } }`,
    `planItems(first: 5, after: $after, filter: { township: $t }) { pageInfo { hasNextPage endCursor } nodes { ${selection(type('PlanItem'), 2)} } }`,
  ];
  const answers: unknown[] = [];
  const people = new Map<string, { idNumber?: string; birthDate?: string | null; age?: number | null; sex?: string }>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(collect);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.id === 'string' && truth.has(o.id)) {
      const seen = people.get(o.id) ?? {};
      for (const k of ['idNumber', 'birthDate', 'age', 'sex'] as const) if (k in o) (seen as Record<string, unknown>)[k] = o[k];
      people.set(o.id, seen);
    }
    Object.values(o).forEach(collect);
  };
  for (const q of queries) {
    let after: string | null = null;
    for (;;) {
      const r: GqlResult = await gql(t.app, `query($t: ID, $after: String) { ${q} }`, { t: township.globalId, after }, callers[role]);
      if (r.status !== 200 || r.errors) throw new Error(`${role}: ${JSON.stringify(r.body)}`);
      answers.push(r.body);
      collect(r.data);
      const page: { hasNextPage: boolean; endCursor: string | null } = (Object.values(r.data)[0] as { pageInfo: { hasNextPage: boolean; endCursor: string | null } }).pageInfo;
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
  }
  return { text: JSON.stringify(answers), people };
}

/**
 * Id numbers of 18 characters consistent with a view: characters the mask shows, the birth date
 * (shown, or any day giving the shown age today), the sequence's parity from the sex, and the
 * check character when shown.
 */
function candidates(view: { idNumber: string; birthDate?: string | null; age?: number | null; sex: string }): number {
  const shown = (i: number) => (view.idNumber[i] === '*' ? null : view.idNumber[i]);
  if ([0, 1, 2, 3, 4, 5].some((i) => shown(i) === null)) throw new Error('the region is hidden too: count it as well');
  const region = view.idNumber.slice(0, 6);
  let days: string[];
  if (view.birthDate) days = [view.birthDate];
  else if (view.age != null) {
    days = [];
    for (let n = 0; n <= 366 * (view.age + 2); n++) {
      const d = daysAgo(n);
      if (ageInWholeYears(d, today()) === view.age) days.push(d);
    }
  } else throw new Error('neither a birth date nor an age: count every day since 1900');
  const fits = (s: string, from: number) => [...s].every((c, i) => shown(from + i) === null || shown(from + i) === c);
  let count = 0;
  for (const day of days) {
    const digits = day.replace(/-/g, '');
    if (!fits(digits, 6)) continue;
    for (let seq = view.sex === 'MALE' ? 1 : 0; seq < 1000; seq += 2) {
      const s = String(seq).padStart(3, '0');
      if (!fits(s, 14)) continue;
      const check = shown(17);
      if (check === null || checkCharacter(region + digits + s) === check) count++;
    }
  }
  return count;
}

const forms = (day: string) => {
  const [y, m, d] = day.split('-');
  return [day, `${y}${m}${d}`, `${y}年${Number(m)}月${Number(d)}日`, `${y}/${m}/${d}`, `${y}.${m}.${d}`];
};

it('the roles without the right are the departments that see people', () => {
  expect(WITHOUT_RIGHT.sort()).toEqual(['DISABLED_PERSONS_FEDERATION', 'EDUCATION', 'HEALTH', 'HOUSING', 'HUMAN_RESOURCES_SOCIAL_SECURITY', 'MEDICAL_INSURANCE'].sort());
  // Eligibility traces (INCOME) compute ages on any chosen day — the birth date — and count every
  // member of the household: INCOME stays within ID_NUMBER and within roles that see all members.
  expect(FIELDS.INCOME.filter((r) => !FIELDS.ID_NUMBER.includes(r))).toEqual([]);
  expect(FIELDS.INCOME.filter((r) => REGISTRY_ROWS[r].members !== 'ALL')).toEqual([]);
});

describe.each(WITHOUT_RIGHT.map((r) => [r]))('%s', (role) => {
  it('no visible field set reconstructs the id number of anyone it sees', async () => {
    const { text, people } = await readAll(role);
    expect(people.size).toBeGreaterThan(0);
    for (const [id, seen] of people) {
      const real = truth.get(id)!;
      const label = `${role} → ${real.name}`;
      // What it reads: the region code only, no birth date, the age and the sex.
      expect([label, seen.idNumber, seen.birthDate]).toEqual([label, `${real.idNumber.slice(0, 6)}************`, null]);
      expect([label, seen.age]).toEqual([label, ageInWholeYears(real.birthDate, today())]);
      expect([label, seen.sex]).toEqual([label, real.sex]);
      // The birth date is in no field it reads, in any usual spelling.
      for (const f of forms(real.birthDate)) expect([label, f, text.includes(f)]).toEqual([label, f, false]);
      // From what it reads: about a year of days × 500 sequences of that sex.
      const now = candidates({ idNumber: seen.idNumber!, birthDate: seen.birthDate, age: seen.age, sex: seen.sex! });
      expect([label, now > 100_000]).toEqual([label, true]);
      // Even if it learnt the birth date to the day (by watching the age change), 500 remain.
      expect([label, candidates({ idNumber: seen.idNumber!, birthDate: real.birthDate, sex: seen.sex! })]).toEqual([label, 500]);
      // The old visible set — region, sequence and check shown, the birth date beside it — gave it away.
      const old = { idNumber: `${real.idNumber.slice(0, 6)}********${real.idNumber.slice(14)}`, birthDate: real.birthDate, sex: real.sex };
      expect([label, candidates(old)]).toEqual([label, 1]);
      // Even without the birth date, the old mask beside the age left a few dozen (the check character cuts by 11).
      expect([label, candidates({ ...old, birthDate: null, age: seen.age }) < 100]).toEqual([label, true]);
    }
  });
});

it('the roles with the right still read the whole id number and the birth date (the township)', async () => {
  const r = await gql(t.app, `query($t: ID) { persons(first: 100, filter: { township: $t }) { nodes { id idNumber birthDate } } }`, { t: township.globalId }, callers.TOWNSHIP);
  for (const p of r.data.persons.nodes) expect(p).toEqual({ id: p.id, idNumber: truth.get(p.id)!.idNumber, birthDate: truth.get(p.id)!.birthDate });
});
