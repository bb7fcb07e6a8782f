// The answers organisers filter on, from the fields the call marks `filterable` (issue 10): one row per
// value (a multiple choice gives several), the text of a choice, the number of a number or an amount.
// Written at each submission beside the profile's facts, read by the list's filters and columns.
import { allFields, isFieldActive, type Answers, type Field, type FormDefinition } from "../../forms/definition";
import { parseNumber } from "../../forms/numbers";

export type FilterKind = "choice" | "range";

export interface AnswerFact {
  field_key: string;
  value_text: string | null;
  value_number: number | null;
}

/** Fields a list can filter on by themselves (meanings with their own filters are left to those). */
export function filterableFields(def: FormDefinition): { field: Field; kind: FilterKind }[] {
  const out: { field: Field; kind: FilterKind }[] = [];
  for (const { field } of allFields(def)) {
    if (!field.filterable) continue;
    if (
      field.meaning &&
      ["seatCommune", "stage", "sectors", "operatingSince", "wantsCharter", "hostsVisit", "applicantName"].includes(field.meaning)
    )
      continue;
    if (field.type === "choice" || field.type === "multichoice" || field.type === "yesno") out.push({ field, kind: "choice" });
    else if (field.type === "number" || field.type === "money") out.push({ field, kind: "range" });
  }
  return out;
}

export function answerFacts(def: FormDefinition, answers: Answers): AnswerFact[] {
  const facts: AnswerFact[] = [];
  for (const { field } of filterableFields(def)) {
    if (!isFieldActive(def, field.key, answers)) continue;
    const v = answers[field.key];
    if (field.type === "multichoice" && Array.isArray(v))
      for (const x of new Set(v.map(String))) facts.push({ field_key: field.key, value_text: x, value_number: null });
    else if ((field.type === "choice" || field.type === "yesno") && typeof v === "string" && v)
      facts.push({ field_key: field.key, value_text: v, value_number: null });
    else if ((field.type === "number" || field.type === "money") && typeof v === "string") {
      const n = parseNumber(v);
      if (n !== null) facts.push({ field_key: field.key, value_text: null, value_number: n });
    }
  }
  return facts;
}
