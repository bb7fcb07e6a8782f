// Who sees what of the charter and the community, through the real server on both databases (issue 3):
// non-members see nothing of the space (404 by any URL), the charter partner sees only charter data,
// members see their community, organisers run it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { defaultCall, submittedDossier, type SubmittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { setCharterPartner, signCharter, currentCharter } from "../../app/domain/charter/charter.server";
import { createEvent } from "../../app/domain/community/events.server";
import { createThread } from "../../app/domain/community/exchanges.server";
import { saveSheet } from "../../app/domain/community/sheets.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";

const ROLES = ["anonymous", "member", "otherMember", "declined", "partner", "organiser"] as const;
type Role = (typeof ROLES)[number];

describe.each(DATABASES)("community access over HTTP on %s", (kind) => {
  let srv: RunningServer;
  const cookies: Partial<Record<Role, string>> = {};
  let member: SubmittedDossier;
  const ids = { call: "", event: "", thread: "", post: "", draft: "", signature: "" };

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
    const s = srv.services;
    const db = s.db;
    ids.call = (await defaultCall(s)).id;
    const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
    member = await submittedDossier(s, { name: "PTCE Figeac", answers: { charter_sign: "yes" } });
    const other = await submittedDossier(s, { name: "PTCE Rennes", commune: { query: "Rennes", code: "35238" } });
    const declined = await submittedDossier(s, { name: "PTCE Lille", commune: { query: "Lille", code: "59350" } });
    await acceptIntoCommunity(db, {
      callId: ids.call,
      actorId: organiser,
      appUrl: srv.url,
      decisions: [
        { dossierId: member.id, decision: "accepted", reasons: "Retenu pour la communauté." },
        { dossierId: other.id, decision: "accepted", reasons: "Retenu pour la communauté." },
        { dossierId: declined.id, decision: "declined", reasons: "Non retenu cette fois." },
      ],
    });
    const partner = await createVerifiedUser(s, "Paula");
    await setCharterPartner(db, { email: partner.email, actorId: organiser, partner: true });
    ids.signature = await signCharter(db, {
      organizationId: member.org,
      userId: member.owner.id,
      signatoryName: "Camille",
      signatoryRole: "Présidente",
      consent: true,
      textVersion: (await currentCharter(db)).version,
      appUrl: srv.url,
    });
    const future = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
    ids.event = await createEvent(db, {
      callId: ids.call,
      actorId: organiser,
      kind: "meeting",
      title: "Rencontre",
      date: future,
      startTime: "10:00",
      endTime: "16:00",
      address: "Paris",
      programme: "",
      capacity: 30,
    });
    ids.thread = await createThread(db, s.storage, {
      callId: ids.call,
      userId: member.owner.id,
      theme: "general",
      title: "Bonjour",
      body: "Premier message",
      files: [{ name: "a.pdf", data: SAMPLE_PDF }],
      limits: DEFAULT_LIMITS,
      appUrl: srv.url,
    });
    ids.post = (await db.selectFrom("post").select("id").where("thread_id", "=", ids.thread).executeTakeFirstOrThrow()).id;
    ids.draft = await saveSheet(db, {
      callId: ids.call,
      userId: member.owner.id,
      title: "Brouillon de Figeac",
      themes: ["emploi"],
      content: {},
    });
    const people: Partial<Record<Role, { email: string; password: string }>> = {
      member: member.owner,
      otherMember: other.owner,
      declined: declined.owner,
      partner,
    };
    for (const r of ROLES) if (people[r]) cookies[r] = await sessionCookie(s, people[r]!.email, people[r]!.password);
    cookies.organiser = await sessionCookie(s, "equipe@trame.test", "organisateur-secret-42");
  });
  afterAll(async () => srv?.close());

  const status = async (path: string, role: Role) => {
    const res = await fetch(`${srv.url}${path}`, { headers: cookies[role] ? { cookie: cookies[role]! } : {}, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status === 302 && (res.headers.get("location") ?? "").startsWith("/connexion")) return "signin";
    return res.status;
  };

  type Row = [string, () => string, (number | "signin")[]];
  const c = () => `/communaute/${ids.call}`;
  const rows: Row[] = [
    ["community home", () => c(), ["signin", 200, 200, 404, 404, 200]],
    ["exchanges", () => `${c()}/echanges`, ["signin", 200, 200, 404, 404, 200]],
    ["a thread", () => `${c()}/echanges/${ids.thread}`, ["signin", 200, 200, 404, 404, 200]],
    ["a post's file", () => `${c()}/pieces/${ids.post}/0`, ["signin", 200, 200, 404, 404, 200]],
    ["library", () => `${c()}/capitalisation`, ["signin", 200, 200, 404, 404, 200]],
    ["a member's draft sheet", () => `${c()}/capitalisation/${ids.draft}`, ["signin", 200, 404, 404, 404, 200]],
    ["capitalisation report", () => `${c()}/capitalisation/rapport.pdf`, ["signin", 200, 200, 404, 404, 200]],
    ["indicators", () => `${c()}/indicateurs`, ["signin", 200, 200, 404, 404, 200]],
    ["participation", () => `${c()}/participation`, ["signin", 404, 404, 404, 404, 200]],
    ["the programme at a glance", () => `${c()}/programme`, ["signin", 200, 200, 404, 404, 200]],
    ["visit planner", () => `${c()}/visites/planifier`, ["signin", 404, 404, 404, 404, 200]],
    ["new event", () => `${c()}/evenements/nouveau`, ["signin", 404, 404, 404, 404, 200]],
    ["an event", () => `${c()}/evenements/${ids.event}`, ["signin", 200, 200, 404, 404, 200]],
    ["an event's .ics", () => `${c()}/evenements/${ids.event}/invitation.ics`, ["signin", 200, 200, 404, 404, 200]],
    ["charter partner's queue", () => `/partenaire-charte`, ["signin", 404, 404, 404, 200, 200]],
    ["signed charter PDF", () => `/charte/signatures/${ids.signature}/pdf`, ["signin", 200, 404, 404, 200, 200]],
    ["charter administration", () => `/admin/charte`, ["signin", 404, 404, 404, 404, 200]],
    ["public directory", () => `/ptce-signataires`, [200, 200, 200, 200, 200, 200]],
    ["public sheets", () => `/capitalisation/${ids.call}`, [200, 200, 200, 200, 200, 200]],
    ["public sheets of an unknown call", () => `/capitalisation/00000000-0000-0000-0000-000000000000`, [404, 404, 404, 404, 404, 404]],
    ["a dossier, for the partner", () => `/instruction/dossiers/${"x"}`, ["signin", 404, 404, 404, 404, 404]],
  ];

  it.each(rows.map((r) => [r[0], r] as const))("%s", async (_n, [, path, expected]) => {
    const got: Record<string, number | string> = {};
    const want: Record<string, number | string> = {};
    for (const [i, role] of ROLES.entries()) {
      got[role] = await status(path(), role);
      want[role] = expected[i];
    }
    expect(got).toEqual(want);
  });

  it("the partner gets 404 on the member's dossier", async () => {
    expect(await status(`/instruction/dossiers/${member.id}`, "partner")).toBe(404);
    expect(await status(`/dossiers/${member.id}`, "partner")).toBe(404);
  });
});
