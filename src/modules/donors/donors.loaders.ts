/**
 * The donors module's per-request loaders, built from its reader (rows the principal may see;
 * never shared across requests), and its node types for `node(id:)`. Reads that depend on the
 * county day (pseudonyms, the k-anonymity parameter) take the request clock's day.
 */
import DataLoader from 'dataloader';
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { countyToday } from '../../shared/county-calendar';
import { DonorsReader } from './donors.reader';
import { AllocationRunNode, CharityPlatformApiKeyNode, CharityPlatformNode, DonationMatchNode, DonationNeedNode, DonorNode, PledgeNode, PledgeTrace } from './donors.types';

export function createDonorsLoaders(donorsReader: DonorsReader) {
  const byDay = new Map<string, { match: DataLoader<string, DonationMatchNode | null>; trace: DataLoader<string, PledgeTrace>; donationNeed: DataLoader<string, DonationNeedNode | null> }>();
  return {
    donorsReader,
    charityPlatform: byId<CharityPlatformNode>((ids) => donorsReader.platformsByIds(ids)),
    charityPlatformKeys: grouped<CharityPlatformApiKeyNode>((ids) => donorsReader.platformKeysOf(ids), (k) => k.platformId),
    donor: byId<DonorNode>((ids) => donorsReader.donorsByIds(ids)),
    pledge: byId<PledgeNode>((ids) => donorsReader.pledgesByIds(ids)),
    allocationRun: byId<AllocationRunNode>((ids) => donorsReader.runsByIds(ids)),
    /** Matches and pledge traces of one county day (areas and pseudonyms depend on it). */
    donationsOn(today: string) {
      let l = byDay.get(today);
      if (!l) {
        l = {
          match: byId<DonationMatchNode>((ids) => donorsReader.matchesByIds(ids, today)),
          trace: new DataLoader<string, PledgeTrace>(async (keys) => {
            const traces = await donorsReader.tracesOf(keys, today);
            return keys.map((k) => traces.get(k)!);
          }),
          /** Needs (by key) under the caller's pseudonyms: one read for all the matches of a page. */
          donationNeed: new DataLoader<string, DonationNeedNode | null>(async (keys) => {
            const found = new Map((await donorsReader.donationNeedsByKeys(keys, today)).map((n) => [n.needKey, n]));
            return keys.map((k) => found.get(k) ?? null);
          }),
        };
        byDay.set(today, l);
      }
      return l;
    },
  };
}

registerNode('CharityPlatform', (ctx, key) => ctx.loaders.charityPlatform.load(key));
registerNode('CharityPlatformApiKey', async (ctx, key) => (await ctx.loaders.donorsReader.platformKeysByIds([key]))[0] ?? null);
registerNode('Donor', (ctx, key) => ctx.loaders.donor.load(key));
registerNode('Pledge', (ctx, key) => ctx.loaders.pledge.load(key));
registerNode('AllocationRun', (ctx, key) => ctx.loaders.allocationRun.load(key));
registerNode('DonationMatch', (ctx, key) => ctx.loaders.donationsOn(countyToday(ctx.clock)).match.load(key));
// A pseudonym opens only for the platform or partner it was made for, in its period.
registerNode('DonationNeed', (ctx, key) => ctx.loaders.donorsReader.donationNeedByName(key, countyToday(ctx.clock)));
