/**
 * THE access matrix: for each role, which operations it may call, which rows it may see and which
 * sensitive field classes it may read. Deny by default: an operation or role missing here is
 * refused. The code reads only this table (operation guard, row scopes, field guard), and
 * test/access/matrix.test.ts proves every cell through the HTTP API.
 */
import { DEPARTMENT_CODES, DepartmentCode, Role, ROLES } from '../shared/principal';

type RoleList = readonly Role[];
const EVERYONE: RoleList = ROLES;
const REGISTRY_READERS: RoleList = [
  'TOWNSHIP', 'CIVIL_AFFAIRS', 'EDUCATION', 'HUMAN_RESOURCES_SOCIAL_SECURITY', 'HOUSING',
  'MEDICAL_INSURANCE', 'HEALTH', 'DISABLED_PERSONS_FEDERATION',
];
const REGISTRY_WRITERS: RoleList = ['TOWNSHIP', 'CIVIL_AFFAIRS'];
/** Departments that own one of the seven measures (R21). */
const MEASURE_OWNERS: RoleList = [
  'HUMAN_RESOURCES_SOCIAL_SECURITY', 'MEDICAL_INSURANCE', 'EDUCATION', 'HOUSING', 'DISABLED_PERSONS_FEDERATION',
  'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE',
];
const PLAN_READERS: RoleList = [...MEASURE_OWNERS, 'HEALTH', 'TOWNSHIP'];

