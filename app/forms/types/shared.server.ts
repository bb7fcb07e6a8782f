// Helpers several types' logic share.
import { cachedNumberFormat } from "../../lib/typography";
import type { Field, ChoiceField, MultiChoiceField } from "../definition";
import { localized } from "../definition";
import { personCount } from "../limits";
import type { Locale } from "../../i18n/i18n";
import {
  asString,
  isBlank,
  readString,
  stringData,
  stringSchema,
  type FieldProblem,
  type FieldTypeLogic,
  type JsonSchema,
} from "./contract";

/** Free text checked for its length (in characters as people count them) and, optionally, its form. */
export function plainText<F extends Field>(checker?: (v: string, f: F) => FieldProblem | null, schema: JsonSchema = {}): FieldTypeLogic<F> {
  return {
    read: (form, name) => readString(form, name),
    isEmpty: isBlank,
    check: (v, f) => {
      const s = asString(v);
      const max = (f as { maxLength?: number }).maxLength;
      if (max && personCount(s) > max) return { key: "field.tooLong", vars: { max, count: personCount(s) } };
      return checker ? checker(s.trim(), f) : null;
    },
    toText: (v) => asString(v).trim(),
    toData: stringData,
    dataSchema: () => stringSchema(schema),
  };
}

export function optionLabel(field: ChoiceField | MultiChoiceField, value: string, locale: Locale): string {
  const o = field.options.find((x) => x.value === value);
  return o ? localized(o.label, locale) : value;
}

export function numberFormat(locale: Locale, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cachedNumberFormat(locale, options);
}
