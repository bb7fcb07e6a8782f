// A call's form as typed, versioned data (ADR 004). Shared by server and browser: no heavy imports here.
import { frenchSpacing } from "../lib/typography";

import type { Condition, LocalizedText } from "./types/base";
import type { TextField } from "./types/text/definition";
import type { LongTextField } from "./types/longtext/definition";
import type { YesNoField } from "./types/yesno/definition";
import type { ChoiceField } from "./types/choice/definition";
import type { MultiChoiceField } from "./types/multichoice/definition";
import type { NumberField } from "./types/number/definition";
import type { MoneyField } from "./types/money/definition";
import type { DateField } from "./types/date/definition";
import type { EmailField } from "./types/email/definition";
import type { PhoneField } from "./types/phone/definition";
import type { UrlField } from "./types/url/definition";
import type { FilesField } from "./types/files/definition";
import type { RegionField } from "./types/region/definition";
import type { DepartementField } from "./types/departement/definition";
import type { CommuneField } from "./types/commune/definition";
import type { SirenField } from "./types/siren/definition";
import type { SiretField } from "./types/siret/definition";
import type { RnaField } from "./types/rna/definition";
import type { GroupField } from "./types/group/definition";
import type { TableField } from "./types/table/definition";

export type { Condition, LocalizedText, FieldBase, ChoiceOption } from "./types/base";
export type {
  TextField,
  LongTextField,
  YesNoField,
  ChoiceField,
  MultiChoiceField,
  NumberField,
  MoneyField,
  DateField,
  EmailField,
  PhoneField,
  UrlField,
  FilesField,
  RegionField,
  DepartementField,
  CommuneField,
  SirenField,
  SiretField,
  RnaField,
  GroupField,
  TableField,
};

export interface ExplanationItem {
  type: "explanation";
  key: string;
  title?: LocalizedText;
  body: LocalizedText; // paragraphs separated by blank lines
  showIf?: Condition;
}

/** Fields allowed inside a repeatable group (no files, tables or nested groups). */
export type GroupableField =
  | TextField
  | LongTextField
  | YesNoField
  | ChoiceField
  | MultiChoiceField
  | NumberField
  | MoneyField
  | DateField
  | EmailField
  | PhoneField
  | UrlField
  | RegionField
  | DepartementField
  | CommuneField
  | SirenField
  | SiretField
  | RnaField;

/** The closed family of field types (app/forms/types/<type>/). */
export type Field = GroupableField | FilesField | GroupField | TableField;
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
