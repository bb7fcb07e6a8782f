import type { FieldBase } from "../base";

/** A commune typed by name, postcode or INSEE code; its département and région follow. */
export interface CommuneField extends FieldBase {
  type: "commune";
}

export interface CommuneValue {
  query: string;
  code?: string;
}
