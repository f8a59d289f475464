/**
 * What a service answers (kernel: no GraphQL). A service either succeeds with a value or reports
 * the problems the user can fix — several at once, each with a stable code, the path of the input
 * field at fault and the parameters of its message. Messages are not made here: the GraphQL edge
 * localizes them (src/graphql/payload.ts), the CLI and the adapters print or map the codes.
 */
import { UserErrorCode } from './errors';

export type ProblemParams = Record<string, string | number>;

export interface Problem {
  code: UserErrorCode;
  /** Path of the input field at fault, e.g. ["input", "members", "1", "idNumber"]; null for the whole input. */
  path: string[] | null;
  params?: ProblemParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const succeeded = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = <T = never>(...problems: Problem[]): Result<T> => ({ ok: false, problems });

/**
 * Thrown inside a service's transaction to roll it back and answer with problems: nothing is
 * written when the user has something to fix. The mutation runner (src/db/mutation.ts) catches it.
 */
export class ProblemsThrown extends Error {
  constructor(readonly problems: Problem[]) {
    super(`problems: ${problems.map((p) => p.code).join(', ')}`);
  }
}

/** Stops the transaction with one problem. */
export function fail(code: UserErrorCode, path: string[] | null, params?: ProblemParams): never {
  throw new ProblemsThrown([{ code, path, params }]);
}
export type Fail = typeof fail;

/**
 * Collects problems so a service can report all of them at once (validation before the
 * transaction, or inside it followed by `throwIfAny()`).
 */
export class Problems {
  readonly list: Problem[] = [];

  add(code: UserErrorCode, path: string[] | null, params?: ProblemParams): undefined {
    this.list.push({ code, path, params });
    return undefined;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** The problems as a result, or `value` when there are none. */
  result<T>(value: T): Result<T> {
    return this.any ? { ok: false, problems: this.list } : { ok: true, value };
  }

  /** Inside a transaction: roll back with every problem collected so far. */
  throwIfAny(): void {
    if (this.any) throw new ProblemsThrown(this.list);
  }
}
