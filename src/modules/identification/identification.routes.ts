/**
 * REST routes of identification: the printable notice for the community board (R10), public
 * while it is on the board; the case's township and civil affairs may print it at any time.
 */
import { Router, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AuthenticationError, type Authenticator, rateLimitHeaders } from '../../access/authenticate';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import { countyToday, type InstantSource } from '../../shared/county-calendar';
import type { Principal } from '../../shared/principal';
import { renderNoticePage } from './identification.notice-page';
import { CaseReader } from './identification.reader';
import { publicNoticeFromRow } from './identification.types';

export interface IdentificationRouteDeps {
  orm: MikroORM;
  auth: Authenticator;
  clock: InstantSource;
  /** Told who called (the access log names the principal). */
  onPrincipal?: (res: Response, principal: Principal) => void;
}

export function identificationRoutes({ orm, auth, clock, onPrincipal }: IdentificationRouteDeps): Router {
  const router = Router();
  router.get('/notices/:id', async (req, res, next) => {
    try {
      const em = orm.em.fork();
      const principal = await auth.authenticate(em, { authorization: req.header('authorization') ?? undefined, apiKey: req.header('x-api-key') ?? undefined, onRateLimit: (s) => res.set(rateLimitHeaders(s)) });
      onPrincipal?.(res, principal);
      const key = keyOf(String(req.params.id), 'PublicNotice');
      const row = key ? await new CaseReader(em.getKnex(), principal).noticeForDisplay(key, countyToday(clock)) : null;
      if (!row) {
        res.status(404).type('text/plain; charset=utf-8').send('公示不存在或不在公示期内 / Notice not found or not on display');
        return;
      }
      res.type('text/html; charset=utf-8').send(renderNoticePage(publicNoticeFromRow(row), row.township_name));
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
