// The visit planner (issue 3): proposes a calendar of learning visits over the community's commitment
// period — one every 3 to 4 months, from its start to its end —, each at a volunteer host within the
// window the host proposed, rotating hosts (nobody hosts twice before every possible host has hosted, and
// never twice in a row) and spreading territories (consecutive visits in different régions, as many
// régions as possible). It explains each choice. When the hosts' windows leave months uncovered (the usual
// case), it proposes the best partial calendar: the rhythm dates nobody can take are gaps, each with the
// members who could fill it (windows nearest, members who have never hosted). Pure: no database.

export interface HostOffer {
  id: string;
  name: string;
  region: string | null;
  /** The window the host proposed, months YYYY-MM, inclusive. */
  from: string;
  to: string;
}

export interface PlannerInput {
  /** Commitment period, months YYYY-MM, inclusive. */
  start: string;
  end: string;
  hosts: HostOffer[];
  /** Every member of the community, to suggest who has never hosted when a date has no host. */
  members?: CommunityMember[];
  minGap?: number;
  maxGap?: number;
}

export type VisitReason = { code: "onlyHost" } | { code: "firstTime"; candidates: number } | { code: "repeat"; candidates: number };

export interface PlannedVisit {
  month: string;
  hostId: string;
  /** Why this host: how many could host that month, whether it is their first visit, the région change. */
  reason: VisitReason;
  newRegion: boolean;
}

export type PlanProblem = { code: "noHosts" } | { code: "periodTooShort"; months: number; maxGap: number } | { code: "searchLimit" };

/** A rhythm date nobody in the plan can take, with who could fill it. */
export interface PlannedGap {
  month: string;
  /** noHostThatMonth: no offered window covers the month; hostsTaken: the hosts who could host that month host the visit just before or after (nobody hosts twice in a row). */
  why: "noHostThatMonth" | "hostsTaken";
  /** Hosts whose windows come nearest the month (0 = the month is inside the window), not hosting a neighbouring visit. */
  closest: { id: string; distance: number }[];
  /** Members who have never hosted a visit and have no place in this calendar: régions not yet visited first. */
  neverHosted: string[];
}

export type PlanSlot = ({ kind: "visit" } & PlannedVisit) | ({ kind: "gap" } & PlannedGap);

export interface CommunityMember {
  id: string;
  region: string | null;
  /** Visits this member has hosted (or is announced to host) so far. */
  hosted: number;
}

export type PlanResult =
  | {
      ok: true;
      /** False when the calendar has gaps: the best partial calendar, to complete by hand or by asking members. */
      complete: boolean;
      slots: PlanSlot[];
      visits: PlannedVisit[];
      gaps: PlannedGap[];
      distinctHosts: number;
      distinctRegions: number;
      sameRegionInARow: number;
      unusedHosts: { id: string; why: "windowOutsidePlan" | "notNeeded" }[];
    }
  | { ok: false; problems: PlanProblem[] };

export const toIndex = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  return y * 12 + (m - 1);
};
export const toMonth = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

/** Month sequences covering the period: first within maxGap of the start, gaps in range, last within maxGap of the end. */
function sequences(start: number, end: number, minGap: number, maxGap: number): number[][] {
  const out: number[][] = [];
  const walk = (seq: number[]) => {
    const last = seq[seq.length - 1];
    if (end - last < maxGap) out.push([...seq]);
    for (let g = minGap; g <= maxGap; g++) {
      if (last + g > end) break;
      seq.push(last + g);
      walk(seq);
      seq.pop();
      if (out.length > 20000) return;
    }
  };
  for (let first = start; first < start + maxGap && first <= end; first++) walk([first]);
  return out;
}

/** Size of a maximum matching of visits to distinct hosts (augmenting paths). */
function maxDistinct(candidates: number[][], hostCount: number): number {
  const matchOfHost = new Array<number>(hostCount).fill(-1);
  const tryVisit = (v: number, seen: boolean[]): boolean => {
    for (const h of candidates[v]) {
      if (seen[h]) continue;
      seen[h] = true;
      if (matchOfHost[h] === -1 || tryVisit(matchOfHost[h], seen)) {
        matchOfHost[h] = v;
        return true;
      }
    }
    return false;
  };
  let n = 0;
  for (let v = 0; v < candidates.length; v++) if (tryVisit(v, new Array(hostCount).fill(false))) n++;
  return n;
}

interface Assignment {
  /** Host index per slot, -1 for a gap. */
  hosts: number[];
  gaps: number;
  distinct: number;
  regions: number;
  sameInARow: number;
}

