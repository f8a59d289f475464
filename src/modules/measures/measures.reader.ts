/** Plain-row reads of plans and deliveries, scoped by PLAN_ROWS of the access matrix. */
import type { Knex } from '@mikro-orm/postgresql';
import { PLAN_ROWS } from '../../access/matrix';
import { Principal } from '../../shared/principal';
import { SqlFragment } from '../../access/scope';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import { DeliveryNode, deliveryFromRow, planItemFromRow, PlanItemNode } from './measures.types';

/**
 * What a plan-item list is narrowed to, by database keys. A key left out (undefined) does not
 * narrow; `null` is an id that names nothing (the resolver decoded an id of another type), so the
 * list is empty.
 */
export interface PlanRowFilter {
  householdId?: string | null;
  townshipId?: string | null;
  department?: string | null;
  measure?: string | null;
  item?: string | null;
  status?: string | null;
}

/** Plan items the principal may see (alias `pi`). */
export function planRowsOf(principal: Principal, pi = 'pi'): SqlFragment {
  const rule = PLAN_ROWS[principal.role];
  if (rule === 'ALL') return { sql: 'true', params: [] };
  if (rule === 'OWN_TOWNSHIP') return principal.kind === 'TOWNSHIP' ? { sql: `${pi}.township_id = ?`, params: [principal.townshipId] } : { sql: 'false', params: [] };
  if (rule === 'NONE') return { sql: 'false', params: [] };
  return { sql: `${pi}.department = any(?::text[])`, params: [rule.departments] };
}

const AGREED = ['ACCEPTED', 'ADJUSTED'];

export class PlanReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  private items(): Knex.QueryBuilder {
    const s = planRowsOf(this.principal);
    return this.knex('plan_item as pi').whereRaw(s.sql, s.params as never[]);
  }

  private filtered(filter: PlanRowFilter | null | undefined): Knex.QueryBuilder | null {
    const qb = this.items();
    if (!filter) return qb;
    for (const [key, column] of [[filter.householdId, 'pi.household_id'], [filter.townshipId, 'pi.township_id']] as const) {
      if (key === undefined) continue;
      if (key === null) return null;
      qb.where(column, key);
    }
    if (filter.department) qb.where('pi.department', filter.department);
    if (filter.measure) qb.where('pi.measure', filter.measure);
    if (filter.status) qb.where('pi.status', filter.status);
    if (filter.item) qb.where('pi.item', filter.item);
    return qb;
  }

  private async page(qb: Knex.QueryBuilder | null, args: PageArgs): Promise<Page<PlanItemNode>> {
    if (!qb) return { nodes: [], cursors: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: async () => 0 };
    const page = await keysetPage<{ id: string }>(qb.clone().select('pi.*'), { column: 'pi.id', cast: 'bigint', value: (r) => String(r.id) }, false, args, 'pi.id');
    return {
      nodes: page.rows.map(planItemFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await qb.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  planItemPage(filter: PlanRowFilter | null | undefined, args: PageArgs) {
    return this.page(this.filtered(filter), args);
  }

  /** Agreed items whose due day has passed with fewer deliveries than required. */
  overduePage(filter: PlanRowFilter | null | undefined, today: string, args: PageArgs) {
    const qb = this.filtered(filter);
    qb?.whereIn('pi.status', AGREED).where('pi.due_on', '<', today)
      .whereRaw('(select count(*) from delivery d where d.plan_item_id = pi.id) < pi.required_deliveries');
    return this.page(qb, args);
  }

  async itemsByIds(ids: readonly string[]): Promise<PlanItemNode[]> {
    return (await this.items().select('pi.*').whereRaw('pi.id = any(?::bigint[])', [ids as string[]])).map(planItemFromRow);
  }

  async itemsOfHouseholds(ids: readonly string[]): Promise<PlanItemNode[]> {
    return (await this.items().select('pi.*').whereRaw('pi.household_id = any(?::bigint[])', [ids as string[]]).orderBy('pi.id')).map(planItemFromRow);
  }

  async deliveriesByIds(ids: readonly string[]): Promise<DeliveryNode[]> {
    const rows = await this.items().join('delivery as d', 'd.plan_item_id', 'pi.id').select('d.*').whereRaw('d.id = any(?::bigint[])', [ids as string[]]);
    return rows.map(deliveryFromRow);
  }

  async deliveries(itemIds: readonly string[]): Promise<Array<DeliveryNode & { planItemId: string }>> {
    const rows = await this.items().join('delivery as d', 'd.plan_item_id', 'pi.id').select('d.*').whereRaw('pi.id = any(?::bigint[])', [itemIds as string[]]).orderBy('d.id');
    return rows.map(deliveryFromRow);
  }
}
