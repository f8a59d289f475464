/**
 * The node registry: `Query.node(id:)` (node.resolver.ts) answers every type a module registered
 * here and knows none of them. Each module registers its node types once, at import, in its
 * `<module>.loaders.ts`:
 *
 *   registerNode('Household', (ctx, key) => ctx.loaders.household.load(key));
 *
 * The loader reads through the request's loaders (built from the module's reader), so the row
 * scopes and the per-request cache apply exactly as on every other path: a key the caller may not
 * see answers null, as does a type nobody registered.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from './context';

/** `info` is the `node` field's: a loader may read what the query selects below it (selection.ts). */
export type NodeLoader = (ctx: RequestContext, key: string, info: GraphQLResolveInfo) => Promise<object | null> | object | null;

const nodeLoaders = new Map<string, NodeLoader>();

/** Registers the loader of one global-id type (the `Type` of `Type:key`); once per type. */
export function registerNode(type: string, load: NodeLoader): void {
  if (nodeLoaders.has(type)) {
    throw new Error(`node type ${type} registered twice (a module registers its own types once, in its <module>.loaders.ts)`);
  }
  nodeLoaders.set(type, load);
}

/** The object a global id names, read as the caller may see it; null when absent or not visible. */
export async function loadNode(ctx: RequestContext, type: string, key: string, info: GraphQLResolveInfo): Promise<object | null> {
  const load = nodeLoaders.get(type);
  return load ? ((await load(ctx, key, info)) ?? null) : null;
}

/** The registered types (for the test that every Node type of the schema can be fetched). */
export function registeredNodeTypes(): string[] {
  return [...nodeLoaders.keys()].sort();
}
