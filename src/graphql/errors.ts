import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { describeCode, Lang, message } from './i18n';

/**
 * Codes of `errors[].extensions.code`: what the caller cannot fix by changing the input.
 * Everything the user can fix is a `UserError` in the mutation payload instead.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** A partner key passed its requests per minute: HTTP 429 with Retry-After and RateLimit-* headers. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The Accept header lists no media type /graphql can answer: HTTP 406, nothing executed. */
  NOT_ACCEPTABLE = 'NOT_ACCEPTABLE',
}

/** Stable codes of userErrors; messages for each are in i18n.ts (Chinese and English). */
export enum UserErrorCode {
  REQUIRED = 'REQUIRED',
  STRING_TOO_LONG = 'STRING_TOO_LONG',
  INVALID_FORMAT = 'INVALID_FORMAT',
  INVALID_ID = 'INVALID_ID',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  AMOUNT_NEGATIVE = 'AMOUNT_NEGATIVE',
  AMOUNT_TOO_LARGE = 'AMOUNT_TOO_LARGE',
  ID_NUMBER_FORMAT = 'ID_NUMBER_FORMAT',
  ID_NUMBER_BIRTH_DATE = 'ID_NUMBER_BIRTH_DATE',
  ID_NUMBER_CHECK_DIGIT = 'ID_NUMBER_CHECK_DIGIT',
  ID_NUMBER_ALREADY_REGISTERED = 'ID_NUMBER_ALREADY_REGISTERED',
  ID_NUMBER_DUPLICATED_IN_INPUT = 'ID_NUMBER_DUPLICATED_IN_INPUT',
  UNKNOWN_TOWNSHIP = 'UNKNOWN_TOWNSHIP',
  UNKNOWN_COMMUNITY = 'UNKNOWN_COMMUNITY',
  COMMUNITY_NOT_IN_TOWNSHIP = 'COMMUNITY_NOT_IN_TOWNSHIP',
  TOWNSHIP_NOT_YOURS = 'TOWNSHIP_NOT_YOURS',
  HOUSEHOLD_NEEDS_MEMBERS = 'HOUSEHOLD_NEEDS_MEMBERS',
  HOUSEHOLD_TOO_LARGE = 'HOUSEHOLD_TOO_LARGE',
  HEAD_MISSING = 'HEAD_MISSING',
  MULTIPLE_HEADS = 'MULTIPLE_HEADS',
  HEAD_CANNOT_BE_REMOVED = 'HEAD_CANNOT_BE_REMOVED',
  ALREADY_HEAD = 'ALREADY_HEAD',
  DISABILITY_GRADE_MISMATCH = 'DISABILITY_GRADE_MISMATCH',
  NOT_FOUND = 'NOT_FOUND',
  STALE_VERSION = 'STALE_VERSION',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  UNKNOWN_PARAMETER = 'UNKNOWN_PARAMETER',
  NOT_AN_INTEGER = 'NOT_AN_INTEGER',
  PARAMETER_ALREADY_SET_FOR_DATE = 'PARAMETER_ALREADY_SET_FOR_DATE',
  PARAMETER_WOULD_REWRITE_DECISION = 'PARAMETER_WOULD_REWRITE_DECISION',
  OPEN_CASE_EXISTS = 'OPEN_CASE_EXISTS',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  INVESTIGATION_INCOMPLETE = 'INVESTIGATION_INCOMPLETE',
  REVIEW_OPINION_MISSING = 'REVIEW_OPINION_MISSING',
  PRIMARY_CAUSE_NOT_IN_CAUSES = 'PRIMARY_CAUSE_NOT_IN_CAUSES',
  AUTHORISATION_NOT_SIGNED = 'AUTHORISATION_NOT_SIGNED',
  APPRAISAL_INCOMPLETE = 'APPRAISAL_INCOMPLETE',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  DATE_BEFORE_CASE_STEP = 'DATE_BEFORE_CASE_STEP',
  DATE_AFTER_CASE_STEP = 'DATE_AFTER_CASE_STEP',
  LATE_ENTRY_EVIDENCE_REQUIRED = 'LATE_ENTRY_EVIDENCE_REQUIRED',
  NOTICE_TOO_SHORT = 'NOTICE_TOO_SHORT',
  NOTICE_NOT_ENDED = 'NOTICE_NOT_ENDED',
  NOTICE_NOT_CURRENT = 'NOTICE_NOT_CURRENT',
  OPEN_OBJECTION = 'OPEN_OBJECTION',
  OBJECTION_ALREADY_RESOLVED = 'OBJECTION_ALREADY_RESOLVED',
  UPHELD_ACTION_REQUIRED = 'UPHELD_ACTION_REQUIRED',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  NOT_ENTITLED = 'NOT_ENTITLED',
  NOT_YOUR_MEASURE = 'NOT_YOUR_MEASURE',
  FUND_OVERDRAWN = 'FUND_OVERDRAWN',
  ALREADY_PAID = 'ALREADY_PAID',
  INVALID_MONTH = 'INVALID_MONTH',
  WRONG_MEASURE = 'WRONG_MEASURE',
  DUPLICATE_CODE = 'DUPLICATE_CODE',
  WRONG_YEAR = 'WRONG_YEAR',
  NOTHING_TO_PAY = 'NOTHING_TO_PAY',
  NOT_YOUR_PAIRING = 'NOT_YOUR_PAIRING',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  NOT_PAIRED = 'NOT_PAIRED',
  UNKNOWN_CARD_NUMBER = 'UNKNOWN_CARD_NUMBER',
  UNKNOWN_UTILITY_ACCOUNT = 'UNKNOWN_UTILITY_ACCOUNT',
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  PERSONAL_DATA_IN_TEXT = 'PERSONAL_DATA_IN_TEXT',
  WEBHOOK_URL_NOT_ALLOWED = 'WEBHOOK_URL_NOT_ALLOWED',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Stable code of a user error. 可由用户更正的错误的稳定代码。',
  valuesConfig: Object.fromEntries(Object.values(UserErrorCode).map((c) => [c, { description: describeCode(c) }])),
});

@ObjectType({ description: 'A problem with the input that the user can fix. 用户可更正的输入问题。' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path to the input field at fault, e.g. ["input","members","1","idNumber"]. 出错输入字段的路径。',
  })
  field?: string[] | null;

  @Field({ description: 'Message in the language the request asked for (Chinese by default). 错误信息（默认中文）。' })
  message!: string;

  @Field(() => UserErrorCode, { description: 'Stable machine-readable code. 稳定的错误代码。' })
  code!: UserErrorCode;
}

export function userError(lang: Lang, code: UserErrorCode, field: string[] | null, params: Record<string, string | number> = {}): UserError {
  return { field, code, message: message(lang, code, params) };
}

/** An error the caller cannot fix by editing input: mapped to `errors[]` with its code. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, msg: string) {
    super(msg, { extensions: { code } });
  }
}

export function forbidden(operation: string): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, `Not allowed: ${operation}`);
}

/**
 * The one edge where errors become responses: known codes pass through; anything else is an
 * internal error with no message detail and never a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  const known = code && code !== ErrorCode.INTERNAL_SERVER_ERROR;
  if (known) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (process.env.NODE_ENV !== 'test') {
    // eslint-disable-next-line no-console
    console.error('internal error', error);
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

export function formatErrorMessage(anonymous: boolean, operations: string[]): string {
  return anonymous ? `Sign in to call ${operations.join(', ')}` : `Your role may not call ${operations.join(', ')}`;
}
