// The studio's pure parts (issue 10): editing a form keeps keys and loses nothing; every problem before
// publishing is named; options and columns keep their values when renamed.
import { describe, expect, it } from "vitest";
import type { ExplanationItem, FormDefinition } from "../../forms/definition";
import { checkCall } from "./call-checks";
import { addQuestion, keyFromLabel, moveItem, reorder } from "./form-editing";
import { compareForms, mergedDefinition } from "./form-versions";
import { columnsFrom, explanationFrom, optionsFrom, timelineFrom } from "./studio-forms";
import { blankCall } from "./studio.server";

const form = (): FormDefinition => ({
  version: 1,
  sections: [
    {
      key: "a",
      title: { fr: "A" },
      items: [
        { type: "text", key: "nom", label: { fr: "Nom" }, meaning: "applicantName" },
        { type: "yesno", key: "oui", label: { fr: "Oui ?" } },
      ],
    },
    { key: "b", title: { fr: "B" }, items: [{ type: "longtext", key: "texte", label: { fr: "Texte" } }] },
  ],
});

describe("editing a form", () => {
  it("makes keys from labels, unique, stable", () => {
    expect(keyFromLabel("Montant demandé (€)", new Set())).toBe("montant_demande");
    expect(keyFromLabel("Montant demandé", new Set(["montant_demande"]))).toBe("montant_demande_2");
    expect(keyFromLabel("2025 ?", new Set())).toBe("q_2025");
    expect(addQuestion(form(), "a", "money", "Nom").key).toBe("nom_2");
  });
  it("adds a block of explanation, named as a problem until it has a text", () => {
    const { form: f, key } = addQuestion(form(), "b", "explanation", "Avant de répondre");
    expect(f.sections[1].items.at(-1)).toEqual({ type: "explanation", key, title: { fr: "Avant de répondre" }, body: { fr: "" } });
    const base = blankCall("Appel", { name: "Org", email: "org@example.org" }, "2027-01-10");
    const call = {
      ...base,
      form: f,
      content: {
        ...base.content,
        presentation: { fr: "P" },
        organiser: "O",
        criteria: [{ key: "c", label: { fr: "C" }, description: { fr: "" }, scale: { min: 0, max: 4 } }],
      },
    };
    expect(checkCall(call).map((p) => p.key)).toEqual(["studio.check.explanationEmpty"]);
    const filled = explanationFrom(
      { "label.fr": "Avant de répondre", "body.fr": "Lisez le règlement.", "body.en": "Read the rules." },
      f.sections[1].items.at(-1) as ExplanationItem,
      f,
    );
    expect(filled).toEqual({
      type: "explanation",
      key,
      title: { fr: "Avant de répondre" },
      body: { fr: "Lisez le règlement.", en: "Read the rules." },
      showIf: undefined,
    });
  });
  it("moves a question across parts and reorders from a dragged order without losing any", () => {
    const moved = moveItem(form(), "texte", -1);
    expect(moved.sections.map((s) => s.items.map((i) => i.key))).toEqual([["nom", "oui", "texte"], []]);
    const forged = reorder(form(), ["section:b", "item:nom", "item:ghost", "section:a", "item:nom"]);
    expect(forged.sections.map((s) => [s.key, s.items.map((i) => i.key)])).toEqual([
      ["b", ["nom", "texte"]],
      ["a", ["oui"]],
    ]);
  });
});

describe("checks before publishing", () => {
  const base = blankCall("Appel", { name: "Org", email: "org@example.org" }, "2027-01-10");
  const ok = {
    ...base,
    content: {
      ...base.content,
      presentation: { fr: "Un appel." },
      organiser: "Org",
      criteria: [{ key: "c", label: { fr: "C" }, description: { fr: "" }, scale: { min: 0, max: 4 } }],
    },
  };
  it("passes a complete call", () => {
    expect(checkCall(ok)).toEqual([]);
  });
  it("names conditions that point nowhere or can never hold, and a required question they hide", () => {
    const f = form();
    f.sections[1].items[0] = {
      type: "longtext",
      key: "texte",
      label: { fr: "Texte" },
      required: true,
      showIf: { field: "oui", equals: "peut-être" },
    };
    f.sections[0].items.push({ type: "text", key: "x", label: { fr: "X" }, showIf: { field: "absente", equals: "yes" } });
    const keys = checkCall({ ...ok, form: f }).map((p) => p.key);
    expect(keys).toEqual(
      expect.arrayContaining(["studio.check.conditionNever", "studio.check.requiredHidden", "studio.check.conditionNowhere"]),
    );
  });
  it("names a meaning given twice or on the wrong type, and a deadline before opening", () => {
    const f = form();
    f.sections[1].items.push({ type: "text", key: "autre_nom", label: { fr: "Autre nom" }, meaning: "applicantName" });
    f.sections[1].items.push({ type: "longtext", key: "montant", label: { fr: "Montant" }, meaning: "amountRequested" });
    const problems = checkCall({ ...ok, form: f, timeline: { ...ok.timeline, deadline: "2027-01-01" } });
    expect(problems.map((p) => p.key)).toEqual(
      expect.arrayContaining(["studio.check.meaningTwice", "studio.check.meaningType", "studio.check.deadlineBeforeOpening"]),
    );
    expect(problems.find((p) => p.key === "studio.check.meaningTwice")).toMatchObject({
      area: "form",
      target: "autre_nom",
      vars: { other: "Nom" },
    });
  });
});

