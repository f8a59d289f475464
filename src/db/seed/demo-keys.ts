/**
 * Keys the demo county hands out at first start (issue 14 item 8): the plaintext of a key exists
 * only in the answer of the seed step that created it, so it is printed once (development only,
 * src/main.ts) and only its hash stays in the database. A second start creates and prints nothing.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { newApiKey } from '../../access/tokens';
import { PARTNERS } from '../../modules/registry/registry.county-data';
import { SEED_ACTOR } from './sql';

export interface DemoKey {
  kind: 'PARTNER' | 'PLATFORM';
  /** partner_organisation.code, or the charity platform's code. */
  code: string;
  name: string;
  header: 'X-Api-Key';
  /** The plaintext key: returned once by the step that created it. */
  token: string;
}

/** The label of the demo keys: a principal that has one gets no second. */
export const DEMO_KEY_LABEL = 'demo';

/** One API key (all scopes) for each demo partner organisation that has no demo key yet. */
export async function seedDemoPartnerKeys(knex: Knex): Promise<DemoKey[]> {
  const rows: Array<{ id: string; code: string; name: string }> = await knex('partner_organisation as o')
    .whereIn('o.code', PARTNERS.map((p) => p.code))
    .whereNotExists(knex('partner_api_key as k').whereRaw('k.partner_id = o.id').where('k.label', DEMO_KEY_LABEL))
    .select('o.id', 'o.code', 'o.name').orderBy('o.id');
  const keys: DemoKey[] = [];
  for (const row of rows) {
    const key = newApiKey();
    await knex('partner_api_key').insert({ partner_id: row.id, key_id: key.keyId, secret_hash: key.secretHash, label: DEMO_KEY_LABEL, created_by: SEED_ACTOR });
    keys.push({ kind: 'PARTNER', code: row.code, name: row.name, header: 'X-Api-Key', token: key.token });
  }
  return keys;
}

/** The lines main.ts prints once in development. */
export function printDemoKeys(keys: DemoKey[], log: (line: string) => void = console.log): void {
  if (keys.length === 0) return;
  log('Demo keys (shown once, only their hashes are stored; send as "X-Api-Key: <key>"):');
  const width = Math.max(...keys.map((k) => k.code.length));
  for (const k of keys) log(`  ${k.kind === 'PLATFORM' ? 'platform' : 'partner '} ${k.code.padEnd(width)}  ${k.token}  ${k.name}`);
}
