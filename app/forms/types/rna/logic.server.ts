import type { RnaField } from "./definition";
import { asString, type FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";
import { checkRna } from "../../identifiers";

export const rnaLogic: FieldTypeLogic<RnaField> = {
  ...plainText<RnaField>((s) => (checkRna(s).ok ? null : { key: "field.rna.format" })),
  toText: (v) => {
    const r = checkRna(asString(v));
    return r.ok ? r.value : asString(v);
  },
};
