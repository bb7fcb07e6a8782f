import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/home";
import { listArchivedCalls, listPublishedCalls, isOpen, type Call } from "../domain/calls/calls.server";
import { localized } from "../forms/definition";
import { formatParisDate } from "../lib/paris-time";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "home.title");

export async function loader({ context }: Route.LoaderArgs) {
  const L = context.locale;
  const now = new Date();
  const card = (c: Call) => ({
    slug: c.slug,
    title: localized(c.content.title, L),
    subtitle: localized(c.content.subtitle, L),
    organiser: c.content.organiser,
    deadline: formatParisDate(c.timeline.deadline, L),
    opens: formatParisDate(c.timeline.opens, L),
  });
  // Every published call: open ones, those opening soon, and closed or archived ones in the archive.
  const published = await listPublishedCalls(context.services.db);
  const archived = await listArchivedCalls(context.services.db);
  return {
    calls: published.filter((c) => isOpen(c, now)).map(card),
    upcoming: published.filter((c) => now < c.opensAt).map(card),
    archive: [...published.filter((c) => now >= c.closesAt), ...archived].map(card),
  };
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
