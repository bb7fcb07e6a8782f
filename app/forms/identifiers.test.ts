import { describe, expect, it } from "vitest";
import { checkRna, checkSiren, checkSiret, luhnValid } from "./identifiers";

describe("SIREN", () => {
  it("accepts a valid SIREN, with spaces or non-breaking spaces", () => {
    expect(checkSiren("732829320")).toEqual({ ok: true, value: "732829320" });
    expect(checkSiren("732 829 320")).toEqual({ ok: true, value: "732829320" });
    expect(checkSiren("732\u00a0829\u202f320")).toEqual({ ok: true, value: "732829320" });
  });
  it("rejects a wrong check digit and wrong lengths", () => {
    expect(checkSiren("732829321")).toEqual({ ok: false, reason: "checksum" });
    expect(checkSiren("73282932")).toEqual({ ok: false, reason: "format" });
    expect(checkSiren("7328293200")).toEqual({ ok: false, reason: "format" });
    expect(checkSiren("73282932A")).toEqual({ ok: false, reason: "format" });
    expect(checkSiren("")).toEqual({ ok: false, reason: "format" });
  });
});

describe("SIRET", () => {
  it("accepts the INSEE example and rejects a one-digit change", () => {
    expect(checkSiret("73282932000074").ok).toBe(true);
    expect(checkSiret("732 829 320 00074").ok).toBe(true);
    expect(checkSiret("73282932000075")).toEqual({ ok: false, reason: "checksum" });
  });
  it("applies La Poste's sum-of-digits rule to SIREN 356000000", () => {
    expect(checkSiret("35600000049837").ok).toBe(true); // fails Luhn, digit sum 45
    expect(luhnValid("35600000049837")).toBe(false);
    expect(checkSiret("35600000000048").ok).toBe(true); // head office, passes Luhn
    expect(checkSiret("35600000049838")).toEqual({ ok: false, reason: "checksum" });
  });
  it("does not extend La Poste's rule to other companies", () => {
    // digit sum divisible by 5 but not La Poste and not Luhn-valid
    expect(checkSiret("73282932000027")).toEqual({ ok: false, reason: "checksum" });
  });
  it("rejects letters and wrong lengths", () => {
    expect(checkSiret("7328293200007")).toEqual({ ok: false, reason: "format" });
    expect(checkSiret("7328293200007A")).toEqual({ ok: false, reason: "format" });
  });
});

describe("RNA", () => {
  it("accepts W + 9 digits, in any case and with spaces", () => {
    expect(checkRna("W751234567")).toEqual({ ok: true, value: "W751234567" });
    expect(checkRna("w 751 234 567")).toEqual({ ok: true, value: "W751234567" });
  });
  it("accepts a letter in third position (overseas/Corsica registries)", () => {
    expect(checkRna("W9C1000189").ok).toBe(true);
  });
  it("rejects other shapes", () => {
    expect(checkRna("751234567").ok).toBe(false);
    expect(checkRna("W75123456").ok).toBe(false);
    expect(checkRna("X751234567").ok).toBe(false);
    expect(checkRna("301S0301001688").ok).toBe(false);
  });
});
