import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node, toGlobalId } from '../../graphql/relay';
import type { AuditRow } from './audit.reader';

@ObjectType('AuditEvent', { implements: Node, description: 'One audited act (insert-only). 审计记录（只增不改）。' })
export class AuditEventNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  @Field({ description: 'When. 时间。' }) at!: Date;
  @Field({ description: 'Who. 操作人。' }) actor!: string;
  @Field({ description: 'Their role. 角色。' }) actorRole!: string;
  @Field({ description: 'Operation or read kind. 操作。' }) action!: string;
  @Field(() => String, { nullable: true, description: 'Record type. 记录类型。' }) entity!: string | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the record. 记录标识。' }) record!: string | null;
  @Field(() => [ID], {
    description: 'Global ids of every record a read row covers: one row per request lists all the records it showed unmasked; a mutation\'s row lists its one record. 本条涵盖的全部记录标识（一次请求的明文读取合为一条）。',
  }) records!: string[];
  @Field({ description: 'SUCCESS, REJECTED, DENIED or FAILED. 结果。' }) outcome!: string;
  @Field(() => String, { nullable: true, description: 'Client address. 来源地址。' }) ip!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Non-personal detail. 说明（不含个人信息）。' }) detail!: Record<string, unknown> | null;
  /** Database key, for the loaders. */
  dbId!: string;
}

export function auditFromRow(r: AuditRow): AuditEventNode {
  return Object.assign(new AuditEventNode(), {
    id: toGlobalId('AuditEvent', String(r.id)), dbId: String(r.id), at: new Date(r.at), actor: r.actor, actorRole: r.actor_role, action: r.action,
    entity: r.entity, record: r.entity && r.record_id ? toGlobalId(r.entity, r.record_id) : null,
    records: r.entity ? (r.record_ids ?? (r.record_id ? [r.record_id] : [])).map((k) => toGlobalId(r.entity as string, k)) : [], outcome: r.outcome, ip: r.ip,
    detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
  });
}
