import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Connection, ConnectionArgs, fromGlobalId } from '../../graphql/relay';
import { AuditEventFilter } from './audit.inputs';
import { auditFromRow, AuditEventNode } from './audit.types';

const AuditConnection = Connection(AuditEventNode, 'AuditEvent', '审计记录');

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnection.type, { description: 'The audit trail, newest first. 审计日志（倒序）。' })
  async auditEvents(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: AuditEventFilter) {
    const parsed = filter?.record ? fromGlobalId(filter.record) : undefined;
    const result = await ctx.loaders.auditReader.page({
      record: parsed === undefined ? undefined : parsed && { entity: parsed.type, key: parsed.key },
      action: filter?.action,
      actor: filter?.actor,
    }, page);
    return AuditConnection.from({ ...result, nodes: result.rows.map(auditFromRow) });
  }
}
