import { Migration } from '@mikro-orm/migrations';

/** The household's vulnerability as donors.reader.ts VULNERABILITY_SQL computes it (alias h). */
const VULNERABILITY = `((case when 'EXTREME_POVERTY' = any(h.categories) then 3 else 0 end) + (case when 'ORPHAN' = any(h.categories) then 3 else 0 end)
  + (case when 'MINIMUM_LIVING_ALLOWANCE' = any(h.categories) then 2 else 0 end) + (case when 'EXPENDITURE_LOW_INCOME' = any(h.categories) then 1 else 0 end)
  + coalesce(cardinality(h.causes), 0))`;

/**
 * Issue 10: `donation_candidate`, what `pledgeCandidates` ranks — one narrow row per open need of a
 * household in hardship with every input of the ranking (kind, area, urgency points, the
 * household's vulnerability, the county day of publication, uncovered and allocated value) — so a
 * ranking reads these rows alone instead of joining need to household (100,000 rows) and summing
 * every allocation of the county. Kept by statement-level triggers (transition tables: one
 * refresh per statement, however many rows it writes) on need (any write), household (updates
 * that change status, categories or causes) and donation_allocation (any write):
 * donation_candidate_refresh rebuilds the rows of the needs a statement touched from the tables
 * themselves (upsert in key order, then delete what no longer qualifies), so the projection is
 * exactly what the join would answer, in the writer's own transaction. TRUNCATE of need empties
 * it. Backfilled from the rows present.
 */
