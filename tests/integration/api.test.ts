// The HTTP API (issue 13), through the real server on both databases: tokens (scoped, read or write,
// expiring, revoked), the same access rules as the pages (a matrix of roles × endpoints), every answer
// validated against the OpenAPI document it serves (contract tests), problem details, idempotent writes,
// the per-token limit, the access log, and the documented example client run as written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { defaultCall, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { ptceEmploi2015 } from "../../content/calls/ptce-emploi-2015/call";
import { loadCallPackage } from "../../app/domain/calls/calls.server";
import { addCallMember, declareConflict } from "../../app/domain/review/reviews.server";
import { assignManually } from "../../app/domain/review/team.server";
import { createToken, revokeToken } from "../../app/domain/access/tokens.server";
import { setTwoFactorRequired } from "../../app/domain/privacy/team-security.server";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const run = promisify(execFile);
// A small limit per token for this file's server (read when the build is first imported).
process.env.TRAME_API_PER_MINUTE = "400";

type Role = "organiser" | "reviewerA" | "conflictedA" | "otherReviewer" | "otherCallOnly";

describe.each(DATABASES)("HTTP API on %s", (kind) => {
  let srv: RunningServer;
  let A: SubmittedDossier;
  let B: SubmittedDossier;
  const ids = { call: "", otherCall: "", fileA: "", organiser: "", reviewerA: "" };
  const tokens: Partial<Record<Role | "organiserWrite" | "reviewerWrite" | "limited", string>> = {};
  let organiserCookie = "";
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
    components: { schemas: Record<string, object> };
  };
  let ajv: Ajv2020;

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
    const s = srv.services;
    const db = s.db;
    ids.call = (await defaultCall(s)).id;
    ids.otherCall = (await loadCallPackage(db, { ...ptceEmploi2015, slug: "autre-appel" }, { timeline: "shifted" })).callId;
    ids.organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
    A = await submittedDossier(s, {
      name: "PTCE Alpha",
      files: [{ fieldKey: "enriching_documents", name: "rapport.pdf", data: SAMPLE_PDF }],
    });
    B = await submittedDossier(s, { name: "PTCE Bêta", commune: { query: "Rennes", code: "35238" } });
    ids.fileA = (await db.selectFrom("attachment").select("id").where("dossier_id", "=", A.id).executeTakeFirstOrThrow()).id;
    const people: Record<string, { id: string; email: string; password: string }> = {};
    for (const role of ["reviewerA", "conflictedA", "otherReviewer", "otherCallOnly"]) people[role] = await createVerifiedUser(s, role);
    ids.reviewerA = people.reviewerA.id;
    for (const role of ["reviewerA", "conflictedA", "otherReviewer"])
      await addCallMember(db, { callId: ids.call, userId: people[role].id, role: "reviewer", actorId: ids.organiser });
    await addCallMember(db, { callId: ids.otherCall, userId: people.otherCallOnly.id, role: "reviewer", actorId: ids.organiser });
    await assignManually(db, { dossierId: A.id, reviewerId: people.reviewerA.id, actorId: ids.organiser });
    await assignManually(db, { dossierId: A.id, reviewerId: people.conflictedA.id, actorId: ids.organiser });
    await declareConflict(db, { dossierId: A.id, reviewerId: people.conflictedA.id, reason: "Administrateur de la structure" });
    const make = async (userId: string, callIds: string[], access: "read" | "write" = "read", name = "Outil") =>
      (await createToken(db, { userId, name, access, callIds, lifetimeDays: 30 })).secret;
    tokens.organiser = await make(ids.organiser, [ids.call, ids.otherCall]);
    tokens.organiserWrite = await make(ids.organiser, [ids.call], "write", "Tableur du réseau");
    tokens.reviewerA = await make(people.reviewerA.id, [ids.call]);
    tokens.reviewerWrite = await make(people.reviewerA.id, [ids.call], "write");
    tokens.conflictedA = await make(people.conflictedA.id, [ids.call]);
    tokens.otherReviewer = await make(people.otherReviewer.id, [ids.call]);
    tokens.otherCallOnly = await make(people.otherCallOnly.id, [ids.otherCall]);
    tokens.limited = await make(ids.organiser, [ids.call], "read", "Limité");
    organiserCookie = await sessionCookie(s, "equipe@trame.test", "organisateur-secret-42");
    doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: "trame", components: doc.components } as object);
  });
  afterAll(async () => srv?.close());

  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${srv.url}/api/v1${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
    });

  /** The answer matches what the document says of this operation and status (a contract test). */
  async function conforming(method: string, template: string, res: Response): Promise<unknown> {
    const op = doc.paths[template]?.[method];
    expect(op, `${method} ${template} is documented`).toBeTruthy();
    const documented = op.responses[String(res.status)];
    expect(documented, `${method} ${template} documents ${res.status}`).toBeTruthy();
    const type = (res.headers.get("content-type") ?? "").split(";")[0];
    const media = documented.content?.[type] ?? documented.content?.["*/*"];
    expect(media, `${method} ${template} ${res.status} as ${type}`).toBeTruthy();
    if (!type.includes("json")) return null;
    const body = await res.json();
    const validate = ajv.compile({ $ref: `trame#/components/schemas/${(media!.schema as { $ref: string }).$ref.split("/").pop()}` });
    if (!validate(body))
      throw new Error(`${method} ${template} ${res.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    return body;
  }

  it("serves an OpenAPI 3.1 document whose every schema compiles", async () => {
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
    for (const name of Object.keys(doc.components.schemas))
      expect(() => ajv.compile({ $ref: `trame#/components/schemas/${name}` }), name).not.toThrow();
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(15);
    const page = await fetch(`${srv.url}/developpeurs/api`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/v1/calls/{callId}/dossiers");
    expect(html).toContain('id="probleme-tokenmissing"');
    expect(html).toContain("updated_since");
  });

  it("answers 401 problems without a valid token, in French by default and English on request", async () => {
    const none = await api("/calls");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const body = (await conforming("get", "/calls", none)) as { detail: string; type: string };
    expect(body.detail).toContain("jeton");
    expect(body.type).toContain("/developpeurs/api#probleme-tokenmissing");
    const wrong = await api("/calls", "trame_pas-un-vrai-jeton", { headers: { "accept-language": "en" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { detail: string }).detail).toContain("not recognised");
    // A cookie is no key to the API.
    const cookieOnly = await fetch(`${srv.url}/api/v1/calls`, { headers: { cookie: organiserCookie } });
    expect(cookieOnly.status).toBe(401);
    await cookieOnly.arrayBuffer();
  });

  it("refuses revoked and expired tokens at once", async () => {
    const db = srv.services.db;
    const { token, secret } = await createToken(db, {
      userId: ids.organiser,
      name: "Éphémère",
      access: "read",
      callIds: [ids.call],
      lifetimeDays: 7,
    });
    expect((await api("/calls", secret)).status).toBe(200);
    await revokeToken(db, { userId: ids.organiser, tokenId: token.id });
    expect((await api("/calls", secret)).status).toBe(401);
    const old = await createToken(db, {
      userId: ids.organiser,
      name: "Ancien",
      access: "read",
      callIds: [ids.call],
      lifetimeDays: 7,
      now: new Date(Date.now() - 8 * 86_400_000),
    });
    expect((await api("/calls", old.secret)).status).toBe(401);
  });

  // Expected status per token, as the pages' matrix: the API never shows more than the pages.
  const ROLES: Role[] = ["organiser", "reviewerA", "conflictedA", "otherReviewer", "otherCallOnly"];
  type Row = [string, string, () => string, number[]];
  const rows: Row[] = [
    ["/calls", "/calls", () => "/calls", [200, 200, 200, 200, 200]],
    ["/calls/{callId}", "call", () => `/calls/${ids.call}`, [200, 200, 200, 200, 404]],
    ["/calls/{callId}/form", "form", () => `/calls/${ids.call}/form`, [200, 200, 200, 200, 404]],
    ["/calls/{callId}/dossiers", "dossiers", () => `/calls/${ids.call}/dossiers`, [200, 200, 200, 200, 404]],
    ["/calls/{callId}/dossiers", "other call's dossiers", () => `/calls/${ids.otherCall}/dossiers`, [200, 404, 404, 404, 200]],
    ["/dossiers/{dossierId}", "dossier A", () => `/dossiers/${A.id}`, [200, 200, 404, 404, 404]],
    ["/dossiers/{dossierId}", "dossier B", () => `/dossiers/${B.id}`, [200, 404, 404, 404, 404]],
    ["/dossiers/{dossierId}/submissions", "A's versions", () => `/dossiers/${A.id}/submissions`, [200, 200, 404, 404, 404]],
    ["/dossiers/{dossierId}/submissions/{number}", "A's first version", () => `/dossiers/${A.id}/submissions/1`, [200, 200, 404, 404, 404]],
    [
      "/dossiers/{dossierId}/attachments/{attachmentId}",
      "A's file",
      () => `/dossiers/${A.id}/attachments/${ids.fileA}`,
      [200, 200, 404, 404, 404],
    ],
    [
      "/dossiers/{dossierId}/attachments/{attachmentId}",
      "A's file through B",
      () => `/dossiers/${B.id}/attachments/${ids.fileA}`,
      [404, 404, 404, 404, 404],
    ],
    ["/dossiers/{dossierId}/reviews", "A's reviews", () => `/dossiers/${A.id}/reviews`, [200, 200, 404, 404, 404]],
    ["/dossiers/{dossierId}/decisions", "A's decisions", () => `/dossiers/${A.id}/decisions`, [200, 404, 404, 404, 404]],
    ["/calls/{callId}/community/members", "community members", () => `/calls/${ids.call}/community/members`, [200, 404, 404, 404, 404]],
    ["/calls/{callId}/community/events", "events", () => `/calls/${ids.call}/community/events`, [200, 404, 404, 404, 404]],
    ["/calls/{callId}/community/sheets", "sheets", () => `/calls/${ids.call}/community/sheets`, [200, 404, 404, 404, 404]],
    ["/calls/{callId}/community/indicators", "indicators", () => `/calls/${ids.call}/community/indicators`, [200, 404, 404, 404, 404]],
    ["/dossiers/{dossierId}", "an unknown dossier", () => `/dossiers/00000000-0000-0000-0000-000000000000`, [404, 404, 404, 404, 404]],
  ];

  it.each(rows.map((r) => [r[1], r] as const))("who reads %s, each answer as documented", async (_name, [template, , path, expected]) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [i, role] of ROLES.entries()) {
      const res = await api(path(), tokens[role]);
      got[role] = res.status;
      want[role] = expected[i];
      await conforming("get", template, res);
    }
    expect(got).toEqual(want);
  });

  it("covers every endpoint of the document in the matrix or in a test below", () => {
    const covered = new Set(rows.map((r) => `get ${r[0]}`));
    for (const w of [
      "put /dossiers/{dossierId}/reviews/mine",
      "post /dossiers/{dossierId}/notes",
      "get /events/{eventId}/registrations",
      "post /dossiers/{dossierId}/transitions",
      "put /dossiers/{dossierId}/labels",
    ])
      covered.add(w);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.filter((d) => !covered.has(d))).toEqual([]);
  });

  it("lists what each reads, filtered and paged like the organisers' list, and synchronises by updated_since", async () => {
    const all = (await conforming("get", "/calls/{callId}/dossiers", await api(`/calls/${ids.call}/dossiers`, tokens.organiser))) as {
      data: { id: string; name: string }[];
      total: number;
      next_cursor: string | null;
    };
    expect(all.data.map((d) => d.id).sort()).toEqual([A.id, B.id].sort());
    expect(all.next_cursor).toBeNull();
    const mine = (await (await api(`/calls/${ids.call}/dossiers`, tokens.reviewerA)).json()) as { data: { id: string }[] };
    expect(mine.data.map((d) => d.id)).toEqual([A.id]);
    const filtered = (await (await api(`/calls/${ids.call}/dossiers?departement=35`, tokens.organiser)).json()) as {
      data: { id: string }[];
    };
    expect(filtered.data.map((d) => d.id)).toEqual([B.id]);
    // One per page: the cursor leads to the other, then stops.
    const first = (await (await api(`/calls/${ids.call}/dossiers?limit=1`, tokens.organiser)).json()) as {
      data: { id: string }[];
      next_cursor: string;
    };
    expect(first.data).toHaveLength(1);
    const second = (await (await api(`/calls/${ids.call}/dossiers?limit=1&cursor=${first.next_cursor}`, tokens.organiser)).json()) as {
      data: { id: string }[];
      next_cursor: string | null;
    };
    expect(second.data).toHaveLength(1);
    expect(new Set([first.data[0].id, second.data[0].id]).size).toBe(2);
    const third = (await (await api(`/calls/${ids.call}/dossiers?limit=1&cursor=${second.next_cursor}`, tokens.organiser)).json()) as {
      data: unknown[];
      next_cursor: string | null;
    };
    if (second.next_cursor) expect(third.data).toHaveLength(0);
    // Synchronisation: nothing changed since now; a change shows up.
    const since = new Date(Date.now() + 1000).toISOString();
    const none = (await (await api(`/calls/${ids.call}/dossiers?updated_since=${encodeURIComponent(since)}`, tokens.organiser)).json()) as {
      data: unknown[];
    };
    expect(none.data).toHaveLength(0);
    await srv.services.db
      .updateTable("dossier")
      .set({ updated_at: new Date(Date.now() + 5000).toISOString() })
      .where("id", "=", B.id)
      .execute();
    const changed = (await (
      await api(`/calls/${ids.call}/dossiers?updated_since=${encodeURIComponent(since)}`, tokens.organiser)
    ).json()) as { data: { id: string }[] };
    expect(changed.data.map((d) => d.id)).toEqual([B.id]);
    // Unknown or malformed parameters are named in the problem.
    const bad = await api(`/calls/${ids.call}/dossiers?etat=submitted&limit=0&updated_since=hier`, tokens.organiser);
    expect(bad.status).toBe(400);
    const problem = (await conforming("get", "/calls/{callId}/dossiers", bad)) as { errors: { name: string }[] };
    expect(problem.errors.map((e) => e.name)).toContain("etat");
  });

  it("gives a dossier's answers typed by question key, matching its call's form schema", async () => {
    const form = (await (await api(`/calls/${ids.call}/form`, tokens.organiser)).json()) as {
      answers_schema: object;
      sections: { fields: { key: string; type: string }[] }[];
    };
    const dossier = (await (await api(`/dossiers/${A.id}`, tokens.organiser)).json()) as {
      answers: Record<string, unknown>;
      profile: { name: string; commune_code: string; wants_charter: boolean };
    };
    const validate = ajv.compile(form.answers_schema);
    expect(validate(dossier.answers), ajv.errorsText(validate.errors)).toBe(true);
    expect(dossier.answers.ptce_name).toBe("PTCE Alpha");
    expect(dossier.answers.charter_sign).toBe(true);
    expect(dossier.answers.employees).toBe(48);
    expect(dossier.answers.sectors).toEqual(["emploi", "eco_activites"]);
    expect(dossier.answers.commune).toMatchObject({ code: "46102", name: "Figeac", departement: "46" });
    expect((dossier.answers.funders as { amount: number }[])[0].amount).toBe(20000);
    expect((dossier.answers.enriching_documents as { id: string; name: string }[])[0]).toMatchObject({
      id: ids.fileA,
      name: "rapport.pdf",
    });
    expect(dossier.profile).toMatchObject({ name: "PTCE Alpha", commune_code: "46102", wants_charter: true });
    const file = await api(`/dossiers/${A.id}/attachments/${ids.fileA}`, tokens.reviewerA);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await file.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);
  });

  it("writes reviews and notes with write tokens only, idempotently, each use in the access log", async () => {
    const body = JSON.stringify({ scores: { anchoring: 4 }, comment: "Un ancrage territorial solide." });
    const put = (token: string, payload = body, headers: Record<string, string> = {}) =>
      api(`/dossiers/${A.id}/reviews/mine`, token, {
        method: "PUT",
        body: payload,
        headers: { "content-type": "application/json", ...headers },
      });
    const readOnly = await put(tokens.reviewerA!);
    expect(readOnly.status).toBe(403);
    await conforming("put", "/dossiers/{dossierId}/reviews/mine", readOnly);
    const { criteria } = (await (await api(`/calls/${ids.call}`, tokens.organiser)).json()) as {
      criteria: { key: string; min: number; max: number }[];
    };
    const scores = Object.fromEntries(criteria.map((c) => [c.key, c.max]));
    const ok = await put(tokens.reviewerWrite!, JSON.stringify({ scores, comment: "Un ancrage territorial solide." }));
    expect(ok.status).toBe(200);
    const saved = (await conforming("put", "/dossiers/{dossierId}/reviews/mine", ok)) as { scores: Record<string, number> };
    expect(saved.scores).toEqual(scores);
    const outOfScale = await put(
      tokens.reviewerWrite!,
      JSON.stringify({ scores: { [criteria[0].key]: criteria[0].max + 5 }, comment: "" }),
    );
    expect(outOfScale.status).toBe(400);
    expect(((await conforming("put", "/dossiers/{dossierId}/reviews/mine", outOfScale)) as { detail: string }).detail).toMatch(/\d/);
    const malformed = await put(tokens.reviewerWrite!, '{"scores": {');
    expect(malformed.status).toBe(400);
    await malformed.arrayBuffer();
    const notJson = await api(`/dossiers/${A.id}/reviews/mine`, tokens.reviewerWrite, {
      method: "PUT",
      body: "scores=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(notJson.status).toBe(415);
    await notJson.arrayBuffer();
    // The organiser reads every review; the reviewer, their own.
    const all = (await (await api(`/dossiers/${A.id}/reviews`, tokens.organiser)).json()) as {
      data: { reviewer: { id: string } }[];
      score: unknown;
    };
    expect(all.data.map((r) => r.reviewer.id)).toEqual([ids.reviewerA]);
    expect(all.score).not.toBeNull();

    // A note posted twice with one key is one note; the same key for another note is refused.
    const note = (text: string, key?: string) =>
      api(`/dossiers/${A.id}/notes`, tokens.organiserWrite, {
        method: "POST",
        body: JSON.stringify({ body: text }),
        headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      });
    const first = await note("À revoir en comité.", "cle-1");
    expect(first.status).toBe(201);
    const created = (await conforming("post", "/dossiers/{dossierId}/notes", first)) as { id: string };
    const again = await note("À revoir en comité.", "cle-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    const reused = await note("Autre chose.", "cle-1");
    expect(reused.status).toBe(422);
    await conforming("post", "/dossiers/{dossierId}/notes", reused);
    const notes = await srv.services.db
      .selectFrom("dossier_note")
      .select("id")
      .where("dossier_id", "=", A.id)
      .where("body", "=", "À revoir en comité.")
      .execute();
    expect(notes).toHaveLength(1);
    // Simultaneous repetitions: one note.
    const burst = await Promise.all([1, 2, 3, 4].map(() => note("Double clic.", "cle-2")));
    expect(burst.map((r) => r.status).every((s) => s === 201 || s === 409)).toBe(true);
    await Promise.all(burst.map((r) => r.arrayBuffer()));
    expect(await srv.services.db.selectFrom("dossier_note").select("id").where("body", "=", "Double clic.").execute()).toHaveLength(1);

    const log = await srv.services.db
      .selectFrom("access_log")
      .selectAll()
      .where("action", "=", "api")
      .where("dossier_id", "=", A.id)
      .execute();
    expect(log.length).toBeGreaterThan(3);
    expect(log.some((l) => (l.detail ?? "").includes("Tableur du réseau"))).toBe(true);
  });

  it("moves a dossier and sets its labels with the page's own rules: steps for organisers, labels for the team", async () => {
    const send = (method: string, path: string, token: string | undefined, payload: unknown, key?: string) =>
      api(path, token, {
        method,
        body: JSON.stringify(payload),
        headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
      });
    const step = `/dossiers/${B.id}/transitions`;
    const readOnly = await send("POST", step, tokens.organiser, { event: "start_review" });
    expect(readOnly.status).toBe(403);
    await conforming("post", "/dossiers/{dossierId}/transitions", readOnly);
    const reviewer = await send("POST", step, tokens.reviewerWrite, { event: "start_review" });
    expect(reviewer.status).toBe(404);
    await conforming("post", "/dossiers/{dossierId}/transitions", reviewer);
    const unknown = await send("POST", step, tokens.organiserWrite, { event: "publish" });
    expect(unknown.status).toBe(400);
    await conforming("post", "/dossiers/{dossierId}/transitions", unknown);
    // A return for changes says what is missing, as on the page.
    const bare = await send("POST", step, tokens.organiserWrite, { event: "return_for_changes" });
    expect(bare.status).toBe(400);
    await conforming("post", "/dossiers/{dossierId}/transitions", bare);
    const started = await send("POST", step, tokens.organiserWrite, { event: "start_review" }, "etape-1");
    expect(started.status).toBe(201);
    expect(await conforming("post", "/dossiers/{dossierId}/transitions", started)).toEqual({ state: "under_review" });
    const replayed = await send("POST", step, tokens.organiserWrite, { event: "start_review" }, "etape-1");
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    await replayed.arrayBuffer();
    // Without the key, the same step again is refused (the dossier is already under review): 409.
    const twice = await send("POST", step, tokens.organiserWrite, { event: "start_review" });
    expect(twice.status).toBe(409);
    await conforming("post", "/dossiers/{dossierId}/transitions", twice);
    const moves = await srv.services.db
      .selectFrom("dossier_transition")
      .select("id")
      .where("dossier_id", "=", B.id)
      .where("event", "=", "start_review")
      .execute();
    expect(moves).toHaveLength(1);
    // Labels: the whole set, idempotent by nature.
    const labels = `/dossiers/${B.id}/labels`;
    const set = await send("PUT", labels, tokens.organiserWrite, { labels: ["Prioritaire", "À revoir", "Prioritaire"] });
    expect(set.status).toBe(200);
    expect(await conforming("put", "/dossiers/{dossierId}/labels", set)).toEqual({ labels: ["Prioritaire", "À revoir"].sort() });
    const changed = await send("PUT", labels, tokens.organiserWrite, { labels: ["À revoir"] });
    expect(((await changed.json()) as { labels: string[] }).labels).toEqual(["À revoir"]);
    const tooLong = await send("PUT", labels, tokens.organiserWrite, { labels: ["x".repeat(81)] });
    expect(tooLong.status).toBe(400);
    await conforming("put", "/dossiers/{dossierId}/labels", tooLong);
    // The organisers' list (and the API's) shows what was set.
    const listed = (await (await api(`/calls/${ids.call}/dossiers?label=${encodeURIComponent("À revoir")}`, tokens.organiser)).json()) as {
      data: { id: string; labels: string[] }[];
    };
    expect(listed.data.map((d) => [d.id, d.labels])).toEqual([[B.id, ["À revoir"]]]);
  });

  it("gives the community's indicators with their method and each member's values", async () => {
    const db = srv.services.db;
    await db
      .insertInto("impact_indicator")
      .values({
        call_id: ids.call,
        organization_id: A.org,
        year: 2026,
        jobs_created: 4,
        jobs_secured: 7,
        people_supported: 30,
        trainings: 2,
        declared_by: A.owner.id,
        declared_at: new Date().toISOString(),
      })
      .execute();
    const res = await api(`/calls/${ids.call}/community/indicators`, tokens.organiser);
    const body = (await conforming("get", "/calls/{callId}/community/indicators", res)) as {
      data: { year: number; jobs_created: number; members: number }[];
      method: string;
      by_member: { organisation: { id: string }; jobs_secured: number }[];
    };
    expect(body.data).toEqual([expect.objectContaining({ year: 2026, jobs_created: 4, members: 1 })]);
    expect(body.method).toContain("Somme");
    expect(body.by_member).toEqual([expect.objectContaining({ organisation: expect.objectContaining({ id: A.org }), jobs_secured: 7 })]);
  });

  it("lists an event's registrations for organisers only", async () => {
    const db = srv.services.db;
    const now = new Date().toISOString();
    await db
      .insertInto("community_event")
      .values({
        id: "evt-api",
        call_id: ids.call,
        kind: "meeting",
        status: "published",
        title: "Rencontre",
        starts_at: now,
        ends_at: now,
        host_org_id: null,
        address: "Paris",
        programme: "",
        capacity: 10,
        report: null,
        report_at: null,
        sequence: 0,
        created_by: ids.organiser,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const res = await api(`/events/evt-api/registrations`, tokens.organiser);
    expect(res.status).toBe(200);
    await conforming("get", "/events/{eventId}/registrations", res);
    const reviewer = await api(`/events/evt-api/registrations`, tokens.reviewerA);
    expect(reviewer.status).toBe(404);
    await conforming("get", "/events/{eventId}/registrations", reviewer);
  });

  it("pages the community's lists by cursor: every row once, in order, whatever the page size", async () => {
    const db = srv.services.db;
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2027, 0, 10 + i, 9)).toISOString();
      await db
        .insertInto("community_event")
        .values({
          id: `evt-page-${i}`,
          call_id: ids.call,
          kind: "meeting",
          status: "published",
          title: `Rencontre ${i}`,
          starts_at: at,
          ends_at: at,
          host_org_id: null,
          address: "Lyon",
          programme: "",
          capacity: 10,
          report: null,
          report_at: null,
          sequence: 0,
          created_by: ids.organiser,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    const all = (await (await api(`/calls/${ids.call}/community/events?limit=200`, tokens.organiser)).json()) as {
      data: { id: string; starts_at: string }[];
      next_cursor: string | null;
    };
    expect(all.next_cursor).toBeNull();
    expect(all.data.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let cursor: string | null = "";
    for (let n = 0; cursor !== null && n < 20; n++) {
      const res = await api(`/calls/${ids.call}/community/events?limit=2${cursor ? `&cursor=${cursor}` : ""}`, tokens.organiser);
      expect(res.status).toBe(200);
      const page = (await conforming("get", "/calls/{callId}/community/events", res)) as {
        data: { id: string }[];
        next_cursor: string | null;
      };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(all.data.map((e) => e.id));
    expect([...all.data.map((e) => e.starts_at)].sort()).toEqual(all.data.map((e) => e.starts_at));
    // A forged cursor reads as the first page; a limit out of range is a 400 problem naming it.
    const forged = (await (await api(`/calls/${ids.call}/community/events?limit=2&cursor=%%%`, tokens.organiser)).json()) as {
      data: { id: string }[];
    };
    expect(forged.data.map((e) => e.id)).toEqual(all.data.slice(0, 2).map((e) => e.id));
    const tooMany = await api(`/calls/${ids.call}/community/events?limit=5000`, tokens.organiser);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toContain("limit");
    // Members and sheets are paged the same way.
    const members = await api(`/calls/${ids.call}/community/members?limit=1`, tokens.organiser);
    expect(members.status).toBe(200);
    await conforming("get", "/calls/{callId}/community/members", members);
    const sheets = await api(`/calls/${ids.call}/community/sheets?updated_since=2100-01-01T00:00:00Z`, tokens.organiser);
    expect(((await sheets.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("refuses tokens on a call that requires two-factor authentication when their holder has none", async () => {
    const db = srv.services.db;
    // The administrator turns it on for the other call (they must have it themselves).
    await db
      .updateTable("user")
      .set({ twoFactorEnabled: kind === "postgres" ? true : 1 })
      .where("id", "=", ids.organiser)
      .execute();
    await setTwoFactorRequired(db, { callId: ids.otherCall, required: true, actorId: ids.organiser });
    const res = await api(`/calls/${ids.otherCall}/dossiers`, tokens.otherCallOnly);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain("double authentification");
    await setTwoFactorRequired(db, { callId: ids.otherCall, required: false, actorId: ids.organiser });
    await db
      .updateTable("user")
      .set({ twoFactorEnabled: kind === "postgres" ? false : 0 })
      .where("id", "=", ids.organiser)
      .execute();
  });

  it("limits each token per minute with Retry-After, without touching other tokens", async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 420 && !limited; i++) {
      const res = await api("/calls", tokens.limited);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited).not.toBeNull();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    await conforming("get", "/calls", limited!);
    expect((await api("/calls", tokens.organiser)).status).toBe(200);
  });

  it("runs the documented example client as written", async () => {
    const { stdout, stderr } = await run("node", ["docs/examples/pull-dossiers.mjs"], {
      env: { ...process.env, TRAME_URL: srv.url, TRAME_TOKEN: tokens.organiser!, CALL_ID: ids.call, SINCE: "2000-01-01T00:00:00Z" },
    });
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; answers: Record<string, unknown> });
    expect(lines.map((l) => l.id).sort()).toEqual([A.id, B.id].sort());
    expect(lines.every((l) => typeof l.answers.ptce_name === "string")).toBe(true);
    expect(stderr).toContain("2 dossiers ;");
  });

  it("creates, shows once and revokes tokens from the account page, with errors per field", async () => {
    const page = await fetch(`${srv.url}/compte/jetons`, { headers: { cookie: organiserCookie } });
    expect(page.status).toBe(200);
    const post = (form: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
      return fetch(`${srv.url}/compte/jetons`, { method: "POST", headers: { cookie: organiserCookie, origin: srv.url }, body });
    };
    const empty = await (await post({ intent: "create", name: "", access: "read", lifetime: "30" })).text();
    expect(empty).toContain("Donnez au jeton un nom");
    expect(empty).toContain("Cochez au moins un appel");
    expect(empty).toContain('href="#input-name"');
    const created = await (
      await post({ intent: "create", name: "Depuis la page", access: "read", lifetime: "30", calls: [ids.call] })
    ).text();
    const secret = /value="(trame_[A-Za-z0-9_-]+)"/.exec(created)?.[1];
    expect(secret).toBeTruthy();
    expect((await api("/calls", secret)).status).toBe(200);
    const again = await (await fetch(`${srv.url}/compte/jetons`, { headers: { cookie: organiserCookie } })).text();
    expect(again).toContain("Depuis la page");
    expect(again).not.toContain(secret!);
    const row = await srv.services.db
      .selectFrom("api_token")
      .select(["id", "token_hash"])
      .where("name", "=", "Depuis la page")
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(secret!.slice(6, 20));
    await (await post({ intent: "revoke", token: row.id })).text();
    expect((await api("/calls", secret)).status).toBe(401);
    // Another person's token cannot be revoked from my page.
    const other = await srv.services.db.selectFrom("api_token").select("id").where("user_id", "=", ids.reviewerA).executeTakeFirstOrThrow();
    const refused = await (await post({ intent: "revoke", token: other.id })).text();
    expect(refused).toContain("vous n’y avez pas accès");
    expect((await api("/calls", tokens.reviewerA)).status).toBe(200);
  });
});
