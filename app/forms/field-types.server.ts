// The closed family of field types (ADR 004). Each member knows how to read itself from a posted
// form, check itself and print itself; rendering lives in ui (FormFieldView.tsx), keyed the same way.
// Values are stored as typed, even when invalid, so nothing a person wrote is ever dropped.
import type {
  Answers,
  Field,
  FieldType,
  GroupableField,
  ChoiceField,
  MultiChoiceField,
} from "./definition";
import { localized } from "./definition";
import { parseNumber } from "./numbers";
export { parseNumber };
import { personCount } from "./limits";
import { checkRna, checkSiren, checkSiret, formatSiren, formatSiret } from "./identifiers";
import { communeByCode, communeLabel, departementByCode, findCommunes, regionByCode } from "./territory.server";
import { isCivilDate, formatParisDate, addDays, parisToday } from "../lib/paris-time";
import { t, type Locale, type MessageKey } from "../i18n/i18n";

export interface CommuneValue {
  query: string;
  code?: string;
}

/** What a check says about a value: a message key and its variables. */
export interface FieldProblem {
  key: MessageKey;
  vars?: Record<string, string | number | undefined>;
}

export interface CheckContext {
  locale: Locale;
  /** Number of files attached to the field (files fields only). */
  attachmentCount?: number;
  now?: Date;
}

interface FieldTypeImpl<F extends Field> {
  /** Reads the posted value; undefined means "nothing posted for this field". */
  read(form: FormData, name: string, field: F): unknown;
  isEmpty(value: unknown, ctx: CheckContext): boolean;
  /** Format problems of a non-empty value (required-ness is checked by the engine). */
  check(value: unknown, field: F, ctx: CheckContext): FieldProblem | null;
  toText(value: unknown, field: F, locale: Locale): string;
}

type Registry = { [K in FieldType]: FieldTypeImpl<Extract<Field, { type: K }>> };

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.replace(/\r\n/g, "\n") : undefined;
};
const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const asString = (v: unknown) => (typeof v === "string" ? v : "");
/** Characters as the person counts them, not bytes: « é » counts one (a lesson from démarches-simplifiées). */
export const charCount = personCount;

function plainText<F extends Field>(checker?: (v: string, f: F) => FieldProblem | null): FieldTypeImpl<F> {
  return {
    read: (form, name) => str(form, name),
    isEmpty: blank,
    check: (v, f) => {
      const s = asString(v);
      const max = (f as { maxLength?: number }).maxLength;
      if (max && charCount(s) > max) return { key: "field.tooLong", vars: { max, count: charCount(s) } };
      return checker ? checker(s.trim(), f) : null;
    },
    toText: (v) => asString(v).trim(),
  };
}

function optionLabel(field: ChoiceField | MultiChoiceField, value: string, locale: Locale) {
  const o = field.options.find((x) => x.value === value);
  return o ? localized(o.label, locale) : value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
// Separators are free: overseas numbers are often written « 0262 12 34 56 ».
const PHONE_FR = /^(?:\+33|0033|0)[1-9]\d{8}$/;
const PHONE_INTL = /^\+\d{7,15}$/;
const phoneDigits = (s: string) => s.replace(/[\s.\-()\u00a0]/g, "").replace(/^\+33\(0\)/, "+33");

const groupable: { [K in GroupableField["type"]]: FieldTypeImpl<Extract<GroupableField, { type: K }>> } = {
  text: plainText(),
  longtext: plainText(),
  email: plainText((s) => (EMAIL.test(s) ? null : { key: "field.email" })),
  phone: plainText((s) => (PHONE_FR.test(phoneDigits(s)) || PHONE_INTL.test(phoneDigits(s)) ? null : { key: "field.phone" })),
  siren: {
    ...plainText((s) => {
      const r = checkSiren(s);
      return r.ok ? null : { key: r.reason === "format" ? "field.siren.format" : "field.siren.checksum" };
    }),
    toText: (v) => {
      const r = checkSiren(asString(v));
      return r.ok ? formatSiren(r.value) : asString(v);
    },
  },
  siret: {
    ...plainText((s) => {
      const r = checkSiret(s);
      return r.ok ? null : { key: r.reason === "format" ? "field.siret.format" : "field.siret.checksum" };
    }),
    toText: (v) => {
      const r = checkSiret(asString(v));
      return r.ok ? formatSiret(r.value) : asString(v);
    },
  },
  rna: {
    ...plainText((s) => (checkRna(s).ok ? null : { key: "field.rna.format" })),
    toText: (v) => {
      const r = checkRna(asString(v));
      return r.ok ? r.value : asString(v);
    },
  },
  yesno: {
    read: (form, name) => {
      const v = str(form, name);
      return v === "yes" || v === "no" ? v : v === undefined ? undefined : "";
    },
    isEmpty: (v) => v !== "yes" && v !== "no",
    check: () => null,
    toText: (v, _f, locale) => (v === "yes" ? t(locale, "common.yes") : v === "no" ? t(locale, "common.no") : ""),
  },
  choice: {
    read: (form, name) => str(form, name),
    isEmpty: blank,
    check: (v, f) => (f.options.some((o) => o.value === v) ? null : { key: "field.choice" }),
    toText: (v, f, locale) => (blank(v) ? "" : optionLabel(f, asString(v), locale)),
  },
  multichoice: {
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
  },
  number: {
    read: (form, name) => str(form, name),
    isEmpty: blank,
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
      return `${f.year ? String(n) : new Intl.NumberFormat(locale === "en" ? "en-GB" : "fr-FR").format(n)}${unit}`;
    },
  },
  date: {
    read: (form, name, f) => {
      const direct = str(form, name);
      if (direct !== undefined || f.precision !== "month") return direct;
      // Month precision is rendered as two selects (month, year): no browser support needed.
      const month = str(form, `${name}.month`);
      const year = str(form, `${name}.year`);
      if (month === undefined && year === undefined) return undefined;
      return month || year ? `${year ?? ""}-${month ?? ""}` : "";
    },
    isEmpty: blank,
    check: (v, f, ctx) => {
      const s = asString(v).trim();
      const ok = f.precision === "month" ? /^\d{4}-(0[1-9]|1[0-2])$/.test(s) : isCivilDate(s);
      if (!ok) return { key: f.precision === "month" ? "field.month" : "field.date" };
      const cmp = s;
      if (f.min && cmp < f.min.slice(0, cmp.length)) return { key: "field.date.min", vars: { min: f.min } };
      if (f.max && cmp > f.max.slice(0, cmp.length)) return { key: "field.date.max", vars: { max: f.max } };
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
        return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", { month: "long", year: "numeric", timeZone: "UTC" }).format(
          new Date(`${s}-01T12:00:00Z`),
        );
      }
      return isCivilDate(s) ? formatParisDate(s, locale) : s;
    },
  },
  region: {
    read: (form, name) => str(form, name),
    isEmpty: blank,
    check: (v) => (regionByCode(asString(v)) ? null : { key: "field.region" }),
    toText: (v) => regionByCode(asString(v))?.nom ?? asString(v),
  },
  departement: {
    read: (form, name) => str(form, name),
    isEmpty: blank,
    check: (v) => (departementByCode(asString(v)) ? null : { key: "field.departement" }),
    toText: (v) => {
      const d = departementByCode(asString(v));
      return d ? `${d.nom} (${d.code})` : asString(v);
    },
  },
  commune: {
    read: (form, name) => {
      const query = str(form, name);
      if (query === undefined) return undefined;
      const chosen = str(form, `${name}.code`);
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
    isEmpty: (v) => blank((v as CommuneValue | undefined)?.query),
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
  },
};

