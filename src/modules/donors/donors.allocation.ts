/**
 * The fair-allocation run (issue 12, item 3), one in-memory pass, pure: no database, no clock.
 *
 * Under shortage, pledges are shared out by priority and capped per household:
 * 1. Needs are ordered once by priority: urgency (HIGH first), then vulnerability (categories and
 *    causes of the household), then days waiting (longest first), then a tie-break that rotates
 *    with every run — a hash of (the run's seed, the need) — so needs of equal priority do not
 *    always lose to the same households. The seed is recorded with the run: a run can be redone.
 * 2. Pledges are served narrowest area first (a community's pledges before a township's before
 *    county-wide ones, so wide pledges fill what local ones could not), then the soonest-ending
 *    window, then the oldest pledge.
 * 3. A pledge goes down the needs it may serve (its need kinds, its area: the same community, its
 *    township, or the county) in priority order, giving each what it lacks, but never more to one
 *    household than the share cap of the pledge (DONATION_HOUSEHOLD_SHARE_CAP × its quantity, at
 *    least one unit) nor than the pledger's own cap per household. A need is lacked in value
 *    (fen); a pledge gives whole units of its unit value, never more value than the need lacks.
 * Cost: one sort of the needs, then per pledge a k-way merge over at most 7 need-kind lists whose
 * heads skip covered needs for good (pointers only advance): never one step per (pledge, need) pair.
 */

export interface RunPledge {
  id: string;
  needKinds: string[];
  areaLevel: 'COMMUNITY' | 'TOWNSHIP' | 'COUNTY';
  townshipId: string | null;
  communityId: string | null;
  /** Total quantity and what remains (units of the pledge). */
  quantity: number;
  remaining: number;
  unitValue: number;
  capPerHousehold: number | null;
  validUntil: string;
}

export interface RunNeed {
  id: string;
  householdId: string;
  townshipId: string;
  communityId: string;
  kind: string;
  /** Fen still lacking (published amount − allocated − proposed-and-pending). */
  lacking: number;
  urgency: 'LOW' | 'MEDIUM' | 'HIGH';
  vulnerability: number;
  daysWaiting: number;
}

export interface RunProposal {
  pledgeId: string;
  needId: string;
  householdId: string;
  townshipId: string;
  quantity: number;
  value: number;
  /** Place of the need in the run's priority order (1 = first). */
  priority: number;
}

export interface TownshipCoverage {
  townshipId: string;
  needs: number;
  needsServed: number;
  needsFullyCovered: number;
  lacking: number;
  proposedValue: number;
  /** proposedValue / lacking, 0..1. */
  coverage: number;
}

export interface UrgencyWaiting {
  urgency: string;
  needs: number;
  served: number;
  averageDaysWaitingServed: number | null;
  averageDaysWaitingUnserved: number | null;
  longestWaitingUnserved: number | null;
}

export interface RunFigures {
  coverageByTownship: TownshipCoverage[];
  /** Largest share of one pledge one household received, 0..1 (never above the cap). */
  largestShareOfPledge: number;
  /** Largest share of the run's whole proposed value one household received, 0..1. */
  largestShareOfRun: number;
  waitingByUrgency: UrgencyWaiting[];
}

export interface RunResult {
  proposals: RunProposal[];
  figures: RunFigures;
}

const URGENCY_RANK = { HIGH: 3, MEDIUM: 2, LOW: 1 } as const;
const AREA_ORDER = { COMMUNITY: 0, TOWNSHIP: 1, COUNTY: 2 } as const;

