import { Link, useLoaderData } from "react-router";
import { dashboardView } from "../domain/navigation/dashboard.server";
import { requireUser } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import { StateBadge } from "../ui/state-badge";
import type { Route } from "./+types/dashboard";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "dashboard.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return dashboardView(context.services.db, user, context.locale);
}

export default function Dashboard() {
  const { orgs, dossiers, name, reviews, organised, charterToSign, communities, charterPartner } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("dashboard.title")}</h1>
      <p className="meta">{name}</p>
      <section aria-labelledby="my-dossiers">
        <h2 id="my-dossiers">{t("dashboard.dossiers")}</h2>
        {dossiers.length === 0 ? <p>{t("dashboard.noDossier")}</p> : null}
        <ul className="card-list">
          {dossiers.map((d) => (
            <li key={d.id} className="card">
              <h3>
                <Link to={`/dossiers/${d.id}`}>{d.organisation}</Link>
              </h3>
              <p>{d.call}</p>
              <p>
                <StateBadge state={d.state} decision={d.decision} /> — {t("dossier.deadline", { date: d.deadline })}
              </p>
              {d.unread ? (
                <p>
                  <Link to={`/dossiers/${d.id}/messages`}>{t("messages.linkUnread", { n: d.unread })}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        <p>
          <Link to="/">{t("nav.calls")}</Link>
        </p>
      </section>
      {communities.length ? (
        <section aria-labelledby="my-communities">
          <h2 id="my-communities">{t("community.title")}</h2>
          <ul>
            {communities.map((c) => (
              <li key={c.id}>
                <Link to={`/communaute/${c.id}`}>{t("community.heading", { title: c.title })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {charterToSign.length ? (
        <p className="notice">
          {t("dashboard.charterToSign", { organisations: charterToSign.join(", ") })} <Link to="/charte">{t("charter.sign")}</Link>
        </p>
      ) : null}
      {charterPartner ? (
        <section aria-labelledby="partner-title">
          <h2 id="partner-title">{t("nav.charterPartner")}</h2>
          <p>
            <Link to="/partenaire-charte">{t("dashboard.partnerLink")}</Link>
          </p>
        </section>
      ) : null}
      {organised.length ? (
        <section aria-labelledby="organised-calls">
          <h2 id="organised-calls">{t("dashboard.organisedCalls")}</h2>
          <ul>
            {organised.map((c) => (
              <li key={c.id}>
                <Link to={`/admin/appels/${c.id}`}>{t("admin.dossiers", { title: c.title })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {reviews.total ? (
        <section aria-labelledby="my-reviews">
          <h2 id="my-reviews">{t("myReviews.title")}</h2>
          <p>
            {t("myReviews.summary", { n: reviews.total, todo: reviews.todo })} <Link to="/instruction">{t("myReviews.open")}</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="my-orgs">
        <h2 id="my-orgs">{t("dashboard.orgs")}</h2>
        {orgs.length === 0 ? <p>{t("dashboard.noOrg")}</p> : null}
        <ul>
          {orgs.map((o) => (
            <li key={o.id}>
              {o.name} — <Link to={`/organisations/${o.id}`}>{t("dashboard.manage")}</Link>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/organisations/nouvelle">{t("dashboard.newOrg")}</Link>
        </p>
      </section>
    </div>
  );
}
