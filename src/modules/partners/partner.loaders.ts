/**
 * The partners module's per-request loaders, built from its reader (rows the principal may see;
 * never shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { PartnerReader } from './partner.reader';
import { PartnerApiKeyNode, PartnerOrganisationNode } from './partner.types';

export function createPartnerLoaders(partnerReader: PartnerReader) {
  return {
    partnerReader,
    partner: byId<PartnerOrganisationNode>((ids) => partnerReader.partnersByIds(ids)),
    apiKeysOfPartner: grouped<PartnerApiKeyNode>((ids) => partnerReader.apiKeysOfPartners(ids), (k) => k.partnerId),
  };
}

registerNode('PartnerOrganisation', (ctx, key) => ctx.loaders.partner.load(key));
registerNode('PartnerApiKey', async (ctx, key) => (await ctx.loaders.partnerReader.apiKeysByIds([key]))[0] ?? null);
