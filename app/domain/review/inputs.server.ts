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
  }),
  assign: z.object({ dossierId: postedId, reviewerId: postedId }),
  unassign: z.object({ dossierId: postedId, reviewerId: postedId }),
};

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