describe("studio forms", () => {
  it("keep an option's value when it is renamed in place, and give new ones their own", () => {
    const existing = [
      { value: "asso", label: { fr: "Association" } },
      { value: "coop", label: { fr: "Coopérative" } },
    ];
    expect(optionsFrom("Association loi 1901\nCoopérative\nCollectivité | Local authority", existing)).toEqual([
      { value: "asso", label: { fr: "Association loi 1901" } },
      { value: "coop", label: { fr: "Coopérative" } },
      { value: "collectivite", label: { fr: "Collectivité", en: "Local authority" } },
    ]);
  });
  it("read table columns with their type, total and required flags", () => {
    expect(columnsFrom("Poste ; texte ; obligatoire\nDépenses | Expenses ; montant ; total", [])).toEqual([
      { key: "poste", label: { fr: "Poste" }, type: "text", required: true },
      { key: "depenses", label: { fr: "Dépenses", en: "Expenses" }, type: "money", total: true },
    ]);
  });
  it("read the deadline's time: end of day, noon or another time", () => {
    const f = (entries: Record<string, string>) => entries;
    const tl = blankCall("x", { name: "", email: "" }, "2027-01-01").timeline;
    expect(
      timelineFrom(f({ opens: "2027-01-01", deadline: "2027-02-01", answers: "2027-03-01", deadlineChoice: "endOfDay" }), tl).deadlineTime,
    ).toBe("23:59");
    expect(timelineFrom(f({ deadlineChoice: "noon" }), tl).deadlineTime).toBe("12:00");
    expect(timelineFrom(f({ deadlineChoice: "other", deadlineTime: "17 h 30" }), tl).deadlineTime).toBe("17:30");
  });
});

describe("form versions", () => {
  it("refuses a type change and an option a draft chose, allows the rest", () => {
    const old: FormDefinition = {
      version: 1,
      sections: [
        {
          key: "s",
          title: { fr: "S" },
          items: [
            {
              type: "choice",
              key: "c",
              label: { fr: "C" },
              options: [
                { value: "a", label: { fr: "A" } },
                { value: "b", label: { fr: "B" } },
              ],
            },
            { type: "number", key: "n", label: { fr: "N" } },
          ],
        },
      ],
    };
    const next: FormDefinition = {
      version: 1,
      sections: [
        {
          key: "s",
          title: { fr: "S" },
          items: [
            { type: "choice", key: "c", label: { fr: "C renommé" }, options: [{ value: "a", label: { fr: "A" } }] },
            { type: "text", key: "n", label: { fr: "N" } },
            { type: "text", key: "new", label: { fr: "Nouveau" }, required: true },
          ],
        },
      ],
    };
    const change = compareForms(old, next, [{ c: "b" }]);
    expect(change.added.map((f) => f.key)).toEqual(["new"]);
    expect(change.unsafe.map((u) => u.key).sort()).toEqual(["studio.version.optionInUse", "studio.version.typeChanged"]);
    expect(compareForms(old, { ...old, sections: [{ ...old.sections[0], title: { fr: "Renommée" } }] }, [{ c: "b" }]).unsafe).toEqual([]);
  });
  it("merges versions for exports: the latest's questions, then the removed ones", () => {
    const v1: FormDefinition = {
      version: 1,
      sections: [
        {
          key: "s",
          title: { fr: "S" },
          items: [
            { type: "text", key: "a", label: { fr: "A" } },
            { type: "text", key: "old", label: { fr: "Ancienne" } },
          ],
        },
      ],
    };
    const v2: FormDefinition = {
      version: 2,
      sections: [
        {
          key: "s",
          title: { fr: "S" },
          items: [
            { type: "text", key: "a", label: { fr: "A" } },
            { type: "text", key: "b", label: { fr: "B" } },
          ],
        },
      ],
    };
    const merged = mergedDefinition([v1, v2], "Questions retirées");
    expect(merged.sections.map((s) => [s.title.fr, s.items.map((i) => i.key)])).toEqual([
      ["S", ["a", "b"]],
      ["Questions retirées", ["old"]],
    ]);
  });
});
