/**
 * The partner adapters, one per integration format. `adapterFor` is what the GraphQL batch upload
 * and the webhook route `POST /integrations/<format>` (src/webhooks/webhooks.routes.ts; the URL
 * keeps its published name) use to find the adapter; they check the
 * calling partner's kind against `partnerKinds` before parsing.
 */
import type { IntegrationFormat, PartnerAdapter } from './partner-adapter';
import { charityAdapter } from './charity/adapter';
import { tradeUnionAdapter } from './trade-union/adapter';
import { cableAdapter, powerAdapter, waterAdapter } from './utilities/adapter';
import { womensFederationAdapter } from './womens-federation/adapter';
import { youthLeagueAdapter } from './youth-league/adapter';

export const ADAPTERS: Readonly<Record<IntegrationFormat, PartnerAdapter>> = Object.freeze({
  'trade-union': tradeUnionAdapter,
  'youth-league': youthLeagueAdapter,
  'womens-federation': womensFederationAdapter,
  power: powerAdapter,
  water: waterAdapter,
  cable: cableAdapter,
  charity: charityAdapter,
});

export const INTEGRATION_FORMATS = Object.freeze(Object.keys(ADAPTERS) as IntegrationFormat[]);

export function isIntegrationFormat(value: string): value is IntegrationFormat {
  return Object.prototype.hasOwnProperty.call(ADAPTERS, value);
}

/** The adapter of a format; undefined for a string that names no format (e.g. from a URL). */
export function adapterFor(format: IntegrationFormat): PartnerAdapter;
export function adapterFor(format: string): PartnerAdapter | undefined;
export function adapterFor(format: string): PartnerAdapter | undefined {
  return isIntegrationFormat(format) ? ADAPTERS[format] : undefined;
}

/** The formats a partner of this kind may send. */
export function formatsForPartnerKind(kind: string): IntegrationFormat[] {
  return INTEGRATION_FORMATS.filter((f) => ADAPTERS[f].partnerKinds.includes(kind));
}

export { charityAdapter, tradeUnionAdapter, youthLeagueAdapter, womensFederationAdapter, powerAdapter, waterAdapter, cableAdapter };
export type { ParseOptions, ConfigurablePartnerAdapter, IntegrationErrorCode } from './common';
export { ERROR_CODES, countyToday } from './common';
