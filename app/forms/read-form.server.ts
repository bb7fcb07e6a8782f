// Turns a posted section (or an autosave request) into answer changes. One path for both, so a page
// saved without JavaScript and an autosave read values exactly the same way.
import type { AnswerChange } from "../domain/applications/dossiers.server";
import { findField, type FormDefinition } from "./definition";
import { readField } from "./field-types.server";

export type FormLike = Pick<FormData, "get" | "getAll">;

export function changesFromForm(def: FormDefinition, form: FormLike): AnswerChange[] {
  const keys = String(form.get("_fields") ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  const changes: AnswerChange[] = [];
  for (const key of new Set(keys)) {
    const field = findField(def, key);
    if (!field || field.type === "files") continue;
    const value = readField(form as FormData, field);
    if (value === undefined) continue;
    changes.push({ key, value, baseVersion: Number(form.get(`v.${key}`) ?? 0) || 0 });
  }
  return changes;
}
