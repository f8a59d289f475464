/**
 * REST routes of identification: the printable notice for the community board (R10), public
 * while it is on the board; the case's township and civil affairs may print it at any time.
 */
import { Router, type Request, type Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { writeAudit } from '../../access/audit';
import { AuthenticationError, rateLimitHeaders } from '../../access/authenticate';
import { FORM_HEADERS } from '../../forms/forms';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import { clientRequestId, guarded, type RouteDeps, routeCaller } from '../../http/route-caller';
import { countyToday, type InstantSource } from '../../shared/county-calendar';
import type { Principal } from '../../shared/principal';
import { CASE_FORMS, type CaseFormName, IdentificationFormsReader, renderCaseForm, renderSecondNoticeBoard } from './identification.forms';
import { renderNoticePage } from './identification.notice-page';
import { CaseReader } from './identification.reader';
import { publicNoticeFromRow } from './identification.types';

export interface IdentificationRouteDeps extends RouteDeps {
  clock: InstantSource;
}

const NOT_FOUND = '表单不存在或无权查看 / Form not found';

export function identificationRoutes(deps: IdentificationRouteDeps): Router {
  const { orm, auth, clock, onPrincipal, requestIdOf = clientRequestId } = deps;
  const router = Router();

  /**
   * Printable forms (issue 14 item 5) for the case's township and civil affairs (the case scope,
   * OTHER_ROWS.IdentificationCase); anonymous → 401, a case or community the caller may not see
   * (another township's) → 404, as if it did not exist. They carry id numbers and incomes, so every
   * print is audited (Print.<form>).
   */
  const staffOnly = (req: Request, res: Response) => routeCaller(deps, req, res, 'Sign in to print a form');
  const sendForm = async (req: Request, res: Response, em: EntityManager, principal: Principal, action: string, entity: string, recordId: string, html: string) => {
    await writeAudit(em, { principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [{ action, entity, recordId, outcome: 'SUCCESS' }]);
    res.set(FORM_HEADERS).type('text/html; charset=utf-8').send(html);
  };

  router.get('/forms/cases/:id/:form', guarded(async (req, res) => {
    const form = String(req.params.form) as CaseFormName;
    if (!CASE_FORMS.includes(form)) {
      res.status(404).type('text/plain; charset=utf-8').send(NOT_FOUND);
      return;
    }
    const who = await staffOnly(req, res);
    if (!who) return;
    const key = keyOf(String(req.params.id), 'IdentificationCase');
    const file = key ? await new IdentificationFormsReader(who.em.getKnex(), who.principal).caseFile(key) : null;
    if (!file) {
      res.status(404).type('text/plain; charset=utf-8').send(NOT_FOUND);
      return;
    }
    await sendForm(req, res, who.em, who.principal, `Print.${form}`, 'IdentificationCase', file.caseId, renderCaseForm(form, file, countyToday(clock)));
  }));

  // The second notices of one community's board on a day (default today), many households on one sheet (R10b).
  router.get('/forms/communities/:id/second-notices', guarded(async (req, res) => {
    const who = await staffOnly(req, res);
    if (!who) return;
    const on = typeof req.query.on === 'string' ? req.query.on : countyToday(clock);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`)) || new Date(`${on}T00:00:00Z`).toISOString().slice(0, 10) !== on) {
      sendError(res, 400, 'BAD_USER_INPUT', 'on must be a calendar day YYYY-MM-DD');
      return;
    }
    const key = keyOf(String(req.params.id), 'Community');
    const board = key ? await new IdentificationFormsReader(who.em.getKnex(), who.principal).secondNoticeBoard(key, on) : null;
    if (!board) {
      res.status(404).type('text/plain; charset=utf-8').send(NOT_FOUND);
      return;
    }
    await sendForm(req, res, who.em, who.principal, 'Print.secondNoticeBoard', 'Community', key!, renderSecondNoticeBoard(board, key!, on));
  }));

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
