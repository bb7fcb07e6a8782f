// Reading the studio's posted forms into a call's content (pure, shared by its routes and tests). The routes
// parse each form with its schema (studio-inputs.server.ts) and hand the typed values here.
import type { ChoiceOption, Condition, ExplanationItem, Field, FormDefinition, LocalizedText } from "../../forms/definition";
import { isMeaning } from "../../forms/meanings";
import { parseNumber } from "../../forms/numbers";
import { FILE_KINDS, type FileKind } from "../../forms/types/files/definition";
import type { TableColumn, TotalsRule } from "../../forms/types/table/definition";
import { sortPhases, type ReviewPhase } from "../review/phases";
import type { CallContent, CallTimeline, ReviewCriterion } from "./call-content";
import { fieldsBefore, keyFromLabel } from "./form-editing";

/** A studio form's values as its schema parsed them (texts, ticked boxes, lists), by field name. */
export type Posted = Readonly<Record<string, unknown>>;
type FormLike = Posted;
const str = (form: FormLike, name: string, max = 20_000) => {
  const v = form[name];
  return (typeof v === "string" ? v : "").replace(/\r\n/g, "\n").slice(0, max);
};

/** A text in both languages: `name.fr` and `name.en` (an empty English text falls back to French). */
export function localizedFrom(form: FormLike, name: string, max?: number): LocalizedText {
  const fr = str(form, `${name}.fr`, max).trim();
  const en = str(form, `${name}.en`, max).trim();
  return en ? { fr, en } : { fr };
}

/** Paragraphs separated by a blank line, in both languages, paired in order. */
export function paragraphsFrom(form: FormLike, name: string): LocalizedText[] {
  const split = (s: string) =>
    s
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
  const fr = split(str(form, `${name}.fr`));
  const en = split(str(form, `${name}.en`));
  return fr.map((p, i) => (en[i] ? { fr: p, en: en[i] } : { fr: p }));
}

export function joinParagraphs(list: LocalizedText[], locale: "fr" | "en"): string {
  return list
    .map((p) => (locale === "en" ? (p.en ?? "") : p.fr))
    .filter(Boolean)
    .join("\n\n");
}

export const TEXT_FIELDS = [
  "title",
  "subtitle",
  "presentation",
  "conditionsNote",
  "commitmentsIntro",
  "howToApply",
  "closingThanks",
] as const;
export const LIST_FIELDS = ["conditions", "commitments", "parts"] as const;

export function textsFrom(form: FormLike, content: CallContent): CallContent {
  const next = { ...content };
  for (const k of TEXT_FIELDS) next[k] = localizedFrom(form, k, k === "title" ? 200 : undefined);
  for (const k of LIST_FIELDS) next[k] = paragraphsFrom(form, k);
  return next;
}

/** The timeline: dates, and the deadline's time (end of day, noon or another HH:MM). */
export function timelineFrom(form: FormLike, timeline: CallTimeline): CallTimeline {
  const choice = str(form, "deadlineChoice", 10);
  const deadlineTime =
    choice === "noon"
      ? "12:00"
      : choice === "other"
        ? str(form, "deadlineTime", 10)
            .trim()
            .replace(/\s*h\s*/i, ":")
        : "23:59";
  return {
    opens: str(form, "opens", 10).trim(),
    deadline: str(form, "deadline", 10).trim(),
    answers: str(form, "answers", 10).trim(),
    communityStart: str(form, "communityStart", 10).trim() || timeline.communityStart,
    communityEnd: str(form, "communityEnd", 10).trim() || timeline.communityEnd,
    deadlineTime,
  };
}

const num = (form: FormLike, name: string): number | undefined => {
  const n = parseNumber(str(form, name, 30));
  return n === null ? undefined : n;
};
const bool = (form: FormLike, name: string) => form[name] === true || form[name] === "on" || form[name] === "yes";

/** « Libellé | English label » per line. */
function bilingual(line: string): { fr: string; en?: string } {
  const [fr, en] = line.split("|").map((x) => x.trim());
  return en ? { fr, en } : { fr };
}

/**
 * Options from lines. An option keeps its value (so answers already given keep their meaning) when its
 * French label is unchanged, or when it is renamed in place; new lines get a new value.
 */
export function optionsFrom(text: string, existing: ChoiceOption[]): ChoiceOption[] {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 200);
  const used = new Set<string>();
  const labels = lines.map(bilingual);
  const byLabel = new Map(existing.map((o) => [o.label.fr, o]));
  const out: ChoiceOption[] = labels.map((label) => {
    const same = byLabel.get(label.fr);
    if (same && !used.has(same.value)) {
      used.add(same.value);
      return { ...same, label };
    }
    return { value: "", label };
  });
  out.forEach((o, i) => {
    if (o.value) return;
    const inPlace = existing[i];
    if (inPlace && !used.has(inPlace.value) && !labels.some((l) => l.fr === inPlace.label.fr)) {
      used.add(inPlace.value);
      out[i] = { ...inPlace, label: o.label };
      return;
    }
    const value = keyFromLabel(o.label.fr, new Set([...used, ...existing.map((e) => e.value)]));
    used.add(value);
    out[i] = { value, label: o.label };
  });
  return out;
}

