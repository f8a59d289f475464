/** Plain-row reads of cases and notices, scoped by access/scope.ts (caseScope). */
import type { Knex } from '@mikro-orm/postgresql';
import { Principal } from '../../shared/principal';
import { caseScope } from '../../access/scope';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import { CaseState } from './identification.enums';
import {
  caseFromRow, CaseNoticeNode, CaseTransitionNode, dayOf, IdentificationCaseNode, InvestigationRecordNode,
  NoticeObjectionNode, objectionFromRow, publicNoticeFromRow,
} from './identification.types';
import type { Row } from '../../shared/row';


/**
 * Filters of a case list, by database key. A key left out (undefined) does not filter; a key
 * `null` was given but names nothing of its type, so no case matches.
 */
export interface CaseListFilter {
  state?: CaseState | null;
  noticeEnteredLate?: boolean | null;
  householdId?: string | null;
  townshipId?: string | null;
}

export class CaseReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  private cases(): Knex.QueryBuilder {
    const s = caseScope(this.principal);
    return this.knex('identification_case as c').whereRaw(s.sql, s.params as never[]);
  }

  async casePage(filter: CaseListFilter, args: PageArgs): Promise<Page<IdentificationCaseNode>> {
    const base = this.cases();
    if (filter.state) base.where('c.state', filter.state);
    if (filter.noticeEnteredLate != null) base.where('c.notice_entered_late', filter.noticeEnteredLate);
    for (const [key, column] of [[filter.householdId, 'c.household_id'], [filter.townshipId, 'c.township_id']] as const) {
      if (key === null) base.whereRaw('false');
      else if (key !== undefined) base.where(column, key);
    }
    const page = await keysetPage<{ id: string }>(base.clone().select('c.*'), { column: 'c.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'c.id');
    return {
      nodes: page.rows.map(caseFromRow), cursors: page.cursors, pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  async casesByIds(ids: readonly string[]): Promise<IdentificationCaseNode[]> {
    return (await this.cases().select('c.*').whereRaw('c.id = any(?::bigint[])', [ids as string[]])).map(caseFromRow);
  }

  async casesByHouseholds(ids: readonly string[]): Promise<IdentificationCaseNode[]> {
    return (await this.cases().select('c.*').whereRaw('c.household_id = any(?::bigint[])', [ids as string[]]).orderBy('c.id', 'desc')).map(caseFromRow);
  }

  async transitions(caseIds: readonly string[]): Promise<Array<CaseTransitionNode & { caseId: string }>> {
    const rows = await this.cases().join('case_transition as t', 't.identification_case_id', 'c.id').select('t.*').whereRaw('c.id = any(?::bigint[])', [caseIds as string[]]).orderBy('t.id');
    return rows.map((r: Row) => ({ caseId: String(r.identification_case_id), fromState: r.from_state, toState: r.to_state, fromVersion: r.from_version, at: new Date(r.at), by: r.by, reason: r.reason }));
  }

  async investigations(caseIds: readonly string[]): Promise<Array<InvestigationRecordNode & { caseId: string }>> {
    const rows = await this.cases().join('investigation_record as i', 'i.identification_case_id', 'c.id').select('i.*').whereRaw('c.id = any(?::bigint[])', [caseIds as string[]]).orderBy('i.id');
    return rows.map((r: Row) => ({
      caseId: String(r.identification_case_id), method: r.method, conductedOn: dayOf(r.conducted_on), findings: r.findings,
      participants: r.participants ?? [], conclusion: r.conclusion ?? null, authorisationSigned: r.authorisation_signed ?? null, recordedBy: r.recorded_by,
    }));
  }

  async notices(caseIds: readonly string[]): Promise<Array<CaseNoticeNode & { caseId: string }>> {
    const rows = await this.cases().join('public_notice as n', 'n.identification_case_id', 'c.id').select('n.*').whereRaw('c.id = any(?::bigint[])', [caseIds as string[]]).orderBy('n.id');
    return rows.map((r: Row) => {
      const published = publicNoticeFromRow(r);
      return Object.assign(new CaseNoticeNode(), {
        caseId: String(r.identification_case_id), dbId: String(r.id), id: published.id, kind: r.kind, published, printPath: `/notices/${published.id}`,
        enteredLate: r.entered_late === true, lateEntryEvidence: r.late_entry_evidence ?? null,
      });
    });
  }

  async objections(noticeIds: readonly string[]): Promise<Array<NoticeObjectionNode & { noticeId: string }>> {
    const rows = await this.cases()
      .join('public_notice as n', 'n.identification_case_id', 'c.id')
      .join('notice_objection as o', 'o.notice_id', 'n.id')
      .select('o.*')
      .whereRaw('n.id = any(?::bigint[])', [noticeIds as string[]])
      .orderBy('o.id');
    return rows.map((r: Row) => Object.assign(objectionFromRow(r), { noticeId: String(r.notice_id) }));
  }

  async objectionsByIds(ids: readonly string[]): Promise<NoticeObjectionNode[]> {
    const rows = await this.cases().join('public_notice as n', 'n.identification_case_id', 'c.id').join('notice_objection as o', 'o.notice_id', 'n.id')
      .select('o.*').whereRaw('o.id = any(?::bigint[])', [ids as string[]]);
    return rows.map(objectionFromRow);
  }

  /** Public: the notices of a township on the board today. */
  async currentNotices(townshipId: string, today: string) {
    const rows = await this.knex('public_notice').select('id', 'kind', 'place', 'posted_on', 'ends_on', 'content')
      .where('township_id', townshipId).where('posted_on', '<=', today).where('ends_on', '>=', today).orderBy([{ column: 'posted_on', order: 'desc' }, { column: 'id', order: 'desc' }]);
    return rows.map(publicNoticeFromRow);
  }

  /** One notice for display: anyone while it is on the board; the case's staff at any time. */
  async noticeForDisplay(id: string, today: string): Promise<Row | null> {
    const row = await this.knex('public_notice as n').join('township as t', 't.id', 'n.township_id')
      .select('n.id', 'n.kind', 'n.place', 'n.posted_on', 'n.ends_on', 'n.content', 'n.township_id', 'n.identification_case_id', 't.name as township_name')
      .where('n.id', id).first();
    if (!row) return null;
    const current = dayOf(row.posted_on) <= today && today <= dayOf(row.ends_on);
    if (current) return row;
    const visible = await this.cases().where('c.id', row.identification_case_id).first();
    return visible ? row : null;
  }
}
