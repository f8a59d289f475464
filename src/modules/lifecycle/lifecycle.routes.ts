/**
 * REST routes of the lifecycle: the printable exit notice to the household (R19), for the
 * household's township (which hands it over) and civil affairs (ROUTE_OPERATIONS
 * 'GET /forms/exit-notice'; rows: OTHER_ROWS.HouseholdLifecycle). Anonymous → 401; a role outside
 * the cell → 403; not an exit, or not yours → 404. Every print is audited (it names the household).
 */
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { writeAudit } from '../../access/audit';
import { AuthenticationError, type Authenticator, rateLimitHeaders } from '../../access/authenticate';
import { ROUTE_OPERATIONS } from '../../access/matrix';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import type { Principal } from '../../shared/principal';
import { FORM_HEADERS } from '../../forms/forms';
import { renderExitNotice } from './lifecycle.forms';
import { exitNoticeData } from './lifecycle.reader';

export interface LifecycleRouteDeps {
  orm: MikroORM;
  auth: Authenticator;
  /** Told who called (the access log names the principal). */
  onPrincipal?: (res: Response, principal: Principal) => void;
  /** The request's id for the audit row (the access log's); else the client's X-Request-Id. */
  requestIdOf?: (req: Request) => string | null;
}

const clientRequestId = (req: Request) => (req.header('x-request-id') ?? '').slice(0, 40) || null;

export function lifecycleRoutes({ orm, auth, onPrincipal, requestIdOf = clientRequestId }: LifecycleRouteDeps): Router {
  const router = Router();
  router.get('/forms/exit-notice/:id', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const em = orm.em.fork();
      const principal = await auth.authenticate(em, { authorization: req.header('authorization') ?? undefined, apiKey: req.header('x-api-key') ?? undefined, onRateLimit: (s) => res.set(rateLimitHeaders(s)) });
      onPrincipal?.(res, principal);
      if (principal.kind === 'ANONYMOUS') {
        sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to print an exit notice');
        return;
      }
      if (!ROUTE_OPERATIONS['GET /forms/exit-notice'].includes(principal.role)) {
        sendError(res, 403, 'FORBIDDEN', 'Your role may not print exit notices');
        return;
      }
      const key = keyOf(String(req.params.id), 'HouseholdRecheck');
      const notice = key ? await exitNoticeData(em.getKnex(), principal, key) : null;
      if (!notice) {
        res.status(404).type('text/plain; charset=utf-8').send('退出告知书不存在或无权查看 / Exit notice not found');
        return;
      }
      await writeAudit(em, { principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [
        { action: 'Print.exitNotice', entity: 'HouseholdRecheck', recordId: notice.recheckId, outcome: 'SUCCESS' },
      ]);
      res.set(FORM_HEADERS).type('text/html; charset=utf-8').send(renderExitNotice(notice));
    } catch (err) {
      if (err instanceof AuthenticationError) {
        sendError(res, 401, 'UNAUTHENTICATED', err.message);
        return;
      }
      next(err);
    }
  });
  return router;
}
