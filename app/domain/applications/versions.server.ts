// Differences between two submitted versions of a dossier, question by question, word by word
// (jsdiff), so the team sees what an applicant changed after being asked for changes.
import { isIdentityField } from "../review/phase-now.server";
import { diffWords } from "diff";
import type { Kdb } from "../../db/database.server";
import { NotFound } from "../../lib/errors";
import { allFields, localized, type Answers } from "../../forms/definition";
import { fieldText } from "../../forms/field-types.server";
import type { Locale } from "../../i18n/i18n";
import { formDefinition } from "../calls/calls.server";

export interface DiffPart {
  text: string;
  kind: "same" | "added" | "removed";
}
export interface FieldDiff {
  key: string;
  label: string;
  parts: DiffPart[];
}

export function diffTexts(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({ text: c.value, kind: c.added ? "added" : c.removed ? "removed" : "same" }));
}

export async function submissionDiff(
  db: Kdb,
  input: { dossierId: string; from: number; to: number; locale: Locale; withoutIdentity?: boolean },
): Promise<FieldDiff[]> {
  const subs = await db
    .selectFrom("submission")
    .select(["number", "answers_json", "attachments_json", "form_version_id"])
    .where("dossier_id", "=", input.dossierId)
    .where("number", "in", [input.from, input.to])
    .execute();
  const a = subs.find((s) => s.number === input.from);
  const b = subs.find((s) => s.number === input.to);
  if (!a || !b) throw new NotFound();
  const def = await formDefinition(db, b.form_version_id);
  const before = JSON.parse(a.answers_json) as Answers;
  const after = JSON.parse(b.answers_json) as Answers;
  const filesOf = (json: string, key: string) =>
    (JSON.parse(json) as { field_key: string; safe_name: string }[])
      .filter((f) => f.field_key === key)
      .map((f) => f.safe_name)
      .join("\n");
  const out: FieldDiff[] = [];
  for (const { field } of allFields(def)) {
    // While a phase hides names from reviewers, the identity answers and file names are left out.
    if (input.withoutIdentity && (isIdentityField(field) || field.type === "files")) continue;
    const x = field.type === "files" ? filesOf(a.attachments_json, field.key) : fieldText(field, before[field.key], input.locale);
    const y = field.type === "files" ? filesOf(b.attachments_json, field.key) : fieldText(field, after[field.key], input.locale);
    if (x === y) continue;
    out.push({ key: field.key, label: localized(field.label, input.locale), parts: diffTexts(x, y) });
  }
  return out;
}
