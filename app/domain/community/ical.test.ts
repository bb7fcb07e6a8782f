import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { eventIcs } from "./ical";

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

  it("folds long lines as RFC 5545 requires (75 octets)", () => {
    const ics = eventIcs({ ...base, programme: "é".repeat(200) });
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });
});
