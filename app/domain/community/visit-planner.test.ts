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
    const input = { start: "2015-04", end: "2016-10", hosts: [host("a1", "76", "2015-04", "2016-10"), host("a2", "76", "2015-04", "2016-10"), host("b", "53", "2015-04", "2016-10"), host("c", "84", "2015-04", "2016-10")] };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.sameRegionInARow).toBe(0);
    expect(r.distinctRegions).toBe(3);
  });

  it("explains its choices: the only possible host, or a first visit among several", () => {
    const input = { start: "2015-04", end: "2015-10", hosts: [host("a", "76", "2015-04", "2015-07"), host("b", "53", "2015-07", "2015-10")] };
    const r = checkPlan(planVisits(input), input);
    if (!r.ok) return;
    expect(r.visits.map((v) => v.reason.code)).toContain("onlyHost");
    expect(r.unusedHosts).toEqual([]);
  });

  it("says why no calendar is possible: no host, or months nobody can host", () => {
    expect(planVisits({ start: "2015-04", end: "2017-07", hosts: [] })).toEqual({ ok: false, problems: [{ code: "noHosts" }] });
    const r = planVisits({ start: "2015-04", end: "2016-12", hosts: [host("a", "76", "2015-04", "2015-06"), host("b", "53", "2016-06", "2016-12")] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ code: "gapWithoutHost", from: "2015-07", to: "2016-05" });
  });

  it("a single host cannot host twice in a row: then no plan over a long period", () => {
    const r = planVisits({ start: "2015-04", end: "2016-04", hosts: [host("a", "76", "2015-04", "2016-04")] });
    expect(r).toEqual({ ok: false, problems: [{ code: "tooFewHosts", hosts: 1 }] });
  });

  it("plans twelve hosts over two years quickly", () => {
    const many = Array.from({ length: 12 }, (_, i) => host(`h${i}`, String(10 + (i % 5)), "2015-04", "2017-07"));
    const t0 = performance.now();
    const input = { start: "2015-04", end: "2017-07", hosts: many };
    const r = checkPlan(planVisits(input), input);
    expect(performance.now() - t0).toBeLessThan(5000);
    if (r.ok) expect(r.distinctHosts).toBe(r.visits.length);
  });
});
