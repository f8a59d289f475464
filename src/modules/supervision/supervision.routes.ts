/**
 * REST routes of supervision (an Express Router the app mounts):
 * - GET /assessments/:period.xlsx — the county assessment table of a period (frozen figures only),
 *   for the roles with SUPERVISION_ROWS.export (civil affairs, the leading group, finance); audited;
 * - GET /dashboard (+ its style, script and ECharts from node_modules) — the wall-screen page; the
 *   page itself holds no data: it reads the GraphQL API with the token the user pastes in.
 */
import fs from 'node:fs';
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { writeAudit } from '../../access/audit';
import { sendError } from '../../http/error-body';
import { clientRequestId, guarded, type RouteDeps, routeCaller } from '../../http/route-caller';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './supervision.dashboard';
import { parsePeriod } from './supervision.period';
import { SupervisionRecordsReader } from './supervision.reader';
import { buildAssessmentWorkbook, XLSX_MIME } from './supervision.workbook';

export interface SupervisionRouteDeps extends RouteDeps {
  clock: { now(): Date };
}

/** Only the app's own origin: scripts, styles and the API (no CDN, no inline script). */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let echartsSource: Buffer | undefined;
function echarts(): Buffer {
  echartsSource ??= fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'));
  return echartsSource;
}

export function supervisionRoutes(deps: SupervisionRouteDeps): Router {
  const router = Router();
  router.get('/assessments/:period.xlsx', assessmentHandler(deps));
  const asset = (type: string, body: () => string | Buffer, cache = 'no-cache') => (_req: Request, res: Response) => {
    res.set('content-security-policy', CSP).set('x-content-type-options', 'nosniff').set('cache-control', cache);
    res.type(type).send(body());
  };
  router.get('/dashboard', asset('text/html; charset=utf-8', () => DASHBOARD_HTML));
  router.get('/dashboard/dashboard.css', asset('text/css; charset=utf-8', () => DASHBOARD_CSS));
  router.get('/dashboard/dashboard.js', asset('application/javascript; charset=utf-8', () => DASHBOARD_JS));
  router.get('/dashboard/echarts.min.js', asset('application/javascript; charset=utf-8', echarts, 'public, max-age=86400'));
  return router;
}

function assessmentHandler(deps: SupervisionRouteDeps): RequestHandler {
  const { clock, requestIdOf = clientRequestId } = deps;
  return guarded(async (req, res) => {
    const who = await routeCaller(deps, req, res, 'Sign in to download the assessment table');
    if (!who) return;
    const { em, principal } = who;
    const reader = new SupervisionRecordsReader(em.getKnex(), principal);
    if (!reader.mayExport()) {
      sendError(res, 403, 'FORBIDDEN', 'Your role may not export the assessment table');
      return;
    }
    const period = parsePeriod(String(req.params.period));
    if (!period) {
      sendError(res, 400, 'BAD_USER_INPUT', 'period must be a year (2026), a quarter (2026-Q4) or a month (2026-11)');
      return;
    }
    const townships = await reader.assessmentTable(period.key);
    const body = await buildAssessmentWorkbook(period.key, townships, clock.now());
    await writeAudit(em, { principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [
      { action: 'Download.assessmentTable', entity: 'AssessmentSignOff', recordId: null, outcome: 'SUCCESS', detail: { period: period.key } },
    ]);
    res.attachment(`明溪县精准帮扶考核表-${period.key}.xlsx`);
    res.set('cache-control', 'no-store');
    res.type(XLSX_MIME).send(body);
  });
}
