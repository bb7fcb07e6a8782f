import type { Route } from "./+types/community-event-ics";
import { eventFor, icsOfEvent } from "../domain/community/events.server";
import { NotFound } from "../lib/errors";
import { notFound, requireUser } from "../lib/route-helpers.server";

/** The event as an iCalendar file, for the community's members and organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const { event: e } = await eventFor(context.services.db, { eventId: params.eventId, userId: user.id });
    if (e.call_id !== params.callId) throw new NotFound();
    const ics = await icsOfEvent(context.services.db, e, context.services.config.appUrl);
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="evenement.ics"',
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
