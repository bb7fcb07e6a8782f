// What the organisers' call pages post, as schemas (issue 13).
import { z } from "zod";
import { checkbox, numberOrNaN, trimmed } from "../../http/parse-form.server";
import { isCivilDate } from "../../lib/paris-time";
import { RETENTION_KINDS, type RetentionKind } from "../privacy/retention-kinds";

/** « Extend the deadline » for one organisation: a civil date and a reason. */
export const ExtendDeadlineForm = z.object({
  organizationId: z.string().max(64).default(""),
  until: z.string().default("").refine(isCivilDate, "field.date"),
  reason: trimmed(2000).pipe(z.string().min(1, "field.required")),
});

/** « Données et sécurité » of a call: two-factor authentication required, retention periods (checked by the domain). */
export const CallSecurityForm = z.object({
  require2fa: checkbox("on"),
});
export const RetentionForm = z.object(
  Object.fromEntries(RETENTION_KINDS.map((k) => [k, z.string().max(10).optional()])) as Record<RetentionKind, z.ZodOptional<z.ZodString>>,
);

/** The studio's revision number, posted with every save (a save from an older revision is refused: ADR 025). */
export const revision = z
  .string()
  .default("")
  .transform((s) => (/^\d{1,9}$/.test(s) ? Number(s) : -1));

/** « Mes appels »: a new call (possibly from another), or one imported from a file. */
export const StudioCallsForms = {
  create: z.object({ title: trimmed(300), from: z.string().max(64).default("") }),
  import: z.object({}),
};
/** The studio's overview: publish (from the revision shown), archive, unarchive. */
export const StudioForms = {
  publish: z.object({ revision }),
  archive: z.object({}),
  unarchive: z.object({}),
};
/** A decision letter's template in the studio. */
export const StudioLetterForm = z.object({
  decision: z.enum(["accepted", "declined", "waitlisted"], "error.badRequest"),
  subject: z
    .string()
    .default("")
    .transform((s) => s.slice(0, 500)),
  body: z
    .string()
    .default("")
    .transform((s) => s.slice(0, 50_000)),
});

/** The organisers' list of dossiers: saved views, and the bulk actions on every dossier its query keeps. */
const query = z.string().max(4000).default("");
export const ListForms = {
  "save-view": z.object({ name: z.string().max(200).default(""), query }),
  "delete-view": z.object({ viewId: z.string().max(64).default("") }),
  "bulk-assign": z.object({ query, reviewerId: z.string().max(64).default("") }),
  "bulk-label": z.object({ query, label: z.string().max(200).default("") }),
  "bulk-decide": z.object({
    query,
    decision: z.enum(["accepted", "waitlisted", "declined"], "error.badRequest"),
    reasons: z.string().max(20000).default(""),
  }),
  "bulk-message": z.object({ query, body: z.string().max(20000).default("") }),
};

const studioText = z
  .string()
  .default("")
  .transform((v) => v.trim().slice(0, 300));

/**
 * The form editor's posted fields. Those of one section or question are named after it (« title.<section> »,
 * « type.<section> », « label.<section> »): read with safeParseNamed and the key the button carries.
 */
export const StudioFormEdit = z.object({
  sectionTitle: studioText,
  title: studioText,
  type: studioText,
  label: studioText,
  revision: numberOrNaN,
  order: z.string().max(200_000, "form.tooLong").default(""),
});
export const STUDIO_FORM_KEYED = ["title", "type", "label"];

/** The revision a studio form was shown at. */
export const RevisionForm = z.object({ revision });
