/**
 * Notifications to pledgers (donors module, issue 12): charity platforms through their
 * platform_subscription, giving partners through their partner_subscription, by the one signed
 * outbox (./outbox.worker.ts), in the transaction of the change they announce. Payloads name the
 * pledge and match by global id, the need by kind, amount, urgency and township only: never a
 * household, a person, a card number or a contact.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { enqueue } from './outbox.worker';

export const PLATFORM_EVENTS = {
  NEW_MATCHING_NEEDS: 'donation.needs.matching',
  PLEDGE_DECIDED: 'donation.pledge.decided',
  ALLOCATION_DECIDED: 'donation.allocation.decided',
  RECEIPT_CONFIRMED: 'donation.receipt.confirmed',
} as const;

const globalId = (type: string, key: string | number) => Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');

export interface Pledger {
  platformId: string | null;
  partnerId: string | null;
}

/** One message per active subscription of the pledger; returns how many were written. */
export async function notifyPledger(knex: Knex, pledger: Pledger, eventType: string, payload: Record<string, unknown>): Promise<number> {
  let n = 0;
  if (pledger.platformId) {
    for (const s of await knex('platform_subscription').where({ platform_id: pledger.platformId, active: true }).select('id')) {
      await enqueue(knex, { platformSubscriptionId: s.id, eventType, payload });
      n++;
    }
  }
  if (pledger.partnerId) {
    for (const s of await knex('partner_subscription').where({ partner_id: pledger.partnerId, active: true }).select('id')) {
      await enqueue(knex, { subscriptionId: s.id, eventType, payload });
      n++;
    }
  }
  return n;
}

export function pledgeGlobalId(id: string | number): string {
  return globalId('Pledge', id);
}

export function matchGlobalId(id: string | number): string {
  return globalId('DonationMatch', id);
}

/**
 * A need was published or changed: every pledger with an approved pledge in its window that may
 * serve it (kind, area) hears of it once, with the pledges concerned.
 */
export async function announceNeedToPledgers(knex: Knex, needId: string): Promise<void> {
  const { rows } = await knex.raw(
    `select p.id, p.platform_id, p.partner_id, n.kind, n.uncovered_amount, n.urgency, t.name as township
       from need n
       join township t on t.id = n.township_id
       join pledge p on p.status = 'APPROVED' and n.kind = any(p.need_kinds)
        and (timezone('Asia/Shanghai', now()))::date between p.valid_from and p.valid_until
        and (p.area_level = 'COUNTY' or (p.area_level = 'TOWNSHIP' and p.township_id = n.township_id) or (p.area_level = 'COMMUNITY' and p.community_id = n.community_id))
      where n.id = ? and n.status = 'OPEN'
      order by p.id`,
    [needId],
  );
  const byPledger = new Map<string, { pledger: Pledger; pledges: string[]; need: Record<string, unknown> }>();
  for (const r of rows) {
    const key = r.platform_id ? `platform:${r.platform_id}` : `partner:${r.partner_id}`;
    let g = byPledger.get(key);
    if (!g) {
      byPledger.set(key, (g = {
        pledger: { platformId: r.platform_id ? String(r.platform_id) : null, partnerId: r.partner_id ? String(r.partner_id) : null },
        pledges: [],
        need: { kind: r.kind, uncoveredAmount: Number(r.uncovered_amount), urgency: r.urgency, township: r.township },
      }));
    }
    g.pledges.push(pledgeGlobalId(r.id));
  }
  for (const g of byPledger.values()) {
    await notifyPledger(knex, g.pledger, PLATFORM_EVENTS.NEW_MATCHING_NEEDS, { pledges: g.pledges, need: g.need, read: 'pledgeCandidates(pledge:)' });
  }
}
