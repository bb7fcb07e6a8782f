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
