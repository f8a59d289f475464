/**
 * What every service call takes first (kernel: no GraphQL, no language). The same context comes
 * from a GraphQL request, the CLI, a partner import or a domain-event consumer, so the same rule
 * holds on every path. Messages are localized at the edge; services return codes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InstantSource } from './county-calendar';
import type { Principal } from './principal';

export interface ServiceContext {
  principal: Principal;
  /** An entity manager the service may fork; the mutation runner forks it for its transaction. */
  em: EntityManager;
  /** The request's clock: every date and time a service stamps comes from it (county-calendar.ts). */
  clock: InstantSource;
  /** For the audit: the request id and client address, null off the HTTP path. */
  requestId: string | null;
  ip: string | null;
}
