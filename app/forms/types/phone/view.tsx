import type { PhoneField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

export const phoneView: FieldTypeView<PhoneField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <input
      type="tel"
      autoComplete="tel"
      id={id}
      name={name}
      disabled={readOnly}
      aria-describedby={describedById}
      aria-invalid={invalid || undefined}
      defaultValue={text(value)}
    />
  ),
};
