import { defaultFieldResolver, getNullableType, GraphQLError, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { writeAudit } from '../access/audit';
import { RequestContext } from './context';
import { ErrorCode, userError, UserErrorCode } from './errors';
import { message } from '../shared/i18n';

import { refusedCharacter } from '../shared/text';

export { refusedCharacter };

export interface RefusedText {
  /** Path of the argument, e.g. ["input", "members", "1", "name"]. */
  field: string[];
  /** 1-based position in characters (code points) of the first refused character. */
  position: number;
  /** The character as U+XXXX. */
  char: string;
}

/** The first string in `value` (arguments, input objects, lists, JSON) with a refused character. */
export function findRefusedText(value: unknown, path: string[] = []): RefusedText | null {
  if (typeof value === 'string') {
    const hit = refusedCharacter(value);
    return hit ? { field: path, ...hit } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findRefusedText(value[i], [...path, String(i)]);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const keyHit = refusedCharacter(k);
      if (keyHit) return { field: [...path, k], ...keyHit };
      const hit = findRefusedText(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/** A fresh payload object of a mutation's return type, with the class defaults type-graphql gave it. */
export function newPayload(type: GraphQLObjectType): Record<string, unknown> {
  const meta = getMetadataStorage().objectTypes.find((o) => o.name === type.name);
  const payload = meta ? (new (meta.target as new () => Record<string, unknown>)()) : {};
  payload.userErrors = [];
  return payload;
}

/** The object type of a field's result when it is a mutation payload (it has `userErrors`). */
export function payloadType(type: unknown): GraphQLObjectType | null {
  const t = getNullableType(type as never);
  return isObjectType(t) && 'userErrors' in t.getFields() ? t : null;
}

/**
 * Every argument of every field passes here before its resolver runs: the one place all text
 * input of the API goes through (queries, mutations, and the few nested fields with arguments).
 * A refused character in a mutation's input answers the payload with a userError
 * CONTROL_CHARACTER naming the field, and the REJECTED audit row every rejected mutation leaves
 * (MutationAudit is not reached, so it is written here); elsewhere (filters, ids of queries) the
 * answer is a BAD_USER_INPUT error with the argument path. Only fields with arguments are
 * wrapped, so reading nested data costs nothing.
 */
export function guardTextArguments(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const payload = type === mutationType ? payloadType(field.type) : null;
      field.resolve = (root, args, ctx: RequestContext, info) => {
        const hit = findRefusedText(args);
        if (!hit) return resolve(root, args, ctx, info);
        const params = { position: hit.position, char: hit.char };
        if (payload) {
          return writeAudit(ctx.em, ctx, [{ action: `Mutation.${info.fieldName}`, outcome: 'REJECTED', detail: { codes: [UserErrorCode.CONTROL_CHARACTER] } }]).then(() =>
            Object.assign(newPayload(payload), { userErrors: [userError(ctx.lang, UserErrorCode.CONTROL_CHARACTER, hit.field, params)] }),
          );
        }
        throw new GraphQLError(message(ctx.lang, UserErrorCode.CONTROL_CHARACTER, params), {
          extensions: { code: ErrorCode.BAD_USER_INPUT, reason: UserErrorCode.CONTROL_CHARACTER, field: hit.field },
        });
      };
    }
  }
}
