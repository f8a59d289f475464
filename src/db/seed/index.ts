/**
 * Demo data for the county (DOMAIN.md "The county"), one file per job:
 * - reference-data.ts: townships, communities, departments, partner organisations;
 * - population.ts: the synthetic population generator (households in hardship are what the
 *   eligibility engine confirms under the policy in force on the seed day);
 * - bulk-writer.ts: batched inserts of the generated households and members;
 * - demo-extras.ts: the confirmed households' events and the partners' demo needs;
 * - demo-county.ts, demo-keys.ts: what the demo county needs to work at once (first start only:
 *   partner keys printed once, the partner samples' households and pairings, funds, cases);
 * - sql.ts: the seed actor and raw SQL with array parameters.
 * This file runs them in order and is the API main.ts, the CLI and the tests use.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { countyDayOf } from '../../shared/county-calendar';
import { CommunityKind } from '../../modules/registry/registry.enums';
import { loadPolicy } from '../../policy/policy.reader';
import { insertBatch, CardNumbers } from './bulk-writer';
import { announceConfirmed, publishDemoNeeds } from './demo-extras';
import { CommunityRow, DEFAULT_SEED, generateHousehold, IdNumbers, mulberry32, Rng, seedPolicy } from './population';
import { knexOf, run } from './sql';
import { seedEpisodes } from './lifecycle'; // lifecycle (issue 11)

export { SEED_ACTOR } from './sql';
export { DEFAULT_SEED, mulberry32 } from './population';
export { seedReferenceData } from './reference-data';
// The demo county that works at once (issue 14, office-docs): samples' references, keys, pairings,
// funds, cases in every state; run by main.ts at first start after the households.
export { seedDemoCounty } from './demo-county';
export { printDemoKeys } from './demo-keys';
export type { DemoKey } from './demo-keys';

export interface SeedHouseholdsOptions {
  households: number;
  /** [0, 1) generator; default mulberry32(DEFAULT_SEED). */
  random?: () => number;
  /** County date (YYYY-MM-DD) ages are counted to; default today in Asia/Shanghai. */
  today?: string;
  /** Households per transaction; default 2,000. */
  batchSize?: number;
  /** Called after each committed batch with the number of households inserted so far. */
  onBatch?: (done: number) => void;
}

export interface SeedHouseholdsResult {
  households: number;
  persons: number;
  ms: number;
}

/**
 * Generates `households` synthetic households with their members and inserts them in batches.
 * Run seedReferenceData first: households are spread over the communities found in the database.
 */
export async function seedHouseholds(em: EntityManager, opts: SeedHouseholdsOptions): Promise<SeedHouseholdsResult> {
  const started = Date.now();
  if (!Number.isInteger(opts.households) || opts.households < 0) throw new Error('households must be a non-negative integer');
  const rng = new Rng(opts.random ?? mulberry32(DEFAULT_SEED));
  const today = opts.today ?? countyDayOf(new Date()); // the CLI's clock: the machine's, in the county's calendar
  const batchSize = opts.batchSize ?? 2000;
  const knex = knexOf(em);

  const communityRows = await run<{ id: string; township_id: string; name: string; kind: CommunityKind }>(
    knex, 'select id, township_id, name, kind from community order by code');
  if (communityRows.length === 0) throw new Error('no communities: run seedReferenceData first');
  // Households are urban: residents' communities get twice the weight of villages.
  const communities: Array<readonly [CommunityRow, number]> = communityRows.map((c) =>
    [{ id: c.id, townshipId: c.township_id, name: c.name, kind: c.kind }, c.kind === CommunityKind.RESIDENTIAL ? 2 : 1] as const);

  const sp = seedPolicy(await loadPolicy(knex, today));
  const ids = await IdNumbers.load(knex);
  const cards = new CardNumbers();
  let inserted = 0;
  let persons = 0;
  while (inserted < opts.households) {
    const n = Math.min(batchSize, opts.households - inserted);
    const batch = Array.from({ length: n }, () => generateHousehold(rng, today, communities, ids, sp));
    persons += await insertBatch(knex, batch, cards);
    inserted += n;
    opts.onBatch?.(inserted);
  }
  await seedEpisodes(knex, today); // lifecycle (issue 11): episodes on the list
  await announceConfirmed(knex);
  await publishDemoNeeds(knex);
  return { households: inserted, persons, ms: Date.now() - started };
}
