import type { FieldBase } from "../base";

export interface PhoneField extends FieldBase {
  type: "phone";
}
