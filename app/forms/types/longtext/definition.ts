import type { FieldBase, LocalizedText } from "../base";

export interface LongTextField extends FieldBase {
  type: "longtext";
  /** Suggested length in characters (a hint, never a cut-off). */
  lengthHint?: number;
  maxLength?: number;
  /** Shown above the field, e.g. « ne mentionnez pas de personnes identifiables ». */
  warning?: LocalizedText;
}
