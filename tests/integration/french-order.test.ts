// Names in French order on both databases (issue 9): « Écopôle… » and « initiativesETcité » sorted among
// their letters, not after « TETRIS » — in the organisers' list, the organisations of a person and the
// call team's lists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { defaultCall, submittedDossier } from "../support/dossiers";
import { instructionList } from "../../app/domain/calls/instruction.server";
import { createOrganisation, organisationsOf } from "../../app/domain/organisations/organisations.server";
import { frenchCompare } from "../../app/lib/french-sort";

const NAMES = ["TETRIS", "Écopôle du Pays de Figeac", "initiativesETcité", "Dinamo", "L’Archipel", "Œuvres communes", "autonomie"];
const FRENCH = ["autonomie", "Dinamo", "Écopôle du Pays de Figeac", "initiativesETcité", "L’Archipel", "Œuvres communes", "TETRIS"];

describe.each(DATABASES)("French order on %s", (kind) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(kind);
  });
  afterAll(async () => env?.close());

  it("sorts the organisers' list by name as a French reader expects", async () => {
    for (const n of NAMES) await submittedDossier(env.services, { name: n });
    const call = await defaultCall(env.services);
    const list = await instructionList(env.services.db, call.id, { sort: "name" });
    expect(list.rows.map((r) => r.name)).toEqual(FRENCH);
  });

  it("sorts a person's organisations, and code sorts agree", async () => {
    const user = await createVerifiedUser(env.services, "Multi Structures");
    for (const n of NAMES) await createOrganisation(env.services.db, { name: n, userId: user.id });
    expect((await organisationsOf(env.services.db, user.id)).map((o) => o.name)).toEqual(FRENCH);
    expect([...NAMES].sort(frenchCompare)).toEqual(FRENCH);
  });
});
