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
export function formValues(
  form: FormData,
  schema: z.ZodObject,
  prefix: string | ((key: string) => string) = "",
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, def] of Object.entries(schema.shape)) {
    const name = typeof prefix === "function" ? prefix(key) : `${prefix}${key}`;
    const inner =
      (def as z.ZodType) instanceof z.ZodOptional || (def as z.ZodType) instanceof z.ZodDefault
        ? (def as z.ZodOptional<z.ZodType>).unwrap()
        : (def as z.ZodType);
    const all = form.getAll(name).filter((v): v is string => typeof v === "string");
    if (inner instanceof z.ZodArray) out[key] = all;
    else if (all.length) out[key] = all[all.length - 1];
  }
  return out;
}

/** Shapes shared by many forms: a text field absent from the post reads as "", a number left empty as NaN (the domain says what is wrong). */
export const text = (max = 20000) => z.string().max(max, "form.tooLong").default("");
export const trimmed = (max = 20000) => z.string().trim().max(max, "form.tooLong").default("");
export const numberOrNaN = z
  .string()
  .default("")
  .transform((s) => Number(s.trim() || NaN));

/**
 * Parses a posted form with its schema. `messages` replaces the message of a field whose text needs
 * variables (« Motif : obligatoire »).
 */
export function parseForm<S extends z.ZodObject>(
  form: FormData,
  schema: S,
  locale: Locale,
  messages: Record<string, string> = {},
): Parsed<z.infer<S>> {
  const values = formValues(form, schema);
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const name = String(issue.path[0] ?? "form");
    if (errors[name]) continue;
    errors[name] = messages[name] ?? (isMessageKey(issue.message) ? t(locale, issue.message) : t(locale, "form.invalidValue"));
  }
  return { ok: false, errors, values };
}

type IntentParsed<M extends Record<string, z.ZodObject>> =
  | ({ ok: true } & { [K in keyof M & string]: { intent: K; value: z.infer<M[K]> } }[keyof M & string])
  | { ok: false; intent: string | null; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * A page with several forms tells them apart by « intent »: each intent has its schema. An unknown intent
 * is an error (ok: false, no field errors) unless a fallback intent is named.
 */
export function parseIntent<M extends Record<string, z.ZodObject>>(
  form: FormData,
  schemas: M,
  locale: Locale,
  options: { fallback?: keyof M & string; messages?: Record<string, string> } = {},
): IntentParsed<M> {
  const given = form.get("intent");
  const intent = typeof given === "string" && Object.hasOwn(schemas, given) ? given : options.fallback;
  if (!intent) return { ok: false, intent: typeof given === "string" ? given : null, errors: {}, values: {} };
  const parsed = parseForm(form, schemas[intent], locale, options.messages);
  if (!parsed.ok) return { ok: false, intent, errors: parsed.errors, values: parsed.values };
  return { ok: true, intent, value: parsed.value } as IntentParsed<M>;
}

/** A checkbox: true when posted with its value (« yes » for most of ours, « on » for a box without one). */
export const checkbox = (value = "yes") =>
  z
    .string()
    .optional()
    .transform((v) => v === value);

/** An id posted by a form (hidden input): at most 64 characters, "" when absent (then « not found »). */
export const postedId = z.string().max(64).default("");

/**
 * One row of a form that repeats its fields under a prefix (« v0.title », « v1.title »…), read with a
 * schema that accepts any text (every field a string with a default): what is wrong with the values is the
 * domain's to say, with its message. Never throws: a row it cannot read reads as empty.
 */
export function parseRow<S extends z.ZodObject>(form: FormData, schema: S, prefix: string): z.infer<S> {
  const r = schema.safeParse(formValues(form, schema, prefix));
  return r.success ? r.data : schema.parse({});
}

const IntentField = z.object({ intent: z.string().max(300, "form.tooLong").default("") });

/**
 * Which button was pressed (« intent »), or the fallback. For pages whose intents carry a value
 * (« addRow:members », « removeFile:… ») and are told apart by the page, not by a schema per intent.
 */
export function readIntent(form: FormData, fallback = ""): string {
  const r = IntentField.safeParse(formValues(form, IntentField));
  return (r.success ? r.data.intent : "") || fallback;
}

/** The non-empty files posted under a name (a browser posts an empty part for a file input left alone). */
export function postedFiles(form: FormData, name: string): File[] {
  return form.getAll(name).filter((v): v is File => typeof v !== "string" && v.size > 0);
}

/** A row whose fields are named after the row (« decision.<id> », « reasons.<id> »), read through its schema. */
export function safeParseNamed<S extends z.ZodObject>(form: FormData, schema: S, nameOf: (key: string) => string) {
  return schema.safeParse(formValues(form, schema, nameOf));
}
