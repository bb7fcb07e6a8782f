// The engine's entry to the field-type family (app/forms/types/, one folder per type, ADR 004): read a
// posted value, check it, print it, list its export columns — whatever the type.
import type { Field } from "./definition";
import { parseNumber } from "./numbers";
import { personCount } from "./limits";
import { t, type Locale } from "../i18n/i18n";
import type { ExportColumn, FieldProblem } from "./types/contract";
import { logicOf } from "./types/registry.server";

export { parseNumber };
export type { CheckContext, FieldProblem, ExportColumn } from "./types/contract";
export type { CommuneValue } from "./types/commune/definition";
export { fieldLogic as fieldTypes } from "./types/registry.server";

/** Characters as the person counts them, not bytes: « é » counts one (a lesson from démarches-simplifiées). */
export const charCount = personCount;

export const fieldImpl = logicOf;

export function readField(form: FormData, field: Field): unknown {
  return logicOf(field).read(form, `f.${field.key}`, field);
}

export function fieldText(field: Field, value: unknown, locale: Locale): string {
  return logicOf(field).toText(value, field, locale);
}

/** The export columns of a question, headed « Section — Question[ — row, cell] ». */
export function fieldExportColumns(
  field: Field,
  heading: string,
  locale: Locale,
  rows: number,
): { header: string; column: ExportColumn }[] {
  const impl = logicOf(field);
  const columns: ExportColumn[] = impl.exportColumns
    ? impl.exportColumns(field, locale, rows)
    : [{ value: (answer) => impl.toText(answer, field, locale) }];
  return columns.map((column) => ({ header: column.suffix ? `${heading} — ${column.suffix}` : heading, column }));
}

export function problemText(problem: FieldProblem, locale: Locale): string {
  return t(locale, problem.key, problem.vars);
}

export type { Answers } from "./definition";
