import type { FieldBase } from "../base";

export interface RnaField extends FieldBase {
  type: "rna";
}
