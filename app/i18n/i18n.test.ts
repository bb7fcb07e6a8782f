import { describe, expect, it } from "vitest";
import { fr } from "./fr";
import { en } from "./en";
import { dictionary, localeFromRequest, t } from "./i18n";

describe("i18n", () => {
  it("has the same keys in French and English, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toBe("");
  });
  it("keeps the same placeholders in both languages", () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(fr) as (keyof typeof fr)[]) expect(vars(en[k]), k).toEqual(vars(fr[k]));
  });
  it("interpolates and picks the locale from cookie then Accept-Language", () => {
    expect(t("fr", "upload.tooLarge", { max: 20 })).toContain("20 Mo");
    expect(localeFromRequest(new Request("http://x/", { headers: { cookie: "a=1; lang=en" } }))).toBe("en");
    expect(localeFromRequest(new Request("http://x/", { headers: { "accept-language": "en-GB,en" } }))).toBe("en");
    expect(localeFromRequest(new Request("http://x/"))).toBe("fr");
  });
});

describe("agreement and ordinals", () => {
  it("writes « 1 dossier », « 2 dossiers », « 1er », « 3e » and never « (s) »", async () => {
    const { interpolate } = await import("./interpolate");
    expect(interpolate("la limite de {max} {max|dossier|dossiers}", { max: 1 })).toBe("la limite de 1 dossier");
    expect(interpolate("la limite de {max} {max|dossier|dossiers}", { max: 0 })).toBe("la limite de 0 dossier");
    expect(interpolate("la limite de {max} {max|dossier|dossiers}", { max: 2 })).toBe("la limite de 2 dossiers");
    expect(interpolate("{n} {n|application|applications}", { n: 0 }, "en")).toBe("0 applications");
    expect(interpolate("Classé {rank:ordinal}", { rank: 1 })).toBe("Classé 1er");
    expect(interpolate("Classé {rank:ordinal}", { rank: 3 })).toBe("Classé 3e");
    expect(interpolate("Ranked {rank:ordinal}", { rank: 2 }, "en")).toBe("Ranked 2nd");
    expect(interpolate("Ranked {rank:ordinal}", { rank: 12 }, "en")).toBe("Ranked 12th");
    // Months given as YYYY-MM are written as people read them (issue 9: « 2027-03 → 2027-07 »).
    expect(interpolate("({start:month} – {end:month})", { start: "2027-03", end: "2027-07" })).toBe("(mars 2027 – juillet 2027)");
    expect(interpolate("({start:month})", { start: "2027-03" }, "en")).toBe("(March 2027)");
    for (const locale of ["fr", "en"] as const) {
      const all = Object.values(dictionary(locale)).join("\n");
      expect(all).not.toMatch(/\(s\)/);
    }
  });
});

describe("placeholders", () => {
  it("are all well formed: filled with every variable, no message keeps a brace", async () => {
    const { interpolate } = await import("./interpolate");
    for (const locale of ["fr", "en"] as const) {
      for (const [key, message] of Object.entries(dictionary(locale))) {
        const vars = Object.fromEntries([...message.matchAll(/\{(\w+)/g)].map((m) => [m[1], 2]));
        expect(interpolate(message, vars, locale), `${locale} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});
