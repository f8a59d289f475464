/**
 * Funds (R20, R21: finance raises and pools the money, each department spends its measure's
 * share, civil affairs runs the safety net). Writes: fund sources, allocations, disbursements and
 * the monthly allowance run (R17), each in one transaction with its audit row; userErrors write
 * nothing. Reads: plain rows scoped by the principal (FundsReader).
 *
 * Money never overdraws: every draw on an allocation is ONE conditional UPDATE
 * (`disbursed + x <= amount`), so concurrent payers serialise on the row and the loser sees zero
 * rows, on PostgreSQL as on the embedded database.
 */
import { Fail, failIn, UserErrorsThrown } from '../../graphql/user-errors';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlOf, writeAudit } from '../../access/audit';
import { OTHER_ROWS } from '../../access/matrix';
import { Principal, Role } from '../../shared/principal';
import { SqlFragment } from '../../access/scope';
import { UserError, UserErrorCode } from '../../graphql/errors';
import { keysetPage, PageArgs } from '../../graphql/paging';
import { keyOf, Page } from '../../graphql/relay';
import { countyToday, textLength } from '../../graphql/scalars';
import { CaseContext } from '../identification/identification.service';
import { MeasureCode, MEASURES } from '../measures/catalogue';
import { FundKind, FundSource } from './funds.entity';
import {
  AllowanceRunLineNode, AllowanceRunNode, allocationFromRow, FundAllocationFilter, FundAllocationNode, FundSourceNode, lineFromRow, runFromRow,
  sourceFromRow,
} from './funds.types';

/** What a funds service call needs: principal, entity manager, language, audit source, clock. */
export type FundsContext = CaseContext;
export type FundsResult<T = string> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** At most 10^12 fen (10 billion yuan) per allocation: anything larger is a typing error. */
export const ALLOCATION_MAX_FEN = 1_000_000_000_000;
/** One payment fits the `integer` columns of delivery and disbursement. */
export const DISBURSEMENT_MAX_FEN = 2_147_483_647;
export const ALLOWANCE_ITEM = 'MINIMUM_LIVING_ALLOWANCE';
const TEXT = { code: 40, name: 100 };

// ---------------------------------------------------------------------------------------------
// Row rules, from the access matrix (OTHER_ROWS.Funds and OTHER_ROWS.AllowanceRun).
// ---------------------------------------------------------------------------------------------
/** Read every source and allocation: aggregates only, no people. */
export const FUND_READERS: readonly Role[] = OTHER_ROWS.Funds;
/** Read every allowance run as an aggregate (month, households, total); a township reads its own. */
export const RUN_READERS: readonly Role[] = OTHER_ROWS.AllowanceRun.filter((r) => r !== 'TOWNSHIP');
/** Read every run's roster (lines and the printed roster name heads of household); a township its own. */
export const ROSTER_READERS: readonly Role[] = OTHER_ROWS.AllowanceRoster.filter((r) => r !== 'TOWNSHIP');

const NOTHING: SqlFragment = { sql: 'false', params: [] };

/** Allocations (alias `a`): fund readers all; a department those of its own measures. */
export function allocationScope(p: Principal, a = 'a'): SqlFragment {
  if (FUND_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind !== 'DEPARTMENT') return NOTHING;
  const own = (Object.keys(MEASURES) as MeasureCode[]).filter((m) => MEASURES[m].department === p.department);
  return own.length ? { sql: `${a}.measure = any(?::text[])`, params: [own] } : NOTHING;
}

/** Sources (alias `s`): their totals span every measure, so fund readers only. */
export function sourceScope(p: Principal): SqlFragment {
  return FUND_READERS.includes(p.role) ? { sql: 'true', params: [] } : NOTHING;
}

/** Allowance runs (alias `r`). */
export function runScope(p: Principal, r = 'r'): SqlFragment {
  if (RUN_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind === 'TOWNSHIP' && OTHER_ROWS.AllowanceRun.includes('TOWNSHIP')) return { sql: `${r}.township_id = ?`, params: [p.townshipId] };
  return NOTHING;
}

