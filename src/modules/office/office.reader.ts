/**
 * The registry as the county's ledger (issue 14 item 3, export): every household the caller may
 * see (householdScope) with its current members, in two statements, ordered as it was filed.
 * Only the roles of ROUTE_OPERATIONS['GET /exports/household-ledger.xlsx'] get here (the route
 * checks): the ledger carries id numbers and incomes.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { householdScope } from '../../access/scope';
import type { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import type { LedgerOutHousehold } from './office.ledger-write';

export const EXPORT_MAX_HOUSEHOLDS = 20_000;

export class OfficeReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** The ledger's households, optionally of one township (by key); null township key = names nothing. */
  async ledger(townshipKey: string | null | undefined): Promise<LedgerOutHousehold[]> {
    const s = householdScope(this.principal);
    const q = this.knex('household as h').join('township as t', 't.id', 'h.township_id').join('community as m', 'm.id', 'h.community_id')
      .whereRaw(s.sql, s.params as never[])
      .select('h.id', 't.code as township_code', 'm.code as community_code', 'h.address', 'h.contact_phone', 'h.housing_area', 'h.deposits_fen',
        'h.securities_fen', 'h.vehicle_count', 'h.other_property_count', 'h.categories', 'h.causes',
        this.knex.raw(`(select string_agg(d.source_document, '；' order by d.id) from direct_recognition d where d.household_id = h.id) as source_document`))
      .orderBy('h.id').limit(EXPORT_MAX_HOUSEHOLDS);
    if (townshipKey === null) q.whereRaw('false');
    else if (townshipKey !== undefined) q.where('h.township_id', townshipKey);
    const households = await q;
    if (households.length === 0) return [];
    const members = await this.knex('person').whereRaw('household_id = any(?::bigint[])', [households.map((h: Row) => String(h.id))]).whereNull('removed_at')
      .orderByRaw(`household_id, case when relation_to_head = 'HEAD' then 0 else 1 end, id`);
    const byHousehold = new Map<string, Row[]>();
    for (const m of members) {
      const list = byHousehold.get(String(m.household_id)) ?? [];
      list.push(m);
      byHousehold.set(String(m.household_id), list);
    }
    return households.map((h: Row) => ({
      townshipCode: h.township_code, communityCode: h.community_code, address: h.address, contactPhone: h.contact_phone, housingArea: Number(h.housing_area),
      deposits: h.deposits_fen, securities: h.securities_fen, vehicles: h.vehicle_count, otherProperties: h.other_property_count,
      categories: h.categories ?? [], causes: h.causes ?? [], sourceDocument: h.source_document ?? null,
      members: (byHousehold.get(String(h.id)) ?? []).map((m) => ({
        name: m.name, idNumber: m.id_number, relationToHead: m.relation_to_head, workCapacity: m.work_capacity, employmentStatus: m.employment_status,
        disabilityCategory: m.disability_category ?? null, disabilityGrade: m.disability_grade ?? null, illness: m.illness, schoolingStage: m.schooling_stage,
        incomeWages: m.income_wages, incomeBusiness: m.income_business, incomeProperty: m.income_property, incomeTransfers: m.income_transfers, incomeOther: m.income_other,
      })),
    }));
  }
}
