/**
 * Who is calling. Every service takes the principal explicitly, so GraphQL, the CLI, imports and
 * adapters obey the same rules.
 */
export const DEPARTMENT_CODES = [
  'CIVIL_AFFAIRS', 'EDUCATION', 'HUMAN_RESOURCES_SOCIAL_SECURITY', 'HOUSING', 'MEDICAL_INSURANCE',
  'HEALTH', 'DISABLED_PERSONS_FEDERATION', 'FINANCE', 'CIVILIZATION_OFFICE', 'LEADING_GROUP',
] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

/** The access matrix is keyed by role: each department is a role of its own. */
export const ROLES = ['TOWNSHIP', ...DEPARTMENT_CODES, 'PARTNER', 'CHARITY_PLATFORM', 'ANONYMOUS'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: 'DEPARTMENT'; role: DepartmentCode; actor: string; name: string; department: DepartmentCode }
  | { kind: 'TOWNSHIP'; role: 'TOWNSHIP'; actor: string; name: string; townshipId: string; townshipCode: string }
  | { kind: 'PARTNER'; role: 'PARTNER'; actor: string; name: string; partnerId: string; apiKeyId: string; scopes: string[] }
  // donors module (issue 12): a charity platform (internet fundraising platform) and its donors' pledges.
  | { kind: 'CHARITY_PLATFORM'; role: 'CHARITY_PLATFORM'; actor: string; name: string; platformId: string; apiKeyId: string; scopes: string[] }
  | { kind: 'ANONYMOUS'; role: 'ANONYMOUS'; actor: string; name: string };

export const ANONYMOUS: Principal = { kind: 'ANONYMOUS', role: 'ANONYMOUS', actor: 'anonymous', name: 'anonymous' };

/** The principal the seed and other system jobs act as (never reachable through the API). */
export const SYSTEM_ACTOR = 'system:seed';

export function isDepartmentCode(value: string): value is DepartmentCode {
  return (DEPARTMENT_CODES as readonly string[]).includes(value);
}
