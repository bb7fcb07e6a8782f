// What the organisers' call pages post, as schemas (issue 13).
import { z } from "zod";
import { isCivilDate } from "../../lib/paris-time";
import { trimmed } from "../../http/parse-form.server";
import { RETENTION_KINDS, type RetentionKind } from "../privacy/retention-kinds";

/** « Extend the deadline » for one organisation: a civil date and a reason. */
export const ExtendDeadlineForm = z.object({
  organizationId: z.string().max(64).default(""),
  until: z.string().default("").refine(isCivilDate, "field.date"),
  reason: trimmed(2000).pipe(z.string().min(1, "field.required")),
});

/** « Données et sécurité » of a call: two-factor authentication required, retention periods (checked by the domain). */
export const CallSecurityForm = z.object({
  require2fa: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});
export const RetentionForm = z.object(
  Object.fromEntries(RETENTION_KINDS.map((k) => [k, z.string().max(10).optional()])) as Record<RetentionKind, z.ZodOptional<z.ZodString>>,
);
