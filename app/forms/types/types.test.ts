// The types added with the family (issue 10): money, web address, a table with totals and a rule between
// them, files with accepted kinds; and the registries cover every type of the union.
import { describe, expect, it } from "vitest";
import type { Field, FieldType } from "../definition";
import { fieldImpl, fieldText, readField, fieldExportColumns } from "../field-types.server";
import { fieldLogic } from "./registry.server";
import { fieldViews } from "./views";
import { tableTotals, brokenRule } from "./table/totals";
import { kindAllows, acceptAttribute } from "./files/kinds";
import { normaliseWebAddress } from "./url/address";
import type { TableField } from "./table/definition";
import { plain } from "../../../tests/support/text";

const ctx = { locale: "fr" as const };
const check = (field: Field, value: unknown) => fieldImpl(field).check(value, field, ctx);
const fd = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

const budget: TableField = {
  type: "table",
  key: "budget",
  label: { fr: "Budget prévisionnel" },
  columns: [
    { key: "item", label: { fr: "Poste" }, type: "text", required: true },
    { key: "expense", label: { fr: "Dépenses" }, type: "money", total: true },
    { key: "resource", label: { fr: "Ressources" }, type: "money", total: true },
  ],
  rules: [{ left: "resource", op: "equal", right: "expense" }],
};

describe("money", () => {
  const f: Field = { type: "money", key: "m", label: { fr: "Montant" }, max: 50_000 };
  it("reads amounts as people type them, « 15 000 € » included", () => {
    for (const typed of ["15000", "15 000", "15 000 €", "15\u202f000\u00a0€", "15000,00", "15 000 euros"])
      expect(check(f, typed), typed).toBeNull();
    expect(plain(fieldText(f, "15000", "fr"))).toBe("15 000 €");
    expect(plain(fieldText(f, "1234,5", "fr"))).toBe("1 234,50 €");
    expect(fieldText(f, "15000", "en")).toBe("€15,000");
  });
  it("refuses what is not an amount, negative amounts, fractions of a cent and amounts over the maximum", () => {
    expect(check(f, "quinze mille")?.key).toBe("field.money");
    expect(check(f, "-5")?.key).toBe("field.money.min");
    expect(check(f, "12,345")?.key).toBe("field.money");
    expect(check(f, "60 000 €")).toEqual({ key: "field.money.max", vars: { max: expect.stringContaining("50") } });
    expect(check({ ...f, wholeEuros: true } as Field, "10,50")?.key).toBe("field.money.whole");
  });
});

describe("web address", () => {
  it("accepts what people type and prints it with its scheme", () => {
    expect(normaliseWebAddress("www.coorace.org")).toBe("https://www.coorace.org");
    expect(normaliseWebAddress("http://labo-ess.org/ptce")).toBe("http://labo-ess.org/ptce");
    expect(normaliseWebAddress("coorace")).toBeNull();
    expect(normaliseWebAddress("javascript:alert(1)")).toBeNull();
    expect(normaliseWebAddress("ftp://example.org")).toBeNull();
    expect(normaliseWebAddress("www.exemple fr")).toBeNull();
    const f: Field = { type: "url", key: "u", label: { fr: "Site" } };
    expect(check(f, "www.coorace.org")).toBeNull();
    expect(check(f, "pas une adresse")?.key).toBe("field.url");
    expect(fieldText(f, "www.coorace.org", "fr")).toBe("https://www.coorace.org");
  });
});