/** FNV-1a, 32 bits: the rotating tie-break (not a secret, only a fair shuffle per seed). */
export function tieBreak(seed: string, needId: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}:${needId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function allocate(pledges: RunPledge[], needs: RunNeed[], shareCap: number, seed: string): RunResult {
  const order = needs.map((n, i) => ({ i, t: tieBreak(seed, n.id) }));
  order.sort((a, b) => {
    const x = needs[a.i];
    const y = needs[b.i];
    return URGENCY_RANK[y.urgency] - URGENCY_RANK[x.urgency] || y.vulnerability - x.vulnerability || y.daysWaiting - x.daysWaiting || a.t - b.t || (x.id < y.id ? -1 : 1);
  });
  const sorted = order.map((o) => needs[o.i]);
  const lacking = sorted.map((n) => n.lacking);
  // Lists of positions in priority order, per kind and area.
  const lists = new Map<string, number[]>();
  const push = (key: string, pos: number) => {
    let l = lists.get(key);
    if (!l) lists.set(key, (l = []));
    l.push(pos);
  };
  sorted.forEach((n, pos) => {
    push(`${n.kind}|C|${n.communityId}`, pos);
    push(`${n.kind}|T|${n.townshipId}`, pos);
    push(`${n.kind}|*`, pos);
  });
  // Each list's head: positions before it are covered for good.
  const heads = new Map<string, number>();

  const queue = [...pledges].filter((p) => p.remaining > 0 && p.unitValue > 0)
    .sort((a, b) => AREA_ORDER[a.areaLevel] - AREA_ORDER[b.areaLevel] || (a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : 0) || Number(a.id) - Number(b.id));
  const proposals: RunProposal[] = [];
  const perHouseholdRun = new Map<string, number>();
  let largestShareOfPledge = 0;

  for (const p of queue) {
    const keys = [...new Set(p.needKinds)].map((k) => (p.areaLevel === 'COMMUNITY' ? `${k}|C|${p.communityId}` : p.areaLevel === 'TOWNSHIP' ? `${k}|T|${p.townshipId}` : `${k}|*`))
      .filter((k) => lists.has(k));
    const cursors = keys.map((k) => {
      const list = lists.get(k)!;
      let h = heads.get(k) ?? 0;
      while (h < list.length && lacking[list[h]] <= 0) h++;
      heads.set(k, h);
      return { list, at: h };
    });
    const capQ = Math.min(p.capPerHousehold ?? Infinity, Math.max(1, Math.floor(shareCap * p.quantity)));
    const given = new Map<string, number>();
    let remaining = p.remaining;
    while (remaining > 0) {
      // The next need in priority order over this pledge's lists (k-way merge; a need appears in one list per kind only).
      let best = -1;
      let bestCursor = -1;
      for (let c = 0; c < cursors.length; c++) {
        const cur = cursors[c];
        if (cur.at < cur.list.length && (best === -1 || cur.list[cur.at] < best)) {
          best = cur.list[cur.at];
          bestCursor = c;
        }
      }
      if (best === -1) break;
      cursors[bestCursor].at++;
      const lack = lacking[best];
      if (lack <= 0) continue;
      const n = sorted[best];
      const room = capQ - (given.get(n.householdId) ?? 0);
      const q = Math.min(remaining, room, Math.floor(lack / p.unitValue));
      if (q <= 0) continue;
      const value = q * p.unitValue;
      lacking[best] -= value;
      remaining -= q;
      given.set(n.householdId, (given.get(n.householdId) ?? 0) + q);
      perHouseholdRun.set(n.householdId, (perHouseholdRun.get(n.householdId) ?? 0) + value);
      proposals.push({ pledgeId: p.id, needId: n.id, householdId: n.householdId, townshipId: n.townshipId, quantity: q, value, priority: best + 1 });
    }
    for (const q of given.values()) largestShareOfPledge = Math.max(largestShareOfPledge, q / p.quantity);
  }

  const total = proposals.reduce((s, x) => s + x.value, 0);
  const largestShareOfRun = total ? Math.max(...perHouseholdRun.values()) / total : 0;
  return { proposals, figures: { coverageByTownship: coverage(sorted, lacking), largestShareOfPledge: round4(largestShareOfPledge), largestShareOfRun: round4(largestShareOfRun), waitingByUrgency: waiting(sorted, lacking) } };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function coverage(sorted: RunNeed[], after: number[]): TownshipCoverage[] {
  const by = new Map<string, TownshipCoverage>();
  sorted.forEach((n, i) => {
    let t = by.get(n.townshipId);
    if (!t) by.set(n.townshipId, (t = { townshipId: n.townshipId, needs: 0, needsServed: 0, needsFullyCovered: 0, lacking: 0, proposedValue: 0, coverage: 0 }));
    const got = n.lacking - after[i];
    t.needs++;
    t.lacking += n.lacking;
    t.proposedValue += got;
    if (got > 0) t.needsServed++;
    if (after[i] <= 0) t.needsFullyCovered++;
  });
  return [...by.values()].map((t) => ({ ...t, coverage: t.lacking ? round4(t.proposedValue / t.lacking) : 0 })).sort((a, b) => Number(a.townshipId) - Number(b.townshipId));
}

function waiting(sorted: RunNeed[], after: number[]): UrgencyWaiting[] {
  return (['HIGH', 'MEDIUM', 'LOW'] as const).map((u) => {
    const served: number[] = [];
    const unserved: number[] = [];
    sorted.forEach((n, i) => {
      if (n.urgency !== u) return;
      (n.lacking - after[i] > 0 ? served : unserved).push(n.daysWaiting);
    });
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null);
    return { urgency: u, needs: served.length + unserved.length, served: served.length, averageDaysWaitingServed: avg(served), averageDaysWaitingUnserved: avg(unserved), longestWaitingUnserved: unserved.length ? Math.max(...unserved) : null };
  });
}
