/**
 * Enumerations of a household's time on the list (R19 dynamic management: re-checks, exit and
 * re-entry). Values are stable English identifiers; GraphQL descriptions in both languages are in
 * lifecycle.types.ts.
 */

/** What opened an episode on the list (R19 脱贫出、返贫进). */
export enum EpisodeKind {
  /** Confirmed by the first identification case (R10b). */
  CONFIRMED = 'CONFIRMED',
  /** Categories or causes re-decided after a re-check; still on the list. */
  CHANGED = 'CHANGED',
  /** Left the list (脱贫出). */
  EXITED = 'EXITED',
  /** Back on the list through a new identification case after an exit (返贫进). */
  REENTERED = 'REENTERED',
}

/** The kinds that put (or keep) a household on the list. */
export const ON_LIST_KINDS: EpisodeKind[] = [EpisodeKind.CONFIRMED, EpisodeKind.CHANGED, EpisodeKind.REENTERED];

/** Why a household left the list. */
export enum ExitReason {
  INCOME_ABOVE_LINE = 'INCOME_ABOVE_LINE',
  ASSETS_ABOVE_LIMIT = 'ASSETS_ABOVE_LIMIT',
  MOVED_AWAY = 'MOVED_AWAY',
  DIED = 'DIED',
  DUPLICATE = 'DUPLICATE',
  ON_REQUEST = 'ON_REQUEST',
  NO_COOPERATION_WITH_RECHECK = 'NO_COOPERATION_WITH_RECHECK',
}

/** What the township proposes after a re-check, and what the county decides (定期核查). */
export enum RecheckOutcome {
  CONTINUE = 'CONTINUE',
  CHANGE_CATEGORIES = 'CHANGE_CATEGORIES',
  EXIT = 'EXIT',
}

export enum RecheckState {
  /** Recorded by the township with its proposal; waiting for the county. */
  PROPOSED = 'PROPOSED',
  /** Decided by county civil affairs. */
  DECIDED = 'DECIDED',
}

/**
 * R9(a)'s methods as a re-check uses them (the same identifiers as the identification case's
 * InvestigationMethod; kept here so the lifecycle does not depend on identification, which
 * depends on it).
 */
export enum RecheckMethod {
  HOME_VISIT = 'HOME_VISIT',
  NEIGHBOUR_INTERVIEWS = 'NEIGHBOUR_INTERVIEWS',
  EVIDENCE_LETTERS = 'EVIDENCE_LETTERS',
  ECONOMIC_CROSS_CHECK = 'ECONOMIC_CROSS_CHECK',
  DEMOCRATIC_APPRAISAL = 'DEMOCRATIC_APPRAISAL',
}

/** Where a household stands in the re-check queue. */
export enum RecheckDueStatus {
  /** Due within the window (RECHECK_DUE_WINDOW_DAYS) or today. */
  DUE = 'DUE',
  /** Past its due day without a re-check. */
  OVERDUE = 'OVERDUE',
}
