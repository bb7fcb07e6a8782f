import type { FieldBase } from "../base";

export interface EmailField extends FieldBase {
  type: "email";
}
