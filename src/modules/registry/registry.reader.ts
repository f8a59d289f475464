/**
 * Plain-row reads of the registry (hot paths: township lists, department rosters, dashboards).
 * Every query applies the principal's row scope from access/scope.ts; nothing here hydrates
 * entities.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { householdScope, personScope, seesHouseholds } from '../../access/scope';
import { REGISTRY_ROWS } from '../../access/matrix';
import { AuditSource, readAuditInsert } from '../../access/audit';
import { Principal } from '../../shared/principal';
import { textLength } from '../../shared/text';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { keysetPage, PageArgs, PageReadAudit, SortKey } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import { runPrepared } from '../../db/prepared';
import { HardshipCategory, HardshipCause, HouseholdOrderField, HouseholdStatus, OrderDirection } from './registry.enums';
import { DEPARTMENTS } from './registry.county-data';
import { LIMITS } from './registry.limits';
import {
  CommunityNode, communityFromRow, HouseholdNode, householdFromRow, PERSON_FIELDS, PersonNode, personFromRow, personFromValues, TownshipNode, townshipFromRow,
} from './registry.types';
import type { Row } from '../../shared/row';

const HOUSEHOLD_COLUMNS = [
  'h.id', 'h.version', 'h.created_at', 'h.created_by', 'h.updated_at', 'h.updated_by', 'h.township_id', 'h.community_id',
  'h.address', 'h.contact_phone', 'h.head_name', 'h.member_count', 'h.monthly_income_total', 'h.housing_area',
  'h.deposits_fen', 'h.securities_fen', 'h.vehicle_count', 'h.other_property_count', 'h.status', 'h.categories',
  'h.causes', 'h.primary_cause', 'h.identified_on', 'h.assistance_card_number',
];
/**
 * The same columns as one SQL fragment, quoted as knex quotes them. Issue 10: knex wrapped each of
 * the 24 identifiers again on every read (a twentieth of a `node(id:)` request's CPU went to
 * building its statement); a fixed fragment costs nothing to compile. The names are constants.
 */
const quoted = (columns: readonly string[]) => columns.map((c) => c.split('.').map((part) => `"${part}"`).join('.')).join(', ');
const HOUSEHOLD_SELECT = quoted(HOUSEHOLD_COLUMNS);
/**
 * Issue 10: a household read brings its township and community (reference rows, joined) and its
 * current members the principal may see (one json_agg per household, same scope as
 * membersByHouseholdIds), so a page with members is one statement instead of four; the loaders
 * are primed with them (registry.loaders.ts).
 */
/** The township and community of household h, which relatedColumns reads. */
const RELATED_JOINS = 'join township as rt on rt.id = h.township_id join community as rc on rc.id = h.community_id';
function relatedColumns(knex: Knex, principal: Principal, memberIds = false): Knex.Raw {
  const related = relatedColumnsSql(principal, memberIds);
  return knex.raw(related.sql, related.params as never[]);
}
function relatedColumnsSql(principal: Principal, memberIds: boolean): { sql: string; params: unknown[] } {
  const members = personScope(principal, 'mp', 'h');
  // `memberIds`: the same members' keys as text[] too, for a read that audits them in its own
  // statement (memberIdNumberAudit): an index read of a few rows, where taking them back out of
  // the JSON made PostgreSQL parse every member again (a third fewer pages a second, measured).
  const ids = memberIds ? `, (select array_agg(mp.id::text) from person mp where mp.household_id = h.id and ${members.sql}) as member_ids` : '';
  return {
    sql: `rt.code as rt_code, rt.name as rt_name, rc.code as rc_code, rc.name as rc_name, rc.kind as rc_kind,
    (select coalesce(json_agg(json_build_array(${MEMBER_JSON_COLUMNS}) order by mp.id), '[]') from person mp where mp.household_id = h.id and ${members.sql}) as members_json${ids}`,
    params: memberIds ? [...members.params, ...members.params] : [...members.params],
  };
}

/**
 * Households by key as the principal may see them, with relatedColumns: the text of the statement
 * householdsByIds and householdAuditingMemberIdNumbers run, written out rather than built by knex
 * (issue 10: building it cost about a twentieth of a `node(id:)` request's CPU). `key`: the
 * predicate on h.id, its one `?` last among the parameters.
 */
function householdsByKeySql(principal: Principal, key: string, keyValue: unknown, memberIds: boolean): { sql: string; params: unknown[] } {
  const scope = householdScope(principal);
  const related = relatedColumnsSql(principal, memberIds);
  return {
    sql: `select ${HOUSEHOLD_SELECT}, ${related.sql}
      from household as h ${RELATED_JOINS}
     where (${scope.sql}) and ${key}`,
    params: [...related.params, ...scope.params, keyValue],
  };
}

