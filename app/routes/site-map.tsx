import { Link, useLoaderData } from "react-router";
import { siteMapFor } from "../domain/navigation/site-map.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/site-map";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "siteMap.title");

export async function loader({ context }: Route.LoaderArgs) {
  const user = context.user ? { id: context.user.id, role: context.user.role } : null;
  return { groups: await siteMapFor(context.services.db, { user, locale: context.locale }) };
}

export default function SiteMap() {
  const { groups } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("siteMap.title")}</h1>
      <p>{t("siteMap.intro")}</p>
      {groups.map((g, i) => (
        <section key={g.title} aria-labelledby={`map-${i}`}>
          <h2 id={`map-${i}`}>{g.title}</h2>
          <ul>
            {g.links.map((l) => (
              <li key={l.href}>
                <Link to={l.href}>{l.label}</Link>
                {l.children?.length ? (
                  <ul>
                    {l.children.map((c) => (
                      <li key={c.href}>
                        <Link to={c.href}>{c.label}</Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
