import { Opt, Property } from '@mikro-orm/core';
import { AuditedEntity } from './audited.entity';

/**
 * The columns of a signed webhook endpoint (partners' `partner_subscription`, charity platforms'
 * `platform_subscription`): where to deliver, the API key it was made with (revoking the key stops
 * the deliveries), its own Standard Webhooks signing secret sealed under WEBHOOK_SECRET_KEY
 * (src/webhooks/secrets.ts; shown once; null only on rows from before it existed, which their
 * migration deactivated), and whether it is active. The owner and any filter are the subclass's.
 */
export abstract class WebhookSubscriptionColumns extends AuditedEntity {
  @Property({ type: 'string', length: 500 })
  url!: string;

  /** The API key the owner subscribed with. */
  @Property({ type: 'string', length: 32 })
  signingKeyId!: string;

  @Property({ type: 'text', nullable: true })
  signingSecret?: string | null;

  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;
}
