// The default call's texts once its dates are filled: no placeholder left for a person to read (issue 9:
// « par exemple {communityStart:month-example} » was shown as is).
import { describe, expect, it } from "vitest";
import { ptceEmploi2015 } from "./call";
import { fillTimelinePlaceholders } from "../../../app/domain/calls/calls.server";

describe("the PTCE 2015 call as data", () => {
  it("leaves no placeholder unfilled in its texts and form", () => {
    const filled = fillTimelinePlaceholders(
      JSON.stringify({ content: ptceEmploi2015.content, form: ptceEmploi2015.form }),
      ptceEmploi2015.originalTimeline,
    );
    expect(filled.match(/\{[A-Za-z]+(?::[A-Za-z-]+)?\}/g) ?? []).toEqual([]);
    expect(filled).toContain("par exemple « avril 2015 »");
  });
});

describe("the PTCE 2015 call in English (issue 10)", () => {
  it("has an English text beside every French one, keeping the same placeholders", () => {
    const missing: string[] = [];
    const walk = (x: unknown, path: string) => {
      if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${path}.${i}`));
      if (!x || typeof x !== "object") return;
      const o = x as Record<string, unknown>;
      if (typeof o.fr === "string" && Object.keys(o).every((k) => k === "fr" || k === "en")) {
        if (typeof o.en !== "string" || !o.en.trim()) missing.push(path);
        else expect((o.en.match(/\{[^}]+\}/g) ?? []).sort(), path).toEqual((o.fr.match(/\{[^}]+\}/g) ?? []).sort());
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    walk({ content: ptceEmploi2015.content, form: ptceEmploi2015.form }, "call");
    expect(missing).toEqual([]);
  });
});
