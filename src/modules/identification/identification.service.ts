/**
 * The identification workflow (R8–R11): one application, two reviews, two public notices. Each
 * step checks the state, the principal, the dates and the version, then writes the change and a
 * transition row (who, when, why, version moved from) in one transaction through the mutation
 * runner, which adds the SUCCESS audit row. Anything the user can fix comes back as problems and
 * nothing is written. GraphQL-free: database keys in (an id that names nothing is `null` and
 * answers NOT_FOUND), codes with parameters out; the same service for GraphQL, the CLI and the seed.
 */
import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { audited, MutationOptions, runMutation } from '../../db/mutation';
import { publishEvent } from '../../events/publish';
import type { ServiceContext } from '../../shared/context';
import { addCalendarDays, calendarDay, countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import { fail, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { assessEligibility, formatYuan } from '../../policy/eligibility';
import { EligibilityResult } from '../../policy/eligibility.types';
import { loadPolicy } from '../../policy/policy.reader';
import { householdSnapshot } from '../../policy/snapshot';
import { confirmIdentifiedHousehold, householdForApplication } from '../registry/registry.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { HardshipCause } from '../registry/registry.enums';
import {
  CaseTransition, IdentificationCase, InvestigationRecord, NoticeObjection, PublicNotice,
} from './identification.entity';
import {
  CaseState, CLOSED_STATES, InvestigationMethod, NoticeKind, ObjectionSource, ObjectionStatus, ReviewRecommendation, UpheldAction,
} from './identification.enums';
import type { Row } from '../../shared/row';

/**
 * R8: at most one open case per household. A partial unique index holds it too: of two
 * applications sent at once both pass the check, and the second insert violates the index.
 */
const OPEN_CASE: MutationOptions = {
  onUniqueViolation: (constraint) =>
    (constraint === 'identification_case_one_open_uniq' ? { code: UserErrorCode.OPEN_CASE_EXISTS, path: ['input', 'household'] } : undefined),
};

const TEXT = { reason: 500, opinion: 1000, findings: 2000, conclusion: 500, participant: 50, place: 200, contact: 100, summary: 2000, evidence: 200 };
const REQUIRED_METHODS = Object.values(InvestigationMethod);

// ---------- the order of the steps' days (R8–R10) ----------

/** What a case has recorded, each with its day. `*_OVER` is the first day after a notice's last day. */
type Milestone =
  | 'APPLICATION' | 'INVESTIGATION_START' | 'INVESTIGATIONS' | 'REVIEW_OPINION'
  | 'FIRST_NOTICE' | 'FIRST_NOTICE_OVER' | 'FIRST_NOTICE_OBJECTIONS' | 'FORWARDING' | 'DECISION'
  | 'SECOND_NOTICE' | 'SECOND_NOTICE_OVER' | 'SECOND_NOTICE_OBJECTIONS' | 'OBJECTION_RECEIVED';

/** The steps that take a day (the day it happened; a paper file entered late has one in the past). */
type DatedStep =
  | 'START_INVESTIGATION' | 'INVESTIGATION' | 'REVIEW_OPINION' | 'FIRST_NOTICE' | 'FORWARDING' | 'DECISION'
  | 'SECOND_NOTICE' | 'CONFIRMATION' | 'WITHDRAWAL' | 'OBJECTION_RESOLUTION';

/**
 * The policy's order: a step's day may not be before the day of any of these that the case has
 * recorded (and never before the application, never after today in the county). Application ≤
 * investigations ≤ review opinion ≤ first notice; forwarding only after the first notice's last
 * day (I4: posted on D for N days it ends no earlier than D+N−1, the case moves on from D+N) and
 * its objections' resolution; forwarding ≤ county decision ≤ second notice; confirmation only
 * after the second notice's last day. A notice's milestones are those of the latest notice of
 * its kind (an upheld objection can send the case back for another first notice).
 */
// The start of the investigation is the day the case entered it; it bounds nothing after it, so a
// home visit made before the file was opened (and entered later) can still be recorded.
const NOT_BEFORE: Record<DatedStep, Milestone[]> = {
  START_INVESTIGATION: ['APPLICATION'],
  INVESTIGATION: ['APPLICATION'],
  REVIEW_OPINION: ['APPLICATION', 'INVESTIGATIONS'],
  FIRST_NOTICE: ['APPLICATION', 'INVESTIGATIONS', 'REVIEW_OPINION'],
  FORWARDING: ['FIRST_NOTICE', 'FIRST_NOTICE_OVER', 'FIRST_NOTICE_OBJECTIONS'],
  DECISION: ['FORWARDING', 'FIRST_NOTICE_OVER'],
  SECOND_NOTICE: ['DECISION', 'FORWARDING'],
  CONFIRMATION: ['DECISION', 'SECOND_NOTICE', 'SECOND_NOTICE_OVER', 'SECOND_NOTICE_OBJECTIONS'],
  WITHDRAWAL: ['APPLICATION', 'INVESTIGATION_START', 'INVESTIGATIONS', 'REVIEW_OPINION', 'FIRST_NOTICE', 'FIRST_NOTICE_OBJECTIONS', 'FORWARDING', 'DECISION', 'SECOND_NOTICE', 'SECOND_NOTICE_OBJECTIONS'],
  OBJECTION_RESOLUTION: ['APPLICATION', 'OBJECTION_RECEIVED'],
};

/**
 * Investigations and the opinion are recorded in any order while the case is under investigation,
 * so an investigation may not be dated after the opinion already given (record the opinion again).
 */
const NOT_AFTER: Partial<Record<DatedStep, Milestone[]>> = { INVESTIGATION: ['REVIEW_OPINION'] };

/** Assistance-card number: "MX" + 10 random Crockford base-32 characters; no personal data in it. */
export function newAssistanceCardNumber(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = crypto.randomBytes(10);
  return 'MX' + Array.from(bytes, (b) => alphabet[b % 32]).join('');
}

export class IdentificationService {
  // ---------- steps ----------

  /** R8: the household applies in writing to its township. */
  async submitApplication(ctx: ServiceContext, input: { household: string | null; appliedOn: string; reason: string }): Promise<Result<string>> {
    return runMutation(ctx, 'submitApplication', async (tx) => {
      const reason = this.text(input.reason, ['input', 'reason'], TEXT.reason);
      if (input.appliedOn > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'appliedOn']);
      const h = input.household ? await householdForApplication(tx, input.household) : null;
      if (!h || !this.isTownshipOf(ctx.principal, h.townshipId)) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      const open = await tx.findOne(IdentificationCase, { household: h.id, state: { $nin: CLOSED_STATES } });
      if (open) fail(UserErrorCode.OPEN_CASE_EXISTS, ['input', 'household']);
      const now = ctx.clock.now();
      const c = tx.create(IdentificationCase, {
        household: h.id, township: h.townshipId, appliedOn: input.appliedOn, applicationReason: reason,
        causes: h.causes as HardshipCause[], createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor, createdAt: now, updatedAt: now,
      });
      await tx.flush();
      tx.create(CaseTransition, { identificationCase: c, fromState: null, toState: CaseState.SUBMITTED, fromVersion: 0, by: ctx.principal.actor, reason, at: now });
      return audited(c.id, 'IdentificationCase', c.id);
    }, OPEN_CASE);
  }

  /** R9(a) begins. */
  async startInvestigation(ctx: ServiceContext, input: { case: string | null; version: number; occurredOn?: string | null }): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.SUBMITTED], 'startInvestigation', async (tx, c) => {
      c.investigationStartedOn = await this.stepDay(ctx, tx, c, 'START_INVESTIGATION', input.occurredOn, ['input', 'occurredOn']);
      this.move(tx, ctx, c, CaseState.UNDER_INVESTIGATION, '开始入户调查');
    });
  }

  /** R9(a): one investigation method, with what each method needs. */
  async recordInvestigation(
    ctx: ServiceContext,
    input: { case: string | null; version: number; method: InvestigationMethod; conductedOn: string; findings: string; participants?: string[] | null; conclusion?: string | null; authorisationSigned?: boolean | null },
  ): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.UNDER_INVESTIGATION], 'recordInvestigation', async (tx, c) => {
      const findings = this.text(input.findings, ['input', 'findings'], TEXT.findings);
      await this.stepDay(ctx, tx, c, 'INVESTIGATION', input.conductedOn, ['input', 'conductedOn']);
      const participants = (input.participants ?? []).map((p) => p.trim()).filter(Boolean);
      let conclusion: string | null = null;
      if (input.method === InvestigationMethod.DEMOCRATIC_APPRAISAL) {
        if (participants.length === 0 || !input.conclusion?.trim()) fail(UserErrorCode.APPRAISAL_INCOMPLETE, ['input', participants.length === 0 ? 'participants' : 'conclusion']);
        if (participants.length > 50 || participants.some((p) => textLength(p) > TEXT.participant)) fail(UserErrorCode.STRING_TOO_LONG, ['input', 'participants'], { max: TEXT.participant });
        conclusion = this.text(input.conclusion, ['input', 'conclusion'], TEXT.conclusion);
      }
      if (input.method === InvestigationMethod.ECONOMIC_CROSS_CHECK && input.authorisationSigned !== true) fail(UserErrorCode.AUTHORISATION_NOT_SIGNED, ['input', 'authorisationSigned']);
      tx.create(InvestigationRecord, {
        identificationCase: c, method: input.method, conductedOn: input.conductedOn, findings, participants, conclusion,
        authorisationSigned: input.method === InvestigationMethod.ECONOMIC_CROSS_CHECK ? true : null, recordedBy: ctx.principal.actor, recordedAt: ctx.clock.now(),
      });
      this.touch(ctx, c); // a record changes the case: its version moves
    });
  }

  /** R9(a) opinion and R11 causes. */
  async recordReviewOpinion(
    ctx: ServiceContext,
    input: { case: string | null; version: number; recommendation: ReviewRecommendation; opinion: string; causes: HardshipCause[]; primaryCause?: HardshipCause | null; reviewedOn?: string | null },
  ): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.UNDER_INVESTIGATION], 'recordReviewOpinion', async (tx, c) => {
      const opinion = this.text(input.opinion, ['input', 'opinion'], TEXT.opinion);
      const reviewedOn = await this.stepDay(ctx, tx, c, 'REVIEW_OPINION', input.reviewedOn, ['input', 'reviewedOn']);
      const causes = [...new Set(input.causes)];
      if (causes.length > 0 && (!input.primaryCause || !causes.includes(input.primaryCause))) fail(UserErrorCode.PRIMARY_CAUSE_NOT_IN_CAUSES, ['input', 'primaryCause']);
      c.reviewRecommendation = input.recommendation;
      c.reviewOpinion = opinion;
      c.reviewedBy = ctx.principal.actor;
      c.reviewedOn = reviewedOn;
      c.causes = causes;
      c.primaryCause = causes.length ? input.primaryCause! : null;
      this.touch(ctx, c);
    });
  }

  /** R10: post the first notice (from investigation) or the second (after approval). */
  async postPublicNotice(
    ctx: ServiceContext,
    input: { case: string | null; version: number; kind: NoticeKind; place: string; postedOn: string; endsOn: string; complaintContact?: string | null; lateEntryEvidence?: string | null },
  ): Promise<Result<string>> {
    const from = input.kind === NoticeKind.FIRST ? [CaseState.UNDER_INVESTIGATION] : [CaseState.APPROVED];
    return this.step(ctx, input, from, 'postPublicNotice', async (tx, c) => {
      const place = this.text(input.place, ['input', 'place'], TEXT.place);
      await this.stepDay(ctx, tx, c, input.kind === NoticeKind.FIRST ? 'FIRST_NOTICE' : 'SECOND_NOTICE', input.postedOn, ['input', 'postedOn']);
      const policy = await loadPolicy(sqlOf(tx), input.postedOn);
      const days = policy.values.NOTICE_MIN_DAYS;
      const earliest = addCalendarDays(input.postedOn, days - 1); // I4: posted on D for N days: D … D+N−1
      if (input.endsOn < earliest) fail(UserErrorCode.NOTICE_TOO_SHORT, ['input', 'endsOn'], { days, earliest });
      // R10, item 7: a notice whose last day has passed was never among the current notices
      // online (publicNotices). It is accepted only with a reference to what proves it hung on the
      // board, and the case is marked so the county's checks find it.
      const enteredLate = input.endsOn < countyToday(ctx.clock);
      const evidence = input.lateEntryEvidence?.trim() || null;
      if (enteredLate && !evidence) fail(UserErrorCode.LATE_ENTRY_EVIDENCE_REQUIRED, ['input', 'lateEntryEvidence']);
      if (evidence && textLength(evidence) > TEXT.evidence) fail(UserErrorCode.STRING_TOO_LONG, ['input', 'lateEntryEvidence'], { max: TEXT.evidence });
      // The household and its community through the case's relation (R10's content is frozen from them).
      await tx.populate(c, ['household.community']);
      const h = c.household;
      let content: Record<string, unknown>;
      if (input.kind === NoticeKind.FIRST) {
        const records = await tx.find(InvestigationRecord, { identificationCase: c }, { orderBy: { id: 'asc' } });
        const done = new Set(records.map((r) => r.method));
        const missing = REQUIRED_METHODS.filter((m) => !done.has(m));
        if (missing.length) fail(UserErrorCode.INVESTIGATION_INCOMPLETE, ['input', 'case'], { missing: missing.join(', ') });
        if (!c.reviewRecommendation) fail(UserErrorCode.REVIEW_OPINION_MISSING, ['input', 'case']);
        const contact = this.text(input.complaintContact, ['input', 'complaintContact'], TEXT.contact);
        const eligibility = await this.eligibility(tx, c, input.postedOn);
        const appraisal = records.filter((r) => r.method === InvestigationMethod.DEMOCRATIC_APPRAISAL).pop()!;
        // Exactly R10(a)'s fields, frozen as published: no names, no id numbers, no health details.
        content = {
          basicSituation: `${h.community.name}，家庭人口${h.memberCount}人，申请城市困难家庭认定。`,
          investigationResult: `经入户调查、邻里访问、信函索证和经济状况核对，家庭月人均收入${formatYuan(eligibility.perCapitaMonthlyIncome)}元（当地低保标准${formatYuan(eligibility.allowanceStandard)}元/人·月）。`,
          appraisalConclusion: appraisal.conclusion,
          complaintContact: contact,
        };
      } else {
        // Exactly R10(b)'s fields.
        content = { headName: h.headName, householdSize: h.memberCount, householdMonthlyIncome: h.monthlyIncomeTotal };
      }
      tx.create(PublicNotice, {
        identificationCase: c, township: c.township, community: h.community, kind: input.kind, place,
        postedOn: input.postedOn, endsOn: input.endsOn, content, postedBy: ctx.principal.actor, postedAt: ctx.clock.now(),
        enteredLate, lateEntryEvidence: evidence,
      });
      if (enteredLate) c.noticeEnteredLate = true;
      this.move(tx, ctx, c, input.kind === NoticeKind.FIRST ? CaseState.FIRST_NOTICE : CaseState.SECOND_NOTICE, `张贴${input.kind === NoticeKind.FIRST ? '第一次' : '第二次'}公示：${place}`);
    });
  }

  /** An objection during a notice: recorded by the township (or by the public, anonymously). */
  async recordObjection(ctx: ServiceContext, input: { notice: string | null; summary: string }, source: ObjectionSource): Promise<Result<string>> {
    // Each mutation is audited under its own name: the township's recordObjection, the public's submitPublicObjection.
    return runMutation(ctx, source === ObjectionSource.PUBLIC ? 'submitPublicObjection' : 'recordObjection', async (tx) => {
      const summary = this.text(input.summary, ['input', 'summary'], TEXT.summary);
      const notice = input.notice ? await tx.findOne(PublicNotice, { id: input.notice }) : null;
      if (!notice || (source === ObjectionSource.TOWNSHIP && !this.isTownshipOf(ctx.principal, notice.township.id))) fail(UserErrorCode.NOT_FOUND, ['input', 'notice']);
      const today = countyToday(ctx.clock);
      if (!(calendarDay(notice!.postedOn) <= today && today <= calendarDay(notice!.endsOn))) fail(UserErrorCode.NOTICE_NOT_CURRENT, ['input', 'notice']);
      const o = tx.create(NoticeObjection, { notice: notice!, source, receivedOn: today, summary, recordedBy: source === ObjectionSource.PUBLIC ? 'anonymous' : ctx.principal.actor });
      await tx.flush();
      return audited(o.id, 'NoticeObjection', o.id);
    }, OPEN_CASE);
  }

  /** Dismissed → the case continues; upheld → back to investigation (first notice) or rejected. */
  async resolveObjection(
    ctx: ServiceContext,
    input: { objection: string | null; version: number; outcome: ObjectionStatus; resolution: string; upheldAction?: UpheldAction | null; resolvedOn?: string | null },
  ): Promise<Result<string>> {
    return runMutation(ctx, 'resolveObjection', async (tx) => {
      const resolution = this.text(input.resolution, ['input', 'resolution'], TEXT.opinion);
      const o = input.objection ? await tx.findOne(NoticeObjection, { id: input.objection }, { populate: ['notice', 'notice.identificationCase'] }) : null;
      if (!o || !this.isTownshipOf(ctx.principal, o.notice.township.id)) fail(UserErrorCode.NOT_FOUND, ['input', 'objection']);
      if (o!.status !== ObjectionStatus.OPEN) fail(UserErrorCode.OBJECTION_ALREADY_RESOLVED, ['input', 'objection']);
      if (o!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: o!.version });
      if (input.outcome === ObjectionStatus.OPEN) fail(UserErrorCode.INVALID_FORMAT, ['input', 'outcome']);
      const c = o!.notice.identificationCase;
      const resolvedOn = await this.stepDay(ctx, tx, c, 'OBJECTION_RESOLUTION', input.resolvedOn, ['input', 'resolvedOn'], { OBJECTION_RECEIVED: calendarDay(o!.receivedOn) });
      if (input.outcome === ObjectionStatus.UPHELD) {
        const returnable = o!.notice.kind === NoticeKind.FIRST && input.upheldAction === UpheldAction.RETURN_TO_INVESTIGATION;
        if (!input.upheldAction || (input.upheldAction === UpheldAction.RETURN_TO_INVESTIGATION && !returnable)) fail(UserErrorCode.UPHELD_ACTION_REQUIRED, ['input', 'upheldAction']);
        const noticeState = o!.notice.kind === NoticeKind.FIRST ? CaseState.FIRST_NOTICE : CaseState.SECOND_NOTICE;
        if (c.state !== noticeState) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'objection'], { state: c.state });
        // Back to investigation: the investigation restarts that day and the township gives its
        // opinion anew, after any further investigation (investigations ≤ opinion ≤ first
        // notice); the old opinion is kept in the transition.
        const previousOpinion = returnable && c.reviewRecommendation
          ? { recommendation: c.reviewRecommendation, opinion: c.reviewOpinion, reviewedOn: c.reviewedOn ? calendarDay(c.reviewedOn) : null, reviewedBy: c.reviewedBy }
          : undefined;
        this.move(tx, ctx, c, returnable ? CaseState.UNDER_INVESTIGATION : CaseState.REJECTED, `异议成立：${resolution}`, previousOpinion && { previousOpinion });
        if (returnable) {
          c.investigationStartedOn = resolvedOn;
          c.reviewRecommendation = null;
          c.reviewOpinion = null;
          c.reviewedBy = null;
          c.reviewedOn = null;
        } else {
          c.closingReason = resolution;
          c.closedOn = resolvedOn;
        }
      }
      o!.status = input.outcome;
      o!.resolution = resolution;
      o!.resolvedBy = ctx.principal.actor;
      o!.resolvedAt = ctx.clock.now();
      o!.resolvedOn = resolvedOn;
      await tx.flush();
      return audited(o!.id, 'NoticeObjection', o!.id);
    }, OPEN_CASE);
  }

  /** After the first notice ends without open objections (R10a). */
  async forwardToCounty(ctx: ServiceContext, input: { case: string | null; version: number; occurredOn?: string | null }): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.FIRST_NOTICE], 'forwardToCounty', async (tx, c) => {
      await this.noObjectionOpen(tx, c, NoticeKind.FIRST);
      c.forwardedOn = await this.stepDay(ctx, tx, c, 'FORWARDING', input.occurredOn, ['input', 'occurredOn']);
      this.move(tx, ctx, c, CaseState.FORWARDED_TO_COUNTY, '公示无异议，报县民政局审核');
    });
  }

  /** R9(b): the county decides; approval records the eligibility result and its trace. */
  async decide(ctx: ServiceContext, input: { case: string | null; version: number; reason: string; occurredOn?: string | null }, approve: boolean): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.FORWARDED_TO_COUNTY], approve ? 'approveApplication' : 'rejectApplication', async (tx, c) => {
      const reason = this.text(input.reason, ['input', 'reason'], TEXT.opinion);
      // A paper decision is entered with its own day, and judged by the policy in force that day.
      const decidedOn = await this.stepDay(ctx, tx, c, 'DECISION', input.occurredOn, ['input', 'occurredOn']);
      const eligibility = await this.eligibility(tx, c, decidedOn);
      if (approve && !eligibility.qualifies) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'case']);
      c.countyDecisionReason = reason;
      c.decidedBy = ctx.principal.actor;
      c.decidedOn = decidedOn;
      c.eligibility = eligibility as unknown as Record<string, unknown>;
      if (!approve) {
        c.closingReason = reason;
        c.closedOn = decidedOn;
      }
      this.move(tx, ctx, c, approve ? CaseState.APPROVED : CaseState.REJECTED, reason, { eligibility });
    });
  }

  /** R10(b): confirmed on the list after the second notice; the household gets its card number. */
  async confirmHousehold(ctx: ServiceContext, input: { case: string | null; version: number; occurredOn?: string | null }): Promise<Result<string>> {
    return this.step(ctx, input, [CaseState.SECOND_NOTICE], 'confirmHousehold', async (tx, c) => {
      await this.noObjectionOpen(tx, c, NoticeKind.SECOND);
      const confirmedOn = await this.stepDay(ctx, tx, c, 'CONFIRMATION', input.occurredOn, ['input', 'occurredOn']);
      const eligibility = await this.eligibility(tx, c, confirmedOn);
      if (!eligibility.qualifies) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'case']);
      // The registry writes the household's side (status, categories, causes, card; a household that
      // re-enters keeps its card): R10(b).
      const h = await confirmIdentifiedHousehold(tx, { actor: ctx.principal.actor, at: ctx.clock.now() }, c.household.id, {
        categories: eligibility.categories, causes: c.causes, primaryCause: c.primaryCause ?? null, identifiedOn: confirmedOn, newCardNumber: newAssistanceCardNumber,
      });
      c.confirmedOn = confirmedOn;
      c.eligibility = eligibility as unknown as Record<string, unknown>;
      this.move(tx, ctx, c, CaseState.CONFIRMED, '第二次公示无异议，纳入城市困难家庭名单', { eligibility });
      await tx.flush();
      // R19: the confirmation opens the household's episode on the list (CONFIRMED, or REENTERED
      // after an exit), in this transaction.
      await new LifecycleService().openEntryEpisode(tx, { actor: ctx.principal.actor, at: ctx.clock.now() }, {
        householdId: c.household.id, caseId: c.id, startedOn: confirmedOn, categories: h.categories, causes: h.causes, primaryCause: h.primaryCause ?? null,
      });
      publishEvent(tx, {
        type: 'HouseholdConfirmed', aggregateType: 'Household', aggregateId: c.household.id,
        payload: { household: c.household.id, case: c.id, categories: h.categories, causes: h.causes, primaryCause: h.primaryCause, identifiedOn: confirmedOn, assistanceCardNumber: h.assistanceCardNumber },
        occurredAt: ctx.clock.now(),
      });
    });
  }

  async withdraw(ctx: ServiceContext, input: { case: string | null; version: number; reason: string; occurredOn?: string | null }): Promise<Result<string>> {
    const open = Object.values(CaseState).filter((s) => !CLOSED_STATES.includes(s));
    return this.step(ctx, input, open, 'withdrawApplication', async (tx, c) => {
      const reason = this.text(input.reason, ['input', 'reason'], TEXT.reason);
      c.closedOn = await this.stepDay(ctx, tx, c, 'WITHDRAWAL', input.occurredOn, ['input', 'occurredOn']);
      c.closingReason = reason;
      this.move(tx, ctx, c, CaseState.WITHDRAWN, reason);
    });
  }

  // ---------- shared mechanics ----------

  /** Eligibility of the case's household as of `asOf`, with the causes the township recorded. */
  async eligibility(tx: EntityManager, c: IdentificationCase, asOf: string): Promise<EligibilityResult> {
    const knex = sqlOf(tx);
    // One after the other: `knex` is the transaction's single connection, which runs one query at
    // a time (pg queues the rest, deprecated: "client is already executing a query").
    const household = await knex('household').where('id', c.household.id).first();
    const members = await knex('person').where({ household_id: c.household.id }).whereNull('removed_at').orderBy('id');
    const policy = await loadPolicy(knex, asOf);
    return assessEligibility(householdSnapshot(household, members, c.causes), policy);
  }

  /** The latest notice of its kind has no objection still open (R10: only without objection). */
  private async noObjectionOpen(tx: EntityManager, c: IdentificationCase, kind: NoticeKind) {
    const notice = await tx.findOne(PublicNotice, { identificationCase: c, kind }, { orderBy: { id: 'desc' } });
    if (!notice) return fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'case'], { state: c.state });
    const open = await tx.count(NoticeObjection, { notice, status: ObjectionStatus.OPEN });
    if (open > 0) fail(UserErrorCode.OPEN_OBJECTION, ['input', 'case']);
  }

  /**
   * The one check of a step's day (R8–R10): the given day, or today in the county when none is
   * given; never after today; never before the day of a step NOT_BEFORE names — the latest such
   * day is reported, so the message names the earliest day that would do (a notice's end:
   * NOTICE_NOT_ENDED; any other: DATE_BEFORE_CASE_STEP with that step and its day); never after a
   * step NOT_AFTER names that is already recorded (DATE_AFTER_CASE_STEP). Returns the day.
   */
  private async stepDay(
    ctx: ServiceContext, tx: EntityManager, c: IdentificationCase, step: DatedStep, given: string | null | undefined, path: string[],
    extra: Partial<Record<Milestone, string>> = {},
  ): Promise<string> {
    const day = given ?? countyToday(ctx.clock);
    if (day > countyToday(ctx.clock)) fail(UserErrorCode.DATE_IN_FUTURE, path);
    const recorded = { ...(await this.milestones(tx, c)), ...extra };
    let broken: Milestone | null = null;
    for (const m of NOT_BEFORE[step]) {
      const floor = recorded[m];
      if (floor && day < floor && (!broken || floor > recorded[broken]!)) broken = m;
    }
    if (broken) {
      const floor = recorded[broken]!;
      if (broken === 'FIRST_NOTICE_OVER' || broken === 'SECOND_NOTICE_OVER') fail(UserErrorCode.NOTICE_NOT_ENDED, path, { endsOn: addCalendarDays(floor, -1) });
      // The milestone's code: the message names it in the caller's language (src/graphql/i18n.ts).
      fail(UserErrorCode.DATE_BEFORE_CASE_STEP, path, { step: broken, date: floor });
    }
    for (const m of NOT_AFTER[step] ?? []) {
      const ceiling = recorded[m];
      if (ceiling && day > ceiling) fail(UserErrorCode.DATE_AFTER_CASE_STEP, path, { step: m, date: ceiling });
    }
    return day;
  }

  /** The days a case has recorded, by milestone (absent: not recorded). */
  private async milestones(tx: EntityManager, c: IdentificationCase): Promise<Partial<Record<Milestone, string>>> {
    const knex = sqlOf(tx);
    const investigations = await knex('investigation_record').where('identification_case_id', c.id).max({ last: 'conducted_on' }).first();
    const notices: Array<Row> = await knex('public_notice as n').where('n.identification_case_id', c.id)
      .select('n.kind', 'n.posted_on', 'n.ends_on', knex.raw('(select max(o.resolved_on) from notice_objection o where o.notice_id = n.id) as resolved_on'))
      .orderBy('n.id', 'desc');
    const out: Partial<Record<Milestone, string>> = {};
    const put = (m: Milestone, v: unknown) => {
      if (v != null) out[m] = calendarDay(v);
    };
    put('APPLICATION', c.appliedOn);
    put('INVESTIGATION_START', c.investigationStartedOn);
    put('INVESTIGATIONS', investigations?.last);
    put('REVIEW_OPINION', c.reviewedOn);
    put('FORWARDING', c.forwardedOn);
    put('DECISION', c.decidedOn);
    for (const [kind, prefix] of [[NoticeKind.FIRST, 'FIRST_NOTICE'], [NoticeKind.SECOND, 'SECOND_NOTICE']] as const) {
      const latest = notices.find((n) => n.kind === kind);
      if (!latest) continue;
      put(prefix, latest.posted_on);
      put(`${prefix}_OVER`, addCalendarDays(calendarDay(latest.ends_on), 1));
      put(`${prefix}_OBJECTIONS`, latest.resolved_on);
    }
    return out;
  }

  private isTownshipOf(p: Principal, townshipId: string): boolean {
    return p.kind === 'TOWNSHIP' && p.townshipId === townshipId;
  }

  /** Changes the state and appends the transition row (the version it moved from, who, why). */
  private move(tx: EntityManager, ctx: ServiceContext, c: IdentificationCase, to: CaseState, reason: string, detail?: Record<string, unknown>) {
    tx.create(CaseTransition, {
      identificationCase: c, fromState: c.state, toState: to, fromVersion: c.version, by: ctx.principal.actor, reason, detail: detail ?? null, at: ctx.clock.now(),
    });
    c.state = to;
    this.touch(ctx, c);
  }

  private touch(ctx: ServiceContext, c: IdentificationCase) {
    c.updatedAt = ctx.clock.now();
    c.updatedBy = ctx.principal.actor;
  }

  private text(value: string | null | undefined, path: string[], max: number): string {
    const v = value?.trim() ?? '';
    if (!v) fail(UserErrorCode.REQUIRED, path);
    if (textLength(v) > max) fail(UserErrorCode.STRING_TOO_LONG, path, { max });
    return v;
  }

  /** A step on an existing case: visible to the principal, in an allowed state, at the version read. */
  private step(
    ctx: ServiceContext, input: { case: string | null; version: number }, from: CaseState[], action: string,
    work: (tx: EntityManager, c: IdentificationCase) => Promise<void>,
  ): Promise<Result<string>> {
    return runMutation(ctx, action, async (tx) => {
      const c = input.case ? await tx.findOne(IdentificationCase, { id: input.case }) : null;
      if (!c || !this.mayAct(ctx.principal, c)) fail(UserErrorCode.NOT_FOUND, ['input', 'case']);
      if (c!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: c!.version });
      if (!from.includes(c!.state)) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'case'], { state: c!.state });
      await work(tx, c!);
      await tx.flush();
      return audited(c!.id, 'IdentificationCase', c!.id);
    }, OPEN_CASE);
  }

  /** County steps belong to civil affairs, township steps to the household's township. */
  private mayAct(p: Principal, c: IdentificationCase): boolean {
    return p.role === 'CIVIL_AFFAIRS' || this.isTownshipOf(p, c.township.id);
  }
}
