// The access log for administrators: who opened, downloaded or exported which dossier.
import { useLoaderData } from "react-router";
import { formatParisDateTime } from "../lib/paris-time";
import { requireOrganiser } from "../lib/route-helpers.server";
import { accessLog } from "../security/access-log.server";
import { AccessLogTable } from "../ui/access-log-table";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/admin-access-log";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "accessLog.title");

export async function loader({ context, request }: Route.LoaderArgs) {
  requireOrganiser(context, request);
  const rows = await accessLog(context.services.db, {}, 1000);
  return { rows: rows.map((r) => ({ ...r, at: formatParisDateTime(r.at, context.locale) })) };
}

export default function AdminAccessLog() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("accessLog.title")}</h1>
      <p>{t("accessLog.adminIntro")}</p>
      <AccessLogTable rows={d.rows} showOrganisation />
    </div>
  );
}
