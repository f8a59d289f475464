import { ArrayType, Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { ApiKeyColumns } from '../../db/api-key.entity';
import { AuditedEntity } from '../../db/audited.entity';
import { ApiKeyScope, CivilizedUnitLevel, PartnerKind } from './partner.enums';

/** An outside organisation that helps households (R18): authenticates with API keys. */
@Entity({ tableName: 'partner_organisation' })
export class PartnerOrganisation extends AuditedEntity {
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => PartnerKind })
  kind!: PartnerKind;

  /** Civilized units only: the level sets how many households they pair with (R18). */
  @Enum({ items: () => CivilizedUnitLevel, nullable: true })
  level?: CivilizedUnitLevel | null;
}

/**
 * A partner's API key. The secret is shown once at creation; only its SHA-256 is stored (the
 * secret is 256 random bits, so a fast hash is enough). `keyId` is the public half used to find
 * the row without scanning hashes.
 */
@Entity({ tableName: 'partner_api_key' })
@Index({ properties: ['partner'] })
export class PartnerApiKey extends ApiKeyColumns {
  @ManyToOne(() => PartnerOrganisation)
  partner!: PartnerOrganisation;

  /** What the key may do (ApiKeyScope values). */
  @Property({ type: ArrayType, default: '{NEEDS_READ,PAIRINGS,LEDGER_WRITE,SUBSCRIPTIONS}' })
  scopes: string[] & Opt = Object.values(ApiKeyScope);
}
