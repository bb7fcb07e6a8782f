import type { UrlField } from "./definition";
import { asString, type FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";
import { normaliseWebAddress } from "./address";

export const urlLogic: FieldTypeLogic<UrlField> = {
  ...plainText<UrlField>((s) => (normaliseWebAddress(s) ? null : { key: "field.url" })),
  toText: (v) => normaliseWebAddress(asString(v)) ?? asString(v).trim(),
};
