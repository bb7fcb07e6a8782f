import { describe, expect, it } from "vitest";
import type { Field, FormDefinition } from "./definition";
import { conditionHolds, isFieldRequired } from "./definition";
import { fieldImpl, fieldText, readField, charCount } from "./field-types.server";
import { checkAnswers } from "./validate.server";
import { form as ptceForm } from "../../content/calls/ptce-emploi-2015/form";

const ctx = { locale: "fr" as const, now: new Date("2015-02-20T12:00:00Z") };
const check = (field: Field, value: unknown, attachmentCount = 0) =>
  fieldImpl(field).check(value, field, { ...ctx, attachmentCount })?.key ?? null;
const fd = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("field types", () => {
  it("text and long text count characters, not bytes", () => {
    const f: Field = { type: "longtext", key: "t", label: { fr: "T" }, maxLength: 5 };
    expect(charCount("ééééé")).toBe(5);
    expect(check(f, "ééééé")).toBeNull();
    expect(check(f, "éééééé")).toBe("field.tooLong");
    expect(readField(fd([["f.t", "a\r\nb"]]), f)).toBe("a\nb");
  });
  it("e-mail and phone", () => {
    const e: Field = { type: "email", key: "e", label: { fr: "E" } };
    const p: Field = { type: "phone", key: "p", label: { fr: "P" } };
    expect(check(e, "territoires@coorace.org")).toBeNull();
    expect(check(e, "territoires@coorace")).toBe("field.email");
    expect(check(p, "01 49 23 70 54")).toBeNull();
    expect(check(p, "+33 1 49 23 70 54")).toBeNull();
    expect(check(p, "0262 12 34 56")).toBeNull();
    expect(check(p, "0692.12.34.56")).toBeNull();
    expect(check(p, "+262 692 12 34 56")).toBeNull();
    expect(check(p, "06 12 34 56")).toBe("field.phone");
    expect(check(p, "0692123456")).toBeNull();
    expect(check(p, "12")).toBe("field.phone");
  });
  it("yes/no reads only yes or no", () => {
    const f: Field = { type: "yesno", key: "y", label: { fr: "Y" } };
    expect(readField(fd([["f.y", "yes"]]), f)).toBe("yes");
    expect(readField(fd([["f.y", "maybe"]]), f)).toBe("");
    expect(readField(fd([]), f)).toBeUndefined();
    expect(fieldImpl(f).isEmpty("", ctx)).toBe(true);
    expect(fieldText(f, "no", "fr")).toBe("Non");
  });
  it("single and multiple choice only accept their options", () => {
    const c: Field = { type: "choice", key: "c", label: { fr: "C" }, options: [{ value: "a", label: { fr: "A" } }] };
    const m: Field = {
      type: "multichoice",
      key: "m",
      label: { fr: "M" },
      maxSelected: 1,
      options: [
        { value: "a", label: { fr: "A" } },
        { value: "b", label: { fr: "B" } },
      ],
    };
    expect(check(c, "a")).toBeNull();
    expect(check(c, "z")).toBe("field.choice");
    expect(
      readField(
        fd([
          ["f.m", "a"],
          ["f.m", "b"],
        ]),
        m,
      ),
    ).toEqual(["a", "b"]);
    expect(check(m, ["a", "b"])).toBe("field.multichoice.max");
    expect(check(m, ["a", "x"])).toBe("field.choice");
    expect(fieldText(m, ["a"], "fr")).toBe("A");
  });
  it("numbers accept French decimals and respect bounds", () => {
    const n: Field = { type: "number", key: "n", label: { fr: "N" }, min: 0, max: 100, integer: true };
    expect(check(n, "12")).toBeNull();
    expect(check(n, "12,5")).toBe("field.integer");
    expect(check(n, "-1")).toBe("field.number.min");
    expect(check(n, "1 000")).toBe("field.number.max");
    expect(check(n, "douze")).toBe("field.number");
  });
  it("dates: days, months, bounds and « under one year old »", () => {
    const d: Field = { type: "date", key: "d", label: { fr: "D" }, notOlderThanDays: 366 };
    expect(check(d, "2014-06-01")).toBeNull();
    expect(check(d, "2013-06-01")).toBe("field.date.tooOld");
    expect(check(d, "2016-01-01")).toBe("field.date.future");
    expect(check(d, "2015-02-30")).toBe("field.date");
    const m: Field = { type: "date", key: "m", label: { fr: "M" }, precision: "month", min: "2015-04-01", max: "2017-07-31" };
    expect(
      readField(
        fd([
          ["f.m.month", "06"],
          ["f.m.year", "2016"],
        ]),
        m,
      ),
    ).toBe("2016-06");
    expect(check(m, "2016-06")).toBeNull();
    expect(check(m, "2015-03")).toBe("field.date.min");
    expect(check(m, "2017-08")).toBe("field.date.max");
    expect(check(m, "2016-")).toBe("field.month");
    expect(fieldText(m, "2016-06", "fr")).toBe("juin 2016");
  });
  it("files count attachments", () => {
    const f: Field = { type: "files", key: "f", label: { fr: "F" }, maxFiles: 2 };
    expect(fieldImpl(f).isEmpty(undefined, { ...ctx, attachmentCount: 0 })).toBe(true);
    expect(fieldImpl(f).isEmpty(undefined, { ...ctx, attachmentCount: 1 })).toBe(false);
    expect(check(f, undefined, 3)).toBe("field.files.max");
  });
  it("SIREN, SIRET and RNA fields use the check rules", () => {
    expect(check({ type: "siren", key: "s", label: { fr: "S" } }, "732 829 320")).toBeNull();
    expect(check({ type: "siret", key: "s", label: { fr: "S" } }, "73282932000075")).toBe("field.siret.checksum");
    expect(check({ type: "siret", key: "s", label: { fr: "S" } }, "123")).toBe("field.siret.format");
    expect(check({ type: "rna", key: "r", label: { fr: "R" } }, "W12345678")).toBe("field.rna.format");
    expect(fieldText({ type: "siret", key: "s", label: { fr: "S" } }, "73282932000074", "fr")).toBe("732 829 320 00074");
  });
  it("région, département and commune come from the official lists", () => {
    const r: Field = { type: "region", key: "r", label: { fr: "R" } };
    const d: Field = { type: "departement", key: "d", label: { fr: "D" } };
    const c: Field = { type: "commune", key: "c", label: { fr: "C" } };
    expect(check(r, "84")).toBeNull();
    expect(check(r, "82")).toBe("field.region"); // Rhône-Alpes, merged in 2016
    expect(check(d, "2A")).toBeNull();
    expect(check(d, "20")).toBe("field.departement");
    expect(readField(fd([["f.c", "Figeac"]]), c)).toEqual({ query: "Figeac", code: "46102" });
    expect(fieldText(c, { query: "Figeac", code: "46102" }, "fr")).toContain("Lot (46)");
    // Homonyms: Saint-Paul exists in several départements: the person must choose.
    const homonym = readField(fd([["f.c", "Saint-Paul"]]), c);
    expect(homonym).toEqual({ query: "Saint-Paul" });
    expect(check(c, homonym)).toBe("field.commune.ambiguous");
    expect(
      readField(
        fd([
          ["f.c", "Saint-Paul"],
          ["f.c.code", "97415"],
        ]),
        c,
      ),
    ).toMatchObject({ code: "97415" });
    expect(readField(fd([["f.c", "Saint-Paul (974)"]]), c)).toMatchObject({ code: "97415" });
    expect(readField(fd([["f.c", "2A004"]]), c)).toMatchObject({ code: "2A004" });
    expect(check(c, { query: "Nullepart-sur-Rien" })).toBe("field.commune.unknown");
  });
  it("repeatable groups read rows, drop blank and removed rows, and check each row", () => {
    const g = ptceForm.sections.flatMap((s) => s.items).find((i) => i.key === "stakeholders") as Field;
    const value = readField(
      fd([
        ["f.stakeholders.count", "3"],
        ["f.stakeholders.0.name", "Régie de quartier"],
        ["f.stakeholders.0.type", "siae"],
        ["f.stakeholders.1.name", "À retirer"],
        ["f.stakeholders.remove", "1"],
        ["f.stakeholders.2.name", ""],
      ]),
      g,
    );
    expect(value).toEqual([{ name: "Régie de quartier", type: "siae" }]);
    expect(check(g, [{ name: "", type: "siae" }])).toBe("field.group.itemRequired");
    expect(fieldText(g, value, "fr")).toContain("Partie prenante 1 — Nom : Régie de quartier");
  });
});

