import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/dossier-history";
import { formDefinition } from "../domain/calls/calls.server";
import { answerHistory } from "../domain/applications/dossiers.server";
import { findField, localized } from "../forms/definition";
import { fieldText } from "../forms/field-types.server";
import { formatParisDateTime } from "../lib/paris-time";
import { requireMemberDossier } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "history.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { dossier } = await requireMemberDossier(context, request, params.id);
  const db = context.services.db;
  const L = context.locale;
  const def = await formDefinition(db, dossier.form_version_id);
  const rows = await answerHistory(db, dossier.id);
  return {
    id: dossier.id,
    rows: rows.map((r) => {
      const field = findField(def, r.field_key);
      return {
        label: field ? localized(field.label, L) : r.field_key,
        version: r.version,
        at: formatParisDateTime(r.saved_at, L),
        by: r.saved_by_name ?? "",
        text: field ? fieldText(field, r.value, L) : JSON.stringify(r.value),
      };
    }),
  };
}

export default function History() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <p>
        <Link to={`/dossiers/${d.id}`}>← {t("common.back")}</Link>
      </p>
      <h1>{t("history.title")}</h1>
      <p>{t("history.intro")}</p>
      {d.rows.length === 0 ? <p>{t("history.empty")}</p> : null}
      <ol className="history">
        {d.rows.map((r, i) => (
          <li key={i}>
            <p>
              <strong>{r.label}</strong> — {t("history.version", { n: r.version, date: r.at, name: r.by })}
            </p>
            <blockquote>{r.text || "—"}</blockquote>
          </li>
        ))}
      </ol>
    </div>
  );
}
