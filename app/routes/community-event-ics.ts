import type { Route } from "./+types/community-event-ics";
import { eventFor } from "../domain/community/events.server";
import { commitmentPeriod } from "../domain/community/community.server";
import { eventIcs } from "../domain/community/ical";
import { NotFound } from "../lib/errors";
import { notFound, requireUser } from "../lib/route-helpers.server";

/** The event as an iCalendar file, for the community's members and organisers. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const { event: e } = await eventFor(context.services.db, { eventId: params.eventId, userId: user.id });
    if (e.call_id !== params.callId) throw new NotFound();
    const { call } = await commitmentPeriod(context.services.db, e.call_id);
    const ics = eventIcs({
      id: e.id,
      sequence: e.sequence,
      title: e.title,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      address: e.address,
      programme: e.programme,
      url: `${context.services.config.appUrl}/communaute/${e.call_id}/evenements/${e.id}`,
      organiser: { name: call.content.contact.name, email: call.content.contact.email },
      cancelled: e.status === "cancelled",
    });
    return new Response(ics, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="evenement.ics"', "Cache-Control": "private, no-store" } });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
