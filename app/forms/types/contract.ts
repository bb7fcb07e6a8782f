// What every member of the field-type family provides (ADR 004, issue 10). A type lives in its own folder:
//   definition.ts  — the field's shape in a call's form (data, shared by server and browser);
//   logic.server.ts — reading a posted value, emptiness, checks, and its text for PDFs, diffs, search
//                     and exports (the server-side data it needs, e.g. the territory, stays on the server);
//   view.tsx        — the control in the applicant's form (works without JavaScript).
// registry.server.ts and views.tsx map every type to its logic and its view with mapped types: a type
// added to the Field union without both does not compile.
import type { Field, FieldType } from "../definition";
import type { Locale, MessageKey } from "../../i18n/i18n";

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

/** One export column a field contributes (most fields: one; groups and tables: one per cell and total). */
export interface ExportColumn {
  /** Appended to the question's label, e.g. « Ligne 2 — Montant » or « Total des dépenses ». */
  suffix?: string;
  value(answer: unknown, ctx: { attachments: { field_key: string; safe_name: string }[] }): string | number;
}

/** What a field's typed value may need besides the answer (files fields: the dossier's attachments). */
export interface DataContext {
  attachments: { id: string; field_key: string; name: string; mime: string; size: number }[];
}

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 reads it) describing a field's typed value. */
export type JsonSchema = Record<string, unknown>;

export interface FieldTypeLogic<F extends Field> {
  /** Reads the posted value; undefined means "nothing posted for this field". */
  read(form: FormData, name: string, field: F): unknown;
  isEmpty(value: unknown, ctx: CheckContext): boolean;
  /** Format problems of a non-empty value (required-ness is checked by the engine). */
  check(value: unknown, field: F, ctx: CheckContext): FieldProblem | null;
  /** The answer as text: PDF copies, differences between versions, search, single export cells. */
  toText(value: unknown, field: F, locale: Locale): string;
  /** Export columns; `rows` is the largest number of rows any dossier has (groups and tables). */
  exportColumns?(field: F, locale: Locale, rows: number): ExportColumn[];
  /** The answer as a typed JSON value (the HTTP API, issue 13): numbers as numbers, yes/no as booleans, null when empty. */
  toData(value: unknown, field: F, ctx: DataContext): unknown;
  /** The JSON Schema of toData's value, for the API's OpenAPI document. */
  dataSchema(field: F): JsonSchema;
}

export type FieldOf<K extends FieldType> = Extract<Field, { type: K }>;
export type LogicRegistry = { [K in FieldType]: FieldTypeLogic<FieldOf<K>> };

export const readString = (form: FormData, name: string): string | undefined => {
  const v = form.get(name);
  return typeof v === "string" ? v.replace(/\r\n/g, "\n") : undefined;
};
export const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
export const asString = (v: unknown): string => (typeof v === "string" ? v : "");

/** Trimmed text, or null when blank: most types' typed value. */
export const stringData = (v: unknown): string | null => (isBlank(v) ? null : asString(v).trim());
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });
export const stringSchema = (extra: JsonSchema = {}): JsonSchema => nullable({ type: "string", ...extra });
