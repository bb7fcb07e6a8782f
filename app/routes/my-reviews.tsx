import { Link, useLoaderData } from "react-router";
import { myReviewsView } from "../domain/review/views.server";
import { requireUser } from "../lib/route-helpers.server";
import { Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { PhaseBanner } from "../ui/phase-banner";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/my-reviews";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "myReviews.title");

/** A reviewer's or expert's work, call by call: the phase in force, the preferences to give, the dossiers assigned. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return {
    ...(await myReviewsView(context.services.db, user.id, context.locale)),
    conflict: new URL(request.url).searchParams.get("conflit") === "1",
  };
}

export default function MyReviews() {
  const { calls, conflict } = useLoaderData<typeof loader>();
  const { t } = useT();
  const all = calls.flatMap((c) => c.rows);
  const todo = all.filter((r) => !r.reviewed).length;
  return (
    <div className="page wide">
      <h1>{t("myReviews.title")}</h1>
      {conflict ? <Notice kind="success">{t("myReviews.conflictDeclared")}</Notice> : null}
      <p role="status">{all.length ? t("myReviews.summary", { n: all.length, todo }) : t("myReviews.none")}</p>
      {calls.map((c) => (
        <section key={c.id} aria-labelledby={`call-${c.id}`}>
          <h2 id={`call-${c.id}`}>{c.title}</h2>
          <PhaseBanner phase={c.phase} />
          {c.due ? <p>{t("myReviews.due", { date: c.due })}</p> : null}
          {c.reviewer ? (
            <ul className="inline-links">
              <li>
                <Link to={`/instruction/appels/${c.id}/preferences`}>{t("preferences.link")}</Link>
              </li>
              <li>
                <Link to={`/instruction/appels/${c.id}/jury`}>{t("meeting.link")}</Link>
              </li>
            </ul>
          ) : null}
          {c.rows.length ? (
            <TableScroll>
              <table className="data-table">
                <caption className="visually-hidden">{t("myReviews.assignedIn", { title: c.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("instruction.name")}</th>
                    <th scope="col">{t("myReviews.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/instruction/dossiers/${r.id}`}>{r.name}</Link> {r.departement ? `(${r.departement})` : ""}
                      </th>
                      <td>{r.reviewed ? t("myReviews.reviewedAt", { date: r.reviewed }) : t("myReviews.toDo")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : (
            <p>{t("myReviews.noneInCall")}</p>
          )}
        </section>
      ))}
    </div>
  );
}
