/**
 * THE figure registry of supervision (R22): every scorecard figure is defined here once — its
 * code, names, formula, unit, which way is better, and the SQL of its SOURCE ROWS. The scorecard
 * value of a figure for a township and period is the count (or the sum of `amount`) of those rows,
 * computed for every township and period at once in one statement (supervision.reader.ts); the
 * drill-down lists the same rows. So a figure and the rows behind it cannot drift apart.
 *
 * Source-row SQL contract: a SELECT that may reference the CTE `pr(period_key, d0, d1, asof)` (the
 * periods asked for: first and last day, and `asof` = the last day or today if earlier) and the
 * shared CTEs of SHARED_CTES below (`on_list`, `delivery_days`: computed once per statement however
 * many figures use them), and returns the columns
 *   id bigint, township_id bigint, period_key text, household_id bigint|null, day date|null,
 *   amount bigint|null, department text|null
 * one row per source record per period it counts in. It takes no bind parameters except through
 * `pr`, and reads only tables that exist.
 *
 * A figure with `base` is a share: value / base (the base is another figure's value for the same
 * township and period). Rankings use the share when there is a base, else the value.
 */
import { RECHECK_DUE_READS, recheckDueRowsSql, recheckPolicyInForceSql } from '../lifecycle/lifecycle.reader';

export type FigureGroup = 'RESULTS' | 'PROGRESS' | 'DELIVERY' | 'INTEGRITY';
export type FigureUnit = 'HOUSEHOLDS' | 'CASES' | 'ITEMS' | 'FEN' | 'RUNS' | 'NEEDS' | 'NOTICES' | 'OBJECTIONS' | 'DONATIONS' | 'WARNINGS';
/** The table a figure's source rows come from (what the drill-down links to). */
export type FigureSource =
  | 'HOUSEHOLD' | 'IDENTIFICATION_CASE' | 'PLAN_ITEM' | 'DISBURSEMENT' | 'ALLOWANCE_RUN' | 'NEED' | 'LEDGER_ENTRY'
  | 'PUBLIC_NOTICE' | 'OBJECTION' | 'CHECK_HOUSEHOLD' | 'RECHECK' | 'WARNING' | 'EPISODE' | 'DONATION_MATCH';

export interface FigureDefinition {
  group: FigureGroup;
  rule: string;
  zh: string;
  en: string;
  /** The formula in words (shown in the API, the README and the Excel sheet). */
  formulaZh: string;
  formulaEn: string;
  unit: FigureUnit;
  /** COUNT of source rows, or SUM of their amount (money in fen). */
  aggregate: 'COUNT' | 'SUM';
  /** A share of another figure (value / base's value): that figure's code (checked below). */
  base?: string;
  better: 'HIGHER' | 'LOWER';
  source: FigureSource;
  /** Source rows carry the owning department (drill-down for departments: their own measures). */
  byDepartment?: boolean;
  /**
   * The tables its source rows read, besides those of the shared CTEs it names (SHARED_CTES)
   * and of its base (figureReads adds both): a kept figure is stale after a write to one of them
   * (supervision.reader.ts). scorecard-results.e2e.test.ts checks each against the figure's plan.
   */
  reads: readonly string[];
  rows: string;
}

const AGREED = `('ACCEPTED', 'ADJUSTED')`;
const COUNTY_DAY = (col: string) => `(${col} at time zone 'Asia/Shanghai')::date`;

/**
 * Households on the list at the end of the period (or today): their latest episode (lifecycle,
 * R19) started by then is not an exit. The township is the household's.
 */
const ON_LIST_ROWS = `select h.id, h.township_id, pr.period_key, h.id as household_id, e.started_on as day, null::bigint as amount, null::text as department
  from pr cross join lateral (select distinct on (x.household_id) x.household_id, x.kind, x.started_on from household_episode x
                               where x.started_on <= pr.asof order by x.household_id, x.started_on desc, x.id desc) e
  join household h on h.id = e.household_id where e.kind <> 'EXITED'`;

