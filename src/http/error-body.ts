import type { Response } from 'express';

/**
 * The one JSON error body of the REST routes (notice page, roster, webhooks, health, readiness,
 * metrics, the Express error handler): `{ errors: [{ message, extensions: { code, ...extensions } }] }`,
 * the same shape as a GraphQL error, so a client reads one shape everywhere and the access log
 * picks the code up from it (src/access-log.ts reads `errors[].extensions.code`).
 *
 * `extensions` carries the few extra machine-readable fields some refusals give (a 429's and a
 * 503's `retryAfterSeconds`, `retryable`); they follow `code`, so the bodies stay byte-identical to
 * the hand-built ones they replace.
 */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  extensions?: Record<string, unknown> & { code?: never },
): void {
  if (headers) res.set(headers);
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
