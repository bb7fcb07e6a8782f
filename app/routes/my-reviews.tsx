import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/my-reviews";
import { assignmentsOf } from "../domain/review/team.server";
import type { CallContent } from "../domain/calls/call-content";
import { localized } from "../forms/definition";
import { formatParisDateTime } from "../lib/paris-time";
import { requireUser } from "../lib/route-helpers.server";
import { pageTitle } from "../ui/meta";
import { Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { TableScroll } from "../ui/table-scroll";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "myReviews.title");

/** A reviewer's or expert's work: the dossiers assigned to them, reviewed or not. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const L = context.locale;
  const rows = await assignmentsOf(context.services.db, user.id);
  return {
    conflict: new URL(request.url).searchParams.get("conflit") === "1",
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      departement: r.departement,
      call: localized((JSON.parse(r.content_json) as CallContent).title, L),
      reviewed: r.reviewed_at ? formatParisDateTime(r.reviewed_at, L) : null,
    })),
  };
}

export default function MyReviews() {
  const { rows, conflict } = useLoaderData<typeof loader>();
  const { t } = useT();
  const todo = rows.filter((r) => !r.reviewed).length;
  return (
    <div className="page wide">
      <h1>{t("myReviews.title")}</h1>
      {conflict ? <Notice kind="success">{t("myReviews.conflictDeclared")}</Notice> : null}
      <p role="status">{rows.length ? t("myReviews.summary", { n: rows.length, todo }) : t("myReviews.none")}</p>
      {rows.length ? (
        <TableScroll>
          <table className="data-table">
            <caption className="visually-hidden">{t("myReviews.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("instruction.name")}</th>
                <th scope="col">{t("myReviews.call")}</th>
                <th scope="col">{t("myReviews.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link> {r.departement ? `(${r.departement})` : ""}
                  </th>
                  <td>{r.call}</td>
                  <td>{r.reviewed ? t("myReviews.reviewedAt", { date: r.reviewed }) : t("myReviews.toDo")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </div>
  );
}
