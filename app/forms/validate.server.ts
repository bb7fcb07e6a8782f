// Checks a whole dossier against its form definition: what is missing and what is malformed,
// each with the section and field it belongs to so the page can point at it.
import { allFields, isFieldActive, isFieldRequired, localized, type Answers, type FormDefinition } from "./definition";
import { fieldImpl, problemText } from "./field-types.server";
import { t, type Locale } from "../i18n/i18n";

export interface FormIssue {
  fieldKey: string;
  sectionKey: string;
  label: string;
  message: string;
  kind: "missing" | "invalid";
}

export function checkAnswers(
  def: FormDefinition,
  answers: Answers,
  attachmentCounts: Record<string, number>,
  locale: Locale,
  mode: "submit" | "draft",
): FormIssue[] {
  const issues: FormIssue[] = [];
  for (const { field, section } of allFields(def)) {
    if (!isFieldActive(def, field.key, answers)) continue;
    const impl = fieldImpl(field);
    const ctx = { locale, attachmentCount: attachmentCounts[field.key] ?? 0 };
    const value = answers[field.key];
    // The label only for an issue: typography on every field's label was a tenth of a submission's time.
    const label = () => localized(field.label, locale);
    if (impl.isEmpty(value, ctx)) {
      if (mode === "submit" && isFieldRequired(def, field, answers)) {
        issues.push({
          fieldKey: field.key,
          sectionKey: section.key,
          label: label(),
          message: t(locale, "field.required"),
          kind: "missing",
        });
      }
      continue;
    }
    const problem = impl.check(value, field, ctx);
    if (problem)
      issues.push({ fieldKey: field.key, sectionKey: section.key, label: label(), message: problemText(problem, locale), kind: "invalid" });
  }
  return issues;
}

/** Share of required answers given, for the progress shown to applicants. */
export function completion(
  def: FormDefinition,
  answers: Answers,
  attachmentCounts: Record<string, number>,
): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const { field } of allFields(def)) {
    if (!isFieldRequired(def, field, answers)) continue;
    total++;
    if (!fieldImpl(field).isEmpty(answers[field.key], { locale: "fr", attachmentCount: attachmentCounts[field.key] ?? 0 })) done++;
  }
  return { done, total };
}
