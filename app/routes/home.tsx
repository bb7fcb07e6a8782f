import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/home";
import { listPublishedCalls, isOpen } from "../domain/calls/calls.server";
import { localized } from "../forms/definition";
import { formatParisDate } from "../lib/paris-time";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) => pageTitle(matches, "home.title");

export async function loader({ context }: Route.LoaderArgs) {
  const L = context.locale;
  const calls = await listPublishedCalls(context.services.db);
  return {
    calls: calls
      .filter((c) => isOpen(c))
      .map((c) => ({
        slug: c.slug,
        title: localized(c.content.title, L),
        subtitle: localized(c.content.subtitle, L),
        organiser: c.content.organiser,
        deadline: formatParisDate(c.timeline.deadline, L),
      })),
  };
}

export default function Home() {
  const { calls } = useLoaderData<typeof loader>();
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
    </div>
  );
}
