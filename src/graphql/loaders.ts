import DataLoader from 'dataloader';
import { RegistryReader } from '../modules/registry/registry.reader';
import { PartnerReader } from '../modules/partners/partner.reader';
import { PartnerApiKeyNode, PartnerOrganisationNode } from '../modules/partners/partner.types';
import { CommunityNode, HouseholdNode, PersonNode, TownshipNode } from '../modules/registry/registry.types';

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
export function createLoaders(reader: RegistryReader, partnerReader: PartnerReader) {
  return {
    reader,
    partnerReader,
    partner: byId<PartnerOrganisationNode>((ids) => partnerReader.partnersByIds(ids)),
    apiKeysOfPartner: grouped<PartnerApiKeyNode>((ids) => partnerReader.apiKeysOfPartners(ids), (k) => k.partnerId),
    township: byId<TownshipNode>((ids) => reader.townshipsByIds(ids)),
    community: byId<CommunityNode>((ids) => reader.communitiesByIds(ids)),
    communitiesOfTownship: grouped<CommunityNode>((ids) => reader.communitiesByTownshipIds(ids), (c) => c.townshipId),
    household: byId<HouseholdNode>((ids) => reader.householdsByIds(ids)),
    person: byId<PersonNode>((ids) => reader.personsByIds(ids)),
    members: grouped<PersonNode>((ids) => reader.membersByHouseholdIds(ids), (p) => p.householdId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
