// What the exports page posts, as a schema (issue 13).
import { z } from "zod";
import { EXPORT_FORMATS } from "./exports.server";

export const ExportForm = z.object({ format: z.enum(EXPORT_FORMATS, "error.badRequest") });
