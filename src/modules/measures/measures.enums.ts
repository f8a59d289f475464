/** Plain enums of the measures domain (GraphQL registration in measures.types.ts). */

export enum PlanItemStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  ADJUSTED = 'ADJUSTED',
  DECLINED = 'DECLINED',
  /** The household no longer qualifies for it (plans follow the household). */
  WITHDRAWN = 'WITHDRAWN',
}

/** A department's decision on a plan item. */
export enum PlanDecision {
  ACCEPT = 'ACCEPT',
  ADJUST = 'ADJUST',
  DECLINE = 'DECLINE',
}
