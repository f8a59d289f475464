/**
 * Plain-row reads of needs, pairings and the ledger. Partners see needs anonymised (the Need type
 * has no field that could carry more), and in their own approved pairings only the head's name,
 * the community and a contact.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { PAIRING_ROWS } from '../../access/matrix';
import { Principal } from '../../shared/principal';
import { householdScope, SqlFragment } from '../../access/scope';
import { runPrepared } from '../../db/prepared';
import { keysetPage, PageArgs } from '../../db/keyset';
import type { Page } from '../../db/keyset';
import type { NeedFilter } from './pairing.inputs';
import { LedgerEntryNode, ledgerFromRow, needFromRow, NeedNode, PairedHouseholdNode, pairingFromRow, PairingNode } from './pairing.types';
import type { Row } from '../../shared/row';

const NOTHING: SqlFragment = { sql: 'false', params: [] };
const EVERYTHING: SqlFragment = { sql: 'true', params: [] };

/** Whether a principal sees needs as open needs alone (partners, the civilization office), not by the households it sees. */
function seesOpenNeeds(p: Principal): boolean {
  return p.kind === 'PARTNER' || p.role === 'CIVILIZATION_OFFICE';
}

/** Needs (alias n joined to household h): partners and the civilization office every open need; staff the households they see. */
export function needScope(p: Principal): SqlFragment {
  if (seesOpenNeeds(p)) return { sql: `n.status = 'OPEN'`, params: [] };
  return householdScope(p);
}

/** Pairings (alias p), by PAIRING_ROWS: a partner its own; ALL every one; REGISTRY those with one of the caller's households. */
export function pairingScope(principal: Principal): SqlFragment {
  switch (PAIRING_ROWS[principal.role]) {
    case 'ALL': return EVERYTHING;
    case 'OWN_PAIRINGS':
      return principal.kind === 'PARTNER' ? { sql: 'exists (select 1 from pairing_partner x where x.pairing_id = p.id and x.partner_id = ?)', params: [principal.partnerId] } : NOTHING;
    case 'REGISTRY': {
      const s = householdScope(principal, 'y');
      return { sql: `exists (select 1 from pairing_household x join household y on y.id = x.household_id where x.pairing_id = p.id and ${s.sql})`, params: s.params };
    }
    default: return NOTHING;
  }
}

/**
 * The households inside pairings (pairing_household `ph` joined to household `h`), by PAIRING_ROWS:
 * a pairing may span townships, so a township gets only its own households of a shared pairing.
 */
export function pairedHouseholdScope(principal: Principal): SqlFragment {
  switch (PAIRING_ROWS[principal.role]) {
    case 'ALL': return EVERYTHING;
    case 'OWN_PAIRINGS':
      return principal.kind === 'PARTNER' ? { sql: 'exists (select 1 from pairing_partner x where x.pairing_id = ph.pairing_id and x.partner_id = ?)', params: [principal.partnerId] } : NOTHING;
    case 'REGISTRY': return householdScope(principal, 'h');
    default: return NOTHING;
  }
}

/** Ledger entries (alias l joined to household h), by PAIRING_ROWS: a partner its own; ALL every one; REGISTRY those of the caller's households. */
export function ledgerScope(principal: Principal): SqlFragment {
  switch (PAIRING_ROWS[principal.role]) {
    case 'ALL': return EVERYTHING;
    case 'OWN_PAIRINGS': return principal.kind === 'PARTNER' ? { sql: 'l.partner_id = ?', params: [principal.partnerId] } : NOTHING;
    case 'REGISTRY': return householdScope(principal, 'h');
    default: return NOTHING;
  }
}

export class PairingReader {
  constructor(private readonly knex: Knex, private readonly principal: Principal) {}

