import type { UrlField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

export const urlView: FieldTypeView<UrlField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <input
      type="text"
      inputMode="url"
      autoComplete="url"
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