const withRelated = (qb: Knex.QueryBuilder) => qb.joinRaw(RELATED_JOINS);

const PERSON_COLUMNS = PERSON_FIELDS.map((c) => `p.${c}`);
const PERSON_SELECT = quoted(PERSON_COLUMNS);

/**
 * A member in members_json (relatedColumns): the values of PERSON_FIELDS in their order, not an
 * object of every column of person (half the bytes to send and parse: no keys repeated for every
 * member, no columns nobody maps); personFromValues maps the array as it comes.
 */
const MEMBER_JSON_COLUMNS = PERSON_FIELDS.map((c) => `mp.${c}`).join(', ');

const ts = (column: string): SortKey => ({
  column,
  cast: 'timestamptz',
  value: (r) => new Date(r[column.split('.')[1]] as string).toISOString(),
});
const HOUSEHOLD_SORT: Record<HouseholdOrderField, SortKey> = {
  CREATED_AT: ts('h.created_at'),
  UPDATED_AT: ts('h.updated_at'),
  // Pinyin order (collation "pinyin": ICU zh-u-co-pinyin on a server with ICU, code points on
  // PGlite), read from household_head_name_pinyin_idx (issue 14).
  HEAD_NAME: { column: 'h.head_name collate "pinyin"', cast: 'text', value: (r) => r.head_name as string },
};

/**
 * What a household list is narrowed to, by database keys. A key left out (undefined) does not
 * narrow; `null` is an id that names nothing of that type (the resolver decoded it), so the list
 * is empty: no error, filters never leak.
 */
export interface HouseholdRowFilter {
  townshipId?: string | null;
  communityId?: string | null;
  status?: HouseholdStatus | null;
  category?: HardshipCategory | null;
  cause?: HardshipCause | null;
  nameSearch?: string | null;
}
export interface HouseholdRowOrder { field: HouseholdOrderField; direction: OrderDirection }
/** What a person list is narrowed to (keys as in HouseholdRowFilter). */
export interface PersonRowFilter {
  townshipId?: string | null;
  householdId?: string | null;
  nameSearch?: string | null;
}

function prefixPattern(text: string): string {
  if (textLength(text) > LIMITS.nameSearch) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, `nameSearch is at most ${LIMITS.nameSearch} characters`);
  return text.trim().replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/** A county department of R21 by its code (reference data, the same for every caller). */
export function departmentByCode(code: string): { code: string; name: string; nameEn: string } | null {
  return DEPARTMENTS.find((d) => d.code === code) ?? null;
}

