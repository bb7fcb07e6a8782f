import type { CommuneField } from "./definition";
import type { ControlProps, FieldTypeView } from "../view-contract";
import { useT } from "../../../ui/i18n";

function CommuneControl({ name, id, value, readOnly, describedById, invalid, ctx }: ControlProps<CommuneField>) {
  const { t } = useT();
  const info = ctx.communeInfo;
  return (
    <>
      <input
        type="text"
        id={id}
        name={name}
        disabled={readOnly}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        defaultValue={(value as { query?: string } | undefined)?.query ?? ""}
        autoComplete="off"
        data-commune-search="1"
        list={`${id}-list`}
      />
      <datalist id={`${id}-list`} />
      {info?.resolved ? <p className="meta">{t("field.commune.resolved", { label: info.resolved })}</p> : null}
      {info && info.candidates.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-code`}>{t("field.commune.choose")}</label>
          <select id={`${id}-code`} name={`${name}.code`} disabled={readOnly}>
            <option value="">{t("field.select.placeholder")}</option>
            {info.candidates.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </>
  );
}

export const communeView: FieldTypeView<CommuneField> = { fieldset: () => false, Control: CommuneControl };
