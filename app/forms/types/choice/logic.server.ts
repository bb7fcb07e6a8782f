import type { ChoiceField } from "./definition";
import { asString, isBlank, readString, type FieldTypeLogic, stringData, stringSchema } from "../contract";
import { optionLabel } from "../shared.server";

export const choiceLogic: FieldTypeLogic<ChoiceField> = {
  read: (form, name) => readString(form, name),
  isEmpty: isBlank,
  check: (v, f) => (f.options.some((o) => o.value === v) ? null : { key: "field.choice" }),
  toText: (v, f, locale) => (isBlank(v) ? "" : optionLabel(f, asString(v), locale)),
  toData: stringData,
  dataSchema: (f) => stringSchema({ enum: f.options.map((o) => o.value) }),
};
