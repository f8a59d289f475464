/**
 * A simulated year of county work on top of seeded households, written straight into the tables
 * (set-based SQL, deterministic: setseed): identification cases with their notices (some entered
 * late) and objections (some upheld), agreed plan items due through the year with 0–2 deliveries,
 * money deliveries paid from an allocation, monthly allowance runs (some late), approved pairings
 * with ledger entries, covered needs. Synthetic rows only; used by the reconciliation and browser
 * tests (test/modules/supervision) and the speed script (npm run bench:supervision). Never run by
 * the server.
 */
import type { Knex } from '@mikro-orm/postgresql';

export async function simulateYear(knex: Knex, year: number, seed = 0.347): Promise<void> {
  const actor = 'test:simulation';
  await knex.raw('select setseed(?)', [seed]);
  const y0 = `${year}-01-01`;
  // Identification cases for a third of the households: applied in the year, decided 10–90 days later.
  await knex.raw(`insert into identification_case (household_id, township_id, state, applied_on, application_reason, decided_on, decided_by, created_by, updated_by)
    select h.id, h.township_id, 'CONFIRMED', d.applied, '模拟申请', d.applied + (10 + floor(random() * 80))::int, ?, ?, ?
      from household h cross join lateral (select (?::date + floor(random() * 300)::int) as applied) d
     where h.id % 3 = 0 and not exists (select 1 from identification_case c where c.household_id = h.id)`, [actor, actor, actor, y0]);
  await knex.raw(`insert into public_notice (identification_case_id, township_id, community_id, kind, place, posted_on, ends_on, content, posted_by, entered_late)
    select c.id, c.township_id, h.community_id, 'FIRST', '公示栏', c.applied_on + 3, c.applied_on + 7, '{}'::jsonb, ?, random() < 0.15
      from identification_case c join household h on h.id = c.household_id where c.created_by = ? and c.applied_on >= ?::date`, [actor, actor, y0]);
  await knex.raw(`insert into notice_objection (notice_id, source, received_on, summary, status, recorded_by, resolved_on)
    select pn.id, 'PUBLIC', pn.posted_on + 1, '模拟异议', case when random() < 0.5 then 'UPHELD' else 'DISMISSED' end, ?, pn.posted_on + 2
      from public_notice pn where pn.posted_by = ? and random() < 0.2`, [actor, actor]);
  // Plan items of households in hardship, agreed and due through the year; 0–2 deliveries each.
  await knex.raw(`insert into plan_item (household_id, township_id, item, measure, department, status, amount, required_deliveries, basis, decided_on, due_on, created_by, updated_by)
    select h.id, h.township_id, m.item, m.measure, m.department, 'ACCEPTED', m.amount, m.required, '{}'::jsonb, d.due - 90, d.due, ?, ?
      from household h
      cross join (values ('JOB_INFORMATION', 'EMPLOYMENT', 'HUMAN_RESOURCES_SOCIAL_SECURITY', null::int, 2),
                         ('MEDICAL_ASSISTANCE', 'MEDICAL_SECURITY', 'MEDICAL_INSURANCE', 50000, 1),
                         ('TEMPORARY_RELIEF', 'SAFETY_NET', 'CIVIL_AFFAIRS', 80000, 1)) as m(item, measure, department, amount, required)
      cross join lateral (select (?::date + floor(random() * 365)::int) as due) d
     where h.status = 'IN_HARDSHIP' and (h.id + length(m.item)) % 2 = 0
       and not exists (select 1 from plan_item pi where pi.household_id = h.id and pi.item = m.item)`, [actor, actor, y0]);
  await knex.raw(`insert into delivery (plan_item_id, delivered_on, note, amount, recorded_by)
    select pi.id, pi.due_on - 60 + floor(random() * 90)::int, '模拟落实', pi.amount, ?
      from plan_item pi cross join generate_series(1, 2) g(n)
     where pi.created_by = ? and random() < 0.6 and (g.n = 1 or pi.required_deliveries = 2)`, [actor, actor]);
  const [source] = await knex('fund_source').insert({ code: `SIM${year}${Math.floor(seed * 1e6)}${Date.now() % 1e6}`, name: '模拟资金', kind: 'COUNTY_FINANCE', created_by: actor, updated_by: actor }).returning('id');
  const allocations: Record<string, string> = {};
  for (const measure of ['MEDICAL_SECURITY', 'SAFETY_NET']) {
    const [a] = await knex('fund_allocation').insert({ source_id: source.id, measure, year, amount: '100000000000', created_by: actor, updated_by: actor }).returning('id');
    allocations[measure] = String(a.id);
  }
  await knex.raw(`insert into disbursement (allocation_id, delivery_id, amount, paid_on, recorded_by)
    select case pi.measure when 'SAFETY_NET' then ?::bigint else ?::bigint end, d.id, d.amount, d.delivered_on, ?
      from delivery d join plan_item pi on pi.id = d.plan_item_id
     where d.recorded_by = ? and d.amount is not null and not exists (select 1 from disbursement x where x.delivery_id = d.id)`,
  [allocations.SAFETY_NET, allocations.MEDICAL_SECURITY, actor, actor]);
  // Allowance runs: each demo township, each month; one in six made after its month.
  await knex.raw(`insert into allowance_run (township_id, month, allocation_id, households, total, created_by, created_at)
    select t.id, to_char(m.m, 'YYYY-MM'), ?, 10, 1000000, ?,
           (m.m + case when random() < 0.17 then interval '40 days' else interval '20 days' end) at time zone 'Asia/Shanghai'
      from township t cross join generate_series(?::date, ?::date, interval '1 month') m(m)
     where t.code !~ '^9' on conflict (township_id, month) do nothing`, [allocations.SAFETY_NET, actor, y0, `${year}-12-01`]);
  // Pairings approved during the year for a quarter of the households in hardship, with one ledger entry each
  // (set-based: the pairing's note carries its household until pairing_household is written).
  const partner = await knex('partner_organisation').select('id').orderBy('id').first();
  const tag = `模拟结对#${year}#`;
  await knex.raw(`insert into pairing (status, note, decided_by, decided_on, created_by, updated_by)
    select 'APPROVED', ? || h.id, ?, make_date(?::int, 1 + (h.id % 12)::int, 15), ?, ?
      from household h where h.status = 'IN_HARDSHIP' and h.id % 4 = 1
       and not exists (select 1 from pairing_household ph where ph.household_id = h.id)`, [tag, actor, year, actor, actor]);
  await knex.raw(`insert into pairing_household (pairing_id, household_id)
    select p.id, substring(p.note from length(?) + 1)::bigint from pairing p where p.note like ? || '%' and p.created_by = ?`, [tag, tag, actor]);
  await knex.raw(`insert into pairing_partner (pairing_id, partner_id)
    select p.id, ? from pairing p where p.note like ? || '%' and p.created_by = ?`, [partner.id, tag, actor]);
  await knex.raw(`insert into pairing_ledger_entry (pairing_id, partner_id, household_id, township_id, kind, given_on, amount, description, origin, recorded_by)
    select p.id, ?, h.id, h.township_id, 'CASH', make_date(?::int, 1 + (h.id % 12)::int, 20), 10000 * (1 + h.id % 5), '模拟慰问金', 'TYPED', ?
      from pairing p join pairing_household ph on ph.pairing_id = p.id join household h on h.id = ph.household_id
     where p.note like ? || '%' and p.created_by = ?`, [partner.id, year, actor, tag, actor]);
  // Donations (R18): one county-wide money pledge, matched to needs, received in the year (some not, some with problems).
  const [pledge] = await knex('pledge').insert({
    resource: 'MONEY', need_kinds: ['LIVING', 'MEDICAL', 'SCHOOLING'], area_level: 'COUNTY', quantity: 100_000_000, unit: '元', unit_value: 100,
    description: '模拟捐赠', valid_from: y0, valid_until: `${year}-12-31`, status: 'APPROVED', created_by: actor, updated_by: actor,
  }).returning('id');
  await knex.raw(`insert into donation_match (pledge_id, need_id, household_id, township_id, quantity, value, status, proposed_on, decided_on, dispatched_on, confirmed_on, confirmed_by, created_by, updated_by)
    select ?, n.id, n.household_id, n.township_id, 100, 10000, s.status, d.day, d.day, d.day + 3, d.day + 10, ?, ?, ?
      from (select n.*, row_number() over (order by n.id) as rn from need n
             where n.id % 2 = 0 and not exists (select 1 from donation_match m where m.need_id = n.id)) n
      cross join lateral (select (?::date + floor(random() * 340)::int) as day) d
      -- by position, not by chance: the first match and every 7th has problems, every 10th from the 5th was not
      -- received, so a small county (the embedded database's) still has every outcome
      cross join lateral (select case when n.rn % 7 = 1 then 'RECEIVED_WITH_PROBLEMS' when n.rn % 10 = 5 then 'NOT_RECEIVED' else 'RECEIVED' end as status) s`, [pledge.id, actor, actor, actor, y0]);
  // Monitoring warnings (issue 11): raised through the year with a 30-day deadline; most handled, some late, some never.
  const rule = await knex('warning_rule').select('code').orderBy('code').first();
  if (rule) {
    await knex.raw(`insert into warning (rule_code, subject_key, household_id, township_id, detail, raised_on, due_on, status, result, reason, handled_by, handled_on, created_by, updated_by)
      select ?, 'sim:' || h.id || ':' || ?, h.id, h.township_id, '{}'::jsonb, d.day, d.day + 30,
             case when d.r < 0.8 then 'HANDLED' else 'OPEN' end, case when d.r < 0.8 then 'NO_ACTION' end, case when d.r < 0.8 then '模拟处置' end,
             case when d.r < 0.8 then ? end, case when d.r < 0.6 then d.day + 10 when d.r < 0.8 then d.day + 45 end, ?, ?
        from household h cross join lateral (select (?::date + floor(random() * 360)::int) as day, random() as r) d
       where h.status = 'IN_HARDSHIP' and h.id % 5 = 2
       on conflict do nothing`, [rule.code, year, actor, actor, actor, y0]);
  }
  // Needs: some covered.
  await knex.raw(`update need set status = 'COVERED' where id % 3 = 0 and status = 'OPEN'`);
}