/** Root operations (`Query.x`, `Mutation.y`) → the roles that may call them. */
export const OPERATIONS: Record<string, RoleList> = {
  'Query.viewer': EVERYONE,
  // node(id:) is open to all; what it returns is decided by the row rules of the node's type.
  'Query.node': EVERYONE,
  // Geography is public: anonymous readers of public notices need it.
  'Query.townships': EVERYONE,
  'Query.communities': EVERYONE,
  'Query.households': REGISTRY_READERS,
  'Query.persons': REGISTRY_READERS,
  // Lookups by the identifiers people have (issue 14, office-docs): codes are public like the
  // lists; a household by card number (or id number, with ID_NUMBER) under the registry rows; a
  // person by id number only for the roles holding the personal-data right.
  'Query.township': EVERYONE,
  'Query.community': EVERYONE,
  'Query.household': REGISTRY_READERS,
  'Query.person': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  // Aggregates without people: the leading group and finance see only these (DESIGN.md).
  'Query.householdStatistics': ['TOWNSHIP', 'CIVIL_AFFAIRS', 'FINANCE', 'LEADING_GROUP'],
  'Query.partnerOrganisations': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Query.auditEvents': ['CIVIL_AFFAIRS'],
  'Mutation.registerHousehold': REGISTRY_WRITERS,
  'Mutation.updateHousehold': REGISTRY_WRITERS,
  'Mutation.changeHouseholdHead': REGISTRY_WRITERS,
  'Mutation.addHouseholdMember': REGISTRY_WRITERS,
  'Mutation.updateHouseholdMember': REGISTRY_WRITERS,
  'Mutation.removeHouseholdMember': REGISTRY_WRITERS,
  // R14: education keeps its roster of schoolchildren up to date (only pupils it can see).
  'Mutation.updateSchoolRecord': [...REGISTRY_WRITERS, 'EDUCATION'],
  // Policy is public; only civil affairs changes it.
  'Query.policyParameters': EVERYONE,
  'Query.policyParameterHistory': EVERYONE,
  'Mutation.setPolicyParameter': ['CIVIL_AFFAIRS'],
  'Query.eligibilityCheck': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  // Identification (R8–R10): the household's township runs the case; civil affairs decides.
  'Query.identificationCases': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  // Published notice content (exactly R10's fields) is public while the notice is on the board.
  'Query.publicNotices': EVERYONE,
  'Mutation.submitApplication': ['TOWNSHIP'],
  'Mutation.startInvestigation': ['TOWNSHIP'],
  'Mutation.recordInvestigation': ['TOWNSHIP'],
  'Mutation.recordReviewOpinion': ['TOWNSHIP'],
  'Mutation.postPublicNotice': ['TOWNSHIP'],
  'Mutation.recordObjection': ['TOWNSHIP'],
  'Mutation.submitPublicObjection': EVERYONE,
  'Mutation.resolveObjection': ['TOWNSHIP'],
  'Mutation.forwardToCounty': ['TOWNSHIP'],
  'Mutation.approveApplication': ['CIVIL_AFFAIRS'],
  'Mutation.rejectApplication': ['CIVIL_AFFAIRS'],
  'Mutation.confirmHousehold': ['TOWNSHIP'],
  'Mutation.withdrawApplication': ['TOWNSHIP'],
  // Measures (R12–R18): the catalogue is public; plans for the roles of PLAN_ROWS; decisions and
  // deliveries by the owning departments (the service checks the item's department).
  'Query.measureCatalogue': EVERYONE,
  'Query.planItems': PLAN_READERS,
  'Query.overduePlanItems': PLAN_READERS,
  'Mutation.decidePlanItem': MEASURE_OWNERS,
  'Mutation.decidePlanItems': MEASURE_OWNERS, // office-files (issue 14): many at once, all or none
  'Mutation.recordDelivery': MEASURE_OWNERS,
  // Funds (R20): finance raises and allocates; civil affairs runs the monthly allowance; reads as
  // aggregates (no people) for finance, civil affairs and the leading group, a department its own
  // measures' allocations. Allowance runs: finance and the leading group read them as aggregates
  // (households, total); their roster lines name heads of household and are for civil affairs and
  // the township (its own) only — OTHER_ROWS.AllowanceRun and AllowanceRoster.
  'Query.fundSources': ['FINANCE', 'CIVIL_AFFAIRS', 'LEADING_GROUP'],
  'Query.fundAllocations': ['FINANCE', 'CIVIL_AFFAIRS', 'LEADING_GROUP', ...MEASURE_OWNERS],
  'Query.allowanceRuns': ['CIVIL_AFFAIRS', 'FINANCE', 'LEADING_GROUP', 'TOWNSHIP'],
  'Mutation.createFundSource': ['FINANCE'],
  'Mutation.allocateFund': ['FINANCE'],
  'Mutation.runMonthlyAllowance': ['CIVIL_AFFAIRS'],
  // Pairing assistance (R18, R20): partners read needs anonymised and their own pairings; the
  // civilization office and civil affairs approve; townships and departments publish needs for the
  // households they see; every partner call is audited and rate-limited.
  'Query.needs': ['PARTNER', 'CIVILIZATION_OFFICE', ...REGISTRY_READERS],
  'Mutation.publishNeed': REGISTRY_READERS,
  'Mutation.updateNeed': REGISTRY_READERS,
  'Query.pairings': ['PARTNER', 'CIVILIZATION_OFFICE', 'CIVIL_AFFAIRS', 'TOWNSHIP'],
  'Mutation.proposePairing': ['PARTNER', 'CIVILIZATION_OFFICE'],
  'Mutation.approvePairing': ['CIVILIZATION_OFFICE', 'CIVIL_AFFAIRS'],
  'Mutation.rejectPairing': ['CIVILIZATION_OFFICE', 'CIVIL_AFFAIRS'],
  'Mutation.registerPairingAssistance': ['PARTNER', 'CIVILIZATION_OFFICE', 'CIVIL_AFFAIRS'],
  'Mutation.importPartnerRecords': ['PARTNER'],
  'Mutation.subscribeToNeeds': ['PARTNER'],
  'Query.ledgerTotals': ['PARTNER', 'CIVILIZATION_OFFICE', 'CIVIL_AFFAIRS', 'TOWNSHIP', 'FINANCE', 'LEADING_GROUP'],
  'Mutation.registerUtilityAccount': REGISTRY_WRITERS,
  'Mutation.registerPartnerOrganisation': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.createPartnerApiKey': ['CIVIL_AFFAIRS'],
  'Mutation.revokePartnerApiKey': ['CIVIL_AFFAIRS'],
  // Monitoring (issue 11, R19): warnings are the township's (its own) and civil affairs' (all);
  // departments report facts only about people they see and never read the warnings; temporary
  // relief (R17): the township applies, civil affairs decides and pays.
  'Query.warningRules': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'Query.warnings': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'Mutation.handleWarning': ['TOWNSHIP'],
  'Mutation.reportDepartmentFact': ['HUMAN_RESOURCES_SOCIAL_SECURITY', 'MEDICAL_INSURANCE', 'DISABLED_PERSONS_FEDERATION', 'CIVIL_AFFAIRS'],
  'Query.temporaryReliefs': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'Mutation.applyTemporaryRelief': ['TOWNSHIP'],
  'Mutation.decideTemporaryRelief': ['CIVIL_AFFAIRS'],
  // Donors (issue 12; R18's matching platform, R20, R21). Civil affairs registers charity
  // platforms and issues their keys; a platform registers its donors and their pledges, giving
  // partners pledge too; civil affairs or the civilization office approves or blocks a pledge
  // before it is matched; the township (its own needs) or the civilization office accepts a match,
  // which allocates; the platform or partner dispatches; the township confirms receipt. Platforms
  // and partners read needs only anonymised (DonationNeed) and their own pledges and matches
  // (DONATION_ROWS); finance and the leading group read runs and county totals, never households.
  'Query.charityPlatforms': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Query.donors': ['CHARITY_PLATFORM', 'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Query.pledges': ['CHARITY_PLATFORM', 'PARTNER', 'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'TOWNSHIP'],
  'Query.donationNeeds': ['CHARITY_PLATFORM', 'PARTNER'],
  'Query.pledgeCandidates': ['CHARITY_PLATFORM', 'PARTNER', 'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'TOWNSHIP'],
  'Query.needCandidates': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'TOWNSHIP'],
  'Query.donationMatches': ['CHARITY_PLATFORM', 'PARTNER', 'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'TOWNSHIP'],
  'Query.allocationRuns': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'FINANCE', 'LEADING_GROUP', 'TOWNSHIP'],
  // One assistance chain per household (R20): staff who see the household and all its sources.
  'Query.assistanceChain': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'Query.assistanceTotals': ['FINANCE', 'LEADING_GROUP', 'CIVIL_AFFAIRS'],
  'Query.donationUnitValues': EVERYONE,
  'Mutation.registerCharityPlatform': ['CIVIL_AFFAIRS'],
  'Mutation.createCharityPlatformApiKey': ['CIVIL_AFFAIRS'],
  'Mutation.revokeCharityPlatformApiKey': ['CIVIL_AFFAIRS'],
  'Mutation.registerDonor': ['CHARITY_PLATFORM'],
  'Mutation.createPledge': ['CHARITY_PLATFORM', 'PARTNER'],
  'Mutation.approvePledge': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.blockPledge': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.proposeDonationMatch': ['CHARITY_PLATFORM', 'PARTNER', 'TOWNSHIP', 'CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.acceptDonationMatch': ['TOWNSHIP', 'CIVILIZATION_OFFICE'],
  'Mutation.rejectDonationMatch': ['TOWNSHIP', 'CIVILIZATION_OFFICE'],
  'Mutation.runFairAllocation': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.dispatchDonation': ['CHARITY_PLATFORM', 'PARTNER'],
  'Mutation.confirmDonationReceipt': ['TOWNSHIP'],
  'Mutation.reverseDonationAllocation': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.drawReceiptVisitSample': ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'],
  'Mutation.setDonationUnitValue': ['CIVIL_AFFAIRS'],
  'Mutation.subscribeToDonationNotices': ['CHARITY_PLATFORM'],
  'Mutation.importPlatformBatch': ['CHARITY_PLATFORM'],
  // end donors
  // supervision (issue 13: R21, R22): scorecards for the county's roles and the township (its own
  // row); drill-down to the rows behind a figure for civil affairs, the township (its own) and the
  // departments (their own measures) — the leading group and finance read figures only; checks and
  // their findings by civil affairs; the yearly sign-off: the township submits, civil affairs decides.
  'Query.scorecardFigures': EVERYONE,
  'Query.townshipScorecard': ['TOWNSHIP', 'CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE'],
  'Query.scorecardTrend': ['TOWNSHIP', 'CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE'],
  'Query.scorecardDrillDown': ['TOWNSHIP', 'CIVIL_AFFAIRS', ...MEASURE_OWNERS, 'HEALTH'],
  'Query.departmentScorecard': ['CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE', ...MEASURE_OWNERS, 'HEALTH'],
  'Query.supervisionChecks': ['CIVIL_AFFAIRS'],
  'Mutation.drawSupervisionCheck': ['CIVIL_AFFAIRS'],
  'Mutation.recordCheckFindings': ['CIVIL_AFFAIRS'],
  'Mutation.scheduleRegularChecks': ['CIVIL_AFFAIRS'],
  'Query.assessmentSignOffs': ['TOWNSHIP', 'CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE'],
  'Mutation.submitAssessment': ['TOWNSHIP'],
  'Mutation.approveAssessment': ['CIVIL_AFFAIRS'],
  'Mutation.returnAssessment': ['CIVIL_AFFAIRS'],
  // lifecycle (issue 11, R19): the township re-checks its own households (its queue, the re-check
  // and its proposal); civil affairs decides and sees every household's episodes; the leading group
  // and finance read the flow figures (counts, no people); departments none of it (OTHER_ROWS.HouseholdLifecycle).
  'Query.recheckQueue': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'Query.householdFlowReport': ['TOWNSHIP', 'CIVIL_AFFAIRS', 'LEADING_GROUP', 'FINANCE'],
  'Mutation.recordRecheck': ['TOWNSHIP'],
  'Mutation.decideRecheck': ['CIVIL_AFFAIRS'],
  // end lifecycle
};

