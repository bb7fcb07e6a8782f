// Every field type's logic, compile-checked: a type of the Field union missing here does not build.
import type { Field } from "../definition";
import type { FieldTypeLogic, LogicRegistry } from "./contract";
import { groupableLogic } from "./groupable.server";
import { filesLogic } from "./files/logic.server";
import { groupLogic } from "./group/logic.server";
import { tableLogic } from "./table/logic.server";

export const fieldLogic: LogicRegistry = {
  ...groupableLogic,
  files: filesLogic,
  group: groupLogic,
  table: tableLogic,
};

export function logicOf<F extends Field>(field: F): FieldTypeLogic<F> {
  return fieldLogic[field.type] as unknown as FieldTypeLogic<F>;
}
