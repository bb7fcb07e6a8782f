// Renders one field of the form engine, by type. Labels, hints, length hints and errors are wired for
// assistive technologies; every control works without JavaScript.
import type { Field, GroupableField, LocalizedText } from "../forms/definition";
import { localized } from "../forms/definition";
import { answerLimit, personCount } from "../forms/limits";
import { useT } from "./i18n";

export interface Territory {
  regions: { code: string; nom: string }[];
  departements: { code: string; nom: string }[];
}

export interface AttachmentView {
  id: string;
  field_key: string;
  safe_name: string;
  size: number;
}

export interface FieldViewProps {
  field: Field;
  value: unknown;
  version: number;
  problem?: string;
  readOnly: boolean;
  territory: Territory;
  communeInfo?: { resolved?: string; candidates: { code: string; label: string }[] };
  attachments: AttachmentView[];
  dossierId: string;
  maxFileMb: number;
  hidden: boolean;
  extraRow: boolean;
  conflict?: { theirs: string; by: string; at: string };
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const charLen = personCount;

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

function SimpleControl({ field, name, id, value, readOnly, territory, describedById, invalid }: { field: GroupableField; name: string; id: string; value: unknown; readOnly: boolean; territory: Territory; describedById?: string; invalid: boolean }) {
  const { t, locale } = useT();
  const common = { id, name, disabled: readOnly, "aria-describedby": describedById, "aria-invalid": invalid || undefined };
  switch (field.type) {
    case "text":
      return <input type="text" {...common} defaultValue={text(value)} maxLength={field.maxLength} autoComplete="off" />;
    case "longtext":
      return <textarea {...common} defaultValue={text(value)} rows={Math.min(18, Math.max(6, Math.round((field.lengthHint ?? 1000) / 250)))} data-length-hint={field.lengthHint} />;
    case "email":
      return <input type="email" {...common} defaultValue={text(value)} autoComplete="email" />;
    case "phone":
      return <input type="tel" {...common} defaultValue={text(value)} autoComplete="tel" />;
    case "siren":
    case "siret":
    case "rna":
      return <input type="text" {...common} defaultValue={text(value)} inputMode={field.type === "rna" ? "text" : "numeric"} autoComplete="off" spellCheck={false} />;
    case "number":
      return <input type="text" inputMode="decimal" {...common} defaultValue={text(value)} />;
    case "date":
      if (field.precision === "month") {
        const [y, m] = text(value).split("-");
        const minYear = Number((field.min ?? "2000").slice(0, 4));
        const maxYear = Number((field.max ?? "2100").slice(0, 4));
        const years = Array.from({ length: Math.max(0, maxYear - minYear + 1) }, (_, i) => String(minYear + i));
        const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0"));
        const monthName = (mm: string) => new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "fr-FR", { month: "long", timeZone: "UTC" }).format(new Date(`2000-${mm}-15T12:00:00Z`));
        return (
          <span className="month-picker">
            <label htmlFor={`${id}-month`} className="inline-label">
              {t("field.month.month")}
            </label>
            <select id={`${id}-month`} name={`${name}.month`} defaultValue={m ?? ""} disabled={readOnly} aria-describedby={describedById}>
              <option value="">{t("field.select.placeholder")}</option>
              {months.map((mm) => (
                <option key={mm} value={mm}>
                  {monthName(mm)}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-year`} className="inline-label">
              {t("field.month.year")}
            </label>
            <select id={`${id}-year`} name={`${name}.year`} defaultValue={y ?? ""} disabled={readOnly} aria-describedby={describedById}>
              <option value="">{t("field.select.placeholder")}</option>
              {years.map((yy) => (
                <option key={yy} value={yy}>
                  {yy}
                </option>
              ))}
            </select>
          </span>
        );
      }
      return <input type="date" {...common} defaultValue={text(value)} min={field.min} max={field.max} />;
    case "choice":
      if (field.display === "radio") return null; // rendered as a fieldset by FieldView
      return (
        <select {...common} defaultValue={text(value)}>
          <option value="">{t("field.select.placeholder")}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, locale)}
            </option>
          ))}
        </select>
      );
    case "region":
      return (
        <select {...common} defaultValue={text(value)}>
          <option value="">{t("field.select.placeholder")}</option>
          {territory.regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.nom}
            </option>
          ))}
        </select>
      );
    case "departement":
      return (
        <select {...common} defaultValue={text(value)}>
          <option value="">{t("field.select.placeholder")}</option>
          {territory.departements.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} — {d.nom}
            </option>
          ))}
        </select>
      );
    case "commune":
      return <input type="text" {...common} defaultValue={(value as { query?: string } | undefined)?.query ?? ""} autoComplete="off" data-commune-search="1" list={`${id}-list`} />;
    case "yesno":
    case "multichoice":
      return null; // fieldsets, rendered by FieldView
  }
}

function isFieldset(field: Field): boolean {
  return field.type === "yesno" || field.type === "multichoice" || (field.type === "choice" && field.display === "radio") || field.type === "group" || field.type === "files";
}

function ChoiceInputs({ field, name, id, value, readOnly, describedById }: { field: Field; name: string; id: string; value: unknown; readOnly: boolean; describedById?: string }) {
  const { t, locale } = useT();
  if (field.type === "yesno") {
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
  if (field.type === "choice" || field.type === "multichoice") {
    const selected = Array.isArray(value) ? (value as string[]) : [text(value)];
    return (
      <div className="choices">
        {field.options.map((o, i) => (
          <div className="choice" key={o.value}>
            <input type={field.type === "choice" ? "radio" : "checkbox"} id={`${id}-${i}`} name={name} value={o.value} defaultChecked={selected.includes(o.value)} disabled={readOnly} />
            <label htmlFor={`${id}-${i}`}>{localized(o.label, locale)}</label>
          </div>
        ))}
      </div>
    );
  }
  return null;
}

export function FieldView(p: FieldViewProps) {
  const { t, locale } = useT();
  const { field } = p;
  const id = `field-${field.key}`;
  const name = `f.${field.key}`;
  const help = field.help ? localized(field.help, locale) : "";
  const helpId = help ? `${id}-help` : undefined;
  const errorId = p.problem ? `${id}-error` : undefined;
  const hintId = field.type === "longtext" || field.type === "text" ? `${id}-length` : undefined;
  const described = describedBy(helpId, errorId, hintId);
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

  const versionInput = <input type="hidden" name={`v.${field.key}`} value={p.version} data-version-for={field.key} />;

  let body: React.ReactNode;
  if (field.type === "files") {
    const files = p.attachments.filter((a) => a.field_key === field.key);
    body = (
      <div id={`files-${field.key}`}>
        <p className="files-title">{t("section.files.attached")}</p>
        {files.length === 0 ? <p className="meta">{t("section.files.none")}</p> : null}
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/dossiers/${p.dossierId}/fichiers/${f.id}`}>{f.safe_name}</a> <span className="meta">({t("common.kb", { n: Math.ceil(f.size / 1024) })})</span>
              {!p.readOnly ? (
                <button type="submit" name="intent" value={`removeFile:${f.id}`} className="link-button danger" aria-label={`${t("section.files.remove")} ${f.safe_name}`}>
                  {t("section.files.remove")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {!p.readOnly ? (
          <div className="upload">
            <label htmlFor={`${id}-file`}>{t("section.files.choose")}</label>
            <p className="hint" id={`${id}-file-hint`}>
              {t("section.files.hint", { max: p.maxFileMb })} {t("section.files.autoHint")}
            </p>
            <input type="file" id={`${id}-file`} name={`file.${field.key}`} data-file-for={field.key} accept=".pdf,.odt,.docx,.ods,.xlsx,.jpg,.jpeg,.png" aria-describedby={`${id}-file-hint`} />
          </div>
        ) : null}
      </div>
    );
  } else if (field.type === "group") {
    const items = Array.isArray(p.value) ? (p.value as Record<string, unknown>[]) : [];
    const rows = p.readOnly ? items : [...items, ...(items.length === 0 || p.extraRow ? [{}] : [])];
    body = (
      <div className="group">
        <input type="hidden" name={`${name}.count`} value={rows.length} />
        {rows.map((item, i) => (
          <fieldset key={i} className="group-row">
            <legend>{t("field.group.row", { label: localized(field.itemLabel, locale), n: i + 1 })}</legend>
            {field.fields.map((sub) => {
              const subId = `${id}-${i}-${sub.key}`;
              const subName = `${name}.${i}.${sub.key}`;
              return (
                <div className="field" key={sub.key}>
                  <Label id={subId} label={localized(sub.label, locale)} required={Boolean(sub.required)} />
                  <SimpleControl field={sub} name={subName} id={subId} value={item[sub.key]} readOnly={p.readOnly} territory={p.territory} invalid={false} />
                </div>
              );
            })}
            {!p.readOnly && i < items.length ? (
              <div className="choice">
                <input type="checkbox" id={`${id}-${i}-remove`} name={`${name}.remove`} value={i} />
                <label htmlFor={`${id}-${i}-remove`}>{t("field.group.remove")}</label>
              </div>
            ) : null}
          </fieldset>
        ))}
        {!p.readOnly ? (
          <button type="submit" name="intent" value={`addRow:${field.key}`} className="button secondary">
            {t("field.group.add")}
          </button>
        ) : null}
      </div>
    );
  } else if (isFieldset(field)) {
    body = <ChoiceInputs field={field} name={name} id={id} value={p.value} readOnly={p.readOnly} describedById={described} />;
  } else {
    const simple = field as GroupableField;
    body = (
      <>
        <SimpleControl field={simple} name={name} id={id} value={p.value} readOnly={p.readOnly} territory={p.territory} describedById={described} invalid={Boolean(p.problem)} />
        {field.type === "commune" ? (
          <>
            <datalist id={`${id}-list`} />
            {p.communeInfo?.resolved ? <p className="meta">{t("field.commune.resolved", { label: p.communeInfo.resolved })}</p> : null}
            {p.communeInfo && p.communeInfo.candidates.length > 1 ? (
              <div className="field">
                <label htmlFor={`${id}-code`}>{t("field.commune.choose")}</label>
                <select id={`${id}-code`} name={`${name}.code`} disabled={p.readOnly}>
                  <option value="">{t("field.select.placeholder")}</option>
                  {p.communeInfo.candidates.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </>
        ) : null}
        {hintId && (field.type === "longtext" || field.type === "text") ? (
          <p className="hint length-hint" id={hintId} data-count-for={id}>
            {field.type === "longtext" && field.lengthHint ? `${t("field.lengthHint", { n: field.lengthHint })}, ` : ""}
            {t("field.maxLength", { max: answerLimit(field) })} — <span className="count">{t("field.charCount", { n: charLen(text(p.value)) })}</span>
          </p>
        ) : null}
      </>
    );
  }

  // A month and a year are two selects: one group named by the question, so a screen reader announces
  // « À quelle échéance approximative ? — Mois » rather than « Mois » alone (issue 9).
  const fieldsetLike = isFieldset(field) || (field.type === "date" && field.precision === "month");
  return (
    <div className={`form-field${p.problem ? " field-error" : ""}`} data-field-key={field.key} hidden={p.hidden} id={`q-${field.key}`}>
      {fieldsetLike ? (
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
      {field.type !== "files" ? versionInput : null}
    </div>
  );
}
