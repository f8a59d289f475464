/**
 * The registry's per-request loaders, built from its reader (rows the principal may see; never
 * shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { certainlySelects } from '../../graphql/selection';
import { maySee } from '../../access/matrix';
import { readAuditedInStatement } from '../../graphql/audit-flush';
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

/**
 * A household by `node(id:)`. When the query certainly shows its members' id numbers unmasked
 * (the caller's role holds the right, and members { idNumber } is selected with no directive), the
 * read writes their audit row in its own statement (one round trip instead of two; the request's
 * flush then skips those persons). Otherwise, and inside a transaction, the ordinary loader.
 */
registerNode('Household', async (ctx, key, info) => {
  if (!maySee(ctx.principal.role, 'ID_NUMBER') || !certainlySelects(info, 'Household', ['members', 'idNumber'])) return ctx.loaders.household.load(key);
  const read = await readAuditedInStatement(ctx, ctx.loaders.reader.householdAuditingMemberIdNumbers(key, ctx));
  if (!read) return ctx.loaders.household.load(key);
  ctx.unmaskedReads.alreadyWritten('READ_UNMASKED_ID_NUMBER', 'Person', read.audited);
  if (!read.node) return null;
  ctx.loaders.household.prime(key, ctx.loaders.primeHouseholds([read.node])[0]);
  return read.node;
});
registerNode('Person', (ctx, key) => ctx.loaders.person.load(key));
registerNode('Township', (ctx, key) => ctx.loaders.township.load(key));
registerNode('Community', (ctx, key) => ctx.loaders.community.load(key));
