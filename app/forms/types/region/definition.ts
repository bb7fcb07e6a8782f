import type { FieldBase } from "../base";

export interface RegionField extends FieldBase {
  type: "region";
}
