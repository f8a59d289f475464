/**
 * The identification module's per-request loaders, built from its reader (rows the principal may
 * see; never shared across requests), and its node types for `node(id:)`.
 */
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import { countyToday } from '../../shared/county-calendar';
import { CaseReader } from './identification.reader';
import { IdentificationCaseNode, publicNoticeFromRow } from './identification.types';

export function createIdentificationLoaders(caseReader: CaseReader) {
  return {
    caseReader,
    identificationCase: byId<IdentificationCaseNode>((ids) => caseReader.casesByIds(ids)),
    casesOfHousehold: grouped<IdentificationCaseNode>((ids) => caseReader.casesByHouseholds(ids), (c) => c.householdId),
    caseTransitions: grouped((ids) => caseReader.transitions(ids), (t) => t.caseId),
    caseInvestigations: grouped((ids) => caseReader.investigations(ids), (i) => i.caseId),
    caseNotices: grouped((ids) => caseReader.notices(ids), (n) => n.caseId),
    noticeObjections: grouped((ids) => caseReader.objections(ids), (o) => o.noticeId),
  };
}

registerNode('IdentificationCase', (ctx, key) => ctx.loaders.identificationCase.load(key));
registerNode('NoticeObjection', async (ctx, key) => (await ctx.loaders.caseReader.objectionsByIds([key]))[0] ?? null);
// The published content (exactly R10's fields): anyone while on the board, the case's staff at any time.
registerNode('PublicNotice', async (ctx, key) => {
  const row = await ctx.loaders.caseReader.noticeForDisplay(key, countyToday(ctx.clock));
  return row ? publicNoticeFromRow(row) : null;
});
