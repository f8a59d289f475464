/**
 * Plain-row reads of the donors module (issue 12), each under the caller's rows in SQL:
 * DONATION_ROWS for pledges and matches, OTHER_ROWS for platforms, keys, donors and runs,
 * REGISTRY_ROWS (householdScope) for the assistance chain. Charity platforms and partners see a
 * need only as a DonationNeed: under their own pseudonym, the area coarsened to the township when
 * the community has fewer than k eligible households, and nothing else of the household.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { runPrepared } from '../../db/prepared';
import { DONATION_ROWS, mayReadRows } from '../../access/matrix';
import { householdScope, SqlFragment } from '../../access/scope';
import { keysetPage, Page, PageArgs } from '../../db/keyset';
import { loadPolicy } from '../../policy/policy.reader';
import type { ParameterKey } from '../../policy/parameter-definitions';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { calendarDay, countyDayOf } from '../../shared/county-calendar';
import { Principal } from '../../shared/principal';
import type { Row } from '../../shared/row';
import { NeedKind, NeedUrgency } from '../pairing/pairing.enums';
import { AreaLevel, AssistanceSource, MatchStatus, RankingFactorKind } from './donors.enums';
import { Pseudonyms, pseudonymKey } from './donors.pseudonym';
import {
  AllocationRunNode, AssistanceChain, AssistanceTotal, CharityPlatformApiKeyNode, CharityPlatformNode, DonationArea, DonationMatchNode, DonationNeedNode,
  DonationUnitValueView, DonorNode, donorFromRow, matchFromRow, PledgeNode, pledgeFromRow, PledgeTrace, platformFromRow, platformKeyFromRow, RankedNeed,
  RankedPledge, RankingFactor, runFromRow,
} from './donors.types';

const NOTHING: SqlFragment = { sql: 'false', params: [] };
const EVERYTHING: SqlFragment = { sql: 'true', params: [] };
/** Matches that hold (or held) part of a pledge: proposals and allocations not undone. */
export const LIVE_MATCH_STATES = [MatchStatus.PROPOSED, MatchStatus.ALLOCATED, MatchStatus.DISPATCHED, MatchStatus.RECEIVED, MatchStatus.NOT_RECEIVED, MatchStatus.RECEIVED_WITH_PROBLEMS];
const FULFILMENT_STATES = [MatchStatus.ALLOCATED, MatchStatus.DISPATCHED, MatchStatus.RECEIVED, MatchStatus.NOT_RECEIVED, MatchStatus.RECEIVED_WITH_PROBLEMS];

/** The household's vulnerability from its categories (R3–R6) and causes (R11): 0–13. */
export const VULNERABILITY_SQL = `((case when 'EXTREME_POVERTY' = any(h.categories) then 3 else 0 end) + (case when 'ORPHAN' = any(h.categories) then 3 else 0 end)
  + (case when 'MINIMUM_LIVING_ALLOWANCE' = any(h.categories) then 2 else 0 end) + (case when 'EXPENDITURE_LOW_INCOME' = any(h.categories) then 1 else 0 end)
  + coalesce(cardinality(h.causes), 0))`;
export const URGENCY_SQL = `(case n.urgency when 'HIGH' then 3 when 'MEDIUM' then 2 else 1 end)`;

/**
 * pledgeCandidates in one statement (issue 10): the pledge (alias p, under `pledgeSeen`), its
 * candidates from the ranking's projection donation_candidate (alias c, under `needSeen`) — kind,
 * area, still lacking at least one unit's value, not already matched with this pledge — ranked in
 * SQL by the score's own formula (urgency 40/25/10, vulnerability 25 × min(v, 10) / 10, days
 * waiting 15 × min(days, 180) / 180, share still uncovered 10 × (1 − allocated / uncovered); the
 * same double-precision arithmetic, in the same order, as the points answered), the page's
 * township and community names, and whether the community has at least k households in hardship
 * (k-anonymity for platforms and partners: at most k read per community, never counted whole; k = 0
 * for staff reads none). Every row also carries k and the pseudonyms' period in force on the day
 * (area_min_households, pseudonym_days), so the caller can tell whether the k it passed was the one
 * in force (DonorsReader.pledgeCandidates). k stays a parameter: as a value read inside the
 * statement, the limit is unknown when planning and PostgreSQL scanned every household of each
 * community shown (17 ms instead of 7 at 100,000 households, measured). No row: the caller may not
 * see the pledge; one row with a null id: it has no candidate. Placeholders in order: today, today,
 * k, k, today, needSeen's, live match states, today, first, the pledge's key, pledgeSeen's.
 * `npm run bench:compare` serves the same text to PostGraphile and the floor.
 */
