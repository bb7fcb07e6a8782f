import { formatMonth } from "../lib/paris-time";

/**
 * Fills placeholders; a missing value leaves the placeholder visible. Safe in the browser bundle.
 * - `{name}`: the value;
 * - `{n|dossier|dossiers}`: the word that agrees with the number n (French: 0 and 1 take the singular;
 *   English: only 1), so no message says « dossier(s) »;
 * - `{rank:ordinal}`: « 1er », « 2e » in French; "1st", "2nd", "3rd", "4th" in English;
 * - `{start:month}`: a month given as YYYY-MM, as people read it: « mars 2027 », "March 2027".
 */
export function interpolate(template: string, vars?: Record<string, string | number | undefined>, locale: "fr" | "en" = "fr"): string {
  if (!vars) return template;
  return template.replace(
    /\{(\w+)(?::(ordinal|month)|\|([^|{}]*)\|([^|{}]*))?\}/g,
    (whole, name: string, ordinal?: string, one?: string, other?: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      if (one !== undefined) {
        const n = Math.abs(Number(value));
        return (locale === "en" ? n === 1 : n < 2) ? one : (other ?? "");
      }
      if (ordinal === "month") return /^\d{4}-(0[1-9]|1[0-2])/.test(String(value)) ? formatMonth(String(value), locale) : String(value);
      if (ordinal) return ordinalOf(Number(value), locale);
      return String(value);
    },
  );
}

function ordinalOf(n: number, locale: "fr" | "en"): string {
  if (!Number.isInteger(n)) return String(n);
  if (locale === "fr") return n === 1 ? "1er" : `${n}e`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}
