import type { FieldBase, LocalizedText } from "../base";

export interface TextField extends FieldBase {
  type: "text";
  maxLength?: number;
  placeholder?: LocalizedText;
}