export function pledgeRankingSql(pledgeSeen: string, needSeen: string): string {
  const inForce = (key: ParameterKey) =>
    `(select value::int from policy_parameter where key = '${key}' and effective_from <= ?::date order by effective_from desc limit 1)`;
  return `with policy as (select ${inForce('DONATION_AREA_MIN_HOUSEHOLDS')} as area_min_households, ${inForce('DONATION_PSEUDONYM_DAYS')} as pseudonym_days)
select p.area_level, policy.area_min_households, policy.pseudonym_days, r.*, n.urgency, n.description, t.name as township_name, cm.name as community_name,
       (select count(*) from (select 1 from household h where h.community_id = r.community_id and h.status = 'IN_HARDSHIP' limit ?) x) >= ? as community_shown
  from policy
  cross join pledge p
  left join lateral (
    select c.need_id as id, c.kind, c.township_id, c.community_id, c.uncovered_amount, c.allocated, c.created_at, c.vulnerability as v,
           (case c.urgency_points when 40 then 3 when 25 then 2 else 1 end) as u, greatest(0, ?::date - c.published_on) as days
      from donation_candidate c
     where c.kind = any(p.need_kinds) and ${needSeen}
       and (p.area_level = 'COUNTY' or (p.area_level = 'TOWNSHIP' and c.township_id = p.township_id) or (p.area_level = 'COMMUNITY' and c.community_id = p.community_id))
       and c.uncovered_amount - c.allocated >= p.unit_value
       and c.need_id <> all(array(select m.need_id from donation_match m where m.pledge_id = p.id and m.status = any(?::text[])))
     order by c.urgency_points + (25 * least(c.vulnerability, 10))::float8 / 10 + (15 * least(greatest(0, ?::date - c.published_on), 180))::float8 / 180
              + 10 * (1 - c.allocated::float8 / greatest(c.uncovered_amount, 1)) desc, c.created_at, c.need_id
     limit ?) r on true
  left join need n on n.id = r.id left join township t on t.id = r.township_id left join community cm on cm.id = r.community_id
 where p.id = ? and ${pledgeSeen}`;
}

/** Pledges (alias p) the principal may see, by DONATION_ROWS. */
export function pledgeScope(p: Principal): SqlFragment {
  switch (DONATION_ROWS[p.role]) {
    case 'ALL': return EVERYTHING;
    case 'OWN':
      if (p.kind === 'CHARITY_PLATFORM') return { sql: 'p.platform_id = ?', params: [p.platformId] };
      if (p.kind === 'PARTNER') return { sql: 'p.partner_id = ?', params: [p.partnerId] };
      return NOTHING;
    case 'AREA':
      return p.kind === 'TOWNSHIP' ? { sql: `p.status = 'APPROVED' and (p.area_level = 'COUNTY' or p.township_id = ?)`, params: [p.townshipId] } : NOTHING;
    default: return NOTHING;
  }
}

/** Matches (alias m) the principal may see, by DONATION_ROWS. */
export function matchScope(p: Principal): SqlFragment {
  switch (DONATION_ROWS[p.role]) {
    case 'ALL': return EVERYTHING;
    case 'OWN':
      if (p.kind === 'CHARITY_PLATFORM') return { sql: 'exists (select 1 from pledge sp where sp.id = m.pledge_id and sp.platform_id = ?)', params: [p.platformId] };
      if (p.kind === 'PARTNER') return { sql: 'exists (select 1 from pledge sp where sp.id = m.pledge_id and sp.partner_id = ?)', params: [p.partnerId] };
      return NOTHING;
    case 'AREA': return p.kind === 'TOWNSHIP' ? { sql: 'm.township_id = ?', params: [p.townshipId] } : NOTHING;
    default: return NOTHING;
  }
}

/** The viewer a pseudonym is made for: a platform or a partner; staff use real ids. */
export function pseudonymViewer(p: Principal): string | null {
  if (p.kind === 'CHARITY_PLATFORM') return `platform:${p.platformId}`;
  if (p.kind === 'PARTNER') return `partner:${p.partnerId}`;
  return null;
}

const PLEDGE_SELECT = `p.*, t.name as township_name, c.name as community_name,
  coalesce((select sum(a.quantity) from donation_allocation a where a.pledge_id = p.id), 0) as allocated_quantity,
  coalesce(d.display_name || '（' || cp.name || '）', po.name, '') as pledger_name`;

/**
 * The k-anonymity threshold last seen in force, by county day: only the ranking's first guess
 * (pledgeCandidates checks it against the policy in force in the same statement). A few days kept.
 */
const AREA_MIN_HOUSEHOLDS_SEEN = new Map<string, number>();
function rememberAreaMinHouseholds(day: string, k: number): void {
  AREA_MIN_HOUSEHOLDS_SEEN.delete(day);
  AREA_MIN_HOUSEHOLDS_SEEN.set(day, k);
  if (AREA_MIN_HOUSEHOLDS_SEEN.size > 8) AREA_MIN_HOUSEHOLDS_SEEN.delete(AREA_MIN_HOUSEHOLDS_SEEN.keys().next().value as string);
}

export class DonorsReader {
  private pseudonymCache = new Map<string, Promise<Pseudonyms | null>>();
  private policyCache = new Map<string, ReturnType<typeof loadPolicy>>();

