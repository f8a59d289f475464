/** States of an identification case (R8–R10): one application, two reviews, two public notices. */
export enum CaseState {
  SUBMITTED = 'SUBMITTED',
  UNDER_INVESTIGATION = 'UNDER_INVESTIGATION',
  FIRST_NOTICE = 'FIRST_NOTICE',
  FORWARDED_TO_COUNTY = 'FORWARDED_TO_COUNTY',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SECOND_NOTICE = 'SECOND_NOTICE',
  CONFIRMED = 'CONFIRMED',
  WITHDRAWN = 'WITHDRAWN',
}

export const CLOSED_STATES: CaseState[] = [CaseState.REJECTED, CaseState.CONFIRMED, CaseState.WITHDRAWN];

/** R9(a): the township's investigation methods. */
export enum InvestigationMethod {
  HOME_VISIT = 'HOME_VISIT',
  NEIGHBOUR_INTERVIEWS = 'NEIGHBOUR_INTERVIEWS',
  EVIDENCE_LETTERS = 'EVIDENCE_LETTERS',
  ECONOMIC_CROSS_CHECK = 'ECONOMIC_CROSS_CHECK',
  DEMOCRATIC_APPRAISAL = 'DEMOCRATIC_APPRAISAL',
}

export enum ReviewRecommendation {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

export enum NoticeKind {
  /** R10(a): before forwarding to the county. */
  FIRST = 'FIRST',
  /** R10(b): after county approval. */
  SECOND = 'SECOND',
}

export enum ObjectionStatus {
  OPEN = 'OPEN',
  DISMISSED = 'DISMISSED',
  UPHELD = 'UPHELD',
}

export enum ObjectionSource {
  TOWNSHIP = 'TOWNSHIP',
  PUBLIC = 'PUBLIC',
}

/** What an upheld objection does to the case. */
export enum UpheldAction {
  RETURN_TO_INVESTIGATION = 'RETURN_TO_INVESTIGATION',
  REJECT = 'REJECT',
}
