// Selection assistant (issue 2, first part): proposes the set of dossiers that maximises the reviewers'
// scores under the organiser's constraints, exactly (an integer programme solved by HiGHS); explains its
// choices, and says why when the constraints cannot all hold. No database, no HTTP.
import highsLoader, { type Highs } from "highs";
import { competitionRanks } from "../review/aggregates";

export interface Candidate {
  id: string;
  /** Aggregated reviewers' score (higher is better). */
  score: number;
  /** Current région code, or null when unknown. */
  region: string | null;
  operational: boolean;
  sectors: string[];
}

export interface SelectionConstraints {
  /** How many to select (default call: 12). Fewer are selected only when constraints leave no choice. */
  size: number;
  maxPerRegion?: number;
  /** Minimum share (0–1) of operational PTCEs among the selected. */
  minOperationalShare?: number;
  /** At least this many different sectors among the selected. */
  minDistinctSectors?: number;
  /** At most this many selected dossiers naming the same sector. */
  maxPerSector?: number;
  mustInclude?: string[];
  mustExclude?: string[];
}

export type InfeasibleReason =
  | { code: "mustIncludeTooMany"; count: number; size: number }
  | { code: "mustIncludeAndExclude"; ids: string[] }
  | { code: "unknownCandidate"; ids: string[] }
  | { code: "notEnoughCandidates"; available: number; size: number }
  | { code: "mustIncludeBreaksRegionCap"; region: string; count: number; max: number }
  | { code: "mustIncludeBreaksSectorCap"; sector: string; count: number; max: number }
  | { code: "regionCapsTooTight"; reachable: number; size: number }
  | { code: "notEnoughOperational"; needed: number; available: number }
  | { code: "notEnoughSectors"; needed: number; available: number }
  | { code: "noCombination" }
  | { code: "searchLimit" };

export type InclusionReason =
  | { code: "mustInclude" }
  | { code: "topScore"; rank: number }
  | { code: "neededForOperationalShare"; rank: number }
  | { code: "neededForSectorDiversity"; rank: number; sectors: string[] }
  | { code: "bestCombination"; rank: number };

export type ExclusionReason =
  | { code: "mustExclude" }
  | { code: "lowerScore"; rank: number }
  | { code: "regionCapReached"; rank: number; region: string; max: number }
  | { code: "sectorCapReached"; rank: number; sector: string; max: number }
  | { code: "operationalShare"; rank: number }
  | { code: "sectorDiversity"; rank: number }
  | { code: "combination"; rank: number };

export type SelectionResult =
  | {
      status: "optimal" | "bestFound";
      selected: string[];
      total: number;
      included: Record<string, InclusionReason>;
      /** The best-scored dossiers left out (up to 10), each with the reason. */
      excluded: { id: string; reason: ExclusionReason }[];
    }
  | { status: "infeasible"; reasons: InfeasibleReason[] };

interface Prepared {
  items: Candidate[]; // sorted by score desc, then id
  regionOf: number[];
  sectorMasks: number[][]; // sector indexes per item
  sectorNames: string[];
  forced: boolean[];
}

const EPS = 1e-9;

function minOperational(c: SelectionConstraints, size: number): number {
  return Math.ceil((c.minOperationalShare ?? 0) * size - EPS);
}

