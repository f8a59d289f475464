import crypto from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express } from 'express';
import { toGlobalId } from '../../src/graphql/relay';
import { gql, idNumber } from './app';
import { dbId } from './ids';

export interface TestTownship {
  id: string;
  code: string;
  globalId: string;
  communities: Array<{ id: string; globalId: string }>;
}

/** A township of this test alone (with two communities), so counts and lists are exact. */
export async function newTownship(orm: MikroORM): Promise<TestTownship> {
  const knex = orm.em.getKnex();
  const code = `9${crypto.randomInt(0, 1e9).toString().padStart(9, '0')}`;
  const [t] = await knex('township').insert({ code, name: `测试乡${code.slice(-4)}`, created_by: 'test', updated_by: 'test' }).returning('id');
  const communities = [];
  for (let i = 1; i <= 2; i++) {
    const [c] = await knex('community')
      .insert({ township_id: t.id, code: `${code}${i}`, name: `测试村${i}`, kind: 'VILLAGE', created_by: 'test', updated_by: 'test' })
      .returning('id');
    communities.push({ id: String(c.id), globalId: toGlobalId('Community', String(c.id)) });
  }
  return { id: String(t.id), code, globalId: toGlobalId('Township', String(t.id)), communities };
}

export function member(overrides: Record<string, unknown> = {}) {
  return {
    name: '林测试',
    idNumber: idNumber(),
    relationToHead: 'HEAD',
    workCapacity: 'FULL',
    employmentStatus: 'UNEMPLOYED',
    illness: 'NONE',
    schoolingStage: 'NONE',
    monthlyIncome: { wages: 50000 },
    ...overrides,
  };
}

export const HOUSEHOLD_FIELDS = `
  id version headName memberCount status address contactPhone housingArea perCapitaHousingArea
  monthlyIncomeTotal perCapitaMonthlyIncome assets { deposits securities vehicles otherProperties }
  township { id code } community { id name }
  members { id name idNumber sex birthDate age relationToHead workCapacity employmentStatus
    disability { category grade } illness illnessNote schoolingStage version
    monthlyIncome { wages business property transfers other total } }
`;

export const REGISTER = `mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) { household { ${HOUSEHOLD_FIELDS} } userErrors { field message code } }
}`;

export function householdInput(t: TestTownship, members: Array<Record<string, unknown>> = [member()], extra: Record<string, unknown> = {}) {
  return {
    township: t.globalId,
    community: t.communities[0].globalId,
    address: '测试路1号',
    contactPhone: '13800000000',
    housingArea: 60,
    members,
    ...extra,
  };
}

/** Registers through the API and fails the test loudly if it did not work. */
export async function registerHousehold(app: Express, token: string, input: Record<string, unknown>) {
  const r = await gql(app, REGISTER, { input }, { token });
  const payload = r.data?.registerHousehold;
  if (!payload?.household) throw new Error(`registerHousehold failed: ${JSON.stringify(r.body)}`);
  return payload.household;
}

/** Marks a household confirmed (the identification workflow does this in production). */
export async function confirm(orm: MikroORM, householdGlobalId: string, categories = ['MINIMUM_LIVING_ALLOWANCE'], causes = ['ILLNESS']) {
  const id = dbId(householdGlobalId);
  await orm.em.getKnex()('household').update({ status: 'IN_HARDSHIP', categories, causes, primary_cause: causes[0] ?? null }).where({ id });
  // lifecycle (issue 11): and its CONFIRMED episode, as the confirmation opens it (lifecycle_on_list / lifecycle_payable_in read the episodes).
  await orm.em.getKnex().raw(
    `insert into household_episode (household_id, township_id, kind, started_on, categories, causes, primary_cause, decided_on, decided_by, created_by)
     select h.id, h.township_id, 'CONFIRMED', d.day, h.categories, h.causes, h.primary_cause, d.day, 'test', 'test'
       from household h cross join lateral (select (now() at time zone 'Asia/Shanghai')::date as day) d
      where h.id = ? and not exists (select 1 from household_episode e where e.household_id = h.id)`, [id]);
}
