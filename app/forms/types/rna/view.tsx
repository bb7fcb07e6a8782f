import type { RnaField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

export const rnaView: FieldTypeView<RnaField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <input
      type="text"
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
