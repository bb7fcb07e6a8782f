import { describe, expect, it } from "vitest";
import { anonymousLabel, OPEN_RIGHTS, phaseAt, phaseProblems, phaseStart, scoringDueAt, sortPhases, type ReviewPhase } from "./phases";

const phase = (name: string, starts: string, rights: Partial<ReviewPhase> = {}): ReviewPhase => ({
  name: { fr: name },
  starts,
  canScore: true,
  seeOthers: true,
  seeNames: true,
  applicantsEdit: true,
  ...rights,
});

const PHASES = [
  phase("Évaluation à l’aveugle", "2026-03-20T09:00", { seeOthers: false, seeNames: false, applicantsEdit: false }),
  phase("Discussion", "2026-03-30T00:00", { applicantsEdit: false }),
  phase("Délibération", "2026-04-10T14:00", { canScore: false }),
];

describe("review phases", () => {
  it("reads a start as Paris wall time, on either side of the spring change", () => {
    // 20 March: winter time (UTC+1); 30 March: summer time (UTC+2) since the 29th.
    expect(phaseStart(PHASES[0])?.toISOString()).toBe("2026-03-20T08:00:00.000Z");
    expect(phaseStart(PHASES[1])?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(phaseStart({ starts: "2026-02-30T10:00" })).toBeNull();
    expect(phaseStart({ starts: "demain" })).toBeNull();
  });

  it("switches by itself at each start, and keeps every right open before the first and without phases", () => {
    expect(phaseAt(undefined, new Date()).rights).toEqual(OPEN_RIGHTS);
    expect(phaseAt(PHASES, new Date("2026-03-20T07:59:59Z"))).toMatchObject({ current: null, rights: OPEN_RIGHTS });
    const blind = phaseAt(PHASES, new Date("2026-03-20T08:00:00Z"));
    expect(blind.current?.phase.name.fr).toBe("Évaluation à l’aveugle");
    expect(blind.current?.endsAt?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(blind.rights).toEqual({ canScore: true, seeOthers: false, seeNames: false, applicantsEdit: false });
    expect(phaseAt(PHASES, new Date("2026-04-10T12:00:00Z")).rights.canScore).toBe(false);
    expect(phaseAt(PHASES, new Date("2026-04-10T12:00:00Z")).current?.endsAt).toBeNull();
  });

  it("gives the review's due date: the start of the next phase that stops scoring", () => {
    expect(scoringDueAt(PHASES, new Date("2026-03-25T10:00:00Z"))?.toISOString()).toBe("2026-04-10T12:00:00.000Z");
    expect(scoringDueAt(PHASES, new Date("2026-04-11T10:00:00Z"))).toBeNull();
    expect(scoringDueAt(undefined, new Date())).toBeNull();
  });

  it("names unreadable dates, two phases starting together and unnamed phases; orders phases by date", () => {
    const bad = [phase("", "2026-03-20T09:00"), phase("B", "2026-03-20T09:00"), phase("C", "2026-13-01T00:00")];
    expect(phaseProblems(bad).map((p) => p.key)).toEqual([
      "studio.check.phaseNoName",
      "studio.check.phaseSameStart",
      "studio.check.phaseDate",
    ]);
    expect(phaseProblems(PHASES)).toEqual([]);
    expect(sortPhases([PHASES[2], PHASES[0], PHASES[1]]).map((p) => p.name.fr)).toEqual(PHASES.map((p) => p.name.fr));
  });

  it("labels a dossier without its name, the same way every time", () => {
    expect(anonymousLabel("01HZX3ABCDEF")).toBe(anonymousLabel("01HZX3ABCDEF"));
    expect(anonymousLabel("01HZX3ABCDEF")).not.toBe(anonymousLabel("01HZX3ABCDEG"));
    expect(anonymousLabel("01HZX3ABCDEF")).toMatch(/^D-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  });
});
