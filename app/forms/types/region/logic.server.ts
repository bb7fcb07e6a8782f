import type { RegionField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, stringData, stringSchema } from "../contract";
import { regionByCode } from "../../territory.server";

export const regionLogic: FieldTypeLogic<RegionField> = {
  read: (form, name) => readString(form, name),
  isEmpty: isBlank,
  check: (v) => (regionByCode(asString(v)) ? null : { key: "field.region" }),
  toText: (v) => regionByCode(asString(v))?.nom ?? asString(v),
  toData: stringData,
  dataSchema: () => stringSchema({ description: "Code INSEE de la région" }),
};
