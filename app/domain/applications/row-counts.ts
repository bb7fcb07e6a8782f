// How many rows each repeatable answer has (a group's items, a table's rows): an export gives a group as
// many numbered columns as its longest answer, so it must know the longest before writing its heading.
// Kept with each submission (issue 11), so that an export reads these few bytes instead of parsing every
// dossier's answers twice.
import type { Answers } from "../../forms/definition";

export type RowCounts = Record<string, number>;

/** The answers that are lists of rows, and how many rows each has. */
export function rowCounts(answers: Answers): RowCounts {
  const out: RowCounts = {};
  for (const [key, value] of Object.entries(answers))
    if (Array.isArray(value) && value.length && typeof value[0] === "object" && value[0] !== null) out[key] = value.length;
  return out;
}
