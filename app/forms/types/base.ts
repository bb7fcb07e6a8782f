// What every field shares, whatever its type. Data only: read by server and browser alike.
import type { Meaning } from "../meanings";

/** Text in French (required) and English (optional, falls back to French). */
export interface LocalizedText {
  fr: string;
  en?: string;
}

/** Show or require a part depending on another answer. */
export type Condition =
  { field: string; equals: string | boolean } | { field: string; notEquals: string | boolean } | { field: string; in: string[] };

export interface FieldBase {
  key: string;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  /** Required only when this condition holds (and the field is shown). */
  requiredIf?: Condition;
  showIf?: Condition;
  /** Organisers filter the list of dossiers on this field (lists, counts and saved views follow it). */
  filterable?: boolean;
  /** What the field means to the platform (forms/meanings.ts): read through the dossier's profile. */
  meaning?: Meaning;
}

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
  /** For a field meaning « stage »: this option means the project is in operation. */
  means?: "operational";
}