export class Migration20261202104500_donation_candidate extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "donation_candidate" ("need_id" bigint not null, "household_id" bigint not null, "kind" text not null, "township_id" bigint not null, "community_id" bigint not null, "urgency_points" smallint not null, "vulnerability" smallint not null, "created_at" timestamptz(3) not null, "published_on" date not null, "uncovered_amount" int not null, "allocated" bigint not null, constraint "donation_candidate_pkey" primary key ("need_id"));`);
    this.addSql(`create index "donation_candidate_kind_idx" on "donation_candidate" ("kind", "township_id", "community_id");`);

    this.addSql(`create function donation_candidate_refresh(need_ids bigint[]) returns void language sql as $$
      insert into donation_candidate as c (need_id, household_id, kind, township_id, community_id, urgency_points, vulnerability, created_at, published_on, uncovered_amount, allocated)
      select n.id, n.household_id, n.kind, n.township_id, n.community_id, case n.urgency when 'HIGH' then 40 when 'MEDIUM' then 25 else 10 end, ${VULNERABILITY},
             n.created_at, (n.created_at at time zone 'Asia/Shanghai')::date, n.uncovered_amount,
             coalesce((select sum(a.value) from donation_allocation a where a.need_id = n.id), 0)
        from need n join household h on h.id = n.household_id
       where n.id = any(need_ids) and n.status = 'OPEN' and h.status = 'IN_HARDSHIP'
       order by n.id
      on conflict (need_id) do update set household_id = excluded.household_id, kind = excluded.kind, township_id = excluded.township_id,
        community_id = excluded.community_id, urgency_points = excluded.urgency_points, vulnerability = excluded.vulnerability, created_at = excluded.created_at,
        published_on = excluded.published_on, uncovered_amount = excluded.uncovered_amount, allocated = excluded.allocated;
      delete from donation_candidate c where c.need_id = any(need_ids)
         and not exists (select 1 from need n join household h on h.id = n.household_id where n.id = c.need_id and n.status = 'OPEN' and h.status = 'IN_HARDSHIP');
    $$;`);
    this.addSql(`create function donation_candidate_on_need_insert() returns trigger language plpgsql as $$
      begin perform donation_candidate_refresh(array(select n.id from new_rows n)); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_need_update() returns trigger language plpgsql as $$
      begin perform donation_candidate_refresh(array(select n.id from new_rows n union select o.id from old_rows o)); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_need_delete() returns trigger language plpgsql as $$
      begin delete from donation_candidate where need_id in (select o.id from old_rows o); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_need_truncate() returns trigger language plpgsql as $$
      begin delete from donation_candidate; return null; end $$;`);
    // Only the household columns the projection holds; other updates of household cost one empty join.
    this.addSql(`create function donation_candidate_on_household_update() returns trigger language plpgsql as $$
      begin
        perform donation_candidate_refresh(array(
          select n.id from new_rows nw join old_rows o on o.id = nw.id join need n on n.household_id = nw.id
           where (o.status, o.categories, o.causes) is distinct from (nw.status, nw.categories, nw.causes)));
        return null;
      end $$;`);
    this.addSql(`create function donation_candidate_on_allocation_insert() returns trigger language plpgsql as $$
      begin perform donation_candidate_refresh(array(select distinct n.need_id from new_rows n)); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_allocation_update() returns trigger language plpgsql as $$
      begin perform donation_candidate_refresh(array(select n.need_id from new_rows n union select o.need_id from old_rows o)); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_allocation_delete() returns trigger language plpgsql as $$
      begin perform donation_candidate_refresh(array(select distinct o.need_id from old_rows o)); return null; end $$;`);
    this.addSql(`create function donation_candidate_on_allocation_truncate() returns trigger language plpgsql as $$
      begin update donation_candidate set allocated = 0 where allocated <> 0; return null; end $$;`);

    this.addSql(`create trigger donation_candidate_need_insert after insert on need referencing new table as new_rows for each statement execute function donation_candidate_on_need_insert();`);
    this.addSql(`create trigger donation_candidate_need_update after update on need referencing old table as old_rows new table as new_rows for each statement execute function donation_candidate_on_need_update();`);
    this.addSql(`create trigger donation_candidate_need_delete after delete on need referencing old table as old_rows for each statement execute function donation_candidate_on_need_delete();`);
    this.addSql(`create trigger donation_candidate_need_truncate after truncate on need for each statement execute function donation_candidate_on_need_truncate();`);
    this.addSql(`create trigger donation_candidate_household_update after update on household referencing old table as old_rows new table as new_rows for each statement execute function donation_candidate_on_household_update();`);
    this.addSql(`create trigger donation_candidate_allocation_insert after insert on donation_allocation referencing new table as new_rows for each statement execute function donation_candidate_on_allocation_insert();`);
    this.addSql(`create trigger donation_candidate_allocation_update after update on donation_allocation referencing old table as old_rows new table as new_rows for each statement execute function donation_candidate_on_allocation_update();`);
    this.addSql(`create trigger donation_candidate_allocation_delete after delete on donation_allocation referencing old table as old_rows for each statement execute function donation_candidate_on_allocation_delete();`);
    this.addSql(`create trigger donation_candidate_allocation_truncate after truncate on donation_allocation for each statement execute function donation_candidate_on_allocation_truncate();`);

    this.addSql(`select donation_candidate_refresh(array(select id from need where status = 'OPEN'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger donation_candidate_allocation_truncate on donation_allocation; drop trigger donation_candidate_allocation_delete on donation_allocation;
      drop trigger donation_candidate_allocation_update on donation_allocation; drop trigger donation_candidate_allocation_insert on donation_allocation;
      drop trigger donation_candidate_household_update on household; drop trigger donation_candidate_need_truncate on need; drop trigger donation_candidate_need_delete on need;
      drop trigger donation_candidate_need_update on need; drop trigger donation_candidate_need_insert on need;`);
    this.addSql(`drop function donation_candidate_on_allocation_truncate(); drop function donation_candidate_on_allocation_delete(); drop function donation_candidate_on_allocation_update();
      drop function donation_candidate_on_allocation_insert(); drop function donation_candidate_on_household_update(); drop function donation_candidate_on_need_truncate();
      drop function donation_candidate_on_need_delete(); drop function donation_candidate_on_need_update(); drop function donation_candidate_on_need_insert();
      drop function donation_candidate_refresh(bigint[]);`);
    this.addSql(`drop table "donation_candidate";`);
  }

}
