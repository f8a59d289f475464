import type { AdapterPartnerKind } from '../../../partner-adapters/partner-adapter';

/** Kinds of partner organisation named by R18 and R21. */
export enum PartnerKind {
  PARTY_CADRE = 'PARTY_CADRE',
  WORK_UNIT = 'WORK_UNIT',
  CIVILIZED_UNIT = 'CIVILIZED_UNIT',
  ENTERPRISE = 'ENTERPRISE',
  TRADE_UNION = 'TRADE_UNION',
  YOUTH_LEAGUE = 'YOUTH_LEAGUE',
  WOMENS_FEDERATION = 'WOMENS_FEDERATION',
  POWER_COMPANY = 'POWER_COMPANY',
  WATER_COMPANY = 'WATER_COMPANY',
  CABLE_COMPANY = 'CABLE_COMPANY',
  CHARITY = 'CHARITY',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  VOLUNTEER = 'VOLUNTEER',
}

/**
 * What a partner API key may do. A key carries some of these; the operation guard checks them on
 * top of the role's operations (src/access/matrix.ts PARTNER_SCOPES).
 */
export enum ApiKeyScope {
  NEEDS_READ = 'NEEDS_READ',
  PAIRINGS = 'PAIRINGS',
  LEDGER_WRITE = 'LEDGER_WRITE',
  SUBSCRIPTIONS = 'SUBSCRIPTIONS',
}

/** Levels of civilized units (文明单位): the level sets how many households a unit takes (R18). */
export enum CivilizedUnitLevel {
  NATIONAL = 'NATIONAL',
  PROVINCIAL = 'PROVINCIAL',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}

/**
 * The partner kinds the adapters accept (partner-adapters/partner-adapter.ts, which imports
 * nothing from src/) must be kinds of the platform: a kind renamed here fails the compilation.
 */
type Holds<T extends true> = T;
export type AdapterPartnerKindsArePartnerKinds = Holds<[AdapterPartnerKind] extends [`${PartnerKind}`] ? true : false>;
