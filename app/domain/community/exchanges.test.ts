import { describe, expect, it } from "vitest";
import { findMentions } from "./exchanges.server";
import { nextSheetStatus } from "./sheets.server";

describe("mentions", () => {
  const people = [
    { id: "a", name: "Anne" },
    { id: "ac", name: "Anne Claire Pignal" },
    { id: "c", name: "Camille Martin" },
  ];
  it("finds @names, longest first, ignoring case and not inside longer words", () => {
    expect(findMentions("Merci @anne claire pignal et @Camille Martin !", people).sort()).toEqual(["ac", "c"]);
    expect(findMentions("@Anne, tu viens ?", people)).toEqual(["a"]);
    expect(findMentions("@Annette viendra", people)).toEqual([]);
    expect(findMentions("écrire à anne@example.org", people)).toEqual([]);
  });
});

describe("experience sheet workflow", () => {
  it("draft → reviewed → published → public, and back to reviewed when unpublished", () => {
    expect(nextSheetStatus("draft", "review")).toBe("reviewed");
    expect(nextSheetStatus("reviewed", "publish")).toBe("published");
    expect(nextSheetStatus("published", "publish_public")).toBe("public");
    expect(nextSheetStatus("public", "unpublish")).toBe("reviewed");
    expect(nextSheetStatus("draft", "publish")).toBeNull();
    expect(nextSheetStatus("reviewed", "publish_public")).toBeNull();
  });
});

describe("the capitalisation report's default period", () => {
  it("never ends before it starts: to today within the period, to its end before or after it", async () => {
    const { defaultReportPeriod } = await import("./community.server");
    const period = { start: "2027-02-01", end: "2029-01-31" };
    expect(defaultReportPeriod(period, "2026-12-01")).toEqual({ from: "2027-02-01", to: "2029-01-31" });
    expect(defaultReportPeriod(period, "2027-06-10")).toEqual({ from: "2027-02-01", to: "2027-06-10" });
    expect(defaultReportPeriod(period, "2030-01-01")).toEqual({ from: "2027-02-01", to: "2029-01-31" });
  });
});
