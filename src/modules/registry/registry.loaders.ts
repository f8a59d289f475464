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
  const township = byId<TownshipNode>((ids) => reader.townshipsByIds(ids));
  const community = byId<CommunityNode>((ids) => reader.communitiesByIds(ids));
  const members = grouped<PersonNode>((ids) => reader.membersByHouseholdIds(ids), (p) => p.householdId);
  /**
   * Households arrive with their township, community and visible members (issue 10: one statement
   * for a page with members); the loaders keep them, so the nested fields read no more SQL.
   */
  const primeHouseholds = (nodes: readonly HouseholdNode[]) => {
    for (const h of nodes) {
      if (!h.related) continue;
      township.prime(h.townshipId, h.related.township);
      community.prime(h.communityId, h.related.community);
      members.prime(h.dbId, h.related.members);
    }
    return nodes;
  };
  return {
    reader,
    primeHouseholds,
    township,
    community,
    communitiesOfTownship: grouped<CommunityNode>((ids) => reader.communitiesByTownshipIds(ids), (c) => c.townshipId),
    household: byId<HouseholdNode>(async (ids) => primeHouseholds(await reader.householdsByIds(ids)) as HouseholdNode[]),
    person: byId<PersonNode>((ids) => reader.personsByIds(ids)),
    members,
    /** All current members as raw rows, for eligibility (only resolved for roles that may see income). */
    memberRows: grouped<Row>((ids) => reader.allMemberRows(ids), (r) => String(r.household_id)),
  };
}

registerNode('Household', (ctx, key) => ctx.loaders.household.load(key));
registerNode('Person', (ctx, key) => ctx.loaders.person.load(key));
registerNode('Township', (ctx, key) => ctx.loaders.township.load(key));
registerNode('Community', (ctx, key) => ctx.loaders.community.load(key));
