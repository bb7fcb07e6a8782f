// One schema per input (issue 13): a page's action reads its posted form through a zod schema and gets
// either typed values or one message per field, for the error summary and the fields themselves (as the
// Epic Stack does with Conform's parseWithZod). Messages in schemas are message keys, translated here, so
// one schema serves French and English pages and the API alike.
import { z } from "zod";
import { t, type Locale, type MessageKey } from "../i18n/i18n";

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

const isMessageKey = (s: string): s is MessageKey => /^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)+$/.test(s);

/** The posted form as plain values: a field the schema reads as a list gets every value, others their last one. */
export function formValues(form: FormData, schema: z.ZodObject): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, def] of Object.entries(schema.shape)) {
    const inner =
      (def as z.ZodType) instanceof z.ZodOptional || (def as z.ZodType) instanceof z.ZodDefault
        ? (def as z.ZodOptional<z.ZodType>).unwrap()
        : (def as z.ZodType);
    const all = form.getAll(name).filter((v): v is string => typeof v === "string");
    if (inner instanceof z.ZodArray) out[name] = all;
    else if (all.length) out[name] = all[all.length - 1];
  }
  return out;
}

export function parseForm<S extends z.ZodObject>(form: FormData, schema: S, locale: Locale): Parsed<z.infer<S>> {
  const values = formValues(form, schema);
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const name = String(issue.path[0] ?? "form");
    if (errors[name]) continue;
    errors[name] = isMessageKey(issue.message) ? t(locale, issue.message) : t(locale, "form.invalidValue");
  }
  return { ok: false, errors, values };
}
