import { MiddlewareFn } from 'type-graphql';
import { FieldClass, MASKING, maySee } from '../access/matrix';
import { Role } from '../shared/principal';
import { RequestContext } from './context';

/**
 * Field-level rule from the matrix: the field resolves to null for roles that may not see its
 * class. Used with `@UseMiddleware(Sensitive('INCOME'))`; the schema description says so.
 */
export function Sensitive(cls: FieldClass): MiddlewareFn<RequestContext> {
  return ({ context }, next) => (maySee(context.principal.role, cls) ? next() : Promise.resolve(null));
}

export const SENSITIVE_NOTE = (cls: FieldClass) => ` [${cls}: null unless your role may see it 仅授权角色可见]`;

/**
 * An id number as a role without ID_NUMBER sees it (MASKING in the matrix): the region code and
 * one mask character for every other character, check character included (`350421************`).
 */
export function maskIdNumber(id: string): string {
  const shown = id.length === 18 ? MASKING.idNumberShownPrefix : 0;
  return id.slice(0, shown) + MASKING.idNumberMaskCharacter.repeat(id.length - shown);
}

/** The id number a role reads: whole with the personal-data right, masked otherwise. */
export function idNumberFor(role: Role, id: string): { value: string; unmasked: boolean } {
  return maySee(role, 'ID_NUMBER') ? { value: id, unmasked: true } : { value: maskIdNumber(id), unmasked: false };
}
