// People control their data, and the team's access is accountable (issue 8), over HTTP on both
// databases: a person's and an organisation's data as ZIP, sessions seen and ended, the account deleted
// with its rule shown first, withdrawal and per-call retention purged by the daily job and announced
// beforehand, the privacy page written from the settings, the access log, and two-factor
// authentication (turned on, used at sign-in, required by a call for its team).
import { sql } from "kysely";
import { searchDossiers } from "../../app/domain/applications/search.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { defaultCall, organiserId, submittedDossier } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { totp } from "../support/totp";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { assignManually } from "../../app/domain/review/team.server";
import { addNote } from "../../app/domain/review/collaboration.server";
import { applyOrganiserTransition } from "../../app/domain/applications/dossiers.server";
import { purgePlan, runRetention } from "../../app/domain/privacy/retention.server";
import { plain } from "../support/text";

function unzip(data: ArrayBuffer): { names: string[]; json: Record<string, unknown>; file(name: string): Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "trame-zip-"));
  const path = join(dir, "a.zip");
  writeFileSync(path, Buffer.from(data));
  const out = JSON.parse(
    execFileSync(
      "python3",
      [
        "-c",
        "import zipfile,sys,json,base64; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))",
        path,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).toString(),
  ) as Record<string, string>;
  rmSync(dir, { recursive: true, force: true });
  return {
    names: Object.keys(out),
    json: JSON.parse(Buffer.from(out["donnees.json"], "base64").toString("utf8")),
    file: (n) => Buffer.from(out[n], "base64"),
  };
}

