import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from 'graphql';
import { writeAudit } from '../access/audit';
import { principalMayCall } from '../access/matrix';
import { RequestContext } from './context';
import { ErrorCode, formatErrorMessage } from './errors';

/** Root field names of an operation, through fragments and inline fragments. */
function rootFields(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) names.push(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) names.push(...rootFields(s.selectionSet, fragments, seen));
    else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value) && fragments[s.name.value]) {
      seen.add(s.name.value);
      names.push(...rootFields(fragments[s.name.value].selectionSet, fragments, seen));
    }
  }
  return names;
}

/**
 * Operation-level rule of the access matrix, checked once per request before anything executes:
 * every root field must be allowed for the caller's role, or the whole request is refused (401
 * for anonymous callers, 403 otherwise). Refused mutations are audited as DENIED.
 */
export function operationGuard(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const op = rc.operation;
          if (!op) return;
          const root = op.operation === 'query' ? 'Query' : op.operation === 'mutation' ? 'Mutation' : 'Subscription';
          const fragments = Object.fromEntries(
            rc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          const ctx = rc.contextValue;
          const names = [...new Set(rootFields(op.selectionSet, fragments))].filter((n) => !n.startsWith('__'));
          const denied = names.filter((n) => !principalMayCall(ctx.principal as never, `${root}.${n}`));
          // Every partner call is audited, reads included (DESIGN.md: partners are outside systems).
          // donors module (issue 12): charity platforms are outside systems too (PLATFORM_CALL).
          if (ctx.principal.kind === 'CHARITY_PLATFORM') {
            await writeAudit(ctx.em, ctx, [{ action: 'PLATFORM_CALL', outcome: denied.length ? 'DENIED' : 'SUCCESS', detail: { operations: names.map((n) => `${root}.${n}`) } }]);
          }
          if (ctx.principal.kind === 'PARTNER') {
            await writeAudit(ctx.em, ctx, [{ action: 'PARTNER_CALL', outcome: denied.length ? 'DENIED' : 'SUCCESS', detail: { operations: names.map((n) => `${root}.${n}`) } }]);
          }
          if (denied.length === 0) return;
          if (root === 'Mutation') {
            await writeAudit(ctx.em, ctx, denied.map((n) => ({ action: `Mutation.${n}`, outcome: 'DENIED' as const })));
          }
          const anonymous = ctx.principal.kind === 'ANONYMOUS';
          throw new GraphQLError(formatErrorMessage(anonymous, denied.map((n) => `${root}.${n}`)), {
            extensions: {
              code: anonymous ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
              operations: denied.map((n) => `${root}.${n}`),
              http: { status: anonymous ? 401 : 403 },
            },
          });
        },
      };
    },
  };
}
