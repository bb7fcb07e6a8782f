import type { FilesField } from "./definition";
import type { ControlProps, FieldTypeView } from "../view-contract";
import { acceptAttribute, acceptedKinds } from "./kinds";
import { useT } from "../../../ui/i18n";

function FilesControl({ field, id, readOnly, ctx }: ControlProps<FilesField>) {
  const { t } = useT();
  const files = ctx.attachments.filter((a) => a.field_key === field.key);
  const maxMb = Math.min(field.maxFileMb ?? ctx.maxFileMb, ctx.maxFileMb);
  const kinds = acceptedKinds(field.accept)
    .map((k) => t(`field.files.kind.${k}` as "field.files.kind.pdf"))
    .join(", ");
  return (
    <div id={`files-${field.key}`}>
      <p className="files-title">{t("section.files.attached")}</p>
      {files.length === 0 ? <p className="meta">{t("section.files.none")}</p> : null}
      <ul className="file-list">
        {files.map((f) => (
          <li key={f.id}>
            <a href={`/dossiers/${ctx.dossierId}/fichiers/${f.id}`}>{f.safe_name}</a>{" "}
            <span className="meta">({t("common.kb", { n: Math.ceil(f.size / 1024) })})</span>
            {!readOnly ? (
              <button
                type="submit"
                name="intent"
                value={`removeFile:${f.id}`}
                className="link-button danger"
                aria-label={`${t("section.files.remove")} ${f.safe_name}`}
              >
                {t("section.files.remove")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {!readOnly ? (
        <div className="upload">
          <label htmlFor={`${id}-file`}>{t("section.files.choose")}</label>
          <p className="hint" id={`${id}-file-hint`}>
            {field.accept?.length ? t("section.files.hintKinds", { max: maxMb, kinds }) : t("section.files.hint", { max: maxMb })}{" "}
            {t("section.files.autoHint")}
          </p>
          <input
            type="file"
            id={`${id}-file`}
            name={`file.${field.key}`}
            data-file-for={field.key}
            accept={acceptAttribute(field.accept)}
            aria-describedby={`${id}-file-hint`}
          />
        </div>
      ) : null}
    </div>
  );
}

export const filesView: FieldTypeView<FilesField> = { fieldset: () => true, Control: FilesControl };
