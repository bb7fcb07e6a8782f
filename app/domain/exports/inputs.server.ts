// What the exports page posts, as a schema (issue 13).
import { z } from "zod";
import { EXPORT_FORMATS } from "./exports.server";

/** The format, and the list's query when the export is of the dossiers the list's filters keep. */
export const ExportForm = z.object({ format: z.enum(EXPORT_FORMATS, "error.badRequest"), query: z.string().max(4000).default("") });
