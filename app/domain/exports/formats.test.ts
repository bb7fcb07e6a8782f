import { describe, expect, it } from "vitest";
import { csvCell } from "./formats";

describe("CSV cells", () => {
  it("neutralises formulas, keeps numbers and ordinary text", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","clic")')).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(csvCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("＝1+1")).toBe("'＝1+1");
    expect(csvCell("-12,5")).toBe("-12,5");
    expect(csvCell("2014")).toBe("2014");
    expect(csvCell(42)).toBe(42);
    expect(csvCell("Écopôle = réussite")).toBe("Écopôle = réussite");
  });
});
