import type { RegionField } from "./definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";
import { REGION_OPTIONS } from "../../territory-lists";

function RegionControl({ name, id, value, readOnly, describedById, invalid }: ControlProps<RegionField>) {
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
      {REGION_OPTIONS.map((r) => (
        <option key={r.value} value={r.value}>
          {r.label}
        </option>
      ))}
    </select>
  );
}

export const regionView: FieldTypeView<RegionField> = { fieldset: () => false, Control: RegionControl };
