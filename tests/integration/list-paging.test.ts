// The organisers' list at scale (issue 11): paged by key in every sort (forward and back, no row lost or
// repeated, ties broken by id), and per-state counts kept as dossiers change state — equal at every step
// to counting the dossiers, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier } from "../support/dossiers";
import {
  decodeCursor,
  encodeCursor,
  instructionList,
  PAGE_SIZE,
  recordDossierFacts,
  type InstructionFilters,
} from "../../app/domain/calls/instruction.server";
import { recountStates, stateCounts } from "../../app/domain/applications/state-counts.server";
import { dossierProfile } from "../../app/domain/applications/profile";
import { formDefinition, type Call } from "../../app/domain/calls/calls.server";
import { applyOrganiserTransition, reopenDossier, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { purgeDossier } from "../../app/domain/privacy/retention.server";
import { frenchCompare } from "../../app/lib/french-sort";
import { completeAnswers } from "../support/fixtures";
import { indexDossier, isBroad } from "../../app/domain/applications/search.server";

const N = 2 * PAGE_SIZE + 13;
const NAMES = ["Écopôle", "ecopole", "Dinamo", "L’Archipel", "Œuvres", "autonomie", "TETRIS", "initiativesETcité"];

describe.each(DATABASES)("the organisers' list paged by key on %s", (kind) => {
  let env: TestEnv;
  let call: Call;

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = await defaultCall(env.services);
    const def = await formDefinition(db, call.formVersionId);
    const owner = await organiserId(env.services);
    const now = Date.now();
    // Many dossiers with repeated names, instants and scores: ties must be broken by id, never lost.
    await db.transaction().execute(async (trx) => {
      for (let n = 0; n < N; n++) {
        const id = randomUUID();
        const org = randomUUID();
        const name = `${NAMES[n % NAMES.length]}${n % 3 === 0 ? "" : ` ${n % 5}`}`;
        const at = new Date(now - (n % 7) * 60_000).toISOString();
        const state = n % 4 === 0 ? "under_review" : "submitted";
        const answers = { ...completeAnswers(), ptce_name: name };
        await trx.insertInto("organization").values({ id: org, name, created_by: owner, created_at: at }).execute();
        await trx
          .insertInto("dossier")
          .values({
            id,
            call_id: call.id,
            organization_id: org,
            form_version_id: call.formVersionId,
            state,
            lock_version: 1,
            submission_count: 1,
            last_submitted_at: at,
            created_by: owner,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await recordDossierFacts(trx, {
          dossierId: id,
          callId: call.id,
          organisationName: name,
          state,
          profile: dossierProfile(def, answers),
          submittedAt: at,
        });
        if (n % 2 === 0)
          await trx
            .updateTable("dossier_fact")
            .set({ score_key: n % 3 })
            .where("dossier_id", "=", id)
            .execute();
      }
    });
    await recountStates(db);
  });
  afterAll(async () => env?.close());

  /** Every page forward from the first, then every page back from the last. */
  async function walk(f: InstructionFilters, options: { inOrder?: boolean; countCap?: number } = {}) {
    const db = env.services.db;
    const forward: string[][] = [];
    const positions: number[] = [];
    const list = (filters: InstructionFilters) => instructionList(db, call.id, filters, new Date(), options);
    let page = await list(f);
    for (;;) {
      forward.push(page.rows.map((r) => r.id));
      positions.push(page.page);
      if (!page.next) break;
      // As the link carries it: encoded, and decoded on the way back.
      page = await list({ ...f, after: decodeCursor(encodeCursor(page.next)) });
    }
    const backward: string[][] = [forward[forward.length - 1]];
    while (page.previous) {
      page = await list({ ...f, before: decodeCursor(encodeCursor(page.previous)) });
      backward.unshift(page.rows.map((r) => r.id));
    }
    return { forward, backward, positions, total: page.total };
  }

  it("walks every sort page by page, forward and back, without losing or repeating a row", async () => {
    for (const sort of ["name", "submitted", "score", "updated"] as const) {
      const { forward, backward, positions, total } = await walk({ sort });
      const ids = forward.flat();
      expect(ids, sort).toHaveLength(N);
      expect(new Set(ids).size, sort).toBe(N);
      expect(total, sort).toBe(N);
      expect(
        forward.map((p) => p.length),
        sort,
      ).toEqual([PAGE_SIZE, PAGE_SIZE, N - 2 * PAGE_SIZE]);
      expect(positions, sort).toEqual([1, 2, 3]);
      expect(backward, sort).toEqual(forward);
    }
  });

  it("keeps French order across pages, and scores highest first with unscored last", async () => {
    const db = env.services.db;
    const byName = (await walk({ sort: "name" })).forward.flat();
    const names = new Map(
      (await db.selectFrom("dossier_fact").select(["dossier_id", "name"]).where("call_id", "=", call.id).execute()).map((r) => [
        r.dossier_id,
        r.name,
      ]),
    );
    const shown = byName.map((id) => names.get(id)!);
    for (let i = 1; i < shown.length; i++)
      expect(frenchCompare(shown[i - 1], shown[i]), `${shown[i - 1]} / ${shown[i]}`).toBeLessThanOrEqual(0);
    const byScore = (await walk({ sort: "score" })).forward.flat();
    const scores = new Map(
      (await db.selectFrom("dossier_fact").select(["dossier_id", "score_key"]).where("call_id", "=", call.id).execute()).map((r) => [
        r.dossier_id,
        Number(r.score_key),
      ]),
    );
    const shownScores = byScore.map((id) => scores.get(id)!);
    expect(shownScores).toEqual([...shownScores].sort((a, b) => b - a));
    expect(shownScores.at(-1)).toBe(-1);
  });

  it("pages a filtered list by key too, and counts among the matches", async () => {
    const all = await instructionList(env.services.db, call.id, { state: "under_review" });
    const expected = Math.ceil(N / 4);
    expect(all.total).toBe(expected);
    expect(all.counts.under_review).toBe(expected);
    const { forward } = await walk({ state: "under_review", sort: "submitted" });
    expect(forward.flat()).toHaveLength(expected);
  });

  it("counts a filtered list only up to its cap, and still pages through every match", async () => {
    const db = env.services.db;
    // A filter matching every dossier (they all share the fixture's sectors), counted with a cap of 30.
    const filters = { sector: "emploi" };
    const uncapped = await instructionList(db, call.id, filters);
    expect(uncapped.capped).toBe(false);
    expect(uncapped.total).toBe(N);
    const first = await instructionList(db, call.id, filters, new Date(), { countCap: 30 });
    expect(first).toMatchObject({ capped: true, countsCapped: true, total: 30 });
    let seen = first.rows.length;
    for (let page = first; page.next;) {
      page = await instructionList(db, call.id, { ...filters, after: page.next }, new Date(), { countCap: 30 });
      seen += page.rows.length;
    }
    expect(seen).toBe(N);
    // A state with fewer matches than the cap is counted exactly, though the tabs' counts stopped.
    const fewer = await instructionList(db, call.id, { ...filters, state: "under_review" }, new Date(), { countCap: 30 });
    expect(fewer).toMatchObject({ capped: false, countsCapped: true, total: Math.ceil(N / 4) });
  });

  it("pages a search the same whether its page is read from the matches or in the list's order (broad searches)", async () => {
    const db = env.services.db;
    // Two thirds of the dossiers say « recyclerie », one in ten « cantine »; « solidaire » narrows the first.
    const facts = await db.selectFrom("dossier_fact").select(["dossier_id", "name", "state"]).where("call_id", "=", call.id).execute();
    const words = new Map<string, string>();
    facts.forEach((f, n) => {
      const text = [n % 3 ? "recyclerie" : "ressourcerie", n % 10 === 0 ? "cantine" : "", n % 2 ? "solidaire" : ""].join(" ");
      words.set(f.dossier_id, text);
    });
    for (const f of facts)
      await indexDossier(db, { dossierId: f.dossier_id, callId: call.id, content: `${f.name}\n${words.get(f.dossier_id)}` });
    const expected = (q: string[], state?: string) =>
      facts
        .filter((f) => q.every((w) => words.get(f.dossier_id)!.includes(w)) && (!state || f.state === state))
        .map((f) => f.dossier_id)
        .sort();
    for (const q of ["recyclerie", "cantine", "recyclerie solidaire"])
      for (const state of [undefined, "under_review"])
        for (const sort of ["name", "submitted", "score", "updated"] as const) {
          const what = `${q} ${state ?? ""} ${sort}`;
          const fromMatches = await walk({ q, state, sort }, { inOrder: false });
          const inOrder = await walk({ q, state, sort }, { inOrder: true });
          const byDefault = await walk({ q, state, sort });
          // Counts stopped at a cap of one: PostgreSQL's page is then left to its planner (not read from the
          // matches), and SQLite chooses the broad plan from a count of the index; the same pages either way.
          const capped = await walk({ q, state, sort }, { countCap: 1 });
          expect(fromMatches.forward.flat().sort(), what).toEqual(expected(q.split(" "), state));
          expect(inOrder.forward, what).toEqual(fromMatches.forward);
          expect(inOrder.backward, what).toEqual(inOrder.forward);
          expect(inOrder.total, what).toBe(fromMatches.total);
          expect(byDefault.forward, what).toEqual(fromMatches.forward);
          expect(capped.forward, what).toEqual(fromMatches.forward);
          expect(capped.backward, what).toEqual(capped.forward);
        }
    // The rule: a thousand matches at least, and a twentieth of the call.
    expect(isBroad(999, 2_000)).toBe(false);
    expect(isBroad(1_000, 2_000)).toBe(true);
    expect(isBroad(2_000, 50_000)).toBe(false);
    expect(isBroad(5_000, 50_000)).toBe(true);
  });

  it("refuses a forged or damaged cursor by showing the first page", () => {
    expect(decodeCursor("nimporte-quoi")).toBeUndefined();
    expect(decodeCursor(Buffer.from(JSON.stringify(["a", "b", -3])).toString("base64url"))).toBeUndefined();
    expect(decodeCursor(Buffer.from(JSON.stringify([{ x: 1 }, "b", 0])).toString("base64url"))).toBeUndefined();
    expect(decodeCursor(encodeCursor({ key: "ecopole", id: "abc", at: 50 }))).toEqual({ key: "ecopole", id: "abc", at: 50 });
  });

  it("keeps the per-state counts, and the state the facts keep, equal to the dossiers' through submissions, decisions, reopening and purges", async () => {
    const db = env.services.db;
    // The facts' copy of each dossier's state (what filtered counts read), where it differs from the dossier's.
    const factsAstray = async () =>
      db
        .selectFrom("dossier_fact")
        .innerJoin("dossier", "dossier.id", "dossier_fact.dossier_id")
        .select(["dossier.id", "dossier.state", "dossier_fact.state as fact_state"])
        .where("dossier_fact.call_id", "=", call.id)
        .whereRef("dossier_fact.state", "!=", "dossier.state")
        .execute();
    const counted = async () => {
      const rows = await db
        .selectFrom("dossier")
        .select(["state", db.fn.countAll<number>().as("n")])
        .where("call_id", "=", call.id)
        .groupBy("state")
        .execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    };
    // Through the domain: a new dossier is a draft, then submitted…
    const a = await submittedDossier(env.services, { name: "Compté A" });
    const b = await submittedDossier(env.services, { name: "Compté B" });
    expect(await stateCounts(db, call.id)).toEqual(await counted());
    expect(await factsAstray()).toEqual([]);
    // …reviewed and decided, reopened by its organisation…
    const organiser = await organiserId(env.services);
    await applyOrganiserTransition(db, { dossierId: a.id, event: "start_review", actorId: organiser, appUrl: "http://localhost" });
    await reopenDossier(db, { dossier: await dossierForMember(db, b.owner.id, b.id), userId: b.owner.id });
    expect(await stateCounts(db, call.id)).toEqual(await counted());
    const facts = await db.selectFrom("dossier_fact").select(["dossier_id", "state"]).where("dossier_id", "in", [a.id, b.id]).execute();
    expect(Object.fromEntries(facts.map((f) => [f.dossier_id, f.state]))).toEqual({ [a.id]: "under_review", [b.id]: "draft" });
    expect(await factsAstray()).toEqual([]);
    // A reopened dossier (a draft again) leaves the organisers' list, its counts included.
    const listed = await instructionList(db, call.id, { region: undefined, q: "Compté" });
    expect(listed.rows.map((r) => r.id)).toEqual([a.id]);
    // Submitted again: the submission writes the facts, their state with them.
    const again = await submitDossier(db, { dossier: await dossierForMember(db, b.owner.id, b.id), userId: b.owner.id, locale: "fr" });
    expect(again.status).toBe("submitted");
    expect(await factsAstray()).toEqual([]);
    expect((await instructionList(db, call.id, { q: "Compté" })).rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(await stateCounts(db, call.id)).toEqual(await counted());
    // …or purged at the end of its retention.
    await purgeDossier(db, env.services.storage, { dossierId: a.id, reason: "test" });
    expect(await stateCounts(db, call.id)).toEqual(await counted());
    // A drift (a row written by hand) lasts until the periodic recount.
    await db.updateTable("dossier").set({ state: "declined" }).where("id", "=", b.id).execute();
    expect(await stateCounts(db, call.id)).not.toEqual(await counted());
    expect(await factsAstray()).toHaveLength(1);
    await recountStates(db);
    expect(await stateCounts(db, call.id)).toEqual(await counted());
    expect(await factsAstray()).toEqual([]);
  });
});
