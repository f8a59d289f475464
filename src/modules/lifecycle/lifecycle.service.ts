/**
 * A household's time on the list (R19 dynamic management): episodes, periodic re-checks and the
 * county's decision on them, exit and re-entry. GraphQL-free: database keys in, `Result` out with
 * stable codes; every write goes through the mutation runner (one transaction + SUCCESS audit row),
 * and anything the user can fix rolls everything back.
 *
 * The lifecycle reads and writes the registry's tables through SQL, not through the registry's
 * entities (modules meet through their services; the registry calls the lifecycle's rules as SQL
 * functions, `lifecycle_household_writable`, so neither imports the other's code at run time).
 */
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { audited, MutationOptions, runMutation } from '../../db/mutation';
import { publishEvent } from '../../events/publish';
import { assessEligibility } from '../../policy/eligibility';
import { loadPolicy } from '../../policy/policy.reader';
import { householdSnapshot } from '../../policy/snapshot';
import type { ServiceContext } from '../../shared/context';
import { calendarDay, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { fail, Result } from '../../shared/result';
import type { Row } from '../../shared/row';
import { textLength } from '../../shared/text';
import { HardshipCategory, HardshipCause } from '../registry/registry.enums';
import { HouseholdEpisode, HouseholdRecheck } from './lifecycle.entity';
import { EpisodeKind, ExitReason, RecheckMethod, RecheckOutcome, RecheckState } from './lifecycle.enums';

const TEXT = { findings: 2000, opinion: 1000, reason: 1000 };

/** One proposed re-check per household at a time (the partial unique index settles races). */
const ONE_OPEN: MutationOptions = {
  onUniqueViolation: (constraint) =>
    (constraint === 'household_recheck_one_open_uniq' ? { code: UserErrorCode.RECHECK_OPEN, path: ['input', 'household'] } : undefined),
};

export interface RecordRecheckInput {
  household: string | null;
  checkedOn: string;
  methods: RecheckMethod[];
  findings: string;
  proposal: RecheckOutcome;
  /** CHANGE_CATEGORIES: the categories proposed. */
  categories?: HardshipCategory[] | null;
  /** R11 causes as the township now sees them (default: those in force). */
  causes?: HardshipCause[] | null;
  primaryCause?: HardshipCause | null;
  /** EXIT: why. */
  exitReasons?: ExitReason[] | null;
  opinion: string;
}

export interface DecideRecheckInput {
  recheck: string | null;
  version: number;
  outcome: RecheckOutcome;
  reason: string;
  /** The decision's day (a paper decision entered later); default today. */
  decidedOn?: string | null;
  /** EXIT: the first month not paid, YYYY-MM (default: the month after the decision's). Gradual exit adds to it. */
  paymentsStopMonth?: string | null;
  /** CHANGE_CATEGORIES / EXIT: overrides of the proposal (default: the township's). */
  categories?: HardshipCategory[] | null;
  causes?: HardshipCause[] | null;
  primaryCause?: HardshipCause | null;
  exitReasons?: ExitReason[] | null;
}

/** The latest episode of a household (by its day, then its key), or null. */
export async function currentEpisode(knex: Knex, householdId: string): Promise<Row | null> {
  return (await knex('household_episode').where('household_id', householdId)
    .orderBy([{ column: 'started_on', order: 'desc' }, { column: 'id', order: 'desc' }]).first()) ?? null;
}

/** First day of the month `n` months after the month of `day` (YYYY-MM-DD). */
export function monthStart(day: string, n = 0): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12 + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-01`;
}

export class LifecycleService {
  /**
   * R10(b)/R19: the identification case's confirmation puts the household on the list — called by
   * IdentificationService.confirmHousehold inside its transaction. Opens CONFIRMED for a first
   * entry, REENTERED after an exit (返贫进: the card and the history stay), CHANGED when the
   * household was still on the list (a case re-decided its categories). Returns the episode key.
   */
  async openEntryEpisode(
    tx: EntityManager, by: { actor: string; at: Date },
    // caseId null: R7 direct recognition by civil affairs' ledger import (office-files, issue 14), without a case.
    input: { householdId: string; caseId: string | null; startedOn: string; categories: string[]; causes: string[]; primaryCause: string | null },
  ): Promise<string> {
    const knex = sqlOf(tx);
    const h = await knex('household').select('id', 'township_id').where('id', input.householdId).forUpdate().first();
    const last = await currentEpisode(knex, input.householdId);
    if (last && input.startedOn < calendarDay(last.started_on)) {
      fail(UserErrorCode.DATE_BEFORE_LAST_EPISODE, ['input', 'occurredOn'], { date: calendarDay(last.started_on) });
    }
    const kind = !last ? EpisodeKind.CONFIRMED : last.kind === EpisodeKind.EXITED ? EpisodeKind.REENTERED : EpisodeKind.CHANGED;
    const e = tx.create(HouseholdEpisode, {
      household: input.householdId, township: String(h.township_id), kind, startedOn: input.startedOn,
      previousEpisode: last ? String(last.id) : null, identificationCase: input.caseId,
      categories: [...input.categories], causes: [...input.causes], primaryCause: (input.primaryCause as HardshipCause | null) ?? null,
      decidedOn: input.startedOn, decidedBy: by.actor, createdBy: by.actor, createdAt: by.at,
    });
    await tx.flush();
    return e.id;
  }

  /**
   * 定期核查: the household's township records a re-check — the day (not before the last re-check
   * or the current episode, not in the future), the R9 methods used, what it found, the profile as
   * the registry holds it now (the township updates members and income through the registry first),
   * the eligibility recomputed under the policy in force that day with its trace, and its proposal.
   */
  async recordRecheck(ctx: ServiceContext, input: RecordRecheckInput): Promise<Result<string>> {
    return runMutation(ctx, 'recordRecheck', async (tx) => {
      const knex = sqlOf(tx);
      const findings = requiredText(input.findings, ['input', 'findings'], TEXT.findings);
      const opinion = requiredText(input.opinion, ['input', 'opinion'], TEXT.opinion);
      const h = input.household ? await knex('household').where('id', input.household).forUpdate().first() : null;
      const p = ctx.principal;
      if (!h || p.kind !== 'TOWNSHIP' || p.townshipId !== String(h.township_id)) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      const episode = await currentEpisode(knex, h.id);
      if (!episode || episode.kind === EpisodeKind.EXITED) fail(UserErrorCode.HOUSEHOLD_NOT_ON_LIST, ['input', 'household']);
      const open = await knex('household_recheck').where({ household_id: h.id, state: RecheckState.PROPOSED }).first('id');
      if (open) fail(UserErrorCode.RECHECK_OPEN, ['input', 'household']);
      if (input.checkedOn > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'checkedOn']);
      const last = await knex('household_recheck').where('household_id', h.id).max({ day: 'checked_on' }).first();
      const floor = [calendarDay(episode.started_on), last?.day ? calendarDay(last.day) : ''].sort().pop()!;
      if (input.checkedOn < floor) fail(UserErrorCode.RECHECK_BEFORE_LAST, ['input', 'checkedOn'], { date: floor });
      const methods = [...new Set(input.methods ?? [])];
      if (methods.length === 0) fail(UserErrorCode.RECHECK_METHODS_REQUIRED, ['input', 'methods']);
      const causes = input.causes ? [...new Set(input.causes)] : (episode.causes as string[]);
      const primaryCause = input.causes ? (input.primaryCause ?? null) : (input.primaryCause ?? episode.primary_cause ?? null);
      if (causes.length > 0 && (!primaryCause || !causes.includes(primaryCause))) fail(UserErrorCode.PRIMARY_CAUSE_NOT_IN_CAUSES, ['input', 'primaryCause']);
      const categories = [...new Set(input.categories ?? [])];
      if (input.proposal === RecheckOutcome.CHANGE_CATEGORIES && categories.length === 0) fail(UserErrorCode.CATEGORIES_REQUIRED, ['input', 'categories']);
      const exitReasons = [...new Set(input.exitReasons ?? [])];
      if (input.proposal === RecheckOutcome.EXIT && exitReasons.length === 0) fail(UserErrorCode.EXIT_REASONS_REQUIRED, ['input', 'exitReasons']);

      const members: Row[] = await knex('person').where('household_id', h.id).whereNull('removed_at').orderBy('id');
      const policy = await loadPolicy(knex, input.checkedOn);
      const snapshot = householdSnapshot(h, members, causes);
      const eligibility = assessEligibility(snapshot, policy);
      const now = ctx.clock.now();
      const r = tx.create(HouseholdRecheck, {
        household: h.id, township: String(h.township_id), checkedOn: input.checkedOn, methods, findings,
        profile: {
          household: {
            memberCount: h.member_count, monthlyIncomeTotal: h.monthly_income_total, housingArea: Number(h.housing_area),
            depositsFen: h.deposits_fen, securitiesFen: h.securities_fen, vehicleCount: h.vehicle_count, otherPropertyCount: h.other_property_count,
            version: h.version,
          },
          members: members.map((m) => ({
            person: String(m.id), version: m.version, relationToHead: m.relation_to_head, birthDate: calendarDay(m.birth_date),
            workCapacity: m.work_capacity, employmentStatus: m.employment_status, disabilityGrade: m.disability_grade, illness: m.illness,
            schoolingStage: m.schooling_stage,
            monthlyIncome: { wages: m.income_wages, business: m.income_business, property: m.income_property, transfers: m.income_transfers, other: m.income_other },
          })),
        },
        eligibility: eligibility as unknown as Record<string, unknown>,
        proposal: input.proposal,
        proposedCategories: input.proposal === RecheckOutcome.CHANGE_CATEGORIES ? categories : [],
        proposedCauses: causes, proposedPrimaryCause: (primaryCause as HardshipCause | null) ?? null,
        proposedExitReasons: input.proposal === RecheckOutcome.EXIT ? exitReasons : [],
        opinion, checkedBy: ctx.principal.actor,
        createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor, createdAt: now, updatedAt: now,
      });
      await tx.flush();
      return audited(r.id, 'HouseholdRecheck', r.id, { proposal: input.proposal, qualifies: eligibility.qualifies });
    }, ONE_OPEN);
  }

  /**
   * County civil affairs decides a re-check "as for the first decision" (R9b): CONTINUE and
   * CHANGE_CATEGORIES only while the eligibility recomputed at the re-check qualifies (and, for a
   * change, only with categories it found); EXIT with at least one reason. A change opens CHANGED,
   * an exit EXITED (payments stop from the month the decision says, default the month after the
   * decision's, plus the gradual-exit months in force on the decision day).
   */
  async decideRecheck(ctx: ServiceContext, input: DecideRecheckInput): Promise<Result<string>> {
    return runMutation(ctx, 'decideRecheck', async (tx) => {
      const knex = sqlOf(tx);
      const reason = requiredText(input.reason, ['input', 'reason'], TEXT.reason);
      if (ctx.principal.role !== 'CIVIL_AFFAIRS') fail(UserErrorCode.NOT_FOUND, ['input', 'recheck']);
      const r = input.recheck ? await tx.findOne(HouseholdRecheck, { id: input.recheck }) : null;
      if (!r) return fail(UserErrorCode.NOT_FOUND, ['input', 'recheck']);
      if (r.state !== RecheckState.PROPOSED) fail(UserErrorCode.RECHECK_ALREADY_DECIDED, ['input', 'recheck']);
      if (r.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: r.version });
      const today = countyToday(ctx.clock);
      const decidedOn = input.decidedOn ?? today;
      if (decidedOn > today) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'decidedOn']);
      const checkedOn = calendarDay(r.checkedOn);
      if (decidedOn < checkedOn) fail(UserErrorCode.DECISION_BEFORE_RECHECK, ['input', 'decidedOn'], { date: checkedOn });
      const householdId = r.household.id;
      const h = await knex('household').select('id', 'township_id').where('id', householdId).forUpdate().first();
      const episode = await currentEpisode(knex, householdId);
      if (!episode || episode.kind === EpisodeKind.EXITED) fail(UserErrorCode.HOUSEHOLD_NOT_ON_LIST, ['input', 'recheck']);
      const eligibility = r.eligibility as { qualifies: boolean; categories: string[] };

      let opened: HouseholdEpisode | null = null;
      const now = ctx.clock.now();
      const actor = ctx.principal.actor;
      const base = {
        household: householdId, township: String(h.township_id), startedOn: decidedOn, previousEpisode: String(episode.id), recheck: r.id,
        decidedOn, decidedBy: actor, createdBy: actor, createdAt: now,
      };
      if (input.outcome === RecheckOutcome.CONTINUE) {
        if (!eligibility.qualifies) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'outcome']);
      } else if (input.outcome === RecheckOutcome.CHANGE_CATEGORIES) {
        const categories = [...new Set(input.categories ?? (r.proposedCategories as HardshipCategory[]))];
        if (categories.length === 0) fail(UserErrorCode.CATEGORIES_REQUIRED, ['input', 'categories']);
        if (!eligibility.qualifies || categories.some((c) => !eligibility.categories.includes(c))) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'categories']);
        const causes = input.causes ? [...new Set(input.causes)] : r.proposedCauses;
        const primaryCause = input.causes ? (input.primaryCause ?? null) : (input.primaryCause ?? r.proposedPrimaryCause ?? null);
        if (causes.length > 0 && (!primaryCause || !causes.includes(primaryCause))) fail(UserErrorCode.PRIMARY_CAUSE_NOT_IN_CAUSES, ['input', 'primaryCause']);
        opened = tx.create(HouseholdEpisode, { ...base, kind: EpisodeKind.CHANGED, categories, causes, primaryCause: primaryCause as HardshipCause | null });
        await knex('household').where('id', householdId).update({
          categories: knex.raw('?::text[]', [categories]), causes: knex.raw('?::text[]', [causes]), primary_cause: primaryCause,
          version: knex.raw('version + 1'), updated_at: now, updated_by: actor,
        });
      } else {
        const exitReasons = [...new Set(input.exitReasons ?? (r.proposedExitReasons as ExitReason[]))];
        if (exitReasons.length === 0) fail(UserErrorCode.EXIT_REASONS_REQUIRED, ['input', 'exitReasons']);
        let stopMonth = monthStart(decidedOn, 1);
        if (input.paymentsStopMonth != null) {
          if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.paymentsStopMonth)) fail(UserErrorCode.INVALID_MONTH, ['input', 'paymentsStopMonth']);
          stopMonth = `${input.paymentsStopMonth}-01`;
          if (stopMonth < monthStart(decidedOn)) fail(UserErrorCode.PAYMENT_STOP_BEFORE_DECISION, ['input', 'paymentsStopMonth'], { month: decidedOn.slice(0, 7) });
        }
        const policy = await loadPolicy(knex, decidedOn);
        const gradual = policy.values.GRADUAL_EXIT_MONTHS;
        opened = tx.create(HouseholdEpisode, {
          ...base, kind: EpisodeKind.EXITED, categories: [...episode.categories], causes: [...episode.causes], primaryCause: episode.primary_cause ?? null,
          exitReasons, paymentsStopFrom: monthStart(stopMonth, gradual), gradualExitMonths: gradual,
        });
        r.paymentsStopMonth = stopMonth;
        await knex('household').where('id', householdId).update({ status: 'EXITED', version: knex.raw('version + 1'), updated_at: now, updated_by: actor });
      }
      r.state = RecheckState.DECIDED;
      r.outcome = input.outcome;
      r.decidedOn = decidedOn;
      r.decidedBy = actor;
      r.decisionReason = reason;
      r.updatedAt = now;
      r.updatedBy = actor;
      await tx.flush();
      if (opened) {
        r.episode = opened;
        await tx.flush();
        publishEvent(tx, {
          type: opened.kind === EpisodeKind.EXITED ? 'HouseholdExited' : 'HouseholdCategoriesChanged', aggregateType: 'Household', aggregateId: householdId,
          payload: { household: householdId, episode: opened.id, recheck: r.id, kind: opened.kind, startedOn: decidedOn, categories: opened.categories, exitReasons: opened.exitReasons, paymentsStopFrom: opened.paymentsStopFrom ?? null },
          occurredAt: now,
        });
        // Plans follow the household (R19): the planner withdraws an exited household's open items
        // and re-plans a changed one.
        publishEvent(tx, { type: 'HouseholdProfileChanged', aggregateType: 'Household', aggregateId: householdId, payload: { household: householdId }, occurredAt: now });
      }
      return audited(r.id, 'HouseholdRecheck', r.id, { outcome: input.outcome, episode: opened?.id ?? null });
    }, ONE_OPEN);
  }
}

function requiredText(value: string | null | undefined, path: string[], max: number): string {
  const v = value?.trim() ?? '';
  if (!v) fail(UserErrorCode.REQUIRED, path);
  if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
  return v;
}
