/** The county's reference data (DOMAIN.md "The county"): townships, communities, departments, partner organisations. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEPARTMENTS, PARTNERS, TOWNSHIPS, communityCode } from '../../modules/registry/registry.county-data';
import { knexOf, run, SEED_ACTOR } from './sql';

/** Inserts the county's townships, communities, departments and partners; existing codes are left alone. */
export async function seedReferenceData(em: EntityManager): Promise<void> {
  const communities = TOWNSHIPS.flatMap((t) =>
    t.communities.map((c, i) => ({ township: t.code, code: communityCode(t.code, i), name: c.name, kind: c.kind })));
  await knexOf(em).transaction(async (trx) => {
    await run(trx,
      `insert into township (code, name, created_by, updated_by)
       select u.code, u.name, ?, ? from unnest(?::text[], ?::text[]) as u(code, name)
       on conflict (code) do nothing`,
      [SEED_ACTOR, SEED_ACTOR, TOWNSHIPS.map((t) => t.code), TOWNSHIPS.map((t) => t.name)]);
    await run(trx,
      `insert into community (township_id, code, name, kind, created_by, updated_by)
       select t.id, u.code, u.name, u.kind, ?, ?
       from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(township, code, name, kind)
       join township t on t.code = u.township
       on conflict (code) do nothing`,
      [SEED_ACTOR, SEED_ACTOR, communities.map((c) => c.township), communities.map((c) => c.code),
        communities.map((c) => c.name), communities.map((c) => c.kind)]);
    await run(trx,
      `insert into department (code, name, name_en)
       select * from unnest(?::text[], ?::text[], ?::text[])
       on conflict (code) do nothing`,
      [DEPARTMENTS.map((d) => d.code), DEPARTMENTS.map((d) => d.name), DEPARTMENTS.map((d) => d.nameEn)]);
    await run(trx,
      `insert into partner_organisation (code, name, kind, created_by, updated_by)
       select u.code, u.name, u.kind, ?, ? from unnest(?::text[], ?::text[], ?::text[]) as u(code, name, kind)
       on conflict (code) do nothing`,
      [SEED_ACTOR, SEED_ACTOR, PARTNERS.map((p) => p.code), PARTNERS.map((p) => p.name), PARTNERS.map((p) => p.kind)]);
  });
}
