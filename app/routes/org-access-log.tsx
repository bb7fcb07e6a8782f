// Who of a call's team (or the charter partner) looked at this organisation's dossiers: for its members.
import { useLoaderData } from "react-router";
import type { Route } from "./+types/org-access-log";
import { organisationForMember } from "../domain/organisations/organisations.server";
import { accessLogOfOrganisation } from "../security/access-log.server";
import { formatParisDateTime } from "../lib/paris-time";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { NotFound } from "../lib/errors";
import { AccessLogTable } from "../ui/access-log-table";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "accessLog.title");

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  const { org } = await organisationForMember(db, user.id, params.orgId).catch((e) => {
    if (e instanceof NotFound) notFound(context);
    throw e;
  });
  const rows = await accessLogOfOrganisation(db, org.id);
  return { name: org.name, rows: rows.map((r) => ({ ...r, at: formatParisDateTime(r.at, context.locale) })) };
}

export default function OrganisationAccessLog() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page">
      <h1>{t("accessLog.title")}</h1>
      <p>{t("accessLog.orgIntro", { name: d.name })}</p>
      <AccessLogTable rows={d.rows} showOrganisation={false} />
    </div>
  );
}
