// How much a person may write, from the form definition (issue 8, ADR 017). Each field has a limit in
// characters as the person counts them (« é », an emoji or a flag count one; a line break counts one),
// declared by the call (`maxLength`) or else the default of its type; a dossier has a limit on all its
// answers together. Saving beyond either is refused with the field's name; nothing already saved is
// touched. Shared by the server (the rule) and the browser (the hint and the counter).
import type { Field, FormDefinition, GroupableField } from "./definition";

// A grapheme as people see one: a flag (two regional indicators), an emoji with its modifiers and
// joined parts, a line break (CRLF too), or any character with its combining marks. One linear regex:
// Intl.Segmenter is exact but took 50 s for 200,000 characters here.
const GRAPHEME =
  /\p{RI}\p{RI}|\p{Extended_Pictographic}[\p{EMod}\uFE0F\u20E3]*(?:\u200D\p{Extended_Pictographic}[\p{EMod}\uFE0F\u20E3]*)*|\r\n|[^]\p{M}*/gu;

/** Characters as a person counts them: « é » (even as e + accent), an emoji or a flag count one. */
export function personCount(s: string): number {
  let n = 0;
  const re = new RegExp(GRAPHEME);
  while (re.exec(s)) n++;
  return n;
}

/** Whether a text is longer than `max` as people count, counting only when it could be. */
function counted(s: string, max: number): number | null {
  if (s.length <= max) return null; // never more graphemes than UTF-16 units
  const n = personCount(s);
  return n > max ? n : null;
}

/** Limits of the types that do not declare one: a line, a long answer, a short typed value. */
export const DEFAULT_ANSWER_LIMITS = { text: 1000, longtext: 20_000, other: 500 } as const;
/** Rows of a repeatable group when the call sets no maximum. */
export const DEFAULT_GROUP_ROWS = 50;
/** All the answers of one dossier together, when the call sets no limit (about 100 pages of text). */
export const DEFAULT_DOSSIER_CHARACTERS = 300_000;

export function answerLimit(field: Field | GroupableField): number {
  const declared = (field as { maxLength?: number }).maxLength;
  if (declared) return declared;
  return field.type === "text"
    ? DEFAULT_ANSWER_LIMITS.text
    : field.type === "longtext"
      ? DEFAULT_ANSWER_LIMITS.longtext
      : DEFAULT_ANSWER_LIMITS.other;
}

export function dossierLimit(def: FormDefinition): number {
  return def.maxDossierCharacters ?? DEFAULT_DOSSIER_CHARACTERS;
}

export interface LimitProblem {
  /** The field's key, or "group.row.sub" inside a repeatable group. */
  key: string;
  max: number;
  count: number;
  /** Set when a group has more rows than allowed. */
  rows?: boolean;
}

const textOf = (v: unknown): string =>
  typeof v === "string"
    ? v
    : v && typeof v === "object" && typeof (v as { query?: unknown }).query === "string"
      ? (v as { query: string }).query
      : "";

/** The first limit this value breaks, or null. Values of unexpected shapes count by their JSON text. */
export function overLimit(field: Field, value: unknown): LimitProblem | null {
  if (value === null || value === undefined) return null;
  if (field.type === "group") {
    if (!Array.isArray(value)) return null;
    const maxRows = field.maxItems ?? DEFAULT_GROUP_ROWS;
    if (value.length > maxRows) return { key: field.key, max: maxRows, count: value.length, rows: true };
    for (let i = 0; i < value.length; i++) {
      const row = value[i] as Record<string, unknown> | null;
      for (const sub of field.fields) {
        const max = answerLimit(sub);
        const count = counted(textOf(row?.[sub.key]), max);
        if (count !== null) return { key: `${field.key}.${i}.${sub.key}`, max, count };
      }
    }
    return null;
  }
  if (field.type === "table") {
    if (!Array.isArray(value)) return null;
    const maxRows = field.maxRows ?? DEFAULT_GROUP_ROWS;
    if (value.length > maxRows) return { key: field.key, max: maxRows, count: value.length, rows: true };
    for (let i = 0; i < value.length; i++) {
      const row = value[i] as Record<string, unknown> | null;
      for (const col of field.columns) {
        const max = DEFAULT_ANSWER_LIMITS.other;
        const count = counted(textOf(row?.[col.key]), max);
        if (count !== null) return { key: `${field.key}.${i}.${col.key}`, max, count };
      }
    }
    return null;
  }
  if (Array.isArray(value)) {
    const max = answerLimit(field) * Math.max(1, value.length);
    const count = counted(value.map(textOf).join(""), max);
    return count !== null ? { key: field.key, max, count } : null;
  }
  const isText = typeof value === "string" || (typeof value === "object" && typeof (value as { query?: unknown }).query === "string");
  const max = answerLimit(field);
  const count = counted(isText ? textOf(value) : JSON.stringify(value), max);
  return count !== null ? { key: field.key, max, count } : null;
}
