import type { DepartementField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, stringData, stringSchema } from "../contract";
import { departementByCode } from "../../territory.server";

export const departementLogic: FieldTypeLogic<DepartementField> = {
  read: (form, name) => readString(form, name),
  isEmpty: isBlank,
  check: (v) => (departementByCode(asString(v)) ? null : { key: "field.departement" }),
  toText: (v) => {
    const d = departementByCode(asString(v));
    return d ? `${d.nom} (${d.code})` : asString(v);
  },
  toData: stringData,
  dataSchema: () => stringSchema({ description: "Code INSEE du département" }),
};
