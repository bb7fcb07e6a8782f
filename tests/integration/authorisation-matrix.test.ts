// Who may read and do what, through the real server on both databases (issue 2): each role × each
// instruction page, action, file and export, by direct URL — including ids of another dossier and of
// another call. Anything not allowed answers 404 (ids reveal nothing), or the sign-in page when signed out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { defaultCall, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { isMessageKeyTitle } from "../support/text";
import { ptceEmploi2015 } from "../../content/calls/ptce-emploi-2015/call";
import { loadCallPackage } from "../../app/domain/calls/calls.server";
import { addCallMember, declareConflict } from "../../app/domain/review/reviews.server";
import { acceptCallInvitation, assignManually, inviteToCall } from "../../app/domain/review/team.server";
import { postMessage } from "../../app/domain/applications/messages.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import { sendAnswers, sentAnswerOf } from "../../app/domain/decisions/answers.server";
import { startExport } from "../../app/domain/exports/exports.server";
import { runDueJobs } from "../../app/jobs/queue.server";

const ROLES = ["anonymous", "applicantA", "applicantB", "reviewerA", "conflictedA", "otherReviewer", "expertB", "organiser"] as const;
type Role = (typeof ROLES)[number];

describe.each(DATABASES)("authorisation matrix on %s", (kind) => {
  let srv: RunningServer;
  const cookies: Partial<Record<Role, string>> = {};
  let A: SubmittedDossier;
  let B: SubmittedDossier;
  const ids = { call: "", otherCall: "", fileA: "", messageA: "", answerA: "", export: "" };

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
    const s = srv.services;
    const db = s.db;
    const appUrl = srv.url;
    ids.call = (await defaultCall(s)).id;
    ids.otherCall = (await loadCallPackage(db, { ...ptceEmploi2015, slug: "autre-appel" }, { timeline: "shifted" })).callId;
    const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
    A = await submittedDossier(s, { name: "PTCE A", files: [{ fieldKey: "enriching_documents", name: "rapport.pdf", data: SAMPLE_PDF }] });
    B = await submittedDossier(s, { name: "PTCE B", commune: { query: "Rennes", code: "35238" } });
    ids.fileA = (await db.selectFrom("attachment").select("id").where("dossier_id", "=", A.id).executeTakeFirstOrThrow()).id;
    const people: Partial<Record<Role, { id: string; email: string; password: string }>> = { applicantA: A.owner, applicantB: B.owner };
    for (const role of ["reviewerA", "conflictedA", "otherReviewer", "expertB"] as const) people[role] = await createVerifiedUser(s, role);
    for (const role of ["reviewerA", "conflictedA", "otherReviewer"] as const)
      await addCallMember(db, { callId: ids.call, userId: people[role]!.id, role: "reviewer", actorId: organiser });
    await assignManually(db, { dossierId: A.id, reviewerId: people.reviewerA!.id, actorId: organiser });
    await assignManually(db, { dossierId: A.id, reviewerId: people.conflictedA!.id, actorId: organiser });
    await declareConflict(db, { dossierId: A.id, reviewerId: people.conflictedA!.id, reason: "Administrateur de la structure" });
    const { token } = await inviteToCall(db, {
      callId: ids.call,
      email: people.expertB!.email,
      role: "expert",
      dossierId: B.id,
      actorId: organiser,
      appUrl,
      locale: "fr",
    });
    await acceptCallInvitation(db, { token, userId: people.expertB!.id });
    ids.messageA = await postMessage(db, s.storage, {
      dossierId: A.id,
      authorId: A.owner.id,
      side: "applicant",
      body: "Nos statuts",
      files: [{ name: "statuts.pdf", data: SAMPLE_PDF }],
      limits: DEFAULT_LIMITS,
      appUrl,
    });
    await confirmSelection(db, {
      callId: ids.call,
      actorId: organiser,
      appUrl,
      decisions: [{ dossierId: A.id, decision: "accepted", reasons: "Un dossier remarquable." }],
    });
    await sendAnswers(db, { callId: ids.call, actorId: organiser, appUrl });
    ids.answerA = (await sentAnswerOf(db, A.id))!.transition_id;
    ids.export = await startExport(db, s.storage, { callId: ids.call, userId: organiser, format: "csv", locale: "fr" });
    await runDueJobs(db, s.jobHandlers, { limit: 50 });
    cookies.organiser = await sessionCookie(s, "equipe@trame.test", "organisateur-secret-42");
    for (const role of ROLES)
      if (people[role as keyof typeof people])
        cookies[role] = await sessionCookie(s, people[role as keyof typeof people]!.email, people[role as keyof typeof people]!.password);
  });
  afterAll(async () => srv?.close());

  // Every page's title, as each role opened it: checked below (RGAA 8.5/8.6, a title in words).
  const titles = new Map<string, string>();
  const status = async (method: "GET" | "POST", path: string, role: Role, body?: Record<string, string>) => {
    const headers: Record<string, string> = { origin: srv.url };
    if (cookies[role]) headers.cookie = cookies[role]!;
    const res = await fetch(`${srv.url}${path}`, {
      method,
      headers,
      body: body ? new URLSearchParams(body) : undefined,
      redirect: "manual",
    });
    const text = await res.text();
    const title = /<title>([^<]*)<\/title>/.exec(text)?.[1];
    if (method === "GET" && res.status === 200 && title) titles.set(`${path} as ${role}`, title);
    if (res.status === 302 && (res.headers.get("location") ?? "").startsWith("/connexion")) return "signin";
    return res.status;
  };

  // Expected answer per role, in ROLES order: 200 (or another success code), 404, or "signin".
  type Row = [string, "GET" | "POST", () => string, (number | "signin")[], Record<string, string>?];
  const admin = (suffix: string): Row => [
    `call page ${suffix || "(list)"}`,
    "GET",
    () => `/admin/appels/${ids.call}${suffix}`,
    ["signin", 404, 404, 404, 404, 404, 404, 200],
  ];
  const rows: Row[] = [
    admin(""),
    admin("/equipe"),
    admin("/classement"),
    admin("/selection"),
    admin("/reponses"),
    admin("/exports"),
    admin("/delais"),
    admin("/donnees"),
    admin("/webhooks"),
    admin("/jury"),
    [
      "opening the selection meeting by non-organisers",
      "POST",
      () => `/admin/appels/${ids.call}/jury`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "end" },
    ],
    // A committee member's screen of the meeting: the call's organisers and reviewers, not experts.
    ["following the selection meeting", "GET", () => `/instruction/appels/${ids.call}/jury`, ["signin", 404, 404, 200, 200, 200, 404, 200]],
    // Its revision, polled by the members' screens: the same people.
    [
      "the selection meeting's revision",
      "GET",
      () => `/instruction/appels/${ids.call}/jury/revision`,
      ["signin", 404, 404, 200, 200, 200, 404, 200],
    ],
    [
      "adding a webhook by non-organisers",
      "POST",
      () => `/admin/appels/${ids.call}/webhooks`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "create", url: "https://outil.example.org/trame", events: "dossier.submitted" },
    ],
    [
      "data settings of a call by non-organisers",
      "POST",
      () => `/admin/appels/${ids.call}/donnees`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "retention", declined: "24", withdrawn: "12", drafts: "6" },
    ],
    // The call studio (issue 10): the call's organisers only; creating calls: platform organisers only.
    ["my calls", "GET", () => `/admin/appels`, ["signin", 302, 302, 302, 302, 302, 302, 200]],
    [
      "creating a call",
      "POST",
      () => `/admin/appels`,
      ["signin", 404, 404, 404, 404, 404, 404, 303],
      { intent: "create", title: "Un appel de test" },
    ],
    ...[
      "",
      "/textes",
      "/calendrier",
      "/formulaire",
      "/formulaire/ptce_name",
      "/grille",
      "/phases",
      "/lettres",
      "/parametres",
      "/apercu",
      "/export.json",
    ].map((step): Row => [
      `studio ${step || "overview"}`,
      "GET",
      () => `/admin/appels/${ids.call}/studio${step}`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
    ]),
    // A reviewer's preferences before the assignment (issue 12): the call's reviewers only.
    ["reviewer preferences", "GET", () => `/instruction/appels/${ids.call}/preferences`, ["signin", 404, 404, 200, 200, 200, 404, 404]],
    [
      "saving reviewer preferences",
      "POST",
      () => `/instruction/appels/${ids.call}/preferences`,
      ["signin", 404, 404, 200, 200, 200, 404, 404],
      { "pref.x": "interested" },
    ],
    [
      "a bulk action on the list's dossiers by non-organisers",
      "POST",
      () => `/admin/appels/${ids.call}`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "bulk-label", query: "etat=accepted", label: "Matrice" },
    ],
    [
      "a reviewer's limit set by non-organisers",
      "POST",
      () => `/admin/appels/${ids.call}/equipe`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "max-load", reviewerId: "x", maxLoad: "3" },
    ],
    ["studio of another call", "GET", () => `/admin/appels/${ids.otherCall}/studio`, ["signin", 404, 404, 404, 404, 404, 404, 200]],
    [
      "saving a call's texts",
      "POST",
      () => `/admin/appels/${ids.call}/studio/textes`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { revision: "-1", "title.fr": "Détourné" },
    ],
    [
      "publishing a call",
      "POST",
      () => `/admin/appels/${ids.call}/studio`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "publish", revision: "0" },
    ],
    [
      "a call's applicant preview",
      "POST",
      () => `/admin/appels/${ids.call}/studio/apercu`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "check" },
    ],
    ["the access log", "GET", () => `/admin/journal`, ["signin", 404, 404, 404, 404, 404, 404, 200]],
    ["the site map", "GET", () => `/plan-du-site`, [200, 200, 200, 200, 200, 200, 200, 200]],
    ["my account", "GET", () => `/compte`, ["signin", 200, 200, 200, 200, 200, 200, 200]],
    ["my data", "GET", () => `/compte/donnees.zip`, ["signin", 200, 200, 200, 200, 200, 200, 200]],
    ["A's organisation data", "GET", () => `/organisations/${A.org}/donnees.zip`, ["signin", 200, 404, 404, 404, 404, 404, 404]],
    ["A's organisation access log", "GET", () => `/organisations/${A.org}/journal`, ["signin", 200, 404, 404, 404, 404, 404, 404]],
    ["withdrawing A by others", "POST", () => `/dossiers/${A.id}`, ["signin", 200, 404, 404, 404, 404, 404, 404], { intent: "withdraw" }],
    ["another call's list for its reviewers", "GET", () => `/admin/appels/${ids.otherCall}`, ["signin", 404, 404, 404, 404, 404, 404, 200]],
    ["an unknown call", "GET", () => `/admin/appels/00000000-0000-0000-0000-000000000000`, ["signin", 404, 404, 404, 404, 404, 404, 404]],
    ["export download", "GET", () => `/admin/exports/${ids.export}`, ["signin", 404, 404, 404, 404, 404, 404, 200]],
    ["team view of A", "GET", () => `/instruction/dossiers/${A.id}`, ["signin", 404, 404, 200, 404, 404, 404, 200]],
    ["team view of B", "GET", () => `/instruction/dossiers/${B.id}`, ["signin", 404, 404, 404, 404, 404, 200, 200]],
    ["A's file", "GET", () => `/instruction/dossiers/${A.id}/fichiers/${ids.fileA}`, ["signin", 404, 404, 200, 404, 404, 404, 200]],
    [
      "A's file through B's id",
      "GET",
      () => `/instruction/dossiers/${B.id}/fichiers/${ids.fileA}`,
      ["signin", 404, 404, 404, 404, 404, 404, 404],
    ],
    ["A's versions", "GET", () => `/instruction/dossiers/${A.id}/versions`, ["signin", 404, 404, 200, 404, 404, 404, 200]],
    ["team messages of A", "GET", () => `/instruction/dossiers/${A.id}/messages`, ["signin", 404, 404, 404, 404, 404, 404, 200]],
    ["applicant's dossier A", "GET", () => `/dossiers/${A.id}`, ["signin", 200, 404, 404, 404, 404, 404, 404]],
    ["applicant's messages of A", "GET", () => `/dossiers/${A.id}/messages`, ["signin", 200, 404, 404, 404, 404, 404, 404]],
    ["message attachment on A", "GET", () => `/messages/${ids.messageA}/pieces/0`, ["signin", 200, 404, 404, 404, 404, 404, 200]],
    [
      "decision letter of A",
      "GET",
      () => `/dossiers/${A.id}/decisions/${ids.answerA}/lettre.pdf`,
      ["signin", 200, 404, 404, 404, 404, 404, 200],
    ],
    [
      "decision letter of A through B",
      "GET",
      () => `/dossiers/${B.id}/decisions/${ids.answerA}/lettre.pdf`,
      ["signin", 404, 404, 404, 404, 404, 404, 404],
    ],
    ["my assignments", "GET", () => `/instruction`, ["signin", 200, 200, 200, 200, 200, 200, 200]],
    [
      "note on A",
      "POST",
      () => `/instruction/dossiers/${A.id}`,
      ["signin", 404, 404, 200, 404, 404, 404, 200],
      { intent: "note", body: "Une note d’équipe." },
    ],
    [
      "decision on A by non-organisers",
      "POST",
      () => `/instruction/dossiers/${A.id}`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "transition", event: "nothing" },
    ],
    [
      "expert invitation on A",
      "POST",
      () => `/instruction/dossiers/${A.id}`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "invite-expert", email: "expert@example.org" },
    ],
    [
      "confirming a selection",
      "POST",
      () => `/admin/appels/${ids.call}/selection`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { dossier: "x" },
    ],
    [
      "sending answers",
      "POST",
      () => `/admin/appels/${ids.call}/reponses`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "send" },
    ],
    [
      "starting an export",
      "POST",
      () => `/admin/appels/${ids.call}/exports`,
      ["signin", 404, 404, 404, 404, 404, 404, 302],
      { format: "csv" },
    ],
    [
      "inviting a reviewer",
      "POST",
      () => `/admin/appels/${ids.call}/equipe`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { intent: "invite", email: "new@example.org" },
    ],
    [
      "writing on A's applicant thread",
      "POST",
      () => `/dossiers/${A.id}/messages`,
      ["signin", 200, 404, 404, 404, 404, 404, 404],
      { body: "Bonjour" },
    ],
    [
      "writing on A's team thread",
      "POST",
      () => `/instruction/dossiers/${A.id}/messages`,
      ["signin", 404, 404, 404, 404, 404, 404, 200],
      { body: "Bonjour" },
    ],
  ];

  it.each(rows.map((r) => [r[0], r] as const))("%s", async (_name, [, method, path, expected, body]) => {
    const got: Record<string, number | string> = {};
    const want: Record<string, number | string> = {};
    for (const [i, role] of ROLES.entries()) {
      got[role] = await status(method, path(), role, body);
      want[role] = expected[i];
    }
    expect(got).toEqual(want);
  });

  // Titles had become message keys (« callNav.dossiers — Trame ») once pages stopped carrying the dictionary.
  it("gives every page it opened a title in words, not a message key", async () => {
    // Run on its own (-t), it opens the rows' pages itself.
    if (!titles.size)
      for (const [, method, path] of rows) if (method === "GET") for (const role of ROLES) await status("GET", path(), role);
    expect(titles.size).toBeGreaterThan(40);
    const keys = [...titles].filter(([, title]) => isMessageKeyTitle(title));
    expect(keys).toEqual([]);
    expect(titles.get(`/admin/appels/${ids.call}/selection as organiser`)).toMatch(/^[A-ZÉ].* — Trame$/);
  });

  // The site map lists only what its reader may open (RGAA 12.1: a second way around Trame, never a leak).
  it("the site map shows each person their own pages only", async () => {
    const page = async (role: Role) => {
      const res = await fetch(`${srv.url}/plan-du-site`, { headers: cookies[role] ? { cookie: cookies[role]! } : {} });
      return res.text();
    };
    const applicant = await page("applicantA");
    expect(applicant).toContain(`/dossiers/${A.id}`);
    expect(applicant).not.toContain(`/dossiers/${B.id}`);
    expect(applicant).not.toContain("/admin/appels/");
    const organiser = await page("organiser");
    expect(organiser).toContain(`/admin/appels/${ids.call}/selection`);
    expect(organiser).not.toContain(`/dossiers/${A.id}`);
    const visitor = await page("anonymous");
    expect(visitor).toContain("/connexion");
    expect(visitor).not.toContain("/espace");
  });

  // Every route of the application is in the matrix above, or named here with the test that covers its access.
  const ELSEWHERE: Record<string, string> = {
    "": "public",
    "appels/:slug": "public",
    "appels/:slug/modele.pdf": "public",
    "appels/:slug/candidater": "http-access",
    inscription: "public",
    connexion: "trust-http",
    "connexion/code": "privacy (two-factor)",
    verification: "public",
    "mot-de-passe-oublie": "accounts-http",
    "nouveau-mot-de-passe": "accounts-http",
    deconnexion: "accounts-http",
    langue: "accounts-http",
    espace: "accounts-http",
    "organisations/nouvelle": "http-access",
    "organisations/:orgId": "accounts-http",
    "invitations/:token": "trust-http",
    "dossiers/:id/historique": "http-access",
    "dossiers/:id/depots/:subId/pdf": "http-access",
    "dossiers/:id/parties/:section": "http-access",
    "dossiers/:id/fichiers/:fileId": "http-access",
    admin: "accounts-http",
    "equipe/invitations/:token": "collaboration",
    "admin/courriels": "accounts-http",
    "admin/courriels/:emailId/pieces/:n": "accounts-http",
    "communaute/:callId": "community-access",
    "communaute/:callId/visites/planifier": "community-access",
    "communaute/:callId/evenements/nouveau": "community-access",
    "communaute/:callId/evenements/:eventId": "community-access",
    "communaute/:callId/evenements/:eventId/invitation.ics": "community-access",
    "communaute/:callId/echanges": "community-access",
    "communaute/:callId/echanges/:threadId": "community-access",
    "communaute/:callId/pieces/:postId/:fileId": "community-access",
    "communaute/:callId/capitalisation": "community-access",
    "communaute/:callId/capitalisation/rapport.pdf": "community-access",
    "communaute/:callId/capitalisation/:sheetId": "community-access",
    "communaute/:callId/indicateurs": "community-access",
    "communaute/:callId/membres/:orgId": "community-access",
    "communaute/:callId/participation": "community-access",
    "communaute/:callId/programme": "community-access",
    "capitalisation/:callId": "community-access",
    charte: "community-access",
    "charte/signatures/:signatureId/pdf": "community-access",
    "charte/fichiers/:fileId": "charter",
    "partenaire-charte": "community-access",
    "ptce-signataires": "community-access",
    "admin/charte": "community-access",
    "compte/jetons": "api (tokens page)",
    "developpeurs/api": "public (api)",
    confidentialite: "public",
    accessibilite: "public",
    "*": "public (404)",
  };

  it("covers every route of the application", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync("app/routes.ts", "utf8");
    const patterns = [...(source.includes("index(") ? [""] : []), ...[...source.matchAll(/route\("([^"]*)"/g)].map((m) => m[1])];
    expect(patterns.length).toBeGreaterThan(60);
    const concrete = rows.map((r) => {
      try {
        return r[2]().slice(1).split("?")[0];
      } catch {
        return "";
      }
    });
    const matches = (pattern: string) => {
      const re = new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/:[A-Za-z]+/g, "[^/]+")}$`);
      return concrete.some((c) => re.test(c));
    };
    const uncovered = patterns.filter((p) => !(p in ELSEWHERE) && !matches(p));
    expect(uncovered).toEqual([]);
  });

  // Ordinary mistakes never end in a 500: every page of the matrix, posted an unexpected or incomplete form
  // by each signed-in role, answers with a page (its message, a redirect or a 404), never a server error.
  it("answers unexpected and incomplete forms on every page without a server error", async () => {
    const forms: Record<string, string>[] = [
      {},
      { intent: "nimporte-quoi" },
      { intent: "transition", event: "accept" },
      { intent: "schedule", date: "2027-02-30", time: "99:99" },
      { intent: "endSession", sessionId: "x" },
      // Far too long everywhere (rows of the visit plan, scores, texts): a message, never a server error.
      Object.fromEntries(
        [
          "title",
          "body",
          "name",
          "email",
          "reason",
          "note",
          "v0.title",
          "v0.programme",
          "score.anchoring",
          "month",
          "revision",
          "token",
          "url",
        ].map((k) => [k, "x".repeat(60_000)]),
      ),
      {
        count: "3",
        "v0.title": "y".repeat(60_000),
        "v0.gap": "yes",
        "v0.add": "yes",
        intent: "review",
        "score.anchoring": "9".repeat(400),
      },
    ];
    const errors: string[] = [];
    for (const [name, , path] of rows) {
      for (const role of ["applicantA", "reviewerA", "organiser"] as const) {
        for (const body of forms) {
          const res = await fetch(`${srv.url}${path()}`, {
            method: "POST",
            headers: { origin: srv.url, cookie: cookies[role]! },
            body: new URLSearchParams(body),
            redirect: "manual",
          });
          if (res.status >= 500) errors.push(`${name} as ${role} with ${JSON.stringify(body)}: ${res.status}`);
          await res.arrayBuffer();
        }
      }
    }
    expect(errors).toEqual([]);
  });

  it("refuses a form posted without its length (chunked), before reading it", async () => {
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("body=Bonjour"));
        c.close();
      },
    });
    const res = await fetch(`${srv.url}/dossiers/${A.id}/messages`, {
      method: "POST",
      body,
      headers: { origin: srv.url, cookie: cookies.applicantA!, "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(411);
  });
});
