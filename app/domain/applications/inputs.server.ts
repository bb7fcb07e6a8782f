// What the applicant's pages post, as schemas (issue 13).
import { z } from "zod";
import { checkbox, postedId, text, trimmed } from "../../http/parse-form.server";

const checked = checkbox();

/** The dossier page: submit (a box to tick), reopen, withdraw (a box to tick, a reason). */
export const DossierForms = {
  submit: z.object({ confirm: checked }),
  reopen: z.object({}),
  withdraw: z.object({ confirmWithdraw: checked, reason: text(2000) }),
};

/** « Candidater »: for an organisation of mine, or a new one. */
export const ApplyForms = {
  create: z.object({ name: trimmed(300) }),
  existing: z.object({ organizationId: postedId }),
};

/** A message to the other side of a dossier: its length is the domain's to check (MAX_MESSAGE), with its message. */
export const MessageForm = z.object({ body: z.string().default("") });
