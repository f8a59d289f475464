import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { describeCode, Lang, message } from '../shared/i18n';

import { ErrorCode, UserErrorCode } from '../shared/errors';
import { errorFields } from '../shared/row';

export { ErrorCode, UserErrorCode };

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

/** Seconds a client should wait before retrying after SERVICE_UNAVAILABLE. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs that are the service's problem and worth a retry: connection exceptions (class 08),
 * serialization failure and deadlock (40001, 40P01), the server shutting down or refusing
 * connections (57P01–57P03), too many connections (53300), a lock or statement timeout (55P03,
 * 57014). Everything else from the database is a bug of ours (INTERNAL_SERVER_ERROR).
 */
// 08P01 (protocol violation) is not among them: that is a bug of ours, not an outage.
const RETRYABLE_SQLSTATE = /^(?:08(?!P01)[0-9A-Z]{3}|40001|40P01|57P0[123]|53300|55P03|57014)$/;
const RETRYABLE_NODE_CODE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres and knex report a lost connection or an exhausted pool without a code.
const RETRYABLE_MESSAGE = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Timeout acquiring a connection|Connection ended unexpectedly/;
const RETRYABLE_CLASS = new Set(['ConnectionException', 'DeadlockException', 'LockWaitTimeoutException', 'KnexTimeoutError']);

/** Whether `err` (or what it wraps) is a database fault the client may retry. */
export function isServiceFault(err: unknown): boolean {
  let e = errorFields(err);
  for (let depth = 0; e && depth < 6; depth++) {
    if (e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE && err instanceof Object && e instanceof GraphQLError) return true;
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (RETRYABLE_SQLSTATE.test(code) || RETRYABLE_NODE_CODE.has(code))) return true;
    if (RETRYABLE_CLASS.has(e.constructor?.name) || (typeof e.name === 'string' && RETRYABLE_CLASS.has(e.name))) return true;
    if (typeof e.message === 'string' && RETRYABLE_MESSAGE.test(e.message)) return true;
    const next = e.originalError ?? e.cause;
    if (next === e) break;
    e = errorFields(next);
  }
  return false;
}

const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; retry shortly';

/** A database fault as it leaves the service: 503, Retry-After, retryable code. */
export class ServiceUnavailableError extends GraphQLError {
  /** `cause`: what failed, kept for the log line (its class and code only, src/logging.ts). */
  constructor(cause?: unknown) {
    super(UNAVAILABLE_MESSAGE, {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: {
        code: ErrorCode.SERVICE_UNAVAILABLE,
        retryable: true,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
      },
    });
  }
}

/**
 * The one edge where errors become responses: known codes pass through; database faults become
 * SERVICE_UNAVAILABLE (retryable; the HTTP status 503 and Retry-After are set by the faults
 * plugin, src/graphql/faults.ts); anything else is an internal error with no message detail and
 * never a stack trace. Nothing is logged here: the plugin logs what may be logged (no messages,
 * no SQL, no parameters; src/logging.ts).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (isServiceFault(error)) {
    return {
      message: UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
    };
  }
  const known = code && code !== ErrorCode.INTERNAL_SERVER_ERROR;
  if (known) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Whether an error reaching the edge is one of ours with a code the client can act on (nothing to log). */
export function isKnownError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code as string | undefined;
  return !!code && code !== ErrorCode.INTERNAL_SERVER_ERROR && code !== ErrorCode.SERVICE_UNAVAILABLE;
}

export function formatErrorMessage(anonymous: boolean, operations: string[]): string {
  return anonymous ? `Sign in to call ${operations.join(', ')}` : `Your role may not call ${operations.join(', ')}`;
}