/**
 * office-files (issue 14): REST routes and the rights inside them, by role (deny by default, as
 * OPERATIONS). The Excel ledger of households in and out names people with their id numbers:
 * casework only (a township its own households, civil affairs all). R7 direct recognition in an
 * import: civil affairs alone. Deliveries from a department's sheet: the measure owners (the
 * service checks each item's department, as recordDelivery does).
 */
export const ROUTE_OPERATIONS: Record<string, RoleList> = {
  'POST /imports/household-ledger': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'ledger.recognise': ['CIVIL_AFFAIRS'],
  'GET /exports/household-ledger.xlsx': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
  'POST /imports/deliveries': MEASURE_OWNERS,
  // lifecycle (issue 11): the printed exit notice names the household and its reasons.
  'GET /forms/exit-notice': ['TOWNSHIP', 'CIVIL_AFFAIRS'],
};

/**
 * Household rows: `base` says which households, `members` which of their members the role works
 * with. A department sees a confirmed household only when one of its members concerns the
 * department's measures (R12–R17), and then only those members. Filters, searches and orderings
 * use only what the caller reads: a household name search matches the members it sees, not the
 * others (or it could spell out a hidden member's name prefix by prefix).
 */
export type HouseholdBase = 'ALL' | 'OWN_TOWNSHIP' | 'IN_HARDSHIP' | 'NONE';
export type MemberSelection = 'ALL' | 'HEADS' | 'SCHOOLCHILDREN' | 'ABLE_TO_WORK' | 'ILL' | 'DISABLED';
export interface RegistryRows { base: HouseholdBase; members: MemberSelection }

