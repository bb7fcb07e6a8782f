import type { TextField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";
import { LengthHint } from "../length-hint";

export const textView: FieldTypeView<TextField> = {
  fieldset: () => false,
  describedBy: (id) => `${id}-length`,
  Control: ({ field, name, id, value, readOnly, describedById, invalid }) => (
    <>
      <input
        type="text"
        id={id}
        name={name}
        disabled={readOnly}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        defaultValue={text(value)}
        maxLength={field.maxLength}
        autoComplete="off"
      />
      <LengthHint id={id} field={field} value={value} />
    </>
  ),
};
