import pino, { DestinationStream, Logger } from 'pino';
import { errorFields } from './shared/row';

/**
 * Logs never carry personal data. An error's message is never logged: PostgreSQL errors come back
 * with the statement and its parameters inlined (knex and MikroORM both do that), and their
 * `detail` names the values of a violated key (an id number, a name). What is logged of an error
 * is its class, its code (the PostgreSQL SQLSTATE or the Node error code), the classes of its
 * causes and its stack frames (code locations only, the first line with the message is dropped).
 */
export interface FaultSummary {
  errorClass: string;
  code?: string;
  constraint?: string;
  causes?: string[];
  frames?: string[];
}

/** SQLSTATEs are five characters of [0-9A-Z]; Node's system error codes look like ECONNRESET. */
const SAFE_CODE = /^(?:[0-9A-Z]{5}|E[A-Z_]{2,30}|[A-Z][A-Z_]{2,40})$/;
const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_FRAMES = 8;

function className(err: unknown): string {
  if (err instanceof Error) return err.constructor?.name && err.constructor.name !== 'Object' ? err.constructor.name : err.name;
  return typeof err;
}

/** The errors behind `err`: GraphQL's originalError, `cause`, and so on (at most five). */
export function causesOf(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let e = errorFields(err);
  while (e && chain.length < 5) {
    const next = e.originalError ?? e.cause;
    if (!next || chain.includes(next) || next === e) break;
    chain.push(next);
    e = errorFields(next);
  }
  return chain;
}

/** The first code of the error or of its causes, when it looks like a code (never free text). */
export function errorCode(err: unknown): string | undefined {
  for (const e of [err, ...causesOf(err)].map(errorFields)) {
    const code = e?.code ?? e?.sqlState;
    if (typeof code === 'string' && SAFE_CODE.test(code)) return code;
  }
  return undefined;
}

/** What may be logged of an error (see above). */
export function describeFault(err: unknown): FaultSummary {
  const chain = causesOf(err);
  // The innermost error usually carries the database's code and constraint.
  const fields = [err, ...chain].map(errorFields);
  const constraint = fields.map((e) => e?.constraint).find((c): c is string => typeof c === 'string');
  const stack = fields.map((e) => (typeof e?.stack === 'string' ? e.stack : '')).find((s) => s.length > 0) ?? '';
  const frames = stack.split('\n').map((l: string) => l.trim()).filter((l: string) => l.startsWith('at ')).slice(0, MAX_FRAMES);
  const summary: FaultSummary = { errorClass: className(err) };
  const code = errorCode(err);
  if (code) summary.code = code;
  if (constraint && SAFE_IDENTIFIER.test(constraint)) summary.constraint = constraint;
  if (chain.length) summary.causes = chain.map(className);
  if (frames.length) summary.frames = frames;
  return summary;
}

/**
 * The process's logger. Anything logged under `err` or `error` goes through describeFault, and
 * the usual places of SQL and parameters are censored in case a caller passes them anyway.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      serializers: { err: describeFault, error: describeFault },
      redact: {
        paths: ['sql', 'bindings', 'params', 'parameters', 'detail', 'query', '*.sql', '*.bindings', '*.params', '*.parameters', '*.detail', '*.query', 'variables', '*.variables'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