const NO_ROWS: RegistryRows = { base: 'NONE', members: 'ALL' };
export const REGISTRY_ROWS: Record<Role, RegistryRows> = {
  TOWNSHIP: { base: 'OWN_TOWNSHIP', members: 'ALL' },
  CIVIL_AFFAIRS: { base: 'ALL', members: 'ALL' },
  EDUCATION: { base: 'IN_HARDSHIP', members: 'SCHOOLCHILDREN' }, // R14 roster of schoolchildren
  HUMAN_RESOURCES_SOCIAL_SECURITY: { base: 'IN_HARDSHIP', members: 'ABLE_TO_WORK' }, // R12
  HOUSING: { base: 'IN_HARDSHIP', members: 'HEADS' }, // R15: the household's housing, via its head
  MEDICAL_INSURANCE: { base: 'IN_HARDSHIP', members: 'ILL' }, // R13
  HEALTH: { base: 'IN_HARDSHIP', members: 'ILL' }, // R21: supports medical work
  DISABLED_PERSONS_FEDERATION: { base: 'IN_HARDSHIP', members: 'DISABLED' }, // R16
  FINANCE: NO_ROWS,
  CIVILIZATION_OFFICE: NO_ROWS,
  LEADING_GROUP: NO_ROWS,
  PARTNER: NO_ROWS,
  CHARITY_PLATFORM: NO_ROWS, // donors module: platforms never see households (issue 12)
  ANONYMOUS: NO_ROWS,
};

