import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/community-member";
import { membersOf } from "../domain/community/community.server";
import { indicatorsOf } from "../domain/community/indicators.server";
import { sheetsFor } from "../domain/community/sheets.server";
import { notFound } from "../lib/route-helpers.server";
import { requireCommunity } from "../lib/community-route.server";
import { BarChart } from "../ui/bar-chart";
import { pageTitle } from "../ui/meta";
import { useT } from "../ui/i18n";
import { formatMonth } from "../lib/paris-time";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "community.memberPage");

/** A member's page in the community: profile, hosting offer, impact indicators over the years, its published sheets. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user } = await requireCommunity(context, request, params.callId);
  const db = context.services.db;
  const member = (await membersOf(db, params.callId)).find((m) => m.organizationId === params.orgId);
  if (!member) notFound(context);
  const series = await indicatorsOf(db, { callId: params.callId, organizationId: member.organizationId, userId: user.id });
  const sheets = (await sheetsFor(db, { callId: params.callId, userId: user.id, filters: { member: member.organizationId } })).filter(
    (s) => s.status === "published" || s.status === "public",
  );
  return { callId: params.callId, member, series, sheets: sheets.map((s) => ({ id: s.id, title: s.title })) };
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
