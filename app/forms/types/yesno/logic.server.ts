import type { YesNoField } from "./definition";
import { readString, type FieldTypeLogic, nullable } from "../contract";
import { t } from "../../../i18n/i18n";

export const yesnoLogic: FieldTypeLogic<YesNoField> = {
  read: (form, name) => {
    const v = readString(form, name);
    return v === "yes" || v === "no" ? v : v === undefined ? undefined : "";
  },
  isEmpty: (v) => v !== "yes" && v !== "no",
  check: () => null,
  toText: (v, _f, locale) => (v === "yes" ? t(locale, "common.yes") : v === "no" ? t(locale, "common.no") : ""),
  toData: (v) => (v === "yes" ? true : v === "no" ? false : null),
  dataSchema: () => nullable({ type: "boolean" }),
};
