import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { loadPolicy } from '../policy/policy.reader';
import { PolicySnapshot } from '../policy/parameter-definitions';
import { RegistryReader } from '../modules/registry/registry.reader';
import { PartnerReader } from '../modules/partners/partner.reader';
import { CaseReader } from '../modules/identification/identification.reader';
import { createIdentificationLoaders } from '../modules/identification/identification.loaders';
import { PlanReader } from '../modules/measures/measures.reader';
import { createMeasuresLoaders } from '../modules/measures/measures.loaders';
import { FundsReader } from '../modules/funds/funds.reader';
import { createFundsLoaders } from '../modules/funds/funds.loaders';
import { PairingReader } from '../modules/pairing/pairing.reader';
import { NeedNode, PairingNode } from '../modules/pairing/pairing.types';
import { PartnerApiKeyNode, PartnerOrganisationNode } from '../modules/partners/partner.types';
import { createRegistryLoaders } from '../modules/registry/registry.loaders';
import { AuditReader } from '../modules/audit/audit.reader';
import { createAuditLoaders } from '../modules/audit/audit.loaders';
import type { Principal } from '../shared/principal';

function byId<T extends { dbId: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((r) => [r.dbId, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function grouped<T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string) {
  return new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load(ids)) groups.get(key(row))?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/**
 * One set per request: batching makes a page of N households cost the same number of statements
 * as a page of one, and the per-request cache never serves one principal's rows to another.
 */
export function createLoaders(knex: Knex, principal: Principal) {
  // Each module's reader applies the principal's row scopes; each module builds its own loaders.
  const partnerReader = new PartnerReader(knex, principal);
  const caseReader = new CaseReader(knex, principal);
  const pairingReader = new PairingReader(knex, principal);
  return {
    pairingReader,
    need: byId<NeedNode>((ids) => pairingReader.needsByIds(ids)),
    pairing: byId<PairingNode>((ids) => pairingReader.pairingsByIds(ids)),
    pairingPartners: grouped((ids) => pairingReader.partnersOf(ids), (p) => p.pairingId),
    pairingHouseholds: grouped((ids) => pairingReader.householdsOf(ids), (h) => h.pairingId),
    pairingLedger: grouped((ids) => pairingReader.ledgerOf(ids), (l) => l.pairingId),
    ...createMeasuresLoaders(new PlanReader(knex, principal)),
    ...createFundsLoaders(new FundsReader(knex, principal)),
    ...createIdentificationLoaders(caseReader),
    /** Policy in force per day, loaded once per request and day. */
    policy: new DataLoader<string, PolicySnapshot>((days) => Promise.all(days.map((d) => loadPolicy(knex, d)))),
    partnerReader,
    partner: byId<PartnerOrganisationNode>((ids) => partnerReader.partnersByIds(ids)),
    apiKeysOfPartner: grouped<PartnerApiKeyNode>((ids) => partnerReader.apiKeysOfPartners(ids), (k) => k.partnerId),
    ...createRegistryLoaders(new RegistryReader(knex, principal)),
    ...createAuditLoaders(new AuditReader(knex, principal)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
