// Every field type's view, compile-checked: a type of the Field union without a view does not build.
import type { Field } from "../definition";
import type { FieldTypeView, ViewRegistry } from "./view-contract";
import { groupableViews } from "./groupable-views";
import { filesView } from "./files/view";
import { groupView } from "./group/view";
import { tableView } from "./table/view";

export const fieldViews: ViewRegistry = { ...groupableViews, files: filesView, group: groupView, table: tableView };

export function viewOf<F extends Field>(field: F): FieldTypeView<F> {
  return fieldViews[field.type] as unknown as FieldTypeView<F>;
}
