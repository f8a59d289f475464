import { MiddlewareFn } from 'type-graphql';
import { FieldClass, maySee } from '../access/matrix';
import { RequestContext } from './context';

/**
 * Field-level rule from the matrix: the field resolves to null for roles that may not see its
 * class. Used with `@UseMiddleware(Sensitive('INCOME'))`; the schema description says so.
 */
export function Sensitive(cls: FieldClass): MiddlewareFn<RequestContext> {
  return ({ context }, next) => (maySee(context.principal.role, cls) ? next() : Promise.resolve(null));
}

export const SENSITIVE_NOTE = (cls: FieldClass) => ` [${cls}: null unless your role may see it 仅授权角色可见]`;
