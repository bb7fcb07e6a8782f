import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { eventIcs } from "./ical";
import { parisWallTimeToInstant } from "../../lib/paris-time";

const base = {
  id: "e1",
  sequence: 2,
  title: "Visite apprenante chez « PTCE Figeac »",
  startsAt: "2015-06-18T08:00:00.000Z",
  endsAt: "2015-06-18T14:30:00.000Z",
  address: "Place Vival, 46100 Figeac",
  programme: "Matin : recyclerie ; après-midi : atelier, échanges.",
  url: "https://trame.test/communaute/c/evenements/e1",
  organiser: { name: "Anne Claire Pignal", email: "territoires@coorace.org" },
  attendee: { name: "Camille Martin", email: "camille@example.org" },
};

describe("iCalendar invitations", () => {
  it("are read back by a calendar parser with the same event, UID and sequence", () => {
    const comp = new ICAL.Component(ICAL.parse(eventIcs(base)));
    expect(comp.getFirstPropertyValue("method")).toBe("REQUEST");
    const e = new ICAL.Event(comp.getFirstSubcomponent("vevent")!);
    expect(e.uid).toBe("e1@trame");
    expect(e.sequence).toBe(2);
    expect(e.summary).toBe(base.title);
    expect(e.location).toBe(base.address);
    expect(e.description).toBe(base.programme);
    expect(e.startDate.toJSDate().toISOString()).toBe(base.startsAt);
    expect(e.endDate.toJSDate().toISOString()).toBe(base.endsAt);
    expect(e.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual(["mailto:camille@example.org"]);
    expect(String(e.organizer).toLowerCase()).toBe("mailto:territoires@coorace.org");
  });

  it("a cancellation keeps the UID and says so", () => {
    const comp = new ICAL.Component(ICAL.parse(eventIcs({ ...base, sequence: 3, cancelled: true })));
    expect(comp.getFirstPropertyValue("method")).toBe("CANCEL");
    const v = comp.getFirstSubcomponent("vevent")!;
    expect(v.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(v.getFirstPropertyValue("uid")).toBe("e1@trame");
  });

  it("puts a 10:00–16:30 visit at 10:00–16:30 in a Paris calendar, in summer, in winter and across both DST switches", () => {
    const paris = (d: Date) =>
      new Intl.DateTimeFormat("fr-FR", {
        timeZone: "Europe/Paris",
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      }).format(d);
    for (const day of ["2027-06-10", "2027-01-14", "2027-03-27", "2027-03-28", "2027-10-30", "2027-10-31"]) {
      const [y, m, d] = day.split("-").map(Number);
      const startsAt = parisWallTimeToInstant(y, m, d, 10, 0).toISOString();
      const endsAt = parisWallTimeToInstant(y, m, d, 16, 30).toISOString();
      const ics = eventIcs({ ...base, startsAt, endsAt });
      // The raw line a calendar reads: a UTC instant, never UTC digits under a Paris label.
      const raw = /DTSTART[^:]*:(\S+)/.exec(ics)![1];
      expect(raw, day).toMatch(/^\d{8}T\d{6}Z$/);
      const e = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
      expect(e.startDate.zone.tzid, day).toBe("UTC");
      expect(paris(e.startDate.toJSDate()), day).toMatch(/ à 10:00$/);
      expect(paris(e.endDate.toJSDate()), day).toMatch(/ à 16:30$/);
    }
    // Summer (UTC+2): 08:00Z; winter (UTC+1): 09:00Z.
    expect(
      /DTSTART[^:]*:(\S+)/.exec(
        eventIcs({
          ...base,
          startsAt: parisWallTimeToInstant(2027, 6, 10, 10, 0).toISOString(),
          endsAt: parisWallTimeToInstant(2027, 6, 10, 16, 30).toISOString(),
        }),
      )![1],
    ).toBe("20270610T080000Z");
    expect(
      /DTSTART[^:]*:(\S+)/.exec(
        eventIcs({
          ...base,
          startsAt: parisWallTimeToInstant(2027, 1, 14, 10, 0).toISOString(),
          endsAt: parisWallTimeToInstant(2027, 1, 14, 16, 30).toISOString(),
        }),
      )![1],
    ).toBe("20270114T090000Z");
  });

  it("folds long lines as RFC 5545 requires (75 octets)", () => {
    const ics = eventIcs({ ...base, programme: "é".repeat(200) });
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });
});
