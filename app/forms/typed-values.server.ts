// A dossier's answers as typed JSON values by question key, and the JSON Schema of that object for one
// form (the HTTP API, issue 13). Each field type says how (forms/types/*/logic.server.ts: toData,
// dataSchema); a question not asked (its condition does not hold) reads as empty, like on the PDF copy.
import { allFields, isFieldActive, localized, type Answers, type FormDefinition } from "./definition";
import { logicOf } from "./types/registry.server";
import type { DataContext, JsonSchema } from "./types/contract";

export function typedAnswers(def: FormDefinition, answers: Answers, ctx: DataContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field } of allFields(def)) {
    const active = isFieldActive(def, field.key, answers);
    out[field.key] = logicOf(field).toData(active ? answers[field.key] : undefined, field, ctx);
  }
  return out;
}

/** The JSON Schema of typedAnswers' object for this form: one property per question, each always present. */
export function answersSchema(def: FormDefinition): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const { field } of allFields(def))
    properties[field.key] = { ...logicOf(field).dataSchema(field), description: localized(field.label, "fr") };
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}
