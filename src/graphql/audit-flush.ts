import type { ApolloServerPlugin } from '@apollo/server';
import { writeAudit } from '../access/audit';
import { RequestContext } from './context';
import { ErrorCode } from './errors';

/**
 * Writes the unmasked personal-data reads of a request in one insert before the response leaves.
 * If that write fails, the response is replaced by an error: personal data is never sent
 * unaudited.
 */
export function unmaskedReadAudit(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const ctx = rc.contextValue;
          const entries = ctx.unmaskedReads?.drain() ?? [];
          if (entries.length === 0) return;
          try {
            await writeAudit(ctx.em, ctx, entries);
          } catch (err) {
            rc.logger.error(`audit write failed: ${(err as Error).message}`);
            if (rc.response.body.kind === 'single') {
              rc.response.body.singleResult = {
                errors: [{ message: 'Audit unavailable; personal data withheld', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
              };
              rc.response.http.status = 503;
            }
          }
        },
      };
    },
  };
}