/** Episodes of one kind that started in the period (entries, re-entries, exits). */
const EPISODE_ROWS = (kind: string) => `select e.id, h.township_id, pr.period_key, e.household_id, e.started_on as day, null::bigint as amount, null::text as department
  from household_episode e join household h on h.id = e.household_id join pr on e.started_on between pr.d0 and pr.d1 where e.kind = '${kind}'`;

/** Agreed plan items due in the period. */
const DUE_ROWS = (delivered = false) => `select pi.id, pi.township_id, pr.period_key, pi.household_id, pi.due_on as day, null::bigint as amount, pi.department
  from plan_item pi join pr on pi.due_on between pr.d0 and pr.d1 ${delivered ? DELIVERY_DAYS : ''} where pi.status in ${AGREED}`;

/**
 * Deliveries of an item in order, as one array per item (joined as `dd`): the item has had its
 * required deliveries by day B when its required-th delivery is on or before B. One grouped scan of
 * `delivery` instead of a count per item.
 */
const DELIVERY_DAYS = `left join delivery_days dd on dd.plan_item_id = pi.id`;
const DELIVERED_BY = (bound: string) => `(pi.required_deliveries = 0 or coalesce(dd.days[pi.required_deliveries] <= ${bound}, false))`;

/**
 * The same households as ON_LIST_ROWS, of some townships only (`inTownships` an SQL bigint[]
 * expression): each household's latest episode by the period end through
 * household_episode_household_idx, instead of the latest episode of every household in the county.
 */
const ON_LIST_ROWS_IN = (inTownships: string) => `select h.id, h.township_id, pr.period_key, h.id as household_id, e.started_on as day, null::bigint as amount, null::text as department
  from pr cross join household h
  cross join lateral (select x.kind, x.started_on from household_episode x where x.household_id = h.id and x.started_on <= pr.asof
                       order by x.started_on desc, x.id desc limit 1) e
 where h.township_id = any(${inTownships}) and e.kind <> 'EXITED'`;

/**
 * CTEs every figure's rows may use (the reader adds those a statement's figures name), for every
 * township (`inTownships` null) or narrowed to what the rows of some townships can need: their
 * households on the list; the deliveries of items of those townships or of their households (an
 * item keeps the township it was planned in). `reads`: the tables each reads (either form).
 */
export const SHARED_CTES: Record<string, { body: (inTownships: string | null) => string; reads: readonly string[] }> = {
  on_list: { body: (t) => t ? ON_LIST_ROWS_IN(t) : ON_LIST_ROWS, reads: ['household_episode', 'household'] },
  delivery_days: {
    body: (t) => `select d.plan_item_id, array_agg(d.delivered_on order by d.delivered_on) as days from delivery d
    ${t ? `where d.plan_item_id in (select pi.id from plan_item pi where pi.township_id = any(${t}) or pi.household_id in (select h.id from household h where h.township_id = any(${t})))` : ''}
    group by d.plan_item_id`,
    reads: ['delivery', 'plan_item', 'household'],
  },
};

/** The names of the shared CTEs an SQL text refers to. */
export function sharedCtesNamedIn(sql: string): string[] {
  return Object.keys(SHARED_CTES).filter((name) => new RegExp(`\\b${name}\\b`).test(sql));
}

