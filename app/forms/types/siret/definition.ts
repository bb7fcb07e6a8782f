import type { FieldBase } from "../base";

export interface SiretField extends FieldBase {
  type: "siret";
}
