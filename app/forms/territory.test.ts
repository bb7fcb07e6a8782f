import { describe, expect, it } from "vitest";
import { findCommunes } from "./territory.server";

describe("commune search", () => {
  it("finds a commune with or without its article", () => {
    expect(findCommunes("Île-Saint-Denis").map((c) => c.nom)).toContain("L'Île-Saint-Denis");
    expect(findCommunes("L’Île-Saint-Denis").map((c) => c.nom)).toContain("L'Île-Saint-Denis");
    expect(findCommunes("ile st denis").map((c) => c.nom)).toContain("L'Île-Saint-Denis");
  });

  it("reads five digits as a postcode first, the largest commune first, then as an INSEE code", () => {
    const names = findCommunes("26100").map((c) => c.nom);
    expect(names[0]).toBe("Romans-sur-Isère");
    expect(names).toContain("Combovin");
    expect(names.indexOf("Combovin")).toBeGreaterThan(names.indexOf("Romans-sur-Isère"));
  });
});
