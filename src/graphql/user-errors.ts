import { UserError, userError, UserErrorCode } from './errors';
import { Lang } from '../shared/i18n';

/**
 * Thrown inside a service's transaction to roll it back and answer with userErrors: nothing is
 * written when the user has something to fix. Every service's runner catches it at one place.
 */
export class UserErrorsThrown extends Error {
  constructor(readonly userErrors: UserError[]) {
    super('userErrors');
  }
}

export type Fail = (code: UserErrorCode, path: string[], params?: Record<string, string | number>) => never;

/** A `fail` that stops the transaction with one coded, localised userError. */
export function failIn(ctx: { lang: Lang }): Fail {
  return (code, path, params = {}) => {
    throw new UserErrorsThrown([userError(ctx.lang, code, path, params)]);
  };
}
