/** Kind of caller (mirrors Principal['kind'] of src/shared/principal.ts). */
export enum PrincipalKind {
  DEPARTMENT = 'DEPARTMENT',
  TOWNSHIP = 'TOWNSHIP',
  PARTNER = 'PARTNER',
  CHARITY_PLATFORM = 'CHARITY_PLATFORM',
  ANONYMOUS = 'ANONYMOUS',
}
