/**
 * The contract every partner adapter implements (one folder per partner kind under
 * partner-adapters/). An adapter reads its partner's native payload (a CSV file, a JSON batch, a
 * webhook event), validates each record on its own, and maps it to the one thing the platform
 * knows: an assistance record for the pairing ledger, resolved to a household through a
 * reference the partner can know (the assistance-card number, or a utility account the household
 * registered). Everything after that — the pairing check, idempotency, writing — is the same
 * `registerPairingAssistance` service the GraphQL mutation uses.
 */
/*
 * The platform's codes an adapter produces or names. They are declared here, once, because the
 * adapters import nothing from src/ (README); the platform's enums of the same values
 * (src/modules/pairing/pairing.enums.ts `AssistanceKind`, `Utility`; src/modules/partners/
 * partner.enums.ts `PartnerKind`) are checked against these at compile time, so the two cannot
 * drift apart.
 */
/** What a partner gave (the platform's `AssistanceKind`, R20). */
export type AssistanceKindCode = 'VISIT' | 'CASH' | 'GOODS' | 'SERVICE' | 'VOLUNTEER_HOURS' | 'FEE_WAIVER';
/** A utility whose accounts households register (the platform's `Utility`). */
export type UtilityCode = 'POWER' | 'WATER' | 'CABLE';
/** The kinds of partner organisation that send records through an adapter (a subset of the platform's `PartnerKind`). */
export type AdapterPartnerKind = 'TRADE_UNION' | 'YOUTH_LEAGUE' | 'WOMENS_FEDERATION' | 'POWER_COMPANY' | 'WATER_COMPANY' | 'CABLE_COMPANY' | 'CHARITY';

export type HouseholdReference =
  | { assistanceCardNumber: string }
  | { utility: UtilityCode; accountNumber: string };

export interface AssistanceRecord {
  /** The partner's own id of the record: the idempotency key (same id + same record = same answer). */
  externalId: string;
  reference: HouseholdReference;
  kind: AssistanceKindCode;
  /** YYYY-MM-DD. */
  givenOn: string;
  /** Money or money's worth in integer fen; null for visits and services without a value. */
  amount: number | null;
  /** Volunteer hours; null otherwise. */
  hours: number | null;
  /** Short description for the ledger (no personal data beyond what the record needs). */
  description: string;
}

/** A record the adapter could not map; `record` names it (the partner's id, or "line N"). */
export interface RecordError {
  record: string;
  code: string;
  message: string;
}

/** One record of a payload: mapped, rejected, or skipped (valid but not household assistance). */
export type ParsedRecord =
  | { ref: string; record: AssistanceRecord }
  | { ref: string; error: RecordError }
  | { ref: string; skipped: string };

/** The formats the platform accepts, one per partner kind. */
export type IntegrationFormat = 'trade-union' | 'youth-league' | 'womens-federation' | 'power' | 'water' | 'cable' | 'charity';

export interface PartnerAdapter {
  readonly format: IntegrationFormat;
  /** Partner kinds allowed to send this format (checked against the calling partner). */
  readonly partnerKinds: readonly string[];
  /**
   * Parses a whole payload. A malformed payload (not JSON, not the CSV header) yields one error
   * record with ref "payload"; otherwise every record is mapped or rejected on its own.
   */
  parse(raw: string): ParsedRecord[];
}
