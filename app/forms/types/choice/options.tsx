// Radio buttons or check boxes for a list of options (single and multiple choice).
import type { ChoiceOption } from "../base";
import { localized } from "../../definition";
import { useT } from "../../../ui/i18n";

export function OptionInputs({
  options,
  multiple,
  name,
  id,
  value,
  readOnly,
}: {
  options: ChoiceOption[];
  multiple: boolean;
  name: string;
  id: string;
  value: unknown;
  readOnly: boolean;
}) {
  const { locale } = useT();
  const selected = Array.isArray(value) ? (value as string[]) : [typeof value === "string" ? value : ""];
  return (
    <div className="choices">
      {options.map((o, i) => (
        <div className="choice" key={o.value}>
          <input
            type={multiple ? "checkbox" : "radio"}
            id={`${id}-${i}`}
            name={name}
            value={o.value}
            defaultChecked={selected.includes(o.value)}
            disabled={readOnly}
          />
          <label htmlFor={`${id}-${i}`}>{localized(o.label, locale)}</label>
        </div>
      ))}
    </div>
  );
}
