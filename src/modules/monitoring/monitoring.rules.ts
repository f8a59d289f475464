/**
 * The warning rules of dynamic monitoring (R19 动态监测预警), each ONE set-based SQL statement:
 * `insert into warning … select … on conflict (rule_code, subject_key) do nothing`. The subject key
 * names the occurrence (the age line a person crossed, the figures above the line, the fact, the
 * due day of a plan item), so a rule can run any number of times — by the daily job over the
 * whole county, or by an event for one household — and raises each occurrence once. The deadline
 * comes from the rule's row (`warning_rule.deadline_days`), the routing from the household's
 * township. Nothing here walks households one by one.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { allowanceStandard } from '../../policy/benefits';
import { PolicySnapshot } from '../../policy/parameter-definitions';
import { recheckDueSql } from '../lifecycle/lifecycle.reader';

export interface RuleScope {
  /** County day the warnings are raised on. */
  day: string;
  /** Occurrences after this day (exclusive) count: the previous run's day. */
  since: string;
  /** Only these households (an event's); all when undefined. */
  householdIds?: string[];
  actor: string;
  policy: PolicySnapshot;
}

const COLUMNS = `(rule_code, subject_key, household_id, township_id, person_id, fact_id, detail, raised_on, due_on, created_by, updated_by)`;

/** `and h.id = any(?)` when the scope names households. */
function householdFilter(scope: RuleScope, alias = 'h'): { sql: string; params: unknown[] } {
  return scope.householdIds ? { sql: ` and ${alias}.id = any(?::bigint[])`, params: [scope.householdIds] } : { sql: '', params: [] };
}

async function inserted(knex: Knex, sql: string, params: unknown[]): Promise<number> {
  const r = await knex.raw(`${sql} on conflict (rule_code, subject_key) do nothing`, params as never[]);
  return r.rowCount ?? 0;
}

/** The age lines of the policy: 16/working age, 18/minor, 60/elderly and retirement, leaving 0–14 rehabilitation. */
export function ageLines(policy: PolicySnapshot): number[] {
  const v = policy.values;
  return [...new Set([v.WORKING_AGE_MIN, v.MINOR_AGE, v.EXTREME_POVERTY_MINOR_AGE, v.ELDERLY_AGE, v.RETIREMENT_AGE, v.CHILD_REHABILITATION_MAX_AGE + 1])].sort((a, b) => a - b);
}

/**
 * Households on the list with a member whose birthday at an age line falls in (since, day]: the
 * households the daily job re-plans (one statement).
 */
export async function householdsCrossingAgeLines(knex: Knex, scope: RuleScope): Promise<string[]> {
  const f = householdFilter(scope);
  const rows = (await knex.raw(
    `select distinct h.id from person p join household h on h.id = p.household_id cross join unnest(?::int[]) as a(age)
      where p.removed_at is null and h.status = 'IN_HARDSHIP'${f.sql}
        and (p.birth_date + make_interval(years => a.age))::date > ?::date and (p.birth_date + make_interval(years => a.age))::date <= ?::date
      order by h.id`,
    [ageLines(scope.policy), ...f.params, scope.since, scope.day] as never[],
  )).rows;
  return rows.map((r: { id: string }) => String(r.id));
}

/** AGE_LINE_CROSSED: one warning per person and age line. */
export async function raiseAgeLineWarnings(knex: Knex, scope: RuleScope): Promise<number> {
  const f = householdFilter(scope);
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'person:' || p.id || ':age:' || a.age, h.id, h.township_id, p.id, null,
            jsonb_build_object('age', a.age, 'birthday', to_char((p.birth_date + make_interval(years => a.age))::date, 'YYYY-MM-DD')),
            ?::date, ?::date + r.deadline_days, ?, ?
       from person p join household h on h.id = p.household_id cross join unnest(?::int[]) as a(age)
       join warning_rule r on r.code = 'AGE_LINE_CROSSED' and r.active
      where p.removed_at is null and h.status = 'IN_HARDSHIP'${f.sql}
        and (p.birth_date + make_interval(years => a.age))::date > ?::date and (p.birth_date + make_interval(years => a.age))::date <= ?::date`,
    [scope.day, scope.day, scope.actor, scope.actor, ageLines(scope.policy), ...f.params, scope.since, scope.day]);
}

/**
 * INCOME_ABOVE_LINE: an allowance household whose total income is at or above standard × members
 * (per-capita income not below the R2 standard). The subject carries the figures, so a handled
 * warning is raised again only when the income or the line changes; never two open at once.
 */
export async function raiseIncomeWarnings(knex: Knex, scope: RuleScope): Promise<number> {
  const f = householdFilter(scope);
  const standard = allowanceStandard(scope.policy);
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'household:' || h.id || ':income:' || h.monthly_income_total || ':line:' || (?::bigint * h.member_count), h.id, h.township_id, null, null,
            jsonb_build_object('monthlyIncomeTotal', h.monthly_income_total, 'members', h.member_count, 'standard', ?::bigint),
            ?::date, ?::date + r.deadline_days, ?, ?
       from household h join warning_rule r on r.code = 'INCOME_ABOVE_LINE' and r.active
      where h.status = 'IN_HARDSHIP' and 'MINIMUM_LIVING_ALLOWANCE' = any(h.categories) and h.member_count > 0${f.sql}
        and h.monthly_income_total >= ?::bigint * h.member_count
        and not exists (select 1 from warning w where w.household_id = h.id and w.rule_code = r.code and w.status = 'OPEN')`,
    [standard, standard, scope.day, scope.day, scope.actor, scope.actor, ...f.params, standard]);
}

