/** Enums of supervision (R22), GraphQL-free. */
export enum CheckKind {
  /** 抽查: drawn at random by civil affairs. */
  RANDOM = 'RANDOM',
  /** 定期检查: on the county's schedule, drawn the same way. */
  REGULAR = 'REGULAR',
}

export enum CheckResult {
  PASS = 'PASS',
  FAIL = 'FAIL',
}

/** Where a township's assessment of a period stands (as DHIS2's data approval). */
export enum SignOffState {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
}
