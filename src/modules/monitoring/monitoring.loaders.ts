/**
 * The monitoring module's per-request loaders (rows the principal may see; never shared across
 * requests) and its node types for `node(id:)` under the same row rules.
 */
import { byId } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { MonitoringReader } from './monitoring.reader';
import { FactNode, ReliefNode, WarningNode, WarningRuleNode } from './monitoring.types';
import DataLoader from 'dataloader';

export function createMonitoringLoaders(monitoringReader: MonitoringReader) {
  return {
    monitoringReader,
    warning: byId<WarningNode>((ids) => monitoringReader.warningsByIds(ids)),
    temporaryRelief: byId<ReliefNode>((ids) => monitoringReader.reliefsByIds(ids)),
    departmentFact: byId<FactNode>((ids) => monitoringReader.factsByIds(ids)),
    warningRule: new DataLoader<string, WarningRuleNode | null>(async (codes) => {
      const rows = await monitoringReader.rulesByCode(codes);
      return codes.map((c) => rows.find((r) => r.code === c) ?? null);
    }),
  };
}

registerNode('Warning', (ctx, key) => ctx.loaders.warning.load(key));
registerNode('TemporaryRelief', (ctx, key) => ctx.loaders.temporaryRelief.load(key));
registerNode('DepartmentFact', (ctx, key) => ctx.loaders.departmentFact.load(key));
