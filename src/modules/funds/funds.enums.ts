/** Plain enums of the funds domain (GraphQL registration in funds.types.ts). */

/** Where the money of a fund source comes from (R20). */
export enum FundKind {
  COUNTY_FINANCE = 'COUNTY_FINANCE',
  DEPARTMENT_SPECIAL = 'DEPARTMENT_SPECIAL',
  SOCIAL_DONATION = 'SOCIAL_DONATION',
  HIGHER_LEVEL_TRANSFER = 'HIGHER_LEVEL_TRANSFER',
}
