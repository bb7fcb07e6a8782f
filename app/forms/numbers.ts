// Shared by server and browser-safe modules (field checks, the dossier profile): no imports.
/**
 * A number as people type it: « 15 000 », « 15 000 € », « 1 234,50 », « 12,5 % », with any kind of space
 * (ordinary, no-break, narrow) and a comma or a point for decimals.
 */
export function parseNumber(s: string): number | null {
  const cleaned = s
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/(€|eur|euros?|%)$/i, "")
    .replace(",", ".");
  const n = Number(cleaned);
  return cleaned !== "" && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned) && Number.isFinite(n) ? n : null;
}
