import type { LongTextField } from "./definition";
import type { FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";

export const longtextLogic: FieldTypeLogic<LongTextField> = plainText();
