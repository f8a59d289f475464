import { Field, ID, InputType, Int } from 'type-graphql';
import { ApiKeyScope, CivilizedUnitLevel, PartnerKind } from './partner.enums';

@InputType({ description: 'Create an API key for a partner. 为帮扶主体创建接口密钥。' })
export class CreatePartnerApiKeyInput {
  @Field(() => ID, { description: 'The partner. 帮扶主体。' }) partner!: string;
  @Field({ description: 'What the key is for (system, contact). 用途说明。' }) label!: string;
  @Field(() => [ApiKeyScope], { nullable: true, description: 'What the key may do (default: everything a partner may). 权限范围。' }) scopes?: ApiKeyScope[] | null;
}
@InputType({ description: 'Register a partner organisation (R18). 登记帮扶主体。' })
export class RegisterPartnerOrganisationInput {
  @Field({ description: 'Stable code: lowercase letters, digits, hyphens. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field(() => PartnerKind, { description: 'Kind. 类型。' }) kind!: PartnerKind;
  @Field(() => CivilizedUnitLevel, { nullable: true, description: 'Level (civilized units only; sets their quota). 文明单位级别。' }) level?: CivilizedUnitLevel | null;
}
@InputType({ description: 'Revoke a partner API key. 吊销接口密钥。' })
export class RevokePartnerApiKeyInput {
  @Field(() => ID, { description: 'The key. 密钥。' }) apiKey!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
}
