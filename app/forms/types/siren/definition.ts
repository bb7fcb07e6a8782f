import type { FieldBase } from "../base";

export interface SirenField extends FieldBase {
  type: "siren";
}
