import type { TableColumn, TableField, TableRow } from "./definition";
import { readString, type FieldProblem, type FieldTypeLogic, nullable, isBlank, asString } from "../contract";
import { localized } from "../../definition";
import { personCount } from "../../limits";
import { parseNumber } from "../../numbers";
import { formatEuros, parseEuros } from "../money/amount";
import { numberFormat } from "../shared.server";
import { brokenRule, rowsOf, tableTotals } from "./totals";
import { t, type Locale } from "../../../i18n/i18n";

const MAX_CELL = 500;

function cellProblem(col: TableColumn, raw: string): FieldProblem | null {
  const s = raw.trim();
  if (col.type === "text")
    return personCount(s) > MAX_CELL ? { key: "field.tooLong", vars: { max: MAX_CELL, count: personCount(s) } } : null;
  if (col.type === "money") return parseEuros(s) === null || (parseEuros(s) ?? 0) < 0 ? { key: "field.money" } : null;
  return parseNumber(s) === null ? { key: "field.number" } : null;
}

function cellText(col: TableColumn, raw: string, locale: Locale): string {
  const s = raw.trim();
  if (col.type === "money") {
    const n = parseEuros(s);
    return n === null ? s : formatEuros(n, locale);
  }
  if (col.type === "number") {
    const n = parseNumber(s);
    return n === null ? s : numberFormat(locale).format(n);
  }
  return s;
}

function totalText(col: TableColumn, n: number, locale: Locale): string {
  return col.type === "money" ? formatEuros(n, locale) : numberFormat(locale).format(n);
}

export const tableLogic: FieldTypeLogic<TableField> = {
  read: (form, name, field) => {
    const countRaw = readString(form, `${name}.count`);
    if (countRaw === undefined) return undefined;
    const count = Math.min(Math.max(Number(countRaw) || 0, 0), field.maxRows ?? 200);
    const removed = new Set(form.getAll(`${name}.remove`).map(String));
    const rows: TableRow[] = [];
    for (let i = 0; i < count; i++) {
      if (removed.has(String(i))) continue;
      const row: TableRow = {};
      for (const col of field.columns) {
        const v = readString(form, `${name}.${i}.${col.key}`);
        if (v !== undefined && v.trim() !== "") row[col.key] = v.trim();
      }
      if (Object.keys(row).length > 0) rows.push(row); // rows left blank are not kept
    }
    return rows;
  },
  isEmpty: (v) => rowsOf(v).length === 0,
  check: (v, field, ctx) => {
    const rows = rowsOf(v);
    if (field.minRows && rows.length < field.minRows) return { key: "field.group.min", vars: { min: field.minRows } };
    for (let i = 0; i < rows.length; i++) {
      for (const col of field.columns) {
        const raw = String(rows[i][col.key] ?? "");
        const label = localized(col.label, ctx.locale);
        if (raw.trim() === "") {
          if (col.required) return { key: "field.group.itemRequired", vars: { row: i + 1, label } };
          continue;
        }
        const problem = cellProblem(col, raw);
        if (problem)
          return { key: "field.group.itemProblem", vars: { row: i + 1, label, problem: t(ctx.locale, problem.key, problem.vars) } };
      }
    }
    const totals = tableTotals(field, v);
    const rule = brokenRule(field, totals);
    if (rule) {
      const left = field.columns.find((c) => c.key === rule.left);
      const right = field.columns.find((c) => c.key === rule.right);
      if (left && right) {
        return {
          key: `field.table.rule.${rule.op}`,
          vars: {
            left: localized(left.label, ctx.locale),
            right: localized(right.label, ctx.locale),
            leftTotal: totalText(left, totals[left.key] ?? 0, ctx.locale),
            rightTotal: totalText(right, totals[right.key] ?? 0, ctx.locale),
          },
        };
      }
    }
    return null;
  },
  toText: (v, field, locale) => {
    const rows = rowsOf(v);
    if (rows.length === 0) return "";
    const lines = rows.map((row, i) => {
      const parts = field.columns
        .filter((col) => String(row[col.key] ?? "").trim() !== "")
        .map((col) => `${localized(col.label, locale)} : ${cellText(col, String(row[col.key]), locale)}`);
      return `${t(locale, "field.table.row", { n: i + 1 })} — ${parts.join(" ; ")}`;
    });
    const totals = tableTotals(field, v);
    const totalParts = field.columns
      .filter((c) => c.key in totals)
      .map((c) => `${localized(c.label, locale)} : ${totalText(c, totals[c.key], locale)}`);
    if (totalParts.length) lines.push(`${t(locale, "field.table.total")} — ${totalParts.join(" ; ")}`);
    return lines.join("\n");
  },
  // Each cell of each row, then each total as a number a spreadsheet can add up.
  exportColumns: (field, locale, rows) => [
    ...Array.from({ length: rows }, (_, i) =>
      field.columns.map((col) => ({
        suffix: `${t(locale, "field.table.row", { n: i + 1 })} — ${localized(col.label, locale)}`,
        value: (answer: unknown) => {
          const raw = String(rowsOf(answer)[i]?.[col.key] ?? "");
          if (col.type === "text" || raw.trim() === "") return raw;
          const n = col.type === "money" ? parseEuros(raw) : parseNumber(raw);
          return n ?? raw;
        },
      })),
    ).flat(),
    ...field.columns
      .filter((c) => c.total && c.type !== "text")
      .map((col) => ({
        suffix: `${t(locale, "field.table.total")} — ${localized(col.label, locale)}`,
        value: (answer: unknown) => tableTotals(field, answer)[col.key] ?? 0,
      })),
  ],
  toData: (v, field) =>
    rowsOf(v).map((row) =>
      Object.fromEntries(
        field.columns.map((col) => [
          col.key,
          isBlank(row[col.key])
            ? null
            : col.type === "text"
              ? asString(row[col.key]).trim()
              : col.type === "money"
                ? parseEuros(asString(row[col.key]))
                : parseNumber(asString(row[col.key])),
        ]),
      ),
    ),
  dataSchema: (field) => ({
    type: "array",
    items: {
      type: "object",
      properties: Object.fromEntries(field.columns.map((col) => [col.key, nullable({ type: col.type === "text" ? "string" : "number" })])),
    },
  }),
};
