import type { DateField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, stringData, stringSchema } from "../contract";
import { addDays, formatMonth, formatParisDate, isCivilDate, parisToday } from "../../../lib/paris-time";

export const dateLogic: FieldTypeLogic<DateField> = {
  read: (form, name, f) => {
    const direct = readString(form, name);
    if (direct !== undefined || f.precision !== "month") return direct;
    // Month precision is rendered as two selects (month, year): no browser support needed.
    const month = readString(form, `${name}.month`);
    const year = readString(form, `${name}.year`);
    if (month === undefined && year === undefined) return undefined;
    return month || year ? `${year ?? ""}-${month ?? ""}` : "";
  },
  isEmpty: isBlank,
  check: (v, f, ctx) => {
    const s = asString(v).trim();
    const ok = f.precision === "month" ? /^\d{4}-(0[1-9]|1[0-2])$/.test(s) : isCivilDate(s);
    if (!ok) return { key: f.precision === "month" ? "field.month" : "field.date" };
    if (f.min && s < f.min.slice(0, s.length)) return { key: "field.date.min", vars: { min: f.min } };
    if (f.max && s > f.max.slice(0, s.length)) return { key: "field.date.max", vars: { max: f.max } };
    if (f.notOlderThanDays !== undefined && f.precision !== "month") {
      const oldest = addDays(parisToday(ctx.now), -f.notOlderThanDays);
      if (s < oldest) return { key: "field.date.tooOld", vars: { days: f.notOlderThanDays } };
      if (s > parisToday(ctx.now)) return { key: "field.date.future" };
    }
    return null;
  },
  toText: (v, f, locale) => {
    const s = asString(v).trim();
    if (f.precision === "month" && /^\d{4}-\d{2}$/.test(s)) {
      return formatMonth(s, locale);
    }
    return isCivilDate(s) ? formatParisDate(s, locale) : s;
  },
  toData: stringData,
  dataSchema: (f) =>
    stringSchema(f.precision === "month" ? { pattern: "^[0-9]{4}-[0-9]{2}$", description: "Mois (AAAA-MM)" } : { format: "date" }),
};