/** Runs whose roster (lines, printed roster) the principal may read (alias `r`): no names for aggregate readers. */
export function rosterScope(p: Principal, r = 'r'): SqlFragment {
  if (ROSTER_READERS.includes(p.role)) return { sql: 'true', params: [] };
  if (p.kind === 'TOWNSHIP' && OTHER_ROWS.AllowanceRoster.includes('TOWNSHIP')) return { sql: `${r}.township_id = ?`, params: [p.townshipId] };
  return NOTHING;
}

// ---------------------------------------------------------------------------------------------
// Disbursement: the core shared with the measures service
// ---------------------------------------------------------------------------------------------


function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (err instanceof UniqueConstraintViolationException) return err.message.includes(constraint);
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === constraint;
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * Draws `total` fen from an allocation: one conditional UPDATE, the only way `disbursed` moves.
 * Zero rows → FUND_OVERDRAWN (nothing changed).
 */
async function drawDown(knex: Knex, ctx: FundsContext, allocationId: string, total: number, path: string[]): Promise<void> {
  const result = await knex.raw(
    `update fund_allocation set disbursed = disbursed + ?::bigint, version = version + 1, updated_at = now(), updated_by = ?
      where id = ? and disbursed + ?::bigint <= amount returning disbursed`,
    [total, ctx.principal.actor, allocationId, total],
  );
  if (result.rows.length === 0) failIn(ctx)(UserErrorCode.FUND_OVERDRAWN, path);
}

