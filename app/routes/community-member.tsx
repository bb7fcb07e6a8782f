import { Link, useLoaderData } from "react-router";
import { memberView } from "../domain/community/views.server";
import { requireCommunity } from "../lib/community-route.server";
import { formatMonth } from "../lib/paris-time";
import { orNotFound } from "../lib/route-helpers.server";
import { BarChart } from "../ui/bar-chart";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/community-member";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "community.memberPage");

/** A member's page in the community: profile, hosting offer, impact indicators over the years, its published sheets. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  return orNotFound(context, memberView(context.services.db, params.callId, params.orgId, user.id));
}

export default function CommunityMember() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const m = d.member;
  return (
    <div className="page">
      <p>
        <Link to={`/communaute/${d.callId}`}>← {t("community.title")}</Link>
      </p>
      <h1>{m.name}</h1>
      <p className="meta">
        {m.commune ?? "—"}
        {m.departement ? ` (${m.departement})` : ""} — {m.regionName ?? ""}
      </p>
      {m.description ? <p>{m.description}</p> : null}
      {m.hosts ? (
        <p>
          {t("community.hostsOffer", {
            from: m.hostFrom ? formatMonth(m.hostFrom, locale) : "",
            to: m.hostTo ? formatMonth(m.hostTo, locale) : "",
            experiences: m.hostExperiences,
          })}
        </p>
      ) : null}
      <h2>{t("indicators.title")}</h2>
      {d.series.length ? (
        <>
          <BarChart
            title={t("indicators.chartMember", { name: m.name })}
            unit=""
            series={d.series.map((s) => ({ label: String(s.year), value: s.jobsCreated + s.jobsSecured }))}
          />
          <BarChart
            title={t("indicators.chartPeople")}
            unit=""
            series={d.series.map((s) => ({ label: String(s.year), value: s.peopleSupported }))}
          />
        </>
      ) : (
        <p>{t("indicators.none")}</p>
      )}
      <h2>{t("sheets.title")}</h2>
      {d.sheets.length ? (
        <ul>
          {d.sheets.map((s) => (
            <li key={s.id}>
              <Link to={`/communaute/${d.callId}/capitalisation/${s.id}`}>{s.title}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("sheets.count", { n: 0 })}</p>
      )}
    </div>
  );
}
