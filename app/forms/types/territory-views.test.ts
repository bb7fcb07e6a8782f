// The region and department pickers of a dossier's form (issue 11): their options come with the page's
// code (territory-lists.ts), no longer with each page's data. Rendered as the server renders them.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { FieldView } from "../../ui/form-field";
import type { Field } from "../definition";
import { DEPARTEMENTS, REGIONS } from "../territory-lists";

function render(field: Field, value: string) {
  const Stub = createRoutesStub([
    {
      path: "/",
      Component: () =>
        createElement(FieldView, {
          field,
          value,
          version: 1,
          readOnly: false,
          attachments: [],
          dossierId: "d1",
          maxFileMb: 10,
          hidden: false,
          extraRow: false,
        }),
    },
  ]);
  const html = renderToString(createElement(Stub, { initialEntries: ["/"] }));
  return [...html.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1],
    selected: !!m[2],
    label: m[3],
  }));
}

describe("the territory pickers", () => {
  it("offer every current region, the answer chosen", () => {
    const options = render({ key: "region", type: "region", label: { fr: "Région" } }, "53");
    expect(options).toHaveLength(1 + REGIONS.length);
    expect(options[0].value).toBe("");
    expect(options.filter((o) => o.selected)).toEqual([{ value: "53", selected: true, label: "Bretagne" }]);
    // Overseas collectivities (COM) are not regions to choose from.
    expect(options.some((o) => o.value === "975")).toBe(false);
  });

  it("offer every current department by its code and name, the answer chosen", () => {
    const options = render({ key: "dep", type: "departement", label: { fr: "Département" } }, "29");
    expect(options).toHaveLength(1 + DEPARTEMENTS.length);
    expect(options.filter((o) => o.selected)).toEqual([{ value: "29", selected: true, label: "29 — Finistère" }]);
    expect(options).toContainEqual({ value: "971", selected: false, label: "971 — Guadeloupe" });
    expect(options.some((o) => o.value === "975")).toBe(false);
  });
});
