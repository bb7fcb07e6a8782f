// « 2 000 caractères conseillés, 4 000 au plus — 1 234 caractères »: shown under free-text answers.
import type { LongTextField, TextField } from "../definition";
import { answerLimit, personCount } from "../limits";
import { useT } from "../../ui/i18n";
import { text } from "./view-contract";

export function LengthHint({ id, field, value }: { id: string; field: TextField | LongTextField; value: unknown }) {
  const { t } = useT();
  return (
    <p className="hint length-hint" id={`${id}-length`} data-count-for={id}>
      {field.type === "longtext" && field.lengthHint ? `${t("field.lengthHint", { n: field.lengthHint })}, ` : ""}
      {t("field.maxLength", { max: answerLimit(field) })} —{" "}
      <span className="count">{t("field.charCount", { n: personCount(text(value)) })}</span>
    </p>
  );
}
