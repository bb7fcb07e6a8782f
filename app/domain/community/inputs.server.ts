import { THREAD_LEVELS, type ThreadLevel } from "./thread-levels";
// What the community pages post, as schemas (issue 13).
import { z } from "zod";
import { checkbox, numberOrNaN, postedId, text } from "../../http/parse-form.server";

export const ReplyForm = z.object({ body: text(20000) });
export const IndicatorsForm = z.object({
  organizationId: z.string().max(64).default(""),
  year: numberOrNaN,
  jobsCreated: numberOrNaN,
  jobsSecured: numberOrNaN,
  peopleSupported: numberOrNaN,
  trainings: numberOrNaN,
});

/** A member's profile and hosting offer (the window is checked by the domain). */
export const MemberProfileForm = z.object({
  organizationId: postedId,
  description: text(4000),
  hosts: checkbox(),
  hostExperiences: text(4000),
  hostFrom: text(10),
  hostTo: text(10),
});

export const ExchangeForms = {
  prefs: z.object({ mode: z.enum(["immediate", "digest", "none"], "error.badRequest") }),
  thread: z.object({
    theme: text(64),
    title: text(300),
    body: text(20000),
    eventId: z
      .string()
      .max(64)
      .default("")
      .transform((s) => s || null),
  }),
};

/** A visit or a meeting as the event forms post it (also one row of the visit plan, under « v<n>. »). */
// Rows are read with parseRow, which must never fail: any text is accepted here, the domain says what is wrong.
const any = z.string().default("");
export const EventFields = z.object({
  kind: any,
  title: any,
  date: any,
  start: any,
  end: any,
  address: any,
  programme: any,
  capacity: any,
  host: any,
});
export const toEventInput = (v: z.infer<typeof EventFields>) => ({
  kind: (v.kind === "meeting" ? "meeting" : "visit") as "visit" | "meeting",
  title: v.title,
  date: v.date,
  startTime: v.start || "10:00",
  endTime: v.end || "16:00",
  address: v.address,
  programme: v.programme,
  capacity: Number(v.capacity || 0),
  hostOrgId: v.host || null,
});

export const EventForms = {
  register: z.object({}),
  unregister: z.object({}),
  attendance: z.object({ present: z.array(z.string().max(64)).max(1000).default([]) }),
  report: z.object({ report: text(50000) }),
  update: z.object({}),
  cancel: z.object({}),
  "follow-up": z.object({
    reminderHours: z
      .string()
      .max(10)
      .default("")
      .transform((s) => (s.trim() === "" ? null : Number(s.trim()))),
    reminderText: text(4000),
    captureDue: text(20),
  }),
  "check-in": z.object({ code: text(40) }),
};

export const AskHostsForm = z.object({ month: text(7), org: z.array(z.string().max(64)).max(500).default([]), message: text(4000) });

/** The visit plan as posted: how many rows, and for each (« v<n>. ») whether it is a gap, added or skipped. */
export const PlanForm = z.object({
  count: z
    .string()
    .default("0")
    .transform((s) => Math.min(Math.max(Number(s) || 0, 0), 50)),
});
const ticked = checkbox();
export const PlanRowFlags = z.object({ gap: ticked, add: ticked, skip: ticked, month: z.string().default("") });

/** A figure of an experience sheet: empty is « not given » (null); anything else is checked by the domain. */
const figure = z
  .string()
  .max(20)
  .default("")
  .transform((s) => (s.trim() === "" ? null : Number(s.trim())));

/** An experience sheet as its page posts it (« move » changes its status). */
export const SheetForms = {
  save: z.object({
    title: text(300),
    themes: z.array(z.string().max(64)).max(20).default([]),
    organizationId: z
      .string()
      .max(64)
      .default("")
      .transform((s) => s || null),
    eventId: z
      .string()
      .max(64)
      .default("")
      .transform((s) => s || null),
    context: text(20000),
    actors: text(20000),
    actions: text(20000),
    results: text(20000),
    impacts: text(20000),
    lessons: text(20000),
    contacts: text(4000),
    jobsCreated: figure,
    jobsSecured: figure,
    peopleSupported: figure,
    trainings: figure,
    publicOptIn: checkbox(),
  }),
  move: z.object({ event: z.enum(["review", "publish", "publish_public", "unpublish"], "error.badRequest") }),
};

/** An indicator added by the organiser, or the baseline and target of one (« key » given): numbers may be left empty. */
const optionalNumber = z
  .string()
  .max(30)
  .default("")
  .transform((s) => (s.trim() === "" ? null : Number(s.trim().replace(",", "."))));
export const IndicatorDefineForm = z.object({
  key: z.string().max(64).default(""),
  label: text(200),
  unit: text(60),
  baseline: optionalNumber,
  target: optionalNumber,
  aggregation: z.enum(["sum", "mean"]).catch("sum"),
});

/** A discussion's notification level (watch / normal / mute). */
export const ThreadLevelForm = z.object({ level: z.enum(THREAD_LEVELS as [ThreadLevel, ...ThreadLevel[]], "form.invalidValue") });
