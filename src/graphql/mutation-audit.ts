import { MiddlewareFn } from 'type-graphql';
import { writeAudit } from '../access/audit';
import { RequestContext } from './context';
import { commitCount } from './faults';
import { MutationPayload } from './payload';

/**
 * Audits the outcomes of mutations that write nothing: REJECTED (userErrors) and FAILED
 * (unexpected error). SUCCESS rows are written by the mutation runner inside the transaction of
 * the change (src/db/mutation.ts), and DENIED rows by the operation guard before anything runs.
 * Registered once for the whole schema (`globalMiddlewares` in schema.ts), so no resolver can
 * forget it; every other field passes straight through, without an extra promise.
 */
export const MutationAudit: MiddlewareFn<RequestContext> = (action, next) =>
  action.info.parentType.name === 'Mutation' ? auditMutation(action, next) : next();

const auditMutation: MiddlewareFn<RequestContext> = async ({ info, context }, next) => {
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