/** ASSETS_ABOVE_LINE: financial assets above the R4 months of the standard per member, or too many vehicles/properties. */
export async function raiseAssetWarnings(knex: Knex, scope: RuleScope): Promise<number> {
  const f = householdFilter(scope);
  const v = scope.policy.values;
  const limitPerMember = allowanceStandard(scope.policy) * v.ASSET_FINANCIAL_MONTHS_PER_CAPITA;
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'household:' || h.id || ':assets:' || (h.deposits_fen + h.securities_fen) || ':' || h.vehicle_count || ':' || h.other_property_count || ':line:' || (?::bigint * h.member_count),
            h.id, h.township_id, null, null,
            jsonb_build_object('financialAssets', h.deposits_fen + h.securities_fen, 'financialLimit', ?::bigint * h.member_count, 'vehicles', h.vehicle_count, 'otherProperties', h.other_property_count),
            ?::date, ?::date + r.deadline_days, ?, ?
       from household h join warning_rule r on r.code = 'ASSETS_ABOVE_LINE' and r.active
      where h.status = 'IN_HARDSHIP' and 'MINIMUM_LIVING_ALLOWANCE' = any(h.categories)${f.sql}
        and (h.deposits_fen + h.securities_fen > ?::bigint * h.member_count or h.vehicle_count > ? or h.other_property_count > ?)
        and not exists (select 1 from warning w where w.household_id = h.id and w.rule_code = r.code and w.status = 'OPEN')`,
    [limitPerMember, limitPerMember, scope.day, scope.day, scope.actor, scope.actor, ...f.params, limitPerMember, v.ASSET_MAX_VEHICLES, v.ASSET_MAX_OTHER_PROPERTIES]);
}

/** NO_DELIVERY_IN_DUE_PERIOD: an agreed item past its due day with fewer deliveries than required by then. */
export async function raiseDeliveryWarnings(knex: Knex, scope: RuleScope): Promise<number> {
  const f = householdFilter(scope);
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'plan_item:' || pi.id || ':due:' || to_char(pi.due_on, 'YYYY-MM-DD'), h.id, h.township_id, pi.person_id, null,
            jsonb_build_object('planItem', pi.id, 'item', pi.item, 'department', pi.department, 'dueOn', to_char(pi.due_on, 'YYYY-MM-DD'), 'requiredDeliveries', pi.required_deliveries),
            ?::date, ?::date + r.deadline_days, ?, ?
       from plan_item pi join household h on h.id = pi.household_id
       join warning_rule r on r.code = 'NO_DELIVERY_IN_DUE_PERIOD' and r.active
      where pi.status in ('ACCEPTED', 'ADJUSTED') and pi.due_on < ?::date and h.status = 'IN_HARDSHIP'${f.sql}
        and (select count(*) from delivery d where d.plan_item_id = pi.id and d.delivered_on <= pi.due_on) < pi.required_deliveries`,
    [scope.day, scope.day, scope.actor, scope.actor, scope.day, ...f.params]);
}

/** The warning each kind of fact raises. */
export const FACT_RULE: Record<string, string> = {
  EMPLOYED_WITH_WAGES: 'EMPLOYED_WITH_WAGES',
  HOSPITALISATION: 'LARGE_MEDICAL_COST',
  DISABILITY_GRADE: 'NEW_DISABILITY_GRADE',
  DIED: 'MEMBER_DIED',
  MOVED_AWAY: 'MEMBER_MOVED',
};

/**
 * Facts reported by departments → warnings (one per fact; a hospitalisation only from the
 * LARGE_MEDICAL_COST_MIN out-of-pocket line). `factIds` narrows to an event's facts; the daily job
 * passes facts reported since its previous run (a fact whose warning was lost is raised then).
 * The detail carries the figures the township needs; the department never reads warnings.
 */
