/**
 * Enumerations of dynamic monitoring (R19 动态监测预警) and temporary relief (R17 临时救助).
 * Values are stable English identifiers; GraphQL descriptions in both languages are registered in
 * monitoring.types.ts.
 */

/** What a department reports about a person (the cross-department check, R19). */
export enum FactKind {
  /** HR and social security: the member is now employed with wages. */
  EMPLOYED_WITH_WAGES = 'EMPLOYED_WITH_WAGES',
  /** Medical insurance: a hospitalisation with out-of-pocket costs. */
  HOSPITALISATION = 'HOSPITALISATION',
  /** Disabled persons' federation: a new disability grade. */
  DISABILITY_GRADE = 'DISABILITY_GRADE',
  /** Civil affairs: the member died. */
  DIED = 'DIED',
  /** Civil affairs: the member moved away from the county. */
  MOVED_AWAY = 'MOVED_AWAY',
}

export enum WarningStatus {
  OPEN = 'OPEN',
  HANDLED = 'HANDLED',
}

/** How the township handled a warning. */
export enum WarningResult {
  /** A re-check of the household was started (定期核查 out of turn). */
  RECHECK_STARTED = 'RECHECK_STARTED',
  /** The profile was corrected (income, members, disability) in the registry. */
  PROFILE_UPDATED = 'PROFILE_UPDATED',
  /** An identification case was started (for a household not on the list). */
  IDENTIFICATION_STARTED = 'IDENTIFICATION_STARTED',
  /** Nothing to do; the reason is recorded. */
  NO_ACTION = 'NO_ACTION',
}

/** R17: what happened to the household. */
export enum ReliefEventKind {
  SUDDEN_EVENT = 'SUDDEN_EVENT',
  ACCIDENT = 'ACCIDENT',
  SERIOUS_ILLNESS = 'SERIOUS_ILLNESS',
  DISASTER = 'DISASTER',
}

export enum ReliefStatus {
  APPLIED = 'APPLIED',
  GRANTED = 'GRANTED',
  REFUSED = 'REFUSED',
}

export enum ReliefDecision {
  GRANT = 'GRANT',
  REFUSE = 'REFUSE',
}
