/**
 * The two shapes of per-request DataLoader every module's `<module>.loaders.ts` builds from its
 * reader: one row by key, and the rows grouped under a parent key. A key the reader does not
 * return (absent, or not visible to the caller) loads as null / [].
 */
import DataLoader from 'dataloader';

export function byId<T extends { dbId: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((r) => [r.dbId, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

export function grouped<T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string) {
  return new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load(ids)) groups.get(key(row))?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  });
}
