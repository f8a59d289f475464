/**
 * Compiled execution (issue 10): each validated operation is compiled once by graphql-jit into a
 * JavaScript function that walks its selection directly, instead of graphql-js interpreting the
 * document for every object of every response (graphql-js's field-by-field execution was the
 * largest share of a list request's CPU after the SQL).
 *
 * Wired into Apollo through its documented executor seam (`gateway`: Apollo parses, validates,
 * runs every plugin and formats errors as before; only `execute` is replaced). Resolvers, field
 * guards, masking and the audit are the same code either way: graphql-jit calls the schema's
 * resolvers, type resolvers and scalar serializers.
 *
 * What stays graphql-js's, on purpose:
 * - Variable coercion: `getVariableValues` runs first, so a bad variable gets graphql-js's error
 *   text and Apollo's 400 exactly as before (graphql-jit coerces again after; variables are small).
 * - Mutations: executed by graphql-js (serially, root fields in order, as the spec requires, with
 *   the audit and fault edge around each); the hot reads are queries.
 * - Any document graphql-jit cannot compile (it says so) falls back to graphql-js.
 *
 * Compiled operations are kept per query hash and operation name, at most COMPILED_CACHE_SIZE,
 * the oldest dropped first (a Map keeps insertion order): clients send a small set of documents.
 */
import { execute, getVariableValues, GraphQLError, GraphQLSchema, isAbstractType, OperationDefinitionNode, printSchema, SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

export const COMPILED_CACHE_SIZE = 500;

/**
 * graphql-jit's errors look like graphql-js's but leave `extensions` undefined when the resolver's
 * error has none, and Apollo's error normalisation reads `extensions.code`: rebuilt as graphql-js
 * errors (same message, path, locations and original error), so the error edge sees what it always saw.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions ?? undefined });
  if (e.locations) (error as { locations?: readonly SourceLocation[] }).locations = e.locations;
  return error;
}

/**
 * graphql-jit takes a type resolver's answer as it comes: a promise (type-graphql wraps every
 * `resolveType` it is given in an async function) is "no type" and the field fails at run time.
 * Refused when the schema is built, so such a union or interface cannot reach a client.
 */
function assertSynchronousTypeResolvers(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && type.resolveType?.constructor.name === 'AsyncFunction') {
      throw new Error(`${type.name}: an asynchronous resolveType cannot run compiled; let type-graphql resolve it by class (no resolveType option)`);
    }
  }
}

export function compiledExecution(schema: GraphQLSchema): Gateway {
  assertSynchronousTypeResolvers(schema);
  const compiled = new Map<string, CompiledQuery | null>();
  const compiledFor = (key: string, rc: Parameters<Executor>[0]): CompiledQuery | null => {
    let entry = compiled.get(key);
    if (entry === undefined) {
      const result = compileQuery(schema, rc.document, rc.operationName ?? undefined, { disablingCapturingStackErrors: true });
      entry = isCompiledQuery(result) ? result : null;
      if (compiled.size >= COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
      compiled.set(key, entry);
    }
    return entry;
  };
  const executor: Executor = async (rc) => {
    const variables = rc.request.variables ?? {};
    const operation: OperationDefinitionNode = rc.operation;
    const fallback = () => execute({ schema, document: rc.document, contextValue: rc.context, variableValues: variables, operationName: rc.operationName ?? undefined });
    if (operation.operation !== 'query') return fallback();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const query = compiledFor(`${rc.queryHash}\u0000${rc.operationName ?? ''}`, rc);
    if (!query) return fallback();
    const result = await query.query(undefined, rc.context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {
      compiled.clear();
    },
  };
}
