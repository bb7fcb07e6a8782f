// What the answers page posts, as schemas (issue 13).
import { z } from "zod";
import { isCivilDate } from "../../lib/paris-time";
import { checkbox, text } from "../../http/parse-form.server";

export const AnswerForms = {
  template: z.object({
    decision: z.enum(["accepted", "declined", "waitlisted"], "error.badRequest"),
    subject: text(500),
    body: text(20000),
  }),
  /** Sending before the deadline is deliberate: a box to tick. */
  send: z.object({
    beforeDeadline: checkbox(),
  }),
  schedule: z.object({
    date: z.string().default("").refine(isCivilDate, "field.date"),
    time: z
      .string()
      .default("09:00")
      .refine((s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), "field.date"),
  }),
  "cancel-schedule": z.object({}),
};

/** The selection to confirm: the dossiers ticked, and for each « decision.<id> » and « reasons.<id> ». */
export const SelectionForm = z.object({ dossier: z.array(z.string().max(64)).min(1, "error.badRequest").max(5000) });
export const SelectionRow = z.object({
  decision: z.enum(["accepted", "declined", "waitlisted"], "error.badRequest"),
  reasons: text(20000),
});

/** A dossier of the waiting list promoted to a free place, with its reasons (the domain checks their length). */
export const PromoteForm = z.object({ dossierId: z.string().max(64).default(""), reasons: text(20000) });

/** The selection meeting's chair: open, move to a dossier of the agenda, decide with reasons, close. */
export const MeetingForms = {
  start: z.object({}),
  end: z.object({}),
  move: z.object({
    position: z
      .string()
      .max(6)
      .default("")
      .transform((s) => (/^\d+$/.test(s) ? Number(s) : -1)),
  }),
  decide: z.object({
    dossierId: z.string().max(64).default(""),
    decision: z.enum(["accepted", "declined", "waitlisted"], "error.badRequest"),
    reasons: text(20000),
  }),
};
