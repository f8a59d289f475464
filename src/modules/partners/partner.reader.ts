import type { Knex } from '@mikro-orm/postgresql';
import { mayReadRows } from '../../access/matrix';
import { Principal } from '../../shared/principal';
import { apiKeyFromRow, PartnerApiKeyNode, partnerFromRow, PartnerOrganisationNode } from './partner.types';

/** Partner rows: visible to the roles the matrix names; a partner sees itself through `viewer`. */
export class PartnerReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  private seesPartner(id: string): boolean {
    return mayReadRows(this.principal.role, 'PartnerOrganisation') || (this.principal.kind === 'PARTNER' && this.principal.partnerId === id);
  }

  async partners(): Promise<PartnerOrganisationNode[]> {
    if (!mayReadRows(this.principal.role, 'PartnerOrganisation')) return [];
    return (await this.knex('partner_organisation').select('id', 'code', 'name', 'kind', 'level').orderBy('code')).map(partnerFromRow);
  }

  async partnersByIds(ids: readonly string[]): Promise<PartnerOrganisationNode[]> {
    const visible = ids.filter((id) => this.seesPartner(id));
    if (visible.length === 0) return [];
    const rows = await this.knex('partner_organisation').select('id', 'code', 'name', 'kind', 'level').whereRaw('id = any(?::bigint[])', [visible]);
    return rows.map(partnerFromRow);
  }

  async apiKeysByIds(ids: readonly string[]): Promise<PartnerApiKeyNode[]> {
    if (!mayReadRows(this.principal.role, 'PartnerApiKey')) return [];
    return (await this.knex('partner_api_key').select('*').whereRaw('id = any(?::bigint[])', [ids as string[]])).map(apiKeyFromRow);
  }

  async apiKeysOfPartners(ids: readonly string[]): Promise<PartnerApiKeyNode[]> {
    if (!mayReadRows(this.principal.role, 'PartnerApiKey')) return [];
    const rows = await this.knex('partner_api_key').select('*').whereRaw('partner_id = any(?::bigint[])', [ids as string[]]).orderBy('id');
    return rows.map(apiKeyFromRow);
  }
}
