/**
 * Plans (一户一策), decisions and deliveries of the seven measures (R12–R18).
 * - `replan` proposes what a confirmed household is entitled to and keeps the plan following the
 *   household: new entitlements are proposed, lost ones withdrawn (deliveries kept), changed
 *   amounts go back to the owning department for a new decision.
 * - The owning department accepts, adjusts (with a reason) or declines each item.
 * - Deliveries record what was given; money deliveries draw on a fund allocation through the funds
 *   service (`disburse`, in this transaction): measures depends on funds, never the other way.
 * Keys in (database ids; `null` for an id that named nothing), problems out; every write through
 * runMutation, which writes the SUCCESS audit row.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { audited, MutationOptions, runMutation } from '../../db/mutation';
import type { ServiceContext } from '../../shared/context';
import { addCalendarDays, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { Principal } from '../../shared/principal';
import { fail, Problem, ProblemsThrown, refused, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { loadPolicy } from '../../policy/policy.reader';
import { disburse, disbursementUniqueViolation } from '../funds/funds.service';
import { departmentOf, ItemCode, ITEMS } from './measures.catalogue';

/** The catalogue of plan items (office-files: the delivery sheet names items by their Chinese label). */
export { ITEMS as MEASURE_ITEMS } from './measures.catalogue';
import { entitlements } from './measures.entitlements';
import { Delivery, PlanItem } from './measures.entity';
import { PlanDecision, PlanItemStatus } from './measures.enums';
import { planRowsOf } from './measures.reader';
import type { Row } from '../../shared/row';

const OPEN = [PlanItemStatus.PROPOSED, PlanItemStatus.ACCEPTED, PlanItemStatus.ADJUSTED];
const AGREED = [PlanItemStatus.ACCEPTED, PlanItemStatus.ADJUSTED];
const AMOUNT_MAX = 100_000_000; // fen: an implausible single amount, a typing error
const TEXT_MAX = 500;

/**
 * Brings a household's plan in line with its profile as of `asOf`; returns what changed. Runs in
 * the caller's transaction (the domain-event consumer's), writing through its handle.
 */
export async function replan(tx: EntityManager, householdId: string, asOf: string, actor: string, at?: Date): Promise<{ proposed: number; withdrawn: number; reopened: number }> {
  const { proposed, withdrawn, reopened } = await replanHouseholds(tx, [householdId], asOf, actor, at);
  return { proposed, withdrawn, reopened };
}

/** A plan item whose proposed amount the re-planning changed. */
export interface ReplannedAmount {
  planItemId: string;
  householdId: string;
  townshipId: string;
  item: string;
  before: number | null;
  after: number | null;
  /** The agreed amount no longer fits: the item went back to the department (PROPOSED). */
  reopened: boolean;
}

export interface ReplanOutcome {
  proposed: number;
  withdrawn: number;
  reopened: number;
  amounts: ReplannedAmount[];
}

/**
 * `replan` for many households at once (the daily monitoring job; issue 11): the same rules, in a
 * bounded number of set-based statements whatever the number of households — one lock-and-read of
 * the households, one read of their members, one of their plan items, then at most one UPDATE for
 * the withdrawn items, one for the changed amounts and one INSERT per 4000 new items. The
 * entitlement rules stay the one pure function `entitlements` (no copy of them in SQL).
 */
