import type { SirenField } from "./definition";
import { asString, type FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";
import { checkSiren, formatSiren } from "../../identifiers";

export const sirenLogic: FieldTypeLogic<SirenField> = {
  ...plainText<SirenField>((s) => {
    const r = checkSiren(s);
    return r.ok ? null : { key: r.reason === "format" ? "field.siren.format" : "field.siren.checksum" };
  }),
  toText: (v) => {
    const r = checkSiren(asString(v));
    return r.ok ? formatSiren(r.value) : asString(v);
  },
};
