/**
 * What the modules' REST routes (printed forms, Excel downloads and imports) do before their own
 * work: check the credentials (an API key's rate-limit headers set), tell the access log who
 * called, answer an anonymous caller 401; and a bad credential thrown anywhere in the handler 401
 * too, any other error to Express's error handler. Each route still decides its own roles and rows.
 */
import type { NextFunction, Request, Response } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AuthenticationError, type Authenticator, rateLimitHeaders } from '../access/authenticate';
import type { Principal } from '../shared/principal';
import { sendError } from './error-body';

export interface RouteDeps {
  orm: MikroORM;
  auth: Authenticator;
  /** Told who called (the access log names the principal). */
  onPrincipal?: (res: Response, principal: Principal) => void;
  /** The request's id for the audit row (the access log's); else the client's X-Request-Id. */
  requestIdOf?: (req: Request) => string | null;
}

/** The client's X-Request-Id, at most 40 characters, when the app gives no request id of its own. */
export const clientRequestId = (req: Request) => (req.header('x-request-id') ?? '').slice(0, 40) || null;

/** The caller with a fresh entity manager; null (401 sent, with `signIn` as the message) when anonymous. */
export async function routeCaller(
  { orm, auth, onPrincipal }: RouteDeps, req: Request, res: Response, signIn: string,
): Promise<{ em: EntityManager; principal: Principal } | null> {
  const em = orm.em.fork();
  const principal = await auth.authenticate(em, { authorization: req.header('authorization') ?? undefined, apiKey: req.header('x-api-key') ?? undefined, onRateLimit: (s) => res.set(rateLimitHeaders(s)) });
  onPrincipal?.(res, principal);
  if (principal.kind === 'ANONYMOUS') {
    sendError(res, 401, 'UNAUTHENTICATED', signIn);
    return null;
  }
  return { em, principal };
}

/** An async route handler whose AuthenticationError answers 401; anything else goes to next(). */
export const guarded = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await handler(req, res);
  } catch (err) {
    if (err instanceof AuthenticationError) {
      sendError(res, 401, 'UNAUTHENTICATED', err.message);
      return;
    }
    next(err);
  }
};
