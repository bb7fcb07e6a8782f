// The selection meeting's revision, for the members' screens to poll cheaply: they reload the whole page
// only when the chair has moved (a decision, the next dossier, the end).
import type { Route } from "./+types/meeting-revision";
import { meetingRevision } from "../domain/decisions/meeting.server";
import { orNotFound, requireTeamSecurity, requireUser } from "../lib/route-helpers.server";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const revision = await orNotFound(context, meetingRevision(context.services.db, { callId: params.callId, userId: user.id }));
  await requireTeamSecurity(context, user, params.callId);
  return Response.json({ revision }, { headers: { "Cache-Control": "private, no-store" } });
}
