/**
 * The funds module's per-request loaders, built from its reader (rows the principal may see;
 * never shared across requests), and its node types for `node(id:)` under the same row rules.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { FundsReader } from './funds.reader';
import { AllowanceRunLineNode, AllowanceRunNode, FundAllocationNode, FundSourceNode } from './funds.types';

export function createFundsLoaders(fundsReader: FundsReader) {
  return {
    fundsReader,
    fundSource: byId<FundSourceNode>((ids) => fundsReader.sources(ids)),
    fundAllocation: byId<FundAllocationNode>((ids) => fundsReader.allocations(null, ids)),
    allowanceRun: byId<AllowanceRunNode>((ids) => fundsReader.runsByIds(ids)),
    allowanceRunLines: grouped<AllowanceRunLineNode>((ids) => fundsReader.lines(ids), (l) => l.runId),
  };
}

registerNode('FundSource', (ctx, key) => ctx.loaders.fundSource.load(key));
registerNode('FundAllocation', (ctx, key) => ctx.loaders.fundAllocation.load(key));
registerNode('AllowanceRun', (ctx, key) => ctx.loaders.allowanceRun.load(key));