export async function selectDossiers(
  candidates: Candidate[],
  constraints: SelectionConstraints,
  options: { timeLimitSeconds?: number } = {},
): Promise<SelectionResult> {
  const include = new Set(constraints.mustInclude ?? []);
  const exclude = new Set(constraints.mustExclude ?? []);
  const known = new Set(candidates.map((c) => c.id));
  const reasons: InfeasibleReason[] = [];
  const unknown = [...include, ...exclude].filter((id) => !known.has(id));
  if (unknown.length) reasons.push({ code: "unknownCandidate", ids: unknown });
  const both = [...include].filter((id) => exclude.has(id));
  if (both.length) reasons.push({ code: "mustIncludeAndExclude", ids: both });
  const size = constraints.size;
  if (include.size > size) reasons.push({ code: "mustIncludeTooMany", count: include.size, size });

  const pool = candidates.filter((c) => !exclude.has(c.id)).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  if (pool.length < size) reasons.push({ code: "notEnoughCandidates", available: pool.length, size });

  const regionNames = [...new Set(pool.map((c) => c.region ?? "?"))];
  const sectorNames = [...new Set(pool.flatMap((c) => c.sectors))].sort();
  const prepared: Prepared = {
    items: pool,
    regionOf: pool.map((c) => regionNames.indexOf(c.region ?? "?")),
    sectorMasks: pool.map((c) => [...new Set(c.sectors)].map((s) => sectorNames.indexOf(s))),
    sectorNames,
    forced: pool.map((c) => include.has(c.id)),
  };

  const maxRegion = constraints.maxPerRegion ?? Infinity;
  const maxSector = constraints.maxPerSector ?? Infinity;
  // Forced dossiers must fit the caps by themselves.
  const forcedRegion = new Map<string, number>();
  const forcedSector = new Map<string, number>();
  for (const c of pool.filter((c) => include.has(c.id))) {
    forcedRegion.set(c.region ?? "?", (forcedRegion.get(c.region ?? "?") ?? 0) + 1);
    for (const s of new Set(c.sectors)) forcedSector.set(s, (forcedSector.get(s) ?? 0) + 1);
  }
  for (const [region, count] of forcedRegion)
    if (count > maxRegion) reasons.push({ code: "mustIncludeBreaksRegionCap", region, count, max: maxRegion });
  for (const [sector, count] of forcedSector)
    if (count > maxSector) reasons.push({ code: "mustIncludeBreaksSectorCap", sector, count, max: maxSector });
  const perRegion = new Map<string, number>();
  for (const c of pool) perRegion.set(c.region ?? "?", (perRegion.get(c.region ?? "?") ?? 0) + 1);
  const reachable = [...perRegion.values()].reduce((s, n) => s + Math.min(n, maxRegion), 0);
  if (Number.isFinite(maxRegion) && reachable < size) reasons.push({ code: "regionCapsTooTight", reachable, size });
  const needOp = minOperational(constraints, size);
  const availableOp = pool.filter((c) => c.operational).length;
  if (needOp > availableOp) reasons.push({ code: "notEnoughOperational", needed: needOp, available: availableOp });
  const needSectors = constraints.minDistinctSectors ?? 0;
  if (needSectors > sectorNames.length) reasons.push({ code: "notEnoughSectors", needed: needSectors, available: sectorNames.length });
  if (reasons.length) return { status: "infeasible", reasons };

  const solved = await solveExactly(
    prepared,
    { size, maxRegion, maxSector, needOp, needSectors },
    regionNames,
    options.timeLimitSeconds ?? 10,
  );
  if (!("selected" in solved))
    return { status: "infeasible", reasons: [{ code: solved.status === "infeasible" ? "noCombination" : "searchLimit" }] };
  const selectedIdx = solved.selected;
  const selected = selectedIdx.map((i) => pool[i].id);
  const total = selectedIdx.reduce((s, i) => s + pool[i].score, 0);
  const { included, excluded } = explain(
    prepared,
    selectedIdx,
    { size, maxRegion, maxSector, needOp, needSectors },
    include,
    exclude,
    candidates,
  );
  return { status: solved.status === "optimal" ? "optimal" : "bestFound", selected, total, included, excluded };
}

interface Limits {
  size: number;
  maxRegion: number;
  maxSector: number;
  needOp: number;
  needSectors: number;
}

let solverPromise: Promise<Highs> | null = null;
const solver = () => (solverPromise ??= highsLoader());

/**
 * The selection as a 0-1 integer programme, solved to proven optimality by HiGHS (MIT, WebAssembly):
 *   maximise Σ score·x  subject to  Σx = size; per région Σx ≤ max; Σ operational x ≥ need;
 *   per sector Σx ≤ max; coverage y_s ≤ Σ_{s ∈ sectors} x, Σy ≥ need; x = 1 for must-include.
 * A tiny rank-based bonus makes ties resolve to the better-ranked dossier, so results are repeatable.
 */
async function solveExactly(
  p: Prepared,
  lim: Limits,
  regionNames: string[],
  timeLimit: number,
): Promise<{ status: "optimal" | "bestFound"; selected: number[] } | { status: "infeasible" | "unknown" }> {
  const n = p.items.length;
  const x = (i: number) => `x${i}`;
  const all = p.items.map((_, i) => i);
  const tie = 1e-6 / Math.max(1, n);
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(9));
  const lines: string[] = [
    "Maximize",
    ` obj: ${all.map((i) => `${fmt(p.items[i].score + tie * (n - i))} ${x(i)}`).join(" + ")}`,
    "Subject To",
  ];
  lines.push(` size: ${all.map(x).join(" + ")} = ${lim.size}`);
  if (Number.isFinite(lim.maxRegion)) {
    regionNames.forEach((_, r) => {
      const members = all.filter((i) => p.regionOf[i] === r);
      if (members.length > lim.maxRegion) lines.push(` r${r}: ${members.map(x).join(" + ")} <= ${lim.maxRegion}`);
    });
  }
  if (lim.needOp > 0)
    lines.push(
      ` op: ${all
        .filter((i) => p.items[i].operational)
        .map(x)
        .join(" + ")} >= ${lim.needOp}`,
    );
  const bySector = p.sectorNames.map((_, s) => all.filter((i) => p.sectorMasks[i].includes(s)));
  if (Number.isFinite(lim.maxSector))
    bySector.forEach(
      (members, s) => void (members.length > lim.maxSector && lines.push(` s${s}: ${members.map(x).join(" + ")} <= ${lim.maxSector}`)),
    );
  if (lim.needSectors > 0) {
    bySector.forEach((members, s) => lines.push(` c${s}: y${s} - ${members.map(x).join(" - ")} <= 0`));
    lines.push(` cov: ${p.sectorNames.map((_, s) => `y${s}`).join(" + ")} >= ${lim.needSectors}`);
  }
  lines.push("Bounds");
  p.forced.forEach((f, i) => void (f && lines.push(` ${x(i)} = 1`)));
  lines.push("Binary", ` ${all.map(x).join(" ")}`);
  if (lim.needSectors > 0) lines.push(` ${p.sectorNames.map((_, s) => `y${s}`).join(" ")}`);
  lines.push("End");
  const result = (await solver()).solve(lines.join("\n"), { time_limit: timeLimit, output_flag: false, mip_rel_gap: 0 });
  if (result.Status === "Infeasible") return { status: "infeasible" };
  if (result.Status !== "Optimal" && result.Status !== "Time limit reached") return { status: "unknown" };
  const selected = all.filter((i) => ((result.Columns[x(i)] as { Primal?: number } | undefined)?.Primal ?? 0) > 0.5);
  if (selected.length !== lim.size) return { status: "unknown" };
  return { status: result.Status === "Optimal" ? "optimal" : "bestFound", selected };
}

