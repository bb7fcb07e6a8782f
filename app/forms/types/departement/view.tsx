import type { DepartementField } from "./definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";

function DepartementControl({ name, id, value, readOnly, describedById, invalid, ctx }: ControlProps<DepartementField>) {
  const { t } = useT();
  return (
    <select
      id={id}
      name={name}
      disabled={readOnly}
      aria-describedby={describedById}
      aria-invalid={invalid || undefined}
      defaultValue={text(value)}
    >
      <option value="">{t("field.select.placeholder")}</option>
      {ctx.territory.departements.map((d) => (
        <option key={d.code} value={d.code}>
          {d.code} — {d.nom}
        </option>
      ))}
    </select>
  );
}

export const departementView: FieldTypeView<DepartementField> = { fieldset: () => false, Control: DepartementControl };
