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
import { createPairingLoaders } from '../modules/pairing/pairing.loaders';
import { DonorsReader } from '../modules/donors/donors.reader'; // donors (issue 12)
import { createDonorsLoaders } from '../modules/donors/donors.loaders';
import { createPartnerLoaders } from '../modules/partners/partner.loaders';
import { createRegistryLoaders } from '../modules/registry/registry.loaders';
import { AuditReader } from '../modules/audit/audit.reader';
import { createAuditLoaders } from '../modules/audit/audit.loaders';
// supervision (issue 13)
import { createSupervisionLoaders } from '../modules/supervision/supervision.loaders';
// monitoring (issue 11)
import { MonitoringReader } from '../modules/monitoring/monitoring.reader';
import { createMonitoringLoaders } from '../modules/monitoring/monitoring.loaders';
// lifecycle (issue 11)
import { LifecycleReader } from '../modules/lifecycle/lifecycle.reader';
import { createLifecycleLoaders } from '../modules/lifecycle/lifecycle.loaders';
import type { Principal } from '../shared/principal';

/**
 * One set per request: batching makes a page of N households cost the same number of statements
 * as a page of one, and the per-request cache never serves one principal's rows to another.
 */
export function createLoaders(knex: Knex, principal: Principal) {
  // Each module's reader applies the principal's row scopes; each module builds its own loaders.
  const caseReader = new CaseReader(knex, principal);
  return {
    ...createPairingLoaders(new PairingReader(knex, principal)),
    ...createDonorsLoaders(new DonorsReader(knex, principal)), // donors (issue 12)
    ...createMeasuresLoaders(new PlanReader(knex, principal)),
    ...createFundsLoaders(new FundsReader(knex, principal)),
    ...createIdentificationLoaders(caseReader),
    /** Policy in force per day, loaded once per request and day. */
    policy: new DataLoader<string, PolicySnapshot>((days) => Promise.all(days.map((d) => loadPolicy(knex, d)))),
    ...createPartnerLoaders(new PartnerReader(knex, principal)),
    ...createRegistryLoaders(new RegistryReader(knex, principal)),
    ...createAuditLoaders(new AuditReader(knex, principal)),
    ...createMonitoringLoaders(new MonitoringReader(knex, principal)), // monitoring (issue 11)
    ...createLifecycleLoaders(new LifecycleReader(knex, principal)), // lifecycle (issue 11)
    // supervision (issue 13)
    ...createSupervisionLoaders(knex, principal),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
