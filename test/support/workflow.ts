import type { Express } from 'express';
import { addCalendarDays, countyToday } from '../../src/shared/county-calendar';
import { gql, TestClock } from './app';

/**
 * Runs a household through the whole identification workflow (R8–R10) with the real mutations,
 * advancing the test clock past both notices. Returns the confirmed case.
 */
export async function confirmThroughWorkflow(
  app: Express, clock: TestClock, township: string, civil: string, householdId: string, causes: string[] = [],
  // lifecycle (issue 11): what happens while the case is open, e.g. a re-entering household's profile brought up to date.
  opts: { afterSubmit?: () => Promise<void> } = {},
) {
  const today = () => countyToday(clock);
  const plus = (n: number) => addCalendarDays(today(), n);
  let c: { id: string; version: number; state: string };
  const step = async (name: string, type: string, input: Record<string, unknown>, token = township) => {
    const r = await gql(app, `mutation($i: ${type}!) { ${name}(input: $i) { case { id version state } userErrors { code message } } }`, { i: input }, { token });
    const payload = r.data?.[name];
    if (!payload?.case) throw new Error(`${name}: ${JSON.stringify(r.body)}`);
    c = payload.case;
  };
  await step('submitApplication', 'SubmitApplicationInput', { household: householdId, appliedOn: today(), reason: '生活困难' });
  await opts.afterSubmit?.();
  await step('startInvestigation', 'CaseStepInput', { case: c!.id, version: c!.version });
  for (const m of [
    { method: 'HOME_VISIT' }, { method: 'NEIGHBOUR_INTERVIEWS' }, { method: 'EVIDENCE_LETTERS' },
    { method: 'ECONOMIC_CROSS_CHECK', authorisationSigned: true },
    { method: 'DEMOCRATIC_APPRAISAL', participants: ['居民代表'], conclusion: '评议通过' },
  ]) await step('recordInvestigation', 'RecordInvestigationInput', { case: c!.id, version: c!.version, conductedOn: today(), findings: '情况属实', ...m });
  await step('recordReviewOpinion', 'RecordReviewOpinionInput', { case: c!.id, version: c!.version, recommendation: 'APPROVE', opinion: '同意', causes, primaryCause: causes[0] ?? null });
  await step('postPublicNotice', 'PostPublicNoticeInput', { case: c!.id, version: c!.version, kind: 'FIRST', place: '公示栏', postedOn: today(), endsOn: plus(4), complaintContact: '0598-0000000' });
  clock.advanceDays(5);
  await step('forwardToCounty', 'CaseStepInput', { case: c!.id, version: c!.version });
  await step('approveApplication', 'CaseDecisionInput', { case: c!.id, version: c!.version, reason: '同意' }, civil);
  await step('postPublicNotice', 'PostPublicNoticeInput', { case: c!.id, version: c!.version, kind: 'SECOND', place: '公示栏', postedOn: today(), endsOn: plus(4) });
  clock.advanceDays(5);
  await step('confirmHousehold', 'CaseStepInput', { case: c!.id, version: c!.version });
  return c!;
}
