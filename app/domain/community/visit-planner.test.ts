import { describe, expect, it } from "vitest";
import { planVisits, toIndex, type HostOffer } from "./visit-planner";

const host = (id: string, region: string, from: string, to: string): HostOffer => ({ id, name: id, region, from, to });

function checkPlan(r: ReturnType<typeof planVisits>, input: { start: string; end: string; hosts: HostOffer[] }) {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const months = r.visits.map((v) => toIndex(v.month));
  expect(months[0] - toIndex(input.start)).toBeLessThan(4);
  expect(toIndex(input.end) - months[months.length - 1]).toBeLessThan(4);
  for (let i = 1; i < months.length; i++) {
    expect(months[i] - months[i - 1]).toBeGreaterThanOrEqual(3);
    expect(months[i] - months[i - 1]).toBeLessThanOrEqual(4);
  }
  for (const v of r.visits) {
    const h = input.hosts.find((x) => x.id === v.hostId)!;
    expect(toIndex(v.month)).toBeGreaterThanOrEqual(toIndex(h.from));
    expect(toIndex(v.month)).toBeLessThanOrEqual(toIndex(h.to));
  }
  for (let i = 1; i < r.visits.length; i++) expect(r.visits[i].hostId).not.toBe(r.visits[i - 1].hostId);
  return r;
}

