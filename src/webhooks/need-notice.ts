/**
 * What a subscribed partner receives about a need (`need.changed`, delivered by the outbox
 * worker): the anonymised view partners may read — kind, amount, urgency, status, community and
 * township names, the description — and the need's public (global) id, the one a partner uses to
 * propose a pairing. Built here, at the partners' edge, so the pairing service deals in database
 * keys only.
 */
import { toGlobalId } from '../graphql/relay';

export const NEED_CHANGED = 'need.changed';

export interface NeedNoticeRow {
  id: string | number;
  kind: string;
  uncovered_amount: number;
  urgency: string;
  status: string;
  community_name: string;
  township_name: string;
  description: string;
}

export function needChangedPayload(need: NeedNoticeRow): Record<string, unknown> {
  return {
    need: toGlobalId('Need', String(need.id)), kind: need.kind, uncoveredAmount: need.uncovered_amount, urgency: need.urgency,
    status: need.status, community: need.community_name, township: need.township_name, description: need.description,
  };
}
