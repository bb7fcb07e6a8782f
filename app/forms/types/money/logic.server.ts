import type { MoneyField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, nullable } from "../contract";
import { formatEuros, parseEuros } from "./amount";

export const moneyLogic: FieldTypeLogic<MoneyField> = {
  read: (form, name) => readString(form, name),
  isEmpty: isBlank,
  check: (v, f, ctx) => {
    const n = parseEuros(asString(v));
    if (n === null) return { key: "field.money" };
    if (f.wholeEuros && !Number.isInteger(n)) return { key: "field.money.whole" };
    if (!Number.isInteger(Math.round(n * 100 * 1000) / 1000)) return { key: "field.money" }; // no fractions of a cent
    const min = f.min ?? 0;
    if (n < min) return { key: "field.money.min", vars: { min: formatEuros(min, ctx.locale) } };
    if (f.max !== undefined && n > f.max) return { key: "field.money.max", vars: { max: formatEuros(f.max, ctx.locale) } };
    return null;
  },
  toText: (v, _f, locale) => {
    const n = parseEuros(asString(v));
    return n === null ? asString(v).trim() : formatEuros(n, locale);
  },
  toData: (v) => (isBlank(v) ? null : parseEuros(asString(v))),
  dataSchema: () => nullable({ type: "number", description: "Montant en euros" }),
};
