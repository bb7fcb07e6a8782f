import type { NumberField } from "./definition";
import { localized } from "../../definition";
import { text, type FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";

function NumberControl({ field, name, id, value, readOnly, describedById, invalid }: Parameters<FieldTypeView<NumberField>["Control"]>[0]) {
  const { locale } = useT();
  const unit = field.unit ? localized(field.unit, locale) : "";
  const input = (
    <input
      type="text"
      inputMode={field.integer || field.year ? "numeric" : "decimal"}
      id={id}
      name={name}
      disabled={readOnly}
      aria-describedby={describedById}
      aria-invalid={invalid || undefined}
      defaultValue={text(value)}
      className={unit ? "with-unit" : undefined}
    />
  );
  return unit ? (
    <span className="input-with-unit">
      {input} <span className="unit">{unit}</span>
    </span>
  ) : (
    input
  );
}

export const numberView: FieldTypeView<NumberField> = { fieldset: () => false, Control: NumberControl };
