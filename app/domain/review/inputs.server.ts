// What the call's team page posts, as schemas (issue 13).
import { z } from "zod";
import { postedId, text, trimmed } from "../../http/parse-form.server";

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
