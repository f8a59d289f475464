/**
 * The demo seed against a real database: TEST_DATABASE_URL (a fresh database is created on that
 * server and dropped afterwards) or, without it, the embedded database in memory.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, Database } from '../../src/db/database';
import { mulberry32, seedHouseholds, seedReferenceData } from '../../src/db/seed';
import { parseIdNumber } from '../../src/modules/registry/registry.id-number';
import { DEPARTMENTS, PARTNERS, TOWNSHIPS } from '../../src/modules/registry/registry.county-data';
import { assessEligibility } from '../../src/policy/eligibility';
import { loadPolicy } from '../../src/policy/policy.reader';
import { householdSnapshot } from '../../src/policy/snapshot';

jest.setTimeout(180_000);

let db: Database;
let em: EntityManager;
let dropDatabase: (() => Promise<void>) | undefined;

async function query<R>(sql: string): Promise<R[]> {
  return (await em.getKnex().raw<{ rows: R[] }>(sql)).rows;
}

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `seed_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    dropDatabase = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    db = await openDatabase({ url: url.toString() });
  } else {
    db = await openDatabase({ dataDir: null });
  }
  em = db.orm.em.fork() as EntityManager;
});

afterAll(async () => {
  await db?.close();
  await dropDatabase?.();
});

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function referenceCounts() {
  const [row] = await query<Record<string, string>>(`select
    (select count(*) from township) as townships, (select count(*) from community) as communities,
    (select count(*) from department) as departments, (select count(*) from partner_organisation) as partners`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

test('reference data: seeding twice yields the same rows', async () => {
  await seedReferenceData(em);
  const first = await referenceCounts();
  expect(first).toEqual({
    townships: TOWNSHIPS.length,
    communities: TOWNSHIPS.reduce((s, t) => s + t.communities.length, 0),
    departments: DEPARTMENTS.length,
    partners: PARTNERS.length,
  });
  await seedReferenceData(em);
  expect(await referenceCounts()).toEqual(first);
});

/** Households whose stored totals, head name or number of heads disagree with their members. */
async function inconsistentHouseholds(): Promise<number> {
  const [row] = await query<{ bad: string }>(`
    select count(*) as bad from household h
    left join (
      select household_id, count(*) as n,
             sum(income_wages + income_business + income_property + income_transfers + income_other) as income,
             count(*) filter (where relation_to_head = 'HEAD') as heads,
             max(name) filter (where relation_to_head = 'HEAD') as head_name
      from person where removed_at is null group by household_id
    ) m on m.household_id = h.id
    where m.n is null or h.member_count <> m.n or h.monthly_income_total <> m.income
       or m.heads <> 1 or h.head_name is distinct from m.head_name`);
  return Number(row.bad);
}

type Row = Record<string, any>;

/**
 * Re-assesses every household from its stored rows under the policy in force on the seed day
 * (as the identification workflow and the eligibility field read them) and checks the list
 * against the engine: IN_HARDSHIP households carry exactly the engine's categories, EXITED ones
 * no longer qualify. Also checks identification day and assistance-card number by status.
 * Returns the number of IN_HARDSHIP households per category, to show R3–R6 all occur.
 */
