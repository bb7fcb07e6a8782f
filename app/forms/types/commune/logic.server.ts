import type { CommuneField, CommuneValue } from "./definition";
import { isBlank, readString, type FieldTypeLogic, nullable } from "../contract";
import { communeByCode, communeLabel, departementByCode, findCommunes, regionByCode } from "../../territory.server";

export const communeLogic: FieldTypeLogic<CommuneField> = {
  read: (form, name) => {
    const query = readString(form, name);
    if (query === undefined) return undefined;
    const chosen = readString(form, `${name}.code`);
    const value: CommuneValue = { query: query.trim() };
    // A choice among homonyms wins; otherwise resolve what was typed when it names one commune.
    if (chosen && communeByCode(chosen)) {
      value.code = chosen;
      value.query = communeLabel(communeByCode(chosen)!);
    } else if (value.query) {
      const found = findCommunes(value.query, 2);
      if (found.length === 1) value.code = found[0].code;
    }
    return value;
  },
  isEmpty: (v) => isBlank((v as CommuneValue | undefined)?.query),
  check: (v) => {
    const c = v as CommuneValue;
    if (c.code && communeByCode(c.code)) return null;
    const found = findCommunes(c.query, 2);
    return { key: found.length > 1 ? "field.commune.ambiguous" : "field.commune.unknown" };
  },
  toText: (v) => {
    const c = v as CommuneValue | undefined;
    if (!c) return "";
    const found = c.code ? communeByCode(c.code) : undefined;
    if (!found) return c.query;
    const dept = departementByCode(found.departement);
    const region = regionByCode(found.region);
    return `${found.nom} — ${dept?.nom ?? found.departement} (${found.departement}), ${region?.nom ?? ""}`;
  },
  toData: (v) => {
    const c = v as CommuneValue | undefined;
    if (!c || isBlank(c.query)) return null;
    const found = c.code ? communeByCode(c.code) : undefined;
    return {
      code: found?.code ?? null,
      name: found?.nom ?? c.query,
      departement: found?.departement ?? null,
      region: found?.region ?? null,
    };
  },
  dataSchema: () =>
    nullable({
      type: "object",
      description: "Commune (codes INSEE) ; code null quand la saisie ne désigne aucune commune connue",
      properties: {
        code: nullable({ type: "string" }),
        name: { type: "string" },
        departement: nullable({ type: "string" }),
        region: nullable({ type: "string" }),
      },
      required: ["code", "name", "departement", "region"],
    }),
};
