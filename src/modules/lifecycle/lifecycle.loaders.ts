/**
 * The lifecycle's per-request loaders, built from its reader (rows the principal may see; never
 * shared across requests), and its node types for `node(id:)`. `householdAsOf` batches every
 * household of a page asked for one day into one reader call (two statements), whatever the page size.
 */
import DataLoader from 'dataloader';
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { HouseholdAsOfRows, LifecycleReader } from './lifecycle.reader';
import { changeFromRow, episodeFromRow, HouseholdEpisodeNode, HouseholdRecheckNode, recheckFromRow, RecordChangeNode } from './lifecycle.types';

/** How many of its latest changes a household shows (Household.changes). */
export const CHANGES_SHOWN = 50;

export function createLifecycleLoaders(lifecycleReader: LifecycleReader) {
  return {
    lifecycleReader,
    episode: byId<HouseholdEpisodeNode>(async (ids) => (await lifecycleReader.episodesByIds(ids)).map(episodeFromRow)),
    episodesOfHousehold: grouped<HouseholdEpisodeNode>(async (ids) => (await lifecycleReader.episodesOfHouseholds(ids)).map(episodeFromRow), (e) => e.householdId),
    recheck: byId<HouseholdRecheckNode>(async (ids) => (await lifecycleReader.rechecksByIds(ids)).map(recheckFromRow)),
    rechecksOfHousehold: grouped<HouseholdRecheckNode>(async (ids) => (await lifecycleReader.rechecksOfHouseholds(ids)).map(recheckFromRow), (r) => r.householdId),
    /** The latest CHANGES_SHOWN changes of each household and its members. */
    changesOfHousehold: grouped<RecordChangeNode & { householdId: string }>(
      async (ids) => (await lifecycleReader.changesOfHouseholds(ids, CHANGES_SHOWN)).map((r) => Object.assign(changeFromRow(r), { householdId: String(r.household_id) })),
      (c) => c.householdId,
    ),
    /** Key: `${day}|${householdKey}`. One reader call per day asked in the request. */
    householdAsOf: new DataLoader<string, HouseholdAsOfRows>(async (keys) => {
      const byDay = new Map<string, string[]>();
      for (const k of keys) {
        const [day, id] = k.split('|');
        byDay.set(day, [...(byDay.get(day) ?? []), id]);
      }
      const found = new Map<string, HouseholdAsOfRows>();
      for (const [day, ids] of byDay) {
        for (const r of await lifecycleReader.householdsAsOf(ids, day)) found.set(`${day}|${r.householdId}`, r);
      }
      return keys.map((k) => found.get(k)!);
    }),
  };
}

registerNode('HouseholdEpisode', (ctx, key) => ctx.loaders.episode.load(key));
registerNode('HouseholdRecheck', (ctx, key) => ctx.loaders.recheck.load(key));
