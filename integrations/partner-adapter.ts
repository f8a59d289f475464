/**
 * The interface every partner adapter implements (one folder per partner kind under
 * integrations/). An adapter reads its partner's native records (CSV, JSON, webhook events),
 * validates each one, resolves the household through a reference the partner can know, and maps
 * it to pairing assistance. Adapters arrive with the partners issue; this file fixes the contract
 * so they all look alike.
 */
export interface AdapterRecordError {
  /** The partner's own id of the record, or its line number. */
  record: string;
  code: string;
  message: string;
}

export interface AdapterResult<T> {
  accepted: T[];
  rejected: AdapterRecordError[];
}

export interface PartnerAdapter<Native, Mapped> {
  /** Partner kind this adapter serves, e.g. TRADE_UNION. */
  readonly kind: string;
  /** Parses a raw payload (file contents or webhook body) into native records. */
  parse(raw: Buffer | string): AdapterResult<Native>;
  /** Validates and maps one native record; per-record errors, never exceptions. */
  map(record: Native): Mapped | AdapterRecordError;
}
