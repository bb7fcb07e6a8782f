import type { GroupField } from "./definition";
import type { GroupableField } from "../../definition";
import { localized } from "../../definition";
import type { ControlProps, FieldTypeView } from "../view-contract";
import { groupableView } from "../groupable-views";
import { useT } from "../../../ui/i18n";

function SubField({
  sub,
  name,
  id,
  value,
  readOnly,
  ctx,
}: { sub: GroupableField } & Omit<ControlProps<GroupableField>, "field" | "invalid">) {
  const { t, locale } = useT();
  const view = groupableView(sub);
  const label = (
    <>
      {localized(sub.label, locale)}
      {sub.required ? <span className="required-mark"> ({t("common.required")})</span> : null}
    </>
  );
  const control = <view.Control field={sub} name={name} id={id} value={value} readOnly={readOnly} invalid={false} ctx={ctx} />;
  return view.fieldset(sub) ? (
    <fieldset className="field">
      <legend>{label}</legend>
      {control}
    </fieldset>
  ) : (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
    </div>
  );
}

function GroupControl({ field, name, id, value, readOnly, ctx }: ControlProps<GroupField>) {
  const { t, locale } = useT();
  const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const rows = readOnly ? items : [...items, ...(items.length === 0 || ctx.extraRow ? [{}] : [])];
  return (
    <div className="group">
      <input type="hidden" name={`${name}.count`} value={rows.length} />
      {rows.map((item, i) => (
        <fieldset key={i} className="group-row">
          <legend>{t("field.group.row", { label: localized(field.itemLabel, locale), n: i + 1 })}</legend>
          {field.fields.map((sub) => (
            <SubField
              key={sub.key}
              sub={sub}
              name={`${name}.${i}.${sub.key}`}
              id={`${id}-${i}-${sub.key}`}
              value={item[sub.key]}
              readOnly={readOnly}
              ctx={{ ...ctx, communeInfo: undefined }}
            />
          ))}
          {!readOnly && i < items.length ? (
            <div className="choice">
              <input type="checkbox" id={`${id}-${i}-remove`} name={`${name}.remove`} value={i} />
              <label htmlFor={`${id}-${i}-remove`}>{t("field.group.remove")}</label>
            </div>
          ) : null}
        </fieldset>
      ))}
      {!readOnly ? (
        <button type="submit" name="intent" value={`addRow:${field.key}`} className="button secondary">
          {t("field.group.add")}
        </button>
      ) : null}
    </div>
  );
}

export const groupView: FieldTypeView<GroupField> = { fieldset: () => true, Control: GroupControl };
