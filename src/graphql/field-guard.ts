import { defaultFieldResolver, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getMetadataStorage, MiddlewareFn } from 'type-graphql';
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

/**
 * Issue 10, less work per field: middleware only where a rule applies. type-graphql wraps every
 * field of the schema in its middleware dispatcher (an async function: a promise per scalar) as
 * soon as one global middleware exists; the mutation audit is such a middleware but concerns only
 * the fields of `Mutation`. This wraps exactly those, once, at schema build, keeping the order the
 * global middleware had (inside the text guard and the committed-write answer, outside the field's
 * own resolver and middleware).
 */
export function applyToMutations(schema: GraphQLSchema, middleware: MiddlewareFn<RequestContext>): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, context: RequestContext, info) =>
      middleware({ root, args, context, info }, async () => resolve(root, args, context, info));
  }
}

/**
 * A plain field — no resolver method, no middleware (no Sensitive guard), no auth roles, same name
 * in the schema as on the object — reads its property through graphql-js's default resolver:
 * synchronous, no wrapper, no promise. Fields with a guard keep it: the decision per field is made
 * once here, from type-graphql's metadata, not per row.
 */
export function plainFieldsResolveByDefault(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  const plain = new Map<string, Set<string>>();
  for (const o of storage.objectTypes) {
    // Fields with a resolver method, in a @Resolver class of the type or on the type itself.
    const withResolver = new Set(storage.fieldResolvers
      .filter((r) => r.target === o.target || r.getObjectType?.() === o.target || r.resolverClassMetadata?.getObjectType?.() === o.target)
      .map((r) => r.schemaName));
    const names = new Set<string>();
    for (const f of o.fields ?? []) {
      if (!f.middlewares?.length && !f.roles?.length && f.name === f.schemaName && !withResolver.has(f.schemaName)) names.add(f.schemaName);
    }
    plain.set(o.name, names);
  }
  let count = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const names = plain.get(type.name);
    if (!names) continue;
    for (const field of Object.values(type.getFields())) {
      if (names.has(field.name) && field.args.length === 0 && field.resolve) {
        field.resolve = undefined;
        count++;
      }
    }
  }
  return count;
}
