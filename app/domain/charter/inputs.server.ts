// What the charter pages post, as schemas (issue 13); files are read by the pages' upload helpers.
import { z } from "zod";
import { checkbox, postedId, text, trimmed } from "../../http/parse-form.server";

const checked = checkbox();

export const CharterForms = {
  sign: z.object({
    organizationId: postedId,
    name: text(200),
    role: text(200),
    consent: checked,
    version: z
      .string()
      .default("0")
      .transform((s) => Number(s) || 0),
  }),
  directory: z.object({ signatureId: postedId, optIn: checked, description: text(2000) }),
  decline: z.object({ organizationId: postedId, reason: text(2000), confirm: checked }),
};

export const AdminCharterForms = {
  text: z.object({ title: text(300), body: text(100_000) }),
  file: z.object({ kind: z.enum(["kit", "sheet_template"]).catch("kit") }),
  "remove-file": z.object({ fileId: postedId }),
  partner: z.object({ email: trimmed(320) }),
  unpartner: z.object({ email: trimmed(320) }),
};

/** The charter partner's step on a signature: committee informed (with its date), kit sent, logo authorised. */
export const PartnerStepForm = z.object({
  signatureId: postedId,
  step: z.enum(["committee", "kit", "logo"], "error.badRequest"),
  date: text(10),
});