/** Fewer gaps first, then more distinct hosts, more régions, fewer same-région visits in a row. */
const better = (a: Assignment, b: Assignment | null) =>
  !b ||
  a.gaps < b.gaps ||
  (a.gaps === b.gaps &&
    (a.distinct > b.distinct ||
      (a.distinct === b.distinct && (a.regions > b.regions || (a.regions === b.regions && a.sameInARow < b.sameInARow)))));

/** Exact best host assignment for one month sequence, a slot being left as a gap when no host fits (bounded search). */
function assign(candidates: number[][], regionOf: (string | null)[], target: number, budget: { nodes: number }): Assignment | null {
  const k = candidates.length;
  const hostable = candidates.filter((c) => c.length > 0).length;
  // Slots nobody can take, from v to the end: a lower bound on the gaps still to come.
  const forced = new Array<number>(k + 1).fill(0);
  for (let v = k - 1; v >= 0; v--) forced[v] = forced[v + 1] + (candidates[v].length === 0 ? 1 : 0);
  const uses = new Map<number, number>();
  const chosen: number[] = [];
  let best: Assignment | null = null;
  const maxUses = Math.max(1, Math.ceil(hostable / Math.max(1, target)));
  const dfs = (v: number, gaps: number, distinct: number, regionSet: Map<string, number>, same: number) => {
    if (--budget.nodes < 0) return;
    if (v === k) {
      const a = { hosts: [...chosen], gaps, distinct, regions: regionSet.size, sameInARow: same };
      if (better(a, best)) best = a;
      return;
    }
    if (best) {
      // Bounds: could the rest, at best (no more gaps than forced, a new host and région each time), beat the best?
      const minGaps = gaps + forced[v];
      if (minGaps > best.gaps) return;
      if (minGaps === best.gaps) {
        if (distinct + (k - v) < best.distinct) return;
        if (distinct + (k - v) === best.distinct && regionSet.size + (k - v) < best.regions) return;
      }
    }
    const prev = v > 0 ? chosen[v - 1] : -1;
    // New hosts first, then hosts in other régions: good answers come early, and the bounds cut the rest.
    const order = [...candidates[v]].sort(
      (a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0) || Number(regionOf[a] === regionOf[prev]) - Number(regionOf[b] === regionOf[prev]),
    );
    for (const h of order) {
      const u = uses.get(h) ?? 0;
      if (h === prev || u >= maxUses) continue;
      // Rotation: nobody hosts a second time while a host able to take this month has not hosted yet.
      if (u > 0 && candidates[v].some((o) => o !== prev && (uses.get(o) ?? 0) === 0)) continue;
      uses.set(h, u + 1);
      chosen.push(h);
      const r = regionOf[h];
      if (r) regionSet.set(r, (regionSet.get(r) ?? 0) + 1);
      const sameNow = prev >= 0 && r !== null && regionOf[prev] === r ? 1 : 0;
      dfs(v + 1, gaps, distinct + (u === 0 ? 1 : 0), regionSet, same + sameNow);
      if (r) {
        const c = regionSet.get(r)! - 1;
        if (c === 0) regionSet.delete(r);
        else regionSet.set(r, c);
      }
      chosen.pop();
      uses.set(h, u);
    }
    // Last resort: the slot stays a gap (nobody can take it, or taking it would break the rotation).
    chosen.push(-1);
    dfs(v + 1, gaps + 1, distinct, regionSet, same);
    chosen.pop();
  };
  dfs(0, 0, 0, new Map(), 0);
  return best;
}

