import type { TextField } from "./definition";
import type { FieldTypeLogic } from "../contract";
import { plainText } from "../shared.server";

export const textLogic: FieldTypeLogic<TextField> = plainText();
