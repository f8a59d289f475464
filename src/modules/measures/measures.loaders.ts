/**
 * The measures module's per-request loaders, built from its reader (rows the principal may see;
 * never shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { PlanReader } from './measures.reader';
import { PlanItemNode } from './measures.types';

export function createMeasuresLoaders(planReader: PlanReader) {
  return {
    planReader,
    planItem: byId<PlanItemNode>((ids) => planReader.itemsByIds(ids)),
    planOfHousehold: grouped<PlanItemNode>((ids) => planReader.itemsOfHouseholds(ids), (p) => p.householdId),
    deliveries: grouped((ids) => planReader.deliveries(ids), (d) => d.planItemId),
  };
}

registerNode('PlanItem', (ctx, key) => ctx.loaders.planItem.load(key));
registerNode('Delivery', async (ctx, key) => (await ctx.loaders.planReader.deliveriesByIds([key]))[0] ?? null);