  /** `townshipId`: the township's key; null when the filter named no township of ours (nothing matches). */
  async needPage(filter: (Omit<NeedFilter, 'township'> & { townshipId?: string | null }) | null | undefined, args: PageArgs): Promise<Page<NeedNode>> {
    const s = needScope(this.principal);
    // Open needs alone read no household (issue 10: a partner's totalCount is then an index-only
    // count of the open needs, not a join of every one with its household).
    const base = this.knex('need as n').whereRaw(s.sql, s.params as never[]);
    if (!seesOpenNeeds(this.principal)) base.join('household as h', 'h.id', 'n.household_id');
    if (filter?.kind) base.where('n.kind', filter.kind);
    if (filter?.urgency) base.where('n.urgency', filter.urgency);
    if (filter?.status) base.where('n.status', filter.status);
    if (filter?.townshipId === null) base.whereRaw('false');
    else if (filter?.townshipId) base.where('n.township_id', filter.townshipId);
    const page = await keysetPage<{ id: string }>(base.clone().select('n.*'), { column: 'n.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'n.id');
    // A partner asks for the count with every page. Open needs alone are what need_tally counts
    // (township, status, kind, urgency: every filter there is), so theirs is a sum of counters;
    // staff, who see needs through their households, count the rows (prepared).
    const totalCount = async () => Number((await runPrepared<{ n: string }>(seesOpenNeeds(this.principal)
      ? this.openNeedTally(filter)
      : base.clone().count({ n: '*' })))[0]?.n ?? 0);
    return { nodes: page.rows.map(needFromRow), cursors: page.cursors, pageInfo: page.pageInfo, totalCount };
  }

  /** The open needs under `filter`, from need_tally (migration Migration20261203000000_need_tally). */
  private openNeedTally(filter: (Omit<NeedFilter, 'township'> & { townshipId?: string | null }) | null | undefined): Knex.Raw {
    const township = filter?.townshipId === null ? '0' : filter?.townshipId ?? null; // 0: no township has it
    const [kind, urgency, status] = [filter?.kind ?? null, filter?.urgency ?? null, filter?.status ?? null];
    return this.knex.raw(`select coalesce(sum(needs), 0)::bigint as n from need_tally where status = 'OPEN'
      and (?::text is null or status = ?) and (?::bigint is null or township_id = ?::bigint)
      and (?::text is null or kind = ?) and (?::text is null or urgency = ?)`, [status, status, township, township, kind, kind, urgency, urgency]);
  }

  async needsByIds(ids: readonly string[]): Promise<NeedNode[]> {
    const s = needScope(this.principal);
    return (await this.knex('need as n').join('household as h', 'h.id', 'n.household_id').whereRaw(s.sql, s.params as never[]).whereRaw('n.id = any(?::bigint[])', [ids as string[]]).select('n.*')).map(needFromRow);
  }

  async pairingPage(args: PageArgs): Promise<Page<PairingNode>> {
    const s = pairingScope(this.principal);
    const base = this.knex('pairing as p').whereRaw(s.sql, s.params as never[]);
    const page = await keysetPage<{ id: string }>(base.clone().select('p.*'), { column: 'p.id', cast: 'bigint', value: (r) => String(r.id) }, true, args, 'p.id');
    return { nodes: page.rows.map(pairingFromRow), cursors: page.cursors, pageInfo: page.pageInfo, totalCount: async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0) };
  }

  async pairingsByIds(ids: readonly string[]): Promise<PairingNode[]> {
    const s = pairingScope(this.principal);
    return (await this.knex('pairing as p').whereRaw(s.sql, s.params as never[]).whereRaw('p.id = any(?::bigint[])', [ids as string[]]).select('p.*')).map(pairingFromRow);
  }

  async partnersOf(pairingIds: readonly string[]): Promise<Array<{ pairingId: string; name: string; kind: string }>> {
    const rows = await this.knex('pairing_partner as pp').join('partner_organisation as o', 'o.id', 'pp.partner_id')
      .whereRaw('pp.pairing_id = any(?::bigint[])', [pairingIds as string[]]).select('pp.pairing_id', 'o.name', 'o.kind').orderBy('o.name');
    return rows.map((r: Row) => ({ pairingId: String(r.pairing_id), name: r.name, kind: r.kind }));
  }

  /**
   * The households of pairings the caller may see (pairedHouseholdScope), as a partner may see
   * them: the card number always; the head's name, the community and the contact phone only once
   * the pairing is approved.
   */
  async householdsOf(pairingIds: readonly string[]): Promise<Array<PairedHouseholdNode & { pairingId: string }>> {
    const s = pairedHouseholdScope(this.principal);
    const rows = await this.knex('pairing_household as ph').join('pairing as p', 'p.id', 'ph.pairing_id').join('household as h', 'h.id', 'ph.household_id')
      .join('community as c', 'c.id', 'h.community_id')
      .whereRaw(s.sql, s.params as never[])
      .whereRaw('ph.pairing_id = any(?::bigint[])', [pairingIds as string[]])
      .select('ph.pairing_id', 'p.status', 'h.id as household_id', 'h.assistance_card_number', 'h.head_name', 'h.contact_phone', 'c.name as community_name')
      .orderBy('h.id');
    return rows.map((r: Row) => {
      const approved = r.status === 'APPROVED';
      return Object.assign(new PairedHouseholdNode(), {
        pairingId: String(r.pairing_id), householdId: String(r.household_id), assistanceCardNumber: r.assistance_card_number,
        headName: approved ? r.head_name : null, contactPhone: approved ? r.contact_phone : null, community: r.community_name,
      });
    });
  }

  async ledgerOf(pairingIds: readonly string[]): Promise<Array<LedgerEntryNode & { pairingId: string }>> {
    const s = ledgerScope(this.principal);
    const rows = await this.ledgerBase(s).whereRaw('l.pairing_id = any(?::bigint[])', [pairingIds as string[]]).orderBy('l.id');
    return rows.map(ledgerFromRow);
  }

  async ledgerByIds(ids: readonly string[]): Promise<LedgerEntryNode[]> {
    const s = ledgerScope(this.principal);
    return (await this.ledgerBase(s).whereRaw('l.id = any(?::bigint[])', [ids as string[]])).map(ledgerFromRow);
  }

  private ledgerBase(s: SqlFragment) {
    return this.knex('pairing_ledger_entry as l').join('partner_organisation as o', 'o.id', 'l.partner_id').join('household as h', 'h.id', 'l.household_id')
      .whereRaw(s.sql, s.params as never[]).select('l.*', 'o.name as partner_name', 'h.assistance_card_number');
  }

  /** Ledger totals in SQL, grouped by household (card number), partner, township or kind. */
  async totals(by: 'HOUSEHOLD' | 'PARTNER' | 'TOWNSHIP' | 'KIND', aggregateOnly: boolean) {
    const s = aggregateOnly ? { sql: 'true', params: [] } : ledgerScope(this.principal);
    const key = { HOUSEHOLD: 'h.assistance_card_number', PARTNER: 'o.name', TOWNSHIP: 't.name', KIND: 'l.kind' }[by];
    const rows = await this.knex('pairing_ledger_entry as l').join('partner_organisation as o', 'o.id', 'l.partner_id').join('household as h', 'h.id', 'l.household_id')
      .join('township as t', 't.id', 'l.township_id').whereRaw(s.sql, s.params as never[])
      .select(this.knex.raw(`${key} as key`)).count({ entries: '*' }).sum({ amount: 'l.amount' }).sum({ hours: 'l.hours' })
      .groupByRaw(key).orderByRaw(key);
    return rows.map((r: Row) => ({ key: String(r.key), entries: Number(r.entries), amount: Number(r.amount ?? 0), hours: Number(r.hours ?? 0) }));
  }
}
