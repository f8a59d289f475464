/**
 * Funds (R20, R21: finance raises and pools the money, each department spends its measure's
 * share, civil affairs runs the safety net). Writes: fund sources, allocations, disbursements and
 * the monthly allowance run (R17), each one mutation (runMutation: one transaction and its SUCCESS
 * audit row); problems write nothing. Reads: funds.reader.ts.
 *
 * Keys in (database ids; `null` for an id that named nothing), problems out. Funds needs nothing
 * of the measures module (the measure vocabulary is src/shared/measures.ts); measures draws on
 * funds for money deliveries through `disburse`, in its own transaction.
 *
 * Money never overdraws: every draw on an allocation is ONE conditional UPDATE
 * (`disbursed + x <= amount`), so concurrent payers serialise on the row and the loser sees zero
 * rows, on PostgreSQL as on the embedded database.
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { audited, runMutation, uniqueViolationOf } from '../../db/mutation';
import type { ServiceContext } from '../../shared/context';
import { countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { isMeasureCode } from '../../shared/measures';
import { fail, Problem, ProblemsThrown, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { allowanceAmountsForMonth } from './funds.allowance';
import { FundSource } from './funds.entity';
import { FundKind } from './funds.enums';

/** At most 10^12 fen (10 billion yuan) per allocation: anything larger is a typing error. */
export const ALLOCATION_MAX_FEN = 1_000_000_000_000;
/** One payment fits the `integer` columns of delivery and disbursement. */
export const DISBURSEMENT_MAX_FEN = 2_147_483_647;
export const ALLOWANCE_ITEM = 'MINIMUM_LIVING_ALLOWANCE';
const TEXT = { code: 40, name: 100 };

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isKey = (v: string | null | undefined): v is string => v != null && /^\d{1,18}$/.test(v);

// ---------------------------------------------------------------------------------------------
// Disbursement: the core shared with the measures service
// ---------------------------------------------------------------------------------------------

/**
 * One delivery is paid once: the unique index on disbursement.delivery_id is the backstop of the
 * check in `disburse` when two payers race. For the mutations that pay (payDelivery here,
 * recordDelivery in the measures service) as their `onUniqueViolation`.
 */
export function disbursementUniqueViolation(constraint: string | undefined): Problem | undefined {
  return constraint === 'disbursement_delivery_id_unique' ? { code: UserErrorCode.ALREADY_PAID, path: ['input', 'delivery'] } : undefined;
}

/**
 * Draws `total` fen from an allocation: one conditional UPDATE, the only way `disbursed` moves.
 * Zero rows → FUND_OVERDRAWN (nothing changed).
 */
async function drawDown(knex: Knex, ctx: ServiceContext, allocationId: string, total: number, path: string[]): Promise<void> {
  const result = await knex.raw(
    `update fund_allocation set disbursed = disbursed + ?::bigint, version = version + 1, updated_at = now(), updated_by = ?
      where id = ? and disbursed + ?::bigint <= amount returning disbursed`,
    [total, ctx.principal.actor, allocationId, total],
  );
  if (result.rows.length === 0) fail(UserErrorCode.FUND_OVERDRAWN, path);
}

/**
 * Bulk insert of disbursement rows (one per delivery). A delivery already paid by a concurrent
 * payer fails here on the unique index (disbursementUniqueViolation → ALREADY_PAID).
 */
async function insertDisbursements(knex: Knex, ctx: ServiceContext, allocationId: string, items: Array<{ deliveryId: string; amount: number }>, paidOn: string): Promise<string[]> {
  const result = await knex.raw(
    `insert into disbursement (allocation_id, delivery_id, amount, paid_on, recorded_by)
     select ?::bigint, u.delivery_id, u.amount, ?::date, ? from unnest(?::bigint[], ?::int[]) as u(delivery_id, amount)
     returning id`,
    [allocationId, paidOn, ctx.principal.actor, items.map((i) => i.deliveryId), items.map((i) => i.amount)],
  );
  return result.rows.map((r: { id: string | number }) => String(r.id));
}

export interface DisburseInput {
  /** Database keys (not global ids). */
  allocationId: string;
  deliveryId: string;
  amount: number;
  /** YYYY-MM-DD, county calendar; not in the future; in the allocation's year. */
  paidOn: string;
}

