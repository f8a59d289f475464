import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../graphql/context';
import { toPayload } from '../../graphql/payload';
import { keyOf } from '../../graphql/relay';
import { PartnerService } from './partner.service';
import { CreatePartnerApiKeyInput, RegisterPartnerOrganisationInput, RevokePartnerApiKeyInput } from './partner.inputs';
import { CreatePartnerApiKeyPayload, PartnerApiKeyNode, PartnerOrganisationNode, RegisterPartnerOrganisationPayload, RevokePartnerApiKeyPayload } from './partner.types';

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
    const r = await service.createApiKey(ctx, keyOf(input.partner, 'PartnerOrganisation'), input.label, input.scopes ?? undefined);
    return toPayload(ctx, CreatePartnerApiKeyPayload, r, async (k) => {
      const [apiKey] = await ctx.loaders.partnerReader.apiKeysByIds([k.id]);
      return { apiKey: apiKey ?? null, secret: k.token };
    });
  }

  @Mutation(() => RegisterPartnerOrganisationPayload, { description: 'Register a partner organisation (civil affairs, civilization office). 登记帮扶主体。' })
  async registerPartnerOrganisation(@Arg('input', () => RegisterPartnerOrganisationInput, { description: 'The input. 输入。' }) input: RegisterPartnerOrganisationInput, @Ctx() ctx: RequestContext) {
    const r = await service.registerOrganisation(ctx, input);
    return toPayload(ctx, RegisterPartnerOrganisationPayload, r, async (id) => ({ partner: await ctx.loaders.partner.load(id) }));
  }

  @Mutation(() => RevokePartnerApiKeyPayload, { description: 'Revoke a partner API key at once. 立即吊销接口密钥。' })
  async revokePartnerApiKey(@Arg('input', () => RevokePartnerApiKeyInput, { description: 'The input. 输入。' }) input: RevokePartnerApiKeyInput, @Ctx() ctx: RequestContext) {
    const r = await service.revokeApiKey(ctx, keyOf(input.apiKey, 'PartnerApiKey'), input.version);
    return toPayload(ctx, RevokePartnerApiKeyPayload, r, async (id) => ({ apiKey: (await ctx.loaders.partnerReader.apiKeysByIds([id]))[0] ?? null }));
  }
}
