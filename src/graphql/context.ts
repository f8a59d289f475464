import type { WebhookSecretBox } from '../webhooks/secrets';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Principal } from '../shared/principal';
import { UnmaskedReads } from '../access/audit';
import { Lang } from '../shared/i18n';
import type { Loaders } from './loaders';
import type { TargetPolicy } from '../webhooks/webhook-target';
import type { RequestObservation } from '../access-log';

/**
 * Everything one request carries: the principal, a fresh entity manager fork, SQL for plain-row
 * reads, per-request DataLoaders (never shared across requests: they cache rows the principal
 * may see) and the unmasked-read collector for the audit.
 */
/** The time source; tests move it forward to pass notice periods. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface RequestContext {
  principal: Principal;
  em: EntityManager;
  knex: Knex;
  lang: Lang;
  /** The request's id: the response's X-Request-Id, in its log lines and audit rows (src/access-log.ts). */
  requestId: string;
  ip: string | null;
  loaders: Loaders;
  unmaskedReads: UnmaskedReads;
  clock: Clock;
  /** Where partner notifications may go (the subscription URL check): src/webhooks/webhook-target.ts. */
  webhookTargets: TargetPolicy;
  /** Seals new subscriptions' signing secrets under WEBHOOK_SECRET_KEY (src/webhooks/secrets.ts). */
  webhookSecrets: WebhookSecretBox;
  /** What the access line and the metrics report of the request; `requestId` is its id too (src/access-log.ts). */
  observation?: RequestObservation;
}
