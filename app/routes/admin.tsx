import { Link, useLoaderData } from "react-router";
import { listPublishedCalls } from "../domain/calls/calls.server";
import { localized } from "../forms/definition";
import { requireOrganiser } from "../lib/route-helpers.server";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "admin.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  const calls = await listPublishedCalls(context.services.db);
  return { calls: calls.map((c) => ({ id: c.id, title: localized(c.content.title, context.locale) })) };
}

export default function Admin() {
  const { calls } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <ul>
        <li>
          <Link to="/admin/appels">{t("studio.calls.title")}</Link>
        </li>
        {calls.map((c) => (
          <li key={c.id}>
            <Link to={`/admin/appels/${c.id}`}>{t("admin.dossiers", { title: c.title })}</Link>
          </li>
        ))}
        <li>
          <Link to="/admin/charte">{t("adminCharter.title")}</Link>
        </li>
        <li>
          <Link to="/admin/courriels">{t("admin.emails")}</Link>
        </li>
        <li>
          <Link to="/admin/journal">{t("accessLog.title")}</Link>
        </li>
      </ul>
    </div>
  );
}
