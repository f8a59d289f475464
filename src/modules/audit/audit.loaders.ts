/** The audit module's per-request loaders, built from its reader, and its node type for `node(id:)`. */
import { byId } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { AuditReader } from './audit.reader';
import { auditFromRow, AuditEventNode } from './audit.types';

export function createAuditLoaders(auditReader: AuditReader) {
  return {
    auditReader,
    auditEvent: byId<AuditEventNode>(async (ids) => (await auditReader.byIds(ids)).map(auditFromRow)),
  };
}

registerNode('AuditEvent', (ctx, key) => ctx.loaders.auditEvent.load(key));
