import type { ChoiceOption, FieldBase } from "../base";

export interface ChoiceField extends FieldBase {
  type: "choice";
  options: ChoiceOption[];
  display?: "radio" | "select";
}
