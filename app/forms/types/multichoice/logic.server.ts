import type { MultiChoiceField } from "./definition";
import { type FieldTypeLogic } from "../contract";
import { optionLabel } from "../shared.server";

export const multichoiceLogic: FieldTypeLogic<MultiChoiceField> = {
  read: (form, name) => form.getAll(name).filter((x): x is string => typeof x === "string" && x !== ""),
  isEmpty: (v) => !Array.isArray(v) || v.length === 0,
  check: (v, f) => {
    const values = Array.isArray(v) ? (v as string[]) : [];
    if (values.some((x) => !f.options.some((o) => o.value === x))) return { key: "field.choice" };
    if (f.maxSelected && values.length > f.maxSelected) return { key: "field.multichoice.max", vars: { max: f.maxSelected } };
    if (f.minSelected && values.length < f.minSelected) return { key: "field.multichoice.min", vars: { min: f.minSelected } };
    return null;
  },
  toText: (v, f, locale) => (Array.isArray(v) ? v.map((x) => optionLabel(f, String(x), locale)).join(", ") : ""),
  toData: (v) => (Array.isArray(v) ? v.map(String) : []),
  dataSchema: (f) => ({ type: "array", items: { type: "string", enum: f.options.map((o) => o.value) } }),
};
