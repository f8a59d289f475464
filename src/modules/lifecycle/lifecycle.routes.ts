/**
 * REST routes of the lifecycle: the printable exit notice to the household (R19), for the
 * household's township (which hands it over) and civil affairs (ROUTE_OPERATIONS
 * 'GET /forms/exit-notice'; rows: OTHER_ROWS.HouseholdLifecycle). Anonymous → 401; a role outside
 * the cell → 403; not an exit, or not yours → 404. Every print is audited (it names the household).
 */
import { Router } from 'express';
import { writeAudit } from '../../access/audit';
import { ROUTE_OPERATIONS } from '../../access/matrix';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import { clientRequestId, guarded, type RouteDeps, routeCaller } from '../../http/route-caller';
import { FORM_HEADERS } from '../../forms/forms';
import { renderExitNotice } from './lifecycle.forms';
import { exitNoticeData } from './lifecycle.reader';

export type LifecycleRouteDeps = RouteDeps;

export function lifecycleRoutes(deps: LifecycleRouteDeps): Router {
  const { requestIdOf = clientRequestId } = deps;
  const router = Router();
  router.get('/forms/exit-notice/:id', guarded(async (req, res) => {
    const who = await routeCaller(deps, req, res, 'Sign in to print an exit notice');
    if (!who) return;
    const { em, principal } = who;
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
  }));
  return router;
}
