import { describe, expect, it } from "vitest";
import { assignReviewers, type DossierInfo, type ReviewerInfo } from "./assignment";

const dossiers = (n: number): DossierInfo[] =>
  Array.from({ length: n }, (_, i) => ({ id: `d${String(i).padStart(2, "0")}`, organisationId: `o${i}` }));
const reviewers = (n: number, maxLoad?: number): ReviewerInfo[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, organisationIds: [], maxLoad }));

describe("assignment with hard limits and preferences", () => {
  it("never exceeds a reviewer's limit, and gives every dossier its reviews whenever the limits allow it", () => {
    // 10 dossiers × 2 reviews = 20 reviews; 4 reviewers with at most 5 each: exactly enough.
    const r = assignReviewers({
      dossiers: dossiers(10),
      reviewers: reviewers(4),
      perDossier: 2,
      maxPerReviewer: 5,
      existing: [],
      conflicts: [],
    });
    expect(r.shortfalls).toEqual([]);
    expect(Object.values(r.load)).toEqual([5, 5, 5, 5]);
    // One reviewer's own, lower limit wins over the call's.
    const tight = assignReviewers({
      dossiers: dossiers(10),
      reviewers: [...reviewers(3), { id: "r3", organisationIds: [], maxLoad: 2 }],
      perDossier: 2,
      maxPerReviewer: 5,
      existing: [],
      conflicts: [],
    });
    expect(tight.load.r3).toBe(2);
    expect(Math.max(...Object.values(tight.load))).toBeLessThanOrEqual(5);
    expect(tight.shortfalls.reduce((s, x) => s + (x.wanted - x.assigned), 0)).toBe(3);
    expect(tight.shortfalls.every((s) => s.reason === "reviewersFull")).toBe(true);
  });

  it("finds the assignment a greedy pass misses: a scarce reviewer is kept for the dossier only they can take", () => {
    // r0 may take only one dossier; d0 can be reviewed by r0 alone (r1 is of its organisation), d1 by both.
    const ds: DossierInfo[] = [
      { id: "d0", organisationId: "oA" },
      { id: "d1", organisationId: "oB" },
    ];
    const rs: ReviewerInfo[] = [
      { id: "r0", organisationIds: [], maxLoad: 1 },
      { id: "r1", organisationIds: ["oA"] },
    ];
    // r0 said it preferred d1: the preference yields to the hard constraint.
    const r = assignReviewers({
      dossiers: ds,
      reviewers: rs,
      perDossier: 1,
      existing: [],
      conflicts: [],
      preferences: [{ dossierId: "d1", reviewerId: "r0", level: "interested" }],
    });
    expect(r.shortfalls).toEqual([]);
    expect(r.added).toEqual(
      expect.arrayContaining([
        { dossierId: "d0", reviewerId: "r0" },
        { dossierId: "d1", reviewerId: "r1" },
      ]),
    );
  });

  it("prefers the interested, avoids the not interested, and says how each reviewer's dossiers matched their wishes", () => {
    const ds = dossiers(4);
    const rs = reviewers(5);
    const preferences = [
      ...ds.map((d) => ({ dossierId: d.id, reviewerId: "r0", level: "not" as const })),
      { dossierId: "d00", reviewerId: "r1", level: "interested" as const },
      { dossierId: "d01", reviewerId: "r1", level: "interested" as const },
    ];
    const r = assignReviewers({ dossiers: ds, reviewers: rs, perDossier: 2, existing: [], conflicts: [], preferences });
    expect(r.added.filter((a) => a.reviewerId === "r0")).toHaveLength(0);
    expect(r.added.filter((a) => a.reviewerId === "r1").map((a) => a.dossierId)).toEqual(expect.arrayContaining(["d00", "d01"]));
    const r1 = r.reviewers.find((x) => x.id === "r1")!;
    expect(r1.byPreference.interested).toBe(2);
    expect(r.reviewers.find((x) => x.id === "r0")!.byPreference.not).toBe(0);
  });

  it("explains a dossier that cannot be covered: its own organisation's reviewers and declared conflicts", () => {
    const ds: DossierInfo[] = [{ id: "d0", organisationId: "oA" }];
    const rs: ReviewerInfo[] = [
      { id: "r0", organisationIds: ["oA"] },
      { id: "r1", organisationIds: [] },
      { id: "r2", organisationIds: [] },
    ];
    const r = assignReviewers({
      dossiers: ds,
      reviewers: rs,
      perDossier: 2,
      existing: [],
      conflicts: [{ dossierId: "d0", reviewerId: "r2" }],
    });
    expect(r.shortfalls).toEqual([
      { dossierId: "d0", assigned: 1, wanted: 2, eligible: 1, ownOrganisation: 1, conflicts: 1, reason: "fewEligible" },
    ]);
  });

  it("counts existing assignments in both limits and never repeats them", () => {
    const r = assignReviewers({
      dossiers: dossiers(3),
      reviewers: reviewers(2),
      perDossier: 1,
      maxPerReviewer: 2,
      existing: [
        { dossierId: "d00", reviewerId: "r0" },
        { dossierId: "d01", reviewerId: "r0" },
      ],
      conflicts: [],
    });
    expect(r.added).toEqual([{ dossierId: "d02", reviewerId: "r1" }]);
    expect(r.reviewers.find((x) => x.id === "r0")).toMatchObject({ before: 2, after: 2, limit: 2 });
  });
});