/** Bulk insert of disbursement rows (one per delivery); the unique delivery index is the backstop. */
async function insertDisbursements(
  knex: Knex, ctx: FundsContext, allocationId: string, items: Array<{ deliveryId: string; amount: number }>, paidOn: string, path: string[],
): Promise<string[]> {
  try {
    const result = await knex.raw(
      `insert into disbursement (allocation_id, delivery_id, amount, paid_on, recorded_by)
       select ?::bigint, u.delivery_id, u.amount, ?::date, ? from unnest(?::bigint[], ?::int[]) as u(delivery_id, amount)
       returning id`,
      [allocationId, paidOn, ctx.principal.actor, items.map((i) => i.deliveryId), items.map((i) => i.amount)],
    );
    return result.rows.map((r: { id: string | number }) => String(r.id));
  } catch (err) {
    if (isUniqueViolation(err, 'disbursement_delivery_id_unique')) failIn(ctx)(UserErrorCode.ALREADY_PAID, path);
    throw err;
  }
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
 * On `ok: false` the caller MUST roll its transaction back (throw): the backstop of ALREADY_PAID
 * is a unique violation, after which PostgreSQL accepts no further statement in the transaction.
 * No audit row: the caller's mutation audits the change it is part of.
 */
export async function disburse(tx: EntityManager, ctx: FundsContext, input: DisburseInput): Promise<FundsResult<string>> {
  const fail = failIn(ctx);
  try {
    const knex = sqlOf(tx);
    const { amount, paidOn } = input;
    if (!Number.isSafeInteger(amount) || amount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, ['input', 'amount']);
    if (amount === 0) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'amount'], { min: 1, max: DISBURSEMENT_MAX_FEN });
    if (amount > DISBURSEMENT_MAX_FEN) fail(UserErrorCode.AMOUNT_TOO_LARGE, ['input', 'amount'], { max: DISBURSEMENT_MAX_FEN });
    if (!isDay(paidOn)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'paidOn']);
    if (paidOn > countyToday(ctx.clock.now())) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'paidOn']);
    const allocation = /^\d{1,18}$/.test(input.allocationId) ? await knex('fund_allocation').select('id', 'measure', 'year').where('id', input.allocationId).first() : null;
    if (!allocation) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
    const delivery = /^\d{1,18}$/.test(input.deliveryId)
      ? await knex('delivery as d').join('plan_item as pi', 'pi.id', 'd.plan_item_id').select('d.id', 'pi.measure').where('d.id', input.deliveryId).first()
      : null;
    if (!delivery) fail(UserErrorCode.NOT_FOUND, ['input', 'delivery']);
    if (delivery.measure !== allocation.measure) fail(UserErrorCode.WRONG_MEASURE, ['input', 'allocation']);
    if (Number(paidOn.slice(0, 4)) !== Number(allocation.year)) fail(UserErrorCode.WRONG_YEAR, ['input', 'allocation'], { year: allocation.year });
    if (await knex('disbursement').select('id').where('delivery_id', input.deliveryId).first()) fail(UserErrorCode.ALREADY_PAID, ['input', 'delivery']);
    await drawDown(knex, ctx, input.allocationId, amount, ['input', 'allocation']);
    const [id] = await insertDisbursements(knex, ctx, input.allocationId, [{ deliveryId: input.deliveryId, amount }], paidOn, ['input', 'delivery']);
    return { ok: true, value: id };
  } catch (err) {
    if (err instanceof UserErrorsThrown) return { ok: false, userErrors: err.userErrors };
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

export class FundsService {
  /** FINANCE (the matrix guards the operation). Codes are unique. */
  async createFundSource(ctx: FundsContext, input: { code: string; name: string; kind: FundKind }): Promise<FundsResult> {
    return this.run(ctx, async (tx, fail) => {
      const code = this.text(input.code, ['input', 'code'], TEXT.code, fail);
      if (!/^[A-Za-z0-9_-]+$/.test(code)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'code']);
      const name = this.text(input.name, ['input', 'name'], TEXT.name, fail);
      if (!Object.values(FundKind).includes(input.kind)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'kind']);
      if (await sqlOf(tx)('fund_source').select('id').where('code', code).first()) fail(UserErrorCode.DUPLICATE_CODE, ['input', 'code']);
      const source = tx.create(FundSource, { code, name, kind: input.kind, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor });
      try {
        await tx.flush();
      } catch (err) {
        if (isUniqueViolation(err, 'fund_source_code_unique')) fail(UserErrorCode.DUPLICATE_CODE, ['input', 'code']);
        throw err;
      }
      await this.audit(tx, ctx, 'createFundSource', 'FundSource', source.id);
      return source.id;
    });
  }

  /** FINANCE: sets money of a source aside for one measure and year. */
  async allocateFund(ctx: FundsContext, input: { source: string; measure: string; year: number; amount: number }): Promise<FundsResult> {
    return this.run(ctx, async (tx, fail) => {
      const knex = sqlOf(tx);
      const sourceId = keyOf(input.source, 'FundSource');
      const source = sourceId ? await knex('fund_source').select('id').where('id', sourceId).first() : null;
      if (!source) fail(UserErrorCode.NOT_FOUND, ['input', 'source']);
      if (!(input.measure in MEASURES)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'measure']);
      const thisYear = Number(countyToday(ctx.clock.now()).slice(0, 4));
      if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear + 1) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'year'], { min: 2000, max: thisYear + 1 });
      const amount = input.amount;
      if (!Number.isSafeInteger(amount) || amount < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, ['input', 'amount']);
      if (amount === 0) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'amount'], { min: 1, max: ALLOCATION_MAX_FEN });
      if (amount > ALLOCATION_MAX_FEN) fail(UserErrorCode.AMOUNT_TOO_LARGE, ['input', 'amount'], { max: ALLOCATION_MAX_FEN });
      const [row] = await knex('fund_allocation')
        .insert({ source_id: sourceId, measure: input.measure, year: input.year, amount, disbursed: 0, created_by: ctx.principal.actor, updated_by: ctx.principal.actor })
        .returning('id');
      const id = String(row.id);
      await this.audit(tx, ctx, 'allocateFund', 'FundAllocation', id, { measure: input.measure, year: input.year, amount });
      return id;
    });
  }

  /**
   * R17: one township's minimum living allowance for one month. Pays every household IN_HARDSHIP
   * whose MINIMUM_LIVING_ALLOWANCE item is ACCEPTED or ADJUSTED with an amount (decided by the end
   * of the month, and not paid for that month by another run), in ONE transaction: a delivery, a
   * disbursement and a roster line per household, then the run. Set-based: one select, one draw on
   * the allocation, one insert per table, whatever the number of households.
   *
   * Idempotent per (township, month): a second call returns the existing run with
   * `alreadyRun: true` and writes nothing; the unique (township, month) constraint settles
   * concurrent calls the same way.
   *
   * Dates: the delivery's `deliveredOn` and the disbursement's `paidOn` are the county day the run
   * is made (when the money actually moves, never a day before the item was decided); the month
   * paid for is on the run and in the delivery note (`月度低保金 YYYY-MM`).
   */
  async runMonthlyAllowance(ctx: FundsContext, input: { township: string; month: string; allocation: string }): Promise<FundsResult<AllowanceRunOutcome>> {
    const townshipId = keyOf(input.township, 'Township');
    try {
      return await this.run(ctx, async (tx, fail) => {
        const knex = sqlOf(tx);
        const today = countyToday(ctx.clock.now());
        const month = input.month?.trim() ?? '';
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month > today.slice(0, 7)) fail(UserErrorCode.INVALID_MONTH, ['input', 'month']);
        const township = townshipId ? await knex('township').select('id').where('id', townshipId).first() : null;
        if (!township) fail(UserErrorCode.NOT_FOUND, ['input', 'township']);
        const existing = await knex('allowance_run').select('id').where({ township_id: townshipId, month }).first();
        if (existing) return { run: String(existing.id), alreadyRun: true };

        const allocationId = keyOf(input.allocation, 'FundAllocation');
        const allocation = allocationId ? await knex('fund_allocation').select('id', 'measure', 'year').where('id', allocationId).first() : null;
        if (!allocation) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
        if (allocation.measure !== 'SAFETY_NET') fail(UserErrorCode.WRONG_MEASURE, ['input', 'allocation']);
        if (Number(allocation.year) !== Number(month.slice(0, 4))) fail(UserErrorCode.WRONG_YEAR, ['input', 'allocation'], { year: allocation.year });

        const monthEnd = lastDayOf(month);
        const eligible: Array<{ plan_item_id: string; household_id: string; amount: number; head_name: string; member_count: number }> = (await knex.raw(
          `select pi.id as plan_item_id, h.id as household_id, pi.amount, h.head_name, h.member_count
             from plan_item pi join household h on h.id = pi.household_id
            where h.township_id = ? and h.status = 'IN_HARDSHIP'
              and pi.item = ? and pi.status in ('ACCEPTED', 'ADJUSTED') and pi.amount is not null and pi.amount > 0
              and (pi.decided_on is null or pi.decided_on <= ?::date)
              and not exists (select 1 from allowance_run_line l join allowance_run r on r.id = l.run_id where l.household_id = h.id and r.month = ?)
            order by h.id`,
          [townshipId, ALLOWANCE_ITEM, monthEnd, month],
        )).rows;
        if (eligible.length === 0) fail(UserErrorCode.NOTHING_TO_PAY, ['input', 'township']);
        const total = eligible.reduce((sum, e) => sum + Number(e.amount), 0);

        // The run first: a concurrent run of the same township and month waits here on the unique
        // index and then fails, and is answered with this run (see the catch below).
        const [run] = await knex('allowance_run')
          .insert({ township_id: townshipId, month, allocation_id: allocationId, households: eligible.length, total, created_by: ctx.principal.actor })
          .returning('id');
        const runId = String(run.id);
        await drawDown(knex, ctx, allocationId!, total, ['input', 'allocation']);
        const deliveries: Array<{ id: string; plan_item_id: string }> = (await knex.raw(
          `insert into delivery (plan_item_id, delivered_on, note, amount, recorded_by)
           select u.plan_item_id, ?::date, ?, u.amount, ? from unnest(?::bigint[], ?::int[]) as u(plan_item_id, amount)
           returning id, plan_item_id`,
          [today, `月度低保金 ${month}`, ctx.principal.actor, eligible.map((e) => e.plan_item_id), eligible.map((e) => Number(e.amount))],
        )).rows;
        const deliveryOf = new Map(deliveries.map((d) => [String(d.plan_item_id), String(d.id)]));
        await insertDisbursements(knex, ctx, allocationId!, eligible.map((e) => ({ deliveryId: deliveryOf.get(String(e.plan_item_id))!, amount: Number(e.amount) })), today, ['input', 'allocation']);
        await knex.raw(
          `insert into allowance_run_line (run_id, household_id, plan_item_id, delivery_id, head_name, household_size, amount)
           select ?::bigint, u.household_id, u.plan_item_id, u.delivery_id, u.head_name, u.household_size, u.amount
             from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::smallint[], ?::int[]) as u(household_id, plan_item_id, delivery_id, head_name, household_size, amount)`,
          [
            runId, eligible.map((e) => e.household_id), eligible.map((e) => e.plan_item_id), eligible.map((e) => deliveryOf.get(String(e.plan_item_id))!),
            eligible.map((e) => e.head_name), eligible.map((e) => e.member_count), eligible.map((e) => Number(e.amount)),
          ],
        );
        await this.audit(tx, ctx, 'runMonthlyAllowance', 'AllowanceRun', runId, { township: townshipId, month, allocation: allocationId, households: eligible.length, total });
        return { run: runId, alreadyRun: false };
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'allowance_run_township_month_uniq')) throw err;
      // Lost the race: the other run committed; answer with it (nothing of ours was written).
      const existing = await ctx.em.fork().getKnex()('allowance_run').select('id').where({ township_id: townshipId, month: input.month.trim() }).first();
      return { ok: true, value: { run: String(existing.id), alreadyRun: true } };
    }
  }

  /** One disbursement in a transaction of its own (for callers without one: CLI, imports, tests). */
  async payDelivery(ctx: FundsContext, input: DisburseInput): Promise<FundsResult> {
    return this.run(ctx, async (tx) => {
      const paid = await disburse(tx, ctx, input);
      if (!paid.ok) throw new UserErrorsThrown(paid.userErrors);
      await this.audit(tx, ctx, 'payDelivery', 'Disbursement', paid.value, { allocation: input.allocationId, delivery: input.deliveryId, amount: input.amount });
      return paid.value;
    });
  }

  // ---------- mechanics ----------

  private text(value: string | null | undefined, path: string[], max: number, fail: Fail): string {
    const v = value?.trim() ?? '';
    if (!v) fail(UserErrorCode.REQUIRED, path);
    if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
    return v;
  }

  private async audit(tx: EntityManager, ctx: FundsContext, action: string, entity: string, recordId: string, detail?: Record<string, unknown>) {
    await writeAudit(tx, ctx, [{ action: `Mutation.${action}`, entity, recordId, outcome: 'SUCCESS', detail: detail ?? null }]);
  }

  /** One transaction; a UserErrorsThrown (userErrors) rolls back everything. */
  private async run<T>(ctx: FundsContext, work: (tx: EntityManager, fail: Fail) => Promise<T>): Promise<FundsResult<T>> {
    try {
      const value = await ctx.em.fork().transactional((tx) => work(tx, failIn(ctx)));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof UserErrorsThrown) return { ok: false, userErrors: err.userErrors };
      throw err;
    }
  }
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Plain-row reads, scoped by the rules above
// ---------------------------------------------------------------------------------------------
type Row = Record<string, any>;

