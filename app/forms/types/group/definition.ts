import type { FieldBase, LocalizedText } from "../base";
import type { GroupableField } from "../../definition";

/** Repeatable rows of questions (« Partie prenante 1, 2… »). */
export interface GroupField extends FieldBase {
  type: "group";
  fields: GroupableField[];
  minItems?: number;
  maxItems?: number;
  itemLabel: LocalizedText; // « Partie prenante »
}
