import { organisationLogView } from "../domain/organisations/organisations.server";
import { orNotFound } from "../lib/route-helpers.server";
// Who of a call's team (or the charter partner) looked at this organisation's dossiers: for its members.
import { useLoaderData } from "react-router";
import { requireUser } from "../lib/route-helpers.server";
import { AccessLogTable } from "../ui/access-log-table";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/org-access-log";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "accessLog.title");

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return orNotFound(context, organisationLogView(context.services.db, { userId: user.id, organizationId: params.orgId }, context.locale));
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
