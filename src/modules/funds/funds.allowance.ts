/**
 * What the monthly allowance run pays (R17, I3; issue 11 "amounts always computed from the policy
 * in force"): for one township and month, each payable household's amount computed from the
 * household as it stood that month and the parameters in force for that month — never the amount
 * stored on the plan item when it was planned.
 *
 * - Policy: the parameters in force on the FIRST day of the month (a rise effective 2026-07-01 is
 *   paid from the July run; one effective 2026-07-15 from August — a month is paid at one rate).
 * - Ages: on the first day of the month, so a member turning 18 in July counts as a minor for
 *   July and stops counting from August (the supplement ends the month after the birthday).
 * - Members: those on the household that month (not removed before the month began).
 * - Household payable in the month: `payableInMonthSql` (lifecycle's episodes: on the list, or
 *   within the gradual-exit months).
 * - Which amount for the item's decision:
 *     ACCEPTED  → the computed amount (the department accepted the formula);
 *     ADJUSTED  → the department's amount while the computed amount is still the one it adjusted
 *                 from (`proposed_amount`), else the computed amount (the adjustment no longer
 *                 fits; the daily re-planning sends it back to the department);
 *     PROPOSED after an earlier decision (re-opened by re-planning) → the computed amount: payment
 *                 does not stop while the department re-decides an amount.
 *   A computed amount of 0 pays nothing.
 *
 * Set-based: one select of the items, one of all their members, one policy load; the arithmetic is
 * the pure calculator of src/policy/benefits.ts (one rule, one place).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { monthlyAllowance } from '../../policy/benefits';
import { loadPolicy } from '../../policy/policy.reader';
import { memberFromRow } from '../../policy/snapshot';
import type { Row } from '../../shared/row';

export const ALLOWANCE_ITEM_CODE = 'MINIMUM_LIVING_ALLOWANCE';

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * SQL condition (on alias `h`, parameters from [monthStart, monthEnd]) for "the household is
 * payable in the month": the lifecycle module's rule `lifecycle_payable_in` (on the list that
 * month, or exited with payments stopping only after it — the gradual-exit months).
 */
export function payableInMonthSql(): { sql: string; params: (monthStart: string, monthEnd: string) => string[] } {
  // A household on the list with no episode at all (confirmed outside the workflow, before the
  // lifecycle module: imports, old rows without an identification day) counts by its status.
  return {
    sql: `(lifecycle_payable_in(h.id, ?::date) or (h.status = 'IN_HARDSHIP' and not exists (select 1 from household_episode e0 where e0.household_id = h.id)))`,
    params: (monthStart) => [monthStart],
  };
}

export interface AllowanceLine {
  plan_item_id: string;
  household_id: string;
  head_name: string;
  /** Members counted that month. */
  member_count: number;
  /** Fen for the month. */
  amount: number;
  /** The calculator's amount for the month (equals `amount` unless an adjustment still fits). */
  computed: number;
}

/**
 * The lines a run of `month` would pay in `townshipId` (or every township when null), ordered by
 * household. Households already paid for the month by a run are left out.
 */
export async function allowanceAmountsForMonth(knex: Knex, townshipId: string | null, month: string): Promise<AllowanceLine[]> {
  const monthStart = firstDayOf(month);
  const monthEnd = lastDayOf(month);
  const payable = payableInMonthSql();
  const items: Row[] = (await knex.raw(
    `select pi.id as plan_item_id, h.id as household_id, pi.status, pi.amount, pi.proposed_amount, h.head_name,
            -- lifecycle (issue 11): exited by the month's end (its gradual-exit months), and the last amount paid before the month.
            (select e.kind = 'EXITED' from household_episode e where e.household_id = h.id and e.started_on <= ?::date
              order by e.started_on desc, e.id desc limit 1) as gradual_exit,
            (select l.amount from allowance_run_line l join allowance_run r on r.id = l.run_id where l.household_id = h.id and r.month < ?
              order by r.month desc limit 1) as last_paid
       from plan_item pi join household h on h.id = pi.household_id
      where (?::bigint is null or h.township_id = ?::bigint) and ${payable.sql}
        and pi.item = ? and pi.amount is not null
        and (pi.status in ('ACCEPTED', 'ADJUSTED') or (pi.status = 'PROPOSED' and pi.decided_on is not null))
        and (pi.decided_on is null or pi.decided_on <= ?::date)
        and not exists (select 1 from allowance_run_line l join allowance_run r on r.id = l.run_id where l.household_id = h.id and r.month = ?)
      order by h.id`,
    [monthEnd, month, townshipId, townshipId, ...payable.params(monthStart, monthEnd), ALLOWANCE_ITEM_CODE, monthEnd, month],
  )).rows;
  if (items.length === 0) return [];
  const members: Row[] = (await knex.raw(
    `select p.* from person p
      where p.household_id = any(?::bigint[])
        and (p.removed_at is null or p.removed_at >= (?::timestamp at time zone 'Asia/Shanghai'))
      order by p.household_id, p.id`,
    [items.map((i) => i.household_id), monthStart],
  )).rows;
  const byHousehold = new Map<string, Row[]>();
  for (const m of members) {
    const k = String(m.household_id);
    const list = byHousehold.get(k);
    if (list) list.push(m);
    else byHousehold.set(k, [m]);
  }
  const policy = await loadPolicy(knex, monthStart);
  const out: AllowanceLine[] = [];
  for (const i of items) {
    const rows = byHousehold.get(String(i.household_id)) ?? [];
    const computed = monthlyAllowance({ members: rows.map(memberFromRow) }, policy).amount;
    const adjustmentFits = i.status === 'ADJUSTED' && i.proposed_amount != null && Number(i.proposed_amount) === computed;
    // R19 gradual exit (lifecycle, issue 11): in the months payments run on after an exit the
    // household keeps the amount last paid while on the list (its own income, now above the line,
    // would compute nothing), then payments stop (lifecycle_payable_in).
    const amount = i.gradual_exit ? Number(i.last_paid ?? 0) : adjustmentFits ? Number(i.amount) : computed;
    if (amount <= 0) continue;
    out.push({ plan_item_id: String(i.plan_item_id), household_id: String(i.household_id), head_name: i.head_name, member_count: rows.length, amount, computed });
  }
  return out;
}
