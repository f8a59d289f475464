import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { answerCommittedWrites } from './faults';
import { guardTextArguments } from './text-guard';
import { NodeResolver } from './node.resolver';
import { MutationAudit } from './mutation-audit';
import { applyToMutations, plainFieldsResolveByDefault } from './field-guard';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';
import {
  CommunityFieldsResolver, HouseholdFieldsResolver, PersonFieldsResolver, RegistryResolver, TownshipFieldsResolver,
} from '../modules/registry/registry.resolver';
import { PartnerResolver } from '../modules/partners/partner.resolver';
import { HouseholdEligibilityResolver, PolicyResolver } from '../policy/policy.resolver';
import {
  CaseNoticeFieldsResolver, HouseholdCasesResolver, IdentificationCaseFieldsResolver, IdentificationResolver,
} from '../modules/identification/identification.resolver';
import { HouseholdPlanResolver, MeasuresResolver, PlanItemFieldsResolver } from '../modules/measures/measures.resolver';
import {
  AllowanceRunFieldsResolver, AllowanceRunLineFieldsResolver, FundAllocationFieldsResolver, FundsResolver,
} from '../modules/funds/funds.resolver';
import {
  NeedFieldsResolver, PairedHouseholdFieldsResolver, PairingFieldsResolver, PairingResolver,
} from '../modules/pairing/pairing.resolver';
// donors (issue 12)
import {
  AllocationRunFieldsResolver, CharityPlatformFieldsResolver, DonationMatchFieldsResolver, DonorsResolver, PledgeFieldsResolver, RankedNeedFieldsResolver,
} from '../modules/donors/donors.resolver';
// supervision (issue 13)
import {
  AllocationUseFieldsResolver, CheckFieldsResolver, CheckHouseholdFieldsResolver, ScorecardSourceRowFieldsResolver, SignOffFieldsResolver,
  SupervisionResolver, TownshipScoreFieldsResolver,
} from '../modules/supervision/supervision.resolver';
// monitoring (issue 11)
import { MonitoringResolver, TemporaryReliefFieldsResolver, WarningFieldsResolver } from '../modules/monitoring/monitoring.resolver';
// lifecycle (issue 11)
import {
  HouseholdEpisodeFieldsResolver, HouseholdLifecycleFieldsResolver, HouseholdRecheckFieldsResolver, LifecycleResolver, RecheckQueueEntryFieldsResolver,
} from '../modules/lifecycle/lifecycle.resolver';
// registry lookups (issue 14, office-docs)
import { RegistryLookupResolver } from '../modules/registry/registry.lookups.resolver';

export const RESOLVERS = [
  NodeResolver, ViewerResolver, RegistryResolver, HouseholdFieldsResolver, PersonFieldsResolver, TownshipFieldsResolver,
  CommunityFieldsResolver, PartnerResolver, AuditResolver, PolicyResolver, HouseholdEligibilityResolver, IdentificationResolver,
  IdentificationCaseFieldsResolver, CaseNoticeFieldsResolver, HouseholdCasesResolver, MeasuresResolver, PlanItemFieldsResolver,
  HouseholdPlanResolver, FundsResolver, FundAllocationFieldsResolver, AllowanceRunFieldsResolver, AllowanceRunLineFieldsResolver,
  PairingResolver, NeedFieldsResolver, PairingFieldsResolver, PairedHouseholdFieldsResolver,
  // supervision (issue 13)
  SupervisionResolver, TownshipScoreFieldsResolver, ScorecardSourceRowFieldsResolver, AllocationUseFieldsResolver, CheckFieldsResolver,
  CheckHouseholdFieldsResolver, SignOffFieldsResolver,
  // monitoring (issue 11)
  MonitoringResolver, WarningFieldsResolver, TemporaryReliefFieldsResolver,
  // lifecycle (issue 11)
  LifecycleResolver, HouseholdLifecycleFieldsResolver, HouseholdEpisodeFieldsResolver, HouseholdRecheckFieldsResolver, RecheckQueueEntryFieldsResolver,
  // donors (issue 12)
  DonorsResolver, CharityPlatformFieldsResolver, PledgeFieldsResolver, RankedNeedFieldsResolver, DonationMatchFieldsResolver, AllocationRunFieldsResolver,
  // registry lookups by code, card number, id number (issue 14, office-docs)
  RegistryLookupResolver,
] as const;

let cached: GraphQLSchema | undefined;

/** Builds the executable schema once per process. */
export async function createSchema(): Promise<GraphQLSchema> {
  if (cached) return cached;
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    // Validation lives in the services (one set of rules for GraphQL, CLI and imports) and is
    // reported as userErrors; see README "Departures from DESIGN.md".
    validate: false,
    emitSchemaFile: false,
  });
  // Every mutation's REJECTED and FAILED outcome is audited, whichever module it belongs to
  // (queries pass straight through); SUCCESS rows come from the mutation runner (src/db/mutation.ts).
  // Applied to the fields of Mutation only, not as type-graphql's global middleware, which would
  // wrap every field of every object in an async dispatcher (issue 10: less work per field).
  applyToMutations(schema, MutationAudit);
  // perf (issue 10): plain fields without a guard resolve by graphql-js's default resolver.
  plainFieldsResolveByDefault(schema);
  // Global middleware of every field with arguments, outermost first when called: control
  // characters are refused before any resolver runs (text-guard.ts), and a mutation whose change
  // committed answers "done" whatever fails while reading back its answer (faults.ts).
  answerCommittedWrites(schema);
  guardTextArguments(schema);
  cached = schema;
  return cached;
}

/** The checked-in SDL, found from the package root (works from src/ under ts-jest and from dist/). */
export const SCHEMA_FILE = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'schema', 'schema.graphql');
})();

export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