export function optionLines(options: ChoiceOption[]): string {
  return options.map((o) => (o.label.en ? `${o.label.fr} | ${o.label.en}` : o.label.fr)).join("\n");
}

const COLUMN_TYPES: Record<string, TableColumn["type"]> = {
  texte: "text",
  text: "text",
  nombre: "number",
  number: "number",
  montant: "money",
  amount: "money",
  money: "money",
  euros: "money",
};

/** Columns from lines « Libellé | English ; type ; total ; obligatoire »; a column keeps its key when its label is unchanged or renamed in place. */
export function columnsFrom(text: string, existing: TableColumn[]): TableColumn[] {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 30);
  const taken = new Set<string>();
  return lines.map((line, i) => {
    const [labelPart, ...flags] = line.split(";").map((x) => x.trim());
    const label = bilingual(labelPart);
    const words = flags.map((f) => f.toLowerCase());
    const type = words.map((w) => COLUMN_TYPES[w]).find(Boolean) ?? "text";
    const same =
      existing.find((c) => c.label.fr === label.fr) ??
      (existing[i] && !lines.some((l) => bilingual(l.split(";")[0].trim()).fr === existing[i].label.fr) ? existing[i] : undefined);
    let key = same && !taken.has(same.key) ? same.key : keyFromLabel(label.fr, new Set([...taken, ...existing.map((c) => c.key)]));
    if (taken.has(key)) key = keyFromLabel(label.fr, taken);
    taken.add(key);
    const column: TableColumn = { key, label, type };
    if (words.includes("total") && type !== "text") column.total = true;
    if (words.includes("obligatoire") || words.includes("required")) column.required = true;
    return column;
  });
}

export function columnLines(columns: TableColumn[]): string {
  const typeWord = { text: "texte", number: "nombre", money: "montant" } as const;
  return columns
    .map((c) =>
      [c.label.en ? `${c.label.fr} | ${c.label.en}` : c.label.fr, typeWord[c.type], c.total ? "total" : "", c.required ? "obligatoire" : ""]
        .filter(Boolean)
        .join(" ; "),
    )
    .join("\n");
}

/** A condition from the single select « question=valeur » (empty: always shown). */
export function conditionFrom(value: string, form: FormDefinition, key: string): Condition | undefined {
  if (!value) return undefined;
  const [field, answer] = value.split("=", 2);
  const target = fieldsBefore(form, key).find((f) => f.key === field);
  if (!target || answer === undefined) return undefined;
  return { field, equals: answer };
}

/** The question as edited: shared settings, then those of its type. Unknown values are dropped, never guessed. */
export function questionFrom(form: FormLike, field: Field, def: FormDefinition): Field {
  const help = localizedFrom(form, "help", 2000);
  const base = {
    ...field,
    label: localizedFrom(form, "label", 500),
    help: help.fr ? help : undefined,
    required: bool(form, "required") || undefined,
    filterable: bool(form, "filterable") || undefined,
    meaning: isMeaning(str(form, "meaning", 60)) ? (str(form, "meaning", 60) as Field["meaning"]) : undefined,
    showIf: conditionFrom(str(form, "condition", 200), def, field.key),
  } as Field;
  switch (base.type) {
    case "text":
      return { ...base, maxLength: num(form, "maxLength") };
    case "longtext":
      return { ...base, maxLength: num(form, "maxLength"), lengthHint: num(form, "lengthHint") };
    case "choice": {
      const options = optionsFrom(str(form, "options"), base.options);
      const operational = str(form, "operational", 200);
      return {
        ...base,
        display: str(form, "display", 10) === "select" ? "select" : "radio",
        options: options.map((o) => ({
          value: o.value,
          label: o.label,
          ...(o.value === operational && base.meaning === "stage" ? { means: "operational" as const } : {}),
        })),
      };
    }
    case "multichoice":
      return {
        ...base,
        options: optionsFrom(str(form, "options"), base.options),
        minSelected: num(form, "minSelected"),
        maxSelected: num(form, "maxSelected"),
      };
    case "number": {
      const unit = localizedFrom(form, "unit", 50);
      return {
        ...base,
        min: num(form, "min"),
        max: num(form, "max"),
        integer: bool(form, "integer") || undefined,
        year: bool(form, "year") || undefined,
        unit: unit.fr ? unit : undefined,
      };
    }
    case "money":
      return { ...base, min: num(form, "min"), max: num(form, "max"), wholeEuros: bool(form, "wholeEuros") || undefined };
    case "date":
      return { ...base, precision: bool(form, "monthPrecision") ? "month" : undefined };
    case "files": {
      const posted = form.accept;
      const accept = Array.isArray(posted) ? (posted.filter((k) => (FILE_KINDS as readonly unknown[]).includes(k)) as FileKind[]) : [];
      return { ...base, maxFiles: num(form, "maxFiles"), maxFileMb: num(form, "maxFileMb"), accept: accept.length ? accept : undefined };
    }
    case "table": {
      const columns = columnsFrom(str(form, "columns"), base.columns);
      const left = str(form, "ruleLeft", 60);
      const right = str(form, "ruleRight", 60);
      const op = str(form, "ruleOp", 10);
      const rules: TotalsRule[] = left && right && (op === "equal" || op === "atMost" || op === "atLeast") ? [{ left, op, right }] : [];
      return { ...base, columns, rules: rules.length ? rules : undefined, minRows: num(form, "minRows"), maxRows: num(form, "maxRows") };
    }
    default:
      return base;
  }
}

