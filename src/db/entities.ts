import { AuditEvent } from '../access/audit-event.entity';
import { Community, Department, Household, Person, Township } from '../modules/registry/registry.entity';
import { PartnerApiKey, PartnerOrganisation } from '../modules/partners/partner.entity';
import { PolicyParameter } from '../policy/policy-parameter.entity';
import {
  ApiRateBucket, HouseholdUtilityAccount, Need, OutboxAttempt, OutboxMessage, Pairing, PairingHousehold, PairingLedgerEntry,
  PairingPartner, PartnerSubscription, WebhookReceipt,
} from '../modules/pairing/pairing.entity';
import { Delivery, PlanItem } from '../modules/measures/measures.entity';
import { AllowanceRun, AllowanceRunLine, Disbursement, FundAllocation, FundSource } from '../modules/funds/funds.entity';
import {
  CaseTransition, IdentificationCase, InvestigationRecord, NoticeObjection, PublicNotice,
} from '../modules/identification/identification.entity';
import { DomainEvent, EventConsumer } from '../events/domain-event.entity';

/** Every entity, listed explicitly (no folder discovery: the same list in tests, CLI and build). */
export const entities = [
  Township, Community, Department, Household, Person, PartnerOrganisation, PartnerApiKey, AuditEvent,
  PolicyParameter, IdentificationCase, CaseTransition, InvestigationRecord, PublicNotice, NoticeObjection, DomainEvent,
  EventConsumer, PlanItem, Delivery, FundSource, FundAllocation, Disbursement, AllowanceRun, AllowanceRunLine,
  Pairing, PairingPartner, PairingHousehold, PairingLedgerEntry, Need, HouseholdUtilityAccount, ApiRateBucket, WebhookReceipt,
  PartnerSubscription, OutboxMessage, OutboxAttempt,
];