describe("table with totals", () => {
  const posted = fd([
    ["f.budget.count", "4"],
    ["f.budget.0.item", "Salaires"],
    ["f.budget.0.expense", "12 000 €"],
    ["f.budget.1.item", "Subvention demandée"],
    ["f.budget.1.resource", "8 000"],
    ["f.budget.2.item", "Fonds propres"],
    ["f.budget.2.resource", "4000,00"],
    ["f.budget.3.item", ""],
  ]);
  it("reads rows, drops blank ones and removed ones, keeps what was typed", () => {
    const rows = readField(posted, budget) as Record<string, string>[];
    expect(rows).toEqual([
      { item: "Salaires", expense: "12 000 €" },
      { item: "Subvention demandée", resource: "8 000" },
      { item: "Fonds propres", resource: "4000,00" },
    ]);
    posted.append("f.budget.remove", "1");
    expect((readField(posted, budget) as unknown[]).length).toBe(2);
  });
  it("computes totals in cents and checks the rule between them", () => {
    const rows = [
      { item: "A", expense: "0,10" },
      { item: "B", expense: "0,20" },
      { item: "C", resource: "0,30" },
    ];
    expect(tableTotals(budget, rows)).toEqual({ expense: 0.3, resource: 0.3 });
    expect(brokenRule(budget, tableTotals(budget, rows))).toBeNull();
    expect(check(budget, rows)).toBeNull();
    const unbalanced = [...rows, { item: "D", resource: "100" }];
    const problem = check(budget, unbalanced);
    expect(problem?.key).toBe("field.table.rule.equal");
    expect(plain(String(problem?.vars?.leftTotal))).toBe("100,30 €");
    expect(plain(String(problem?.vars?.rightTotal))).toBe("0,30 €");
  });
  it("names the row and column of a bad or missing cell", () => {
    expect(check(budget, [{ item: "A", expense: "douze" }])).toMatchObject({
      key: "field.group.itemProblem",
      vars: { row: 1, label: "Dépenses" },
    });
    expect(check(budget, [{ expense: "12", resource: "12" }])).toMatchObject({
      key: "field.group.itemRequired",
      vars: { row: 1, label: "Poste" },
    });
  });
  it("prints rows and totals, and exports each cell and each total as numbers", () => {
    const rows = [
      { item: "Salaires", expense: "12 000" },
      { item: "Subvention", resource: "12000" },
    ];
    const text = plain(fieldText(budget, rows, "fr"));
    expect(text).toContain("Ligne 1 — Poste : Salaires ; Dépenses : 12 000 €");
    expect(text).toContain("Total — Dépenses : 12 000 € ; Ressources : 12 000 €");
    const cols = fieldExportColumns(budget, "Budget — Budget prévisionnel", "fr", 2);
    expect(cols.map((c) => c.header)).toEqual([
      "Budget — Budget prévisionnel — Ligne 1 — Poste",
      "Budget — Budget prévisionnel — Ligne 1 — Dépenses",
      "Budget — Budget prévisionnel — Ligne 1 — Ressources",
      "Budget — Budget prévisionnel — Ligne 2 — Poste",
      "Budget — Budget prévisionnel — Ligne 2 — Dépenses",
      "Budget — Budget prévisionnel — Ligne 2 — Ressources",
      "Budget — Budget prévisionnel — Total — Dépenses",
      "Budget — Budget prévisionnel — Total — Ressources",
    ]);
    const values = cols.map((c) => c.column.value(rows, { attachments: [] }));
    expect(values).toEqual(["Salaires", 12000, "", "Subvention", "", 12000, 12000, 12000]);
  });
});

describe("files with accepted kinds", () => {
  it("accepts by detected content type and says so in the picker", () => {
    expect(kindAllows(["pdf"], "application/pdf")).toBe(true);
    expect(kindAllows(["pdf"], "image/png")).toBe(false);
    expect(kindAllows(undefined, "image/png")).toBe(true);
    expect(acceptAttribute(["pdf", "image"])).toBe(".pdf,.jpg,.jpeg,.png");
  });
});

describe("the family's registries", () => {
  it("give every type of the union its logic and its view", () => {
    // The mapped types make a missing entry a compile error; this checks the objects agree at run time too.
    const types = Object.keys(fieldLogic).sort() as FieldType[];
    expect(Object.keys(fieldViews).sort()).toEqual(types);
    expect(types).toEqual([
      "choice",
      "commune",
      "date",
      "departement",
      "email",
      "files",
      "group",
      "longtext",
      "money",
      "multichoice",
      "number",
      "phone",
      "region",
      "rna",
      "siren",
      "siret",
      "table",
      "text",
      "url",
      "yesno",
    ]);
    for (const type of types) {
      expect(typeof fieldLogic[type].check, type).toBe("function");
      expect(typeof fieldViews[type].Control, type).toBe("function");
    }
  });
});
