import type { EmailField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

export const emailView: FieldTypeView<EmailField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <input
      type="email"
      autoComplete="email"
      id={id}
      name={name}
      disabled={readOnly}
      aria-describedby={describedById}
      aria-invalid={invalid || undefined}
      defaultValue={text(value)}
    />
  ),
};
