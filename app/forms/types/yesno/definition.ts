import type { FieldBase } from "../base";

export interface YesNoField extends FieldBase {
  type: "yesno";
}
