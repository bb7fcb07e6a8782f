// Everything checked before a call is published (issue 10), each problem named with where to fix it. Pure:
// the studio's overview lists them, publishing refuses while one remains.
import type { Condition, Field, FormDefinition } from "../../forms/definition";
import { allFields, isField, localized } from "../../forms/definition";
import { MEANINGS, isMeaning } from "../../forms/meanings";
import { isCivilDate } from "../../lib/paris-time";
import type { MessageKey } from "../../i18n/i18n";
import type { CallContent, CallTimeline } from "./call-content";
import { featuresOf } from "./call-content";
import { phaseProblems } from "../review/phases";
import { DECISIONS, unknownPlaceholders, type Decision, type LetterTemplate } from "../decisions/letters";

export type StudioArea = "texts" | "timeline" | "form" | "grid" | "phases" | "letters" | "settings";

export interface CallProblem {
  area: StudioArea;
  /** The question, section or criterion concerned (for a link to it). */
  target?: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** The values a condition can ever be met with, from the field it points to; null when any value can. */
function possibleValues(field: Field): string[] | null {
  if (field.type === "yesno") return ["yes", "no"];
  if (field.type === "choice" || field.type === "multichoice") return field.options.map((o) => o.value);
  return null;
}

function conditionProblem(form: FormDefinition, condition: Condition, ownerKey: string, label: string): Omit<CallProblem, "area"> | null {
  const fields = new Map(allFields(form).map(({ field }) => [field.key, field]));
  const target = fields.get(condition.field);
  if (!target) return { target: ownerKey, key: "studio.check.conditionNowhere", vars: { label, field: condition.field } };
  if (condition.field === ownerKey) return { target: ownerKey, key: "studio.check.conditionSelf", vars: { label } };
  const possible = possibleValues(target);
  if (!possible) return null;
  const wanted = "equals" in condition ? [condition.equals] : "in" in condition ? condition.in : [];
  const asText = (v: string | boolean) => (v === true ? "yes" : v === false ? "no" : v);
  if (wanted.length > 0 && !wanted.some((v) => possible.includes(asText(v)))) {
    return { target: ownerKey, key: "studio.check.conditionNever", vars: { label, field: localized(target.label, "fr") } };
  }
  return null;
}

export function checkCall(input: {
  content: CallContent;
  timeline: CallTimeline;
  form: FormDefinition;
  letters?: Record<Decision, LetterTemplate>;
}): CallProblem[] {
  const { content, timeline, form } = input;
  const problems: CallProblem[] = [];
  const add = (area: StudioArea, p: Omit<CallProblem, "area">) => problems.push({ area, ...p });
  const features = featuresOf(content);

  // Texts and contact.
  if (!content.title.fr.trim()) add("texts", { key: "studio.check.noTitle" });
  if (!content.presentation.fr.trim()) add("texts", { key: "studio.check.noPresentation" });
  if (!content.organiser.trim()) add("settings", { key: "studio.check.noOrganiser" });
  if (!EMAIL.test(content.contact.email.trim())) add("settings", { key: "studio.check.noContactEmail" });

  // Timeline.
  const dates: (keyof CallTimeline)[] = features.community
    ? ["opens", "deadline", "answers", "communityStart", "communityEnd"]
    : ["opens", "deadline", "answers"];
  for (const d of dates)
    if (!isCivilDate(String(timeline[d] ?? "")))
      add("timeline", { target: d, key: d === "deadline" ? "studio.check.noDeadline" : "studio.check.badDate", vars: { date: d } });
  if (isCivilDate(timeline.opens) && isCivilDate(timeline.deadline) && timeline.deadline < timeline.opens)
    add("timeline", { target: "deadline", key: "studio.check.deadlineBeforeOpening" });
  if (isCivilDate(timeline.deadline) && isCivilDate(timeline.answers) && timeline.answers < timeline.deadline)
    add("timeline", { target: "answers", key: "studio.check.answersBeforeDeadline" });
  if (
    features.community &&
    isCivilDate(timeline.communityStart) &&
    isCivilDate(timeline.communityEnd) &&
    timeline.communityEnd <= timeline.communityStart
  )
    add("timeline", { target: "communityEnd", key: "studio.check.communityEnds" });
  if (timeline.deadlineTime !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(timeline.deadlineTime))
    add("timeline", { target: "deadlineTime", key: "studio.check.badTime" });

  // Form.
  if (form.sections.length === 0) add("form", { key: "studio.check.noSection" });
  const seen = new Set<string>();
  const meaningOwner = new Map<string, string>();
  for (const section of form.sections) {
    const title = localized(section.title, "fr");
    if (!title.trim()) add("form", { target: section.key, key: "studio.check.sectionUntitled" });
    if (!section.items.some(isField)) add("form", { target: section.key, key: "studio.check.sectionEmpty", vars: { title } });
    if (section.showIf) {
      const p = conditionProblem(form, section.showIf, section.key, title);
      if (p) add("form", p);
    }
    for (const item of section.items) {
      const label = isField(item) ? localized(item.label, "fr") : localized(item.title ?? item.body, "fr").slice(0, 60);
      if (seen.has(item.key)) add("form", { target: item.key, key: "studio.check.duplicateKey", vars: { key: item.key } });
      seen.add(item.key);
      if (item.showIf) {
        const p = conditionProblem(form, item.showIf, item.key, label);
        if (p) {
          add("form", p);
          // A required question behind a condition that can never hold can never be answered.
          if (isField(item) && item.required && p.key !== "studio.check.conditionSelf")
            add("form", { target: item.key, key: "studio.check.requiredHidden", vars: { label } });
        }
      }
      if (!isField(item)) {
        if (!item.body.fr.trim()) add("form", { target: item.key, key: "studio.check.explanationEmpty", vars: { label } });
        continue;
      }
      if (!label.trim()) add("form", { target: item.key, key: "studio.check.questionUntitled" });
      if (item.requiredIf) {
        const p = conditionProblem(form, item.requiredIf, item.key, label);
        if (p) add("form", p);
      }
      if (
        (item.type === "choice" || item.type === "multichoice") &&
        (item.options.length < 2 ||
          new Set(item.options.map((o) => o.value)).size !== item.options.length ||
          item.options.some((o) => !o.label.fr.trim()))
      ) {
        add("form", { target: item.key, key: "studio.check.options", vars: { label } });
      }
      if (item.type === "table") {
        if (item.columns.length === 0 || item.columns.some((c) => !c.label.fr.trim()))
          add("form", { target: item.key, key: "studio.check.tableColumns", vars: { label } });
        if (new Set(item.columns.map((c) => c.key)).size !== item.columns.length)
          add("form", { target: item.key, key: "studio.check.tableColumns", vars: { label } });
        for (const rule of item.rules ?? []) {
          const ok =
            [rule.left, rule.right].every((k) => item.columns.some((c) => c.key === k && c.total && c.type !== "text")) &&
            rule.left !== rule.right;
          if (!ok) add("form", { target: item.key, key: "studio.check.tableRule", vars: { label } });
        }
      }
      if (item.type === "number" || item.type === "money") {
        if (item.min !== undefined && item.max !== undefined && item.min > item.max)
          add("form", { target: item.key, key: "studio.check.minMax", vars: { label } });
      }
      if (item.meaning !== undefined) {
        if (!isMeaning(item.meaning)) add("form", { target: item.key, key: "studio.check.meaningUnknown", vars: { label } });
        else {
          const types: readonly string[] = MEANINGS[item.meaning].types;
          if (!types.includes(item.type))
            add("form", { target: item.key, key: "studio.check.meaningType", vars: { label, meaning: item.meaning } });
          const other = meaningOwner.get(item.meaning);
          if (other) add("form", { target: item.key, key: "studio.check.meaningTwice", vars: { label, other, meaning: item.meaning } });
          else meaningOwner.set(item.meaning, label);
        }
      }
    }
  }
  if (features.community && !meaningOwner.has("applicantName")) add("form", { key: "studio.check.needsName" });

  // Review grid.
  if (content.criteria.length === 0) add("grid", { key: "studio.check.noCriteria" });
  const criterionKeys = new Set<string>();
  for (const c of content.criteria) {
    const label = localized(c.label, "fr");
    if (!label.trim()) add("grid", { target: c.key, key: "studio.check.criterionUntitled" });
    if (criterionKeys.has(c.key)) add("grid", { target: c.key, key: "studio.check.duplicateKey", vars: { key: c.key } });
    criterionKeys.add(c.key);
    if (!(c.scale.max > c.scale.min)) add("grid", { target: c.key, key: "studio.check.scale", vars: { label } });
    if (c.weight !== undefined && !(c.weight > 0)) add("grid", { target: c.key, key: "studio.check.weight", vars: { label } });
  }

  // Letters and selection.
  for (const d of DECISIONS) {
    const letter = input.letters?.[d];
    if (!letter) continue;
    const unknown = [...unknownPlaceholders(letter.subject), ...unknownPlaceholders(letter.body)];
    if (unknown.length)
      add("letters", { target: d, key: "studio.check.placeholders", vars: { names: unknown.map((u) => `{${u}}`).join(", ") } });
  }
  if (!(content.targetSelection > 0)) add("settings", { key: "studio.check.target" });
  for (const p of phaseProblems(content.phases)) add("phases", p);
  return problems;
}
