/**
 * French spacing for print: a no-break space inside « guillemets » and a narrow no-break space before
 * ; ! ? (and a no-break space before :), so that a line never starts with a lone punctuation mark.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/«[ \u00a0\u202f]*/g, "«\u00a0")
    .replace(/[ \u00a0\u202f]*»/g, "\u00a0»")
    .replace(/ ([;!?])/g, "\u202f$1")
    .replace(/ :(\s|$)/g, "\u00a0:$1");
}

/** A score or decimal as the reader writes it: « 2,50 » in French, "2.50" in English, two decimals. */
// Building an Intl formatter costs ~25 µs; a list page or a submission's search text formats hundreds
// of numbers (issue 11's profiles): formatters are made once per locale and options, and kept.
const numberFormats = new Map<string, Intl.NumberFormat>();
export function cachedNumberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale === "en" ? "en-GB" : "fr-FR", options)));
  return f;
}

export function formatDecimal(n: number, locale: string, digits = 2): string {
  return cachedNumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}
