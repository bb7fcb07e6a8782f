import type { YesNoField } from "./definition";
import type { ControlProps, FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";

function YesNoControl({ name, id, value, readOnly, describedById }: ControlProps<YesNoField>) {
  const { t } = useT();
  return (
    <div className="choices inline" aria-describedby={describedById}>
      {(["yes", "no"] as const).map((v) => (
        <div className="choice" key={v}>
          <input type="radio" id={`${id}-${v}`} name={name} value={v} defaultChecked={value === v} disabled={readOnly} />
          <label htmlFor={`${id}-${v}`}>{v === "yes" ? t("common.yes") : t("common.no")}</label>
        </div>
      ))}
    </div>
  );
}

export const yesnoView: FieldTypeView<YesNoField> = { fieldset: () => true, Control: YesNoControl };
