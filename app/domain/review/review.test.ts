import { describe, expect, it } from "vitest";
import { assignReviewers, type ReviewerInfo, type DossierInfo } from "./assignment";
import { aggregateScores } from "./aggregates";

const reviewers = (n: number, org = (_i: number) => [] as string[]): ReviewerInfo[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, organisationIds: org(i) }));
const dossiers = (n: number): DossierInfo[] =>
  Array.from({ length: n }, (_, i) => ({ id: `d${String(i).padStart(2, "0")}`, organisationId: `o${i}` }));

describe("reviewer assignment", () => {
  it("gives each dossier N reviewers with loads differing by at most one", () => {
    const r = assignReviewers({ dossiers: dossiers(25), reviewers: reviewers(7), perDossier: 3, existing: [], conflicts: [] });
    expect(r.shortfalls).toEqual([]);
    expect(r.added).toHaveLength(75);
    const loads = Object.values(r.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const perDossier = new Map<string, Set<string>>();
    for (const a of r.added) perDossier.set(a.dossierId, (perDossier.get(a.dossierId) ?? new Set()).add(a.reviewerId));
    expect([...perDossier.values()].every((s) => s.size === 3)).toBe(true);
  });

  it("never assigns a reviewer from the dossier's organisation or with a declared conflict", () => {
    const ds = dossiers(10);
    const rs = reviewers(5, (i) => (i === 0 ? ["o0", "o1"] : []));
    const conflicts = [
      { dossierId: "d02", reviewerId: "r1" },
      { dossierId: "d02", reviewerId: "r2" },
    ];
    const r = assignReviewers({ dossiers: ds, reviewers: rs, perDossier: 2, existing: [], conflicts });
    for (const a of r.added) {
      expect(!(a.reviewerId === "r0" && (a.dossierId === "d00" || a.dossierId === "d01"))).toBe(true);
      expect(conflicts.some((c) => c.dossierId === a.dossierId && c.reviewerId === a.reviewerId)).toBe(false);
    }
    expect(r.shortfalls).toEqual([]);
  });

  it("keeps existing assignments and reports dossiers that cannot get enough reviewers", () => {
    const r = assignReviewers({
      dossiers: dossiers(3),
      reviewers: reviewers(3),
      perDossier: 3,
      existing: [{ dossierId: "d00", reviewerId: "r0" }],
      conflicts: [{ dossierId: "d01", reviewerId: "r2" }],
    });
    expect(r.added.find((a) => a.dossierId === "d00" && a.reviewerId === "r0")).toBeUndefined();
    expect(r.added.filter((a) => a.dossierId === "d00")).toHaveLength(2);
    expect(r.shortfalls).toEqual([
      { dossierId: "d01", assigned: 2, eligible: 2, wanted: 3, ownOrganisation: 0, conflicts: 1, reason: "fewEligible" },
    ]);
  });
});

describe("score aggregates", () => {
  const criteria = ["condition_ptce", "condition_volunteer", "experiences", "visit_offer"];
  it("averages per criterion, measures spread and flags strong disagreement", () => {
    const a = aggregateScores(criteria, [
      { reviewerId: "r1", scores: { condition_ptce: 4, condition_volunteer: 3, experiences: 1, visit_offer: 2 } },
      { reviewerId: "r2", scores: { condition_ptce: 4, condition_volunteer: 2, experiences: 4 } },
    ]);
    expect(a.criteria.condition_ptce).toEqual({ mean: 4, min: 4, max: 4, spread: 0, count: 2 });
    expect(a.criteria.experiences.spread).toBe(3);
    expect(a.criteria.visit_offer).toEqual({ mean: 2, min: 2, max: 2, spread: 0, count: 1 });
    expect(a.disagreement).toBe(true);
    expect(a.disagreeOn).toEqual(["experiences"]);
    expect(a.overall).toBeCloseTo((4 + 2.5 + 2.5 + 2) / 4, 10);
  });
  it("leaves out reviewers with a conflict of interest and handles no scores", () => {
    const a = aggregateScores(
      criteria,
      [
        { reviewerId: "r1", scores: { condition_ptce: 0 } },
        { reviewerId: "r2", scores: { condition_ptce: 4 } },
      ],
      { conflictedReviewerIds: ["r1"] },
    );
    expect(a.reviewers).toBe(1);
    expect(a.criteria.condition_ptce.mean).toBe(4);
    expect(a.disagreement).toBe(false);
    expect(aggregateScores(criteria, []).overall).toBeNull();
  });
});

describe("ranks", () => {
  it("gives equal scores (as shown) one rank and skips the next, as the ranking page and the selection's reasons both say", async () => {
    const { competitionRanks } = await import("./aggregates");
    const r = competitionRanks([
      { id: "a", score: 3.5 },
      { id: "b", score: 3.2499999 },
      { id: "c", score: 3.25 },
      { id: "d", score: 2 },
      { id: "e", score: null },
    ]);
    expect(Object.fromEntries(r)).toEqual({ a: 1, b: 2, c: 2, d: 4 });
  });
});

describe("weighted grids (issue 10)", () => {
  it("weighs each criterion's mean in the overall score", () => {
    const agg = aggregateScores(["a", "b"], [{ reviewerId: "r", scores: { a: 4, b: 1 } }], { weights: { a: 3, b: 1 } });
    expect(agg.overall).toBeCloseTo((3 * 4 + 1) / 4);
    const unweighted = aggregateScores(["a", "b"], [{ reviewerId: "r", scores: { a: 4, b: 1 } }]);
    expect(unweighted.overall).toBeCloseTo(2.5);
    // A criterion nobody scored leaves its weight out.
    expect(aggregateScores(["a", "b"], [{ reviewerId: "r", scores: { a: 2 } }], { weights: { a: 3, b: 1 } }).overall).toBe(2);
  });
});
