// Renders one question of the form engine: its label or legend, help, error, the conflict with a
// colleague's answer, and the control its type's view draws (app/forms/types/<type>/view.tsx). Labels,
// hints and errors are wired for assistive technologies; every control works without JavaScript.
import type { Field, LocalizedText } from "../forms/definition";
import { localized } from "../forms/definition";
import type { AttachmentView } from "../forms/types/view-contract";
import { viewOf } from "../forms/types/views";
import { useT } from "./i18n";

export type { AttachmentView };

export interface FieldViewProps {
  field: Field;
  value: unknown;
  version: number;
  problem?: string;
  readOnly: boolean;
  communeInfo?: { resolved?: string; candidates: { code: string; label: string }[] };
  attachments: AttachmentView[];
  dossierId: string;
  maxFileMb: number;
  hidden: boolean;
  extraRow: boolean;
  conflict?: { theirs: string; by: string; at: string };
}

function Label({ id, label, required, tag = "label" }: { id: string; label: string; required: boolean; tag?: "label" | "legend" }) {
  const { t } = useT();
  const content = (
    <>
      {label}
      {required ? <span className="required-mark"> ({t("common.required")})</span> : null}
    </>
  );
  return tag === "legend" ? <legend>{content}</legend> : <label htmlFor={id}>{content}</label>;
}

function describedBy(...ids: (string | false | undefined)[]) {
  const list = ids.filter(Boolean).join(" ");
  return list || undefined;
}

export function FieldView(p: FieldViewProps) {
  const { t, locale } = useT();
  const { field } = p;
  const view = viewOf(field);
  const id = `field-${field.key}`;
  const name = `f.${field.key}`;
  const help = field.help ? localized(field.help, locale) : "";
  const helpId = help ? `${id}-help` : undefined;
  const errorId = p.problem ? `${id}-error` : undefined;
  const described = describedBy(helpId, errorId, view.describedBy?.(id, field));
  const required = Boolean(field.required || field.requiredIf);
  const label = localized(field.label, locale);
  const warning = field.type === "longtext" && field.warning ? localized(field.warning as LocalizedText, locale) : "";

  const header = (
    <>
      {warning ? <p className="field-warning">{warning}</p> : null}
      {help ? (
        <p className="hint" id={helpId}>
          {help}
        </p>
      ) : null}
      {p.problem ? (
        <p className="error-message" id={errorId}>
          {p.problem}
        </p>
      ) : null}
    </>
  );

  const conflict = p.conflict ? (
    <div className="conflict" role="alert">
      <p>
        <strong>{t("section.conflict.title")}</strong>
      </p>
      <p>{t("section.conflict.body", { name: p.conflict.by, date: p.conflict.at })}</p>
      <p className="conflict-label">{t("section.conflict.theirs")}</p>
      <pre className="conflict-theirs">{p.conflict.theirs}</pre>
      <p className="conflict-label">{t("section.conflict.yours")}</p>
    </div>
  ) : null;

  const ctx = {
    communeInfo: p.communeInfo,
    attachments: p.attachments,
    dossierId: p.dossierId,
    maxFileMb: p.maxFileMb,
    extraRow: p.extraRow,
  };
  const body = (
    <view.Control
      field={field}
      name={name}
      id={id}
      value={p.value}
      readOnly={p.readOnly}
      describedById={described}
      invalid={Boolean(p.problem)}
      ctx={ctx}
    />
  );
  const fieldset = view.fieldset(field);
  return (
    <div className={`form-field${p.problem ? " field-error" : ""}`} data-field-key={field.key} hidden={p.hidden} id={`q-${field.key}`}>
      {fieldset ? (
        <fieldset aria-describedby={described}>
          <Label id={id} label={label} required={required} tag="legend" />
          {header}
          {conflict}
          {body}
        </fieldset>
      ) : (
        <>
          <Label id={id} label={label} required={required} />
          {header}
          {conflict}
          {body}
        </>
      )}
      {field.type !== "files" ? <input type="hidden" name={`v.${field.key}`} value={p.version} data-version-for={field.key} /> : null}
    </div>
  );
}
