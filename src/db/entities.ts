import { AuditEvent } from '../access/audit-event.entity';
import { Community, Department, Household, Person, Township } from '../modules/registry/registry.entity';
import { PartnerApiKey, PartnerOrganisation } from '../modules/partners/partner.entity';
import { PolicyParameter } from '../policy/policy-parameter.entity';
import {
  ApiRateBucket, HouseholdUtilityAccount, Need, NeedTally, OutboxAttempt, OutboxMessage, Pairing, PairingHousehold, PairingLedgerEntry,
  PairingPartner, PartnerSubscription, WebhookReceipt,
} from '../modules/pairing/pairing.entity';
import { Delivery, PlanItem } from '../modules/measures/measures.entity';
import { AllowanceRun, AllowanceRunLine, Disbursement, FundAllocation, FundSource } from '../modules/funds/funds.entity';
import {
  CaseTransition, IdentificationCase, InvestigationRecord, NoticeObjection, PublicNotice,
} from '../modules/identification/identification.entity';
import { DomainEvent, EventConsumer } from '../events/domain-event.entity';
// lifecycle (issue 11)
import { HouseholdEpisode, HouseholdRecheck, RecordHistory } from '../modules/lifecycle/lifecycle.entity';
// donors module (issue 12)
import {
  AllocationRun, CharityPlatform, CharityPlatformApiKey, DonationAllocation, DonationCandidate, DonationMatch, DonationUnitValue, Donor, PlatformSubscription, Pledge,
  PseudonymKey, ReceiptVisitSample,
} from '../modules/donors/donors.entity';
// supervision (R22)
import { AssessmentSignOff, ScorecardChange, ScorecardResult, ScorecardCell, SupervisionCheck, SupervisionCheckHousehold } from '../modules/supervision/supervision.entity';
// monitoring (issue 11)
import { DepartmentFact, MonitoringRun, TemporaryRelief, Warning, WarningRule } from '../modules/monitoring/monitoring.entity';
// perf (issue 10): the registry's counters
import { HouseholdLabelTally, HouseholdTally } from '../modules/registry/registry.tally.entity';
import {
  LifecycleExitReasonMonth, LifecycleFlowMonth, LifecycleHouseholdStep, LifecycleLabelDay, LifecycleLabelMonth,
  LifecycleStatusDay, LifecycleStatusMonth, RecheckDue, RecheckDueDay, RecheckDueStale, RecheckDueState,
} from '../modules/lifecycle/lifecycle.summary.entity';
// office-files (issue 14): R7 direct recognitions of the ledger import
import { DirectRecognition } from '../modules/office/office.entity';

/** Every entity, listed explicitly (no folder discovery: the same list in tests, CLI and build). */
export const entities = [
  Township, Community, Department, Household, Person, PartnerOrganisation, PartnerApiKey, AuditEvent,
  PolicyParameter, IdentificationCase, CaseTransition, InvestigationRecord, PublicNotice, NoticeObjection, DomainEvent,
  EventConsumer, PlanItem, Delivery, FundSource, FundAllocation, Disbursement, AllowanceRun, AllowanceRunLine,
  Pairing, PairingPartner, PairingHousehold, PairingLedgerEntry, Need, NeedTally, HouseholdUtilityAccount, ApiRateBucket, WebhookReceipt,
  PartnerSubscription, OutboxMessage, OutboxAttempt,
  HouseholdEpisode, HouseholdRecheck, RecordHistory, // lifecycle (issue 11)
  // supervision (R22)
  SupervisionCheck, SupervisionCheckHousehold, AssessmentSignOff, ScorecardChange, ScorecardResult, ScorecardCell, // scorecard results kept exact (issue 10)
  WarningRule, DepartmentFact, Warning, TemporaryRelief, MonitoringRun, // monitoring (issue 11)
  // perf (issue 10)
  HouseholdTally, HouseholdLabelTally,
  LifecycleHouseholdStep, LifecycleStatusDay, LifecycleStatusMonth, LifecycleLabelDay, LifecycleLabelMonth,
  LifecycleFlowMonth, LifecycleExitReasonMonth, // dynamic management's summaries
  RecheckDue, RecheckDueDay, RecheckDueStale, RecheckDueState, // the re-check queue's due days
  // donors module (issue 12)
  CharityPlatform, CharityPlatformApiKey, Donor, Pledge, AllocationRun, DonationMatch, DonationAllocation, DonationUnitValue,
  ReceiptVisitSample, PlatformSubscription, PseudonymKey,
  DonationCandidate, // the ranking's projection of open needs (issue 10)
  DirectRecognition, // office-files (issue 14)
];
