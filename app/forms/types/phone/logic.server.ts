import type { PhoneField } from "./definition";
import type { FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";

// Separators are free: overseas numbers are often written « 0262 12 34 56 ».
const PHONE_FR = /^(?:\+33|0033|0)[1-9]\d{8}$/;
const PHONE_INTL = /^\+\d{7,15}$/;
const phoneDigits = (s: string) => s.replace(/[\s.\-()\u00a0]/g, "").replace(/^\+33\(0\)/, "+33");

export const phoneLogic: FieldTypeLogic<PhoneField> = plainText((s) =>
  PHONE_FR.test(phoneDigits(s)) || PHONE_INTL.test(phoneDigits(s)) ? null : { key: "field.phone" },
);
