import { Field, InterfaceType } from 'type-graphql';
import type { Problem, Result } from '../shared/result';
import { UserError, userError } from './errors';
import type { Lang } from '../shared/i18n';

/** Every mutation payload carries the problems the user can fix; empty when it succeeded. */
@InterfaceType({ description: 'What every mutation payload has. 所有变更结果的共同字段。' })
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Problems with the input; empty on success, and then nothing else was written. 输入问题；为空表示成功。' })
  userErrors: UserError[] = [];
}

/** The one place problems become localized userErrors (Chinese by default, English on request). */
export function localize(lang: Lang, problems: readonly Problem[]): UserError[] {
  return problems.map((p) => userError(lang, p.code, p.path, p.params ?? {}));
}

/**
 * A service's result as a mutation payload: on success the fields `present` builds from the value
 * (usually objects read back through the request's loaders), otherwise only the localized
 * userErrors. Every resolver answers through this helper.
 */
export async function toPayload<P extends MutationPayload, T>(
  ctx: { lang: Lang },
  Payload: new () => P,
  result: Result<T>,
  present: (value: T) => Partial<P> | Promise<Partial<P>>,
): Promise<P> {
  const payload = new Payload();
  if (!result.ok) {
    payload.userErrors = localize(ctx.lang, result.problems);
    return payload;
  }
  return Object.assign(payload, await present(result.value));
}