/** Rows of the other node types. */
export const OTHER_ROWS = {
  Township: EVERYONE,
  Community: EVERYONE,
  PartnerOrganisation: ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'] as RoleList,
  PartnerApiKey: ['CIVIL_AFFAIRS'] as RoleList,
  AuditEvent: ['CIVIL_AFFAIRS'] as RoleList,
  /** Fund sources and allocations, all of them (aggregates, no people); a department also reads its own measures' allocations. */
  Funds: ['FINANCE', 'CIVIL_AFFAIRS', 'LEADING_GROUP'] as RoleList,
  /** Allowance runs as aggregates (month, households, total): civil affairs, finance and the leading group all, a township its own. */
  AllowanceRun: ['CIVIL_AFFAIRS', 'FINANCE', 'LEADING_GROUP', 'TOWNSHIP'] as RoleList,
  /**
   * The roster of a run — its lines (head's name, size, amount) and the printed roster
   * GET /allowance-runs/<id>.xlsx — names people: civil affairs all, a township its own. For the
   * other readers of runs the lines are rows they do not see (an empty list; the download is 404).
   */
  AllowanceRoster: ['CIVIL_AFFAIRS', 'TOWNSHIP'] as RoleList,
  /** Cases, their investigations, notices (staff view) and objections: the township (its own) and civil affairs. */
  IdentificationCase: ['TOWNSHIP', 'CIVIL_AFFAIRS'] as RoleList,
  /** Monitoring warnings (issue 11): the township its own households', civil affairs all; no department reads them. */
  Warning: ['TOWNSHIP', 'CIVIL_AFFAIRS'] as RoleList,
  /** Temporary relief cases (R17): the township its own, civil affairs all. */
  TemporaryRelief: ['TOWNSHIP', 'CIVIL_AFFAIRS'] as RoleList,
  /** Department facts: the reporting department its own, civil affairs all (the township sees them through its warnings). */
  DepartmentFact: ['HUMAN_RESOURCES_SOCIAL_SECURITY', 'MEDICAL_INSURANCE', 'DISABLED_PERSONS_FEDERATION', 'CIVIL_AFFAIRS'] as RoleList,
  /** donors module: charity platforms (a platform also reads itself through `viewer`) and their keys. */
  CharityPlatform: ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'] as RoleList,
  CharityPlatformApiKey: ['CIVIL_AFFAIRS'] as RoleList,
  /** Donors: civil affairs and the civilization office all; a platform its own. */
  Donor: ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE'] as RoleList,
  /** Fair-allocation runs and their fairness figures (aggregates, no households). */
  AllocationRun: ['CIVIL_AFFAIRS', 'CIVILIZATION_OFFICE', 'FINANCE', 'LEADING_GROUP', 'TOWNSHIP'] as RoleList,
  /**
   * lifecycle (issue 11): a household's episodes on the list, its re-checks (with the profile and
   * eligibility they froze) and the household as of a past day (Household.episodes / rechecks /
   * asOf, node(id:) of HouseholdEpisode and HouseholdRecheck): civil affairs all, a township its
   * own. A department sees none of it — an exit or a re-check's outcome is beyond its measure (it
   * learns what its plan items say); for it the lists are empty and asOf is null.
   */
  HouseholdLifecycle: ['CIVIL_AFFAIRS', 'TOWNSHIP'] as RoleList,
};

/**
 * Plan items and deliveries (R12–R18): a department sees and changes the items of its own
 * measures; health reads the medical ones it supports (R21); civil affairs reads all (and changes
 * the safety net); a township reads its own households' plans. Finance and the leading group see
 * funds and aggregates, not plans.
 */
export type PlanRows = 'ALL' | 'OWN_TOWNSHIP' | 'NONE' | { departments: DepartmentCode[] };
export const PLAN_ROWS: Record<Role, PlanRows> = {
  TOWNSHIP: 'OWN_TOWNSHIP',
  CIVIL_AFFAIRS: 'ALL',
  EDUCATION: { departments: ['EDUCATION'] },
  HUMAN_RESOURCES_SOCIAL_SECURITY: { departments: ['HUMAN_RESOURCES_SOCIAL_SECURITY'] },
  HOUSING: { departments: ['HOUSING'] },
  MEDICAL_INSURANCE: { departments: ['MEDICAL_INSURANCE'] },
  HEALTH: { departments: ['MEDICAL_INSURANCE'] },
  DISABLED_PERSONS_FEDERATION: { departments: ['DISABLED_PERSONS_FEDERATION'] },
  CIVILIZATION_OFFICE: { departments: ['CIVILIZATION_OFFICE'] },
  FINANCE: 'NONE',
  LEADING_GROUP: 'NONE',
  PARTNER: 'NONE',
  CHARITY_PLATFORM: 'NONE',
  ANONYMOUS: 'NONE',
};