/**
 * Pays one delivery from an allocation, inside the caller's transaction `tx` (all SQL goes through
 * `sqlOf(tx)`). Refuses: an amount ≤ 0 or too large, an unknown allocation or delivery, an
 * allocation of another measure than the delivery's plan item (WRONG_MEASURE) or of another year
 * (WRONG_YEAR), a delivery already paid (ALREADY_PAID), an overdraw (FUND_OVERDRAWN).
 *
 * On `ok: false` the caller MUST roll its transaction back (throw ProblemsThrown). When two payers
 * race, the loser's insert fails on the unique index and the error propagates: the caller's
 * mutation names it with `disbursementUniqueViolation`. No audit row: the caller's mutation audits
 * the change it is part of.
 */
export async function disburse(tx: EntityManager, ctx: ServiceContext, input: DisburseInput): Promise<Result<string>> {
  try {
    const knex = sqlOf(tx);
    const { amount, paidOn } = input;
    if (!Number.isSafeInteger(amount) || amount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, ['input', 'amount']);
    if (amount === 0) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'amount'], { min: 1, max: DISBURSEMENT_MAX_FEN });
    if (amount > DISBURSEMENT_MAX_FEN) fail(UserErrorCode.AMOUNT_TOO_LARGE, ['input', 'amount'], { max: DISBURSEMENT_MAX_FEN });
    if (!isDay(paidOn)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'paidOn']);
    if (paidOn > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'paidOn']);
    const allocation = isKey(input.allocationId) ? await knex('fund_allocation').select('id', 'measure', 'year').where('id', input.allocationId).first() : null;
    if (!allocation) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
    const delivery = isKey(input.deliveryId)
      ? await knex('delivery as d').join('plan_item as pi', 'pi.id', 'd.plan_item_id').select('d.id', 'pi.measure').where('d.id', input.deliveryId).first()
      : null;
    if (!delivery) fail(UserErrorCode.NOT_FOUND, ['input', 'delivery']);
    if (delivery.measure !== allocation.measure) fail(UserErrorCode.WRONG_MEASURE, ['input', 'allocation']);
    if (Number(paidOn.slice(0, 4)) !== Number(allocation.year)) fail(UserErrorCode.WRONG_YEAR, ['input', 'allocation'], { year: allocation.year });
    if (await knex('disbursement').select('id').where('delivery_id', input.deliveryId).first()) fail(UserErrorCode.ALREADY_PAID, ['input', 'delivery']);
    await drawDown(knex, ctx, input.allocationId, amount, ['input', 'allocation']);
    const [id] = await insertDisbursements(knex, ctx, input.allocationId, [{ deliveryId: input.deliveryId, amount }], paidOn);
    return { ok: true, value: id };
  } catch (err) {
    if (err instanceof ProblemsThrown) return { ok: false, problems: err.problems };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------
export interface AllowanceRunOutcome {
  run: string;
  alreadyRun: boolean;
}

/** Two sources with one code: the unique index settles a race the check before it lost. */
const duplicateCode = (constraint: string | undefined): Problem | undefined =>
  constraint === 'fund_source_code_unique' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'code'] } : undefined;

/** Thrown inside the allowance run's transaction when the month was paid meanwhile (rolls back, answers that run). */
class AlreadyRun extends Error {
  constructor(readonly runId: string) {
    super('allowance month already run');
  }
}

