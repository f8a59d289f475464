/**
 * Lookups by the identifiers people have (issue 14 item 2): township and community codes, the
 * assistance-card number on the family's card, and — for roles with the personal-data right — a
 * national id number. Plain rows, the principal's scope in SQL (src/access/scope.ts): a household
 * or person outside the caller's rows is not found, exactly like one that does not exist, so a
 * lookup never tells a township whether another township's card number exists.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { householdScope, personScope, seesHouseholds } from '../../access/scope';
import type { Principal } from '../../shared/principal';

/** An assistance-card number as printed (MX + 10 Crockford base-32), upper-cased; null if it cannot be one. */
export function normaliseCardNumber(raw: string): string | null {
  const card = raw.trim().toUpperCase();
  return /^MX[0-9A-HJKMNP-TV-Z]{10}$/.test(card) ? card : null;
}

export class RegistryLookups {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  async townshipIdByCode(code: string): Promise<string | null> {
    const row = await this.knex('township').where('code', code.trim()).select('id').first();
    return row ? String(row.id) : null;
  }

  async communityIdByCode(code: string): Promise<string | null> {
    const row = await this.knex('community').where('code', code.trim()).select('id').first();
    return row ? String(row.id) : null;
  }

  /** The household with this card number among those the caller sees (unique: household_assistance_card_number_unique). */
  async householdIdByCardNumber(card: string): Promise<string | null> {
    if (!seesHouseholds(this.principal)) return null;
    const scope = householdScope(this.principal);
    const row = await this.knex('household as h').whereRaw(scope.sql, scope.params as never[]).where('h.assistance_card_number', card).select('h.id').first();
    return row ? String(row.id) : null;
  }

  /** The current member with this id number among those the caller sees (unique among current members). */
  async personByIdNumber(idNumber: string): Promise<{ personId: string; householdId: string } | null> {
    if (!seesHouseholds(this.principal)) return null;
    const scope = personScope(this.principal);
    const row = await this.knex('person as p').join('household as h', 'h.id', 'p.household_id')
      .whereRaw(scope.sql, scope.params as never[]).where('p.id_number', idNumber).whereNull('p.removed_at')
      .select('p.id', 'p.household_id').first();
    return row ? { personId: String(row.id), householdId: String(row.household_id) } : null;
  }
}
