/**
 * The partner webhook: `POST /integrations/<format>` (the published URL, kept), the raw body signed
 * with HMAC-SHA256 over timestamp and body (./signing.ts). The records go through the partner's
 * adapter and the same service as the GraphQL mutation (./partner-import.ts). Every call is
 * audited (PARTNER_CALL). Errors answer the one REST error body (src/http/error-body.ts); a rate
 * limit or a database fault goes on to the app's error handler (429 / 503).
 */
import crypto from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { writeAudit } from '../access/audit';
import { AuthenticationError, Authenticator, rateLimitHeaders } from '../access/authenticate';
import { langFromHeader } from '../shared/i18n';
import { sendError } from '../http/error-body';
import { LedgerOrigin } from '../modules/pairing/pairing.enums';
import type { ServiceContext } from '../shared/context';
import type { InstantSource } from '../shared/county-calendar';
import type { Principal } from '../shared/principal';
import { ImportRefused, importPartnerRecords } from './partner-import';
import { verifyWebhook } from './signing';

export interface WebhookRouteDeps {
  orm: MikroORM;
  auth: Authenticator;
  clock: InstantSource;
  /** Tells the access log who called (src/app.ts passes its `notePrincipal`). */
  onPrincipal?: (res: Response, principal: Principal) => void;
  /** The request's id for the audit rows (src/app.ts passes its `requestIdOf`); a fresh UUID otherwise. */
  requestIdOf?: (req: Request) => string;
}

export function webhooksRouter({ orm, auth, clock, onPrincipal, requestIdOf }: WebhookRouteDeps): Router {
  const router = Router();

  router.post('/integrations/:format', express.raw({ type: () => true, limit: '2mb' }), async (req, res, next) => {
    try {
      const em = orm.em.fork();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verified = await verifyWebhook(em.getKnex(), { keyId: req.header('x-key-id'), timestamp: req.header('x-timestamp'), signature: req.header('x-signature') }, raw, clock.now());
      if (!verified.ok) {
        sendError(res, verified.status, verified.code, verified.message);
        return;
      }
      const principal = await auth.partnerByKeyId(em, verified.keyId, { onRateLimit: (s) => res.set(rateLimitHeaders(s)) });
      onPrincipal?.(res, principal);
      if (principal.kind !== 'PARTNER' || !principal.scopes.includes('LEDGER_WRITE')) {
        sendError(res, 403, 'FORBIDDEN', 'This key may not record assistance (scope LEDGER_WRITE)');
        return;
      }
      const ctx: ServiceContext = { principal, em, requestId: requestIdOf ? requestIdOf(req) : crypto.randomUUID(), ip: req.ip ?? null, clock };
      await writeAudit(em, ctx, [{ action: 'PARTNER_CALL', outcome: 'SUCCESS', detail: { webhook: String(req.params.format) } }]);
      const lang = langFromHeader(req.header('accept-language') ?? undefined);
      const result = await importPartnerRecords(ctx, lang, String(req.params.format), raw.toString('utf8'), LedgerOrigin.PARTNER_SYSTEM);
      res.json({ data: result });
    } catch (err) {
      if (err instanceof ImportRefused) {
        sendError(res, err.code === 'FORMAT_NOT_YOURS' ? 403 : 400, err.code, err.message);
        return;
      }
      if (err instanceof AuthenticationError) {
        sendError(res, 401, 'UNAUTHENTICATED', err.message);
        return;
      }
      next(err);
    }
  });

  return router;
}
