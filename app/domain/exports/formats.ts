export type ExportFormat = "csv" | "xlsx" | "zip";
export const EXPORT_FORMATS: ExportFormat[] = ["csv", "xlsx", "zip"];
