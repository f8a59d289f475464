/**
 * The county's Excel ledger in (issue 14 item 3): a dry run reports every problem by sheet, row,
 * column and code and writes nothing; a commit writes every household of the file or none (one
 * transaction, one audit row Mutation.importHouseholdLedger). Importing the same file again
 * changes nothing: a household whose members are already registered together, exactly these id
 * numbers, is left as it is ("unchanged"); one whose id numbers are registered elsewhere is a
 * problem.
 *
 * R7 direct recognition: with `recognise`, civil affairs confirms the households whose 困难类别
 * are extreme poverty, allowance or orphan (R3–R5: already approved in its own system) without
 * the two notices, recording the approval document (民政审批文号) and who imported it. Only civil
 * affairs may (ROUTE_OPERATIONS['ledger.recognise']); a township imports its own households to
 * file them, and its categories are not written.
 */
import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { ROUTE_OPERATIONS } from '../../access/matrix';
import { audited, runMutation } from '../../db/mutation';
import { publishEvent } from '../../events/publish';
import type { ServiceContext } from '../../shared/context';
import { countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import type { Row } from '../../shared/row';
import { newAssistanceCardNumber } from '../identification/identification.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { HardshipCause, HouseholdStatus, RelationToHead } from '../registry/registry.enums';
import { confirmIdentifiedHousehold, RegistryService, type CheckedRegistration, type MemberData } from '../registry/registry.service';
import { DirectRecognition } from './office.entity';
import { columnLetter, columnOf, DIRECT_CATEGORIES, LEDGER_COLUMNS } from './office.ledger-layout';
import { type LedgerHousehold, type LedgerProblem, readLedger } from './office.ledger-read';

export interface LedgerImportOptions {
  commit: boolean;
  recognise: boolean;
}

export interface LedgerImportReport {
  mode: 'DRY_RUN' | 'COMMIT';
  /** True only when a commit wrote (every household); a dry run and a refused commit write nothing. */
  written: boolean;
  rows: number;
  households: { total: number; new: number; unchanged: number; recognised: number };
  problems: LedgerProblem[];
}

const MEMBER_FIELD_COLUMNS: Record<string, string> = {
  name: 'name', idNumber: 'idNumber', relationToHead: 'relationToHead', disability: 'disabilityGrade', grade: 'disabilityGrade',
  illnessNote: 'illness', wages: 'incomeWages', business: 'incomeBusiness', property: 'incomeProperty', transfers: 'incomeTransfers', other: 'incomeOther',
};
const HOUSEHOLD_FIELD_COLUMNS: Record<string, string> = {
  address: 'address', contactPhone: 'contactPhone', housingArea: 'housingArea', deposits: 'deposits', securities: 'securities',
  vehicles: 'vehicles', otherProperties: 'otherProperties', township: 'townshipCode', community: 'communityCode',
};

type Planned =
  | { kind: 'NEW'; h: LedgerHousehold; checked: CheckedRegistration; recognise: string[] | null }
  | { kind: 'EXISTING'; h: LedgerHousehold; householdId: string; recognise: string[] | null };

export class LedgerService {
  constructor(private readonly registry = new RegistryService()) {}

  async importHouseholds(ctx: ServiceContext, file: Buffer, opts: LedgerImportOptions): Promise<LedgerImportReport> {
    const mode = opts.commit ? 'COMMIT' : 'DRY_RUN';
    const read = await readLedger(file);
    const report = (problems: LedgerProblem[], counts = { total: read.households.length, new: 0, unchanged: 0, recognised: 0 }, written = false): LedgerImportReport =>
      ({ mode, written, rows: read.rows, households: counts, problems });
    if (opts.recognise && !ROUTE_OPERATIONS['ledger.recognise']!.includes(ctx.principal.role)) {
      return report([{ sheet: null, row: null, column: null, header: null, code: 'RECOGNITION_CIVIL_AFFAIRS_ONLY' }]);
    }
    const problems = [...read.problems];
    if (read.households.length === 0) return report(problems);

    const em = ctx.em.fork();
    const knex = sqlOf(em);
    const today = countyToday(ctx.clock);
    const at = (h: LedgerHousehold, row: number, key: string, code: string, params?: Record<string, string | number>) => {
      const n = columnOf(key);
      const col = LEDGER_COLUMNS[n - 1]!;
      problems.push({ sheet: h.sheet, row, column: columnLetter(n), header: col.header, code, params });
    };

    // Places by code, in two statements for the whole file.
    const townshipCodes = [...new Set(read.households.map((h) => String(h.values.townshipCode ?? '')).filter(Boolean))];
    const communityCodes = [...new Set(read.households.map((h) => String(h.values.communityCode ?? '')).filter(Boolean))];
    const townships = new Map((await knex('township').whereIn('code', townshipCodes).select('id', 'code')).map((r: Row) => [r.code, String(r.id)]));
    const communities = new Map((await knex('community').whereIn('code', communityCodes).select('id', 'code', 'township_id')).map((r: Row) => [r.code, { id: String(r.id), townshipId: String(r.township_id) }]));

    // Who already holds the file's id numbers (one statement).
    const allIds = read.households.flatMap((h) => h.members.map((m) => String(m.values.idNumber ?? ''))).filter(Boolean);
    const holders = new Map<string, { householdId: string; status: string; townshipId: string }>();
    for (const r of await knex('person as p').join('household as h', 'h.id', 'p.household_id').whereIn('p.id_number', allIds).whereNull('p.removed_at')
      .select('p.id_number', 'p.household_id', 'h.status', 'h.township_id')) holders.set(r.id_number, { householdId: String(r.household_id), status: r.status, townshipId: String(r.township_id) });
    const existingMembers = new Map<string, Set<string>>();
    const existingIds = [...new Set([...holders.values()].map((v) => v.householdId))];
    if (existingIds.length) {
      for (const r of await knex('person').whereIn('household_id', existingIds).whereNull('removed_at').select('household_id', 'id_number')) {
        const set = existingMembers.get(String(r.household_id)) ?? new Set<string>();
        set.add(r.id_number);
        existingMembers.set(String(r.household_id), set);
      }
    }

    const seenIds = new Map<string, { sheet: string; row: number }>();
    const planned: Planned[] = [];
    for (const h of read.households) {
      const first = h.members[0]!.row;
      const before = problems.length;
      // Places.
      const tCode = h.values.townshipCode == null ? null : String(h.values.townshipCode);
      const cCode = h.values.communityCode == null ? null : String(h.values.communityCode);
      const townshipId = tCode ? townships.get(tCode) ?? null : null;
      if (!tCode) at(h, first, 'townshipCode', UserErrorCode.REQUIRED);
      else if (!townshipId) at(h, first, 'townshipCode', UserErrorCode.UNKNOWN_TOWNSHIP, { found: tCode });
      const community = cCode ? communities.get(cCode) ?? null : null;
      if (!cCode) at(h, first, 'communityCode', UserErrorCode.REQUIRED);
      else if (!community) at(h, first, 'communityCode', UserErrorCode.UNKNOWN_COMMUNITY, { found: cCode });
      else if (townshipId && community.townshipId !== townshipId) at(h, first, 'communityCode', UserErrorCode.COMMUNITY_NOT_IN_TOWNSHIP);
      if (townshipId && ctx.principal.kind === 'TOWNSHIP' && ctx.principal.townshipId !== townshipId) at(h, first, 'townshipCode', UserErrorCode.TOWNSHIP_NOT_YOURS);
      // The same person twice in the file.
      for (const m of h.members) {
        const id = String(m.values.idNumber ?? '');
        if (!id) continue;
        const prior = seenIds.get(id);
        if (prior) at(h, m.row, 'idNumber', UserErrorCode.ID_NUMBER_DUPLICATED_IN_INPUT, { sheet: prior.sheet, row: prior.row });
        else seenIds.set(id, { sheet: h.sheet, row: m.row });
      }
      // R7: what the ledger asks to recognise.
      const categories = (h.values.categories as string[] | null) ?? [];
      let recognise: string[] | null = null;
      if (opts.recognise && categories.length) {
        const notDirect = categories.filter((c) => !DIRECT_CATEGORIES.includes(c));
        if (notDirect.length) at(h, first, 'categories', 'RECOGNITION_CATEGORY_NOT_DIRECT', { found: notDirect.join(',') });
        if (!h.values.sourceDocument) at(h, first, 'sourceDocument', UserErrorCode.REQUIRED);
        recognise = categories;
      }
      // The registry's own checks, mapped back onto the sheet.
      const { problems: regProblems, checked } = this.registry.checkRegistration(this.registrationOf(h, townshipId, community?.id ?? null), today);
      for (const p of regProblems) this.place(h, p.path ?? [], p.code, p.params, at);
      if (problems.length > before || !checked) continue;
      // New, already here, or in the way of another household.
      const ids = h.members.map((m) => String(m.values.idNumber));
      const held = ids.map((id) => holders.get(id) ?? null);
      if (held.every((x) => x === null)) {
        planned.push({ kind: 'NEW', h, checked, recognise });
        continue;
      }
      const householdId = held[0]?.householdId;
      const same = householdId != null && held.every((x) => x?.householdId === householdId) && existingMembers.get(householdId)!.size === ids.length;
      if (!same || (ctx.principal.kind === 'TOWNSHIP' && held[0]!.townshipId !== ctx.principal.townshipId)) {
        h.members.forEach((m, i) => held[i] && at(h, m.row, 'idNumber', UserErrorCode.ID_NUMBER_ALREADY_REGISTERED));
        continue;
      }
      const status = held[0]!.status;
      planned.push({ kind: 'EXISTING', h, householdId: householdId!, recognise: recognise && status === HouseholdStatus.REGISTERED ? recognise : null });
    }

    const counts = {
      total: read.households.length,
      new: planned.filter((p) => p.kind === 'NEW').length,
      unchanged: planned.filter((p) => p.kind === 'EXISTING' && !p.recognise).length,
      recognised: planned.filter((p) => p.recognise).length,
    };
    if (problems.length || !opts.commit) return report(problems, counts);
    if (counts.new === 0 && counts.recognised === 0) return report(problems, counts, false);

    const sha = crypto.createHash('sha256').update(file).digest('hex');
    const result = await runMutation(ctx, 'importHouseholdLedger', async (tx) => {
      const news = planned.filter((p): p is Extract<Planned, { kind: 'NEW' }> => p.kind === 'NEW');
      const newIds = await this.registry.writeRegistrations(ctx, tx, news.map((p) => p.checked));
      const toRecognise: Array<{ householdId: string; p: Planned }> = [
        ...news.map((p, i) => ({ householdId: newIds[i]!, p })).filter((x) => x.p.recognise),
        ...planned.filter((p): p is Extract<Planned, { kind: 'EXISTING' }> => p.kind === 'EXISTING' && !!p.recognise).map((p) => ({ householdId: p.householdId, p })),
      ];
      // Each recognition flushes through the services it calls; with the whole file's entities in
      // the identity map every flush would compare them all (quadratic: 400 households took 75 s),
      // so the map is emptied before and after each one (the transaction stays open).
      tx.clear();
      for (const { householdId, p } of toRecognise) {
        await this.recognise(ctx, tx, householdId, p, today, sha);
        tx.clear();
      }
      return audited(null, 'Household', null, { households: news.length, recognised: toRecognise.length, fileSha256: sha });
    }, { onUniqueViolation: (c) => (c === 'person_id_number_current_uniq' ? { code: UserErrorCode.ID_NUMBER_ALREADY_REGISTERED, path: null } : undefined) });
    if (!result.ok) return report(result.problems.map((p) => ({ sheet: null, row: null, column: null, header: null, code: p.code, params: p.params })), counts);
    return report([], counts, true);
  }

  /** R7: confirmed on the list at once, with the categories civil affairs approved; the record names the document and the importer. */
  private async recognise(ctx: ServiceContext, tx: EntityManager, householdId: string, p: Planned, today: string, sha: string) {
    const causes = ((p.h.values.causes as string[] | null) ?? []).filter((c) => (Object.values(HardshipCause) as string[]).includes(c));
    const h = await confirmIdentifiedHousehold(tx, { actor: ctx.principal.actor, at: ctx.clock.now() }, householdId, {
      categories: p.recognise!, causes, primaryCause: (causes[0] as HardshipCause | undefined) ?? null, identifiedOn: today, newCardNumber: newAssistanceCardNumber,
    });
    // On the list from today (R19's episodes: the allowance run pays households whose episode says so).
    await new LifecycleService().openEntryEpisode(tx, { actor: ctx.principal.actor, at: ctx.clock.now() }, {
      householdId, caseId: null, startedOn: today, categories: h.categories, causes: h.causes, primaryCause: h.primaryCause ?? null,
    });
    tx.create(DirectRecognition, {
      household: householdId, categories: p.recognise!, sourceDocument: String(p.h.values.sourceDocument),
      recognisedOn: today, importedBy: ctx.principal.actor, importedAt: ctx.clock.now(), fileSha256: sha,
    });
    await tx.flush();
    publishEvent(tx, {
      type: 'HouseholdConfirmed', aggregateType: 'Household', aggregateId: householdId,
      payload: { household: householdId, case: null, directRecognition: true, categories: h.categories, causes: h.causes, primaryCause: h.primaryCause, identifiedOn: today, assistanceCardNumber: h.assistanceCardNumber },
      occurredAt: ctx.clock.now(),
    });
    // The event is an entity waiting for a flush: written now, before the caller empties the identity map.
    await tx.flush();
  }

  private registrationOf(h: LedgerHousehold, townshipId: string | null, communityId: string | null) {
    const v = h.values;
    const num = (x: unknown) => (x == null ? 0 : Number(x));
    return {
      townshipId, communityId,
      address: String(v.address ?? ''), contactPhone: String(v.contactPhone ?? ''), housingArea: num(v.housingArea),
      assets: { deposits: num(v.deposits), securities: num(v.securities), vehicles: num(v.vehicles), otherProperties: num(v.otherProperties) },
      members: h.members.map((m): MemberData => {
        const x = m.values;
        return {
          name: String(x.name ?? ''), idNumber: String(x.idNumber ?? ''), relationToHead: (x.relationToHead ?? RelationToHead.OTHER) as MemberData['relationToHead'],
          workCapacity: (x.workCapacity ?? 'NONE') as MemberData['workCapacity'], employmentStatus: (x.employmentStatus ?? 'NOT_IN_LABOUR_FORCE') as MemberData['employmentStatus'],
          disability: x.disabilityCategory ? { category: x.disabilityCategory as never, grade: num(x.disabilityGrade) } : null,
          illness: (x.illness ?? 'NONE') as MemberData['illness'], schoolingStage: (x.schoolingStage ?? 'NONE') as MemberData['schoolingStage'],
          monthlyIncome: { wages: num(x.incomeWages), business: num(x.incomeBusiness), property: num(x.incomeProperty), transfers: num(x.incomeTransfers), other: num(x.incomeOther) },
        };
      }),
    };
  }

  /** A registry problem's path → the sheet's row and column. */
  private place(h: LedgerHousehold, path: string[], code: string, params: Record<string, string | number> | undefined, at: (h: LedgerHousehold, row: number, key: string, code: string, params?: Record<string, string | number>) => void) {
    const first = h.members[0]!.row;
    if (path[1] === 'members') {
      if (path.length === 2) {
        if (code === UserErrorCode.MULTIPLE_HEADS) {
          h.members.filter((m) => m.values.relationToHead === RelationToHead.HEAD).slice(1).forEach((m) => at(h, m.row, 'relationToHead', code, params));
        } else at(h, first, 'relationToHead', code, params);
        return;
      }
      const m = h.members[Number(path[2])];
      const key = MEMBER_FIELD_COLUMNS[path.at(-1)!] ?? 'name';
      at(h, m?.row ?? first, key, code, params);
      return;
    }
    at(h, first, HOUSEHOLD_FIELD_COLUMNS[path.at(-1) ?? ''] ?? 'serial', code, params);
  }
}
