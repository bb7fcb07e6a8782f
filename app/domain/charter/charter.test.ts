import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { charterFingerprint } from "./charter.server";
import { PLACEHOLDER_CHARTER } from "./charter-text";

describe("charter fingerprint", () => {
  it("is the SHA-256 of the title, a blank line and the body", () => {
    expect(charterFingerprint("Charte", "Texte")).toBe(createHash("sha256").update("Charte\n\nTexte").digest("hex"));
    expect(charterFingerprint("Charte", "Texte")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on line endings or Unicode composition, but on every character", () => {
    const composed = "Coopération\nterritoriale";
    const decomposed = "Coope\u0301ration\r\nterritoriale";
    expect(charterFingerprint("T", decomposed)).toBe(charterFingerprint("T", composed));
    expect(charterFingerprint("T", "Coopération territoriale")).not.toBe(charterFingerprint("T", composed));
    expect(charterFingerprint("T", composed + ".")).not.toBe(charterFingerprint("T", composed));
  });

  it("the shipped text says clearly that it is a placeholder", () => {
    expect(PLACEHOLDER_CHARTER.body.startsWith("[TEXTE PROVISOIRE")).toBe(true);
  });
});
