// A save that meets a colleague's newer answers (issue 4's « two colleagues saving at once »): the part of
// the form shows each colleague's value, name and time beside what was typed — the names read once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { conflictsView } from "../../app/domain/applications/views.server";
import type { Section } from "../../app/forms/definition";

describe("a save's conflicts, as the part of the form shows them", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite");
  });
  afterAll(async () => env?.close());

  it("names each colleague and keeps what this person typed", async () => {
    const alice = await createVerifiedUser(env.services, "Alice Martin");
    const bob = await createVerifiedUser(env.services, "Bruno Petit");
    const section = {
      key: "s",
      title: { fr: "Partie" },
      items: [
        { type: "text", key: "nom", label: { fr: "Nom" } },
        { type: "text", key: "ville", label: { fr: "Ville" } },
      ],
    } as unknown as Section;
    const at = "2026-03-29T08:30:00.000Z";
    const { conflicts, typed } = await conflictsView(
      env.services.db,
      section,
      [
        { key: "nom", status: "conflict", version: 3, theirs: "PTCE Alice", theirsBy: alice.id, theirsAt: at, yours: "PTCE Moi" },
        { key: "ville", status: "conflict", version: 2, theirs: "Figeac", theirsBy: bob.id, theirsAt: at, yours: "Cahors" },
        { key: "autre", status: "saved", version: 1 } as never,
      ],
      "fr",
    );
    expect(Object.keys(conflicts).sort()).toEqual(["nom", "ville"]);
    expect(conflicts.nom).toMatchObject({ theirs: "PTCE Alice", by: "Alice Martin", version: 3 });
    expect(conflicts.ville).toMatchObject({ theirs: "Figeac", by: "Bruno Petit", version: 2 });
    expect(conflicts.nom.at.replace(/[\u202f\u00a0]/g, " ")).toBe("29 mars 2026 à 10 h 30"); // Paris summer time, the day the clocks changed
    expect(typed).toEqual({ nom: "PTCE Moi", ville: "Cahors" });
  });
});
