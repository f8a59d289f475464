/**
 * The REST routes of the funds module (an Express Router the app mounts): the printed roster of a
 * monthly allowance run (R17, R20).
 */
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { writeAudit } from '../../access/audit';
import { keyOf } from '../../graphql/relay';
import { clientRequestId, guarded, type RouteDeps, routeCaller } from '../../http/route-caller';
import { FundsReader } from './funds.reader';
import { buildRosterWorkbook, rosterFileName, XLSX_MIME } from './funds.roster';

export type FundsRouteDeps = RouteDeps;

export function fundsRoutes(deps: FundsRouteDeps): Router {
  const router = Router();
  // The monthly allowance roster as the Excel file a county office prints (R17, R20).
  router.get('/allowance-runs/:id.xlsx', rosterHandler(deps));
  return router;
}

/**
 * `GET /allowance-runs/:id.xlsx`: the roster of a run, for the roles that read rosters
 * (OTHER_ROWS.AllowanceRoster: civil affairs, the run's own township; not finance or the leading
 * group, who read runs as aggregates). Unknown or not yours → 404; bad credentials → 401; anonymous →
 * 401. Each download is audited (the roster names people).
 */
function rosterHandler(deps: FundsRouteDeps): RequestHandler {
  const { requestIdOf = clientRequestId } = deps;
  return guarded(async (req, res) => {
    const who = await routeCaller(deps, req, res, 'Sign in to download a roster');
    if (!who) return;
    const { em, principal } = who;
    const key = keyOf(String(req.params.id), 'AllowanceRun');
    const found = key ? await new FundsReader(em.getKnex(), principal).roster(key) : null;
    if (!found) {
      res.status(404).type('text/plain; charset=utf-8').send('花名册不存在或无权查看 / Roster not found');
      return;
    }
    const body = await buildRosterWorkbook(found.run, found.lines, found.townshipName);
    await writeAudit(em, { principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [
      { action: 'Download.allowanceRoster', entity: 'AllowanceRun', recordId: found.run.dbId, outcome: 'SUCCESS' },
    ]);
    res.attachment(rosterFileName(found.townshipName, found.run.month));
    res.set('cache-control', 'no-store');
    res.type(XLSX_MIME).send(body);
  });
}
