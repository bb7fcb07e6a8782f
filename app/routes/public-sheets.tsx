import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/public-sheets";
import { sheetFor, sheetsFor, THEME_LABELS } from "../domain/community/sheets.server";
import { NotFound } from "../lib/errors";
import { findCallById } from "../domain/calls/calls.server";
import { notFound } from "../lib/route-helpers.server";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "sheets.publicTitle");

/** Public: the experience sheets published publicly (members opted in), and one of them with ?fiche=. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const db = context.services.db;
  if (!(await findCallById(db, params.callId))) notFound(context);
  const id = new URL(request.url).searchParams.get("fiche");
  if (id) {
    try {
      const { sheet, content } = await sheetFor(db, { sheetId: id, userId: null });
      if (sheet.call_id !== params.callId || sheet.status !== "public") throw new NotFound();
      return { callId: params.callId, list: [], one: { title: sheet.title, organisation: sheet.organisation, content } };
    } catch (e) {
      if (e instanceof NotFound) notFound(context);
      throw e;
    }
  }
  const rows = await sheetsFor(db, { callId: params.callId, userId: null, filters: {}, publicOnly: true });
  return {
    callId: params.callId,
    one: null,
    list: rows.map((r) => ({
      id: r.id,
      title: r.title,
      organisation: r.organisation,
      themes: r.themes
        .split(",")
        .filter(Boolean)
        .map((t) => THEME_LABELS[t as keyof typeof THEME_LABELS] ?? t),
    })),
  };
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