/**
 * Pairings (R18, R20) and what they lead to. A pairing may hold households of several townships
 * (a partner proposes from needs anywhere), so the households and ledger entries inside a pairing
 * are rows of their own, under the caller's rule:
 * - OWN_PAIRINGS (partners): their own pairings; inside them every household in the PairedHousehold
 *   view only (card number; head's name, community, phone once approved) and their own entries;
 * - ALL (civil affairs, the civilization office): every pairing, household view and entry;
 * - REGISTRY (township): the pairings with one of its households, and inside them only the
 *   households — and their ledger entries — of its registry rows (REGISTRY_ROWS);
 * - NONE: nothing.
 * `PairedHousehold.household` (the registry record) always goes through REGISTRY_ROWS.
 */
export type PairingRows = 'ALL' | 'OWN_PAIRINGS' | 'REGISTRY' | 'NONE';
export const PAIRING_ROWS: Record<Role, PairingRows> = {
  TOWNSHIP: 'REGISTRY',
  CIVIL_AFFAIRS: 'ALL',
  CIVILIZATION_OFFICE: 'ALL',
  PARTNER: 'OWN_PAIRINGS',
  EDUCATION: 'NONE',
  HUMAN_RESOURCES_SOCIAL_SECURITY: 'NONE',
  HOUSING: 'NONE',
  MEDICAL_INSURANCE: 'NONE',
  HEALTH: 'NONE',
  DISABLED_PERSONS_FEDERATION: 'NONE',
  FINANCE: 'NONE',
  LEADING_GROUP: 'NONE',
  CHARITY_PLATFORM: 'NONE',
  ANONYMOUS: 'NONE',
};

/**
 * Supervision (R22, issue 13). `scorecard`: which townships' scorecard rows (figures, no people);
 * `drillDown`: the rows behind a figure (households, items, cases) — all, the own township's, or the
 * rows of the department's own measures; `departments`: department scorecards (all or own
 * measures); `signOffs`: assessment sign-offs; `export`: the frozen assessment workbook (figures
 * only). A role missing here gets nothing (deny by default).
 */
export interface SupervisionRows {
  scorecard: 'ALL' | 'OWN_TOWNSHIP' | 'NONE';
  drillDown: 'ALL' | 'OWN_TOWNSHIP' | 'OWN_MEASURES' | 'NONE';
  departments: 'ALL' | 'OWN_MEASURES' | 'NONE';
  signOffs: 'ALL' | 'OWN_TOWNSHIP' | 'NONE';
  export: boolean;
  /** Checks and their findings (they name the households drawn). */
  checks: 'ALL' | 'NONE';
}
const NO_SUPERVISION: SupervisionRows = { scorecard: 'NONE', drillDown: 'NONE', departments: 'NONE', signOffs: 'NONE', export: false, checks: 'NONE' };
const DEPARTMENT_SUPERVISION: SupervisionRows = { ...NO_SUPERVISION, drillDown: 'OWN_MEASURES', departments: 'OWN_MEASURES' };
const FIGURES_ONLY: SupervisionRows = { scorecard: 'ALL', drillDown: 'NONE', departments: 'ALL', signOffs: 'ALL', export: true, checks: 'NONE' };
export const SUPERVISION_ROWS: Partial<Record<Role, SupervisionRows>> = {
  TOWNSHIP: { scorecard: 'OWN_TOWNSHIP', drillDown: 'OWN_TOWNSHIP', departments: 'NONE', signOffs: 'OWN_TOWNSHIP', export: false, checks: 'NONE' },
  CIVIL_AFFAIRS: { scorecard: 'ALL', drillDown: 'ALL', departments: 'ALL', signOffs: 'ALL', export: true, checks: 'ALL' },
  LEADING_GROUP: FIGURES_ONLY,
  FINANCE: FIGURES_ONLY,
  EDUCATION: DEPARTMENT_SUPERVISION,
  HUMAN_RESOURCES_SOCIAL_SECURITY: DEPARTMENT_SUPERVISION,
  HOUSING: DEPARTMENT_SUPERVISION,
  MEDICAL_INSURANCE: DEPARTMENT_SUPERVISION,
  HEALTH: DEPARTMENT_SUPERVISION,
  DISABLED_PERSONS_FEDERATION: DEPARTMENT_SUPERVISION,
  CIVILIZATION_OFFICE: DEPARTMENT_SUPERVISION,
};
export function supervisionRowsOf(role: Role): SupervisionRows {
  return SUPERVISION_ROWS[role] ?? NO_SUPERVISION;
}

