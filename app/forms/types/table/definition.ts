import type { FieldBase, LocalizedText } from "../base";

export interface TableColumn {
  key: string;
  label: LocalizedText;
  type: "text" | "number" | "money";
  required?: boolean;
  /** Sum this column under the table (numbers and amounts). */
  total?: boolean;
}

/** A rule between two totals, e.g. a budget whose resources must equal its expenses. */
export interface TotalsRule {
  left: string; // a totalled column's key
  op: "equal" | "atMost" | "atLeast";
  right: string;
}

/** A table of repeatable rows with typed columns, computed totals and rules between them (a budget). */
export interface TableField extends FieldBase {
  type: "table";
  columns: TableColumn[];
  minRows?: number;
  maxRows?: number;
  rules?: TotalsRule[];
}

export type TableRow = Record<string, string>;
