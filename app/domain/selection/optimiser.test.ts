import { describe, expect, it } from "vitest";
import { selectDossiers, type Candidate, type SelectionConstraints } from "./optimiser";

// A small deterministic random generator, so failures can be replayed.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function randomCandidates(n: number, seed: number): Candidate[] {
  const r = rng(seed);
  const regions = ["84", "76", "75", "11", "53"];
  const sectors = ["emploi", "alimentation", "culture", "eco", "numerique"];
  return Array.from({ length: n }, (_, i) => ({
    id: `d${String(i).padStart(3, "0")}`,
    score: Math.round(r() * 160) / 10,
    region: regions[Math.floor(r() * regions.length)],
    operational: r() < 0.6,
    sectors: sectors
      .filter(() => r() < 0.35)
      .slice(0, 2)
      .concat(r() < 0.2 ? [] : [sectors[Math.floor(r() * sectors.length)]]),
  }));
}

function feasible(set: Candidate[], c: SelectionConstraints): boolean {
  if (set.length !== c.size) return false;
  const per = (key: (x: Candidate) => string[]) => {
    const m = new Map<string, number>();
    for (const x of set) for (const k of new Set(key(x))) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  if (c.maxPerRegion !== undefined && [...per((x) => [x.region ?? "?"]).values()].some((v) => v > c.maxPerRegion!)) return false;
  if (c.maxPerSector !== undefined && [...per((x) => x.sectors).values()].some((v) => v > c.maxPerSector!)) return false;
  if (set.filter((x) => x.operational).length < Math.ceil((c.minOperationalShare ?? 0) * c.size - 1e-9)) return false;
  if (per((x) => x.sectors).size < (c.minDistinctSectors ?? 0)) return false;
  if ((c.mustInclude ?? []).some((id) => !set.some((x) => x.id === id))) return false;
  if ((c.mustExclude ?? []).some((id) => set.some((x) => x.id === id))) return false;
  return true;
}

function bruteForce(cands: Candidate[], c: SelectionConstraints): number | null {
  let best: number | null = null;
  const pick: Candidate[] = [];
  const go = (i: number) => {
    if (pick.length === c.size) {
      if (feasible(pick, c)) {
        const total = pick.reduce((s, x) => s + x.score, 0);
        if (best === null || total > best) best = total;
      }
      return;
    }
    if (cands.length - i < c.size - pick.length) return;
    pick.push(cands[i]);
    go(i + 1);
    pick.pop();
    go(i + 1);
  };
  go(0);
  return best;
}

describe("selection optimiser", () => {
  it("finds the same optimum as brute force on 300 small random cases, and always respects the constraints", async () => {
    let solved = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed * 7919);
      const cands = randomCandidates(8 + Math.floor(r() * 7), seed);
      const c: SelectionConstraints = {
        size: 3 + Math.floor(r() * 3),
        maxPerRegion: r() < 0.7 ? 1 + Math.floor(r() * 2) : undefined,
        minOperationalShare: r() < 0.6 ? Math.round(r() * 10) / 10 : undefined,
        minDistinctSectors: r() < 0.5 ? 1 + Math.floor(r() * 4) : undefined,
        maxPerSector: r() < 0.4 ? 2 + Math.floor(r() * 2) : undefined,
        mustInclude: r() < 0.3 ? [cands[Math.floor(r() * cands.length)].id] : undefined,
        mustExclude: r() < 0.3 ? [cands[0].id] : undefined,
      };
      if (c.mustInclude && c.mustExclude && c.mustInclude[0] === c.mustExclude[0]) c.mustExclude = undefined;
      const expected = bruteForce(cands, c);
      const result = await selectDossiers(cands, c);
      if (expected === null) {
        expect(result.status, `seed ${seed}`).toBe("infeasible");
        continue;
      }
      expect(result.status, `seed ${seed}`).toBe("optimal");
      if (result.status === "infeasible") continue;
      const set = result.selected.map((id) => cands.find((x) => x.id === id)!);
      expect(feasible(set, c), `seed ${seed}`).toBe(true);
      expect(result.total, `seed ${seed}`).toBeCloseTo(expected, 6);
      solved++;
    }
    expect(solved).toBeGreaterThan(150);
    // 300 exact solves: about 3 s alone, longer while the rest of the suite shares the two cores.
  }, 60_000);

  it("explains infeasible constraints instead of failing silently", async () => {
    const cands = randomCandidates(20, 3).map((c) => ({ ...c, operational: false }));
    const r1 = await selectDossiers(cands, { size: 12, minOperationalShare: 0.5 });
    expect(r1).toEqual({ status: "infeasible", reasons: [{ code: "notEnoughOperational", needed: 6, available: 0 }] });
    const r2 = await selectDossiers(cands, { size: 12, maxPerRegion: 2 });
    expect(r2.status === "infeasible" && r2.reasons[0]).toMatchObject({ code: "regionCapsTooTight", size: 12 });
    const r3 = await selectDossiers(cands.slice(0, 5), { size: 12 });
    expect(r3.status === "infeasible" && r3.reasons[0]).toEqual({ code: "notEnoughCandidates", available: 5, size: 12 });
    const r4 = await selectDossiers(cands, { size: 3, mustInclude: ["d000", "d001", "d002", "d003"] });
    expect(r4.status === "infeasible" && r4.reasons.map((x) => x.code)).toContain("mustIncludeTooMany");
    const r5 = await selectDossiers(cands, { size: 3, mustInclude: ["nope"] });
    expect(r5.status === "infeasible" && r5.reasons[0]).toEqual({ code: "unknownCandidate", ids: ["nope"] });
  });

  it("says why each selected dossier is in and why the best excluded ones are out", async () => {
    const cands: Candidate[] = [
      { id: "a", score: 15, region: "84", operational: true, sectors: ["emploi"] },
      { id: "b", score: 14, region: "84", operational: true, sectors: ["emploi"] },
      { id: "c", score: 13, region: "76", operational: false, sectors: ["culture"] },
      { id: "d", score: 12, region: "76", operational: false, sectors: ["culture"] },
      { id: "e", score: 6, region: "53", operational: true, sectors: ["alimentation"] },
      { id: "f", score: 5, region: "53", operational: false, sectors: ["eco"] },
    ];
    const r = await selectDossiers(cands, { size: 3, maxPerRegion: 1, minDistinctSectors: 3, mustExclude: ["f"] });
    expect(r.status).toBe("optimal");
    if (r.status === "infeasible") return;
    expect(r.selected.sort()).toEqual(["a", "c", "e"]);
    expect(r.included.a).toEqual({ code: "topScore", rank: 1 });
    expect(r.included.e).toMatchObject({ code: "neededForSectorDiversity", rank: 5 });
    const why = Object.fromEntries(r.excluded.map((x) => [x.id, x.reason]));
    expect(why.b).toMatchObject({ code: "regionCapReached", region: "84", max: 1 });
    expect(why.f).toEqual({ code: "mustExclude" });
  });

  it("solves a national-size call (300 dossiers, 12 places, all constraints)", async () => {
    const cands = randomCandidates(300, 42);
    const r = await selectDossiers(cands, {
      size: 12,
      maxPerRegion: 3,
      minOperationalShare: 0.5,
      minDistinctSectors: 5,
      maxPerSector: 6,
      mustInclude: ["d150"],
    });
    expect(r.status).toBe("optimal");
    if (r.status === "infeasible") return;
    expect(r.selected).toHaveLength(12);
    expect(r.selected).toContain("d150");
    expect(
      feasible(
        r.selected.map((id) => cands.find((c) => c.id === id)!),
        { size: 12, maxPerRegion: 3, minOperationalShare: 0.5, minDistinctSectors: 5, maxPerSector: 6, mustInclude: ["d150"] },
      ),
    ).toBe(true);
  });
});
