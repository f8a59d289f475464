/**
 * The REST routes of the funds module (an Express Router the app mounts): the printed roster of a
 * monthly allowance run (R17, R20).
 */
import { Router } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { writeAudit } from '../../access/audit';
import { AuthenticationError, Authenticator } from '../../access/authenticate';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import type { Principal } from '../../shared/principal';
import { FundsReader } from './funds.reader';
import { buildRosterWorkbook, rosterFileName, XLSX_MIME } from './funds.roster';

export interface FundsRouteDeps {
  orm: MikroORM;
  auth: Authenticator;
  /** Told who called (the access log names the principal). */
  onPrincipal?: (res: Response, principal: Principal) => void;
  /** The request's id for the audit row (the access log's); else the client's X-Request-Id. */
  requestIdOf?: (req: Request) => string | null;
}

const clientRequestId = (req: Request) => (req.header('x-request-id') ?? '').slice(0, 40) || null;

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
function rosterHandler({ orm, auth, onPrincipal, requestIdOf = clientRequestId }: FundsRouteDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const em = orm.em.fork();
      const principal = await auth.authenticate(em, { authorization: req.header('authorization') ?? undefined, apiKey: req.header('x-api-key') ?? undefined });
      onPrincipal?.(res, principal);
      if (principal.kind === 'ANONYMOUS') {
        sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to download a roster');
        return;
      }
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
    } catch (err) {
      if (err instanceof AuthenticationError) {
        sendError(res, 401, 'UNAUTHENTICATED', err.message);
        return;
      }
      next(err);
    }
  };
}