export class FundsReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** Sources with their totals aggregated in SQL. */
  async sources(ids?: readonly string[]): Promise<FundSourceNode[]> {
    const s = sourceScope(this.principal);
    const q = this.knex('fund_source as s')
      .leftJoin('fund_allocation as a', 'a.source_id', 's.id')
      .whereRaw(s.sql, s.params as never[])
      .groupBy('s.id')
      .orderBy('s.code')
      .select('s.id', 's.code', 's.name', 's.kind', 's.version', this.knex.raw('coalesce(sum(a.amount), 0)::text as allocated'), this.knex.raw('coalesce(sum(a.disbursed), 0)::text as disbursed'));
    if (ids) q.whereRaw('s.id = any(?::bigint[])', [ids as string[]]);
    return (await q).map(sourceFromRow);
  }

  async allocations(filter: FundAllocationFilter | null | undefined, ids?: readonly string[]): Promise<FundAllocationNode[]> {
    const s = allocationScope(this.principal);
    const q = this.knex('fund_allocation as a').select('a.*').whereRaw(s.sql, s.params as never[]).orderBy([{ column: 'a.year', order: 'desc' }, { column: 'a.measure' }, { column: 'a.id' }]);
    if (ids) q.whereRaw('a.id = any(?::bigint[])', [ids as string[]]);
    if (filter?.measure) q.where('a.measure', filter.measure);
    // Compared as integer (the column is smallint): a year past 32767 matches nothing instead of
    // failing with 'out of range' (found by test/graphql/bad-input.property.test.ts).
    if (filter?.year != null) q.whereRaw('a.year = ?::integer', [filter.year]);
    if (filter?.source != null) {
      const key = keyOf(filter.source, 'FundSource');
      if (key) q.where('a.source_id', key);
      else q.whereRaw('false');
    }
    return (await q).map(allocationFromRow);
  }

  private runs(): Knex.QueryBuilder {
    const s = runScope(this.principal);
    return this.knex('allowance_run as r').whereRaw(s.sql, s.params as never[]);
  }

  /** Runs newest month first. */
  async runPage(township: string | null | undefined, args: PageArgs): Promise<Page<AllowanceRunNode>> {
    const base = this.runs();
    if (township != null) {
      const key = keyOf(township, 'Township');
      if (key) base.where('r.township_id', key);
      else base.whereRaw('false');
    }
    const page = await keysetPage<{ id: string }>(base.clone().select('r.*'), { column: 'r.month', cast: 'text', value: (r) => String(r.month) }, true, args, 'r.id');
    return {
      nodes: page.rows.map(runFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  async runsByIds(ids: readonly string[]): Promise<AllowanceRunNode[]> {
    return (await this.runs().select('r.*').whereRaw('r.id = any(?::bigint[])', [ids as string[]])).map(runFromRow);
  }

  /** Runs whose roster the principal may read. */
  private rosters(): Knex.QueryBuilder {
    const s = rosterScope(this.principal);
    return this.knex('allowance_run as r').whereRaw(s.sql, s.params as never[]);
  }

  /** Roster lines of runs, in household order; none for readers of aggregates (finance, leading group). */
  async lines(runIds: readonly string[]): Promise<AllowanceRunLineNode[]> {
    const rows = await this.rosters().join('allowance_run_line as l', 'l.run_id', 'r.id').select('l.*').whereRaw('r.id = any(?::bigint[])', [runIds as string[]]).orderBy('l.id');
    return rows.map(lineFromRow);
  }

  /** A run with its township's name and its lines, for the printed roster; null when not yours to print. */
  async roster(runId: string): Promise<{ run: AllowanceRunNode; townshipName: string; lines: AllowanceRunLineNode[] } | null> {
    const row: Row | undefined = await this.rosters().join('township as t', 't.id', 'r.township_id').select('r.*', 't.name as township_name').where('r.id', runId).first();
    if (!row) return null;
    return { run: runFromRow(row), townshipName: row.township_name, lines: await this.lines([runId]) };
  }
}
