/**
 * The pairing module's per-request loaders, built from its reader (rows the principal may see;
 * never shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { PairingReader } from './pairing.reader';
import { NeedNode, PairingNode } from './pairing.types';

export function createPairingLoaders(pairingReader: PairingReader) {
  return {
    pairingReader,
    need: byId<NeedNode>((ids) => pairingReader.needsByIds(ids)),
    pairing: byId<PairingNode>((ids) => pairingReader.pairingsByIds(ids)),
    pairingPartners: grouped((ids) => pairingReader.partnersOf(ids), (p) => p.pairingId),
    pairingHouseholds: grouped((ids) => pairingReader.householdsOf(ids), (h) => h.pairingId),
    pairingLedger: grouped((ids) => pairingReader.ledgerOf(ids), (l) => l.pairingId),
  };
}

registerNode('Need', (ctx, key) => ctx.loaders.need.load(key));
registerNode('Pairing', (ctx, key) => ctx.loaders.pairing.load(key));
registerNode('PairingLedgerEntry', async (ctx, key) => (await ctx.loaders.pairingReader.ledgerByIds([key]))[0] ?? null);