  /** The policy in force on a day, read once per request. */
  private policyOn(day: string): ReturnType<typeof loadPolicy> {
    let p = this.policyCache.get(day);
    if (!p) this.policyCache.set(day, (p = loadPolicy(this.knex, day)));
    return p;
  }

  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** Whether the caller reads needs anonymised (platforms and partners). */
  get anonymised(): boolean {
    return pseudonymViewer(this.principal) !== null;
  }

  /** The caller's pseudonyms for `today` (null for staff). */
  pseudonyms(today: string): Promise<Pseudonyms | null> {
    return this.pseudonymsOf(today, null);
  }

  /** As pseudonyms(), with the period's length when the caller has read it already (pledgeCandidates). */
  private pseudonymsOf(today: string, days: number | null): Promise<Pseudonyms | null> {
    const viewer = pseudonymViewer(this.principal);
    if (!viewer) return Promise.resolve(null);
    let p = this.pseudonymCache.get(today);
    if (!p) {
      p = (async () => new Pseudonyms(await pseudonymKey(this.knex), viewer, today, days ?? (await this.policyOn(today)).values.DONATION_PSEUDONYM_DAYS))();
      this.pseudonymCache.set(today, p);
    }
    return p;
  }

  // ---- platforms, keys, donors ----
  async platforms(): Promise<CharityPlatformNode[]> {
    if (!mayReadRows(this.principal.role, 'CharityPlatform')) return [];
    return (await this.knex('charity_platform').select('*').orderBy('code')).map(platformFromRow);
  }

  async platformsByIds(ids: readonly string[]): Promise<CharityPlatformNode[]> {
    const own = this.principal.kind === 'CHARITY_PLATFORM' ? this.principal.platformId : null;
    const visible = ids.filter((id) => mayReadRows(this.principal.role, 'CharityPlatform') || id === own);
    if (visible.length === 0) return [];
    return (await this.knex('charity_platform').select('*').whereRaw('id = any(?::bigint[])', [visible])).map(platformFromRow);
  }

  async platformKeysByIds(ids: readonly string[]): Promise<CharityPlatformApiKeyNode[]> {
    if (!mayReadRows(this.principal.role, 'CharityPlatformApiKey')) return [];
    return (await this.knex('charity_platform_api_key').select('*').whereRaw('id = any(?::bigint[])', [ids as string[]])).map(platformKeyFromRow);
  }

  async platformKeysOf(platformIds: readonly string[]): Promise<CharityPlatformApiKeyNode[]> {
    if (!mayReadRows(this.principal.role, 'CharityPlatformApiKey')) return [];
    return (await this.knex('charity_platform_api_key').select('*').whereRaw('platform_id = any(?::bigint[])', [platformIds as string[]]).orderBy('id')).map(platformKeyFromRow);
  }

  private donorScope(): SqlFragment {
    if (mayReadRows(this.principal.role, 'Donor')) return EVERYTHING;
    if (this.principal.kind === 'CHARITY_PLATFORM') return { sql: 'd.platform_id = ?', params: [this.principal.platformId] };
    return NOTHING;
  }

