// A table as a real <table>: a header row of column names, one row of inputs per line, the totals in the
// footer (computed by the server on each save, and live in the browser by entry.client's table script),
// the rule between totals stated above it. Each input is labelled « Ligne 2 — Montant ».
import { cachedNumberFormat } from "../../../lib/typography";
import type { TableField, TableRow } from "./definition";
import { localized } from "../../definition";
import type { ControlProps, FieldTypeView } from "../view-contract";
import { formatEuros } from "../money/amount";
import { rowsOf, tableTotals } from "./totals";
import { useT } from "../../../ui/i18n";

function TableControl({ field, name, id, value, readOnly, ctx, describedById }: ControlProps<TableField>) {
  const { t, locale } = useT();
  const rows = rowsOf(value);
  const shown: TableRow[] = readOnly ? rows : [...rows, ...(rows.length === 0 || ctx.extraRow ? [{}] : [])];
  const totals = tableTotals(field, rows);
  const fmt = (col: TableField["columns"][number], n: number) =>
    col.type === "money" ? formatEuros(n, locale) : cachedNumberFormat(locale).format(n);
  const colLabel = (key: string) => localized(field.columns.find((c) => c.key === key)?.label ?? { fr: key }, locale);
  return (
    <div className="table-field" data-table-for={field.key}>
      {(field.rules ?? []).map((r, i) => (
        <p className="hint" key={i} id={`${id}-rule-${i}`}>
          {t(`field.table.ruleHint.${r.op}` as "field.table.ruleHint.equal", { left: colLabel(r.left), right: colLabel(r.right) })}
        </p>
      ))}
      <input type="hidden" name={`${name}.count`} value={shown.length} />
      {/* A scrollable region must take the focus to scroll by keyboard (WCAG 2.1.1, axe scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-scroll" role="region" aria-label={localized(field.label, locale)} tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("field.table.line")}</th>
              {field.columns.map((c) => (
                <th scope="col" key={c.key}>
                  {localized(c.label, locale)}
                  {c.type === "money" ? " (€)" : ""}
                  {c.required ? <span className="required-mark"> ({t("common.required")})</span> : null}
                </th>
              ))}
              {!readOnly ? <th scope="col">{t("field.table.removeColumn")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={i}>
                <th scope="row">{i + 1}</th>
                {field.columns.map((c) => (
                  <td key={c.key}>
                    <label htmlFor={`${id}-${i}-${c.key}`} className="visually-hidden">
                      {t("field.table.cellLabel", { n: i + 1, label: localized(c.label, locale) })}
                    </label>
                    <input
                      type="text"
                      id={`${id}-${i}-${c.key}`}
                      name={`${name}.${i}.${c.key}`}
                      defaultValue={row[c.key] ?? ""}
                      disabled={readOnly}
                      inputMode={c.type === "text" ? undefined : "decimal"}
                      data-column={c.total ? c.key : undefined}
                      data-money={c.type === "money" ? "1" : undefined}
                      aria-describedby={describedById}
                    />
                  </td>
                ))}
                {!readOnly ? (
                  <td>
                    {i < rows.length ? (
                      <span className="choice">
                        <input type="checkbox" id={`${id}-${i}-remove`} name={`${name}.remove`} value={i} />
                        <label htmlFor={`${id}-${i}-remove`}>{t("field.table.removeRow", { n: i + 1 })}</label>
                      </span>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
          {Object.keys(totals).length > 0 ? (
            <tfoot>
              <tr>
                <th scope="row">{t("field.table.total")}</th>
                {field.columns.map((c) => (
                  <td key={c.key} data-total-for={c.key in totals ? c.key : undefined} aria-live="polite">
                    {c.key in totals ? fmt(c, totals[c.key]) : ""}
                  </td>
                ))}
                {!readOnly ? <td /> : null}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {!readOnly ? (
        <button type="submit" name="intent" value={`addRow:${field.key}`} className="button secondary">
          {t("field.group.add")}
        </button>
      ) : null}
    </div>
  );
}

export const tableView: FieldTypeView<TableField> = { fieldset: () => true, Control: TableControl };