export function planVisits(input: PlannerInput): PlanResult {
  const minGap = input.minGap ?? 3;
  const maxGap = input.maxGap ?? 4;
  const start = toIndex(input.start);
  const end = toIndex(input.end);
  if (input.hosts.length === 0) return { ok: false, problems: [{ code: "noHosts" }] };
  if (end - start + 1 < 1) return { ok: false, problems: [{ code: "periodTooShort", months: end - start + 1, maxGap }] };
  const hosts = [...input.hosts].sort((a, b) => a.id.localeCompare(b.id));
  const windows = hosts.map((h) => [toIndex(h.from), toIndex(h.to)] as const);
  const candidatesAt = (m: number) => hosts.map((_, i) => i).filter((i) => windows[i][0] <= m && m <= windows[i][1]);
  // Every month sequence of the rhythm, ranked: fewest dates nobody can host, then the most distinct
  // hosts possible, then fewer visits (less travel for the same coverage).
  const ranked = sequences(start, end, minGap, maxGap).map((seq) => {
    const cands = seq.map(candidatesAt);
    return { seq, cands, empty: cands.filter((c) => c.length === 0).length, distinct: maxDistinct(cands, hosts.length) };
  });
  ranked.sort((a, b) => a.empty - b.empty || b.distinct - a.distinct || a.seq.length - b.seq.length || a.seq[0] - b.seq[0]);
  const regionOf = hosts.map((h) => h.region);
  const budget = { nodes: 400_000 };
  let best: { seq: number[]; cands: number[][]; a: Assignment } | null = null;
  for (const r of ranked.slice(0, 60)) {
    // Later sequences cannot have fewer gaps, nor more hosts with as few gaps.
    if (best && (r.empty > best.a.gaps || (r.empty === best.a.gaps && r.distinct < best.a.distinct))) break;
    const a = assign(r.cands, regionOf, r.distinct, budget);
    if (a && (!best || better(a, best.a))) best = { seq: r.seq, cands: r.cands, a };
  }
  if (!best) return { ok: false, problems: [{ code: "searchLimit" }] };
  const chosen = best;
  const seen = new Set<number>();
  const regionsSeen = new Set<string>();
  const slots: PlanSlot[] = chosen.seq.map((m, v) => {
    const h = chosen.a.hosts[v];
    if (h < 0)
      return {
        kind: "gap" as const,
        month: toMonth(m),
        why: chosen.cands[v].length === 0 ? ("noHostThatMonth" as const) : ("hostsTaken" as const),
        closest: [],
        neverHosted: [],
      };
    const first = !seen.has(h);
    seen.add(h);
    const region = regionOf[h];
    const newRegion = region !== null && !regionsSeen.has(region);
    if (region) regionsSeen.add(region);
    const n = chosen.cands[v].length;
    const reason: VisitReason =
      n === 1 ? { code: "onlyHost" } : first ? { code: "firstTime", candidates: n } : { code: "repeat", candidates: n };
    return { kind: "visit" as const, month: toMonth(m), hostId: hosts[h].id, newRegion, reason };
  });
  // Who could fill each gap: the hosts whose windows come nearest (not the hosts of the visits around it:
  // nobody hosts twice in a row), and the members who have never hosted, régions not yet visited first.
  const planned = new Set(chosen.a.hosts.filter((h) => h >= 0).map((h) => hosts[h].id));
  const neverHosted = (input.members ?? [])
    .filter((m) => m.hosted === 0 && !planned.has(m.id))
    .sort(
      (a, b) =>
        Number(a.region !== null && regionsSeen.has(a.region)) - Number(b.region !== null && regionsSeen.has(b.region)) ||
        a.id.localeCompare(b.id),
    )
    .map((m) => m.id)
    .slice(0, 5);
  chosen.seq.forEach((m, v) => {
    const slot = slots[v];
    if (slot.kind !== "gap") return;
    const neighbours = new Set([chosen.a.hosts[v - 1], chosen.a.hosts[v + 1]].filter((h) => h !== undefined && h >= 0));
    slot.closest = hosts
      .map((host, i) => ({ id: host.id, i, distance: m < windows[i][0] ? windows[i][0] - m : m > windows[i][1] ? m - windows[i][1] : 0 }))
      .filter(({ i }) => !neighbours.has(i))
      .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
      .slice(0, 3)
      .map(({ id, distance }) => ({ id, distance }));
    slot.neverHosted = neverHosted;
  });
  const visitMonths = chosen.seq.filter((_, v) => chosen.a.hosts[v] >= 0);
  const visits = slots.filter((s): s is { kind: "visit" } & PlannedVisit => s.kind === "visit").map(({ kind: _kind, ...v }) => v);
  const gaps = slots.filter((s): s is { kind: "gap" } & PlannedGap => s.kind === "gap").map(({ kind: _kind, ...g }) => g);
  return {
    ok: true,
    complete: gaps.length === 0,
    slots,
    visits,
    gaps,
    distinctHosts: chosen.a.distinct,
    distinctRegions: chosen.a.regions,
    sameRegionInARow: chosen.a.sameInARow,
    unusedHosts: hosts
      .map((h, i) => ({ h, i }))
      .filter(({ i }) => !seen.has(i))
      .map(({ h, i }) => ({
        id: h.id,
        why: visitMonths.some((m) => windows[i][0] <= m && m <= windows[i][1]) ? ("notNeeded" as const) : ("windowOutsidePlan" as const),
      })),
  };
}
