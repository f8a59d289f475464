/**
 * Dynamic monitoring (R19) and temporary relief (R17): the writes.
 * - `reportFact`: a department reports a fact about a person it may see (the registry's row scope
 *   for that principal, src/access/scope.ts); the warning it triggers is raised in the same
 *   transaction, set-based (monitoring.rules.ts). The department gets the fact back, never the
 *   warning or what the township did with it.
 * - `handleWarning`: the household's township records what it did (civil affairs reads every
 *   warning, the township handles its own).
 * - `applyTemporaryRelief` / `decideTemporaryRelief`: the township applies, civil affairs grants
 *   (up to the cap in force) and pays at once from a SAFETY_NET allocation of the year — a
 *   TEMPORARY_RELIEF plan item, a delivery and a disbursement through funds' `disburse`, so the
 *   money is on the fund ledger like any other (R20) and never overdraws the allocation. Relief to
 *   a household not on the list raises CONSIDER_IDENTIFICATION.
 * Keys in (database ids; null for an id that named nothing), problems out; every write through
 * runMutation (one transaction, its SUCCESS audit row); a problem writes nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { personScope } from '../../access/scope';
import { audited, runMutation } from '../../db/mutation';
import { loadPolicy } from '../../policy/policy.reader';
import type { ServiceContext } from '../../shared/context';
import { calendarDay, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { fail, ProblemsThrown, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { disburse, disbursementUniqueViolation } from '../funds/funds.service';
import { recheckSince } from '../lifecycle/lifecycle.reader';
import { FactKind, ReliefDecision, ReliefEventKind, ReliefStatus, WarningResult, WarningStatus } from './monitoring.enums';
import { raiseFactWarnings, raiseIdentificationWarning } from './monitoring.rules';

const TEXT_MAX = 500;
const MONEY_MAX = 2_147_483_647;
/** A fact older than this many days is a typing error (offices enter paper files late, not decades late). */
const FACT_MAX_AGE_DAYS = 3660;
const isKey = (v: string | null | undefined): v is string => v != null && /^\d{1,18}$/.test(v);
/** A real calendar day YYYY-MM-DD (2026-02-30 is not: the round trip through Date would change it). */
const isCalendarDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** Which department reports which kind of fact. */
export const FACT_REPORTER: Record<FactKind, string> = {
  [FactKind.EMPLOYED_WITH_WAGES]: 'HUMAN_RESOURCES_SOCIAL_SECURITY',
  [FactKind.HOSPITALISATION]: 'MEDICAL_INSURANCE',
  [FactKind.DISABILITY_GRADE]: 'DISABLED_PERSONS_FEDERATION',
  [FactKind.DIED]: 'CIVIL_AFFAIRS',
  [FactKind.MOVED_AWAY]: 'CIVIL_AFFAIRS',
};

export interface FactInput {
  personId: string | null;
  kind: FactKind;
  occurredOn: string;
  monthlyWages?: number | null;
  outOfPocket?: number | null;
  disabilityGrade?: number | null;
  note?: string | null;
}

export interface HandleWarningInput {
  warningId: string | null;
  version: number;
  result: WarningResult;
  reason?: string | null;
}

export interface ApplyReliefInput {
  householdId: string | null;
  eventKind: ReliefEventKind;
  eventOn: string;
  amount: number;
  reason: string;
}

export interface DecideReliefInput {
  reliefId: string | null;
  version: number;
  decision: ReliefDecision;
  amount?: number | null;
  allocationId?: string | null;
  reason?: string | null;
}

function day(value: string | null | undefined, path: string[], today: string): string {
  const v = value?.trim() ?? '';
  if (!v) fail(UserErrorCode.REQUIRED, path);
  if (!isCalendarDay(v)) fail(UserErrorCode.INVALID_FORMAT, path);
  if (v > today) fail(UserErrorCode.DATE_IN_FUTURE, path);
  return v;
}

function text(value: string | null | undefined, path: string[], required: boolean): string | null {
  const v = value?.trim() ?? '';
  if (!v) {
    if (required) fail(UserErrorCode.REQUIRED, path);
    return null;
  }
  if (textLength(v) > TEXT_MAX) fail(UserErrorCode.STRING_TOO_LONG, path, { max: TEXT_MAX });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) fail(UserErrorCode.CONTROL_CHARACTER, path);
  return v;
}

