import type { SirenField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

export const sirenView: FieldTypeView<SirenField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      id={id}
      name={name}
      disabled={readOnly}
      aria-describedby={describedById}
      aria-invalid={invalid || undefined}
      defaultValue={text(value)}
    />
  ),
};
