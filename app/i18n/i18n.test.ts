import { describe, expect, it } from "vitest";
import { fr } from "./fr";
import { en } from "./en";
import { localeFromRequest, t } from "./i18n";

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
