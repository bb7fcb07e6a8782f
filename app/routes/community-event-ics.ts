import { eventIcs } from "../domain/community/views.server";
import { orNotFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/community-event-ics";

/** The event as an iCalendar file, for the community's members and organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const ics = await orNotFound(
    context,
    eventIcs(context.services.db, {
      callId: params.callId,
      eventId: params.eventId,
      userId: user.id,
      appUrl: context.services.config.appUrl,
    }),
  );
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="evenement.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
