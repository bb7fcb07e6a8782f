// A call as a versioned JSON file (issue 10): one instance's call can start another's, and the default call
// ships as such a file. Reading checks the whole structure (zod) and refuses with the reason; what the
// studio checks before publishing (call-checks.ts) is then said on the imported draft.
import { z } from "zod";
import type { FormDefinition } from "../../forms/definition";
import type { CallContent, CallTimeline } from "./call-content";
import type { Editable } from "./studio.server";

export const CALL_FILE_FORMAT = "trame-call";
export const CALL_FILE_VERSION = 1;

const text = z.object({ fr: z.string().max(50_000), en: z.string().max(50_000).optional() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const condition = z.union([
  z.object({ field: z.string(), equals: z.union([z.string(), z.boolean()]) }),
  z.object({ field: z.string(), notEquals: z.union([z.string(), z.boolean()]) }),
  z.object({ field: z.string(), in: z.array(z.string()) }),
]);
const KEY = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, "identifiant de question invalide");
const FIELD_TYPES = [
  "text",
  "longtext",
  "yesno",
  "choice",
  "multichoice",
  "number",
  "money",
  "date",
  "email",
  "phone",
  "url",
  "files",
  "region",
  "departement",
  "commune",
  "siren",
  "siret",
  "rna",
  "group",
  "table",
] as const;
// Each field keeps its type-specific settings (checked again by the studio); the shared ones are checked here.
const field = z
  .object({
    type: z.enum(FIELD_TYPES),
    key: KEY,
    label: text,
    help: text.optional(),
    required: z.boolean().optional(),
    requiredIf: condition.optional(),
    showIf: condition.optional(),
    filterable: z.boolean().optional(),
    meaning: z.string().optional(),
    options: z
      .array(z.object({ value: z.string().min(1).max(200), label: text, means: z.literal("operational").optional() }))
      .max(500)
      .optional(),
    columns: z
      .array(
        z.object({
          key: KEY,
          label: text,
          type: z.enum(["text", "number", "money"]),
          required: z.boolean().optional(),
          total: z.boolean().optional(),
        }),
      )
      .max(30)
      .optional(),
    fields: z
      .array(z.looseObject({ type: z.enum(FIELD_TYPES), key: KEY, label: text }))
      .max(50)
      .optional(),
    phases: z
      .array(
        z.object({
          name: text,
          starts: z.string().max(16),
          canScore: z.boolean(),
          seeOthers: z.boolean(),
          seeNames: z.boolean(),
          applicantsEdit: z.boolean(),
        }),
      )
      .max(20)
      .optional(),
    assignment: z
      .object({ minPerDossier: z.number().int().min(1).max(10).optional(), maxPerReviewer: z.number().int().min(1).max(1000).optional() })
      .optional(),
  })
  .loose();
const explanation = z.object({
  type: z.literal("explanation"),
  key: KEY,
  title: text.optional(),
  body: text,
  showIf: condition.optional(),
});
const form = z.object({
  version: z.number().int().positive(),
  maxDossierCharacters: z.number().int().positive().optional(),
  sections: z
    .array(
      z.object({
        key: KEY,
        title: text,
        intro: text.optional(),
        showIf: condition.optional(),
        items: z.array(z.union([explanation, field])).max(300),
      }),
    )
    .max(50),
});
const content = z
  .object({
    title: text,
    subtitle: text,
    organiser: z.string().max(300),
    presentation: text,
    conditions: z.array(text).max(50),
    conditionsNote: text,
    commitmentsIntro: text,
    commitments: z.array(text).max(50),
    howToApply: text,
    parts: z.array(text).max(50),
    contact: z.object({ name: z.string(), role: z.string(), organisation: z.string(), email: z.string(), phone: z.string() }),
    targetSelection: z.number().int().nonnegative(),
    closingThanks: text,
    criteria: z
      .array(
        z.object({
          key: KEY,
          label: text,
          description: text,
          scale: z.object({ min: z.number(), max: z.number() }),
          weight: z.number().optional(),
        }),
      )
      .max(50),
    features: z.object({ charter: z.boolean(), community: z.boolean() }).optional(),
    emails: z.object({ receipt: text.optional(), reminder: text.optional() }).optional(),
    selection: z
      .object({ maxPerRegion: z.number().int().positive().optional(), minOperationalShare: z.number().min(0).max(1).optional() })
      .optional(),
  })
  .loose();
const fileSchema = z.object({
  format: z.literal(CALL_FILE_FORMAT),
  formatVersion: z.literal(CALL_FILE_VERSION),
  slug: z.string().max(80).optional(),
  content,
  timeline: z.object({
    opens: date,
    deadline: date,
    answers: date,
    communityStart: date,
    communityEnd: date,
    deadlineTime: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
  }),
  form,
  letters: z
    .array(
      z.object({ decision: z.enum(["accepted", "declined", "waitlisted"]), subject: z.string().max(500), body: z.string().max(50_000) }),
    )
    .max(3)
    .optional(),
});

export interface CallFile {
  format: typeof CALL_FILE_FORMAT;
  formatVersion: typeof CALL_FILE_VERSION;
  slug?: string;
  content: CallContent;
  timeline: CallTimeline;
  form: FormDefinition;
  letters?: { decision: "accepted" | "declined" | "waitlisted"; subject: string; body: string }[];
}

export function toCallFile(input: Editable & { slug?: string; letters?: CallFile["letters"] }): CallFile {
  return {
    format: CALL_FILE_FORMAT,
    formatVersion: CALL_FILE_VERSION,
    slug: input.slug,
    content: input.content,
    timeline: input.timeline,
    form: input.form,
    letters: input.letters,
  };
}

/** Reads a call file; refuses with a short reason a person can act on (in French, the studio's language). */
export function readCallFile(raw: string): { ok: true; file: CallFile } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "le fichier n’est pas du JSON valide" };
  }
  if (
    typeof json === "object" &&
    json &&
    (json as { format?: unknown }).format === CALL_FILE_FORMAT &&
    (json as { formatVersion?: unknown }).formatVersion !== CALL_FILE_VERSION
  ) {
    return {
      ok: false,
      reason: `version de format ${String((json as { formatVersion?: unknown }).formatVersion)} inconnue (cette instance lit la version ${CALL_FILE_VERSION})`,
    };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue.path.join(".") || "fichier"} : ${issue.message}` };
  }
  return { ok: true, file: parsed.data as unknown as CallFile };
}
