import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MutationPayload } from '../../graphql/payload';
import { Node, toGlobalId } from '../../graphql/relay';
import { registerDescribedEnum } from '../../graphql/enums';
import { ApiKeyScope, CivilizedUnitLevel, PartnerKind } from './partner.enums';
import type { Row } from '../../shared/row';

registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'Kind of partner organisation (R18, R21). 帮扶主体类型。',
  valuesConfig: {
    PARTY_CADRE: { description: 'Party cadres. 党员干部。' },
    WORK_UNIT: { description: 'Work unit. 机关事业单位。' },
    CIVILIZED_UNIT: { description: 'Civilized unit. 文明单位。' },
    ENTERPRISE: { description: 'Enterprise. 企业。' },
    TRADE_UNION: { description: 'Trade union. 工会。' },
    YOUTH_LEAGUE: { description: 'Youth league. 共青团。' },
    WOMENS_FEDERATION: { description: 'Women\'s federation. 妇联。' },
    POWER_COMPANY: { description: 'Power supply company. 供电公司。' },
    WATER_COMPANY: { description: 'Water company. 水务公司。' },
    CABLE_COMPANY: { description: 'Cable network company. 广电网络公司。' },
    CHARITY: { description: 'Charity. 慈善组织。' },
    SOCIAL_ORGANISATION: { description: 'Social organisation. 社会组织。' },
    VOLUNTEER: { description: 'Individual volunteer. 个人志愿者。' },
  },
});

registerDescribedEnum(CivilizedUnitLevel, 'CivilizedUnitLevel', 'Level of a civilized unit. 文明单位级别。', {
  NATIONAL: 'National. 全国。', PROVINCIAL: 'Provincial. 省级。', CITY: 'City. 市级。', COUNTY: 'County. 县级。',
});

registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'What a partner API key may do. 接口密钥权限范围。',
  valuesConfig: {
    NEEDS_READ: { description: 'Read published needs (anonymised). 查看帮扶需求。' },
    PAIRINGS: { description: 'Read and propose its pairings, read ledger totals. 结对。' },
    LEDGER_WRITE: { description: 'Record assistance (mutation, batch, webhook). 登记帮扶台账。' },
    SUBSCRIPTIONS: { description: 'Subscribe to need notifications. 订阅通知。' },
  },
});

@ObjectType('PartnerApiKey', { implements: Node, description: 'An API key of a partner; the secret is never shown again. 帮扶主体的接口密钥。' })
export class PartnerApiKeyNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  partnerId!: string;
  @Field({ description: 'Public key id (the part before the dot). 密钥公开标识。' }) keyId!: string;
  @Field({ description: 'Label given at creation. 备注。' }) label!: string;
  @Field(() => Int, { description: 'Version for optimistic locking. 版本号。' }) version!: number;
  @Field({ description: 'Created at. 创建时间。' }) createdAt!: Date;
  @Field({ description: 'Created by. 创建人。' }) createdBy!: string;
  @Field(() => Date, { nullable: true, description: 'Revoked at; null while valid. 吊销时间。' }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last successful use. 最近使用时间。' }) lastUsedAt!: Date | null;
  @Field(() => [ApiKeyScope], { description: 'What the key may do. 权限范围。' }) scopes!: ApiKeyScope[];
}

@ObjectType('PartnerOrganisation', { implements: Node, description: 'A partner organisation (R18). 帮扶主体。' })
export class PartnerOrganisationNode implements Node {
  @Field(() => ID, { description: 'Opaque global id. 全局标识。' }) id!: string;
  dbId!: string;
  @Field({ description: 'Stable code. 编码。' }) code!: string;
  @Field({ description: 'Name. 名称。' }) name!: string;
  @Field(() => PartnerKind, { description: 'Kind. 类型。' }) kind!: PartnerKind;
  @Field(() => CivilizedUnitLevel, { nullable: true, description: 'Level, for civilized units. 文明单位级别。' }) level!: CivilizedUnitLevel | null;
}

@ObjectType({ implements: MutationPayload, description: 'Result of registerPartnerOrganisation. 登记结果。' })
export class RegisterPartnerOrganisationPayload extends MutationPayload {
  @Field(() => PartnerOrganisationNode, { nullable: true, description: 'The partner. 帮扶主体。' }) partner: PartnerOrganisationNode | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of createPartnerApiKey. 创建密钥结果。' })
export class CreatePartnerApiKeyPayload extends MutationPayload {
  @Field(() => PartnerApiKeyNode, { nullable: true, description: 'The key. 密钥。' }) apiKey: PartnerApiKeyNode | null = null;
  @Field(() => String, {
    nullable: true,
    description: 'The full key for the `X-Api-Key` header. Shown only now; only its hash is kept. 完整密钥，仅显示一次。',
  })
  secret: string | null = null;
}
@ObjectType({ implements: MutationPayload, description: 'Result of revokePartnerApiKey. 吊销结果。' })
export class RevokePartnerApiKeyPayload extends MutationPayload {
  @Field(() => PartnerApiKeyNode, { nullable: true, description: 'The revoked key. 已吊销的密钥。' }) apiKey: PartnerApiKeyNode | null = null;
}

const optDate = (v: unknown) => (v ? new Date(v as string) : null);

export function partnerFromRow(r: Row): PartnerOrganisationNode {
  return Object.assign(new PartnerOrganisationNode(), { id: toGlobalId('PartnerOrganisation', String(r.id)), dbId: String(r.id), code: r.code, name: r.name, kind: r.kind, level: r.level ?? null });
}

export function apiKeyFromRow(r: Row): PartnerApiKeyNode {
  return Object.assign(new PartnerApiKeyNode(), {
    id: toGlobalId('PartnerApiKey', String(r.id)), dbId: String(r.id), partnerId: String(r.partner_id), keyId: r.key_id, label: r.label,
    version: r.version, createdAt: new Date(r.created_at), createdBy: r.created_by, revokedAt: optDate(r.revoked_at), lastUsedAt: optDate(r.last_used_at),
    scopes: r.scopes ?? [],
  });
}