export const fieldTypes: Registry = {
  ...groupable,
  files: {
    read: () => undefined, // files arrive through the upload path, never as answers
    isEmpty: (_v, ctx) => (ctx.attachmentCount ?? 0) === 0,
    check: (_v, f, ctx) =>
      f.maxFiles && (ctx.attachmentCount ?? 0) > f.maxFiles ? { key: "field.files.max", vars: { max: f.maxFiles } } : null,
    toText: () => "",
  },
  group: {
    read: (form, name, field) => {
      const countRaw = str(form, `${name}.count`);
      if (countRaw === undefined) return undefined;
      const count = Math.min(Math.max(Number(countRaw) || 0, 0), field.maxItems ?? 200);
      const removed = new Set(form.getAll(`${name}.remove`).map(String));
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < count; i++) {
        if (removed.has(String(i))) continue;
        const item: Record<string, unknown> = {};
        for (const sub of field.fields) {
          const v = (groupable[sub.type] as FieldTypeImpl<GroupableField>).read(form, `${name}.${i}.${sub.key}`, sub);
          if (v !== undefined) item[sub.key] = v;
        }
        // Rows left entirely blank are not kept.
        const filled = field.fields.some(
          (sub) => !(groupable[sub.type] as FieldTypeImpl<GroupableField>).isEmpty(item[sub.key], { locale: "fr" }),
        );
        if (filled) items.push(item);
      }
      return items;
    },
    isEmpty: (v) => !Array.isArray(v) || v.length === 0,
    check: (v, field, ctx) => {
      const items = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      if (field.minItems && items.length < field.minItems) return { key: "field.group.min", vars: { min: field.minItems } };
      for (let i = 0; i < items.length; i++) {
        for (const sub of field.fields) {
          const impl = groupable[sub.type] as FieldTypeImpl<GroupableField>;
          const value = items[i][sub.key];
          if (impl.isEmpty(value, ctx)) {
            if (sub.required) return { key: "field.group.itemRequired", vars: { row: i + 1, label: localized(sub.label, ctx.locale) } };
            continue;
          }
          const problem = impl.check(value, sub, ctx);
          if (problem) {
            return {
              key: "field.group.itemProblem",
              vars: { row: i + 1, label: localized(sub.label, ctx.locale), problem: t(ctx.locale, problem.key, problem.vars) },
            };
          }
        }
      }
      return null;
    },
    toText: (v, field, locale) => {
      const items = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      return items
        .map((item, i) => {
          const parts = field.fields
            .map((sub) => {
              const text = (groupable[sub.type] as FieldTypeImpl<GroupableField>).toText(item[sub.key], sub, locale);
              return text ? `${localized(sub.label, locale)} : ${text}` : "";
            })
            .filter(Boolean);
          return `${localized(field.itemLabel, locale)} ${i + 1} — ${parts.join(" ; ")}`;
        })
        .join("\n");
    },
  },
};

export function fieldImpl<F extends Field>(field: F): FieldTypeImpl<F> {
  return fieldTypes[field.type] as unknown as FieldTypeImpl<F>;
}

export function readField(form: FormData, field: Field): unknown {
  return fieldImpl(field).read(form, `f.${field.key}`, field);
}

export function fieldText(field: Field, value: unknown, locale: Locale): string {
  return fieldImpl(field).toText(value, field, locale);
}

export function problemText(problem: FieldProblem, locale: Locale): string {
  return t(locale, problem.key, problem.vars);
}

export type { Answers };
