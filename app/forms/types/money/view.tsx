import type { MoneyField } from "./definition";
import { text, type FieldTypeView } from "../view-contract";

// Typed as people write amounts (« 15 000 € » included): a text input, never type=number, which would refuse spaces.
export const moneyView: FieldTypeView<MoneyField> = {
  fieldset: () => false,
  Control: ({ name, id, value, readOnly, describedById, invalid }) => (
    <span className="input-with-unit">
      <input
        type="text"
        inputMode="decimal"
        id={id}
        name={name}
        disabled={readOnly}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        defaultValue={text(value)}
        className="with-unit"
        data-money="1"
      />{" "}
      <span className="unit">€</span>
    </span>
  ),
};
