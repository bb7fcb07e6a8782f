// What the call's team page posts, as schemas (issue 13).
import { z } from "zod";
import { parseRow, postedId, text, trimmed } from "../../http/parse-form.server";

export const TeamForms = {
  invite: z.object({ email: trimmed(320), role: z.enum(["organiser", "reviewer"]).catch("reviewer"), message: text(4000) }),
  /** Reviewers per dossier, 1 to 10 (2 when left empty). */
  auto: z.object({
    perDossier: z
      .string()
      .default("2")
      .transform((s) => Math.min(10, Math.max(1, Number(s) || 2))),
    /** At most this many dossiers per reviewer in this run; empty: no limit beyond each reviewer's own. */
    maxPerReviewer: z
      .string()
      .max(10)
      .default("")
      .transform((s) => (s.trim() === "" ? null : Number(s.trim()))),
  }),
  assign: z.object({ dossierId: postedId, reviewerId: postedId }),
  unassign: z.object({ dossierId: postedId, reviewerId: postedId }),
  /** A reviewer's own maximum load; empty: the call's. */
  "max-load": z.object({
    reviewerId: postedId,
    maxLoad: z
      .string()
      .max(10)
      .default("")
      .transform((s) => (s.trim() === "" ? null : Number(s.trim()))),
  }),
};

/** A reviewer's preferences: « pref.<dossier id> » is one of the choices (anything else is left as it was). */
export function postedPreferences(form: FormData): Record<string, "interested" | "neutral" | "not" | "conflict"> {
  const out: Record<string, "interested" | "neutral" | "not" | "conflict"> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("pref.") || typeof value !== "string" || name.length > 80) continue;
    if (value === "interested" || value === "neutral" || value === "not" || value === "conflict") out[name.slice(5)] = value;
  }
  return out;
}

/**
 * A review, as the instruction page posts it (« score.<criterion> » fields) and as the API receives it
 * (JSON): one schema for both. Each score's scale is the domain's to check (its message names the scale).
 */
export const ReviewInput = z.object({
  scores: z.record(z.string().max(64), z.number()).default({}),
  comment: z.string().max(20000).default(""),
  opinion: z.string().max(20000).optional(),
});
/** A team note or a message of the reviewers' discussion (page and API). */
export const NoteInput = z.object({ body: z.string().trim().min(1, "team.emptyText").max(20000, "form.tooLong") });

/** The team's view of a dossier: every form it may post, by intent (who may post which is the domain's). */
export const TeamDossierForms = {
  "share-review": z.object({ reviewerId: postedId, share: z.enum(["yes", "no"]).catch("no") }),
  transition: z.object({ event: text(40), note: text(20000) }),
  extend: z.object({}),
  "invite-expert": z.object({ email: trimmed(320), message: text(4000) }),
  note: z.object({ body: text(20000) }),
  comment: z.object({ body: text(20000) }),
  "label-add": z.object({ label: text(200) }),
  "label-remove": z.object({ label: text(200) }),
  review: z.object({ comment: text(20000), opinion: text(20000) }),
  conflict: z.object({ reason: text(4000) }),
};

/** The scores of the page's review form, « score.<criterion> », for the call's criteria: empty ones left out. */
export function postedScores(form: FormData, criteria: { key: string }[]): Record<string, number> {
  const fields = parseRow(form, z.object(Object.fromEntries(criteria.map((c) => [c.key, z.string().default("")]))), "score.") as Record<
    string,
    string
  >;
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => [k, Number(v)]),
  );
}
