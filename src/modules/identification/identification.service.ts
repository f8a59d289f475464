/**
 * The identification workflow (R8–R11): one application, two reviews, two public notices. Each
 * step checks the state, the principal, the dates and the version, then writes the change, a
 * transition row (who, when, why, version moved from) and an audit row in one transaction.
 * Anything the user can fix comes back as userErrors and nothing is written.
 */
import { Fail, failIn, UserErrorsThrown } from '../../graphql/user-errors';
import crypto from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf, writeAudit } from '../../access/audit';
import { Principal } from '../../access/principal';
import { Clock } from '../../graphql/context';
import { UserError, userError, UserErrorCode } from '../../graphql/errors';
import { keyOf } from '../../graphql/relay';
import { addCalendarDays, calendarDay, countyToday, textLength } from '../../graphql/scalars';
import { assessEligibility, formatYuan } from '../../policy/eligibility';
import { EligibilityResult } from '../../policy/eligibility.types';
import { loadPolicy } from '../../policy/policy.service';
import { householdSnapshot } from '../../policy/snapshot';
import { Household } from '../registry/household.entity';
import { ServiceContext } from '../registry/household.service';
import { HardshipCause, HouseholdStatus } from '../registry/registry.enums';
import { Community } from '../registry/township.entity';
import {
  CaseTransition, DomainEvent, IdentificationCase, InvestigationRecord, NoticeObjection, PublicNotice,
} from './identification.entity';
import {
  CaseState, CLOSED_STATES, InvestigationMethod, NoticeKind, ObjectionSource, ObjectionStatus, ReviewRecommendation, UpheldAction,
} from './identification.enums';

export interface CaseContext extends ServiceContext {
  clock: Clock;
}

export type CaseResult<T = string> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

const TEXT = { reason: 500, opinion: 1000, findings: 2000, conclusion: 500, participant: 50, place: 200, contact: 100, summary: 2000 };
const REQUIRED_METHODS = Object.values(InvestigationMethod);






/** Assistance-card number: "MX" + 10 random Crockford base-32 characters; no personal data in it. */
export function newAssistanceCardNumber(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = crypto.randomBytes(10);
  return 'MX' + Array.from(bytes, (b) => alphabet[b % 32]).join('');
}

export class IdentificationService {
  // ---------- steps ----------

  /** R8: the household applies in writing to its township. */
  async submitApplication(ctx: CaseContext, input: { household: string; appliedOn: string; reason: string }): Promise<CaseResult> {
    return this.run(ctx, async (tx, fail) => {
      const today = countyToday(ctx.clock.now());
      const reason = this.text(ctx, input.reason, ['input', 'reason'], TEXT.reason);
      if (input.appliedOn > today) fail(UserErrorCode.DATE_IN_FUTURE, ['input', 'appliedOn']);
      const id = keyOf(input.household, 'Household');
      const h = id ? await tx.findOne(Household, { id }) : null;
      if (!h || !this.isTownshipOf(ctx.principal, h.township.id)) fail(UserErrorCode.NOT_FOUND, ['input', 'household']);
      const open = await tx.findOne(IdentificationCase, { household: h!, state: { $nin: CLOSED_STATES } });
      if (open) fail(UserErrorCode.OPEN_CASE_EXISTS, ['input', 'household']);
      const c = tx.create(IdentificationCase, {
        household: h!, township: h!.township, appliedOn: input.appliedOn, applicationReason: reason,
        causes: [...(h!.causes ?? [])], createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor,
      });
      await tx.flush();
      tx.create(CaseTransition, { identificationCase: c, fromState: null, toState: CaseState.SUBMITTED, fromVersion: 0, by: ctx.principal.actor, reason });
      await this.audit(tx, ctx, 'submitApplication', c.id);
      return c.id;
    });
  }

