import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { MutationPayload } from '../../graphql/payload';
import { PartnerService, registerPartnerOrganisation } from './partner.service';
import { ApiKeyScope, PartnerKind } from './partner.enums';
import { CivilizedUnitLevel } from '../pairing/pairing.enums';
import { PartnerApiKeyNode, PartnerOrganisationNode } from './partner.types';

@InputType({ description: 'Create an API key for a partner. 为帮扶主体创建接口密钥。' })
class CreatePartnerApiKeyInput {
  @Field(() => ID, { description: 'The partner. 帮扶主体。' }) partner!: string;
  @Field({ description: 'What the key is for (system, contact). 用途说明。' }) label!: string;
  @Field(() => [ApiKeyScope], { nullable: true, description: 'What the key may do (default: everything a partner may). 权限范围。' }) scopes?: ApiKeyScope[] | null;
}
@InputType({ description: 'Register a partner organisation (R18). 登记帮扶主体。' })
class RegisterPartnerOrganisationInput {
  @Field({ description: 'Stable code: lowercase letters, digits, hyphens. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field(() => PartnerKind, { description: 'Kind. 类型。' }) kind!: PartnerKind;
  @Field(() => CivilizedUnitLevel, { nullable: true, description: 'Level (civilized units only; sets their quota). 文明单位级别。' }) level?: CivilizedUnitLevel | null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of registerPartnerOrganisation. 登记结果。' })
class RegisterPartnerOrganisationPayload extends MutationPayload {
  @Field(() => PartnerOrganisationNode, { nullable: true, description: 'The partner. 帮扶主体。' }) partner: PartnerOrganisationNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of createPartnerApiKey. 创建密钥结果。' })
class CreatePartnerApiKeyPayload extends MutationPayload {
  @Field(() => PartnerApiKeyNode, { nullable: true, description: 'The key. 密钥。' }) apiKey: PartnerApiKeyNode | null = null;
  @Field(() => String, {
    nullable: true,
    description: 'The full key for the `X-Api-Key` header. Shown only now; only its hash is kept. 完整密钥，仅显示一次。',
  })
  secret: string | null = null;
}
@InputType({ description: 'Revoke a partner API key. 吊销接口密钥。' })
class RevokePartnerApiKeyInput {
  @Field(() => ID, { description: 'The key. 密钥。' }) apiKey!: string;
  @Field(() => Int, { description: 'The version you read. 版本号。' }) version!: number;
}
@ObjectType({ implements: MutationPayload, description: 'Result of revokePartnerApiKey. 吊销结果。' })
class RevokePartnerApiKeyPayload extends MutationPayload {
  @Field(() => PartnerApiKeyNode, { nullable: true, description: 'The revoked key. 已吊销的密钥。' }) apiKey: PartnerApiKeyNode | null = null;
}

const service = new PartnerService();

@Resolver(() => PartnerOrganisationNode)
export class PartnerResolver {
  @Query(() => [PartnerOrganisationNode], { description: 'Partner organisations. 帮扶主体列表。' })
  partnerOrganisations(@Ctx() ctx: RequestContext) {
    return ctx.loaders.partnerReader.partners();
  }

  @FieldResolver(() => [PartnerApiKeyNode], { description: 'Its API keys (civil affairs only; empty otherwise). 接口密钥（仅民政可见）。' })
  apiKeys(@Root() p: PartnerOrganisationNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.apiKeysOfPartner.load(p.dbId);
  }

  @Mutation(() => CreatePartnerApiKeyPayload, { description: 'Create a partner API key. 创建接口密钥。' })
  async createPartnerApiKey(@Arg('input', () => CreatePartnerApiKeyInput, { description: 'The input. 输入。' }) input: CreatePartnerApiKeyInput, @Ctx() ctx: RequestContext) {
    const r = await service.createApiKey(ctx, input.partner, input.label, input.scopes ?? undefined);
    const payload = new CreatePartnerApiKeyPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    const keys = await ctx.loaders.partnerReader.apiKeysOfPartners([String((await ctx.knex('partner_api_key').select('partner_id').where('id', r.id).first()).partner_id)]);
    return Object.assign(payload, { apiKey: keys.find((k) => k.dbId === r.id) ?? null, secret: r.token });
  }

  @Mutation(() => RegisterPartnerOrganisationPayload, { description: 'Register a partner organisation (civil affairs, civilization office). 登记帮扶主体。' })
  async registerPartnerOrganisation(@Arg('input', () => RegisterPartnerOrganisationInput, { description: 'The input. 输入。' }) input: RegisterPartnerOrganisationInput, @Ctx() ctx: RequestContext) {
    const r = await registerPartnerOrganisation(ctx, input);
    if (!r.ok) return Object.assign(new RegisterPartnerOrganisationPayload(), { userErrors: r.userErrors });
    return Object.assign(new RegisterPartnerOrganisationPayload(), { partner: await ctx.loaders.partner.load(r.id) });
  }

  @Mutation(() => RevokePartnerApiKeyPayload, { description: 'Revoke a partner API key at once. 立即吊销接口密钥。' })
  async revokePartnerApiKey(@Arg('input', () => RevokePartnerApiKeyInput, { description: 'The input. 输入。' }) input: RevokePartnerApiKeyInput, @Ctx() ctx: RequestContext) {
    const r = await service.revokeApiKey(ctx, input.apiKey, input.version);
    const payload = new RevokePartnerApiKeyPayload();
    if (!r.ok) return Object.assign(payload, { userErrors: r.userErrors });
    const row = await ctx.knex('partner_api_key').select('*').where('id', r.id).first();
    const { apiKeyFromRow } = await import('./partner.types');
    return Object.assign(payload, { apiKey: apiKeyFromRow(row) });
  }
}
