import type { MultiChoiceField } from "./definition";
import type { FieldTypeView } from "../view-contract";
import { OptionInputs } from "../choice/options";

export const multichoiceView: FieldTypeView<MultiChoiceField> = {
  fieldset: () => true,
  Control: ({ field, name, id, value, readOnly }) => (
    <OptionInputs options={field.options} multiple name={name} id={id} value={value} readOnly={readOnly} />
  ),
};
