import type { EmailField } from "./definition";
import type { FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const emailLogic: FieldTypeLogic<EmailField> = plainText((s) => (EMAIL.test(s) ? null : { key: "field.email" }));