describe("visit planner", () => {
  const hosts = [
    host("figeac", "76", "2015-04", "2017-07"),
    host("toulouse", "76", "2015-04", "2017-07"),
    host("rennes", "53", "2015-06", "2016-12"),
    host("lyon", "84", "2015-09", "2017-03"),
    host("lille", "32", "2016-01", "2017-07"),
    host("nantes", "52", "2015-04", "2016-06"),
  ];

  it("covers the commitment period with a visit every 3–4 months inside each host's window", () => {
    const input = { start: "2015-04", end: "2017-07", hosts };
    const r = checkPlan(planVisits(input), input);
    expect(r.visits.length).toBeGreaterThanOrEqual(7);
  });

  it("rotates hosts: everybody hosts before anybody hosts twice", () => {
    const input = { start: "2015-04", end: "2017-07", hosts };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.distinctHosts).toBe(6);
    const firstRepeat = r.visits.findIndex((v, i) => r.visits.slice(0, i).some((w) => w.hostId === v.hostId));
    if (firstRepeat >= 0) expect(new Set(r.visits.slice(0, firstRepeat).map((v) => v.hostId)).size).toBe(6);
  });

  it("spreads territories: two hosts of the same région are not visited one after the other when avoidable", () => {
    const input = {
      start: "2015-04",
      end: "2016-10",
      hosts: [
        host("a1", "76", "2015-04", "2016-10"),
        host("a2", "76", "2015-04", "2016-10"),
        host("b", "53", "2015-04", "2016-10"),
        host("c", "84", "2015-04", "2016-10"),
      ],
    };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.sameRegionInARow).toBe(0);
    expect(r.distinctRegions).toBe(3);
  });

  it("explains its choices: the only possible host, or a first visit among several", () => {
    const input = {
      start: "2015-04",
      end: "2015-10",
      hosts: [host("a", "76", "2015-04", "2015-07"), host("b", "53", "2015-07", "2015-10")],
    };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.visits.map((v) => v.reason.code)).toContain("onlyHost");
    expect(r.unusedHosts).toEqual([]);
  });

  it("says why no calendar is possible: nobody offers to host", () => {
    expect(planVisits({ start: "2015-04", end: "2017-07", hosts: [] })).toEqual({ ok: false, problems: [{ code: "noHosts" }] });
  });

  it("a full calendar is complete, with no gap", () => {
    const input = { start: "2015-04", end: "2017-07", hosts };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.complete).toBe(true);
    expect(r.gaps).toEqual([]);
    expect(r.slots.every((s) => s.kind === "visit")).toBe(true);
  });

  it("months nobody can host: the best partial calendar, its gaps marked with who could fill them (issue 9)", () => {
    // The normal case: 8 members, 5 of them hosting, each for one month.
    const five = [
      host("a", "76", "2027-01", "2027-01"),
      host("b", "53", "2027-04", "2027-04"),
      host("c", "84", "2027-05", "2027-05"),
      host("d", "32", "2027-12", "2027-12"),
      host("e", "52", "2028-04", "2028-04"),
    ];
    const members = [
      ...five.map((h) => ({ id: h.id, region: h.region, hosted: 0 })),
      { id: "f", region: "76", hosted: 0 },
      { id: "g", region: "11", hosted: 0 },
      { id: "h", region: "93", hosted: 1 },
    ];
    const r = planVisits({ start: "2027-01", end: "2028-12", hosts: five, members });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.complete).toBe(false);
    // Every slot keeps the rhythm; every visit sits in its host's window; as many hosts as possible.
    const months = r.slots.map((s) => toIndex(s.month));
    for (let i = 1; i < months.length; i++) expect(months[i] - months[i - 1]).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < months.length; i++) expect(months[i] - months[i - 1]).toBeLessThanOrEqual(4);
    expect(months[0] - toIndex("2027-01")).toBeLessThan(4);
    expect(toIndex("2028-12") - months[months.length - 1]).toBeLessThan(4);
    for (const v of r.visits) {
      const h = five.find((x) => x.id === v.hostId)!;
      expect(v.month >= h.from && v.month <= h.to).toBe(true);
    }
    // a (January) and b/c (April, May) cannot both fit three months apart with c: four of five hosts at most.
    expect(r.distinctHosts).toBe(4);
    expect(r.visits.length + r.gaps.length).toBe(r.slots.length);
    expect(r.gaps.length).toBeGreaterThan(0);
    for (const g of r.gaps) {
      expect(g.why).toBe("noHostThatMonth");
      // The nearest windows first, never the host of the visit just before or after.
      const i = r.slots.findIndex((s) => s.month === g.month);
      const around = [r.slots[i - 1], r.slots[i + 1]].flatMap((s) => (s && s.kind === "visit" ? [s.hostId] : []));
      expect(g.closest.length).toBeGreaterThan(0);
      for (const c of g.closest) expect(around).not.toContain(c.id);
      const distances = g.closest.map((c) => c.distance);
      expect([...distances].sort((x, y) => x - y)).toEqual(distances);
      expect(distances[0]).toBeGreaterThan(0);
      // Members who never hosted and are not in the calendar; « h » has hosted already. Régions not yet visited first.
      expect(g.neverHosted).not.toContain("h");
      expect(g.neverHosted).toContain("f");
      const visited = new Set(r.visits.map((v) => members.find((m) => m.id === v.hostId)!.region));
      const fresh = g.neverHosted.map((id) => !visited.has(members.find((m) => m.id === id)!.region));
      expect(fresh).toEqual([...fresh].sort((x, y) => Number(y) - Number(x)));
      expect(g.neverHosted.indexOf("g")).toBeLessThan(g.neverHosted.indexOf("f"));
    }
  });

  it("a single host cannot host twice in a row: one visit out of two is a gap", () => {
    const r = planVisits({ start: "2015-04", end: "2016-04", hosts: [host("a", "76", "2015-04", "2016-04")] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.slots.map((s) => s.kind)).toEqual(["visit", "gap", "visit"]);
    expect(r.gaps[0].why).toBe("hostsTaken");
    expect(r.gaps[0].closest).toEqual([]);
  });

  it("plans twelve hosts over two years, all different", () => {
    const many = Array.from({ length: 12 }, (_, i) => host(`h${i}`, String(10 + (i % 5)), "2015-04", "2017-07"));
    const input = { start: "2015-04", end: "2017-07", hosts: many };
    const r = checkPlan(planVisits(input), input);
    if (r.ok) expect(r.distinctHosts).toBe(r.visits.length);
  });
});
