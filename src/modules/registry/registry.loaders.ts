/**
 * The registry's per-request loaders, built from its reader (rows the principal may see; never
 * shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { RegistryReader } from './registry.reader';
import { CommunityNode, HouseholdNode, PersonNode, TownshipNode } from './registry.types';
import type { Row } from '../../shared/row';

export function createRegistryLoaders(reader: RegistryReader) {
  return {
    reader,
    township: byId<TownshipNode>((ids) => reader.townshipsByIds(ids)),
    community: byId<CommunityNode>((ids) => reader.communitiesByIds(ids)),
    communitiesOfTownship: grouped<CommunityNode>((ids) => reader.communitiesByTownshipIds(ids), (c) => c.townshipId),
    household: byId<HouseholdNode>((ids) => reader.householdsByIds(ids)),
    person: byId<PersonNode>((ids) => reader.personsByIds(ids)),
    members: grouped<PersonNode>((ids) => reader.membersByHouseholdIds(ids), (p) => p.householdId),
    /** All current members as raw rows, for eligibility (only resolved for roles that may see income). */
    memberRows: grouped<Row>((ids) => reader.allMemberRows(ids), (r) => String(r.household_id)),
  };
}

registerNode('Household', (ctx, key) => ctx.loaders.household.load(key));
registerNode('Person', (ctx, key) => ctx.loaders.person.load(key));
registerNode('Township', (ctx, key) => ctx.loaders.township.load(key));
registerNode('Community', (ctx, key) => ctx.loaders.community.load(key));