/**
 * Donation rows (issue 12): pledges, matches and their fulfilment.
 * - ALL (civil affairs, the civilization office): every one;
 * - OWN (charity platforms, partners): their own pledges (a platform's are its donors') and the
 *   matches of those pledges; a match shows its need only as the anonymised DonationNeed;
 * - AREA (township): pledges that can reach the township (county-wide, the township, one of its
 *   communities) and matches whose need is one of its households';
 * - NONE: nothing (finance and the leading group read runs and totals, aggregates only).
 * Platforms and partners never see households (REGISTRY_ROWS NONE), so `Need`, `Household`,
 * `Person` nodes stay null for them on every path.
 */
export type DonationRows = 'ALL' | 'OWN' | 'AREA' | 'NONE';
export const DONATION_ROWS: Record<Role, DonationRows> = {
  CIVIL_AFFAIRS: 'ALL',
  CIVILIZATION_OFFICE: 'ALL',
  CHARITY_PLATFORM: 'OWN',
  PARTNER: 'OWN',
  TOWNSHIP: 'AREA',
  EDUCATION: 'NONE',
  HUMAN_RESOURCES_SOCIAL_SECURITY: 'NONE',
  HOUSING: 'NONE',
  MEDICAL_INSURANCE: 'NONE',
  HEALTH: 'NONE',
  DISABLED_PERSONS_FEDERATION: 'NONE',
  FINANCE: 'NONE',
  LEADING_GROUP: 'NONE',
  ANONYMOUS: 'NONE',
};

/** Sensitive field classes. Fields outside these are visible to whoever sees the row. */
export type FieldClass =
  | 'ID_NUMBER' | 'INCOME' | 'HEALTH' | 'DISABILITY' | 'HOUSING' | 'EMPLOYMENT' | 'SCHOOLING' | 'CONTACT';

const CASEWORK: RoleList = ['TOWNSHIP', 'CIVIL_AFFAIRS'];
export const FIELDS: Record<FieldClass, RoleList> = {
  /** Unmasked national id number and the birth date: the personal-data right (see MASKING). Every unmasked id number read is audited. */
  ID_NUMBER: CASEWORK,
  /**
   * Income by source, per-capita income, assets, eligibility traces: the economic investigation (R9).
   * Traces state ages on any chosen day and count every member, so only roles holding ID_NUMBER
   * (MASKING) and seeing all members (REGISTRY_ROWS) may hold INCOME.
   */
  INCOME: CASEWORK,
  HEALTH: [...CASEWORK, 'MEDICAL_INSURANCE', 'HEALTH'],
  DISABILITY: [...CASEWORK, 'DISABLED_PERSONS_FEDERATION'],
  HOUSING: [...CASEWORK, 'HOUSING'],
  EMPLOYMENT: [...CASEWORK, 'HUMAN_RESOURCES_SOCIAL_SECURITY'],
  SCHOOLING: [...CASEWORK, 'EDUCATION'],
  /** Address and phone: every role that delivers something to the family. */
  CONTACT: [...CASEWORK, 'EDUCATION', 'HUMAN_RESOURCES_SOCIAL_SECURITY', 'HOUSING', 'MEDICAL_INSURANCE',
    'HEALTH', 'DISABLED_PERSONS_FEDERATION'],
};

