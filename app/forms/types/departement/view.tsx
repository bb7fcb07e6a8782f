import type { DepartementField } from "./definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";
import { DEPARTEMENT_OPTIONS } from "../../territory-lists";

function DepartementControl({ name, id, value, readOnly, describedById, invalid }: ControlProps<DepartementField>) {
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
      {DEPARTEMENT_OPTIONS.map((d) => (
        <option key={d.value} value={d.value}>
          {d.label}
        </option>
      ))}
    </select>
  );
}

export const departementView: FieldTypeView<DepartementField> = { fieldset: () => false, Control: DepartementControl };
