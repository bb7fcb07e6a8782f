import { describe, expect, it } from "vitest";
import { safeRedirectTarget } from "./route-helpers.server";

describe("redirect after sign-in", () => {
  it("keeps paths of this site and refuses anything a browser could read as another site", () => {
    expect(safeRedirectTarget("/dossiers/abc?x=1#files")).toBe("/dossiers/abc?x=1#files");
    for (const bad of [
      "/\t/evil.example",
      "/\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "/\r\n/x",
      "/\u0000",
      "",
      42,
      null,
    ]) {
      expect(safeRedirectTarget(bad), String(bad)).toBe("/espace");
    }
  });
});