describe.each(DATABASES)("personal data and accountability on %s", (kind) => {
  let srv: RunningServer;
  const ORGANISER = { email: "equipe@trame.test", password: "organisateur-secret-42" };
  const post = (path: string, body: Record<string, string>, cookie?: string) =>
    fetch(`${srv.url}${path}`, {
      method: "POST",
      body: new URLSearchParams(body),
      headers: { origin: srv.url, ...(cookie ? { cookie } : {}) },
      redirect: "manual",
    });
  const get = (path: string, cookie?: string) => fetch(`${srv.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => !c.endsWith("="))
      .join("; ");
  const shown = (html: string) => /class="error-summary"[\s\S]*?<li>(?:<a [^>]*>)?([^<]*)</.exec(html)?.[1];

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: ORGANISER.email, TRAME_ORGANISER_PASSWORD: ORGANISER.password });
  });
  afterAll(async () => srv?.close());

  it("gives a person everything Trame holds about them, and an organisation's members its data, never the team's notes", async () => {
    const d = await submittedDossier(srv.services, {
      name: "PTCE Portable",
      files: [{ fieldKey: "enriching_documents", name: "rapport.pdf", data: SAMPLE_PDF }],
    });
    await addNote(srv.services.db, {
      dossierId: d.id,
      authorId: await organiserId(srv.services),
      body: "Note interne de l’équipe, jamais exportée.",
    });
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const mine = await get("/compte/donnees.zip", cookie);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("application/zip");
    const zip = unzip(await mine.arrayBuffer());
    expect((zip.json.account as { email: string }).email).toBe(d.owner.email);
    expect(JSON.stringify(zip.json.answersWritten)).toContain("PTCE Portable");
    expect(JSON.stringify(zip.json)).not.toMatch(/"token"|"password"/);
    expect(zip.names).toContain("fichiers/rapport.pdf");
    expect(zip.file("fichiers/rapport.pdf").equals(SAMPLE_PDF)).toBe(true);

    const org = await get(`/organisations/${d.org}/donnees.zip`, cookie);
    expect(org.status).toBe(200);
    const orgZip = unzip(await org.arrayBuffer());
    expect(JSON.stringify(orgZip.json.answers)).toContain("PTCE Portable");
    expect(JSON.stringify(orgZip.json)).not.toContain("Note interne");
    expect(orgZip.names).toContain("fichiers/rapport.pdf");
    const stranger = await createVerifiedUser(srv.services, "Sam Étranger");
    expect(
      (await get(`/organisations/${d.org}/donnees.zip`, await sessionCookie(srv.services, stranger.email, stranger.password))).status,
    ).toBe(404);
    expect((await get("/compte/donnees.zip")).status).toBe(302);
  });

  it("shows a person's sessions and ends another one at once, never someone else's", async () => {
    const p = await createVerifiedUser(srv.services, "Simone Sessions");
    const here = cookiesOf(await post("/connexion", { email: p.email, password: p.password, intent: "password" }));
    const there = cookiesOf(await post("/connexion", { email: p.email, password: p.password, intent: "password" }));
    const page = await (await get("/compte", here)).text();
    expect(page).toContain("cet appareil");
    const sessions = await srv.services.db.selectFrom("session").select(["id", "token"]).where("userId", "=", p.id).execute();
    expect(sessions).toHaveLength(2);
    const thereId = sessions.find((s) => there.includes(s.token))!.id;
    // Another person cannot end it.
    const other = await createVerifiedUser(srv.services, "Oscar Autre");
    const refused = await post(
      "/compte",
      { intent: "endSession", sessionId: thereId },
      await sessionCookie(srv.services, other.email, other.password),
    );
    expect(shown(await refused.text())).toBeTruthy();
    expect((await get("/espace", there)).status).toBe(200);
    await post("/compte", { intent: "endSession", sessionId: thereId }, here);
    expect((await get("/espace", there)).status).toBe(302);
    expect((await get("/espace", here)).status).toBe(200);
  });

  it("deletes an account after showing its rule: pseudonymised where others' records need it, erased elsewhere", async () => {
    const d = await submittedDossier(srv.services, { name: "PTCE Mémoire" });
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const page = plain(await (await get("/compte", cookie)).text());
    expect(page).toContain("Conservés sous « Personne supprimée »");
    expect(page).toContain("Le dossier de Association PTCE Mémoire");
    expect(
      shown(await (await post("/compte", { intent: "delete", password: "pas-le-bon-mot", confirm: "SUPPRIMER" }, cookie)).text()),
    ).toContain("Mot de passe incorrect");
    expect(shown(await (await post("/compte", { intent: "delete", password: d.owner.password, confirm: "oui" }, cookie)).text())).toContain(
      "Écrivez SUPPRIMER",
    );
    const deleted = await post("/compte", { intent: "delete", password: d.owner.password, confirm: "SUPPRIMER" }, cookie);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/?compte=supprime");
    const db = srv.services.db;
    const user = await db.selectFrom("user").select(["name", "email"]).where("id", "=", d.owner.id).executeTakeFirstOrThrow();
    expect(user.name).toBe("Personne supprimée");
    expect(user.email).not.toContain(d.owner.email);
    expect(await db.selectFrom("session").select("id").where("userId", "=", d.owner.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("account").select("id").where("userId", "=", d.owner.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("membership").select("user_id").where("user_id", "=", d.owner.id).execute()).toHaveLength(0);
    // The organisation's submitted dossier stays, for the call's retention.
    expect(await db.selectFrom("submission").select("id").where("dossier_id", "=", d.id).execute()).toHaveLength(1);
    expect((await get("/espace", cookie)).status).toBe(302);
    expect(
      shown(await (await post("/connexion", { email: d.owner.email, password: d.owner.password, intent: "password" })).text()),
    ).toMatch(/incorrect/);
    // The last administrator cannot delete their account.
    const admin = await sessionCookie(srv.services, ORGANISER.email, ORGANISER.password);
    expect(
      shown(await (await post("/compte", { intent: "delete", password: ORGANISER.password, confirm: "SUPPRIMER" }, admin)).text()),
    ).toContain("seul administrateur");
  });

  it("logs the team's access to a dossier, for administrators and for the organisation concerned", async () => {
    const s = srv.services;
    const call = await defaultCall(s);
    const d = await submittedDossier(s, {
      name: "PTCE Observé",
      files: [{ fieldKey: "enriching_documents", name: "budget.pdf", data: SAMPLE_PDF }],
    });
    const reviewer = await createVerifiedUser(s, "Régis Relecteur");
    await addCallMember(s.db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: await organiserId(s) });
    await assignManually(s.db, { dossierId: d.id, reviewerId: reviewer.id, actorId: await organiserId(s) });
    const rc = await sessionCookie(s, reviewer.email, reviewer.password);
    expect((await get(`/instruction/dossiers/${d.id}`, rc)).status).toBe(200);
    const file = await s.db.selectFrom("attachment").select("id").where("dossier_id", "=", d.id).executeTakeFirstOrThrow();
    expect((await get(`/instruction/dossiers/${d.id}/fichiers/${file.id}`, rc)).status).toBe(200);
    const owner = await sessionCookie(s, d.owner.email, d.owner.password);
    const journal = await (await get(`/organisations/${d.org}/journal`, owner)).text();
    expect(journal).toContain("Régis Relecteur");
    expect(journal).toContain("a ouvert le dossier");
    expect(journal, /<table[\s\S]*<\/table>/.exec(journal)?.[0]).toContain("a téléchargé un fichier — budget.pdf");
    const admin = await sessionCookie(s, ORGANISER.email, ORGANISER.password);
    const all = await (await get("/admin/journal", admin)).text();
    expect(all).toContain("Régis Relecteur");
    expect((await get("/admin/journal", rc)).status).toBe(404);
    const stranger = await createVerifiedUser(s, "Sacha Curieux");
    expect((await get(`/organisations/${d.org}/journal`, await sessionCookie(s, stranger.email, stranger.password))).status).toBe(404);
  });

  it("lets an organisation withdraw, and purges declined and withdrawn dossiers when the call's retention ends, announced beforehand", async () => {
    const s = srv.services;
    const call = await defaultCall(s);
    const admin = await sessionCookie(s, ORGANISER.email, ORGANISER.password);
    const set = await post(`/admin/appels/${call.id}/donnees`, { intent: "retention", declined: "1", withdrawn: "2", drafts: "6" }, admin);
    expect(await set.text()).toContain("Durées de conservation enregistrées");
    expect(
      shown(
        await (
          await post(`/admin/appels/${call.id}/donnees`, { intent: "retention", declined: "0", withdrawn: "2", drafts: "6" }, admin)
        ).text(),
      ),
    ).toContain("mois entiers");
    // The privacy page says what the settings do, and how long the platform keeps what it sent (ADR 048).
    const privacy = await (await get("/confidentialite")).text();
    expect(privacy).toContain("un dossier non retenu est conservé 1 mois après la décision, un dossier retiré 2 mois");
    expect(privacy).toContain(
      "Trame garde la trace des courriels qu’elle envoie (adresse, texte, pièces jointes) 90 jours, des envois de ses webhooks 30 jours et de ses tâches exécutées 30 jours, puis la supprime.",
    );
    expect(privacy).toContain("chaque ligne du journal est gardée 365 jours, puis supprimée.");
    expect(privacy).toContain(
      "Une session de connexion et un lien envoyé par courriel sont supprimés dès qu’ils ont expiré, une invitation jamais acceptée 30 jours après son expiration.",
    );

    const withdrawn = await submittedDossier(s, {
      name: "PTCE Retiré",
      files: [{ fieldKey: "enriching_documents", name: "w.pdf", data: SAMPLE_PDF }],
    });
    const wc = await sessionCookie(s, withdrawn.owner.email, withdrawn.owner.password);
    expect(await (await get(`/dossiers/${withdrawn.id}`, wc)).text()).toContain(
      "Une candidature retirée est conservée 2 mois après son retrait",
    );
    expect(shown(await (await post(`/dossiers/${withdrawn.id}`, { intent: "withdraw" }, wc)).text())).toContain("Cochez la case");
    const w = await post(`/dossiers/${withdrawn.id}`, { intent: "withdraw", confirmWithdraw: "yes", reason: "Projet suspendu" }, wc);
    expect(w.status).toBe(303);
    expect((await s.db.selectFrom("dossier").select("state").where("id", "=", withdrawn.id).executeTakeFirstOrThrow()).state).toBe(
      "withdrawn",
    );

    const declined = await submittedDossier(s, { name: "PTCE Refusé" });
    await applyOrganiserTransition(s.db, {
      dossierId: declined.id,
      actorId: await organiserId(s),
      event: "decline",
      note: "Hors du champ de l’appel.",
      appUrl: srv.url,
    });
    const plan = await purgePlan(s.db, [call.id]);
    const planned = plan.find((p) => p.dossierId === declined.id)!;
    expect(planned.kind).toBe("declined");
    expect(planned.purgeAt.getTime()).toBeGreaterThan(Date.now() + 27 * 86400_000);
    const page = await (await get(`/admin/appels/${call.id}/donnees`, admin)).text();
    expect(page).toContain("Association PTCE Refusé — non retenu — supprimé le");
    expect(page).toContain("Association PTCE Retiré — retiré — supprimé le");

    // Nothing is due yet; three months later both are purged whole, files included, and recorded.
    expect(await runRetention(s.db, s.storage)).toBe(0);
    const fileKey = (
      await s.db.selectFrom("attachment").select("storage_key").where("dossier_id", "=", withdrawn.id).executeTakeFirstOrThrow()
    ).storage_key;
    // Both are in the search index before (a search first indexes what is queued).
    expect(await searchDossiers(s.db, call.id, "PTCE Retiré")).toContain(withdrawn.id);
    expect(await searchDossiers(s.db, call.id, "PTCE Refusé")).toContain(declined.id);
    const purged = await runRetention(s.db, s.storage, new Date(Date.now() + 95 * 86400_000));
    expect(purged).toBeGreaterThanOrEqual(2);
    for (const id of [withdrawn.id, declined.id]) {
      expect(await s.db.selectFrom("dossier").select("id").where("id", "=", id).execute()).toHaveLength(0);
      expect(await s.db.selectFrom("answer").select("field_key").where("dossier_id", "=", id).execute()).toHaveLength(0);
      // Out of the search index too: on SQLite its FTS row and the row number itself; on PostgreSQL the
      // facts' text vector (migration 029).
      if (s.database.kind === "sqlite") {
        expect(await s.db.selectFrom("dossier_search").select("dossier_id").where("dossier_id", "=", id).execute()).toHaveLength(0);
        expect((await sql`select row from dossier_search_row where dossier_id = ${id}`.execute(s.db)).rows).toHaveLength(0);
      } else
        expect((await sql`select 1 from dossier_fact where dossier_id = ${id} and tsv is not null`.execute(s.db)).rows).toHaveLength(0);
    }
    expect(await searchDossiers(s.db, call.id, "PTCE Retiré")).not.toContain(withdrawn.id);
    expect(await searchDossiers(s.db, call.id, "PTCE Refusé")).not.toContain(declined.id);
    await expect(s.storage.get(fileKey)).rejects.toThrow();
    const after = await (await get(`/admin/appels/${call.id}/donnees`, admin)).text();
    expect(after).toContain("Suppressions effectuées");
    expect(after).toContain("Association PTCE Retiré — retiré — supprimé le");
  });

  it("turns on two-factor authentication, asks for a code at sign-in, and lets a call require it for its team", async () => {
    const s = srv.services;
    const call = await defaultCall(s);
    const d = await submittedDossier(s, { name: "PTCE Protégé" });
    const reviewer = await createVerifiedUser(s, "Rita Relectrice");
    await addCallMember(s.db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: await organiserId(s) });
    await assignManually(s.db, { dossierId: d.id, reviewerId: reviewer.id, actorId: await organiserId(s) });
    let rc = await sessionCookie(s, reviewer.email, reviewer.password);
    // Turning it on: the password, then the first code from the app; backup codes shown once.
    const enable = async (cookie: string, password: string) => {
      expect(shown(await (await post("/compte", { intent: "start2fa", password: "pas-le-bon" }, cookie)).text())).toContain(
        "Mot de passe incorrect",
      );
      const setup = await (await post("/compte", { intent: "start2fa", password }, cookie)).text();
      const secret = /<code>([A-Z2-7 ]{16,})<\/code>/.exec(setup)![1];
      const backup = [...setup.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);
      expect(backup).toHaveLength(10);
      expect(setup).toContain('src="data:image/svg+xml;base64,');
      const on = await post("/compte", { intent: "confirm2fa", code: totp(secret) }, cookie);
      expect(on.status).toBe(303);
      return { secret, backup, cookie: cookiesOf(on).includes("session_token") ? cookiesOf(on) : cookie };
    };
    // The administrator cannot require it before having it, then requires it for the call's team.
    let admin = await sessionCookie(s, ORGANISER.email, ORGANISER.password);
    expect(shown(await (await post(`/admin/appels/${call.id}/donnees`, { intent: "security", require2fa: "on" }, admin)).text())).toContain(
      "Activez d’abord la double authentification",
    );
    admin = (await enable(admin, ORGANISER.password)).cookie;
    const required = await post(`/admin/appels/${call.id}/donnees`, { intent: "security", require2fa: "on" }, admin);
    expect(required.status, required.headers.get("location") ?? "").toBe(200);
    expect(await required.text()).toContain("Réglage de sécurité enregistré");
    // The reviewer, without it, is sent to her account page, whatever page of the call she asks for.
    const sent = await get(`/instruction/dossiers/${d.id}`, rc);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toContain("/compte?double-authentification=requise");
    expect(await (await get("/compte?double-authentification=requise", rc)).text()).toContain(
      "La double authentification est exigée pour l’équipe de cet appel",
    );
    const mine = await enable(rc, reviewer.password);
    const { secret, backup } = mine;
    rc = mine.cookie;
    expect(
      (await s.db.selectFrom("user").select("twoFactorEnabled").where("id", "=", reviewer.id).executeTakeFirstOrThrow()).twoFactorEnabled,
    ).toBeTruthy();
    expect((await get(`/instruction/dossiers/${d.id}`, rc)).status).toBe(200);

    // Signing in now takes a code: a wrong one is refused, the right one opens the session.
    const first = await post("/connexion", {
      email: reviewer.email,
      password: reviewer.password,
      intent: "password",
      redirectTo: `/instruction/dossiers/${d.id}`,
    });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toContain("/connexion/code");
    const pending = cookiesOf(first);
    expect(pending).not.toContain("session_token");
    const wrong = await post("/connexion/code", { intent: "totp", code: "000000", redirectTo: "/espace" }, pending);
    expect(shown(await wrong.text())).toContain("Ce code ne convient pas");
    const right = await post(
      "/connexion/code",
      { intent: "totp", code: totp(secret), redirectTo: `/instruction/dossiers/${d.id}` },
      pending,
    );
    expect(right.status).toBe(303);
    const session = cookiesOf(right);
    expect(session).toContain("session_token");
    expect((await get(`/instruction/dossiers/${d.id}`, session)).status).toBe(200);

    // A backup code works once.
    const again = cookiesOf(await post("/connexion", { email: reviewer.email, password: reviewer.password, intent: "password" }));
    const withBackup = await post("/connexion/code", { intent: "backup", backupCode: backup[0], redirectTo: "/espace" }, again);
    expect(withBackup.status).toBe(303);
    const third = cookiesOf(await post("/connexion", { email: reviewer.email, password: reviewer.password, intent: "password" }));
    expect(
      shown(await (await post("/connexion/code", { intent: "backup", backupCode: backup[0], redirectTo: "/espace" }, third)).text()),
    ).toBeTruthy();
    await post(`/admin/appels/${call.id}/donnees`, { intent: "security" }, admin);
    expect(await (await get(`/admin/appels/${call.id}/donnees`, admin)).text()).not.toContain('name="require2fa" checked=""');
  });
});
