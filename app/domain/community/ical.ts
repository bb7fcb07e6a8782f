// iCalendar invitations for community events (RFC 5545, through ical-generator): one VEVENT per event,
// with a stable UID and a SEQUENCE bumped by every change, so calendars update or cancel it in place.
// Times are UTC instants; what a calendar in Paris shows is checked across both DST switches.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export interface IcsEvent {
  id: string;
  sequence: number;
  title: string;
  startsAt: string;
  endsAt: string;
  address: string;
  programme: string;
  url: string;
  organiser: { name: string; email: string };
  attendee?: { name: string; email: string };
  cancelled?: boolean;
}

export function eventIcs(e: IcsEvent): string {
  const cal = ical({
    name: e.title,
    prodId: { company: "Trame", product: "communaute", language: "FR" },
    method: e.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: `${e.id}@trame`,
    sequence: e.sequence,
    start: new Date(e.startsAt),
    end: new Date(e.endsAt),
    summary: e.title,
    description: e.programme,
    location: e.address,
    url: e.url,
    organizer: { name: e.organiser.name, email: e.organiser.email },
    attendees: e.attendee ? [{ name: e.attendee.name, email: e.attendee.email, rsvp: false }] : [],
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // Instants in UTC ("…Z"), which every calendar converts to its own zone. A TZID=Europe/Paris label
    // would need Paris wall-clock digits: ical-generator writes a JS Date's digits in the server's zone
    // (UTC here), which put a 10:00 visit at 08:00 in calendars all summer (issue 9).
  });
  return cal.toString();
}
