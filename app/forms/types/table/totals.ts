// A table's totals and the rules between them, computed alike on the server (checks, PDF, exports) and in
// the browser (live totals while typing). Browser-safe: no server imports.
import type { TableField, TableRow, TotalsRule } from "./definition";
import { parseEuros } from "../money/amount";

export function rowsOf(value: unknown): TableRow[] {
  return Array.isArray(value) ? (value as TableRow[]).filter((r) => r && typeof r === "object") : [];
}

/** Sum of each totalled column; cells that are not numbers are left out (their own check names them). */
export function tableTotals(field: TableField, value: unknown): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const col of field.columns) {
    if (!col.total || col.type === "text") continue;
    let cents = 0;
    for (const row of rowsOf(value)) {
      const n = parseEuros(String(row[col.key] ?? ""));
      if (n !== null) cents += Math.round(n * 100);
    }
    totals[col.key] = cents / 100;
  }
  return totals;
}

/** The first rule the totals break, or null. Compared in cents, so 0,1 + 0,2 equals 0,3. */
export function brokenRule(field: TableField, totals: Record<string, number>): TotalsRule | null {
  for (const rule of field.rules ?? []) {
    const l = Math.round((totals[rule.left] ?? 0) * 100);
    const r = Math.round((totals[rule.right] ?? 0) * 100);
    const ok = rule.op === "equal" ? l === r : rule.op === "atMost" ? l <= r : l >= r;
    if (!ok) return rule;
  }
  return null;
}
