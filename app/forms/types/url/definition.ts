import type { FieldBase } from "../base";

/** A web address; « www.exemple.fr » is accepted and read as https://www.exemple.fr. */
export interface UrlField extends FieldBase {
  type: "url";
}