export class FundsService {
  /** FINANCE (the matrix guards the operation). Codes are unique. */
  async createFundSource(ctx: ServiceContext, input: { code: string; name: string; kind: FundKind }): Promise<Result<string>> {
    return runMutation(ctx, 'createFundSource', async (tx) => {
      const code = this.text(input.code, ['input', 'code'], TEXT.code);
      if (!/^[A-Za-z0-9_-]+$/.test(code)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'code']);
      const name = this.text(input.name, ['input', 'name'], TEXT.name);
      if (!Object.values(FundKind).includes(input.kind)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'kind']);
      if (await sqlOf(tx)('fund_source').select('id').where('code', code).first()) fail(UserErrorCode.DUPLICATE_CODE, ['input', 'code']);
      const source = tx.create(FundSource, { code, name, kind: input.kind, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor });
      await tx.flush();
      return audited(source.id, 'FundSource', source.id);
    }, { onUniqueViolation: duplicateCode });
  }

  /** FINANCE: sets money of a source aside for one measure and year. */
  async allocateFund(ctx: ServiceContext, input: { sourceId: string | null; measure: string; year: number; amount: number }): Promise<Result<string>> {
    return runMutation(ctx, 'allocateFund', async (tx) => {
      const knex = sqlOf(tx);
      const source = isKey(input.sourceId) ? await knex('fund_source').select('id').where('id', input.sourceId).first() : null;
      if (!source) fail(UserErrorCode.NOT_FOUND, ['input', 'source']);
      if (!isMeasureCode(input.measure)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'measure']);
      const thisYear = Number(countyToday(ctx.clock).slice(0, 4));
      if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear + 1) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'year'], { min: 2000, max: thisYear + 1 });
      const amount = input.amount;
      if (!Number.isSafeInteger(amount) || amount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, ['input', 'amount']);
      if (amount === 0) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'amount'], { min: 1, max: ALLOCATION_MAX_FEN });
      if (amount > ALLOCATION_MAX_FEN) fail(UserErrorCode.AMOUNT_TOO_LARGE, ['input', 'amount'], { max: ALLOCATION_MAX_FEN });
      const [row] = await knex('fund_allocation')
        .insert({ source_id: source.id, measure: input.measure, year: input.year, amount, disbursed: 0, created_by: ctx.principal.actor, updated_by: ctx.principal.actor })
        .returning('id');
      const id = String(row.id);
      return audited(id, 'FundAllocation', id, { measure: input.measure, year: input.year, amount });
    });
  }

  /**
   * R17: one township's minimum living allowance for one month. Pays every household payable that
   * month whose MINIMUM_LIVING_ALLOWANCE item was agreed (decided by the end of the month, and not
   * paid for that month by another run) the amount computed for THAT month from the household as
   * it stood and the policy in force (funds.allowance.ts, issue 11), in ONE transaction: a
   * delivery, a disbursement and a roster line per household, then the run. Set-based: one select
   * of the items, one of their members, one draw on the allocation, one insert per table, whatever
   * the number of households.
   *
   * Idempotent per (township, month): a second call returns the existing run with
   * `alreadyRun: true` and writes nothing (no audit row either: nothing changed); the unique
   * (township, month) constraint settles concurrent calls the same way.
   *
   * Dates: the delivery's `deliveredOn` and the disbursement's `paidOn` are the county day the run
   * is made (when the money actually moves, never a day before the item was decided); the month
   * paid for is on the run and in the delivery note (`月度低保金 YYYY-MM`).
   */
  async runMonthlyAllowance(
    ctx: ServiceContext, input: { townshipId: string | null; month: string; allocationId: string | null },
  ): Promise<Result<AllowanceRunOutcome>> {
    const { townshipId } = input;
    const month = input.month?.trim() ?? '';
    const today = countyToday(ctx.clock);
    // Checked before the mutation, in the same order as ever: a month already paid is answered
    // with its run without a write.
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month > today.slice(0, 7)) return { ok: false, problems: [{ code: UserErrorCode.INVALID_MONTH, path: ['input', 'month'] }] };
    const knex0 = ctx.em.fork().getKnex();
    const township = isKey(townshipId) ? await knex0('township').select('id').where('id', townshipId).first() : null;
    if (!township) return { ok: false, problems: [{ code: UserErrorCode.NOT_FOUND, path: ['input', 'township'] }] };
    const paidRun = async () => {
      const existing = await ctx.em.fork().getKnex()('allowance_run').select('id').where({ township_id: townshipId, month }).first();
      return existing ? String(existing.id) : null;
    };
    const already = await paidRun();
    if (already) return { ok: true, value: { run: already, alreadyRun: true } };
    try {
      return await runMutation(ctx, 'runMonthlyAllowance', async (tx) => {
        const knex = sqlOf(tx);
        // One run of a township and month at a time: a concurrent run waits here until the first
        // commits, then finds its run. Without the lock it could read the first run's lines as
        // already paid and answer NOTHING_TO_PAY instead of "already run".
        await knex.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`allowance_run:${townshipId}:${month}`]);
        const paid = await knex('allowance_run').select('id').where({ township_id: townshipId, month }).first();
        if (paid) throw new AlreadyRun(String(paid.id));
        const allocation = isKey(input.allocationId) ? await knex('fund_allocation').select('id', 'measure', 'year').where('id', input.allocationId).first() : null;
        if (!allocation) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
        if (allocation.measure !== 'SAFETY_NET') fail(UserErrorCode.WRONG_MEASURE, ['input', 'allocation']);
        if (Number(allocation.year) !== Number(month.slice(0, 4))) fail(UserErrorCode.WRONG_YEAR, ['input', 'allocation'], { year: allocation.year });

        const eligible = await allowanceAmountsForMonth(knex, townshipId!, month);
        if (eligible.length === 0) fail(UserErrorCode.NOTHING_TO_PAY, ['input', 'township']);
        const total = eligible.reduce((sum, e) => sum + e.amount, 0);

        // The run first: a concurrent run of the same township and month waits here on the unique
        // index and then fails, and is answered with the run that won (see below).
        const [run] = await knex('allowance_run')
          .insert({ township_id: townshipId, month, allocation_id: allocation.id, households: eligible.length, total, created_by: ctx.principal.actor })
          .returning('id');
        const runId = String(run.id);
        await drawDown(knex, ctx, allocation.id, total, ['input', 'allocation']);
        const deliveries: Array<{ id: string; plan_item_id: string }> = (await knex.raw(
          `insert into delivery (plan_item_id, delivered_on, note, amount, recorded_by)
           select u.plan_item_id, ?::date, ?, u.amount, ? from unnest(?::bigint[], ?::int[]) as u(plan_item_id, amount)
           returning id, plan_item_id`,
          [today, `月度低保金 ${month}`, ctx.principal.actor, eligible.map((e) => e.plan_item_id), eligible.map((e) => e.amount)],
        )).rows;
        const deliveryOf = new Map(deliveries.map((d) => [String(d.plan_item_id), String(d.id)]));
        await insertDisbursements(knex, ctx, allocation.id, eligible.map((e) => ({ deliveryId: deliveryOf.get(String(e.plan_item_id))!, amount: Number(e.amount) })), today);
        await knex.raw(
          `insert into allowance_run_line (run_id, household_id, plan_item_id, delivery_id, head_name, household_size, amount)
           select ?::bigint, u.household_id, u.plan_item_id, u.delivery_id, u.head_name, u.household_size, u.amount
             from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::smallint[], ?::int[]) as u(household_id, plan_item_id, delivery_id, head_name, household_size, amount)`,
          [
            runId, eligible.map((e) => e.household_id), eligible.map((e) => e.plan_item_id), eligible.map((e) => deliveryOf.get(String(e.plan_item_id))!),
            eligible.map((e) => e.head_name), eligible.map((e) => e.member_count), eligible.map((e) => e.amount),
          ],
        );
        return audited({ run: runId, alreadyRun: false }, 'AllowanceRun', runId, { township: townshipId, month, allocation: String(allocation.id), households: eligible.length, total });
      });
    } catch (err) {
      // Another run of this month committed first: answer with it (nothing of ours was written).
      if (err instanceof AlreadyRun) return { ok: true, value: { run: err.runId, alreadyRun: true } };
      if (uniqueViolationOf(err)?.constraint !== 'allowance_run_township_month_uniq') throw err;
      // Lost the race: the other run committed; answer with it (nothing of ours was written).
      return { ok: true, value: { run: (await paidRun())!, alreadyRun: true } };
    }
  }

  /** One disbursement in a transaction of its own (for callers without one: CLI, imports, tests). */
  async payDelivery(ctx: ServiceContext, input: DisburseInput): Promise<Result<string>> {
    return runMutation(ctx, 'payDelivery', async (tx) => {
      const paid = await disburse(tx, ctx, input);
      if (!paid.ok) throw new ProblemsThrown(paid.problems);
      return audited(paid.value, 'Disbursement', paid.value, { allocation: input.allocationId, delivery: input.deliveryId, amount: input.amount });
    }, { onUniqueViolation: disbursementUniqueViolation });
  }

  private text(value: string | null | undefined, path: string[], max: number): string {
    const v = value?.trim() ?? '';
    if (!v) fail(UserErrorCode.REQUIRED, path);
    if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
    return v;
  }
}
