import type { RegionField } from "./definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";

function RegionControl({ name, id, value, readOnly, describedById, invalid, ctx }: ControlProps<RegionField>) {
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
      {ctx.territory.regions.map((r) => (
        <option key={r.code} value={r.code}>
          {r.nom}
        </option>
      ))}
    </select>
  );
}

export const regionView: FieldTypeView<RegionField> = { fieldset: () => false, Control: RegionControl };