describe("conditions and the default call's alternative in Part I", () => {
  const def = ptceForm as FormDefinition;
  const field = (key: string) => def.sections.flatMap((s) => s.items).find((i) => i.key === key) as Field;
  it("requires the attached dossier only when that alternative is chosen", () => {
    expect(conditionHolds({ field: "part1_mode", equals: "attach" }, { part1_mode: "attach" })).toBe(true);
    expect(isFieldRequired(def, field("existing_dossier"), { part1_mode: "attach" })).toBe(true);
    expect(isFieldRequired(def, field("existing_dossier"), { part1_mode: "describe" })).toBe(false);
    expect(isFieldRequired(def, field("p1_objectives"), { part1_mode: "describe" })).toBe(true);
    expect(isFieldRequired(def, field("p1_objectives"), { part1_mode: "attach" })).toBe(false);
  });
  it("lists every missing answer of an empty dossier, and none of the other alternative", () => {
    const issues = checkAnswers(def, { part1_mode: "attach" }, {}, "fr", "submit");
    const keys = issues.map((i) => i.fieldKey);
    expect(keys).toContain("existing_dossier");
    expect(keys).toContain("q1_issues");
    expect(keys).toContain("charter_sign");
    expect(keys).not.toContain("p1_objectives");
    expect(issues.every((i) => i.message === "Cette réponse est obligatoire.")).toBe(true);
  });
  it("asks visit details only from those who would host", () => {
    expect(isFieldRequired(def, field("host_when"), { host_visit: "yes" })).toBe(true);
    expect(isFieldRequired(def, field("host_when"), { host_visit: "no" })).toBe(false);
  });
});

describe("numbers as people type and read them", () => {
  it("accepts « 15 000 € », « 1 234,50 », « 12,5 % »; prints a year without separator", async () => {
    const { parseNumber, fieldText } = await import("./field-types.server");
    expect(parseNumber("15 000 €")).toBe(15000);
    expect(parseNumber("15\u202f000\u00a0€")).toBe(15000);
    expect(parseNumber("1 234,50")).toBe(1234.5);
    expect(parseNumber("12,5 %")).toBe(12.5);
    expect(parseNumber("15 000 euros")).toBe(15000);
    expect(parseNumber("quinze")).toBeNull();
    expect(parseNumber("1.2.3")).toBeNull();
    const year = { type: "number" as const, key: "since", label: { fr: "Depuis" }, integer: true, year: true };
    const amount = { type: "number" as const, key: "amount", label: { fr: "Montant" }, unit: { fr: "€" } };
    expect(fieldText(year, "2014", "fr")).toBe("2014");
    expect(fieldText(amount, "15 000 €", "fr")).toBe("15\u202f000 €");
  });
});
