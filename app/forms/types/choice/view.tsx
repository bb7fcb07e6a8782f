import type { ChoiceField } from "./definition";
import { localized } from "../../definition";
import { text, type ControlProps, type FieldTypeView } from "../view-contract";
import { OptionInputs } from "./options";
import { useT } from "../../../ui/i18n";

function ChoiceControl({ field, name, id, value, readOnly, describedById, invalid }: ControlProps<ChoiceField>) {
  const { t, locale } = useT();
  if (field.display === "radio")
    return <OptionInputs options={field.options} multiple={false} name={name} id={id} value={value} readOnly={readOnly} />;
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
      {field.options.map((o) => (
        <option key={o.value} value={o.value}>
          {localized(o.label, locale)}
        </option>
      ))}
    </select>
  );
}

export const choiceView: FieldTypeView<ChoiceField> = { fieldset: (f) => f.display === "radio", Control: ChoiceControl };
