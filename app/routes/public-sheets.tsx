import { Link, useLoaderData } from "react-router";
import { publicSheetsView } from "../domain/community/views.server";
import { orNotFound } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/public-sheets";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "sheets.publicTitle");

/** Public: the experience sheets published publicly (members opted in), and one of them with ?fiche=. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const sheetId = new URL(request.url).searchParams.get("fiche");
  return orNotFound(context, publicSheetsView(context.services.db, params.callId, sheetId));
}

const SECTIONS = ["context", "actors", "actions", "results", "impacts", "lessons", "contacts"] as const;

export default function PublicSheets() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  if (d.one) {
    return (
      <div className="page">
        <p>
          <Link to={`/capitalisation/${d.callId}`}>← {t("sheets.publicTitle")}</Link>
        </p>
        <h1>{d.one.title}</h1>
        <p className="meta">{d.one.organisation ?? ""}</p>
        <dl className="answers">
          {SECTIONS.filter((k) => d.one!.content[k]).map((k) => (
            <div key={k}>
              <dt>{t(`sheets.field.${k}` as "sheets.field.context")}</dt>
              <dd>{d.one!.content[k]}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("sheets.publicTitle")}</h1>
      {d.list.length === 0 ? <p>{t("sheets.nonePublic")}</p> : null}
      <ul className="card-list">
        {d.list.map((s) => (
          <li key={s.id} className="card">
            <h2>
              <Link to={`/capitalisation/${d.callId}?fiche=${s.id}`}>{s.title}</Link>
            </h2>
            <p className="meta">{s.organisation ?? ""}</p>
            <p>{s.themes.join(" · ")}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
