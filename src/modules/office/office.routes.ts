/**
 * The county office's Excel files over HTTP (issue 14 item 3):
 * - `POST /imports/household-ledger` with the .xlsx as the raw request body (Content-Type the
 *   xlsx media type or application/octet-stream), `?commit=true` to write (default: a dry run),
 *   `?recognise=true` for R7 direct recognition (civil affairs only). Answers a JSON report:
 *   200 when the file is clean (dry run) or written (commit), 422 with the problems by sheet, row,
 *   column and code otherwise; 413 for a file over the limit, read no further than the limit.
 * - `GET /exports/household-ledger.xlsx[?township=<global id>]`: the households the caller sees,
 *   in the same layout; audited (it names people with their id numbers).
 * - `POST /imports/deliveries[?commit=true]`: a department's deliveries from its own sheet
 *   (office.deliveries.ts), the same report and rules.
 * A REST route, not a GraphQL mutation with base64: the file is binary and up to 5 MB, above the
 * 1 MB JSON limit of /graphql, and the size is checked before a byte is parsed.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { writeAudit } from '../../access/audit';
import { ROUTE_OPERATIONS } from '../../access/matrix';
import { keyOf } from '../../graphql/relay';
import { sendError } from '../../http/error-body';
import { clientRequestId, guarded, type RouteDeps, routeCaller } from '../../http/route-caller';
import type { InstantSource } from '../../shared/county-calendar';
import { countyToday } from '../../shared/county-calendar';
import { langFromHeader, message } from '../../shared/i18n';
import { XLSX_MIME } from './office.ledger-layout';
import { LEDGER_LIMITS, LedgerCode, type LedgerProblem } from './office.ledger-read';
import { writeLedgerWorkbook } from './office.ledger-write';
import { OfficeReader } from './office.reader';
import { LedgerService } from './office.service';
import { DeliverySheetService } from './office.deliveries';

export interface OfficeRouteDeps extends RouteDeps {
  clock: InstantSource;
}

/** Each problem with its message in the caller's language (zh by default). */
export function withMessages(problems: LedgerProblem[], lang: 'zh' | 'en') {
  return problems.map((p) => ({ ...p, message: message(lang, p.code, p.params ?? {}) }));
}

export function officeRoutes(deps: OfficeRouteDeps): Router {
  const { clock, requestIdOf = clientRequestId } = deps;
  const router = Router();
  const authenticate = async (req: Request, res: Response, operation: string) => {
    const who = await routeCaller(deps, req, res, 'Sign in first');
    if (!who) return null;
    const { em, principal } = who;
    if (!ROUTE_OPERATIONS[operation]!.includes(principal.role)) {
      await writeAudit(em, { principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [{ action: `Route.${operation}`, outcome: 'DENIED' }]);
      sendError(res, 403, 'FORBIDDEN', 'This role may not use this route');
      return null;
    }
    return { em, principal };
  };
  const tooLarge = (req: Request, res: Response) => {
    const lang = langFromHeader(req.header('accept-language'));
    res.status(413).json({ mode: 'DRY_RUN', written: false, rows: 0, problems: withMessages([{ sheet: null, row: null, column: null, header: null, code: LedgerCode.TOO_LARGE, params: { max: LEDGER_LIMITS.maxBytes } }], lang) });
  };

  /**
   * Both imports: the size first, from the header, before anything is read or parsed; then the
   * caller; then the body, read no further than the limit. Null when the answer has been sent.
   */
  const upload = async (req: Request, res: Response, operation: string) => {
    const refuseTooLarge = () => {
      res.set('connection', 'close');
      tooLarge(req, res);
      return null;
    };
    const declared = Number(req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > LEDGER_LIMITS.maxBytes) return refuseTooLarge();
    const who = await authenticate(req, res, operation);
    if (!who) return null;
    const body = await readBody(req, LEDGER_LIMITS.maxBytes);
    if (body === 'TOO_LARGE') return refuseTooLarge();
    return { ...who, body };
  };

  router.post('/imports/household-ledger', guarded(async (req, res) => {
    const who = await upload(req, res, 'POST /imports/household-ledger');
    if (!who) return;
    const { body } = who;
    const flag = (name: string) => req.query[name] === 'true' || req.query[name] === '1';
    const ctx = { principal: who.principal, em: who.em, clock, requestId: requestIdOf(req) ?? crypto.randomUUID(), ip: req.ip ?? null };
    const report = await new LedgerService().importHouseholds(ctx, body, { commit: flag('commit'), recognise: flag('recognise') });
    const lang = langFromHeader(req.header('accept-language'));
    const refusedRecognition = report.problems.some((p) => p.code === 'RECOGNITION_CIVIL_AFFAIRS_ONLY');
    res.status(refusedRecognition ? 403 : report.problems.length ? 422 : 200).json({ ...report, problems: withMessages(report.problems, lang) });
  }));

  // A department's deliveries from its own sheet (office.deliveries.ts): the same dry run / commit rules.
  router.post('/imports/deliveries', guarded(async (req, res) => {
    const who = await upload(req, res, 'POST /imports/deliveries');
    if (!who) return;
    const { body } = who;
    const ctx = { principal: who.principal, em: who.em, clock, requestId: requestIdOf(req) ?? crypto.randomUUID(), ip: req.ip ?? null };
    const report = await new DeliverySheetService().importDeliveries(ctx, body, { commit: req.query.commit === 'true' || req.query.commit === '1' });
    res.status(report.problems.length ? 422 : 200).json({ ...report, problems: withMessages(report.problems, langFromHeader(req.header('accept-language'))) });
  }));

  router.get('/exports/household-ledger.xlsx', guarded(async (req, res) => {
    const who = await authenticate(req, res, 'GET /exports/household-ledger.xlsx');
    if (!who) return;
    const township = typeof req.query.township === 'string' ? keyOf(req.query.township, 'Township') : undefined;
    const households = await new OfficeReader(who.em.getKnex(), who.principal).ledger(township);
    const body = await writeLedgerWorkbook(households);
    await writeAudit(who.em, { principal: who.principal, ip: req.ip ?? null, requestId: requestIdOf(req) }, [
      { action: 'Download.householdLedger', entity: 'Household', outcome: 'SUCCESS', detail: { households: households.length } },
    ]);
    res.attachment(`household-ledger-${countyToday(clock)}.xlsx`);
    res.set('cache-control', 'no-store');
    res.type(XLSX_MIME).send(body);
  }));
  return router;
}

/** The raw body up to `max` bytes; stops reading past it. */
function readBody(req: Request, max: number): Promise<Buffer | 'TOO_LARGE'> {
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body.length > max ? 'TOO_LARGE' : req.body);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        req.unpipe?.();
        resolve('TOO_LARGE');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !done && resolve(Buffer.concat(chunks)));
    req.on('error', (e) => !done && reject(e));
  });
}

