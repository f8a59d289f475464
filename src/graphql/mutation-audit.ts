import { MiddlewareFn } from 'type-graphql';
import { writeAudit } from '../access/audit';
import { RequestContext } from './context';
import { commitCount } from './faults';
import { MutationPayload } from './payload';

/**
 * Audits the outcomes of mutations that write nothing: REJECTED (userErrors) and FAILED
 * (unexpected error). SUCCESS rows are written by the services inside the transaction of the
 * change, and DENIED rows by the operation guard before anything runs.
 */
export const MutationAudit: MiddlewareFn<RequestContext> = async ({ info, context }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  const action = `Mutation.${info.fieldName}`;
  const commitsBefore = commitCount(context);
  try {
    const result = (await next()) as MutationPayload | undefined;
    if (result?.userErrors?.length) {
      await writeAudit(context.em, context, [{ action, outcome: 'REJECTED', detail: { codes: [...new Set(result.userErrors.map((e) => e.code))] } }]);
    }
    return result;
  } catch (err) {
    // A change that committed has its SUCCESS row already (written with it); what failed is
    // reading back the answer, which is not a failure of the mutation (src/graphql/faults.ts).
    if (commitCount(context) === commitsBefore) await writeAudit(context.em, context, [{ action, outcome: 'FAILED' }]);
    throw err;
  }
};
