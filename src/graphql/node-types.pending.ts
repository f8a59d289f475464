/**
 * TEMPORARY (issue 9): node types registered here until their module registers them itself in its
 * `<module>.loaders.ts` with `registerNode` (src/graphql/node-registry.ts). When you move a type
 * into your module, delete its line here (a type registered twice fails at start-up). This file
 * goes once it is empty.
 */
import { registerNode } from './node-registry';
import { fundsNode } from '../modules/funds/funds.resolver';
import { mayReadRows } from '../access/matrix';
import { auditEventById } from '../access/audit.resolver';

registerNode('Household', (ctx, key) => ctx.loaders.household.load(key));
registerNode('Person', (ctx, key) => ctx.loaders.person.load(key));
registerNode('Township', (ctx, key) => ctx.loaders.township.load(key));
registerNode('Community', (ctx, key) => ctx.loaders.community.load(key));
registerNode('PartnerOrganisation', (ctx, key) => ctx.loaders.partner.load(key));
registerNode('PartnerApiKey', async (ctx, key) => (await ctx.loaders.partnerReader.apiKeysByIds([key]))[0] ?? null);
registerNode('PlanItem', (ctx, key) => ctx.loaders.planItem.load(key));
registerNode('Delivery', async (ctx, key) => (await ctx.loaders.planReader.deliveriesByIds([key]))[0] ?? null);
registerNode('AuditEvent', (ctx, key) => (mayReadRows(ctx.principal.role, 'AuditEvent') ? auditEventById(ctx.knex, key) : null));
registerNode('Need', (ctx, key) => ctx.loaders.need.load(key));
registerNode('Pairing', (ctx, key) => ctx.loaders.pairing.load(key));
registerNode('PairingLedgerEntry', async (ctx, key) => (await ctx.loaders.pairingReader.ledgerByIds([key]))[0] ?? null);
for (const type of ['FundSource', 'FundAllocation', 'AllowanceRun']) registerNode(type, (ctx, key) => fundsNode(ctx, type, key));
