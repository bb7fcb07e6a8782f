import type { DateField } from "./definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";
import { monthName } from "../../../lib/paris-time";

function DateControl({ field, name, id, value, readOnly, describedById, invalid }: ControlProps<DateField>) {
  const { t, locale } = useT();
  if (field.precision !== "month") {
    return (
      <input
        type="date"
        id={id}
        name={name}
        disabled={readOnly}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        defaultValue={text(value)}
        min={field.min}
        max={field.max}
      />
    );
  }
  // A month and a year: two selects, no browser support needed.
  const [y, m] = text(value).split("-");
  const minYear = Number((field.min ?? "2000").slice(0, 4));
  const maxYear = Number((field.max ?? "2100").slice(0, 4));
  const years = Array.from({ length: Math.max(0, maxYear - minYear + 1) }, (_, i) => String(minYear + i));
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0"));
  return (
    <span className="month-picker">
      <label htmlFor={`${id}-month`} className="inline-label">
        {t("field.month.month")}
      </label>
      <select id={`${id}-month`} name={`${name}.month`} defaultValue={m ?? ""} disabled={readOnly} aria-describedby={describedById}>
        <option value="">{t("field.select.placeholder")}</option>
        {months.map((mm) => (
          <option key={mm} value={mm}>
            {monthName(mm, locale)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-year`} className="inline-label">
        {t("field.month.year")}
      </label>
      <select id={`${id}-year`} name={`${name}.year`} defaultValue={y ?? ""} disabled={readOnly} aria-describedby={describedById}>
        <option value="">{t("field.select.placeholder")}</option>
        {years.map((yy) => (
          <option key={yy} value={yy}>
            {yy}
          </option>
        ))}
      </select>
    </span>
  );
}

// A month and a year are two selects: one group named by the question, so a screen reader announces
// « À quelle échéance approximative ? — Mois » rather than « Mois » alone (issue 9).
export const dateView: FieldTypeView<DateField> = { fieldset: (f) => f.precision === "month", Control: DateControl };
