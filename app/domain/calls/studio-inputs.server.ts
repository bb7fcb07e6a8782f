// The studio's posted forms as schemas (issue 13): each page's fields, with their caps, parsed once by the
// route (parseForm / parseRow) and handed to the pure readers of studio-forms.ts as typed values. A text
// beyond its cap is cut, as the studio always did (the call's checks then say what is wrong with it).
import { z } from "zod";
import { parseRow } from "../../http/parse-form.server";
import { LIST_FIELDS, rowCount, TEXT_FIELDS } from "./studio-forms";

const capped = (max = 20_000) =>
  z
    .string()
    .default("")
    .transform((s) => s.replace(/\r\n/g, "\n").slice(0, max));
/** A checkbox: ticked when posted as « on » (the browser's default) or « yes ». */
const ticked = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "yes");
const bilingual = (name: string, max?: number) => ({ [`${name}.fr`]: capped(max), [`${name}.en`]: capped(max) });

export const TextsForm = z.object(
  Object.assign(
    {},
    ...TEXT_FIELDS.map((k) => bilingual(k, k === "title" ? 200 : undefined)),
    ...LIST_FIELDS.map((k) => bilingual(k)),
  ) as Record<string, ReturnType<typeof capped>>,
);

export const TimelineForm = z.object({
  deadlineChoice: capped(10),
  deadlineTime: capped(10),
  opens: capped(10),
  deadline: capped(10),
  answers: capped(10),
  communityStart: capped(10),
  communityEnd: capped(10),
});

/** A question or a block of explanation as edited: the shared settings and every type's own. */
export const QuestionForm = z.object({
  ...bilingual("label", 500),
  ...bilingual("help", 2000),
  ...bilingual("body", 20_000),
  ...bilingual("unit", 50),
  required: ticked,
  filterable: ticked,
  meaning: capped(60),
  condition: capped(200),
  maxLength: capped(30),
  lengthHint: capped(30),
  options: capped(),
  operational: capped(200),
  display: capped(10),
  minSelected: capped(30),
  maxSelected: capped(30),
  min: capped(30),
  max: capped(30),
  integer: ticked,
  year: ticked,
  wholeEuros: ticked,
  monthPrecision: ticked,
  accept: z.array(z.string().max(20)).max(20).default([]),
  maxFiles: capped(30),
  maxFileMb: capped(30),
  columns: capped(),
  ruleLeft: capped(60),
  ruleRight: capped(60),
  ruleOp: capped(10),
  minRows: capped(30),
  maxRows: capped(30),
});

export const SettingsForm = z.object({
  organiser: capped(300),
  "contact.name": capped(200),
  "contact.role": capped(200),
  "contact.organisation": capped(200),
  "contact.email": capped(200),
  "contact.phone": capped(50),
  targetSelection: capped(30),
  maxPerRegion: capped(30),
  minOperational: capped(30),
  charter: ticked,
  community: ticked,
  ...bilingual("receipt", 2000),
  ...bilingual("reminder", 2000),
});

/** Pages of repeated rows say how many rows they showed. */
export const RowsForm = z.object({ count: capped(5), minPerDossier: capped(30), maxPerReviewer: capped(30) });

/** A criterion of the review grid, posted as « c.<i>.* ». */
export const CriterionRow = z.object({
  remove: ticked,
  key: capped(60),
  ...bilingual("label", 300),
  ...bilingual("description", 2000),
  min: capped(30),
  max: capped(30),
  weight: capped(30),
});

/** A review phase, posted as « p.<i>.* ». */
export const PhaseRow = z.object({
  remove: ticked,
  ...bilingual("name", 200),
  starts: capped(16),
  canScore: ticked,
  seeOthers: ticked,
  seeNames: ticked,
  applicantsEdit: ticked,
});

/** The rows of a page of repeated rows (« c.0.label.fr »…), each through its row schema, as many as the page says it showed. */
export function postedRows<S extends z.ZodObject>(form: FormData, row: S, letter: string, max: number): z.infer<S>[] {
  const count = rowCount(parseRow(form, RowsForm, ""), max);
  return Array.from({ length: count }, (_, i) => parseRow(form, row, `${letter}.${i}.`));
}
