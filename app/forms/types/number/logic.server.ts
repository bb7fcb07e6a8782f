import type { NumberField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, nullable } from "../contract";
import { localized } from "../../definition";
import { parseNumber } from "../../numbers";
import { numberFormat } from "../shared.server";

export const numberLogic: FieldTypeLogic<NumberField> = {
  read: (form, name) => readString(form, name),
  isEmpty: isBlank,
  check: (v, f) => {
    const n = parseNumber(asString(v));
    if (n === null) return { key: "field.number" };
    if (f.integer && !Number.isInteger(n)) return { key: "field.integer" };
    if (f.min !== undefined && n < f.min) return { key: "field.number.min", vars: { min: f.min } };
    if (f.max !== undefined && n > f.max) return { key: "field.number.max", vars: { max: f.max } };
    return null;
  },
  toText: (v, f, locale) => {
    const n = parseNumber(asString(v));
    const unit = f.unit ? ` ${localized(f.unit, locale)}` : "";
    if (n === null) return asString(v);
    // A year is never « 2 014 »; other numbers in the reader's convention (« 15 000 »).
    return `${f.year ? String(n) : numberFormat(locale).format(n)}${unit}`;
  },
  toData: (v) => (isBlank(v) ? null : parseNumber(asString(v))),
  dataSchema: (f) => nullable({ type: f.integer ? "integer" : "number" }),
};
