import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128173111_registry } from './Migration20261128173111_registry';
import { Migration20261128175237_identification } from './Migration20261128175237_identification';
import { Migration20261128180953_measures_and_funds } from './Migration20261128180953_measures_and_funds';
import { Migration20261128182510_filter_indexes } from './Migration20261128182510_filter_indexes';
import { Migration20261128182703_partners } from './Migration20261128182703_partners';
import { Migration20261128184111_key_scopes } from './Migration20261128184111_key_scopes';
import { Migration20261201230000_case_step_dates } from './Migration20261201230000_case_step_dates';
// perf (issue 10)
import { Migration20261202050000_household_tally } from './Migration20261202050000_household_tally';
import { Migration20261202051000_lifecycle } from './Migration20261202051000_lifecycle'; // lifecycle (issue 11)
// supervision (issue 13)
import { Migration20261202053000_supervision } from './Migration20261202053000_supervision';
// monitoring (issue 11)
import { Migration20261202060000_monitoring } from './Migration20261202060000_monitoring';
import { Migration20261202064000_donors } from './Migration20261202064000_donors'; // donors (issue 12)
import { Migration20261202072000_pledge_reference } from './Migration20261202072000_pledge_reference'; // donors (issue 12)
import { Migration20261202065000_office_ledger } from './Migration20261202065000_office_ledger'; // office-files (issue 14)
import { Migration20261202070500_webhook_secrets } from './Migration20261202070500_webhook_secrets'; // office-files (issue 14)
import { Migration20261202070000_lifecycle_statistics } from './Migration20261202070000_lifecycle_statistics'; // lifecycle (issue 11)
import { Migration20261202071500_pinyin_head_name } from './Migration20261202071500_pinyin_head_name'; // office-docs (issue 14)
import { Migration20261202073000_lifecycle_statistics_order } from './Migration20261202073000_lifecycle_statistics_order'; // lifecycle (issue 11)
import { Migration20261202103000_scorecard_results } from './Migration20261202103000_scorecard_results'; // supervision (issue 10)
import { Migration20261202104500_donation_candidate } from './Migration20261202104500_donation_candidate'; // donors' ranking projection (issue 10)
import { Migration20261202111000_lifecycle_summaries } from './Migration20261202111000_lifecycle_summaries'; // lifecycle (issue 10)
import { Migration20261202140000_recheck_due } from './Migration20261202140000_recheck_due'; // lifecycle's re-check queue (issue 10)
import { Migration20261203000000_need_tally } from './Migration20261203000000_need_tally'; // partners' needs totalCount (issue 10)
import { Migration20261203120000_scorecard_townships } from './Migration20261203120000_scorecard_townships'; // supervision (issue 10)

/**
 * Every migration, in order. Listed explicitly so the compiled server, the CLI and ts-jest load
 * the same classes without path guessing. Migrations are never edited after they land.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128173111_registry', class: Migration20261128173111_registry },
  { name: 'Migration20261128175237_identification', class: Migration20261128175237_identification },
  { name: 'Migration20261128180953_measures_and_funds', class: Migration20261128180953_measures_and_funds },
  { name: 'Migration20261128182510_filter_indexes', class: Migration20261128182510_filter_indexes },
  { name: 'Migration20261128182703_partners', class: Migration20261128182703_partners },
  { name: 'Migration20261128184111_key_scopes', class: Migration20261128184111_key_scopes },
  { name: 'Migration20261201230000_case_step_dates', class: Migration20261201230000_case_step_dates },
  // perf (issue 10)
  { name: 'Migration20261202050000_household_tally', class: Migration20261202050000_household_tally },
  { name: 'Migration20261202051000_lifecycle', class: Migration20261202051000_lifecycle }, // lifecycle (issue 11)
  // supervision (issue 13)
  { name: 'Migration20261202053000_supervision', class: Migration20261202053000_supervision },
  // monitoring (issue 11)
  { name: 'Migration20261202060000_monitoring', class: Migration20261202060000_monitoring },
  // donors (issue 12)
  { name: 'Migration20261202064000_donors', class: Migration20261202064000_donors },
  // office-files (issue 14)
  { name: 'Migration20261202065000_office_ledger', class: Migration20261202065000_office_ledger },
  { name: 'Migration20261202070500_webhook_secrets', class: Migration20261202070500_webhook_secrets },
  { name: 'Migration20261202070000_lifecycle_statistics', class: Migration20261202070000_lifecycle_statistics }, // lifecycle (issue 11)
  // office-docs (issue 14): pinyin order of head names
  { name: 'Migration20261202071500_pinyin_head_name', class: Migration20261202071500_pinyin_head_name },
  { name: 'Migration20261202072000_pledge_reference', class: Migration20261202072000_pledge_reference }, // donors (issue 12)
  { name: 'Migration20261202073000_lifecycle_statistics_order', class: Migration20261202073000_lifecycle_statistics_order }, // lifecycle (issue 11)
  { name: 'Migration20261202103000_scorecard_results', class: Migration20261202103000_scorecard_results }, // supervision (issue 10)
  { name: 'Migration20261202104500_donation_candidate', class: Migration20261202104500_donation_candidate }, // donors' ranking projection (issue 10)
  { name: 'Migration20261202111000_lifecycle_summaries', class: Migration20261202111000_lifecycle_summaries }, // lifecycle (issue 10)
  { name: 'Migration20261202140000_recheck_due', class: Migration20261202140000_recheck_due }, // lifecycle's re-check queue (issue 10)
  { name: 'Migration20261203000000_need_tally', class: Migration20261203000000_need_tally }, // partners' needs totalCount (issue 10)
  { name: 'Migration20261203120000_scorecard_townships', class: Migration20261203120000_scorecard_townships }, // kept scorecards per township (issue 10)
];
