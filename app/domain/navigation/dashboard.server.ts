import type { SessionUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { isCharterPartnerAccount } from "../access/policy.server";
import { dossiersOfUser } from "../applications/dossiers.server";
import { unreadCounts } from "../applications/messages.server";
import type { CallContent } from "../calls/call-content";
import { effectiveClosesAt } from "../calls/calls.server";
import { charterStatusFor } from "../charter/charter.server";
import { communitiesOf } from "../community/community.server";
import { organisationsOf } from "../organisations/organisations.server";
import { assignmentsOf, callsOrganisedBy } from "../review/team.server";

/** The person's space: their organisations and dossiers (with the last decision and unread messages), reviews to do, calls they organise, communities and charters to sign. */
export async function dashboardView(db: Kdb, user: SessionUser, L: Locale) {
  const [orgs, dossiers, assignments, organised, charter] = await Promise.all([
    organisationsOf(db, user.id),
    dossiersOfUser(db, user.id),
    assignmentsOf(db, user.id),
    callsOrganisedBy(db, user.id),
    charterStatusFor(db, user.id),
  ]);
  const communities = await communitiesOf(db, user.id);
  const ids = dossiers.map((d) => d.id);
  const answers = ids.length
    ? await db
        .selectFrom("decision_answer")
        .select(["dossier_id", "decision", "sent_at"])
        .where("dossier_id", "in", ids)
        .orderBy("sent_at")
        .execute()
    : [];
  const unread = await unreadCounts(db, { userId: user.id, dossierIds: ids, otherSide: "team" });
  return {
    name: user.name,
    charterPartner: isCharterPartnerAccount(user),
    orgs,
    reviews: { total: assignments.length, todo: assignments.filter((a) => !a.reviewed_at).length },
    communities: communities.map((c) => ({ id: c.id, title: localized((JSON.parse(c.content_json) as CallContent).title, L) })),
    charterToSign: charter.filter((c) => !c.signatureId).map((c) => c.name),
    organised: organised.map((c) => ({ id: c.id, title: localized((JSON.parse(c.content_json) as CallContent).title, L) })),
    dossiers: dossiers.map((d) => ({
      id: d.id,
      state: d.state,
      decision: answers.filter((a) => a.dossier_id === d.id).pop()?.decision,
      unread: unread.get(d.id) ?? 0,
      organisation: d.organization_name,
      call: localized((JSON.parse(d.content_json) as CallContent).title, L),
      deadline: formatParisDateTime(new Date(effectiveClosesAt(d.call_closes_at, d.extended_closes_at).getTime() - 60000), L),
    })),
  };
}
