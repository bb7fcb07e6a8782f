import { Link, useLoaderData } from "react-router";
import { homeView } from "../domain/calls/public-views.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/home";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "home.title");

export async function loader({ context }: Route.LoaderArgs) {
  return homeView(context.services.db, context.locale);
}

export default function Home() {
  const { calls, upcoming, archive } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      {calls.length === 0 ? <p>{t("home.none")}</p> : null}
      <ul className="card-list">
        {calls.map((c) => (
          <li key={c.slug} className="card">
            <h2>
              <Link to={`/appels/${c.slug}`}>{c.title}</Link>
            </h2>
            <p>{c.subtitle}</p>
            <p className="meta">
              {c.organiser} — {t("call.deadline", { date: c.deadline })}
            </p>
          </li>
        ))}
      </ul>
      {upcoming.length ? (
        <section aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">{t("home.upcoming")}</h2>
          <ul className="card-list">
            {upcoming.map((c) => (
              <li key={c.slug} className="card">
                <h3>
                  <Link to={`/appels/${c.slug}`}>{c.title}</Link>
                </h3>
                <p className="meta">
                  {c.organiser} — {t("call.notOpenYet", { date: c.opens })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {archive.length ? (
        <section aria-labelledby="archive-title">
          <h2 id="archive-title">{t("home.archive")}</h2>
          <ul>
            {archive.map((c) => (
              <li key={c.slug}>
                <Link to={`/appels/${c.slug}`}>{c.title}</Link> <span className="meta">— {c.organiser}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
