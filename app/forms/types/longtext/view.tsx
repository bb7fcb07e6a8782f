import type { LongTextField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";
import { LengthHint } from "../length-hint";

export const longtextView: FieldTypeView<LongTextField> = {
  fieldset: () => false,
  describedBy: (id) => `${id}-length`,
  Control: ({ field, name, id, value, readOnly, describedById, invalid }) => (
    <>
      <textarea
        id={id}
        name={name}
        disabled={readOnly}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        defaultValue={text(value)}
        rows={Math.min(18, Math.max(6, Math.round((field.lengthHint ?? 1000) / 250)))}
        data-length-hint={field.lengthHint}
      />
      <LengthHint id={id} field={field} value={value} />
    </>
  ),
};
