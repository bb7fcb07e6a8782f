import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/dashboard";
import { dossiersOfUser } from "../domain/applications/dossiers.server";
import { organisationsOf } from "../domain/organisations/organisations.server";
import { localized } from "../forms/definition";
import type { CallContent } from "../domain/calls/call-content";
import { formatParisDateTime } from "../lib/paris-time";
import { requireUser } from "../lib/route-helpers.server";
import { StateBadge } from "../ui/state-badge";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "dashboard.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  const L = context.locale;
  const [orgs, dossiers] = await Promise.all([organisationsOf(db, user.id), dossiersOfUser(db, user.id)]);
  return {
    name: user.name,
    orgs,
    dossiers: dossiers.map((d) => ({
      id: d.id,
      state: d.state,
      organisation: d.organization_name,
      call: localized((JSON.parse(d.content_json) as CallContent).title, L),
      deadline: formatParisDateTime(new Date(new Date(d.closes_at).getTime() - 60000), L),
    })),
  };
}

export default function Dashboard() {
  const { orgs, dossiers, name } = useLoaderData<typeof loader>();
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
                <StateBadge state={d.state} /> — {t("dossier.deadline", { date: d.deadline })}
              </p>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/">{t("nav.calls")}</Link>
        </p>
      </section>
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
