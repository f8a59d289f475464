/** Donors, pledges, matching, fulfilment (issue 12; R18's information platform, R20's tracing, R21). */

/** Who a donor is; the county keeps no more about a donor than a display name and this. */
export enum DonorKind {
  INDIVIDUAL = 'INDIVIDUAL',
  ENTERPRISE = 'ENTERPRISE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
}

/** What a pledge offers. */
export enum PledgeResource {
  /** Money in fen; paid through the designated charity platform, never through this system. */
  MONEY = 'MONEY',
  /** Goods: a quantity of a unit valued by the default value table. */
  GOODS = 'GOODS',
  /** Services (sessions, valued by the table). */
  SERVICE = 'SERVICE',
  VOLUNTEER_HOURS = 'VOLUNTEER_HOURS',
}

/** Where a pledge may go: one community, one township, or the whole county. */
export enum AreaLevel {
  COMMUNITY = 'COMMUNITY',
  TOWNSHIP = 'TOWNSHIP',
  COUNTY = 'COUNTY',
}

export enum PledgeStatus {
  /** Waiting for civil affairs or the civilization office. */
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  BLOCKED = 'BLOCKED',
}

/**
 * A pledge matched to a need. PROPOSED (by a platform, a partner, staff or a fair-allocation run)
 * → ALLOCATED (accepted by the township or the civilization office; the allocation ledger entry is
 * written in that transaction) → DISPATCHED (the donor or platform sent it) → RECEIVED /
 * NOT_RECEIVED / RECEIVED_WITH_PROBLEMS (confirmed by the township). REJECTED and WITHDRAWN end a
 * proposal; REVERSED is an allocation corrected by a reversing ledger entry.
 */
export enum MatchStatus {
  PROPOSED = 'PROPOSED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  ALLOCATED = 'ALLOCATED',
  DISPATCHED = 'DISPATCHED',
  RECEIVED = 'RECEIVED',
  NOT_RECEIVED = 'NOT_RECEIVED',
  RECEIVED_WITH_PROBLEMS = 'RECEIVED_WITH_PROBLEMS',
  REVERSED = 'REVERSED',
}

/** What the township found when it confirmed a fulfilment. */
export enum ReceiptOutcome {
  RECEIVED = 'RECEIVED',
  NOT_RECEIVED = 'NOT_RECEIVED',
  RECEIVED_WITH_PROBLEMS = 'RECEIVED_WITH_PROBLEMS',
}

/** Entries of the allocation ledger: append-only; a correction is a reversal of an allocation. */
export enum AllocationEntryKind {
  ALLOCATION = 'ALLOCATION',
  REVERSAL = 'REVERSAL',
}

/** What a charity platform's API key may do (on top of the CHARITY_PLATFORM role). */
export enum CharityPlatformScope {
  DONORS = 'DONORS',
  PLEDGES = 'PLEDGES',
  NEEDS_READ = 'NEEDS_READ',
  SUBSCRIPTIONS = 'SUBSCRIPTIONS',
}

/** The factors that place a candidate in a ranking; each answered with its value and points. */
export enum RankingFactorKind {
  URGENCY = 'URGENCY',
  VULNERABILITY = 'VULNERABILITY',
  DAYS_WAITING = 'DAYS_WAITING',
  SHARE_COVERED = 'SHARE_COVERED',
  AREA_DISTANCE = 'AREA_DISTANCE',
  /** Pledge rankings: the share of what the need lacks the pledge can cover. */
  COVERS_LACK = 'COVERS_LACK',
  /** Pledge rankings: days left in the pledge's window (fewer first: use it before it ends). */
  WINDOW_DAYS_LEFT = 'WINDOW_DAYS_LEFT',
  /** Fair-allocation runs: the need's place in the run's priority order (1 = first). */
  PRIORITY = 'PRIORITY',
}

/** County totals of what households received (finance, the leading group). */
export enum AssistanceTotalsGrouping {
  SOURCE = 'SOURCE',
  MEASURE = 'MEASURE',
}

/** Where an entry of a household's assistance chain comes from (R20). */
export enum AssistanceSource {
  MEASURE_DELIVERY = 'MEASURE_DELIVERY',
  DISBURSEMENT = 'DISBURSEMENT',
  PAIRING = 'PAIRING',
  DONATION = 'DONATION',
}
