/**
 * Supervision's writes (R22): random and regular checks (the draw and the inspectors' findings)
 * and the yearly assessment sign-off (submit, approve = freeze, return). Each is one mutation
 * (runMutation: one transaction and its SUCCESS audit row); codes out, no GraphQL.
 */
import crypto from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { audited, runMutation } from '../../db/mutation';
import { loadPolicy } from '../../policy/policy.reader';
import type { ServiceContext } from '../../shared/context';
import { calendarDay, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { fail, Problems, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { CheckKind, CheckResult, SignOffState } from './supervision.enums';
import { parsePeriod } from './supervision.period';
import { SupervisionReader } from './supervision.reader';

const SEED = /^[0-9a-f]{8,64}$/;
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

export interface DrawCheckInput {
  townshipId: string | null;
  kind: CheckKind;
  /** Hex, 8–64 characters; default a fresh random 128-bit seed. */
  seed?: string | null;
  /** Regular checks: when the inspection is due. */
  dueOn?: string | null;
}

export interface CheckFindingsInput {
  checkHouseholdId: string | null;
  version: number;
  identityMatches: boolean;
  incomeAsRecorded: boolean;
  measuresDelivered: boolean;
  noticesPosted: boolean;
  note?: string | null;
  inspectedOn?: string | null;
}

/**
 * The draw, in SQL, and its verification: the households of the recorded population ordered by
 * md5(seed || ':' || household id), ties by id, the first `sample_size`. Deterministic, so anyone
 * holding the seed and the population re-does it and gets the same households in the same order.
 */
export async function redraw(knex: Knex, checkId: string): Promise<string[]> {
  const res = await knex.raw(`select x.id::text as id from supervision_check sc
      cross join lateral (select value::bigint as id from jsonb_array_elements_text(sc.population)) x
     where sc.id = ? order by md5(sc.seed || ':' || x.id::text), x.id limit (select sample_size from supervision_check where id = ?)`, [checkId, checkId]);
  return (res.rows as Array<{ id: string }>).map((r) => r.id);
}

/** One draw in a transaction: records the check, its population and the households drawn; null when nobody is on the list. */
async function drawIn(knex: Knex, actor: string, d: { townshipId: string; kind: CheckKind; seed: string; dueOn: string | null; size: number; today: string }): Promise<string | null> {
  const population: string[] = (await knex('household').select('id').where({ township_id: d.townshipId, status: 'IN_HARDSHIP' }).orderBy('id'))
    .map((r: { id: string | number }) => String(r.id));
  if (!population.length) return null;
  const [check] = await knex('supervision_check').insert({
    kind: d.kind, township_id: d.townshipId, seed: d.seed, sample_size: d.size, population: JSON.stringify(population), drawn_on: d.today, due_on: d.dueOn, created_by: actor,
  }).returning('id');
  const checkId = String(check.id);
  const drawn = await redraw(knex, checkId);
  await knex('supervision_check_household').insert(drawn.map((householdId, i) => ({ check_id: checkId, household_id: householdId, position: i + 1 })));
  return checkId;
}

export class SupervisionService {
  /** R22: civil affairs draws households of one township for a random (or regular) check. */
  async drawCheck(ctx: ServiceContext, input: DrawCheckInput): Promise<Result<string>> {
    const problems = new Problems();
    if (!input.townshipId) problems.add(UserErrorCode.UNKNOWN_TOWNSHIP, ['input', 'township']);
    const seed = input.seed ?? crypto.randomBytes(16).toString('hex');
    if (!SEED.test(seed)) problems.add(UserErrorCode.INVALID_FORMAT, ['input', 'seed']);
    const today = countyToday(ctx.clock);
    if (input.dueOn != null && (!isDay(input.dueOn) || input.dueOn < today)) problems.add(UserErrorCode.OUT_OF_RANGE, ['input', 'dueOn'], { min: today, max: '2200-12-31' });
    if (problems.any) return problems.result('');
    return runMutation(ctx, 'drawSupervisionCheck', async (tx) => {
      const knex = sqlOf(tx);
      const township = await knex('township').select('id').where('id', input.townshipId).first();
      if (!township) fail(UserErrorCode.UNKNOWN_TOWNSHIP, ['input', 'township']);
      const size = (await loadPolicy(knex, today)).values.RANDOM_CHECK_SAMPLE_SIZE;
      const checkId = await drawIn(knex, ctx.principal.actor, { townshipId: String(input.townshipId), kind: input.kind, seed, dueOn: input.dueOn ?? null, size, today });
      if (!checkId) fail(UserErrorCode.NOT_FOUND, ['input', 'township']);
      return audited(checkId, 'SupervisionCheck', checkId, { kind: input.kind, township: input.townshipId, seed, sampleSize: size });
    });
  }

  /**
   * The schedule (R22 "regularly"): one REGULAR check of every township with households on the
   * list, due on `dueOn`, drawn the same way; each township's seed is derived from the schedule's
   * seed (sha256(seed:township id), 32 hex) and recorded on its check.
   */
  async scheduleRegularChecks(ctx: ServiceContext, input: { dueOn: string; seed?: string | null }): Promise<Result<string[]>> {
    const seed = input.seed ?? crypto.randomBytes(16).toString('hex');
    const today = countyToday(ctx.clock);
    const problems = new Problems();
    if (!SEED.test(seed)) problems.add(UserErrorCode.INVALID_FORMAT, ['input', 'seed']);
    if (!isDay(input.dueOn) || input.dueOn < today) problems.add(UserErrorCode.OUT_OF_RANGE, ['input', 'dueOn'], { min: today, max: '2200-12-31' });
    if (problems.any) return problems.result([]);
    return runMutation(ctx, 'scheduleRegularChecks', async (tx) => {
      const knex = sqlOf(tx);
      const size = (await loadPolicy(knex, today)).values.RANDOM_CHECK_SAMPLE_SIZE;
      const townships: Array<{ id: string }> = (await knex.raw(`select t.id::text as id from township t
         where exists (select 1 from household h where h.township_id = t.id and h.status = 'IN_HARDSHIP') order by t.code`)).rows;
      const ids: string[] = [];
      for (const t of townships) {
        const own = crypto.createHash('sha256').update(`${seed}:${t.id}`).digest('hex').slice(0, 32);
        const id = await drawIn(knex, ctx.principal.actor, { townshipId: t.id, kind: CheckKind.REGULAR, seed: own, dueOn: input.dueOn, size, today });
        if (id) ids.push(id);
      }
      if (!ids.length) fail(UserErrorCode.NOT_FOUND, ['input']);
      return audited(ids, 'SupervisionCheck', null, { seed, dueOn: input.dueOn, checks: ids.length });
    });
  }

  /** An inspector's findings for one drawn household: PASS when all four points hold. */
  async recordFindings(ctx: ServiceContext, input: CheckFindingsInput): Promise<Result<string>> {
    const problems = new Problems();
    if (!input.checkHouseholdId) problems.add(UserErrorCode.NOT_FOUND, ['input', 'checkHousehold']);
    if (input.note != null && textLength(input.note) > 1000) problems.add(UserErrorCode.STRING_TOO_LONG, ['input', 'note'], { max: 1000 });
    const today = countyToday(ctx.clock);
    const day = input.inspectedOn ?? today;
    if (!isDay(day)) problems.add(UserErrorCode.INVALID_FORMAT, ['input', 'inspectedOn']);
    else if (day > today) problems.add(UserErrorCode.DATE_IN_FUTURE, ['input', 'inspectedOn']);
    if (problems.any) return problems.result('');
    return runMutation(ctx, 'recordCheckFindings', async (tx) => {
      const knex = sqlOf(tx);
      const row = await knex('supervision_check_household as ch').join('supervision_check as sc', 'sc.id', 'ch.check_id')
        .select('ch.id', 'ch.version', 'sc.drawn_on').where('ch.id', input.checkHouseholdId).first();
      if (!row) fail(UserErrorCode.NOT_FOUND, ['input', 'checkHousehold']);
      if (row.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: row.version });
      const drawnOn = calendarDay(row.drawn_on);
      if (day < drawnOn) fail(UserErrorCode.DATE_BEFORE_CASE_STEP, ['input', 'inspectedOn'], { step: '抽取', date: drawnOn });
      const pass = input.identityMatches && input.incomeAsRecorded && input.measuresDelivered && input.noticesPosted;
      const n = await knex('supervision_check_household').where({ id: row.id, version: input.version }).update({
        identity_matches: input.identityMatches, income_as_recorded: input.incomeAsRecorded, measures_delivered: input.measuresDelivered,
        notices_posted: input.noticesPosted, result: pass ? CheckResult.PASS : CheckResult.FAIL, note: input.note ?? null,
        inspected_on: day, inspected_by: ctx.principal.actor, version: input.version + 1,
      });
      if (n !== 1) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: '?' });
      return audited(String(row.id), 'SupervisionCheckHousehold', row.id, { result: pass ? 'PASS' : 'FAIL' });
    });
  }

  /**
   * The township submits its figures of a period (as computed now, stored as they are): a first
   * submission or a resubmission after civil affairs returned it. Approved or pending: refused.
   */
  async submitAssessment(ctx: ServiceContext, input: { period: string }): Promise<Result<string>> {
    const p = ctx.principal;
    if (p.kind !== 'TOWNSHIP') return { ok: false, problems: [{ code: UserErrorCode.TOWNSHIP_NOT_YOURS, path: null }] };
    const period = parsePeriod(input.period);
    if (!period) return { ok: false, problems: [{ code: UserErrorCode.INVALID_FORMAT, path: ['input', 'period'] }] };
    const today = countyToday(ctx.clock);
    if (period.start > today) return { ok: false, problems: [{ code: UserErrorCode.DATE_IN_FUTURE, path: ['input', 'period'] }] };
    return runMutation(ctx, 'submitAssessment', async (tx) => {
      const knex = sqlOf(tx);
      // One submission at a time per township and period: concurrent submits queue here.
      await knex.raw('select pg_advisory_xact_lock(hashtext(?))', [`assessment:${p.townshipId}:${period.key}`]);
      const existing = await knex('assessment_sign_off').select('id', 'state', 'version').where({ township_id: p.townshipId, period: period.key }).first();
      if (existing && existing.state !== SignOffState.RETURNED) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'period'], { state: existing.state });
      const computedAt = ctx.clock.now();
      const cells = await new SupervisionReader(knex, p).liveFigures(period, today, p.townshipId);
      const figures = Object.fromEntries(cells.map((c) => [c.figure, { value: c.value, base: c.base }]));
      const row = { state: SignOffState.SUBMITTED, figures: JSON.stringify(figures), computed_at: computedAt, submitted_by: p.actor, updated_by: p.actor, updated_at: computedAt };
      let id: string;
      if (existing) {
        await knex('assessment_sign_off').where({ id: existing.id }).update({ ...row, version: existing.version + 1, decided_by: null, decision_reason: null });
        id = String(existing.id);
      } else {
        const [r] = await knex('assessment_sign_off').insert({ ...row, township_id: p.townshipId, period: period.key, created_by: p.actor }).returning('id');
        id = String(r.id);
      }
      return audited(id, 'AssessmentSignOff', id, { period: period.key });
    });
  }

  /** Civil affairs approves a submitted assessment: its figures are frozen from now on. */
  async approveAssessment(ctx: ServiceContext, input: { signOffId: string | null; version: number }): Promise<Result<string>> {
    return this.decide(ctx, 'approveAssessment', input.signOffId, input.version, SignOffState.APPROVED, null);
  }

  /** Civil affairs returns a submitted assessment with its reason; the township may resubmit. */
  async returnAssessment(ctx: ServiceContext, input: { signOffId: string | null; version: number; reason: string }): Promise<Result<string>> {
    const reason = (input.reason ?? '').trim();
    if (!reason) return { ok: false, problems: [{ code: UserErrorCode.REQUIRED, path: ['input', 'reason'] }] };
    if (textLength(reason) > 500) return { ok: false, problems: [{ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'reason'], params: { max: 500 } }] };
    return this.decide(ctx, 'returnAssessment', input.signOffId, input.version, SignOffState.RETURNED, reason);
  }

  private decide(ctx: ServiceContext, action: string, id: string | null, version: number, to: SignOffState, reason: string | null): Promise<Result<string>> {
    return runMutation(ctx, action, async (tx) => {
      const knex = sqlOf(tx);
      const row = id ? await knex('assessment_sign_off').select('id', 'state', 'version').where('id', id).forUpdate().first() : undefined;
      if (!row) fail(UserErrorCode.NOT_FOUND, ['input', 'signOff']);
      if (row.version !== version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: row.version });
      if (row.state !== SignOffState.SUBMITTED) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'signOff'], { state: row.state });
      const now = ctx.clock.now();
      await knex('assessment_sign_off').where({ id: row.id }).update({
        state: to, decided_by: ctx.principal.actor, decision_reason: reason, frozen_at: to === SignOffState.APPROVED ? now : null,
        version: row.version + 1, updated_at: now, updated_by: ctx.principal.actor,
      });
      return audited(String(row.id), 'AssessmentSignOff', row.id, { state: to });
    });
  }
}