/** Does this set satisfy every constraint? Returns the first one it breaks, or null. */
function broken(p: Prepared, set: number[], lim: Limits): ExclusionReason["code"] | null {
  const regions = new Map<number, number>();
  const sectors = new Map<number, number>();
  let op = 0;
  for (const i of set) {
    regions.set(p.regionOf[i], (regions.get(p.regionOf[i]) ?? 0) + 1);
    for (const s of p.sectorMasks[i]) sectors.set(s, (sectors.get(s) ?? 0) + 1);
    if (p.items[i].operational) op++;
  }
  if ([...regions.values()].some((v) => v > lim.maxRegion)) return "regionCapReached";
  if ([...sectors.values()].some((v) => v > lim.maxSector)) return "sectorCapReached";
  if (op < lim.needOp) return "operationalShare";
  if (sectors.size < lim.needSectors) return "sectorDiversity";
  return null;
}

function explain(p: Prepared, selectedIdx: number[], lim: Limits, include: Set<string>, exclude: Set<string>, all: Candidate[]) {
  // The same ranks as the ranking page: ties share one.
  const rankOf = competitionRanks(all.map((c) => ({ id: c.id, score: c.score })));
  const selected = new Set(selectedIdx);
  const minSelectedScore = Math.min(...selectedIdx.map((i) => p.items[i].score));
  const included: Record<string, InclusionReason> = {};
  const topN = new Set(
    p.items
      .map((_, i) => i)
      .slice(0, lim.size)
      .filter((i) => selected.has(i)),
  );
  for (const i of selectedIdx) {
    const c = p.items[i];
    const rank = rankOf.get(c.id)!;
    if (include.has(c.id)) included[c.id] = { code: "mustInclude" };
    else if (topN.has(i)) included[c.id] = { code: "topScore", rank };
    else {
      // Chosen over better-scored ones: which constraint needs it?
      const without = selectedIdx.filter((j) => j !== i);
      const lostSectors = p.sectorMasks[i].filter((s) => !without.some((j) => p.sectorMasks[j].includes(s))).map((s) => p.sectorNames[s]);
      if (c.operational && without.filter((j) => p.items[j].operational).length < lim.needOp)
        included[c.id] = { code: "neededForOperationalShare", rank };
      else if (lostSectors.length && new Set(without.flatMap((j) => p.sectorMasks[j])).size < lim.needSectors)
        included[c.id] = { code: "neededForSectorDiversity", rank, sectors: lostSectors };
      else included[c.id] = { code: "bestCombination", rank };
    }
  }
  const excluded: { id: string; reason: ExclusionReason }[] = [];
  for (const id of exclude) if (rankOf.has(id)) excluded.push({ id, reason: { code: "mustExclude" } });
  for (let i = 0; i < p.items.length && excluded.length < 10; i++) {
    if (selected.has(i)) continue;
    const c = p.items[i];
    const rank = rankOf.get(c.id)!;
    if (c.score < minSelectedScore - EPS) {
      excluded.push({ id: c.id, reason: { code: "lowerScore", rank } });
      continue;
    }
    // It scores as well as someone selected: find what a swap would break.
    const counts = new Map<ExclusionReason["code"], number>();
    for (const j of selectedIdx) {
      if (p.forced[j] || p.items[j].score > c.score + EPS) continue;
      const code = broken(p, [...selectedIdx.filter((k) => k !== j), i], lim);
      counts.set(code ?? "combination", (counts.get(code ?? "combination") ?? 0) + 1);
    }
    const code = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "combination";
    if (code === "regionCapReached") excluded.push({ id: c.id, reason: { code, rank, region: c.region ?? "?", max: lim.maxRegion } });
    else if (code === "sectorCapReached") {
      const full = p.sectorMasks[i].find((s) => selectedIdx.filter((j) => p.sectorMasks[j].includes(s)).length >= lim.maxSector);
      excluded.push({ id: c.id, reason: { code, rank, sector: full !== undefined ? p.sectorNames[full] : "?", max: lim.maxSector } });
    } else if (code === "operationalShare" || code === "sectorDiversity") excluded.push({ id: c.id, reason: { code, rank } });
    else excluded.push({ id: c.id, reason: { code: "combination", rank } });
  }
  return { included, excluded };
}
