import { describe, expect, it } from "vitest";
import { calibrate, reviewOverall, type ReviewScore } from "./calibration";

// Three reviewers see the same four dossiers: Lenient adds one point to Typical, Harsh takes one away.
const typical = [3, 2, 1, 2];
const scores: ReviewScore[] = typical.flatMap((x, i) => [
  { dossierId: `d${i}`, reviewerId: "typical", overall: x },
  { dossierId: `d${i}`, reviewerId: "lenient", overall: Math.min(4, x + 1) },
  { dossierId: `d${i}`, reviewerId: "harsh", overall: Math.max(0, x - 1) },
]);

describe("reviewer calibration", () => {
  it("detects harsh and lenient reviewers, with their raw mean beside the panel's", () => {
    const c = calibrate(scores);
    const of = (id: string) => c.reviewers.find((r) => r.reviewerId === id)!;
    expect(of("harsh").severity).toBe("harsh");
    expect(of("lenient").severity).toBe("lenient");
    expect(of("typical").severity).toBe("typical");
    expect(of("harsh").mean).toBe(1);
    expect(of("lenient").mean).toBe(3);
    expect(c.panel.mean).toBe(2);
  });

  it("removes who happened to review a dossier from its calibrated score", () => {
    // d0 reviewed by the lenient reviewer only, d1 by the harsh one only: both were « 2 » for the typical reviewer… in raw terms 3 and 1.
    const c = calibrate([
      ...scores.filter((s) => s.dossierId !== "d1" || s.reviewerId !== "lenient"),
      { dossierId: "x", reviewerId: "lenient", overall: 3 },
      { dossierId: "y", reviewerId: "harsh", overall: 1 },
    ]);
    const x = c.dossiers.get("x")!;
    const y = c.dossiers.get("y")!;
    expect(x.raw - y.raw).toBe(2);
    expect(Math.abs(x.calibrated - y.calibrated)).toBeLessThan(0.5);
  });

  it("leaves reviewers with too few reviews as they are, and shifts without stretching a reviewer who never varies", () => {
    const c = calibrate([
      { dossierId: "a", reviewerId: "once", overall: 4 },
      { dossierId: "a", reviewerId: "flat", overall: 3 },
      { dossierId: "b", reviewerId: "flat", overall: 3 },
      { dossierId: "c", reviewerId: "flat", overall: 3 },
      { dossierId: "b", reviewerId: "v", overall: 0 },
      { dossierId: "c", reviewerId: "v", overall: 2 },
      { dossierId: "d", reviewerId: "v", overall: 4 },
    ]);
    expect(c.reviewers.find((r) => r.reviewerId === "once")).toMatchObject({ severity: "tooFew", corrected: false });
    const flat = c.reviewers.find((r) => r.reviewerId === "flat")!;
    expect(flat.sd).toBe(0);
    expect(c.dossiers.get("a")!.reviews).toBe(2);
  });

  it("sends dossiers with split calibrated opinions to discussion", () => {
    const c = calibrate([
      ...scores,
      { dossierId: "split", reviewerId: "typical", overall: 4 },
      { dossierId: "split", reviewerId: "lenient", overall: 0 },
    ]);
    expect(c.dossiers.get("split")!.split).toBe(true);
    expect(c.dossiers.get("d0")!.split).toBe(false);
  });

  it("weighs a review's criteria into its overall score", () => {
    expect(reviewOverall({ a: 4, b: 0 }, { a: 3, b: 1 })).toBe(3);
    expect(reviewOverall({ a: 4 }, { a: 1, b: 1 })).toBe(4);
    expect(reviewOverall({}, { a: 1 })).toBeNull();
  });
});