export class RegistryReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  private households(): Knex.QueryBuilder {
    const scope = householdScope(this.principal);
    return this.knex('household as h').whereRaw(scope.sql, scope.params as never[]);
  }

  private persons(): Knex.QueryBuilder {
    const scope = personScope(this.principal);
    return this.knex('person as p').join('household as h', 'h.id', 'p.household_id').whereRaw(scope.sql, scope.params as never[]);
  }

  private applyHouseholdFilter(qb: Knex.QueryBuilder, f: HouseholdRowFilter | null | undefined): boolean {
    if (!f) return true;
    const { townshipId: township, communityId: community } = f;
    if (township === null || community === null) return false;
    if (township) qb.where('h.township_id', township);
    if (community) qb.where('h.community_id', community);
    if (f.status) qb.where('h.status', f.status);
    if (f.category) qb.whereRaw('h.categories @> array[?]::text[]', [f.category]);
    if (f.cause) qb.whereRaw('h.causes @> array[?]::text[]', [f.cause]);
    if (f.nameSearch?.trim()) {
      // Index-backed prefix match (person_name_prefix_idx) on the names of the members the caller
      // may see (personScope): a filter may only use what the caller can read, or a department
      // could spell out hidden members' names prefix by prefix.
      const visible = personScope(this.principal, 'sp', 'sh');
      qb.whereIn('h.id', this.knex('person as sp').join('household as sh', 'sh.id', 'sp.household_id').select('sp.household_id')
        .whereRaw(visible.sql, visible.params as never[]).whereRaw('sp.name like ?', [prefixPattern(f.nameSearch)]));
    }
    return true;
  }

  /**
   * `countAlongside`: the caller will read totalCount, so the count runs on another connection
   * while the page is read (one round trip of latency instead of two).
   */
  async householdPage(filter: HouseholdRowFilter | null | undefined, order: HouseholdRowOrder | null | undefined, args: PageArgs, countAlongside = false, auditMemberIdNumbers?: AuditSource): Promise<Page<HouseholdNode>> {
    const sort = HOUSEHOLD_SORT[order?.field ?? HouseholdOrderField.CREATED_AT];
    const descending = (order?.direction ?? OrderDirection.DESC) === OrderDirection.DESC;
    const base = this.households();
    const matches = seesHouseholds(this.principal) && this.applyHouseholdFilter(base, filter);
    if (!matches) return emptyPage();
    const count = async () => (await this.tallyCount(filter)) ?? Number((await base.clone().count({ n: '*' }).first())?.n ?? 0);
    const early = countAlongside ? count() : null;
    // A failed page must not leave the early count's rejection unhandled.
    early?.catch(() => undefined);
    // `auditMemberIdNumbers`: the caller will show the members' id numbers unmasked; the page's
    // statement writes their audit row (outside a transaction only, as householdAuditingMemberIdNumbers).
    const audit: PageReadAudit | undefined = auditMemberIdNumbers && !(this.knex as { isTransaction?: boolean }).isTransaction
      ? { knex: this.knex, cte: (bound) => memberIdNumberAudit(this.knex, auditMemberIdNumbers, 'where r.page_position <= ?', [bound]) }
      : undefined;
    const page = await keysetPage<Row & { id: string }>(withRelated(base.clone()).select(this.knex.raw(HOUSEHOLD_SELECT), relatedColumns(this.knex, this.principal, !!audit)), sort, descending, args, 'h.id', audit);
    return {
      nodes: page.rows.map(householdWithRelated),
      cursors: page.cursors,
      pageInfo: page.pageInfo,
      totalCount: () => early ?? count(),
      auditedIds: page.auditedIds,
    };
  }

  /**
   * The exact number of households the principal sees under `filter`, read from the counters the
   * triggers on `household` keep (household_tally, household_label_tally: O(townships) whatever
   * the county's size), when the scope and the filter are what the counters count: township,
   * status, and at most one category or cause. Otherwise null: the caller counts the rows
   * (community, name search, two labels, or a department that sees only households with certain
   * members).
   */
  private async tallyCount(f: HouseholdRowFilter | null | undefined): Promise<number | null> {
    const rule = REGISTRY_ROWS[this.principal.role];
    if (rule.members !== 'ALL' && rule.members !== 'HEADS') return null;
    if (f?.communityId || f?.nameSearch?.trim() || (f?.category && f?.cause)) return null;
    let township = f?.townshipId ?? null;
    let status: string | null = f?.status ?? null;
    if (rule.base === 'OWN_TOWNSHIP') {
      if (this.principal.kind !== 'TOWNSHIP') return 0;
      if (township && township !== this.principal.townshipId) return 0;
      township = this.principal.townshipId;
    } else if (rule.base === 'IN_HARDSHIP') {
      if (status && status !== HouseholdStatus.IN_HARDSHIP) return 0;
      status = HouseholdStatus.IN_HARDSHIP;
    } else if (rule.base !== 'ALL') {
      return 0;
    }
    const label = f?.category ? ['CATEGORY', f.category] : f?.cause ? ['CAUSE', f.cause] : null;
    const rows = label
      ? await runPrepared<{ n: number }>(this.knex.raw(`select coalesce(sum(households), 0)::int as n from household_label_tally
          where (?::bigint is null or township_id = ?::bigint) and (?::text is null or status = ?) and kind = ? and label = ?`,
        [township, township, status, status, label[0], label[1]]))
      : await runPrepared<{ n: number }>(this.knex.raw(`select coalesce(sum(households), 0)::int as n from household_tally
          where (?::bigint is null or township_id = ?::bigint) and (?::text is null or status = ?)`, [township, township, status, status]));
    return Number(rows[0].n);
  }

  async personPage(filter: PersonRowFilter | null | undefined, args: PageArgs): Promise<Page<PersonNode>> {
    const base = this.persons();
    if (!seesHouseholds(this.principal)) return emptyPage();
    if (filter) {
      const { townshipId: township, householdId: household } = filter;
      if (township === null || household === null) return emptyPage();
      if (township) base.where('h.township_id', township);
      if (household) base.where('p.household_id', household);
      if (filter.nameSearch?.trim()) base.whereRaw('p.name like ?', [prefixPattern(filter.nameSearch)]);
    }
    const sort: SortKey = { column: 'p.id', cast: 'bigint', value: (r) => String(r.id) };
    const page = await keysetPage<{ id: string }>(base.clone().select(this.knex.raw(PERSON_SELECT)), sort, false, args, 'p.id');
    return {
      nodes: page.rows.map(personFromRow),
      cursors: page.cursors,
      pageInfo: page.pageInfo,
      totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
    };
  }

  /** Batch loads for DataLoaders: one statement whatever the number of keys. */
  async householdsByIds(ids: readonly string[]): Promise<HouseholdNode[]> {
    if (!seesHouseholds(this.principal)) return [];
    const read = householdsByKeySql(this.principal, 'h.id = any(?::bigint[])', ids, false);
    const rows = await runPrepared<Row>(this.knex.raw(read.sql, read.params as never[]));
    return rows.map(householdWithRelated);
  }

  /**
   * One household as householdsByIds reads it, writing in the same statement the audit row of its
   * visible members' id numbers, which the caller will show unmasked (`node(id:)` selecting
   * members { idNumber }; issue 10: one round trip, not the read and then the audit insert). Only
   * outside a transaction, so the row is committed when the statement is; else null: the caller
   * takes the ordinary path (the request's audit flush). `audited`: the person keys written.
   */
  async householdAuditingMemberIdNumbers(id: string, source: AuditSource): Promise<{ node: HouseholdNode | null; audited: string[] } | null> {
    if ((this.knex as { isTransaction?: boolean }).isTransaction) return null;
    if (!seesHouseholds(this.principal)) return { node: null, audited: [] };
    const read = householdsByKeySql(this.principal, 'h.id = ?::bigint', id, true);
    const audit = memberIdNumberAuditSql(source, '', []);
    const rows = await runPrepared<Row>(this.knex.raw(`with r as (${read.sql}), a as (${audit.sql}) select r.*, (select a.record_ids from a) as audited_ids from r`,
      [...read.params, ...audit.params] as never[]));
    const row = rows[0];
    return row ? { node: householdWithRelated(row), audited: (row.audited_ids as string[] | null) ?? [] } : { node: null, audited: [] };
  }

  async personsByIds(ids: readonly string[]): Promise<PersonNode[]> {
    if (!seesHouseholds(this.principal)) return [];
    const rows = await this.persons().select(this.knex.raw(PERSON_SELECT)).whereRaw('p.id = any(?::bigint[])', [ids as string[]]);
    return rows.map(personFromRow);
  }

  async membersByHouseholdIds(ids: readonly string[]): Promise<PersonNode[]> {
    if (!seesHouseholds(this.principal)) return [];
    const rows = await this.persons().select(this.knex.raw(PERSON_SELECT)).whereRaw('p.household_id = any(?::bigint[])', [ids as string[]]).orderBy('p.id');
    return rows.map(personFromRow);
  }

  /**
   * Every current member of households the principal may see (eligibility counts the whole
   * household, whichever members the principal's role lists).
   */
  async allMemberRows(householdIds: readonly string[]): Promise<Array<Row>> {
    if (!seesHouseholds(this.principal)) return [];
    const scope = householdScope(this.principal);
    return this.knex('person as p')
      .join('household as h', 'h.id', 'p.household_id')
      .whereRaw(scope.sql, scope.params as never[])
      .whereNull('p.removed_at')
      .whereRaw('p.household_id = any(?::bigint[])', [householdIds as string[]])
      .select(this.knex.raw(PERSON_SELECT))
      .orderBy('p.id');
  }

  async townshipsByIds(ids: readonly string[]): Promise<TownshipNode[]> {
    const rows = await this.knex('township').select('id', 'code', 'name').whereRaw('id = any(?::bigint[])', [ids as string[]]);
    return rows.map(townshipFromRow);
  }

  async communitiesByIds(ids: readonly string[]): Promise<CommunityNode[]> {
    const rows = await this.knex('community').select('id', 'township_id', 'code', 'name', 'kind').whereRaw('id = any(?::bigint[])', [ids as string[]]);
    return rows.map(communityFromRow);
  }

  /** The county's townships (nine: no paging needed, ordered by code). */
  async townships(): Promise<TownshipNode[]> {
    return (await this.knex('township').select('id', 'code', 'name').orderBy('code')).map(townshipFromRow);
  }

  async communities(townshipId: string | null): Promise<CommunityNode[]> {
    const qb = this.knex('community').select('id', 'township_id', 'code', 'name', 'kind').orderBy('code');
    if (townshipId) qb.where('township_id', townshipId);
    return (await qb).map(communityFromRow);
  }

  async communitiesByTownshipIds(ids: readonly string[]): Promise<CommunityNode[]> {
    const rows = await this.knex('community').select('id', 'township_id', 'code', 'name', 'kind').whereRaw('township_id = any(?::bigint[])', [ids as string[]]).orderBy('code');
    return rows.map(communityFromRow);
  }

  /**
   * Registry counts for the R22 dashboards, read from the counters the triggers on `household`
   * keep (household_tally, household_label_tally; migration Migration20261202050000_household_tally):
   * one statement over O(townships × statuses × labels) rows, whatever the number of households.
   * Aggregate readers (finance, leading group) count every household; townships their own.
   */
  async statistics(townshipId: string | null): Promise<{ byTownship: Array<Record<string, unknown>>; byCategory: Array<Record<string, unknown>>; byCause: Array<Record<string, unknown>> }> {
    const own = this.principal.kind === 'TOWNSHIP' ? this.principal.townshipId : null;
    const params = [own, own, townshipId, townshipId];
    const where = '(?::bigint is null or township_id = ?::bigint) and (?::bigint is null or township_id = ?::bigint)';
    const rows = await runPrepared<Record<string, unknown>>(this.knex.raw(
      `select 'TOWNSHIP' as grouping, township_id::text as key, status, households, persons
         from household_tally where households > 0 and ${where}
       union all
       select kind, label, null, sum(households), null from household_label_tally
        where status = 'IN_HARDSHIP' and ${where} group by kind, label having sum(households) > 0
       order by 1, 2, 3`,
      [...params, ...params] as never[],
    ));
    const of = (g: string) => rows.filter((r: Record<string, unknown>) => r.grouping === g);
    return {
      byTownship: of('TOWNSHIP').map((r: Record<string, unknown>) => ({ township_id: r.key, status: r.status, households: r.households, persons: r.persons })),
      byCategory: of('CATEGORY').map((r: Record<string, unknown>) => ({ category: r.key, households: r.households })),
      byCause: of('CAUSE').map((r: Record<string, unknown>) => ({ cause: r.key, households: r.households })),
    };
  }

  /**
   * lifecycle (issue 11): the same counts as they stood at the end of a past day — statuses,
   * categories and causes from the episodes on the list, persons from the record's history — in one
   * statement through the lifecycle's SQL function (migration Migration20261202070000_lifecycle_statistics).
   */
  async statisticsAsOf(townshipId: string | null, day: string): Promise<{ byTownship: Array<Record<string, unknown>>; byCategory: Array<Record<string, unknown>>; byCause: Array<Record<string, unknown>> }> {
    const own = this.principal.kind === 'TOWNSHIP' ? this.principal.townshipId : null;
    const township = own ?? townshipId;
    const rows: Array<Record<string, unknown>> = own && townshipId && townshipId !== own
      ? []
      : (await this.knex.raw('select * from lifecycle_statistics_as_of(?::date, ?::bigint)', [day, township] as never[])).rows;
    const of = (g: string) => rows.filter((r) => r.grp === g);
    return {
      byTownship: of('TOWNSHIP').map((r) => ({ township_id: r.key, status: r.status, households: r.households, persons: r.persons })),
      byCategory: of('CATEGORY').map((r) => ({ category: r.key, households: r.households })),
      byCause: of('CAUSE').map((r) => ({ cause: r.key, households: r.households })),
    };
  }
}

