import type { SiretField } from "./definition";
import { asString, type FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";
import { checkSiret, formatSiret } from "../../identifiers";

export const siretLogic: FieldTypeLogic<SiretField> = {
  ...plainText<SiretField>((s) => {
    const r = checkSiret(s);
    return r.ok ? null : { key: r.reason === "format" ? "field.siret.format" : "field.siret.checksum" };
  }),
  toText: (v) => {
    const r = checkSiret(asString(v));
    return r.ok ? formatSiret(r.value) : asString(v);
  },
};