/**
 * Masking: no combination of fields a role may read rebuilds an identifier it may not read
 * (DESIGN.md, Access). A national id number (GB 11643) is region (6 digits) · birth date (8) ·
 * sequence (3, odd for men) · check character (ISO 7064 MOD 11-2 over the first 17).
 *
 * For roles without ID_NUMBER (the personal-data right):
 * - the id number shows only its region code, `350421************`: the birth date, the sequence
 *   AND the check character are hidden. A visible check character restores any one hidden digit,
 *   and narrows several by a factor of 11; hidden, it constrains nothing.
 * - the birth date is null (it is `birthDateClass`, i.e. ID_NUMBER); they read the age in whole
 *   years, which places the birth date within a year (about 366 days).
 * So the id numbers consistent with what such a role reads are about 366 × 500 (sequences of the
 * visible sex) ≈ 180,000 per person, and still 500 if the birth date were learnt to the day (by
 * watching the age change). Sex, the age, schooling stage and ages in plan-item bases carry no
 * more. Eligibility traces compute ages on any chosen day (`eligibility(asOf:)`), so INCOME, which
 * shows them, must stay within the roles holding ID_NUMBER. test/access/masking.test.ts counts the
 * candidates for every role without the right and every person it sees.
 */
export const MASKING = {
  /** Leading characters of an id number shown to roles without ID_NUMBER (the region code). */
  idNumberShownPrefix: 6,
  idNumberMaskCharacter: '*',
  /** The class whose holders read birth dates; everyone else gets null and the age. */
  birthDateClass: 'ID_NUMBER' as FieldClass,
} as const;

export function mayCall(role: Role, operation: string): boolean {
  return OPERATIONS[operation]?.includes(role) ?? false;
}

/**
 * The API-key scope each partner operation needs, on top of the PARTNER role (keys are scoped:
 * a utility's file-upload key need not read needs). Partner operations missing here need no scope.
 */
export const PARTNER_SCOPES: Record<string, string> = {
  'Query.needs': 'NEEDS_READ',
  'Query.pairings': 'PAIRINGS',
  'Mutation.proposePairing': 'PAIRINGS',
  'Query.ledgerTotals': 'PAIRINGS',
  'Mutation.registerPairingAssistance': 'LEDGER_WRITE',
  'Mutation.importPartnerRecords': 'LEDGER_WRITE',
  'Mutation.subscribeToNeeds': 'SUBSCRIPTIONS',
  // donors module (issue 12): giving partners pledge and dispatch under PAIRINGS, read needs under NEEDS_READ.
  'Query.pledges': 'PAIRINGS',
  'Query.donationMatches': 'PAIRINGS',
  'Mutation.createPledge': 'PAIRINGS',
  'Mutation.proposeDonationMatch': 'PAIRINGS',
  'Mutation.dispatchDonation': 'PAIRINGS',
  'Query.donationNeeds': 'NEEDS_READ',
  'Query.pledgeCandidates': 'NEEDS_READ',
};

/**
 * donors module (issue 12): the API-key scope each charity-platform operation needs on top of the
 * CHARITY_PLATFORM role (CharityPlatformScope values). Every platform operation names one.
 */
export const PLATFORM_SCOPES: Record<string, string> = {
  'Query.donors': 'DONORS',
  'Mutation.registerDonor': 'DONORS',
  'Query.pledges': 'PLEDGES',
  'Query.donationMatches': 'PLEDGES',
  'Mutation.createPledge': 'PLEDGES',
  'Mutation.proposeDonationMatch': 'PLEDGES',
  'Mutation.dispatchDonation': 'PLEDGES',
  'Query.donationNeeds': 'NEEDS_READ',
  'Query.pledgeCandidates': 'NEEDS_READ',
  'Mutation.subscribeToDonationNotices': 'SUBSCRIPTIONS',
  'Mutation.importPlatformBatch': 'PLEDGES',
};

/** The role's operations, narrowed by a partner's or a charity platform's key scopes. */
export function principalMayCall(principal: { role: Role; kind: string; scopes?: string[] }, operation: string): boolean {
  if (!mayCall(principal.role, operation)) return false;
  const scope = principal.kind === 'PARTNER' ? PARTNER_SCOPES[operation] : principal.kind === 'CHARITY_PLATFORM' ? PLATFORM_SCOPES[operation] : undefined;
  return !scope || (principal.scopes ?? []).includes(scope);
}

export function maySee(role: Role, field: FieldClass): boolean {
  return FIELDS[field].includes(role);
}

export function mayReadRows(role: Role, type: keyof typeof OTHER_ROWS): boolean {
  return OTHER_ROWS[type].includes(role);
}

// Keep the department list and the matrix in step: a department added to principal.ts without a
// row here fails to compile.
const _allDepartmentsHaveRows: Record<(typeof DEPARTMENT_CODES)[number], RegistryRows> = REGISTRY_ROWS;
void _allDepartmentsHaveRows;
