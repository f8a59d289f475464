/**
 * The fixed, synthetic references the adapters' sample files use, so end-to-end tests can give
 * them to test households (assistance-card numbers, registered utility accounts) before sending
 * the samples. Every valid sample record names one of these; the invalid samples also use other,
 * malformed references on purpose.
 */
import path from 'node:path';
import type { IntegrationFormat, UtilityCode } from './partner-adapter';

/** Six valid assistance-card numbers (MX + 10 Crockford base-32 characters), invented. */
export const SAMPLE_CARD_NUMBERS = [
  'MX7K3Q9W2T5N',
  'MX4HBR8ZC1VP',
  'MX9D2FEX6M0S',
  'MX1T6YQ4NW8G',
  'MX5PZ0KJ3R7A',
  'MX8C2VE6XH4B',
] as const;

/** Utility accounts (户号) the sample households registered, three per utility, invented. */
export const SAMPLE_UTILITY_ACCOUNTS: Readonly<Record<UtilityCode, readonly string[]>> = {
  POWER: ['3504210001', '3504210002', '3504210003'],
  WATER: ['21060011', '21060012', '21060013'],
  CABLE: ['593100000101', '593100000102', '593100000103'],
};

/** The folder the sample paths below are relative to (this source folder). */
export const INTEGRATIONS_DIR = __dirname;

/**
 * Every sample file, relative to INTEGRATIONS_DIR: `valid` files hold only valid records (a
 * charity donation is valid and skipped); `invalid` mixes valid and invalid records. Record ids
 * are unique across the valid files of one format, so all of them can be sent by one partner.
 */
export const SAMPLE_FILES: Readonly<Record<IntegrationFormat, { valid: readonly string[]; invalid: string }>> = {
  'trade-union': {
    valid: ['trade-union/samples/batch-2026-10.json', 'trade-union/samples/batch-2026-11.json'],
    invalid: 'trade-union/samples/invalid.json',
  },
  'youth-league': {
    valid: ['youth-league/samples/records-2026-11.json'],
    invalid: 'youth-league/samples/invalid.json',
  },
  'womens-federation': {
    valid: ['womens-federation/samples/2026-11.csv', 'womens-federation/samples/2026-10-excel-bom-crlf.csv'],
    invalid: 'womens-federation/samples/invalid.csv',
  },
  power: {
    valid: ['utilities/samples/power/waivers-2026-09-10.csv'],
    invalid: 'utilities/samples/power/invalid.csv',
  },
  water: {
    valid: ['utilities/samples/water/waivers-2026-09-10.csv'],
    invalid: 'utilities/samples/water/invalid.csv',
  },
  cable: {
    valid: ['utilities/samples/cable/waivers-2026-09-10.csv'],
    invalid: 'utilities/samples/cable/invalid.csv',
  },
  charity: {
    valid: ['charity/samples/events-2026-11.json', 'charity/samples/event-single.json', 'charity/samples/donation-received.json'],
    invalid: 'charity/samples/invalid.json',
  },
};

/** The absolute path of a sample file named in SAMPLE_FILES. */
export function samplePath(relative: string): string {
  return path.join(INTEGRATIONS_DIR, relative);
}