function money(value: number | null | undefined, path: string[]): number {
  if (value == null) fail(UserErrorCode.REQUIRED, path);
  if (!Number.isSafeInteger(value)) fail(UserErrorCode.NOT_AN_INTEGER, path);
  if (value < 0) fail(UserErrorCode.AMOUNT_NEGATIVE, path);
  if (value === 0) fail(UserErrorCode.OUT_OF_RANGE, path, { min: 1, max: MONEY_MAX });
  if (value > MONEY_MAX) fail(UserErrorCode.AMOUNT_TOO_LARGE, path, { max: MONEY_MAX });
  return value;
}

/** The cap in force on `onDay` for this kind of event (policy parameters, R17). */
async function capOf(tx: EntityManager, kind: ReliefEventKind, onDay: string): Promise<number> {
  const policy = await loadPolicy(sqlOf(tx), onDay);
  return kind === ReliefEventKind.DISASTER ? policy.values.DISASTER_RELIEF_MAX : policy.values.TEMPORARY_RELIEF_MAX;
}

export class MonitoringService {
  /** A department reports a fact about a person it may see; the warning is raised with it. */
  async reportFact(ctx: ServiceContext, input: FactInput): Promise<Result<string>> {
    return runMutation(ctx, 'reportDepartmentFact', async (tx) => {
      const knex = sqlOf(tx);
      const p = ctx.principal;
      if (p.kind !== 'DEPARTMENT' || FACT_REPORTER[input.kind] !== p.department) fail(UserErrorCode.NOT_YOUR_MEASURE, ['input', 'kind']);
      // The person through the department's own row scope: one it cannot see is NOT_FOUND (no hint it exists).
      const scope = personScope(p, 'p', 'h');
      const person = isKey(input.personId)
        ? await knex('person as p').join('household as h', 'h.id', 'p.household_id').select('p.id', 'p.household_id', 'h.township_id')
          .where('p.id', input.personId).whereRaw(scope.sql, scope.params as never[]).first()
        : null;
      if (!person) fail(UserErrorCode.NOT_FOUND, ['input', 'person']);
      const today = countyToday(ctx.clock);
      const occurredOn = day(input.occurredOn, ['input', 'occurredOn'], today);
      const [y, m, d] = today.split('-').map(Number);
      const oldest = new Date(Date.UTC(y, m - 1, d) - FACT_MAX_AGE_DAYS * 86_400_000).toISOString().slice(0, 10);
      if (occurredOn < oldest) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'occurredOn'], { min: oldest, max: today });
      const row: Record<string, unknown> = {
        kind: input.kind, department: p.department, person_id: person.id, household_id: person.household_id, township_id: person.township_id,
        occurred_on: occurredOn, note: text(input.note, ['input', 'note'], false), reported_by: p.actor, reported_at: ctx.clock.now(),
      };
      const extra = { monthlyWages: input.monthlyWages, outOfPocket: input.outOfPocket, disabilityGrade: input.disabilityGrade };
      const needed: Record<FactKind, keyof typeof extra | null> = {
        [FactKind.EMPLOYED_WITH_WAGES]: 'monthlyWages', [FactKind.HOSPITALISATION]: 'outOfPocket', [FactKind.DISABILITY_GRADE]: 'disabilityGrade',
        [FactKind.DIED]: null, [FactKind.MOVED_AWAY]: null,
      };
      for (const k of Object.keys(extra) as Array<keyof typeof extra>) {
        if (k !== needed[input.kind] && extra[k] != null) fail(UserErrorCode.INVALID_FORMAT, ['input', k]);
      }
      if (input.kind === FactKind.EMPLOYED_WITH_WAGES) row.monthly_wages = money(input.monthlyWages, ['input', 'monthlyWages']);
      if (input.kind === FactKind.HOSPITALISATION) row.out_of_pocket = money(input.outOfPocket, ['input', 'outOfPocket']);
      if (input.kind === FactKind.DISABILITY_GRADE) {
        const g = input.disabilityGrade;
        if (g == null) fail(UserErrorCode.REQUIRED, ['input', 'disabilityGrade']);
        if (!Number.isInteger(g) || g < 1 || g > 4) fail(UserErrorCode.OUT_OF_RANGE, ['input', 'disabilityGrade'], { min: 1, max: 4 });
        row.disability_grade = g;
      }
      const [fact] = await knex('department_fact').insert(row).returning('id');
      const id = String(fact.id);
      const policy = await loadPolicy(knex, today);
      await raiseFactWarnings(knex, { day: today, since: today, actor: p.actor, policy }, [id]);
      return audited(id, 'DepartmentFact', id, { kind: input.kind });
    });
  }

  /** The household's township records what it did about a warning. */
  async handleWarning(ctx: ServiceContext, input: HandleWarningInput): Promise<Result<string>> {
    return runMutation(ctx, 'handleWarning', async (tx) => {
      const knex = sqlOf(tx);
      const p = ctx.principal;
      const w = isKey(input.warningId) ? await knex('warning').where('id', input.warningId).forUpdate().first() : null;
      // Not yours is not found: a township learns nothing of another's warnings.
      if (!w || p.kind !== 'TOWNSHIP' || String(w.township_id) !== String(p.townshipId)) fail(UserErrorCode.NOT_FOUND, ['input', 'warning']);
      if (w.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: w.version });
      if (w.status !== WarningStatus.OPEN) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'result'], { state: w.status });
      if (!Object.values(WarningResult).includes(input.result)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'result']);
      const reason = text(input.reason, ['input', 'reason'], input.result === WarningResult.NO_ACTION);
      const today = countyToday(ctx.clock);
      // RECHECK_STARTED: a re-check of the household is on record (the lifecycle module's recordRecheck)
      // since the warning was raised — the result names what was done, it does not stand in for it.
      if (input.result === WarningResult.RECHECK_STARTED && !(await recheckSince(knex, String(w.household_id), calendarDay(w.raised_on)))) {
        fail(UserErrorCode.RECHECK_NOT_RECORDED, ['input', 'result']);
      }
      await knex('warning').update({
        status: WarningStatus.HANDLED, result: input.result, reason, handled_by: p.actor, handled_on: today,
        version: w.version + 1, updated_at: ctx.clock.now(), updated_by: p.actor,
      }).where('id', w.id);
      return audited(String(w.id), 'Warning', String(w.id), { result: input.result });
    });
  }

  /** The township applies for temporary relief for one of its households (on the list or not). */
  async applyTemporaryRelief(ctx: ServiceContext, input: ApplyReliefInput): Promise<Result<string>> {
    return runMutation(ctx, 'applyTemporaryRelief', async (tx) => {
      const knex = sqlOf(tx);
      const p = ctx.principal;
      const h = isKey(input.householdId) ? await knex('household').select('id', 'township_id').where('id', input.householdId).first() : null;
      if (!h || p.kind !== 'TOWNSHIP' || String(h.township_id) !== String(p.townshipId)) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      if (!Object.values(ReliefEventKind).includes(input.eventKind)) fail(UserErrorCode.INVALID_FORMAT, ['input', 'eventKind']);
      const today = countyToday(ctx.clock);
      const eventOn = day(input.eventOn, ['input', 'eventOn'], today);
      const amount = money(input.amount, ['input', 'amount']);
      const cap = await capOf(tx, input.eventKind, eventOn);
      if (amount > cap) fail(UserErrorCode.RELIEF_ABOVE_CAP, ['input', 'amount'], { max: cap });
      const reason = text(input.reason, ['input', 'reason'], true)!;
      const [row] = await knex('temporary_relief').insert({
        household_id: h.id, township_id: h.township_id, event_kind: input.eventKind, event_on: eventOn, applied_on: today,
        requested_amount: amount, reason, status: ReliefStatus.APPLIED, created_by: p.actor, updated_by: p.actor,
        created_at: ctx.clock.now(), updated_at: ctx.clock.now(),
      }).returning('id');
      const id = String(row.id);
      return audited(id, 'TemporaryRelief', id, { eventKind: input.eventKind, amount });
    });
  }

  /** Civil affairs grants (and pays at once) or refuses an application. */
  async decideTemporaryRelief(ctx: ServiceContext, input: DecideReliefInput): Promise<Result<string>> {
    return runMutation(ctx, 'decideTemporaryRelief', async (tx) => {
      const knex = sqlOf(tx);
      const p = ctx.principal;
      const r = isKey(input.reliefId) ? await knex('temporary_relief').where('id', input.reliefId).forUpdate().first() : null;
      if (!r) fail(UserErrorCode.NOT_FOUND, ['input', 'relief']);
      if (r.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: r.version });
      if (r.status !== ReliefStatus.APPLIED) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'decision'], { state: r.status });
      const today = countyToday(ctx.clock);
      const now = ctx.clock.now();
      const base = { decided_by: p.actor, decided_on: today, version: r.version + 1, updated_at: now, updated_by: p.actor };
      if (input.decision === ReliefDecision.REFUSE) {
        const reason = text(input.reason, ['input', 'reason'], true);
        if (input.amount != null || input.allocationId != null) fail(UserErrorCode.INVALID_FORMAT, ['input', input.amount != null ? 'amount' : 'allocation']);
        await knex('temporary_relief').update({ ...base, status: ReliefStatus.REFUSED, decision_reason: reason }).where('id', r.id);
        return audited(String(r.id), 'TemporaryRelief', String(r.id), { decision: input.decision });
      }
      if (input.decision !== ReliefDecision.GRANT) fail(UserErrorCode.INVALID_FORMAT, ['input', 'decision']);
      const amount = input.amount == null ? Number(r.requested_amount) : money(input.amount, ['input', 'amount']);
      const cap = await capOf(tx, r.event_kind, String(r.event_on instanceof Date ? countyToday(r.event_on) : r.event_on).slice(0, 10));
      if (amount > cap) fail(UserErrorCode.RELIEF_ABOVE_CAP, ['input', 'amount'], { max: cap });
      const reason = text(input.reason, ['input', 'reason'], false);
      if (input.allocationId === undefined) fail(UserErrorCode.REQUIRED, ['input', 'allocation']);
      if (input.allocationId === null) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
      const allocation = await knex('fund_allocation').select('id', 'measure').where('id', input.allocationId).first();
      if (!allocation) fail(UserErrorCode.NOT_FOUND, ['input', 'allocation']);
      if (allocation.measure !== 'SAFETY_NET') fail(UserErrorCode.WRONG_MEASURE, ['input', 'allocation']);

      // The household's TEMPORARY_RELIEF plan item (the one the planner proposed, or a new one):
      // each granted case is one delivery of it, paid from the allocation.
      const item = await knex('plan_item').where({ household_id: r.household_id, item: 'TEMPORARY_RELIEF' }).whereNull('person_id')
        .whereIn('status', ['PROPOSED', 'ACCEPTED', 'ADJUSTED']).forUpdate().first();
      const decided = { status: 'ACCEPTED', amount, decided_by: p.actor, decided_on: today, updated_at: now, updated_by: p.actor };
      let itemId: string;
      if (item) {
        await knex('plan_item').update({ ...decided, version: item.version + 1 }).where('id', item.id);
        itemId = String(item.id);
      } else {
        const [created] = await knex('plan_item').insert({
          ...decided, household_id: r.household_id, township_id: r.township_id, item: 'TEMPORARY_RELIEF', measure: 'SAFETY_NET', department: 'CIVIL_AFFAIRS',
          proposed_amount: amount, required_deliveries: 1, basis: JSON.stringify({ rule: 'R17', relief: String(r.id), eventKind: r.event_kind }),
          created_by: p.actor, created_at: now,
        }).returning('id');
        itemId = String(created.id);
      }
      const [delivery] = await knex('delivery').insert({ plan_item_id: itemId, delivered_on: today, note: `临时救助 ${r.id}`, amount, recorded_by: p.actor, recorded_at: now }).returning('id');
      const paid = await disburse(tx, ctx, { allocationId: String(allocation.id), deliveryId: String(delivery.id), amount, paidOn: today });
      if (!paid.ok) throw new ProblemsThrown(paid.problems);
      await knex('temporary_relief').update({ ...base, status: ReliefStatus.GRANTED, granted_amount: amount, decision_reason: reason, allocation_id: allocation.id, delivery_id: delivery.id }).where('id', r.id);
      const policy = await loadPolicy(knex, today);
      await raiseIdentificationWarning(knex, { day: today, since: today, actor: p.actor, policy }, String(r.id));
      return audited(String(r.id), 'TemporaryRelief', String(r.id), { decision: input.decision, amount, allocation: String(allocation.id) });
    }, { onUniqueViolation: disbursementUniqueViolation });
  }
}
