import type { FieldBase } from "../base";

export interface DepartementField extends FieldBase {
  type: "departement";
}