/** The review grid from its rows (posted as `c.<i>.*`); a row left without a wording is dropped; a criterion keeps its key. */
export function criteriaFrom(rows: FormLike[], existing: ReviewCriterion[]): ReviewCriterion[] {
  const taken = new Set<string>();
  const out: ReviewCriterion[] = [];
  for (const row of rows.slice(0, 50)) {
    if (bool(row, "remove")) continue;
    const label = localizedFrom(row, "label", 300);
    if (!label.fr) continue;
    const description = localizedFrom(row, "description", 2000);
    const previous = existing.find((c) => c.key === str(row, "key", 60));
    let key =
      previous && !taken.has(previous.key) ? previous.key : keyFromLabel(label.fr, new Set([...taken, ...existing.map((c) => c.key)]));
    if (taken.has(key)) key = keyFromLabel(label.fr, taken);
    taken.add(key);
    const min = num(row, "min") ?? 0;
    const max = num(row, "max") ?? 4;
    const weight = num(row, "weight");
    out.push({ key, label, description, scale: { min, max }, ...(weight !== undefined && weight !== 1 ? { weight } : {}) });
  }
  return out;
}

/** How many rows a page of repeated rows showed (criteria, phases), capped. */
export function rowCount(form: FormLike, max: number): number {
  return Math.min(Math.max(Number(str(form, "count", 5)) || 0, 0), max);
}

/** Who runs the call, its contact, selection defaults, charter and community, e-mail texts. */
export function settingsFrom(form: FormLike, content: CallContent): CallContent {
  const target = num(form, "targetSelection");
  const maxPerRegion = num(form, "maxPerRegion");
  const minOperational = num(form, "minOperational");
  const receipt = localizedFrom(form, "receipt", 2000);
  const reminder = localizedFrom(form, "reminder", 2000);
  return {
    ...content,
    organiser: str(form, "organiser", 300).trim(),
    contact: {
      name: str(form, "contact.name", 200).trim(),
      role: str(form, "contact.role", 200).trim(),
      organisation: str(form, "contact.organisation", 200).trim(),
      email: str(form, "contact.email", 200).trim(),
      phone: str(form, "contact.phone", 50).trim(),
    },
    targetSelection: target !== undefined && Number.isInteger(target) ? target : 0,
    selection: {
      ...(maxPerRegion && maxPerRegion > 0 ? { maxPerRegion: Math.round(maxPerRegion) } : {}),
      ...(minOperational !== undefined && minOperational >= 0 && minOperational <= 100
        ? { minOperationalShare: minOperational / 100 }
        : {}),
    },
    features: { charter: bool(form, "charter"), community: bool(form, "community") },
    emails: { ...(receipt.fr ? { receipt } : {}), ...(reminder.fr ? { reminder } : {}) },
  };
}

/** A block of explanation: its title and text in both languages, and when it shows. */
export function explanationFrom(form: FormLike, item: ExplanationItem, def: FormDefinition): ExplanationItem {
  const title = localizedFrom(form, "label", 500);
  return {
    ...item,
    title: title.fr ? title : undefined,
    body: localizedFrom(form, "body", 20_000),
    showIf: conditionFrom(str(form, "condition", 200), def, item.key),
  };
}

/**
 * The review phases (rows posted as « p.0.name.fr », « p.0.starts », « p.0.canScore »…), in date order, and the
 * assignment's hard limits. A phase without a name is left out; its date is kept as typed (the studio's
 * checks name a date it cannot read).
 */
export function phasesFrom(form: FormLike, rows: FormLike[], content: CallContent): CallContent {
  const phases: ReviewPhase[] = [];
  for (const row of rows.slice(0, 20)) {
    if (bool(row, "remove")) continue;
    const name = localizedFrom(row, "name", 200);
    if (!name.fr) continue;
    phases.push({
      name,
      starts: str(row, "starts", 16).trim(),
      canScore: bool(row, "canScore"),
      seeOthers: bool(row, "seeOthers"),
      seeNames: bool(row, "seeNames"),
      applicantsEdit: bool(row, "applicantsEdit"),
    });
  }
  const whole = (name: string, max: number) => {
    const n = num(form, name);
    return n !== undefined && Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
  };
  const minPerDossier = whole("minPerDossier", 10);
  const maxPerReviewer = whole("maxPerReviewer", 1000);
  const next: CallContent = { ...content, phases: sortPhases(phases) };
  if (minPerDossier || maxPerReviewer) next.assignment = { minPerDossier, maxPerReviewer };
  else delete next.assignment;
  if (!phases.length) delete next.phases;
  return next;
}
