import { Arg, Args, Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { Knex } from '@mikro-orm/postgresql';
import { RequestContext } from '../graphql/context';
import { keysetPage } from '../graphql/paging';
import { Connection, fromGlobalId, Node, toGlobalId } from '../graphql/relay';
import { ConnectionArgs } from '../modules/registry/registry.resolver';

@ObjectType('AuditEvent', { implements: Node, description: 'One audited act (insert-only). 审计记录（只增不改）。' })
export class AuditEventNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  @Field({ description: 'When. 时间。' }) at!: Date;
  @Field({ description: 'Who. 操作人。' }) actor!: string;
  @Field({ description: 'Their role. 角色。' }) actorRole!: string;
  @Field({ description: 'Operation or read kind. 操作。' }) action!: string;
  @Field(() => String, { nullable: true, description: 'Record type. 记录类型。' }) entity!: string | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the record. 记录标识。' }) record!: string | null;
  @Field({ description: 'SUCCESS, REJECTED, DENIED or FAILED. 结果。' }) outcome!: string;
  @Field(() => String, { nullable: true, description: 'Client address. 来源地址。' }) ip!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Non-personal detail. 说明（不含个人信息）。' }) detail!: Record<string, unknown> | null;
}

@InputType({ description: 'Audit filters. 审计筛选。' })
class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Events about this record. 某记录的审计。' }) record?: string | null;
  @Field(() => String, { nullable: true, description: 'Operation or read kind. 操作。' }) action?: string | null;
  @Field(() => String, { nullable: true, description: 'Actor. 操作人。' }) actor?: string | null;
}

const AuditConnection = Connection(AuditEventNode, 'AuditEvent', '审计记录');

function auditFromRow(r: Record<string, any>): AuditEventNode {
  return Object.assign(new AuditEventNode(), {
    id: toGlobalId('AuditEvent', String(r.id)), at: new Date(r.at), actor: r.actor, actorRole: r.actor_role, action: r.action,
    entity: r.entity, record: r.entity && r.record_id ? toGlobalId(r.entity, r.record_id) : null, outcome: r.outcome, ip: r.ip,
    detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
  });
}

export async function auditEventById(knex: Knex, id: string): Promise<AuditEventNode | null> {
  const row = await knex('audit_event').where('id', id).first();
  return row ? auditFromRow(row) : null;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditConnection.type, { description: 'The audit trail, newest first. 审计日志（倒序）。' })
  async auditEvents(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext, @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Filters. 筛选条件。' }) filter?: AuditEventFilter) {
    const base = ctx.knex('audit_event as a');
    if (filter?.record) {
      const parsed = fromGlobalId(filter.record);
      if (!parsed) base.whereRaw('false');
      else base.where({ 'a.entity': parsed.type, 'a.record_id': parsed.key });
    }
    if (filter?.action) base.where('a.action', filter.action.slice(0, 80));
    if (filter?.actor) base.where('a.actor', filter.actor.slice(0, 120));
    const result = await keysetPage<Record<string, any> & { id: string }>(base.clone().select('a.*'), { column: 'a.id', cast: 'bigint', value: (r) => String(r.id) }, true, page, 'a.id');
    return AuditConnection.from({
      nodes: result.rows.map(auditFromRow),
      cursors: result.cursors,
      pageInfo: result.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    });
  }
}
