// Type-level proof that the registries are exhaustive: `tsc` (run by `npm test`) fails if a registry
// missing a type stops being an error. Nothing here runs.
import type { LogicRegistry } from "./contract";
import type { ViewRegistry } from "./view-contract";
import { fieldLogic } from "./registry.server";
import { fieldViews } from "./views";

const { table: _logicWithoutTable, ...logicWithoutTable } = fieldLogic;
const { money: _viewWithoutMoney, ...viewsWithoutMoney } = fieldViews;

// @ts-expect-error a type without its logic does not build
export const incompleteLogic: LogicRegistry = logicWithoutTable;
// @ts-expect-error a type without its view does not build
export const incompleteViews: ViewRegistry = viewsWithoutMoney;
