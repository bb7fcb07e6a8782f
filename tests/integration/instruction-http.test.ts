// The instruction pages through the real server (issue 2, first part): the list with filters and
// search, the team's dossier view, actions and reviews, and who may see what, by any URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { asChanges, completeAnswers, SAMPLE_PDF } from "../support/fixtures";
import { findCallBySlug } from "../../app/domain/calls/calls.server";
import { saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { plain } from "../support/text";
import { changeCallContent } from "../support/dossiers";
import { parisSortableDateTime } from "../../app/lib/paris-time";
import { INDEX_JOB, indexLatestSubmission } from "../../app/domain/applications/search.server";
import { claimDueJobs, runJob } from "../../app/jobs/queue.server";
import { DEPARTEMENTS, REGIONS } from "../../app/forms/territory-lists";

describe.each(DATABASES)("instruction over HTTP on %s", (kind) => {
  let srv: RunningServer;
  let callId = "";
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let fileId = "";
  const get = (path: string, who?: string) =>
    fetch(`${srv.url}${path}`, { headers: who ? { cookie: cookies[who] } : {}, redirect: "manual" });
  const post = (path: string, body: Record<string, string>, who: string) =>
    fetch(`${srv.url}${path}`, {
      method: "POST",
      body: new URLSearchParams(body),
      headers: { origin: srv.url, cookie: cookies[who] },
      redirect: "manual",
    });

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
    const db = srv.services.db;
    cookies.organiser = await sessionCookie(srv.services, "equipe@trame.test", "organisateur-secret-42");
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    callId = call.id;
    for (const [name, commune, text] of [
      ["Figeac", { query: "Figeac", code: "46102" }, "Une recyclerie solidaire."],
      ["Rennes", { query: "Rennes", code: "35238" }, "Une cantine en circuits courts."],
    ] as const) {
      const user = await createVerifiedUser(srv.services, `Porteur ${name}`);
      cookies[name] = await sessionCookie(srv.services, user.email, user.password);
      const created = await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: `PTCE ${name}` }, name);
      const id = created.headers.get("location")!.split("/").pop()!;
      ids[name] = id;
      await saveAnswers(db, {
        dossier: await dossierForMember(db, user.id, id),
        userId: user.id,
        changes: asChanges({ ...completeAnswers(), ptce_name: `PTCE ${name}`, commune, q3_experiences: text }),
      });
      if (name === "Figeac") {
        const f = new FormData();
        f.set("fieldKey", "enriching_documents");
        f.set("file", new Blob([new Uint8Array(SAMPLE_PDF)]), "rapport.pdf");
        const up = await fetch(`${srv.url}/dossiers/${id}/fichiers`, {
          method: "POST",
          body: f,
          headers: { origin: srv.url, cookie: cookies[name], accept: "application/json" },
        });
        fileId = ((await up.json()) as { id: string }).id;
      }
      await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
    }
    const reviewer = await createVerifiedUser(srv.services, "Rita Relectrice");
    const outsider = await createVerifiedUser(srv.services, "Oscar Extérieur");
    cookies.reviewer = await sessionCookie(srv.services, reviewer.email, reviewer.password);
    cookies.outsider = await sessionCookie(srv.services, outsider.email, outsider.password);
    const organiserId = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
    await addCallMember(db, { callId, userId: reviewer.id, role: "reviewer", actorId: organiserId });
    await db
      .insertInto("review_assignment")
      .values({ dossier_id: ids.Figeac, reviewer_id: reviewer.id, assigned_by: organiserId, assigned_at: new Date().toISOString() })
      .execute();
  });
  afterAll(async () => srv?.close());

  it("lists submitted dossiers with filters and French full-text search, for organisers only", async () => {
    const all = await (await get(`/admin/appels/${callId}`, "organiser")).text();
    expect(all).toContain("2 dossiers");
    expect(all).toContain("PTCE Figeac");
    const occitanie = await (await get(`/admin/appels/${callId}?region=76`, "organiser")).text();
    expect(occitanie).toContain("1 dossier");
    expect(occitanie).toContain("PTCE Figeac");
    expect(occitanie).not.toContain("PTCE Rennes");
    const search = await (await get(`/admin/appels/${callId}?q=${encodeURIComponent("cantine")}`, "organiser")).text();
    expect(search).toContain("PTCE Rennes");
    expect(search).not.toContain("PTCE Figeac");
    for (const who of ["reviewer", "outsider", "Figeac"]) expect((await get(`/admin/appels/${callId}`, who)).status, who).toBe(404);
  });

  it("offers every region and department in the list's filters, the chosen one selected, without sending the lists in the page's data (issue 11)", async () => {
    const html = await (await get(`/admin/appels/${callId}?region=76&departement=2A`, "organiser")).text();
    const options = (name: string) => {
      const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
      return [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((m) => ({
        value: m[1],
        selected: !!m[2],
        label: m[3],
      }));
    };
    const regions = options("region");
    const departements = options("departement");
    // « Toutes », 13 metropolitan and 5 overseas regions; 96 metropolitan and 5 overseas departments.
    expect(regions).toHaveLength(1 + REGIONS.length);
    expect(REGIONS).toHaveLength(18);
    expect(departements).toHaveLength(1 + DEPARTEMENTS.length);
    expect(DEPARTEMENTS).toHaveLength(101);
    expect(regions.filter((o) => o.selected)).toEqual([{ value: "76", selected: true, label: "Occitanie" }]);
    expect(departements.filter((o) => o.selected)).toEqual([{ value: "2A", selected: true, label: "2A — Corse-du-Sud" }]);
    expect(departements).toContainEqual({ value: "974", selected: false, label: "974 — La Réunion" });
    // The page's data for the browser (React Router's inline stream) names no department: the pickers'
    // lists come with the page's code, downloaded once.
    const data = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
    expect(data).toContain("streamController");
    expect(data).not.toContain("Finistère");
    expect(data).not.toContain("Corse-du-Sud");
  });

  it("lets go of each page once it is written: no timer is left behind holding the page (issue 11)", async () => {
    // Each page's stream has a time limit; left running after the page was sent, its timer kept the
    // page's whole tree and data alive for six seconds (~80 MiB of heap under the list's load).
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const first = await get(`/admin/appels/${callId}`, "organiser");
    expect(first.status).toBe(200);
    await first.text();
    const before = timers();
    for (let i = 0; i < 20; i++) {
      const page = await get(`/admin/appels/${callId}?tri=${["name", "submitted", "updated", "score"][i % 4]}`, "organiser");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("</html>");
    }
    expect(timers() - before).toBeLessThan(5);
  });

  it("shows a submitted dossier and its files to the team, and to nobody else", async () => {
    const page = await (await get(`/instruction/dossiers/${ids.Figeac}`, "organiser")).text();
    expect(page).toContain("Une recyclerie solidaire.");
    expect((await get(`/instruction/dossiers/${ids.Figeac}`, "reviewer")).status).toBe(200);
    expect((await get(`/instruction/dossiers/${ids.Rennes}`, "reviewer")).status).toBe(404);
    expect((await get(`/instruction/dossiers/${ids.Figeac}`, "outsider")).status).toBe(404);
    expect((await get(`/instruction/dossiers/${ids.Figeac}`, "Rennes")).status).toBe(404);
    const file = await get(`/instruction/dossiers/${ids.Figeac}/fichiers/${fileId}`, "reviewer");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect((await get(`/instruction/dossiers/${ids.Rennes}/fichiers/${fileId}`, "organiser")).status).toBe(404);
    expect((await get(`/instruction/dossiers/${ids.Figeac}/fichiers/${fileId}`, "outsider")).status).toBe(404);
  });

  it("hides the applicant's name, identity answers and file names from reviewers while a phase says so", async () => {
    const db = srv.services.db;
    const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
    const blind = { name: { fr: "À l’aveugle" }, canScore: true, seeOthers: false, seeNames: false, applicantsEdit: true };
    await changeCallContent(db, {
      callId,
      actorId: organiser,
      change: (c) => ({ ...c, phases: [{ ...blind, starts: parisSortableDateTime(new Date(Date.now() - 3_600_000)).replace(" ", "T") }] }),
    });
    try {
      // The server's cached call follows the studio's change within a second or so (another process's cache).
      const read = async () => plain(await (await get(`/instruction/dossiers/${ids.Figeac}`, "reviewer")).text());
      await expect.poll(read, { timeout: 10_000 }).toContain("Phase en cours : À l’aveugle.");
      const page = await read();
      expect(page).toMatch(/<h1>D-[0-9A-Z]{3}-[0-9A-Z]{3}<\/h1>/);
      expect(page).toContain("Une recyclerie solidaire.");
      expect(page).not.toContain("camille.martin@example.org");
      expect(page).not.toContain("732 829 320");
      expect(page).not.toContain("Camille Martin");
      expect(page).toContain("Phase en cours : À l’aveugle.");
      const file = await get(`/instruction/dossiers/${ids.Figeac}/fichiers/${fileId}`, "reviewer");
      expect(file.headers.get("content-disposition")).toMatch(/filename="piece-[^"]+\.pdf"/);
      // The organisers still see everything.
      expect(plain(await (await get(`/instruction/dossiers/${ids.Figeac}`, "organiser")).text())).toContain("camille.martin@example.org");
    } finally {
      await changeCallContent(db, { callId, actorId: organiser, change: (c) => ({ ...c, phases: undefined }) });
      await expect
        .poll(async () => plain(await (await get(`/instruction/dossiers/${ids.Figeac}`, "reviewer")).text()), { timeout: 10_000 })
        .not.toContain("Phase en cours");
    }
  });

  it("takes the reviewer's scores and the organiser's reasoned actions", async () => {
    const saved = await post(
      `/instruction/dossiers/${ids.Figeac}`,
      { intent: "review", "score.condition_ptce": "4", "score.experiences": "3", comment: "Solide." },
      "reviewer",
    );
    expect(await saved.text()).toContain("Évaluation enregistrée.");
    const bad = await post(`/instruction/dossiers/${ids.Figeac}`, { intent: "review", "score.condition_ptce": "9" }, "reviewer");
    expect(await bad.text()).toContain("entre 0 et 4");
    // A reviewer cannot decide; the organiser must give reasons.
    await post(
      `/instruction/dossiers/${ids.Figeac}`,
      { intent: "transition", event: "accept", note: "Je décide tout seul, bienvenue." },
      "reviewer",
    );
    expect((await srv.services.db.selectFrom("dossier").select("state").where("id", "=", ids.Figeac).executeTakeFirstOrThrow()).state).toBe(
      "submitted",
    );
    const noReason = await post(`/instruction/dossiers/${ids.Figeac}`, { intent: "transition", event: "accept", note: "" }, "organiser");
    expect(await noReason.text()).toContain("Donnez vos raisons");
    const accepted = await post(
      `/instruction/dossiers/${ids.Figeac}`,
      { intent: "transition", event: "accept", note: "Répond aux deux conditions de l’appel." },
      "organiser",
    );
    expect(plain(await accepted.text())).toContain("Le dossier est maintenant : Retenu.");
    const page = await (await get(`/instruction/dossiers/${ids.Figeac}`, "organiser")).text();
    expect(page).toContain("Note globale moyenne");
    expect(page).toContain("Répond aux deux conditions de l’appel.");
    // The applicant does not see the decision before answers are sent.
    const applicant = await (await get(`/dossiers/${ids.Figeac}`, "Figeac")).text();
    expect(applicant).toContain("Déposé — en cours d’instruction");
    expect(applicant).not.toContain("Répond aux deux conditions");
  });

  it("hides the dossier from a reviewer who declares a conflict of interest", async () => {
    const res = await post(
      `/instruction/dossiers/${ids.Figeac}`,
      { intent: "conflict", reason: "Ancienne salariée du porteur." },
      "reviewer",
    );
    expect(res.status).toBe(303);
    expect((await get(`/instruction/dossiers/${ids.Figeac}`, "reviewer")).status).toBe(404);
  });

  it("says on the list how many submissions its search does not find yet, and refuses a bulk action on it meanwhile", async () => {
    const db = srv.services.db;
    const user = await createVerifiedUser(srv.services, "Porteur Lille");
    cookies.Lille = await sessionCookie(srv.services, user.email, user.password);
    const created = await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Lille" }, "Lille");
    const id = created.headers.get("location")!.split("/").pop()!;
    await saveAnswers(db, {
      dossier: await dossierForMember(db, user.id, id),
      userId: user.id,
      changes: asChanges({ ...completeAnswers(), ptce_name: "PTCE Lille", q3_experiences: "Une fromagerie coopérative." }),
    });
    await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
    // Another app process's worker has taken its indexing, not finished yet.
    const claimed = await claimDueJobs(db, { limit: 10, type: INDEX_JOB, payloadLike: `%${id}%` });
    expect(claimed).toHaveLength(1);
    const search = `/admin/appels/${callId}?q=fromagerie`;
    const behind = plain(await (await get(search, "organiser")).text());
    expect(behind).toContain(
      "0 dossier 1 dossier déposé à l’instant n’est pas encore dans la recherche : il y sera dans quelques secondes.",
    );
    expect(behind).not.toContain("PTCE Lille");
    const bulk = await post(`/admin/appels/${callId}`, { intent: "bulk-label", query: "q=fromagerie", label: "Lille" }, "organiser");
    expect(plain(await bulk.text())).toContain(
      "1 dossier déposé à l’instant n’est pas encore dans la recherche : réessayez dans quelques secondes",
    );
    expect(await db.selectFrom("dossier_label").select("label").where("dossier_id", "=", id).execute()).toEqual([]);
    // That worker is done with it.
    await runJob(db, claimed[0], (p) => indexLatestSubmission(db, p as { dossierId: string }));
    const found = plain(await (await get(search, "organiser")).text());
    expect(found).toContain("PTCE Lille");
    expect(found).not.toContain("pas encore dans la recherche");
  });
});
