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
 * Each module's loaders, built from the request's SQL and principal (each module's reader applies
 * the principal's row scopes; each module builds its own loaders). A new module adds its line here,
 * in a block naming it.
 */
const MODULES = {
  pairing: (knex: Knex, principal: Principal) => createPairingLoaders(new PairingReader(knex, principal)),
  donors: (knex: Knex, principal: Principal) => createDonorsLoaders(new DonorsReader(knex, principal)), // donors (issue 12)
  measures: (knex: Knex, principal: Principal) => createMeasuresLoaders(new PlanReader(knex, principal)),
  funds: (knex: Knex, principal: Principal) => createFundsLoaders(new FundsReader(knex, principal)),
  identification: (knex: Knex, principal: Principal) => createIdentificationLoaders(new CaseReader(knex, principal)),
  /** Policy in force per day, loaded once per request and day. */
  policy: (knex: Knex) => ({ policy: new DataLoader<string, PolicySnapshot>((days) => Promise.all(days.map((d) => loadPolicy(knex, d)))) }),
  partners: (knex: Knex, principal: Principal) => createPartnerLoaders(new PartnerReader(knex, principal)),
  registry: (knex: Knex, principal: Principal) => createRegistryLoaders(new RegistryReader(knex, principal)),
  audit: (knex: Knex, principal: Principal) => createAuditLoaders(new AuditReader(knex, principal)),
  monitoring: (knex: Knex, principal: Principal) => createMonitoringLoaders(new MonitoringReader(knex, principal)), // monitoring (issue 11)
  lifecycle: (knex: Knex, principal: Principal) => createLifecycleLoaders(new LifecycleReader(knex, principal)), // lifecycle (issue 11)
  // supervision (issue 13)
  supervision: (knex: Knex, principal: Principal) => createSupervisionLoaders(knex, principal),
};

type ModuleName = keyof typeof MODULES;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every module's loaders under one object: `ctx.loaders.household`, `ctx.loaders.policy`, … */
export type Loaders = UnionToIntersection<{ [M in ModuleName]: ReturnType<(typeof MODULES)[M]> }[ModuleName]>;

/** What one request's loaders are built from, and the modules built so far. */
const REQUEST = Symbol('requestLoaders');
interface RequestLoaders {
  [REQUEST]: { knex: Knex; principal: Principal; built: Map<ModuleName, Record<string, unknown>> };
}

function moduleLoaders(self: RequestLoaders, name: ModuleName): Record<string, unknown> {
  const r = self[REQUEST];
  let loaders = r.built.get(name);
  if (!loaders) {
    loaders = MODULES[name](r.knex, r.principal) as Record<string, unknown>;
    r.built.set(name, loaders);
  }
  return loaders;
}

/**
 * The prototype of every request's loaders: one getter per loader name, which builds that
 * loader's module on first use. The names are learnt from the first request's modules (a module's
 * factory only constructs DataLoaders and readers; it runs no query); when two modules use one
 * name the later module's loader is the one served, as the object spread this replaced did.
 */
let prototype: object | undefined;
function loadersPrototype(first: RequestLoaders): object {
  const proto: Record<string, unknown> = {};
  const owner = new Map<string, ModuleName>();
  for (const name of Object.keys(MODULES) as ModuleName[]) for (const key of Object.keys(moduleLoaders(first, name))) owner.set(key, name);
  for (const [key, name] of owner) {
    Object.defineProperty(proto, key, { enumerable: true, get(this: RequestLoaders) { return moduleLoaders(this, name)[key]; } });
  }
  return proto;
}

/**
 * One set per request: batching makes a page of N households cost the same number of statements
 * as a page of one, and the per-request cache never serves one principal's rows to another.
 * Lazily: a request builds only the modules whose loaders it uses (a `node(id:)` of a household
 * builds the registry's, not the ~30 loaders of every module).
 */
export function createLoaders(knex: Knex, principal: Principal): Loaders {
  const state: RequestLoaders[typeof REQUEST] = { knex, principal, built: new Map() };
  prototype ??= loadersPrototype({ [REQUEST]: state });
  const self = Object.create(prototype) as RequestLoaders;
  self[REQUEST] = state;
  return self as unknown as Loaders;
}
