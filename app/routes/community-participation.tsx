import { Link, useLoaderData } from "react-router";
import { participation } from "../domain/community/exchanges.server";
import { requireCommunity } from "../lib/community-route.server";
import { notFound } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { TableScroll } from "../ui/table-scroll";
import type { Route } from "./+types/community-participation";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "participation.title");

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, access } = await requireCommunity(context, request, params.callId);
  if (access.role !== "organiser") notFound(context);
  return { callId: params.callId, rows: await participation(context.services.db, { callId: params.callId, userId: user.id }) };
}

export default function Participation() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page wide">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{t("participation.title")}</h1>
      <p>{t("participation.intro")}</p>
      <TableScroll>
        <table className="data-table">
          <caption className="visually-hidden">{t("participation.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("participation.member")}</th>
              <th scope="col">{t("participation.hosted")}</th>
              <th scope="col">{t("participation.visits")}</th>
              <th scope="col">{t("participation.meetings")}</th>
              <th scope="col">{t("participation.contributions")}</th>
              <th scope="col">{t("participation.drifting")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.organizationId} className={r.drifting ? "drifting" : undefined}>
                <th scope="row">{r.name}</th>
                <td>{r.visitsHosted}</td>
                <td>{r.visitsAttended}</td>
                <td>{r.meetingsAttended}</td>
                <td>{r.contributions}</td>
                <td>{r.drifting ? `⚠ ${t("participation.driftingYes")}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