async function checkAgainstEngine(): Promise<Record<string, number>> {
  const policy = await loadPolicy(em.getKnex(), today);
  const households = await query<Row>(
    `select *, to_char(identified_on, 'YYYY-MM-DD') as identified_day from household order by id`);
  const persons = await query<Row>('select * from person where removed_at is null order by id');
  const byHousehold = new Map<string, Row[]>();
  for (const p of persons) {
    const key = String(p.household_id);
    byHousehold.set(key, [...(byHousehold.get(key) ?? []), p]);
  }

  const perCategory: Record<string, number> = {};
  const mismatches: unknown[] = [];
  const cards: string[] = [];
  for (const h of households) {
    const result = assessEligibility(householdSnapshot(h, byHousehold.get(String(h.id)) ?? [], h.causes), policy);
    if (h.status === 'IN_HARDSHIP') {
      if (!result.qualifies || JSON.stringify(result.categories) !== JSON.stringify(h.categories)) {
        mismatches.push({ id: h.id, stored: h.categories, engine: result.categories });
      }
      for (const c of h.categories) perCategory[c] = (perCategory[c] ?? 0) + 1;
    }
    if (h.status === 'EXITED' && result.qualifies) mismatches.push({ id: h.id, exitedButQualifies: result.categories });

    if (h.status === 'REGISTERED') {
      expect({ id: h.id, identifiedOn: h.identified_day, card: h.assistance_card_number }).toEqual({ id: h.id, identifiedOn: null, card: null });
    } else {
      expect(h.assistance_card_number).toMatch(/^MX[0-9A-Z]{10}$/);
      expect(h.identified_day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(h.identified_day < today).toBe(true);
      cards.push(h.assistance_card_number);
    }
  }
  expect(mismatches).toEqual([]);
  expect(new Set(cards).size).toBe(cards.length);
  return perCategory;
}

test('households: 300, consistent with their members, valid id numbers', async () => {
  // Small batches so several transactions are exercised.
  const result = await seedHouseholds(em, { households: 300, batchSize: 128, random: mulberry32(1), today });
  expect(result.households).toBe(300);
  const [{ households, persons }] = await query<{ households: string; persons: string }>(
    'select (select count(*) from household) as households, (select count(*) from person) as persons');
  expect(Number(households)).toBe(300);
  expect(Number(persons)).toBe(result.persons);
  expect(result.persons).toBeGreaterThanOrEqual(300);
  expect(result.persons).toBeLessThanOrEqual(1800);
  expect(await inconsistentHouseholds()).toBe(0);

  const people = await query<{ id_number: string; birth_date: string; sex: string }>(
    `select id_number, to_char(birth_date, 'YYYY-MM-DD') as birth_date, sex from person`);
  for (const p of people) {
    expect(parseIdNumber(p.id_number, today)).toEqual({ idNumber: p.id_number, birthDate: p.birth_date, sex: p.sex });
  }

  // Status, categories and causes agree with each other and with the members.
  const [bad] = await query<Record<string, string>>(`
    select
      count(*) filter (where status = 'IN_HARDSHIP' and cardinality(categories) = 0) as hardship_without_category,
      count(*) filter (where status = 'REGISTERED' and (cardinality(categories) > 0 or cardinality(causes) > 0)) as registered_with_category,
      count(*) filter (where (primary_cause is null) <> (cardinality(causes) = 0)
                          or (primary_cause is not null and not primary_cause = any(causes))) as bad_primary,
      count(*) filter (where 'ILLNESS' = any(causes) and not exists
        (select 1 from person p where p.household_id = h.id and p.illness <> 'NONE')) as illness_without_ill,
      count(*) filter (where 'DISABILITY' = any(causes) and not exists
        (select 1 from person p where p.household_id = h.id and p.disability_category is not null)) as disability_without_disabled,
      count(*) filter (where 'SCHOOLING' = any(causes) and not exists
        (select 1 from person p where p.household_id = h.id and p.schooling_stage <> 'NONE')) as schooling_without_pupil
    from household h`);
  expect(Object.values(bad).map(Number)).toEqual([0, 0, 0, 0, 0, 0]);

  // The list is what the engine confirms; every category occurs in the demo.
  const perCategory = await checkAgainstEngine();
  expect(Object.keys(perCategory).sort()).toEqual(
    ['EXPENDITURE_LOW_INCOME', 'EXTREME_POVERTY', 'MINIMUM_LIVING_ALLOWANCE', 'ORPHAN']);
  const statuses = await query<{ status: string; n: string }>('select status, count(*) as n from household group by status');
  expect(statuses.map((r) => r.status).sort()).toEqual(['EXITED', 'IN_HARDSHIP', 'REGISTERED']);

  // Persons carry the R3/R5 facts: mostly ordinary, some without livelihood or supporter, a few orphans.
  const [facts] = await query<Record<string, string>>(`select
      count(*) filter (where has_livelihood_source and legal_supporter = 'ABLE' and parental_status = 'PRESENT') as ordinary,
      count(*) filter (where not has_livelihood_source and legal_supporter in ('NONE', 'UNABLE')) as unsupported,
      count(*) filter (where parental_status <> 'PRESENT') as orphans,
      count(*) as total
    from person`);
  expect(Number(facts.ordinary) / Number(facts.total)).toBeGreaterThan(0.8);
  expect(Number(facts.unsupported)).toBeGreaterThan(0);
  expect(Number(facts.orphans)).toBeGreaterThan(0);
});

test('seeding again adds households without reusing an id number', async () => {
  // The same generator seed again: the same people are invented, so only the continued
  // sequence counters keep their id numbers apart.
  const result = await seedHouseholds(em, { households: 300, random: mulberry32(1), today });
  expect(result.households).toBe(300);
  const [row] = await query<{ households: string; persons: string; distinct_ids: string }>(
    `select (select count(*) from household) as households, count(*) as persons, count(distinct id_number) as distinct_ids from person`);
  expect(Number(row.households)).toBe(600);
  expect(Number(row.distinct_ids)).toBe(Number(row.persons));
  expect(await inconsistentHouseholds()).toBe(0);
  // Same generator seed, fresh card numbers: still unique across both runs.
  await checkAgainstEngine();
});

test('runs inside an em.transactional (uses its transaction, no second connection)', async () => {
  const result = await em.transactional((tem) => seedHouseholds(tem as EntityManager, { households: 5, today }));
  expect(result.households).toBe(5);
  const [row] = await query<{ n: string }>('select count(*) as n from household');
  expect(Number(row.n)).toBe(605);
  expect(await inconsistentHouseholds()).toBe(0);
  await checkAgainstEngine();
});
