import { describe, expect, it } from "vitest";
import { AUDIT, auditRate } from "./audit";

describe("the RGAA 4.1 audit behind the accessibility statement", () => {
  it("lists each of the 106 criteria once, in order, by theme", () => {
    expect(AUDIT).toHaveLength(106);
    const perTheme = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12];
    const expected = perTheme.flatMap((n, t) => Array.from({ length: n }, (_, i) => `${t + 1}.${i + 1}`));
    expect(AUDIT.map((c) => c.id)).toEqual(expected);
    for (const c of AUDIT) {
      expect(["C", "NC", "NA", "NT"]).toContain(c.result);
      expect(c.method.length).toBeGreaterThan(0);
      // What is not compliant, not verified or not applicable always says why.
      if (c.result !== "C") expect(c.note, c.id).toBeTruthy();
    }
  });

  it("computes the rate from the results, counting what was not verified against it", () => {
    const r = auditRate();
    expect(r.applicable).toBe(AUDIT.filter((c) => c.result !== "NA").length);
    expect(r.compliant).toBe(AUDIT.filter((c) => c.result === "C").length);
    expect(r.rate).toBeLessThan(100);
    expect(r.level).toBe("partielle");
    const all = AUDIT.map((c) => ({ ...c, result: c.result === "NA" ? ("NA" as const) : ("C" as const) }));
    expect(auditRate(all)).toMatchObject({ rate: 100, level: "totale" });
    expect(auditRate(AUDIT.map((c) => ({ ...c, result: "NC" as const })))).toMatchObject({ rate: 0, level: "non" });
  });
});
