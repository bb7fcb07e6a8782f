import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/my-reviews";
import { assignmentsOf, teamCallsOf } from "../domain/review/team.server";
import type { CallContent } from "../domain/calls/call-content";
import { localized } from "../forms/definition";
import { formatParisDateTime } from "../lib/paris-time";
import { requireUser } from "../lib/route-helpers.server";
import { anonymousLabel, phaseAt, scoringDueAt } from "../domain/review/phases";
import { namesHidden } from "../domain/review/phase-now.server";
import { phaseBanner } from "../domain/review/phase-banner";
import { PhaseBanner } from "../ui/phase-banner";
import { pageTitle } from "../ui/meta";
import { Notice } from "../ui/forms";
import { useT } from "../ui/i18n";
import { TableScroll } from "../ui/table-scroll";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "myReviews.title");

/** A reviewer's or expert's work, call by call: the phase in force, the preferences to give, the dossiers assigned. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const L = context.locale;
  const db = context.services.db;
  const now = new Date();
  const rows = await assignmentsOf(db, user.id);
  const calls = await teamCallsOf(db, user.id);
  return {
    conflict: new URL(request.url).searchParams.get("conflit") === "1",
    calls: calls.map((c) => {
      const content = JSON.parse(c.content_json) as CallContent;
      const phase = phaseAt(content.phases, now);
      const anonymous = namesHidden(c.role, phase);
      const due = scoringDueAt(content.phases, now);
      return {
        id: c.id,
        title: localized(content.title, L),
        reviewer: c.role === "reviewer",
        phase: phaseBanner(phase, L),
        due: due ? formatParisDateTime(due, L) : null,
        rows: rows
          .filter((r) => r.call_id === c.id)
          .map((r) => ({
            id: r.id,
            name: anonymous ? anonymousLabel(r.id) : r.name,
            departement: r.departement,
            reviewed: r.reviewed_at ? formatParisDateTime(r.reviewed_at, L) : null,
          })),
      };
    }),
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
