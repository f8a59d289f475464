/**
 * Writes generated households and their members in batches: one `insert … select … from unnest(…)`
 * statement per table per batch, one transaction per batch.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { newAssistanceCardNumber } from '../../modules/identification/identification.service';
import { BUSINESS, GeneratedHousehold, OTHER, PROPERTY, sumIncome, TRANSFERS, WAGES } from './population';
import { run, SEED_ACTOR } from './sql';

/**
 * Hands out assistance-card numbers (newAssistanceCardNumber: crypto-random, so unique across
 * re-runs in practice). A number already handed out in this run or already in the household table
 * is drawn again; the unique constraint on the column remains the backstop.
 */
export class CardNumbers {
  private readonly used = new Set<string>();

  async take(knex: Knex, count: number): Promise<string[]> {
    const fresh = (): string => {
      for (;;) {
        const card = newAssistanceCardNumber();
        if (!this.used.has(card)) { this.used.add(card); return card; }
      }
    };
    const cards = Array.from({ length: count }, fresh);
    for (;;) {
      const taken = new Set((await run<{ card: string }>(knex,
        'select assistance_card_number as card from household where assistance_card_number = any(?::text[])', [cards]))
        .map((r) => r.card));
      if (taken.size === 0) return cards;
      cards.forEach((c, i) => { if (taken.has(c)) cards[i] = fresh(); });
    }
  }
}

/** Inserts one batch in one transaction; returns the number of persons inserted. */
export async function insertBatch(knex: Knex, batch: GeneratedHousehold[], cardNumbers: CardNumbers): Promise<number> {
  return knex.transaction(async (trx) => {
    // Ids are taken up front so persons can reference their household without relying on the
    // order of RETURNING rows.
    const rows = await run<{ id: string }>(trx,
      `select nextval(pg_get_serial_sequence('household', 'id'))::text as id from generate_series(1, ?::int)`, [batch.length]);
    const hid = rows.map((r) => r.id);
    const cards = await cardNumbers.take(trx, batch.filter((g) => g.identifiedOn !== null).length);

    const h = {
      id: hid, township: [] as string[], community: [] as string[], address: [] as string[], phone: [] as string[],
      head: [] as string[], members: [] as number[], income: [] as number[], area: [] as string[], deposits: [] as number[],
      securities: [] as number[], vehicles: [] as number[], other: [] as number[], status: [] as string[],
      // text[] columns travel as comma-joined text: unnest() would flatten a two-dimensional array.
      categories: [] as string[], causes: [] as string[], primary: [] as Array<string | null>,
      identifiedOn: [] as Array<string | null>, card: [] as Array<string | null>,
    };
    const p = {
      household: [] as string[], name: [] as string[], idNumber: [] as string[], sex: [] as string[], birth: [] as string[],
      relation: [] as string[], work: [] as string[], employment: [] as string[], disCat: [] as Array<string | null>,
      disGrade: [] as Array<number | null>, illness: [] as string[], note: [] as Array<string | null>, school: [] as string[],
      wages: [] as number[], business: [] as number[], property: [] as number[], transfers: [] as number[], otherIncome: [] as number[],
      livelihood: [] as boolean[], supporter: [] as string[], parents: [] as string[],
    };
    batch.forEach((g, i) => {
      h.township.push(g.community.townshipId); h.community.push(g.community.id); h.address.push(g.address);
      h.phone.push(g.phone); h.head.push(g.members[0].name); h.members.push(g.members.length);
      h.income.push(g.members.reduce((s, m) => s + sumIncome(m), 0)); h.area.push(g.housingArea);
      h.deposits.push(g.depositsFen); h.securities.push(g.securitiesFen); h.vehicles.push(g.vehicles);
      h.other.push(g.otherProperties); h.status.push(g.status); h.categories.push(g.categories.join(','));
      h.causes.push(g.causes.join(',')); h.primary.push(g.primaryCause);
      h.identifiedOn.push(g.identifiedOn); h.card.push(g.identifiedOn !== null ? cards.pop()! : null);
      for (const m of g.members) {
        p.household.push(hid[i]); p.name.push(m.name); p.idNumber.push(m.idNumber); p.sex.push(m.sex);
        p.birth.push(m.birthDate); p.relation.push(m.relation); p.work.push(m.workCapacity); p.employment.push(m.employment);
        p.disCat.push(m.disabilityCategory); p.disGrade.push(m.disabilityGrade); p.illness.push(m.illness);
        p.note.push(m.illnessNote); p.school.push(m.schooling); p.wages.push(m.income[WAGES]);
        p.business.push(m.income[BUSINESS]); p.property.push(m.income[PROPERTY]);
        p.transfers.push(m.income[TRANSFERS]); p.otherIncome.push(m.income[OTHER]);
        p.livelihood.push(m.hasLivelihoodSource); p.supporter.push(m.legalSupporter); p.parents.push(m.parentalStatus);
      }
    });

    await run(trx,
      `insert into household (id, township_id, community_id, address, contact_phone, head_name, member_count,
         monthly_income_total, housing_area, deposits_fen, securities_fen, vehicle_count, other_property_count,
         status, categories, causes, primary_cause, identified_on, assistance_card_number, created_by, updated_by)
       select u.id, u.township_id, u.community_id, u.address, u.phone, u.head, u.members, u.income, u.area,
         u.deposits, u.securities, u.vehicles, u.other, u.status, string_to_array(u.categories, ','),
         string_to_array(u.causes, ','), u.primary_cause, u.identified_on, u.card, ?, ?
       from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[],
         ?::numeric[], ?::int[], ?::int[], ?::smallint[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[],
         ?::date[], ?::text[])
         as u(id, township_id, community_id, address, phone, head, members, income, area, deposits, securities,
           vehicles, other, status, categories, causes, primary_cause, identified_on, card)`,
      [SEED_ACTOR, SEED_ACTOR, h.id, h.township, h.community, h.address, h.phone, h.head, h.members, h.income,
        h.area, h.deposits, h.securities, h.vehicles, h.other, h.status, h.categories, h.causes, h.primary,
        h.identifiedOn, h.card]);
    await run(trx,
      `insert into person (household_id, name, id_number, sex, birth_date, relation_to_head, work_capacity,
         employment_status, disability_category, disability_grade, illness, illness_note, schooling_stage,
         income_wages, income_business, income_property, income_transfers, income_other,
         has_livelihood_source, legal_supporter, parental_status, created_by, updated_by)
       select u.*, ?, ?
       from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[],
         ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[],
         ?::boolean[], ?::text[], ?::text[]) as u`,
      [SEED_ACTOR, SEED_ACTOR, p.household, p.name, p.idNumber, p.sex, p.birth, p.relation, p.work, p.employment,
        p.disCat, p.disGrade, p.illness, p.note, p.school, p.wages, p.business, p.property, p.transfers, p.otherIncome,
        p.livelihood, p.supporter, p.parents]);
    return p.household.length;
  });
}