  async donorPage(args: PageArgs): Promise<Page<DonorNode>> {
    const s = this.donorScope();
    const base = this.knex('donor as d').whereRaw(s.sql, s.params as never[]);
    const page = await keysetPage<{ id: string }>(base.clone().select('d.*'), { column: 'd.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'd.id');
    return { nodes: page.rows.map(donorFromRow), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  async donorsByIds(ids: readonly string[]): Promise<DonorNode[]> {
    const s = this.donorScope();
    return (await this.knex('donor as d').whereRaw(s.sql, s.params as never[]).whereRaw('d.id = any(?::bigint[])', [ids as string[]]).select('d.*')).map(donorFromRow);
  }

  // ---- pledges ----
  private pledgeBase(s: SqlFragment) {
    return this.knex('pledge as p')
      .leftJoin('township as t', 't.id', 'p.township_id').leftJoin('community as c', 'c.id', 'p.community_id')
      .leftJoin('donor as d', 'd.id', 'p.donor_id').leftJoin('charity_platform as cp', 'cp.id', 'p.platform_id').leftJoin('partner_organisation as po', 'po.id', 'p.partner_id')
      .whereRaw(s.sql, s.params as never[]);
  }

  private pledgeOf(r: Row): PledgeNode {
    const area: DonationArea = { level: r.area_level, township: r.township_name ?? null, community: r.community_name ?? null };
    return pledgeFromRow(r, area);
  }

  async pledgePage(filter: { status?: string | null } | null | undefined, args: PageArgs): Promise<Page<PledgeNode>> {
    const s = pledgeScope(this.principal);
    const base = this.pledgeBase(s);
    if (filter?.status) base.where('p.status', filter.status);
    const page = await keysetPage<{ id: string }>(base.clone().select(this.knex.raw(PLEDGE_SELECT)), { column: 'p.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'p.id');
    return { nodes: page.rows.map((r) => this.pledgeOf(r)), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  async pledgesByIds(ids: readonly string[]): Promise<PledgeNode[]> {
    const s = pledgeScope(this.principal);
    return (await this.pledgeBase(s).whereRaw('p.id = any(?::bigint[])', [ids as string[]]).select(this.knex.raw(PLEDGE_SELECT))).map((r: Row) => this.pledgeOf(r));
  }

  // ---- areas as platforms may see them ----
  /**
   * Whether each community has at least k eligible (in hardship) households, for k-anonymity: one
   * statement that reads at most k households per community (index on community), never counts
   * all of them.
   */
  private async communitiesWithAtLeast(communityIds: string[], k: number): Promise<Set<string>> {
    if (communityIds.length === 0) return new Set();
    const { rows } = await this.knex.raw(
      `select c.id, (select count(*) from (select 1 from household h where h.community_id = c.id and h.status = 'IN_HARDSHIP' limit ?) x) as n
         from unnest(?::bigint[]) as c(id)`, [k, [...new Set(communityIds)]]);
    return new Set(rows.filter((r: Row) => Number(r.n) >= k).map((r: Row) => String(r.id)));
  }

  /**
   * Areas of need rows (township_name, community_name, community_id): the community for staff;
   * for platforms and partners the community only when it has at least k eligible households.
   */
  async areasOf(rows: Row[], today: string): Promise<DonationArea[]> {
    if (!this.anonymised) return rows.map((r) => ({ level: AreaLevel.COMMUNITY, township: r.township_name, community: r.community_name }));
    const k = (await this.policyOn(today)).values.DONATION_AREA_MIN_HOUSEHOLDS;
    const shown = await this.communitiesWithAtLeast(rows.map((r) => String(r.community_id)), k);
    return rows.map((r) => (shown.has(String(r.community_id))
      ? { level: AreaLevel.COMMUNITY, township: r.township_name, community: r.community_name }
      : { level: AreaLevel.TOWNSHIP, township: r.township_name, community: null }));
  }

  private async donationNeedsOf(rows: Row[], today: string): Promise<DonationNeedNode[]> {
    const names = await this.pseudonyms(today);
    if (!names) return [];
    const areas = await this.areasOf(rows, today);
    return rows.map((r, i) => this.donationNeedOf(r, names, areas[i]));
  }

  /** A need row as a platform or partner sees it: under its pseudonym, in the area given. */
  private donationNeedOf(r: Row, names: Pseudonyms, area: DonationArea): DonationNeedNode {
    return Object.assign(new DonationNeedNode(), {
      id: Buffer.from(`DonationNeed:${names.seal(String(r.id))}`, 'utf8').toString('base64url'), needKey: String(r.id), kind: r.kind as NeedKind,
      uncoveredAmount: Number(r.uncovered_amount), lackingAmount: Number(r.uncovered_amount) - Number(r.allocated ?? 0), urgency: r.urgency as NeedUrgency,
      description: r.description, area, publishedOn: countyDayOf(new Date(r.created_at)), pseudonymExpiresOn: names.expires,
    });
  }

  private needRows() {
    return this.knex('need as n').join('household as h', 'h.id', 'n.household_id').join('township as t', 't.id', 'n.township_id').join('community as c', 'c.id', 'n.community_id')
      .select('n.id', 'n.kind', 'n.uncovered_amount', 'n.urgency', 'n.description', 'n.created_at', 'n.community_id', 't.name as township_name', 'c.name as community_name',
        this.knex.raw('coalesce((select sum(a.value) from donation_allocation a where a.need_id = n.id), 0) as allocated'));
  }

  /** Open needs anonymised, newest first (platforms and partners). */
  async donationNeedPage(filter: { kind?: string | null } | null | undefined, args: PageArgs, today: string): Promise<Page<DonationNeedNode>> {
    if (!this.anonymised) return { nodes: [], cursors: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: async () => 0 };
    const base = this.knex('need as n').join('household as h', 'h.id', 'n.household_id').where('n.status', 'OPEN').where('h.status', 'IN_HARDSHIP');
    if (filter?.kind) base.where('n.kind', filter.kind);
    const rowsQ = this.needRows().where('n.status', 'OPEN').where('h.status', 'IN_HARDSHIP');
    if (filter?.kind) rowsQ.where('n.kind', filter.kind);
    const page = await keysetPage<{ id: string }>(rowsQ, { column: 'n.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'n.id');
    return { nodes: await this.donationNeedsOf(page.rows as Row[], today), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  /** A DonationNeed by its pseudonym (node(id:)): null unless it opens for this caller now and the need is open. */
  async donationNeedByName(name: string, today: string): Promise<DonationNeedNode | null> {
    const names = await this.pseudonyms(today);
    const key = names?.open(name);
    if (!key) return null;
    const rows = await this.needRows().where('n.id', key).where('n.status', 'OPEN').where('h.status', 'IN_HARDSHIP');
    return (await this.donationNeedsOf(rows, today))[0] ?? null;
  }

  /** DonationNeeds of need keys the caller reached through its own matches (already scoped by the caller). */
  async donationNeedsByKeys(keys: readonly string[], today: string): Promise<DonationNeedNode[]> {
    if (!this.anonymised || keys.length === 0) return [];
    const rows = await this.needRows().whereRaw('n.id = any(?::bigint[])', [keys as string[]]);
    return this.donationNeedsOf(rows, today);
  }

  // ---- rankings ----
  /**
   * Candidate needs for a pledge: the deterministic filter and the ranking in one statement
   * (pledgeRankingSql, over the projection donation_candidate), each factor with its value and
   * points. Null when the caller may not see the pledge.
   */
  async pledgeCandidates(pledgeKey: string, first: number, today: string): Promise<RankedNeed[] | null> {
    // Platforms and partners see each need under a pseudonym, and its community only where it has
    // k eligible households. Staff see every community: k = 0 reads no household.
    const anonymised = this.anonymised;
    const pledgeSeen = pledgeScope(this.principal);
    // A township ranks only its own households' needs.
    const needSeen = this.principal.kind === 'TOWNSHIP' ? { sql: 'c.township_id = ?', params: [this.principal.townshipId] } : EVERYTHING;
    // Prepared (issue 10): planning this statement cost about what running it does; its text
    // varies only with the caller's kind of scope.
    const rank = (k: number) => runPrepared<Row>(this.knex.raw(pledgeRankingSql(pledgeSeen.sql, needSeen.sql),
      [today, today, k, k, today, ...needSeen.params, LIVE_MATCH_STATES, today, Math.min(Math.max(first, 1), 100), pledgeKey, ...pledgeSeen.params] as never[]));
    // k is passed to the statement, which also reads the k in force (issue 10: one round trip, not
    // the policy and then the ranking). The k last seen in force on the day is the guess; where the
    // statement finds another in force, it ranks again with that one, so the answer always uses
    // the k in force. Without a guess yet, the policy is read first, as before.
    let k = anonymised ? AREA_MIN_HOUSEHOLDS_SEEN.get(today) ?? (await this.policyOn(today)).values.DONATION_AREA_MIN_HOUSEHOLDS : 0;
    let rows = await rank(k);
    if (rows.length === 0) return null; // no pledge of this key that the caller may see
    if (anonymised) {
      const missing = [rows[0].area_min_households == null && 'DONATION_AREA_MIN_HOUSEHOLDS', rows[0].pseudonym_days == null && 'DONATION_PSEUDONYM_DAYS'].filter(Boolean);
      // As loadPolicy refuses: k-anonymity and the pseudonyms' period have no default.
      if (missing.length) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, `No policy in force on ${today} for ${missing.join(', ')}`);
      const kInForce = Number(rows[0].area_min_households);
      rememberAreaMinHouseholds(today, kInForce);
      if (kInForce !== k) {
        k = kInForce;
        rows = await rank(k);
        if (rows.length === 0) return null;
      }
    }
    const pseudonyms = anonymised ? await this.pseudonymsOf(today, Number(rows[0].pseudonym_days)) : null;
    const ranked = rows.filter((r: Row) => r.id != null);
    const area = String(rows[0].area_level);
    const distance = area === 'COMMUNITY' ? 0 : area === 'TOWNSHIP' ? 1 : 2;
    const distPts = [10, 5, 0][distance];
    // Points of each factor (the same formula as the statement's ORDER BY), then the page in rank order.
    for (const r of ranked) {
      r.u_pts = [0, 10, 25, 40][Number(r.u)];
      r.v_pts = (25 * Math.min(Number(r.v), 10)) / 10;
      r.d_pts = (15 * Math.min(Number(r.days), 180)) / 180;
      r.s_pts = 10 * (1 - Number(r.allocated) / Math.max(Number(r.uncovered_amount), 1));
      r.score = r.u_pts + r.v_pts + r.d_pts + r.s_pts;
    }
    ranked.sort((a: Row, b: Row) => b.score - a.score || new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || Number(a.id) - Number(b.id));
    return ranked.map((r: Row, i: number): RankedNeed => {
      const factors = needFactors(r, distance, distPts);
      const donationNeed = pseudonyms ? this.donationNeedOf(r, pseudonyms, r.community_shown
        ? { level: AreaLevel.COMMUNITY, township: r.township_name, community: r.community_name }
        : { level: AreaLevel.TOWNSHIP, township: r.township_name, community: null }) : null;
      return Object.assign(new RankedNeed(), {
        rank: i + 1, score: round2(factors.reduce((s, f) => s + f.points, 0)), factors, kind: r.kind, urgency: r.urgency,
        lackingAmount: Number(r.uncovered_amount) - Number(r.allocated), donationNeed, need: null, needKey: String(r.id),
      });
    });
  }

  /**
   * Candidate pledges for a need (staff): approved pledges in their window whose kinds and area
   * take the need and that have at least one unit left, ranked by area distance, how much of the
   * lack they can cover and how soon their window ends. Null when the caller may not see the need.
   */
  async needCandidates(needKey: string, first: number, today: string): Promise<RankedPledge[] | null> {
    const scope = householdScope(this.principal);
    const need = await this.knex('need as n').join('household as h', 'h.id', 'n.household_id').whereRaw(scope.sql, scope.params as never[]).where('n.id', needKey)
      .select('n.*', this.knex.raw('coalesce((select sum(a.value) from donation_allocation a where a.need_id = n.id), 0) as allocated')).first();
    if (!need && this.principal.role !== 'CIVILIZATION_OFFICE') return null;
    const n = need ?? await this.knex('need as n').where('n.id', needKey).where('n.status', 'OPEN')
      .select('n.*', this.knex.raw('coalesce((select sum(a.value) from donation_allocation a where a.need_id = n.id), 0) as allocated')).first();
    if (!n) return null;
    const lacking = Number(n.uncovered_amount) - Number(n.allocated);
    const { rows } = await this.knex.raw(
      `select p.id, (case p.area_level when 'COMMUNITY' then 0 when 'TOWNSHIP' then 1 else 2 end) as distance,
              (p.quantity - coalesce((select sum(a.quantity) from donation_allocation a where a.pledge_id = p.id), 0)) as remaining,
              p.unit_value, (p.valid_until - ?::date) as days_left
         from pledge p
        where p.status = 'APPROVED' and ?::date between p.valid_from and p.valid_until and ? = any(p.need_kinds)
          and (p.area_level = 'COUNTY' or (p.area_level = 'TOWNSHIP' and p.township_id = ?) or (p.area_level = 'COMMUNITY' and p.community_id = ?))
          and p.unit_value <= ?
          and not exists (select 1 from donation_match m where m.pledge_id = p.id and m.need_id = ? and m.status = any(?::text[]))`,
      [today, today, n.kind, n.township_id, n.community_id, Math.max(lacking, 0), needKey, LIVE_MATCH_STATES],
    );
    const ranked = rows.filter((r: Row) => Number(r.remaining) > 0).map((r: Row) => {
      const covers = lacking > 0 ? Math.min(1, (Number(r.remaining) * Number(r.unit_value)) / lacking) : 0;
      const daysLeft = Number(r.days_left);
      const factors: RankingFactor[] = [
        { factor: RankingFactorKind.AREA_DISTANCE, value: Number(r.distance), points: [40, 20, 0][Number(r.distance)], maxPoints: 40 },
        { factor: RankingFactorKind.COVERS_LACK, value: round4(covers), points: round2(40 * covers), maxPoints: 40 },
        { factor: RankingFactorKind.WINDOW_DAYS_LEFT, value: daysLeft, points: round2(20 * (1 - Math.min(daysLeft, 90) / 90)), maxPoints: 20 },
      ];
      return { id: String(r.id), factors, score: round2(factors.reduce((s, f) => s + f.points, 0)) };
    }).sort((a: { score: number; id: string }, b: { score: number; id: string }) => b.score - a.score || Number(a.id) - Number(b.id))
      .slice(0, Math.min(Math.max(first, 1), 100));
    const pledges = new Map((await this.pledgesByIdsUnscoped(ranked.map((r: { id: string }) => r.id))).map((p) => [p.dbId, p]));
    return ranked.map((r: { id: string; factors: RankingFactor[]; score: number }, i: number) => Object.assign(new RankedPledge(), { rank: i + 1, score: r.score, factors: r.factors, pledge: pledges.get(r.id)! }));
  }

  /** Approved pledges a staff member may be offered for a need it sees (the ranking's own rows). */
  private async pledgesByIdsUnscoped(ids: string[]): Promise<PledgeNode[]> {
    if (ids.length === 0) return [];
    return (await this.pledgeBase({ sql: `p.status = 'APPROVED'`, params: [] }).whereRaw('p.id = any(?::bigint[])', [ids]).select(this.knex.raw(PLEDGE_SELECT))).map((r: Row) => this.pledgeOf(r));
  }

  // ---- matches ----
  private matchBase(s: SqlFragment) {
    return this.knex('donation_match as m').join('need as n', 'n.id', 'm.need_id').join('township as t', 't.id', 'n.township_id').join('community as c', 'c.id', 'n.community_id')
      .whereRaw(s.sql, s.params as never[])
      .select('m.*', 'n.kind as need_kind', 'n.community_id', 't.name as township_name', 'c.name as community_name');
  }

  private async matchesOf(rows: Row[], today: string): Promise<DonationMatchNode[]> {
    const areas = await this.areasOf(rows, today);
    return rows.map((r, i) => matchFromRow(r, areas[i]));
  }

  async matchPage(filter: { status?: string | null; pledgeKey?: string | null; runKey?: string | null } | null | undefined, args: PageArgs, today: string): Promise<Page<DonationMatchNode>> {
    const s = matchScope(this.principal);
    const base = this.knex('donation_match as m').whereRaw(s.sql, s.params as never[]);
    const rowsQ = this.matchBase(s);
    for (const q of [base, rowsQ]) {
      if (filter?.status) q.where('m.status', filter.status);
      if (filter?.pledgeKey !== undefined) q.where('m.pledge_id', filter.pledgeKey ?? '0');
      if (filter?.runKey !== undefined) q.where('m.run_id', filter.runKey ?? '0');
    }
    const page = await keysetPage<{ id: string }>(rowsQ, { column: 'm.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'm.id');
    return { nodes: await this.matchesOf(page.rows as Row[], today), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  async matchesByIds(ids: readonly string[], today: string): Promise<DonationMatchNode[]> {
    const s = matchScope(this.principal);
    return this.matchesOf(await this.matchBase(s).whereRaw('m.id = any(?::bigint[])', [ids as string[]]), today);
  }

  /** Where each pledge went (R20): its matches from allocation on, for the pledges the caller sees. */
  async tracesOf(pledgeKeys: readonly string[], today: string): Promise<Map<string, PledgeTrace>> {
    const s = matchScope(this.principal);
    const rows = await this.matchBase(s).whereRaw('m.pledge_id = any(?::bigint[])', [pledgeKeys as string[]]).whereIn('m.status', [...FULFILMENT_STATES, MatchStatus.REVERSED]).orderBy('m.id');
    const areas = await this.areasOf(rows, today);
    const out = new Map<string, PledgeTrace>(pledgeKeys.map((k) => [k, { allocatedValue: 0, dispatchedValue: 0, receivedValue: 0, entries: [] }]));
    rows.forEach((r: Row, i: number) => {
      const t = out.get(String(r.pledge_id))!;
      const value = Number(r.value);
      if (r.status !== MatchStatus.REVERSED) t.allocatedValue += value;
      if (['DISPATCHED', 'RECEIVED', 'RECEIVED_WITH_PROBLEMS', 'NOT_RECEIVED'].includes(r.status)) t.dispatchedValue += value;
      if (['RECEIVED', 'RECEIVED_WITH_PROBLEMS'].includes(r.status)) t.receivedValue += value;
      t.entries.push({
        status: r.status, needKind: r.need_kind, area: areas[i], quantity: Number(r.quantity), value,
        allocatedOn: r.decided_on ? calendarDay(r.decided_on) : null, dispatchedOn: r.dispatched_on ? calendarDay(r.dispatched_on) : null,
        confirmedOn: r.confirmed_on ? calendarDay(r.confirmed_on) : null,
      });
    });
    return out;
  }

  // ---- runs ----
  private async townshipNames(): Promise<Map<string, string>> {
    return new Map((await this.knex('township').select('id', 'name')).map((r: Row) => [String(r.id), r.name]));
  }

  async runPage(args: PageArgs): Promise<Page<AllocationRunNode>> {
    const base = this.knex('allocation_run as r');
    if (!mayReadRows(this.principal.role, 'AllocationRun')) base.whereRaw('false');
    const page = await keysetPage<{ id: string }>(base.clone().select('r.*'), { column: 'r.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'r.id');
    const names = await this.townshipNames();
    return { nodes: page.rows.map((r) => runFromRow(r as Row, names)), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  async runsByIds(ids: readonly string[]): Promise<AllocationRunNode[]> {
    if (!mayReadRows(this.principal.role, 'AllocationRun')) return [];
    const rows = await this.knex('allocation_run').whereRaw('id = any(?::bigint[])', [ids as string[]]).select('*');
    const names = await this.townshipNames();
    return rows.map((r: Row) => runFromRow(r, names));
  }

  // ---- tracing (R20) ----
  /**
   * One assistance chain per household: measures' deliveries (money ones as their disbursement),
   * disbursements, the pairing ledger and donations, with dates and amounts, in one SQL union;
   * null when the caller does not see the household (REGISTRY_ROWS).
   */
  async assistanceChain(householdKey: string): Promise<AssistanceChain | null> {
    const scope = householdScope(this.principal);
    const visible = await this.knex('household as h').whereRaw(scope.sql, scope.params as never[]).where('h.id', householdKey).first('h.id');
    if (!visible) return null;
    const { rows } = await this.knex.raw(
      `select * from (
         select 'MEASURE_DELIVERY' as source, d.delivered_on as day, pi.item as what, pi.department as "from", d.amount, null::numeric as hours, d.note, d.id
           from delivery d join plan_item pi on pi.id = d.plan_item_id
          where pi.household_id = ? and not exists (select 1 from disbursement x where x.delivery_id = d.id)
         union all
         select 'DISBURSEMENT', x.paid_on, pi.item, fs.name, x.amount, null, d.note, x.id
           from disbursement x join delivery d on d.id = x.delivery_id join plan_item pi on pi.id = d.plan_item_id
           join fund_allocation fa on fa.id = x.allocation_id join fund_source fs on fs.id = fa.source_id
          where pi.household_id = ?
         union all
         select 'PAIRING', l.given_on, l.kind, o.name, l.amount, l.hours, l.description, l.id
           from pairing_ledger_entry l join partner_organisation o on o.id = l.partner_id
          where l.household_id = ?
         union all
         select 'DONATION', a.recorded_on, n.kind || ':' || p.resource,
                coalesce(cp.name || '·' || dn.display_name, po.name, ''), a.value,
                case when p.resource = 'VOLUNTEER_HOURS' then a.quantity end, p.description || case when a.entry = 'REVERSAL' then '（冲销）' else '' end, a.id
           from donation_allocation a join pledge p on p.id = a.pledge_id join need n on n.id = a.need_id
           left join charity_platform cp on cp.id = p.platform_id left join donor dn on dn.id = p.donor_id left join partner_organisation po on po.id = p.partner_id
          where a.household_id = ?
       ) chain order by day, source, id`,
      [householdKey, householdKey, householdKey, householdKey],
    );
    const entries = rows.map((r: Row) => ({
      source: r.source as AssistanceSource, on: calendarDay(r.day), what: String(r.what), from: String(r.from ?? ''),
      amount: r.amount == null ? null : Number(r.amount), hours: r.hours == null ? null : Number(r.hours), note: String(r.note ?? ''),
    }));
    const totals = new Map<string, { source: AssistanceSource; entries: number; amount: number }>();
    for (const e of entries) {
      const t = totals.get(e.source) ?? { source: e.source, entries: 0, amount: 0 };
      t.entries++;
      t.amount += e.amount ?? 0;
      totals.set(e.source, t);
    }
    return { entries, totals: [...totals.values()] };
  }

  /** County totals by source or by measure, aggregates only (no household is named). */
  async assistanceTotals(by: 'SOURCE' | 'MEASURE'): Promise<AssistanceTotal[]> {
    const sql = by === 'SOURCE'
      ? `select key, sum(entries)::int as entries, sum(households)::int as households, sum(amount)::bigint as amount from (
           select 'FUND:' || fs.kind as key, count(*) as entries, count(distinct pi.household_id) as households, coalesce(sum(x.amount), 0) as amount
             from disbursement x join fund_allocation fa on fa.id = x.allocation_id join fund_source fs on fs.id = fa.source_id
             join delivery d on d.id = x.delivery_id join plan_item pi on pi.id = d.plan_item_id group by fs.kind
           union all select 'PAIRING', count(*), count(distinct household_id), coalesce(sum(amount), 0) from pairing_ledger_entry
           union all select 'DONATION', count(*) filter (where entry = 'ALLOCATION'), count(distinct household_id), coalesce(sum(value), 0) from donation_allocation
         ) s where entries > 0 group by key order by key`
      : `select key, sum(entries)::int as entries, sum(households)::int as households, sum(amount)::bigint as amount from (
           select pi.measure as key, count(*) as entries, count(distinct pi.household_id) as households, coalesce(sum(x.amount), 0) as amount
             from delivery d join plan_item pi on pi.id = d.plan_item_id left join disbursement x on x.delivery_id = d.id group by pi.measure
           union all select 'PAIRING', count(*), count(distinct household_id), coalesce(sum(amount), 0) from pairing_ledger_entry
           union all select 'PAIRING', count(*) filter (where entry = 'ALLOCATION'), count(distinct household_id), coalesce(sum(value), 0) from donation_allocation
         ) s where entries > 0 group by key order by key`;
    const { rows } = await this.knex.raw(sql);
    return rows.map((r: Row) => Object.assign(new AssistanceTotal(), { key: r.key, entries: Number(r.entries), households: Number(r.households), amount: Number(r.amount) }));
  }

  async unitValues(asOf: string): Promise<DonationUnitValueView[]> {
    const { rows } = await this.knex.raw(
      `select distinct on (resource, unit) resource, unit, value_per_unit, effective_from from donation_unit_value
        where effective_from <= ? order by resource, unit, effective_from desc`, [asOf]);
    return rows.map((r: Row) => Object.assign(new DonationUnitValueView(), { resource: r.resource, unit: r.unit, valuePerUnit: Number(r.value_per_unit), effectiveFrom: calendarDay(r.effective_from) }));
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The factors of a candidate need (row of the ranking query) with their points. */
export function needFactors(r: Row, distance: number, distPts: number): RankingFactor[] {
  const share = Number(r.allocated) / Math.max(Number(r.uncovered_amount), 1);
  return [
    { factor: RankingFactorKind.URGENCY, value: Number(r.u), points: Number(r.u_pts), maxPoints: 40 },
    { factor: RankingFactorKind.VULNERABILITY, value: Number(r.v), points: round2(Number(r.v_pts)), maxPoints: 25 },
    { factor: RankingFactorKind.DAYS_WAITING, value: Number(r.days), points: round2(Number(r.d_pts)), maxPoints: 15 },
    { factor: RankingFactorKind.SHARE_COVERED, value: round4(share), points: round2(Number(r.s_pts)), maxPoints: 10 },
    { factor: RankingFactorKind.AREA_DISTANCE, value: distance, points: distPts, maxPoints: 10 },
  ];
}
