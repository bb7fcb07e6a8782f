export type ExportFormat = "csv" | "xlsx" | "zip";
export const EXPORT_FORMATS: ExportFormat[] = ["csv", "xlsx", "zip"];

/**
 * A cell as a spreadsheet will read it without running anything: text that a spreadsheet would take as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, which
 * spreadsheets show as text (OWASP's advice on CSV injection). Plain numbers stay numbers.
 */
export function csvCell(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (/^[+-]?\d+(?:[.,]\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(value) ? `'${value}` : value;
}
