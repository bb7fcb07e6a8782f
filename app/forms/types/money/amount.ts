// Amounts in euros, browser-safe: the view's live totals and the server's checks read them alike.
import { parseNumber } from "../../numbers";
import { cachedNumberFormat } from "../../../lib/typography";

/** « 15 000 € », « 15000 », « 1 234,50 € » → 15000 / 1234.5; null when it is not an amount. */
export function parseEuros(s: string): number | null {
  return parseNumber(s.replace(/\s*(€|eur|euros?)\s*$/i, ""));
}

/** « 15 000 € » in French (narrow no-break space between thousands), « €15,000 » in English. */
export function formatEuros(n: number, locale: "fr" | "en"): string {
  return cachedNumberFormat(locale, {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: Number.isInteger(n) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(n);
}
