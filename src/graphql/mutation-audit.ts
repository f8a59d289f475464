import { MiddlewareFn } from 'type-graphql';
import { writeAudit } from '../access/audit';
import { RequestContext } from './context';
import { MutationPayload } from './payload';

/**
 * Audits the outcomes of mutations that write nothing: REJECTED (userErrors) and FAILED
 * (unexpected error). SUCCESS rows are written by the services inside the transaction of the
 * change, and DENIED rows by the operation guard before anything runs.
 */
export const MutationAudit: MiddlewareFn<RequestContext> = async ({ info, context }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  const action = `Mutation.${info.fieldName}`;
  try {
    const result = (await next()) as MutationPayload | undefined;
    if (result?.userErrors?.length) {
      await writeAudit(context.em, context, [{ action, outcome: 'REJECTED', detail: { codes: [...new Set(result.userErrors.map((e) => e.code))] } }]);
    }
    return result;
  } catch (err) {
    await writeAudit(context.em, context, [{ action, outcome: 'FAILED' }]);
    throw err;
  }
};