export async function raiseFactWarnings(knex: Knex, scope: RuleScope, factIds?: string[], reportedSince?: Date, householdIds?: string[]): Promise<number> {
  const cases = Object.entries(FACT_RULE).map(([k, r]) => `when '${k}' then '${r}'`).join(' ');
  const filters: string[] = [];
  const params: unknown[] = [];
  if (factIds) {
    filters.push('f.id = any(?::bigint[])');
    params.push(factIds);
  }
  if (reportedSince) {
    filters.push('f.reported_at >= ?');
    params.push(reportedSince);
  }
  if (householdIds) {
    filters.push('f.household_id = any(?::bigint[])');
    params.push(householdIds);
  }
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'fact:' || f.id, f.household_id, f.township_id, f.person_id, f.id,
            jsonb_strip_nulls(jsonb_build_object('kind', f.kind, 'department', f.department, 'occurredOn', to_char(f.occurred_on, 'YYYY-MM-DD'),
              'monthlyWages', f.monthly_wages, 'outOfPocket', f.out_of_pocket, 'disabilityGrade', f.disability_grade)),
            ?::date, ?::date + r.deadline_days, ?, ?
       from department_fact f join warning_rule r on r.code = (case f.kind ${cases} end) and r.active
      where (f.kind <> 'HOSPITALISATION' or f.out_of_pocket >= ?)${filters.map((x) => ` and ${x}`).join('')}`,
    [scope.day, scope.day, scope.actor, scope.actor, scope.policy.values.LARGE_MEDICAL_COST_MIN, ...params]);
}

/** POLICY_CHANGE_ALTERS_AMOUNT: one warning per plan item whose amount a parameter change altered (from the re-planning). */
export async function raisePolicyChangeWarnings(
  knex: Knex, scope: RuleScope, changes: Array<{ planItemId: string; householdId: string; townshipId: string; personId?: string | null; before: number | null; after: number | null; item: string }>, changeKey: string,
): Promise<number> {
  if (changes.length === 0) return 0;
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'plan_item:' || u.plan_item_id || ':policy:' || ?, u.household_id, u.township_id, null, null,
            jsonb_build_object('planItem', u.plan_item_id, 'item', u.item, 'before', u.before, 'after', u.after, 'policy', ?::text),
            ?::date, ?::date + r.deadline_days, ?, ?
       from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::int[], ?::int[]) as u(plan_item_id, household_id, township_id, item, before, after)
       join warning_rule r on r.code = 'POLICY_CHANGE_ALTERS_AMOUNT' and r.active`,
    [changeKey, changeKey, scope.day, scope.day, scope.actor, scope.actor,
      changes.map((c) => c.planItemId), changes.map((c) => c.householdId), changes.map((c) => c.townshipId), changes.map((c) => c.item),
      changes.map((c) => c.before), changes.map((c) => c.after)]);
}

/** CONSIDER_IDENTIFICATION: temporary relief paid to a household not on the list. */
export async function raiseIdentificationWarning(knex: Knex, scope: RuleScope, reliefId: string): Promise<number> {
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'relief:' || t.id, t.household_id, t.township_id, null, null,
            jsonb_build_object('relief', t.id, 'eventKind', t.event_kind, 'grantedAmount', t.granted_amount),
            ?::date, ?::date + r.deadline_days, ?, ?
       from temporary_relief t join household h on h.id = t.household_id
       join warning_rule r on r.code = 'CONSIDER_IDENTIFICATION' and r.active
      where t.id = ? and h.status <> 'IN_HARDSHIP'`,
    [scope.day, scope.day, scope.actor, scope.actor, reliefId]);
}

/**
 * RECHECK_OVERDUE: a household on the list whose periodic re-check (the lifecycle module's due
 * day: cadence by category and risk from the policy) is past. One warning per household and due day.
 */
export async function raiseRecheckWarnings(knex: Knex, scope: RuleScope): Promise<number> {
  const due = scope.householdIds
    ? recheckDueSql(scope.policy.values, scope.day, 'h.id = any(?::bigint[])', [scope.householdIds])
    : recheckDueSql(scope.policy.values, scope.day);
  return inserted(knex,
    `insert into warning ${COLUMNS}
     select r.code, 'household:' || d.household_id || ':recheck:' || to_char(d.due_on, 'YYYY-MM-DD'), d.household_id, d.township_id, null, null,
            jsonb_build_object('dueOn', to_char(d.due_on, 'YYYY-MM-DD'), 'cadenceMonths', d.cadence_months),
            ?::date, ?::date + r.deadline_days, ?, ?
       from (${due.sql}) d join warning_rule r on r.code = 'RECHECK_OVERDUE' and r.active
      where d.due_on < ?::date`,
    [scope.day, scope.day, scope.actor, scope.actor, ...due.params, scope.day]);
}

/**
 * The rules an event about one household can trigger (its profile changed: income, assets,
 * members), in the caller's transaction — the domain-event consumer's. Same statements as the
 * daily job, narrowed to the household.
 */
export async function raiseHouseholdWarnings(knex: Knex, householdIds: string[], day: string, policy: PolicySnapshot, actor: string): Promise<number> {
  const scope: RuleScope = { day, since: day, householdIds, actor, policy };
  return (await raiseIncomeWarnings(knex, scope)) + (await raiseAssetWarnings(knex, scope));
}
