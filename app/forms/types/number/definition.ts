import type { FieldBase, LocalizedText } from "../base";

export interface NumberField extends FieldBase {
  type: "number";
  min?: number;
  max?: number;
  integer?: boolean;
  /** « salariés », « m² », « % »: printed after the number and beside the control. */
  unit?: LocalizedText;
  /** A calendar year: printed « 2014 », never with a thousands separator. */
  year?: boolean;
}
