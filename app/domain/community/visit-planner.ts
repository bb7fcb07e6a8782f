// The visit planner (issue 3): proposes a calendar of learning visits over the community's commitment
// period — one every 3 to 4 months, from its start to its end —, each at a volunteer host within the
// window the host proposed, rotating hosts (nobody hosts twice before every possible host has hosted, and
// never twice in a row) and spreading territories (consecutive visits in different régions, as many
// régions as possible). It explains each choice, and why when no calendar is possible. Pure: no database.

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
  minGap?: number;
  maxGap?: number;
}

export type VisitReason =
  | { code: "onlyHost" }
  | { code: "firstTime"; candidates: number }
  | { code: "repeat"; candidates: number };

export interface PlannedVisit {
  month: string;
  hostId: string;
  /** Why this host: how many could host that month, whether it is their first visit, the région change. */
  reason: VisitReason;
  newRegion: boolean;
}

export type PlanProblem =
  | { code: "noHosts" }
  | { code: "periodTooShort"; months: number; maxGap: number }
  | { code: "gapWithoutHost"; from: string; to: string }
  | { code: "tooFewHosts"; hosts: number }
  | { code: "searchLimit" };

export type PlanResult =
  | { ok: true; visits: PlannedVisit[]; distinctHosts: number; distinctRegions: number; sameRegionInARow: number; unusedHosts: { id: string; why: "windowOutsidePlan" | "notNeeded" }[] }
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
  hosts: number[];
  distinct: number;
  regions: number;
  sameInARow: number;
}

const better = (a: Assignment, b: Assignment | null) =>
  !b || a.distinct > b.distinct || (a.distinct === b.distinct && (a.regions > b.regions || (a.regions === b.regions && a.sameInARow < b.sameInARow)));

/** Exact best host assignment for one month sequence (small sizes; bounded search). */
function assign(candidates: number[][], regionOf: (string | null)[], target: number, budget: { nodes: number }): Assignment | null {
  const k = candidates.length;
  const uses = new Map<number, number>();
  const chosen: number[] = [];
  let best: Assignment | null = null;
  const maxUses = Math.max(1, Math.ceil(k / Math.max(1, target)));
  const dfs = (v: number, distinct: number, regionSet: Map<string, number>, same: number) => {
    if (--budget.nodes < 0) return;
    if (v === k) {
      const a = { hosts: [...chosen], distinct, regions: regionSet.size, sameInARow: same };
      if (better(a, best)) best = a;
      return;
    }
    // Bound: even if every remaining visit brought a new host and a new région, could it beat the best?
    if (best && distinct + (k - v) < best.distinct) return;
    if (best && distinct + (k - v) === best.distinct && regionSet.size + (k - v) < best.regions) return;
    const prev = v > 0 ? chosen[v - 1] : -1;
    // New hosts first, then hosts in other régions: good answers come early, and the bound cuts the rest.
    const order = [...candidates[v]].sort((a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0) || Number(regionOf[a] === regionOf[prev]) - Number(regionOf[b] === regionOf[prev]));
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
      dfs(v + 1, distinct + (u === 0 ? 1 : 0), regionSet, same + sameNow);
      if (r) {
        const c = regionSet.get(r)! - 1;
        if (c === 0) regionSet.delete(r);
        else regionSet.set(r, c);
      }
      chosen.pop();
      uses.set(h, u);
    }
  };
  dfs(0, 0, new Map(), 0);
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
  const all = sequences(start, end, minGap, maxGap);
  // Keep the month sequences where every visit has a possible host; rank them by how many distinct hosts
  // they can have, then by fewer visits (less travel for the same coverage).
  const ranked: { seq: number[]; cands: number[][]; distinct: number }[] = [];
  for (const seq of all) {
    const cands = seq.map(candidatesAt);
    if (cands.some((c) => c.length === 0)) continue;
    ranked.push({ seq, cands, distinct: maxDistinct(cands, hosts.length) });
  }
  if (ranked.length === 0) {
    // Why: the longest stretch of months nobody can host, within the period.
    const problems: PlanProblem[] = [];
    let runStart = -1;
    for (let m = start; m <= end + 1; m++) {
      const empty = m <= end && candidatesAt(m).length === 0;
      if (empty && runStart < 0) runStart = m;
      if (!empty && runStart >= 0) {
        if (m - runStart >= maxGap - minGap + 1 || runStart === start || m > end) problems.push({ code: "gapWithoutHost", from: toMonth(runStart), to: toMonth(m - 1) });
        runStart = -1;
      }
    }
    return { ok: false, problems: problems.length ? problems : [{ code: "gapWithoutHost", from: input.start, to: input.end }] };
  }
  ranked.sort((a, b) => b.distinct - a.distinct || a.seq.length - b.seq.length || a.seq[0] - b.seq[0]);
  const regionOf = hosts.map((h) => h.region);
  const budget = { nodes: 400_000 };
  let best: { seq: number[]; cands: number[][]; a: Assignment } | null = null;
  for (const r of ranked.slice(0, 60)) {
    if (best && (r.distinct < best.a.distinct || r.seq.length > best.seq.length)) break;
    const a = assign(r.cands, regionOf, r.distinct, budget);
    if (a && (!best || better(a, best.a))) best = { seq: r.seq, cands: r.cands, a };
  }
  // No assignment at all: a host would have to host twice in a row (too few hosts for the months), unless the search ran out.
  if (!best) return { ok: false, problems: [budget.nodes < 0 ? { code: "searchLimit" } : { code: "tooFewHosts", hosts: hosts.length }] };
  const seen = new Set<number>();
  const regionsSeen = new Set<string>();
  const visits: PlannedVisit[] = best.seq.map((m, v) => {
    const h = best!.a.hosts[v];
    const first = !seen.has(h);
    seen.add(h);
    const region = regionOf[h];
    const newRegion = region !== null && !regionsSeen.has(region);
    if (region) regionsSeen.add(region);
    const n = best!.cands[v].length;
    return { month: toMonth(m), hostId: hosts[h].id, newRegion, reason: n === 1 ? { code: "onlyHost" } : first ? { code: "firstTime", candidates: n } : { code: "repeat", candidates: n } };
  });
  const planned = new Set(best.seq);
  return {
    ok: true,
    visits,
    distinctHosts: best.a.distinct,
    distinctRegions: best.a.regions,
    sameRegionInARow: best.a.sameInARow,
    unusedHosts: hosts
      .map((h, i) => ({ h, i }))
      .filter(({ i }) => !seen.has(i))
      .map(({ h, i }) => ({ id: h.id, why: [...planned].some((m) => windows[i][0] <= m && m <= windows[i][1]) ? ("notNeeded" as const) : ("windowOutsidePlan" as const) })),
  };
}
