import type { ChoiceOption, FieldBase } from "../base";

export interface MultiChoiceField extends FieldBase {
  type: "multichoice";
  options: ChoiceOption[];
  minSelected?: number;
  maxSelected?: number;
}
