// French order for names (issue 9): « Écopôle » between « Dinamo » and « Figeac », « initiativesETcité »
// among the i, not after « TETRIS ». Pure: used by code sorts and by SQLite's key function.

/** A key whose plain order is French order at the first level: accents and case folded, punctuation as a space. */
export function frenchSortKey(value: unknown): string {
  return String(value ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .toLowerCase()
    .replace(/[’'\-_\s]+/g, " ")
    .replace(/[«»"“”()]/g, "")
    .trim();
}

const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
/** For sorts done in code. */
export const frenchCompare = (a: string, b: string): number => collator.compare(a, b);