  /** R9(a) begins. */
  async startInvestigation(ctx: CaseContext, input: { case: string; version: number }): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.SUBMITTED], 'startInvestigation', async (tx, c) => {
      this.move(tx, ctx, c, CaseState.UNDER_INVESTIGATION, '开始入户调查');
    });
  }

  /** R9(a): one investigation method, with what each method needs. */
  async recordInvestigation(
    ctx: CaseContext,
    input: { case: string; version: number; method: InvestigationMethod; conductedOn: string; findings: string; participants?: string[] | null; conclusion?: string | null; authorisationSigned?: boolean | null },
  ): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.UNDER_INVESTIGATION], 'recordInvestigation', async (tx, c, fail) => {
      const findings = this.text(ctx, input.findings, ['input', 'findings'], TEXT.findings);
      this.dateWithinCase(ctx, c, input.conductedOn, ['input', 'conductedOn'], fail);
      const participants = (input.participants ?? []).map((p) => p.trim()).filter(Boolean);
      let conclusion: string | null = null;
      if (input.method === InvestigationMethod.DEMOCRATIC_APPRAISAL) {
        if (participants.length === 0 || !input.conclusion?.trim()) fail(UserErrorCode.APPRAISAL_INCOMPLETE, ['input', participants.length === 0 ? 'participants' : 'conclusion']);
        if (participants.length > 50 || participants.some((p) => textLength(p) > TEXT.participant)) fail(UserErrorCode.STRING_TOO_LONG, ['input', 'participants'], { max: TEXT.participant });
        conclusion = this.text(ctx, input.conclusion, ['input', 'conclusion'], TEXT.conclusion);
      }
      if (input.method === InvestigationMethod.ECONOMIC_CROSS_CHECK && input.authorisationSigned !== true) fail(UserErrorCode.AUTHORISATION_NOT_SIGNED, ['input', 'authorisationSigned']);
      tx.create(InvestigationRecord, {
        identificationCase: c, method: input.method, conductedOn: input.conductedOn, findings, participants, conclusion,
        authorisationSigned: input.method === InvestigationMethod.ECONOMIC_CROSS_CHECK ? true : null, recordedBy: ctx.principal.actor,
      });
      this.touch(ctx, c); // a record changes the case: its version moves
    });
  }

  /** R9(a) opinion and R11 causes. */
  async recordReviewOpinion(
    ctx: CaseContext,
    input: { case: string; version: number; recommendation: ReviewRecommendation; opinion: string; causes: HardshipCause[]; primaryCause?: HardshipCause | null },
  ): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.UNDER_INVESTIGATION], 'recordReviewOpinion', async (_tx, c, fail) => {
      const opinion = this.text(ctx, input.opinion, ['input', 'opinion'], TEXT.opinion);
      const causes = [...new Set(input.causes)];
      if (causes.length > 0 && (!input.primaryCause || !causes.includes(input.primaryCause))) fail(UserErrorCode.PRIMARY_CAUSE_NOT_IN_CAUSES, ['input', 'primaryCause']);
      c.reviewRecommendation = input.recommendation;
      c.reviewOpinion = opinion;
      c.reviewedBy = ctx.principal.actor;
      c.causes = causes;
      c.primaryCause = causes.length ? input.primaryCause! : null;
      this.touch(ctx, c);
    });
  }

  /** R10: post the first notice (from investigation) or the second (after approval). */
  async postPublicNotice(
    ctx: CaseContext,
    input: { case: string; version: number; kind: NoticeKind; place: string; postedOn: string; endsOn: string; complaintContact?: string | null },
  ): Promise<CaseResult> {
    const from = input.kind === NoticeKind.FIRST ? [CaseState.UNDER_INVESTIGATION] : [CaseState.APPROVED];
    return this.step(ctx, input, from, 'postPublicNotice', async (tx, c, fail) => {
      const place = this.text(ctx, input.place, ['input', 'place'], TEXT.place);
      const policy = await loadPolicy(sqlOf(tx), input.postedOn > countyToday(ctx.clock.now()) ? countyToday(ctx.clock.now()) : input.postedOn);
      this.dateWithinCase(ctx, c, input.postedOn, ['input', 'postedOn'], fail);
      const days = policy.values.NOTICE_MIN_DAYS;
      const earliest = addCalendarDays(input.postedOn, days - 1); // I4: posted on D for N days: D … D+N−1
      if (input.endsOn < earliest) fail(UserErrorCode.NOTICE_TOO_SHORT, ['input', 'endsOn'], { days, earliest });
      const h = await tx.findOneOrFail(Household, { id: c.household.id }, { populate: ['community'] });
      let content: Record<string, unknown>;
      if (input.kind === NoticeKind.FIRST) {
        const records = await tx.find(InvestigationRecord, { identificationCase: c }, { orderBy: { id: 'asc' } });
        const done = new Set(records.map((r) => r.method));
        const missing = REQUIRED_METHODS.filter((m) => !done.has(m));
        if (missing.length) fail(UserErrorCode.INVESTIGATION_INCOMPLETE, ['input', 'case'], { missing: missing.join(', ') });
        if (!c.reviewRecommendation) fail(UserErrorCode.REVIEW_OPINION_MISSING, ['input', 'case']);
        const contact = this.text(ctx, input.complaintContact, ['input', 'complaintContact'], TEXT.contact);
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
        identificationCase: c, township: c.township, community: h.community as Community, kind: input.kind, place,
        postedOn: input.postedOn, endsOn: input.endsOn, content, postedBy: ctx.principal.actor,
      });
      this.move(tx, ctx, c, input.kind === NoticeKind.FIRST ? CaseState.FIRST_NOTICE : CaseState.SECOND_NOTICE, `张贴${input.kind === NoticeKind.FIRST ? '第一次' : '第二次'}公示：${place}`);
    });
  }

  /** An objection during a notice: recorded by the township (or by the public, anonymously). */
  async recordObjection(ctx: CaseContext, input: { notice: string; summary: string }, source: ObjectionSource): Promise<CaseResult> {
    return this.run(ctx, async (tx, fail) => {
      const summary = this.text(ctx, input.summary, ['input', 'summary'], TEXT.summary);
      const id = keyOf(input.notice, 'PublicNotice');
      const notice = id ? await tx.findOne(PublicNotice, { id }) : null;
      if (!notice || (source === ObjectionSource.TOWNSHIP && !this.isTownshipOf(ctx.principal, notice.township.id))) fail(UserErrorCode.NOT_FOUND, ['input', 'notice']);
      const today = countyToday(ctx.clock.now());
      if (!(calendarDay(notice!.postedOn) <= today && today <= calendarDay(notice!.endsOn))) fail(UserErrorCode.NOTICE_NOT_CURRENT, ['input', 'notice']);
      const o = tx.create(NoticeObjection, { notice: notice!, source, receivedOn: today, summary, recordedBy: source === ObjectionSource.PUBLIC ? 'anonymous' : ctx.principal.actor });
      await tx.flush();
      await this.audit(tx, ctx, 'recordObjection', o.id, 'NoticeObjection');
      return o.id;
    });
  }

  /** Dismissed → the case continues; upheld → back to investigation (first notice) or rejected. */
  async resolveObjection(
    ctx: CaseContext,
    input: { objection: string; version: number; outcome: ObjectionStatus; resolution: string; upheldAction?: UpheldAction | null },
  ): Promise<CaseResult> {
    return this.run(ctx, async (tx, fail) => {
      const resolution = this.text(ctx, input.resolution, ['input', 'resolution'], TEXT.opinion);
      const id = keyOf(input.objection, 'NoticeObjection');
      const o = id ? await tx.findOne(NoticeObjection, { id }, { populate: ['notice', 'notice.identificationCase'] }) : null;
      if (!o || !this.isTownshipOf(ctx.principal, o.notice.township.id)) fail(UserErrorCode.NOT_FOUND, ['input', 'objection']);
      if (o!.status !== ObjectionStatus.OPEN) fail(UserErrorCode.OBJECTION_ALREADY_RESOLVED, ['input', 'objection']);
      if (o!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: o!.version });
      if (input.outcome === ObjectionStatus.OPEN) fail(UserErrorCode.INVALID_FORMAT, ['input', 'outcome']);
      const c = o!.notice.identificationCase;
      if (input.outcome === ObjectionStatus.UPHELD) {
        const returnable = o!.notice.kind === NoticeKind.FIRST && input.upheldAction === UpheldAction.RETURN_TO_INVESTIGATION;
        if (!input.upheldAction || (input.upheldAction === UpheldAction.RETURN_TO_INVESTIGATION && !returnable)) fail(UserErrorCode.UPHELD_ACTION_REQUIRED, ['input', 'upheldAction']);
        const noticeState = o!.notice.kind === NoticeKind.FIRST ? CaseState.FIRST_NOTICE : CaseState.SECOND_NOTICE;
        if (c.state !== noticeState) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'objection'], { state: c.state });
        this.move(tx, ctx, c, returnable ? CaseState.UNDER_INVESTIGATION : CaseState.REJECTED, `异议成立：${resolution}`);
        if (!returnable) c.closingReason = resolution;
      }
      o!.status = input.outcome;
      o!.resolution = resolution;
      o!.resolvedBy = ctx.principal.actor;
      o!.resolvedAt = new Date();
      await tx.flush();
      await this.audit(tx, ctx, 'resolveObjection', o!.id, 'NoticeObjection');
      return o!.id;
    });
  }

  /** After the first notice ends without open objections (R10a). */
  async forwardToCounty(ctx: CaseContext, input: { case: string; version: number }): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.FIRST_NOTICE], 'forwardToCounty', async (tx, c, fail) => {
      await this.noticePassed(ctx, tx, c, NoticeKind.FIRST, fail);
      this.move(tx, ctx, c, CaseState.FORWARDED_TO_COUNTY, '公示无异议，报县民政局审核');
    });
  }

  /** R9(b): the county decides; approval records the eligibility result and its trace. */
  async decide(ctx: CaseContext, input: { case: string; version: number; reason: string }, approve: boolean): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.FORWARDED_TO_COUNTY], approve ? 'approveApplication' : 'rejectApplication', async (tx, c, fail) => {
      const reason = this.text(ctx, input.reason, ['input', 'reason'], TEXT.opinion);
      const today = countyToday(ctx.clock.now());
      const eligibility = await this.eligibility(tx, c, today);
      if (approve && !eligibility.qualifies) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'case']);
      c.countyDecisionReason = reason;
      c.decidedBy = ctx.principal.actor;
      c.decidedOn = today;
      c.eligibility = eligibility as unknown as Record<string, unknown>;
      if (!approve) c.closingReason = reason;
      this.move(tx, ctx, c, approve ? CaseState.APPROVED : CaseState.REJECTED, reason, { eligibility });
    });
  }

  /** R10(b): confirmed on the list after the second notice; the household gets its card number. */
  async confirmHousehold(ctx: CaseContext, input: { case: string; version: number }): Promise<CaseResult> {
    return this.step(ctx, input, [CaseState.SECOND_NOTICE], 'confirmHousehold', async (tx, c, fail) => {
      await this.noticePassed(ctx, tx, c, NoticeKind.SECOND, fail);
      const today = countyToday(ctx.clock.now());
      const eligibility = await this.eligibility(tx, c, today);
      if (!eligibility.qualifies) fail(UserErrorCode.NOT_ELIGIBLE, ['input', 'case']);
      const h = await tx.findOneOrFail(Household, { id: c.household.id });
      h.status = HouseholdStatus.IN_HARDSHIP;
      h.categories = [...eligibility.categories];
      h.causes = [...c.causes];
      h.primaryCause = c.primaryCause ?? null;
      h.identifiedOn = today;
      h.assistanceCardNumber ??= newAssistanceCardNumber(); // a household that re-enters keeps its card
      h.updatedAt = new Date();
      h.updatedBy = ctx.principal.actor;
      c.confirmedOn = today;
      c.eligibility = eligibility as unknown as Record<string, unknown>;
      this.move(tx, ctx, c, CaseState.CONFIRMED, '第二次公示无异议，纳入城市困难家庭名单', { eligibility });
      await tx.flush();
      tx.create(DomainEvent, {
        type: 'HouseholdConfirmed', aggregateType: 'Household', aggregateId: h.id,
        payload: { household: h.id, case: c.id, categories: h.categories, causes: h.causes, primaryCause: h.primaryCause, identifiedOn: today, assistanceCardNumber: h.assistanceCardNumber },
      });
    });
  }

  async withdraw(ctx: CaseContext, input: { case: string; version: number; reason: string }): Promise<CaseResult> {
    const open = Object.values(CaseState).filter((s) => !CLOSED_STATES.includes(s));
    return this.step(ctx, input, open, 'withdrawApplication', async (tx, c) => {
      const reason = this.text(ctx, input.reason, ['input', 'reason'], TEXT.reason);
      c.closingReason = reason;
      this.move(tx, ctx, c, CaseState.WITHDRAWN, reason);
    });
  }

  // ---------- shared mechanics ----------

  /** Eligibility of the case's household as of `asOf`, with the causes the township recorded. */
  async eligibility(tx: EntityManager, c: IdentificationCase, asOf: string): Promise<EligibilityResult> {
    const knex = sqlOf(tx);
    const [household, members, policy] = await Promise.all([
      knex('household').where('id', c.household.id).first(),
      knex('person').where({ household_id: c.household.id }).whereNull('removed_at').orderBy('id'),
      loadPolicy(knex, asOf),
    ]);
    return assessEligibility(householdSnapshot(household, members, c.causes), policy);
  }

  private async noticePassed(ctx: CaseContext, tx: EntityManager, c: IdentificationCase, kind: NoticeKind, fail: Fail) {
    const notice = await tx.findOne(PublicNotice, { identificationCase: c, kind }, { orderBy: { id: 'desc' } });
    if (!notice) return fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'case'], { state: c.state });
    const today = countyToday(ctx.clock.now());
    const endsOn = calendarDay(notice.endsOn);
    if (today <= endsOn) fail(UserErrorCode.NOTICE_NOT_ENDED, ['input', 'case'], { endsOn });
    const open = await tx.count(NoticeObjection, { notice, status: ObjectionStatus.OPEN });
    if (open > 0) fail(UserErrorCode.OPEN_OBJECTION, ['input', 'case']);
  }

  /** Dates of a step: not in the future, not before the case's last transition. */
  private dateWithinCase(ctx: CaseContext, c: IdentificationCase, day: string, path: string[], fail: Fail) {
    if (day > countyToday(ctx.clock.now())) fail(UserErrorCode.DATE_IN_FUTURE, path);
    const floor = calendarDay(c.appliedOn);
    if (day < floor) fail(UserErrorCode.DATE_BEFORE_CASE_STEP, path, { date: floor });
  }

  private isTownshipOf(p: Principal, townshipId: string): boolean {
    return p.kind === 'TOWNSHIP' && p.townshipId === townshipId;
  }

  /** Changes the state and appends the transition row (the version it moved from, who, why). */
  private move(tx: EntityManager, ctx: CaseContext, c: IdentificationCase, to: CaseState, reason: string, detail?: Record<string, unknown>) {
    tx.create(CaseTransition, {
      identificationCase: c, fromState: c.state, toState: to, fromVersion: c.version, by: ctx.principal.actor, reason, detail: detail ?? null,
    });
    c.state = to;
    this.touch(ctx, c);
  }

  private touch(ctx: CaseContext, c: IdentificationCase) {
    c.updatedAt = new Date();
    c.updatedBy = ctx.principal.actor;
  }

  private text(ctx: CaseContext, value: string | null | undefined, path: string[], max: number): string {
    const v = value?.trim() ?? '';
    if (!v) throw new UserErrorsThrown([userError(ctx.lang, UserErrorCode.REQUIRED, path)]);
    if (textLength(v) > max) throw new UserErrorsThrown([userError(ctx.lang, UserErrorCode.STRING_TOO_LONG, path, { max })]);
    return v;
  }

  /** A step on an existing case: visible to the principal, in an allowed state, at the version read. */
  private step(
    ctx: CaseContext, input: { case: string; version: number }, from: CaseState[], action: string,
    work: (tx: EntityManager, c: IdentificationCase, fail: Fail) => Promise<void>,
  ): Promise<CaseResult> {
    return this.run(ctx, async (tx, fail) => {
      const id = keyOf(input.case, 'IdentificationCase');
      const c = id ? await tx.findOne(IdentificationCase, { id }) : null;
      if (!c || !this.mayAct(ctx.principal, c)) fail(UserErrorCode.NOT_FOUND, ['input', 'case']);
      if (c!.version !== input.version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: c!.version });
      if (!from.includes(c!.state)) fail(UserErrorCode.ILLEGAL_TRANSITION, ['input', 'case'], { state: c!.state });
      await work(tx, c!, fail);
      await tx.flush();
      await this.audit(tx, ctx, action, c!.id);
      return c!.id;
    });
  }

  /** County steps belong to civil affairs, township steps to the household's township. */
  private mayAct(p: Principal, c: IdentificationCase): boolean {
    return p.role === 'CIVIL_AFFAIRS' || this.isTownshipOf(p, c.township.id);
  }

  private async audit(tx: EntityManager, ctx: CaseContext, action: string, recordId: string, entity = 'IdentificationCase') {
    await writeAudit(tx, ctx, [{ action: `Mutation.${action}`, entity, recordId, outcome: 'SUCCESS' }]);
  }

  /** One transaction; a Stop (userErrors) rolls back everything. */
  private async run(ctx: CaseContext, work: (tx: EntityManager, fail: Fail) => Promise<string>): Promise<CaseResult> {
    const fail = failIn(ctx);
    try {
      const value = await ctx.em.fork().transactional((tx) => work(tx, fail));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof UserErrorsThrown) return { ok: false, userErrors: err.userErrors };
      if (err instanceof OptimisticLockError) return { ok: false, userErrors: [userError(ctx.lang, UserErrorCode.STALE_VERSION, ['input', 'version'], { current: '?' })] };
      if (err instanceof UniqueConstraintViolationException) return { ok: false, userErrors: [userError(ctx.lang, UserErrorCode.OPEN_CASE_EXISTS, ['input', 'household'])] };
      throw err;
    }
  }
}

