/**
 * Row scopes as SQL, derived from REGISTRY_ROWS in the matrix. Every read of households or
 * persons — lists, counts, node(id:), nested fields, aggregates — goes through these, because
 * ORM filters would not cover QueryBuilder, raw SQL or populated relations (DESIGN.md).
 */
import { mayReadRows, MemberSelection, REGISTRY_ROWS } from './matrix';
import { Principal } from '../shared/principal';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const MEMBER_PREDICATES: Record<MemberSelection, ((p: string) => string) | null> = {
  ALL: null,
  HEADS: (p) => `${p}.relation_to_head = 'HEAD'`,
  SCHOOLCHILDREN: (p) => `${p}.schooling_stage <> 'NONE'`,
  ABLE_TO_WORK: (p) => `${p}.work_capacity <> 'NONE'`,
  ILL: (p) => `${p}.illness <> 'NONE'`,
  DISABLED: (p) => `${p}.disability_category is not null`,
};

const NOTHING: SqlFragment = { sql: 'false', params: [] };

function baseScope(principal: Principal, h: string): SqlFragment {
  const rule = REGISTRY_ROWS[principal.role];
  switch (rule.base) {
    case 'ALL':
      return { sql: 'true', params: [] };
    case 'OWN_TOWNSHIP':
      return principal.kind === 'TOWNSHIP' ? { sql: `${h}.township_id = ?`, params: [principal.townshipId] } : NOTHING;
    case 'IN_HARDSHIP':
      return { sql: `${h}.status = 'IN_HARDSHIP'`, params: [] };
    default:
      return NOTHING;
  }
}

/** Households the principal may see (alias `h`). */
export function householdScope(principal: Principal, h = 'h'): SqlFragment {
  const base = baseScope(principal, h);
  const member = MEMBER_PREDICATES[REGISTRY_ROWS[principal.role].members];
  if (!member || REGISTRY_ROWS[principal.role].members === 'HEADS' || base === NOTHING) return base;
  return {
    sql: `(${base.sql}) and exists (select 1 from person sp where sp.household_id = ${h}.id and sp.removed_at is null and ${member('sp')})`,
    params: base.params,
  };
}

/** Current members the principal may see (alias `p`, joined to its household as `h`). */
export function personScope(principal: Principal, p = 'p', h = 'h'): SqlFragment {
  const base = baseScope(principal, h);
  const member = MEMBER_PREDICATES[REGISTRY_ROWS[principal.role].members];
  const sql = [`${p}.removed_at is null`, `(${base.sql})`, member ? member(p) : null].filter(Boolean).join(' and ');
  return { sql, params: base.params };
}

/** Whether the principal may see any household at all (for early exits and the matrix test). */
export function seesHouseholds(principal: Principal): boolean {
  return REGISTRY_ROWS[principal.role].base !== 'NONE';
}

/** Identification cases (alias `c`): the township its own, civil affairs all, nobody else. */
export function caseScope(principal: Principal, c = 'c'): SqlFragment {
  if (!mayReadRows(principal.role, 'IdentificationCase')) return NOTHING;
  return principal.kind === 'TOWNSHIP' ? { sql: `${c}.township_id = ?`, params: [principal.townshipId] } : { sql: 'true', params: [] };
}
