// A call's form as typed, versioned data (ADR 004). Shared by server and browser: no heavy imports here.
import { frenchSpacing } from "../lib/typography";
import type { Meaning } from "./meanings";

/** Text in French (required) and English (optional, falls back to French). */
export interface LocalizedText {
  fr: string;
  en?: string;
}

/** Show or require a part depending on another answer. */
export type Condition =
  | { field: string; equals: string | boolean }
  | { field: string; notEquals: string | boolean }
  | { field: string; in: string[] };

interface FieldBase {
  key: string;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  /** Required only when this condition holds (and the field is shown). */
  requiredIf?: Condition;
  showIf?: Condition;
  /** Facts reviewers filter on are marked so exports and filters can find them. */
  filterable?: boolean;
  /** What the field means to the platform (forms/meanings.ts): read through the dossier's profile. */
  meaning?: Meaning;
}

export interface ExplanationItem {
  type: "explanation";
  key: string;
  title?: LocalizedText;
  body: LocalizedText; // paragraphs separated by blank lines
  showIf?: Condition;
}

export interface TextField extends FieldBase {
  type: "text";
  maxLength?: number;
  placeholder?: LocalizedText;
}
export interface LongTextField extends FieldBase {
  type: "longtext";
  /** Suggested length in characters (a hint, never a cut-off). */
  lengthHint?: number;
  maxLength?: number;
  /** Shown above the field, e.g. « ne mentionnez pas de personnes identifiables ». */
  warning?: LocalizedText;
}
export interface YesNoField extends FieldBase {
  type: "yesno";
}
export interface ChoiceOption {
  value: string;
  label: LocalizedText;
  /** For a field meaning « stage »: this option means the project is in operation. */
  means?: "operational";
}
export interface ChoiceField extends FieldBase {
  type: "choice";
  options: ChoiceOption[];
  display?: "radio" | "select";
}
export interface MultiChoiceField extends FieldBase {
  type: "multichoice";
  options: ChoiceOption[];
  minSelected?: number;
  maxSelected?: number;
}
export interface NumberField extends FieldBase {
  type: "number";
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: LocalizedText;
  /** A calendar year: printed « 2014 », never with a thousands separator. */
  year?: boolean;
}
export interface DateField extends FieldBase {
  type: "date";
  min?: string; // YYYY-MM-DD
  max?: string;
  /** Month precision (YYYY-MM), e.g. an approximate visit date. */
  precision?: "day" | "month";
  /** The date may not be older than this many days before today (e.g. a dossier under one year old). */
  notOlderThanDays?: number;
}
export interface EmailField extends FieldBase {
  type: "email";
}
export interface PhoneField extends FieldBase {
  type: "phone";
}
export interface FilesField extends FieldBase {
  type: "files";
  maxFiles?: number;
}
export interface RegionField extends FieldBase {
  type: "region";
}
export interface DepartementField extends FieldBase {
  type: "departement";
}
export interface CommuneField extends FieldBase {
  type: "commune";
}
export interface SirenField extends FieldBase {
  type: "siren";
}
export interface SiretField extends FieldBase {
  type: "siret";
}
export interface RnaField extends FieldBase {
  type: "rna";
}

/** Fields allowed inside a repeatable group (no files, no nested groups). */
export type GroupableField =
  | TextField
  | LongTextField
  | YesNoField
  | ChoiceField
  | MultiChoiceField
  | NumberField
  | DateField
  | EmailField
  | PhoneField
  | RegionField
  | DepartementField
  | CommuneField
  | SirenField
  | SiretField
  | RnaField;

export interface GroupField extends FieldBase {
  type: "group";
  fields: GroupableField[];
  minItems?: number;
  maxItems?: number;
  itemLabel: LocalizedText; // « Partie prenante »
}

export type Field = GroupableField | FilesField | GroupField;
export type FieldType = Field["type"];
export type Item = Field | ExplanationItem;

export interface Section {
  key: string;
  title: LocalizedText;
  intro?: LocalizedText;
  showIf?: Condition;
  items: Item[];
}

export interface FormDefinition {
  /** Bumped on every change of the definition; dossiers keep the version they were started on. */
  version: number;
  sections: Section[];
  /** All answers of a dossier together, in characters (default: forms/limits.ts). */
  maxDossierCharacters?: number;
}

export type Answers = Record<string, unknown>;

export function localized(text: LocalizedText | undefined, locale: string): string {
  if (!text) return "";
  // The call's own French text (titles, questions, hints) gets French spacing like the interface's messages.
  return (locale === "en" && text.en) || frenchSpacing(text.fr);
}

export function isField(item: Item): item is Field {
  return item.type !== "explanation";
}

export function allFields(def: FormDefinition): { field: Field; section: Section }[] {
  return def.sections.flatMap((section) => section.items.filter(isField).map((field) => ({ field, section })));
}

// Definitions are immutable once loaded: index their fields once (autosave looks fields up per request).
const fieldIndex = new WeakMap<FormDefinition, Map<string, Field>>();

export function findField(def: FormDefinition, key: string): Field | undefined {
  let index = fieldIndex.get(def);
  if (!index) {
    index = new Map(allFields(def).map(({ field }) => [field.key, field]));
    fieldIndex.set(def, index);
  }
  return index.get(key);
}

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const value = answers[condition.field];
  if ("equals" in condition) return value === condition.equals;
  if ("notEquals" in condition) return value !== undefined && value !== null && value !== "" && value !== condition.notEquals;
  return typeof value === "string" && condition.in.includes(value);
}

/** A field counts (is shown, may be required) when its section's and its own conditions hold. */
export function isFieldActive(def: FormDefinition, key: string, answers: Answers): boolean {
  for (const section of def.sections) {
    for (const item of section.items) {
      if (item.key === key) return conditionHolds(section.showIf, answers) && conditionHolds(item.showIf, answers);
    }
  }
  return false;
}

export function isFieldRequired(def: FormDefinition, field: Field, answers: Answers): boolean {
  if (!isFieldActive(def, field.key, answers)) return false;
  return Boolean(field.required) || (field.requiredIf ? conditionHolds(field.requiredIf, answers) : false);
}
