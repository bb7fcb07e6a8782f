import { Link, useLoaderData } from "react-router";
import { historyView } from "../domain/applications/views.server";
import { requireMemberDossier } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/dossier-history";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "history.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { dossier } = await requireMemberDossier(context, request, params.id);
  return historyView(context.services.db, dossier, context.locale);
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
