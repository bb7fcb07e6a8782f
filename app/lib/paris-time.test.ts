import { describe, expect, it } from "vitest";
import {
  addDays,
  deadlineInstant,
  formatParisClock,
  formatParisDate,
  formatMonth,
  formatParisDateTime,
  isCivilDate,
  monthName,
  parisClock,
  parisOffsetMinutes,
  parseCivilDate,
  parisSortableDateTime,
  parisToday,
  parisWallDate,
  parisWallTimeToInstant,
  startOfParisDay,
  timeLeft,
} from "./paris-time";

describe("deadline of a civil date in Europe/Paris", () => {
  it("2 March 2015 ends at midnight Paris time, 23:00 UTC (winter)", () => {
    expect(deadlineInstant("2015-03-02").toISOString()).toBe("2015-03-02T23:00:00.000Z");
  });
  it("a deadline on the day the clocks go forward (29 March 2015) ends at 22:00 UTC", () => {
    expect(deadlineInstant("2015-03-29").toISOString()).toBe("2015-03-29T22:00:00.000Z");
  });
  it("the day before the change still ends at 23:00 UTC", () => {
    expect(deadlineInstant("2015-03-28").toISOString()).toBe("2015-03-28T23:00:00.000Z");
  });
  it("a deadline on the day the clocks go back (25 October 2015) ends at 23:00 UTC", () => {
    expect(deadlineInstant("2015-10-25").toISOString()).toBe("2015-10-25T23:00:00.000Z");
    expect(deadlineInstant("2015-10-24").toISOString()).toBe("2015-10-24T22:00:00.000Z");
  });
  it("30 March 2015 (answer date, after the change) is summer time", () => {
    expect(startOfParisDay("2015-03-30").toISOString()).toBe("2015-03-29T22:00:00.000Z");
  });
});

describe("offsets and wall times", () => {
  it("knows winter and summer offsets", () => {
    expect(parisOffsetMinutes(new Date("2015-01-15T12:00:00Z"))).toBe(60);
    expect(parisOffsetMinutes(new Date("2015-07-15T12:00:00Z"))).toBe(120);
  });
  it("maps a skipped wall time (02:30 on 29 March) to a valid instant", () => {
    const i = parisWallTimeToInstant(2015, 3, 29, 2, 30);
    expect([i.toISOString()]).toContain(i.toISOString());
    expect(i.getTime()).toBeGreaterThanOrEqual(Date.parse("2015-03-29T00:30:00Z"));
    expect(i.getTime()).toBeLessThanOrEqual(Date.parse("2015-03-29T01:30:00Z"));
  });
  it("gives today's Paris date around midnight UTC", () => {
    expect(parisToday(new Date("2015-03-02T23:30:00Z"))).toBe("2015-03-03");
    expect(parisToday(new Date("2015-03-02T22:59:00Z"))).toBe("2015-03-02");
  });
  it("adds days across month ends and leap years", () => {
    expect(addDays("2016-02-28", 1)).toBe("2016-02-29");
    expect(addDays("2015-02-28", 1)).toBe("2015-03-01");
    expect(addDays("2015-01-01", -1)).toBe("2014-12-31");
  });
  it("formats the autosave clock in French and English", () => {
    expect(formatParisClock("2015-03-02T13:32:00Z", "fr")).toBe("14\u00a0h\u00a032");
  });
  it("writes French dates and times one way: « 1er », no-break spaces, « à 23 h 59 », across DST", () => {
    expect(formatParisDate("2026-12-01", "fr")).toBe("1er\u00a0décembre 2026");
    expect(formatParisDate("2015-03-02", "fr")).toBe("2\u00a0mars 2015");
    expect(formatParisDateTime("2015-03-02T22:59:00Z", "fr")).toBe("2\u00a0mars 2015 à 23\u00a0h\u00a059");
    expect(formatParisDateTime("2027-06-10T08:00:00Z", "fr")).toBe("10\u00a0juin 2027 à 10\u00a0h\u00a000");
    expect(formatParisDateTime("2027-10-30T23:30:00Z", "fr")).toBe("31\u00a0octobre 2027 à 1\u00a0h\u00a030");
    expect(formatParisDateTime("2027-10-31T01:30:00Z", "fr")).toBe("31\u00a0octobre 2027 à 2\u00a0h\u00a030");
    expect(formatParisDateTime("2027-06-10T08:00:00Z", "en")).toBe("10 June 2027 at 10:00");
    expect(formatParisClock("2015-07-02T12:05:00Z", "en")).toBe("14:05");
  });
  it("counts down to an instant and never below zero", () => {
    const now = new Date("2015-03-01T10:00:00Z");
    expect(timeLeft(new Date("2015-03-02T23:00:00Z"), now)).toEqual({ days: 1, hours: 13, minutes: 0, past: false });
    expect(timeLeft(new Date("2015-03-01T09:00:00Z"), now).past).toBe(true);
  });

  it("writes exports' times and ZIP entries in Paris wall time, on both sides of both DST switches", () => {
    // 27 March 2027 (UTC+1) and 28 March (UTC+2); 30 October (UTC+2) and 31 October (UTC+1).
    expect(parisSortableDateTime("2027-03-27T23:30:00Z")).toBe("2027-03-28 00:30");
    expect(parisSortableDateTime("2027-03-28T01:30:00Z")).toBe("2027-03-28 03:30");
    expect(parisSortableDateTime("2027-10-30T22:30:00Z")).toBe("2027-10-31 00:30");
    expect(parisSortableDateTime("2027-10-31T01:30:00Z")).toBe("2027-10-31 02:30");
    for (const [iso, wall] of [
      ["2027-06-10T08:00:00Z", [2027, 5, 10, 10, 0]],
      ["2027-01-14T09:00:00Z", [2027, 0, 14, 10, 0]],
    ] as const) {
      const d = parisWallDate(new Date(iso));
      expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual(wall);
    }
  });

  it("reads Paris wall time from the offset kept per UTC hour exactly as the time-zone database does, every 25 minutes over three years", () => {
    const intl = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    const viaIntl = (d: Date) => {
      const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    let checked = 0;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2029, 0, 1); t += 25 * 60_000) {
      const d = new Date(t + 17_000);
      expect(parisSortableDateTime(d)).toBe(viaIntl(d));
      checked++;
    }
    expect(checked).toBe(63_130);
    // Before the kept rules, straight from the database: 1976, the first summer time of modern France.
    expect(parisSortableDateTime("1976-03-28T01:30:00Z")).toBe(viaIntl(new Date("1976-03-28T01:30:00Z")));
  });
});

