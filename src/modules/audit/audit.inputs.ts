import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Audit filters. 审计筛选。' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Events about this record. 某记录的审计。' }) record?: string | null;
  @Field(() => String, { nullable: true, description: 'Operation or read kind. 操作。' }) action?: string | null;
  @Field(() => String, { nullable: true, description: 'Actor. 操作人。' }) actor?: string | null;
}