export const FIGURES = {
  // ---- results ----
  HOUSEHOLDS_ON_LIST: {
    group: 'RESULTS', rule: 'R19', zh: '在册困难家庭户数', en: 'Households on the list',
    formulaZh: '期末（或今日）在册的困难家庭：截至期末最近一次认定、变更、退出、再纳入记录不是退出', formulaEn: 'Households whose latest episode started by the period end (or today) is not an exit',
    reads: [],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'HIGHER', source: 'HOUSEHOLD', rows: 'select * from on_list',
  },
  HOUSEHOLDS_ENTERED: {
    group: 'RESULTS', rule: 'R19', zh: '新纳入家庭户数', en: 'Households entered',
    formulaZh: '本期内认定纳入（首次）的家庭', formulaEn: 'Households first confirmed on the list in the period (CONFIRMED episodes)',
    reads: ['household_episode', 'household'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'HIGHER', source: 'EPISODE', rows: EPISODE_ROWS('CONFIRMED'),
  },
  HOUSEHOLDS_EXITED: {
    group: 'RESULTS', rule: 'R19', zh: '脱困退出家庭户数', en: 'Households exited',
    formulaZh: '本期内经核查退出的家庭（“脱贫出”）', formulaEn: 'Households that exited the list in the period after a re-check (EXITED episodes)',
    reads: ['household_episode', 'household'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'HIGHER', source: 'EPISODE', rows: EPISODE_ROWS('EXITED'),
  },
  HOUSEHOLDS_REENTERED: {
    group: 'RESULTS', rule: 'R19', zh: '返困再纳入家庭户数', en: 'Households re-entered',
    formulaZh: '本期内退出后再次认定纳入的家庭（“返贫进”）', formulaEn: 'Households that fell back and were confirmed again in the period (REENTERED episodes)',
    reads: ['household_episode', 'household'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'LOWER', source: 'EPISODE', rows: EPISODE_ROWS('REENTERED'),
  },
  HOUSEHOLDS_FULLY_HELPED: {
    group: 'RESULTS', rule: 'R11', zh: '帮扶事项全部落实户数', en: 'Households whose causes were addressed',
    formulaZh: '在册家庭中，有已确认帮扶事项且截至期末每项均达到应落实次数的户数；占在册户数', formulaEn: 'Households on the list with agreed plan items, every one delivered as often as required by the period end; share of households on the list',
    reads: ['plan_item'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', base: 'HOUSEHOLDS_ON_LIST', better: 'HIGHER', source: 'HOUSEHOLD',
    rows: `select l.id, l.township_id, l.period_key, l.household_id, l.day, l.amount, l.department from on_list l join pr on pr.period_key = l.period_key
      join (select pi.household_id, pr.period_key from plan_item pi cross join pr ${DELIVERY_DAYS}
             -- only the households on the list count: their items alone are grouped (a few townships' when on_list is narrowed)
             where pi.status in ${AGREED} and pi.household_id in (select o.id from on_list o)
             group by pi.household_id, pr.period_key having bool_and(${DELIVERED_BY('pr.asof')})) f on f.household_id = l.id and f.period_key = l.period_key`,
  },
  // ---- progress ----
  CASES_DECIDED: {
    group: 'PROGRESS', rule: 'R9', zh: '县级审核决定件数', en: 'Identification cases decided',
    formulaZh: '县民政局决定日期在本期内的认定申请（批准或不批准）', formulaEn: 'Identification cases the county decided (approved or rejected) in the period',
    reads: ['identification_case'],
    unit: 'CASES', aggregate: 'COUNT', better: 'HIGHER', source: 'IDENTIFICATION_CASE',
    rows: `select c.id, c.township_id, pr.period_key, c.household_id, c.decided_on as day, null::bigint as amount, null::text as department
      from identification_case c join pr on c.decided_on between pr.d0 and pr.d1`,
  },
  CASES_DECIDED_ON_TIME: {
    group: 'PROGRESS', rule: 'R9', zh: '按时办结件数', en: 'Cases decided within the policy time',
    formulaZh: '本期决定的申请中，自申请日至决定日不超过政策时限（参数 CASE_DECISION_DAYS，按决定日生效值）的件数；占决定件数', formulaEn: 'Cases decided in the period within CASE_DECISION_DAYS (in force on the decision day) of the application; share of cases decided',
    reads: ['identification_case', 'policy_parameter'],
    unit: 'CASES', aggregate: 'COUNT', base: 'CASES_DECIDED', better: 'HIGHER', source: 'IDENTIFICATION_CASE',
    rows: `select c.id, c.township_id, pr.period_key, c.household_id, c.decided_on as day, null::bigint as amount, null::text as department
      from identification_case c join pr on c.decided_on between pr.d0 and pr.d1
      join (select pp.value, pp.effective_from, lead(pp.effective_from) over (order by pp.effective_from) as until
              from policy_parameter pp where pp.key = 'CASE_DECISION_DAYS') lim on c.decided_on >= lim.effective_from and (lim.until is null or c.decided_on < lim.until)
     where c.decided_on - c.applied_on <= lim.value`,
  },
  RECHECKS_DECIDED: {
    group: 'PROGRESS', rule: 'R19', zh: '定期核查完成件数', en: 'Re-checks decided',
    formulaZh: '县民政局决定日期在本期内的定期核查（继续、变更或退出）', formulaEn: 'Periodic re-checks civil affairs decided in the period (continue, change or exit)',
    reads: ['household_recheck'],
    unit: 'CASES', aggregate: 'COUNT', better: 'HIGHER', source: 'RECHECK',
    rows: `select r.id, r.township_id, pr.period_key, r.household_id, r.decided_on as day, null::bigint as amount, null::text as department
      from household_recheck r join pr on r.decided_on between pr.d0 and pr.d1 where r.state = 'DECIDED'`,
  },
  RECHECKS_ON_TIME: {
    group: 'PROGRESS', rule: 'R19', zh: '定期核查按期完成件数', en: 'Re-checks on time',
    formulaZh: '本期决定的定期核查中，决定日不晚于其到期日的件数；到期日 = 核查登记日前一日时最近一次认定（变更、再纳入）日与上次核查登记日中较晚者 + 该日生效的核查周期（按类别和风险，与乡镇核查待办同一规则）；占核查完成件数',
    formulaEn: 'Re-checks decided in the period on or before their due day; due day = the later of the household\'s latest episode day and its last re-check recorded before this one, plus the cadence in force then for its category and risk (the rule of the township\'s re-check queue); share of re-checks decided',
    reads: ['household_recheck', ...RECHECK_DUE_READS],
    unit: 'CASES', aggregate: 'COUNT', base: 'RECHECKS_DECIDED', better: 'HIGHER', source: 'RECHECK',
    rows: `select r.id, r.township_id, pr.period_key, r.household_id, r.decided_on as day, null::bigint as amount, null::text as department
      from household_recheck r join pr on r.decided_on between pr.d0 and pr.d1
      cross join lateral (${recheckDueRowsSql('r.checked_on - 1', recheckPolicyInForceSql('r.checked_on - 1'), 'h.id = r.household_id')}) q
     where r.state = 'DECIDED' and r.decided_on <= q.due_on`,
  },
  RECHECKS_OVERDUE: {
    group: 'PROGRESS', rule: 'R19', zh: '定期核查逾期户数', en: 'Re-checks overdue',
    formulaZh: '期末（或今日）在册家庭中，到期日已过、截至当日仍未登记核查的户数；到期日 = 截至当日最近一次认定（变更、再纳入）日与最近一次核查登记日中较晚者 + 当日生效的核查周期（与乡镇核查待办同一规则）',
    formulaEn: 'Households on the list at the period end (or today) whose re-check due day had passed with no re-check recorded by then; due day = the later of the latest episode day and the last re-check recorded by then, plus the cadence in force then for its category and risk (the rule of the township\'s re-check queue)',
    reads: [...RECHECK_DUE_READS],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'LOWER', source: 'HOUSEHOLD',
    rows: `select q.household_id as id, q.township_id, pr.period_key, q.household_id, q.due_on as day, null::bigint as amount, null::text as department
      from pr cross join lateral (${recheckDueRowsSql('pr.asof', recheckPolicyInForceSql('pr.asof'))}) q where q.due_on < pr.asof`,
  },
  WARNINGS_RAISED: {
    group: 'PROGRESS', rule: 'R19', zh: '动态监测预警条数', en: 'Warnings raised',
    formulaZh: '本期内产生的动态监测预警（年龄跨线、收入超线、核查逾期等）', formulaEn: 'Monitoring warnings raised in the period (age lines crossed, income above the line, re-check overdue, ...)',
    reads: ['warning'],
    unit: 'WARNINGS', aggregate: 'COUNT', better: 'HIGHER', source: 'WARNING',
    rows: `select w.id, w.township_id, pr.period_key, w.household_id, w.raised_on as day, null::bigint as amount, null::text as department
      from warning w join pr on w.raised_on between pr.d0 and pr.d1`,
  },
  WARNINGS_HANDLED_ON_TIME: {
    group: 'PROGRESS', rule: 'R19', zh: '预警按期处置条数', en: 'Warnings handled within their deadline',
    formulaZh: '本期产生的预警中，在处置期限（含）内已处置的；占预警条数', formulaEn: 'Warnings raised in the period and handled by their due day; share of warnings raised',
    reads: ['warning'],
    unit: 'WARNINGS', aggregate: 'COUNT', base: 'WARNINGS_RAISED', better: 'HIGHER', source: 'WARNING',
    rows: `select w.id, w.township_id, pr.period_key, w.household_id, w.handled_on as day, null::bigint as amount, null::text as department
      from warning w join pr on w.raised_on between pr.d0 and pr.d1 where w.status = 'HANDLED' and w.handled_on <= w.due_on`,
  },
  WARNINGS_OVERDUE: {
    group: 'PROGRESS', rule: 'R19', zh: '预警逾期未处置条数', en: 'Warnings overdue',
    formulaZh: '期末（或今日）已过处置期限、当时仍未处置的预警', formulaEn: 'Warnings past their due day at the period end (or today) and not handled by then',
    reads: ['warning'],
    unit: 'WARNINGS', aggregate: 'COUNT', better: 'LOWER', source: 'WARNING',
    rows: `select w.id, w.township_id, pr.period_key, w.household_id, w.due_on as day, null::bigint as amount, null::text as department
      from warning w join pr on w.due_on < pr.asof and w.raised_on <= pr.asof where w.handled_on is null or w.handled_on > pr.asof`,
  },
  // ---- policy delivery ----
  ITEMS_DUE: {
    group: 'DELIVERY', rule: 'R12–R18', zh: '到期帮扶事项数', en: 'Plan items due',
    formulaZh: '已确认（含调整）且落实期限在本期内的帮扶事项', formulaEn: 'Agreed (accepted or adjusted) plan items whose due day falls in the period',
    reads: ['plan_item'],
    unit: 'ITEMS', aggregate: 'COUNT', better: 'HIGHER', source: 'PLAN_ITEM', byDepartment: true, rows: DUE_ROWS(),
  },
  ITEMS_DELIVERED_ON_TIME: {
    group: 'DELIVERY', rule: 'R12–R18', zh: '按期落实事项数', en: 'Plan items delivered on time',
    formulaZh: '本期到期事项中，到期日前落实次数达到应落实次数（“至少两次”“至少一次”）的事项；占到期事项数', formulaEn: 'Items due in the period delivered as often as required ("at least twice", "at least one") by their due day; share of items due',
    reads: ['plan_item'],
    unit: 'ITEMS', aggregate: 'COUNT', base: 'ITEMS_DUE', better: 'HIGHER', source: 'PLAN_ITEM', byDepartment: true,
    rows: `${DUE_ROWS(true)} and ${DELIVERED_BY('pi.due_on')}`,
  },
  ITEMS_OVERDUE: {
    group: 'DELIVERY', rule: 'R21', zh: '逾期未落实事项数', en: 'Plan items overdue',
    formulaZh: '期末（或今日）已过落实期限、落实次数仍不足的已确认事项', formulaEn: 'Agreed items past their due day at the period end (or today) with fewer deliveries than required',
    reads: ['plan_item'],
    unit: 'ITEMS', aggregate: 'COUNT', better: 'LOWER', source: 'PLAN_ITEM', byDepartment: true,
    rows: `select pi.id, pi.township_id, pr.period_key, pi.household_id, pi.due_on as day, null::bigint as amount, pi.department
      from plan_item pi join pr on pi.due_on < pr.asof ${DELIVERY_DAYS} where pi.status in ${AGREED} and not ${DELIVERED_BY('pr.asof')}`,
  },
  MONEY_DISBURSED: {
    group: 'DELIVERY', rule: 'R20', zh: '资金发放金额', en: 'Money disbursed',
    formulaZh: '本期内支付日的资金支出合计（分，按事项所属乡镇）', formulaEn: 'Sum of disbursements paid in the period (fen), by the township of the item paid',
    reads: ['disbursement', 'delivery', 'plan_item'],
    unit: 'FEN', aggregate: 'SUM', better: 'HIGHER', source: 'DISBURSEMENT', byDepartment: true,
    rows: `select ds.id, pi.township_id, pr.period_key, pi.household_id, ds.paid_on as day, ds.amount::bigint as amount, pi.department
      from disbursement ds join delivery d on d.id = ds.delivery_id join plan_item pi on pi.id = d.plan_item_id join pr on ds.paid_on between pr.d0 and pr.d1`,
  },
  ALLOWANCE_RUNS: {
    group: 'DELIVERY', rule: 'R17', zh: '低保金发放批次', en: 'Allowance runs',
    formulaZh: '发放月份在本期内的低保金月度发放批次', formulaEn: 'Monthly allowance runs whose month falls in the period',
    reads: ['allowance_run'],
    unit: 'RUNS', aggregate: 'COUNT', better: 'HIGHER', source: 'ALLOWANCE_RUN',
    rows: `select r.id, r.township_id, pr.period_key, null::bigint as household_id, to_date(r.month || '-01', 'YYYY-MM-DD') as day, r.total::bigint as amount, 'CIVIL_AFFAIRS'::text as department
      from allowance_run r join pr on to_date(r.month || '-01', 'YYYY-MM-DD') between pr.d0 and pr.d1`,
  },
  ALLOWANCE_RUNS_ON_TIME: {
    group: 'DELIVERY', rule: 'R17', zh: '按月按时发放批次', en: 'Allowance runs on time',
    formulaZh: '本期发放批次中，在发放月份最后一日（含）前完成的批次；占发放批次', formulaEn: 'Runs of the period made by the last day of their month; share of runs',
    reads: ['allowance_run'],
    unit: 'RUNS', aggregate: 'COUNT', base: 'ALLOWANCE_RUNS', better: 'HIGHER', source: 'ALLOWANCE_RUN',
    rows: `select r.id, r.township_id, pr.period_key, null::bigint as household_id, to_date(r.month || '-01', 'YYYY-MM-DD') as day, r.total::bigint as amount, 'CIVIL_AFFAIRS'::text as department
      from allowance_run r join pr on to_date(r.month || '-01', 'YYYY-MM-DD') between pr.d0 and pr.d1
     where ${COUNTY_DAY('r.created_at')} < (to_date(r.month || '-01', 'YYYY-MM-DD') + interval '1 month')::date`,
  },
  HOUSEHOLDS_PAIRED: {
    group: 'DELIVERY', rule: 'R18', zh: '结对帮扶覆盖户数', en: 'Households paired',
    formulaZh: '在册家庭中，期末前已有获批结对帮扶的户数；占在册户数', formulaEn: 'Households on the list with a pairing approved by the period end; share of households on the list',
    reads: ['pairing_household', 'pairing'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', base: 'HOUSEHOLDS_ON_LIST', better: 'HIGHER', source: 'HOUSEHOLD',
    rows: `select l.id, l.township_id, l.period_key, l.household_id, l.day, l.amount, l.department from on_list l join pr on pr.period_key = l.period_key
      where exists (select 1 from pairing_household ph join pairing p on p.id = ph.pairing_id
                     where ph.household_id = l.id and p.status in ('APPROVED', 'ENDED') and p.decided_on <= pr.asof)`,
  },
  NEEDS_PUBLISHED: {
    group: 'DELIVERY', rule: 'R18', zh: '发布帮扶需求数', en: 'Needs published',
    formulaZh: '本期内发布的家庭帮扶需求', formulaEn: 'Household needs published in the period',
    reads: ['need'],
    unit: 'NEEDS', aggregate: 'COUNT', better: 'HIGHER', source: 'NEED',
    rows: `select n.id, n.township_id, pr.period_key, n.household_id, ${COUNTY_DAY('n.created_at')} as day, n.uncovered_amount::bigint as amount, null::text as department
      from need n join pr on ${COUNTY_DAY('n.created_at')} between pr.d0 and pr.d1`,
  },
  NEEDS_COVERED: {
    group: 'DELIVERY', rule: 'R18', zh: '已对接需求数', en: 'Needs covered',
    formulaZh: '本期发布的需求中，已由结对单位或社会力量对接（状态为已对接）的；占发布需求数', formulaEn: 'Needs published in the period that partners or donors covered (status COVERED); share of needs published',
    reads: ['need'],
    unit: 'NEEDS', aggregate: 'COUNT', base: 'NEEDS_PUBLISHED', better: 'HIGHER', source: 'NEED',
    rows: `select n.id, n.township_id, pr.period_key, n.household_id, ${COUNTY_DAY('n.created_at')} as day, n.uncovered_amount::bigint as amount, null::text as department
      from need n join pr on ${COUNTY_DAY('n.created_at')} between pr.d0 and pr.d1 where n.status = 'COVERED'`,
  },
  PAIRING_MONEY: {
    group: 'DELIVERY', rule: 'R20', zh: '结对帮扶资金物资金额', en: 'Pairing assistance given',
    formulaZh: '结对帮扶台账中本期发生的现金、物资等折款合计（分）', formulaEn: 'Sum of the amounts in the pairing ledger given in the period (fen)',
    reads: ['pairing_ledger_entry'],
    unit: 'FEN', aggregate: 'SUM', better: 'HIGHER', source: 'LEDGER_ENTRY',
    rows: `select e.id, e.township_id, pr.period_key, e.household_id, e.given_on as day, e.amount::bigint as amount, null::text as department
      from pairing_ledger_entry e join pr on e.given_on between pr.d0 and pr.d1 where e.amount is not null`,
  },
  DONATIONS_CONFIRMED: {
    group: 'DELIVERY', rule: 'R18', zh: '捐赠签收确认件数', en: 'Donations confirmed at the household',
    formulaZh: '确认日期在本期内、家庭已确认签收结果（收到、未收到或有问题）的捐赠对接', formulaEn: 'Donation matches whose receipt was confirmed in the period (received, not received, or received with problems)',
    reads: ['donation_match'],
    unit: 'DONATIONS', aggregate: 'COUNT', better: 'HIGHER', source: 'DONATION_MATCH',
    rows: `select m.id, m.township_id, pr.period_key, m.household_id, m.confirmed_on as day, m.value::bigint as amount, null::text as department
      from donation_match m join pr on m.confirmed_on between pr.d0 and pr.d1 where m.status in ('RECEIVED', 'NOT_RECEIVED', 'RECEIVED_WITH_PROBLEMS')`,
  },
  // ---- integrity signals ----
  NOTICES_ENTERED_LATE: {
    group: 'INTEGRITY', rule: 'R10', zh: '公示补录件数', en: 'Notices entered late',
    formulaZh: '张贴日期在本期内、公示期结束后才录入系统的公示', formulaEn: 'Public notices posted in the period that were entered after their last day',
    reads: ['public_notice', 'identification_case'],
    unit: 'NOTICES', aggregate: 'COUNT', better: 'LOWER', source: 'PUBLIC_NOTICE',
    rows: `select pn.id, pn.township_id, pr.period_key, c.household_id, pn.posted_on as day, null::bigint as amount, null::text as department
      from public_notice pn join identification_case c on c.id = pn.identification_case_id join pr on pn.posted_on between pr.d0 and pr.d1 where pn.entered_late`,
  },
  OBJECTIONS_UPHELD: {
    group: 'INTEGRITY', rule: 'R10', zh: '异议成立件数', en: 'Objections upheld',
    formulaZh: '处理日期在本期内、经核实成立的公示异议', formulaEn: 'Objections to public notices resolved as upheld in the period',
    reads: ['notice_objection', 'public_notice', 'identification_case'],
    unit: 'OBJECTIONS', aggregate: 'COUNT', better: 'LOWER', source: 'OBJECTION',
    rows: `select o.id, pn.township_id, pr.period_key, c.household_id, o.resolved_on as day, null::bigint as amount, null::text as department
      from notice_objection o join public_notice pn on pn.id = o.notice_id join identification_case c on c.id = pn.identification_case_id
      join pr on o.resolved_on between pr.d0 and pr.d1 where o.status = 'UPHELD'`,
  },
  DONATION_PROBLEMS: {
    group: 'INTEGRITY', rule: 'R18', zh: '捐赠未收到或有问题件数', en: 'Donations not received or received with problems',
    formulaZh: '本期确认的捐赠中，家庭反映未收到或收到有问题的；占确认件数', formulaEn: 'Donations confirmed in the period as not received or received with problems; share of donations confirmed',
    reads: ['donation_match'],
    unit: 'DONATIONS', aggregate: 'COUNT', base: 'DONATIONS_CONFIRMED', better: 'LOWER', source: 'DONATION_MATCH',
    rows: `select m.id, m.township_id, pr.period_key, m.household_id, m.confirmed_on as day, m.value::bigint as amount, null::text as department
      from donation_match m join pr on m.confirmed_on between pr.d0 and pr.d1 where m.status in ('NOT_RECEIVED', 'RECEIVED_WITH_PROBLEMS')`,
  },
  CHECKS_INSPECTED: {
    group: 'INTEGRITY', rule: 'R22', zh: '抽查核查户数', en: 'Households inspected',
    formulaZh: '核查日期在本期内、已记录核查结果的抽查和定期检查家庭', formulaEn: 'Households of random and regular checks whose findings were recorded in the period',
    reads: ['supervision_check_household', 'supervision_check'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', better: 'HIGHER', source: 'CHECK_HOUSEHOLD',
    rows: `select ch.id, sc.township_id, pr.period_key, ch.household_id, ch.inspected_on as day, null::bigint as amount, null::text as department
      from supervision_check_household ch join supervision_check sc on sc.id = ch.check_id join pr on ch.inspected_on between pr.d0 and pr.d1 where ch.result is not null`,
  },
  CHECKS_PASSED: {
    group: 'INTEGRITY', rule: 'R22', zh: '核查合格户数', en: 'Households that passed inspection',
    formulaZh: '本期核查家庭中，身份、收入、措施落实、公示四项均符合的；占核查户数', formulaEn: 'Households inspected in the period found right on all four points (family, income, measures, notices); share of households inspected',
    reads: ['supervision_check_household', 'supervision_check'],
    unit: 'HOUSEHOLDS', aggregate: 'COUNT', base: 'CHECKS_INSPECTED', better: 'HIGHER', source: 'CHECK_HOUSEHOLD',
    rows: `select ch.id, sc.township_id, pr.period_key, ch.household_id, ch.inspected_on as day, null::bigint as amount, null::text as department
      from supervision_check_household ch join supervision_check sc on sc.id = ch.check_id join pr on ch.inspected_on between pr.d0 and pr.d1 where ch.result = 'PASS'`,
  },
} satisfies Record<string, FigureDefinition>;

export type FigureCode = keyof typeof FIGURES;
export const FIGURE_CODES = Object.keys(FIGURES) as FigureCode[];

export function figureOf(code: FigureCode): FigureDefinition {
  return FIGURES[code] as FigureDefinition;
}

for (const [code, f] of Object.entries(FIGURES) as Array<[string, FigureDefinition]>) {
  if (f.base && !(f.base in FIGURES)) throw new Error(`figure ${code}: base ${f.base} is not a figure`);
}

/**
 * Every table a figure's kept value (with its base, when it is a share) is computed from: its own
 * rows', the shared CTEs' they name, its base's, the township list, and sign-offs when approved
 * figures are shown (frozen). Sorted, no duplicates.
 */
export function figureReads(code: FigureCode, frozen: boolean): string[] {
  const out = new Set<string>(['township']);
  if (frozen) out.add('assessment_sign_off');
  const add = (c: FigureCode) => {
    const f = figureOf(c);
    for (const t of f.reads) out.add(t);
    for (const name of sharedCtesNamedIn(f.rows)) for (const t of SHARED_CTES[name].reads) out.add(t);
  };
  add(code);
  const base = figureOf(code).base;
  if (base) add(base as FigureCode);
  return [...out].sort();
}

export function isFigureCode(v: string): v is FigureCode {
  return Object.prototype.hasOwnProperty.call(FIGURES, v);
}
