/**
 * TEMPORARY (issue 9): node types registered here until their module registers them itself in its
 * `<module>.loaders.ts` with `registerNode` (src/graphql/node-registry.ts). When you move a type
 * into your module, delete its line here (a type registered twice fails at start-up). This file
 * goes once it is empty.
 */
import { registerNode } from './node-registry';

registerNode('PartnerOrganisation', (ctx, key) => ctx.loaders.partner.load(key));
registerNode('PartnerApiKey', async (ctx, key) => (await ctx.loaders.partnerReader.apiKeysByIds([key]))[0] ?? null);
registerNode('Need', (ctx, key) => ctx.loaders.need.load(key));
registerNode('Pairing', (ctx, key) => ctx.loaders.pairing.load(key));
registerNode('PairingLedgerEntry', async (ctx, key) => (await ctx.loaders.pairingReader.ledgerByIds([key]))[0] ?? null);