describe("civil dates, months and the clock", () => {
  it("tells a civil date from any other text, without an exception, and parseCivilDate still throws", () => {
    for (const ok of ["2015-03-02", "2016-02-29", "2026-12-31"]) expect(isCivilDate(ok)).toBe(true);
    for (const no of ["2015-02-29", "2015-13-01", "2015-3-2", "02/03/2015", "", "2015-03-02T10:00", "texte libre"])
      expect(isCivilDate(no)).toBe(false);
    expect(parseCivilDate("2016-02-29")).toEqual({ year: 2016, month: 2, day: 29 });
    expect(() => parseCivilDate("2015-02-29")).toThrow(/No such day/);
    expect(() => parseCivilDate("02/03/2015")).toThrow(/Not a civil date/);
  });

  it("names months in French and English, from a month, a civil date or a number", () => {
    expect(formatMonth("2015-04", "fr")).toBe("avril 2015");
    expect(formatMonth("2015-12-31", "fr")).toBe("décembre 2015");
    expect(formatMonth("2015-04", "en")).toBe("April 2015");
    expect(monthName("08", "fr")).toBe("août");
    expect(monthName(1, "en")).toBe("January");
  });

  it("reads the Paris clock on both sides of a change of time", () => {
    // 29 March 2026: 02:00 in Paris becomes 03:00 (01:00 UTC).
    expect(parisClock(new Date("2026-03-29T00:59:00Z"))).toEqual({ hour: 1, hhmm: "01:59" });
    expect(parisClock(new Date("2026-03-29T01:00:00Z"))).toEqual({ hour: 3, hhmm: "03:00" });
    // 25 October 2026: 03:00 becomes 02:00 again (01:00 UTC).
    expect(parisClock(new Date("2026-10-25T00:30:00Z"))).toEqual({ hour: 2, hhmm: "02:30" });
    expect(parisClock(new Date("2026-10-25T01:30:00Z"))).toEqual({ hour: 2, hhmm: "02:30" });
    expect(parisClock(new Date("2026-12-03T23:05:00Z"))).toEqual({ hour: 0, hhmm: "00:05" });
  });
});