export async function replanHouseholds(tx: EntityManager, householdIds: string[], asOf: string, actor: string, at?: Date): Promise<ReplanOutcome> {
  const out: ReplanOutcome = { proposed: 0, withdrawn: 0, reopened: 0, amounts: [] };
  if (householdIds.length === 0) return out;
  const knex = sqlOf(tx);
  // The instant of the change that asked for the plan (the event's, from the request's clock); the
  // database's time only when a caller has none.
  const now = at ?? new Date();
  // lifecycle (issue 11): `in_gradual_exit` — exited, but payments run on this month (lifecycle_payable_in).
  const households: Row[] = (await knex.raw(
    `select h.*, (h.status = 'EXITED' and lifecycle_payable_in(h.id, ?::date)) as in_gradual_exit
       from household h where h.id = any(?::bigint[]) order by h.id for update`, [asOf, householdIds])).rows;
  if (households.length === 0) return out;
  const ids = households.map((h) => String(h.id));
  const memberRows: Row[] = (await knex.raw('select * from person where household_id = any(?::bigint[]) and removed_at is null order by household_id, id', [ids])).rows;
  // Not the basis (a trace of a few hundred bytes an item): the planner compares codes and amounts only.
  const itemRows: Row[] = (await knex.raw('select id, household_id, person_id, item, status, proposed_amount, amount from plan_item where household_id = any(?::bigint[]) order by household_id, id', [ids])).rows;
  const group = (rows: Row[]) => {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const k = String(r.household_id);
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const membersOf = group(memberRows);
  const itemsOf = group(itemRows);
  const policy = households.some((h) => h.status === 'IN_HARDSHIP') ? await loadPolicy(knex, asOf) : null;
  const key = (item: string, person: unknown) => `${item}:${person ?? ''}`;
  const withdraw: string[] = [];
  const changed: Array<{ id: string; proposed: number | null; basis: string; back: boolean }> = [];
  const fresh: Row[] = [];

  for (const household of households) {
    const hid = String(household.id);
    const members = membersOf.get(hid) ?? [];
    const existing = itemsOf.get(hid) ?? [];
    const desired = household.status === 'IN_HARDSHIP' ? entitlements(household, members, policy!) : [];
    const want = new Map(desired.map((d) => [key(d.item, d.personId), d]));
    for (const row of existing.filter((r) => OPEN.includes(r.status))) {
      const d = want.get(key(row.item, row.person_id));
      // R19 gradual exit (lifecycle, issue 11): the allowance item of an exited household stays while its payments run on.
      if (!d && household.in_gradual_exit && row.item === 'MINIMUM_LIVING_ALLOWANCE') continue;
      if (!d) {
        withdraw.push(String(row.id));
        continue;
      }
      const before = row.proposed_amount == null ? null : Number(row.proposed_amount);
      if (d.proposedAmount === before) continue;
      // A changed amount goes back to the department: the agreed amount no longer fits the household.
      const back = AGREED.includes(row.status) && d.proposedAmount !== (row.amount == null ? null : Number(row.amount));
      changed.push({ id: String(row.id), proposed: d.proposedAmount, basis: JSON.stringify(d.basis), back });
      out.amounts.push({ planItemId: String(row.id), householdId: hid, townshipId: String(household.township_id), item: row.item, before, after: d.proposedAmount, reopened: back });
      if (back) out.reopened++;
    }
    // Propose what is wanted and not on record; a declined item is not proposed again.
    const onRecord = new Set(existing.filter((r) => r.status !== PlanItemStatus.WITHDRAWN).map((r) => key(r.item, r.person_id)));
    for (const d of desired.filter((x) => !onRecord.has(key(x.item, x.personId)))) {
      fresh.push({
        household_id: hid, township_id: household.township_id, person_id: d.personId, item: d.item,
        measure: ITEMS[d.item].measure, department: departmentOf(d.item), status: PlanItemStatus.PROPOSED,
        proposed_amount: d.proposedAmount, required_deliveries: d.requiredDeliveries, basis: JSON.stringify(d.basis),
        created_by: actor, updated_by: actor, created_at: now, updated_at: now,
      });
    }
  }
  if (withdraw.length) {
    await knex.raw(
      `update plan_item set status = ?, decision_reason = ?, updated_at = ?, updated_by = ?, version = version + 1 where id = any(?::bigint[])`,
      [PlanItemStatus.WITHDRAWN, '家庭情况变化，不再符合该项帮扶', now, actor, withdraw],
    );
    out.withdrawn = withdraw.length;
  }
  if (changed.length) {
    await knex.raw(
      `update plan_item pi set proposed_amount = u.proposed, basis = u.basis::jsonb, updated_at = ?, updated_by = ?, version = pi.version + 1,
              status = case when u.back then ? else pi.status end,
              decision_reason = case when u.back then ? else pi.decision_reason end
         from unnest(?::bigint[], ?::int[], ?::text[], ?::boolean[]) as u(id, proposed, basis, back)
        where pi.id = u.id`,
      [now, actor, PlanItemStatus.PROPOSED, '家庭收入或人口变化，金额需重新审定', changed.map((c) => c.id), changed.map((c) => c.proposed) as never, changed.map((c) => c.basis), changed.map((c) => c.back) as never],
    );
  }
  // A statement carries at most 65535 parameters (14 columns a row): new items go in slices.
  for (let i = 0; i < fresh.length; i += 4000) await knex('plan_item').insert(fresh.slice(i, i + 4000));
  out.proposed = fresh.length;
  return out;
}

export interface DecideInput {
  version: number;
  decision: PlanDecision;
  amount?: number | null;
  requiredDeliveries?: number | null;
  reason?: string | null;
}

export interface DeliveryInput {
  deliveredOn: string;
  note: string;
  amount?: number | null;
  /** The allocation to pay from (money items): undefined when not given, null when the id named nothing. */
  allocationId?: string | null;
}

export interface RecordedDelivery {
  deliveryId: string;
  planItemId: string;
}

/** Items one decidePlanItems call may decide (office-files, issue 14): a department's sitting, not a bulk load. */
export const BATCH_MAX = 200;
/** Deliveries of one sheet (office-files, issue 14): a department's month of work. */
export const DELIVERY_BATCH_MAX = 5000;

/** Ends a dry run's transaction (rolled back) with what it would have recorded. */
class DryRunDone extends Error {
  constructor(readonly value: RecordedDelivery[]) {
    super('dry run');
  }
}

export class MeasuresService {
  /** The owning department accepts, adjusts (with a reason) or declines a plan item. */
  async decide(ctx: ServiceContext, planItemId: string | null, input: DecideInput): Promise<Result<string>> {
    return this.onItem(ctx, planItemId, 'decidePlanItem', (tx, item) => this.applyDecision(ctx, tx, item, input, (f) => ['input', f]));
  }

  /**
   * office-files (issue 14 item 4): a department decides many items in one call — all or none.
   * Every item is checked as decidePlanItem checks it, each problem reported at its own path
   * (`input.items.<i>.<field>`); if any item has one, nothing is written (one transaction, one
   * SUCCESS audit row naming the items). A batch is one sitting of the department's review: a
   * stale version in it means someone else changed the plan since it was read, so the batch is
   * read again rather than half applied.
   */
  async decideMany(ctx: ServiceContext, items: Array<{ planItemId: string | null; input: DecideInput }>): Promise<Result<string[]>> {
    if (items.length === 0) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'items'] });
    if (items.length > BATCH_MAX) return refused({ code: UserErrorCode.OUT_OF_RANGE, path: ['input', 'items'], params: { min: 1, max: BATCH_MAX } });
    const seen = new Map<string, number>();
    const duplicates = items.flatMap((it, i) => {
      if (!it.planItemId) return [];
      const first = seen.get(it.planItemId);
      seen.set(it.planItemId, first ?? i);
      return first === undefined ? [] : [{ code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'items', String(i), 'planItem'] }];
    });
    if (duplicates.length) return refused(...duplicates);
    return runMutation(ctx, 'decidePlanItems', async (tx) => {
      const problems: Problem[] = [];
      const decided: string[] = [];
      for (const [i, { planItemId, input }] of items.entries()) {
        const at = (f: string) => ['input', 'items', String(i), f];
        try {
          const item = await this.actionableItem(tx, ctx, planItemId, at('planItem'));
          decided.push(await this.applyDecision(ctx, tx, item, input, at));
        } catch (err) {
          if (!(err instanceof ProblemsThrown)) throw err;
          problems.push(...err.problems);
        }
      }
      if (problems.length) throw new ProblemsThrown(problems);
      await tx.flush();
      return audited(decided, 'PlanItem', null, { planItems: decided });
    });
  }

  private async applyDecision(ctx: ServiceContext, tx: EntityManager, item: PlanItem, input: DecideInput, at: (field: string) => string[]): Promise<string> {
    {
      if (item.version !== input.version) fail(UserErrorCode.STALE_VERSION, at('version'), { current: item.version });
      const allowedFrom = input.decision === PlanDecision.ADJUST ? OPEN : [PlanItemStatus.PROPOSED];
      if (!allowedFrom.includes(item.status)) fail(UserErrorCode.ILLEGAL_TRANSITION, at('decision'), { state: item.status });
      const reason = input.reason?.trim() || null;
      if (reason && textLength(reason) > TEXT_MAX) fail(UserErrorCode.STRING_TOO_LONG, at('reason'), { max: TEXT_MAX });
      if (input.decision !== PlanDecision.ACCEPT && !reason) fail(UserErrorCode.REQUIRED, at('reason'));
      if (input.amount != null) this.checkAmount(input.amount, at('amount'));
      if (input.amount != null && !ITEMS[item.item as ItemCode].money) fail(UserErrorCode.INVALID_FORMAT, at('amount'));
      if (input.requiredDeliveries != null && (!Number.isInteger(input.requiredDeliveries) || input.requiredDeliveries < 1 || input.requiredDeliveries > 100)) {
        fail(UserErrorCode.OUT_OF_RANGE, at('requiredDeliveries'), { min: 1, max: 100 });
      }
      const today = countyToday(ctx.clock);
      if (input.decision === PlanDecision.DECLINE) {
        item.status = PlanItemStatus.DECLINED;
      } else {
        if (input.decision === PlanDecision.ADJUST && input.amount == null && input.requiredDeliveries == null) fail(UserErrorCode.REQUIRED, at('amount'));
        const amount = input.amount ?? item.proposedAmount ?? null;
        if (ITEMS[item.item as ItemCode].money && amount == null) fail(UserErrorCode.REQUIRED, at('amount'));
        item.status = input.decision === PlanDecision.ACCEPT ? PlanItemStatus.ACCEPTED : PlanItemStatus.ADJUSTED;
        item.amount = amount;
        if (input.requiredDeliveries != null) item.requiredDeliveries = input.requiredDeliveries;
        const policy = await loadPolicy(sqlOf(tx), today);
        item.dueOn = addCalendarDays(today, policy.values.MEASURE_DUE_DAYS);
      }
      item.decisionReason = reason;
      item.decidedBy = ctx.principal.actor;
      item.decidedOn = today;
      item.updatedAt = ctx.clock.now();
      item.updatedBy = ctx.principal.actor;
      return item.id;
    }
  }

  /** What was given for an item: only for agreed items of confirmed households, by the owner. */
  async recordDelivery(ctx: ServiceContext, planItemId: string | null, input: DeliveryInput): Promise<Result<RecordedDelivery>> {
    return this.onItem(ctx, planItemId, 'recordDelivery', (tx, item) => this.applyDelivery(ctx, tx, item, input, (f) => ['input', f]), disbursementUniqueViolation);
  }

  /**
   * office-files (issue 14 item 4): the deliveries of a department's own sheet, all or none, as
   * recordDelivery records each (money paid from its allocation). `at(i, field)` names a
   * problem's place (the sheet's row and column); with `commit` false everything is checked in a
   * transaction that is then rolled back, so a dry run finds what a commit would (funds included)
   * and writes nothing.
   */
  async recordDeliveries(
    ctx: ServiceContext, rows: Array<{ planItemId: string | null; input: DeliveryInput }>, opts: { commit: boolean },
  ): Promise<Result<RecordedDelivery[]>> {
    if (rows.length === 0) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'deliveries'] });
    if (rows.length > DELIVERY_BATCH_MAX) return refused({ code: UserErrorCode.OUT_OF_RANGE, path: ['input', 'deliveries'], params: { min: 1, max: DELIVERY_BATCH_MAX } });
    try {
      return await runMutation(ctx, 'recordDeliveries', async (tx) => {
        const problems: Problem[] = [];
        const done: RecordedDelivery[] = [];
        for (const [i, { planItemId, input }] of rows.entries()) {
          const at = (f: string) => ['input', 'deliveries', String(i), f];
          try {
            const item = await this.actionableItem(tx, ctx, planItemId, at('planItem'));
            done.push(await this.applyDelivery(ctx, tx, item, input, at));
          } catch (err) {
            if (!(err instanceof ProblemsThrown)) throw err;
            // The funds module names its own paths (input.amount, input.allocation): put them on this row.
            problems.push(...err.problems.map((p) => (p.path && p.path[0] === 'input' && p.path[1] !== 'deliveries' ? { ...p, path: at(p.path[1] ?? 'planItem') } : p)));
          }
        }
        if (problems.length) throw new ProblemsThrown(problems);
        await tx.flush();
        if (!opts.commit) throw new DryRunDone(done);
        return audited(done, 'Delivery', null, { deliveries: done.map((d) => d.deliveryId) });
      }, { onUniqueViolation: disbursementUniqueViolation });
    } catch (err) {
      if (err instanceof DryRunDone) return { ok: true, value: err.value };
      throw err;
    }
  }

  private async applyDelivery(ctx: ServiceContext, tx: EntityManager, item: PlanItem, input: DeliveryInput, at: (field: string) => string[]): Promise<RecordedDelivery> {
    {
      const note = input.note?.trim() ?? '';
      if (!note) fail(UserErrorCode.REQUIRED, at('note'));
      if (textLength(note) > TEXT_MAX) fail(UserErrorCode.STRING_TOO_LONG, at('note'), { max: TEXT_MAX });
      if (input.deliveredOn > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, at('deliveredOn'));
      const household = await sqlOf(tx)('household').select('status').where('id', item.household.id).first();
      if (!AGREED.includes(item.status) || household.status !== 'IN_HARDSHIP') fail(UserErrorCode.NOT_ENTITLED, at('planItem'), { state: item.status });
      const money = ITEMS[item.item as ItemCode].money;
      if (money) {
        if (input.amount == null) fail(UserErrorCode.REQUIRED, at('amount'));
        this.checkAmount(input.amount, at('amount'));
        if (input.amount <= 0) fail(UserErrorCode.AMOUNT_NEGATIVE, at('amount'));
        if (input.allocationId === undefined) fail(UserErrorCode.REQUIRED, at('allocation'));
      } else if (input.amount != null || input.allocationId !== undefined) {
        fail(UserErrorCode.INVALID_FORMAT, at(input.amount != null ? 'amount' : 'allocation'));
      }
      const delivery = tx.create(Delivery, { planItem: item, deliveredOn: input.deliveredOn, note, amount: money ? input.amount! : null, recordedBy: ctx.principal.actor, recordedAt: ctx.clock.now() });
      await tx.flush();
      if (money) {
        if (input.allocationId == null) fail(UserErrorCode.NOT_FOUND, at('allocation'));
        const paid = await disburse(tx, ctx, { allocationId: input.allocationId, deliveryId: delivery.id, amount: input.amount!, paidOn: input.deliveredOn });
        if (!paid.ok) throw new ProblemsThrown(paid.problems);
      }
      item.updatedAt = ctx.clock.now();
      item.updatedBy = ctx.principal.actor;
      return { deliveryId: delivery.id, planItemId: item.id };
    }
  }

  private checkAmount(amount: number, path: string[]) {
    if (amount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, path);
    if (amount > AMOUNT_MAX) fail(UserErrorCode.AMOUNT_TOO_LARGE, path, { max: AMOUNT_MAX });
  }

  /**
   * Loads an item the principal may see and act on: its own department's items only (civil
   * affairs sees every item but acts only on the safety net). Then one mutation (one transaction,
   * its SUCCESS audit row names the plan item).
   */
  private onItem<T>(
    ctx: ServiceContext, planItemId: string | null, action: string, work: (tx: EntityManager, item: PlanItem) => Promise<T>,
    onUniqueViolation?: MutationOptions['onUniqueViolation'],
  ): Promise<Result<T>> {
    return runMutation(ctx, action, async (tx) => {
      const item = await this.actionableItem(tx, ctx, planItemId, ['input', 'planItem']);
      const value = await work(tx, item);
      await tx.flush();
      return audited(value, 'PlanItem', item.id);
    }, { onUniqueViolation });
  }

  /** An item the principal may see and act on (its own department's), of a household still on the plan; else the problem at `path`. */
  private async actionableItem(tx: EntityManager, ctx: ServiceContext, planItemId: string | null, path: string[]): Promise<PlanItem> {
    const item = planItemId && /^\d{1,18}$/.test(planItemId) ? await tx.findOne(PlanItem, { id: planItemId }) : null;
    if (!item || !(await this.visible(tx, ctx.principal, item.id))) fail(UserErrorCode.NOT_FOUND, path);
    if (ctx.principal.kind !== 'DEPARTMENT' || ctx.principal.department !== item.department) fail(UserErrorCode.NOT_YOUR_MEASURE, path);
    // R19 (lifecycle, issue 11): an exited household's plan is read-only (the lifecycle's rule, in SQL).
    const writable = (await sqlOf(tx).raw('select lifecycle_household_writable(household_id) as ok from plan_item where id = ?', [item.id])).rows[0];
    if (!writable.ok) fail(UserErrorCode.HOUSEHOLD_EXITED, path);
    return item;
  }

  private async visible(tx: EntityManager, principal: Principal, id: string): Promise<boolean> {
    const scope = planRowsOf(principal);
    return !!(await sqlOf(tx)('plan_item as pi').whereRaw(scope.sql, scope.params as never[]).where('pi.id', id).first());
  }
}