/** A household row read with relatedColumns: the node, its township, community and visible members. */
/** The audit row of the visible members' id numbers of the households `r` of a read (`where`: which of them; `r.member_ids`: relatedColumns). */
function memberIdNumberAudit(knex: Knex, source: AuditSource, where: string, params: unknown[]): Knex.Raw {
  const a = memberIdNumberAuditSql(source, where, params);
  return knex.raw(a.sql, a.params as never[]);
}
function memberIdNumberAuditSql(source: AuditSource, where: string, params: unknown[]): { sql: string; params: unknown[] } {
  return readAuditInsert(source, 'READ_UNMASKED_ID_NUMBER', 'Person', `select array_agg(m) from r, unnest(r.member_ids) m ${where}`, params);
}

function householdWithRelated(r: Row): HouseholdNode {
  const node = householdFromRow(r);
  node.related = {
    township: townshipFromRow({ id: r.township_id, code: r.rt_code, name: r.rt_name }),
    community: communityFromRow({ id: r.community_id, township_id: r.township_id, code: r.rc_code, name: r.rc_name, kind: r.rc_kind }),
    members: (typeof r.members_json === 'string' ? JSON.parse(r.members_json) : r.members_json as unknown[][]).map(personFromValues),
  };
  return node;
}

function emptyPage<T>(): Page<T> {
  return {
    nodes: [],
    cursors: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: async () => 0,
  };
}
