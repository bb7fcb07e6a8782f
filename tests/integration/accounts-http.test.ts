// Account journeys over HTTP on the real server: password reset, magic link, invitation of a colleague,
// a save posted after the session expired (restored after sign-in), and the English interface.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { runDueJobs } from "../../app/jobs/queue.server";
import { formatParisDateTime } from "../../app/lib/paris-time";
import { plain } from "../support/text";

describe.each(DATABASES)("accounts over HTTP on %s", (kind) => {
  let srv: RunningServer;
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
      .join("; ");
  const lastMail = async (to: string, subject: string) => {
    await runDueJobs(srv.services.db, srv.services.jobHandlers);
    const row = await srv.services.db
      .selectFrom("email")
      .selectAll()
      .where("to_addr", "=", to)
      .where("subject", "like", `${subject}%`)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    if (!row) throw new Error(`no mail ${subject} to ${to}`);
    return row.text_body;
  };

  beforeAll(async () => {
    srv = await startBuiltServer(kind, { TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
  });
  afterAll(async () => srv?.close());

  it("signs up, refuses sign-in before verification, then verifies by the e-mailed link", async () => {
    const email = `neuf.${kind}@example.org`;
    const res = await post("/inscription", { name: "Nadia Neuf", email, password: "phrase-de-passe-longue" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/verification");
    const refused = await post("/connexion", { email, password: "phrase-de-passe-longue", intent: "password" });
    expect(refused.status).toBe(200);
    // The same answer as a wrong password: nobody learns that the password was right.
    expect(await refused.text()).toContain(
      "Adresse e-mail ou mot de passe incorrect. Si vous venez de créer votre compte, confirmez d’abord votre adresse",
    );
    const link = /(http\S+verify-email\S+)/.exec(await lastMail(email, "Confirmez"))![1];
    const verified = await get(link.replace(/^http:\/\/[^/]+/, ""));
    expect(verified.status).toBe(302);
    const cookie = cookiesOf(verified);
    expect(cookie).toContain("session_token");
    expect((await get("/espace", cookie)).status).toBe(200);
    // Signing up again with the same address answers like any sign-up (no one learns the address is
    // registered), creates no second account, and tells the owner by e-mail.
    const dup = await post("/inscription", { name: "Nadia Bis", email, password: "autre-phrase-de-passe" });
    expect(dup.status).toBe(302);
    expect(dup.headers.get("location")).toContain("/verification");
    expect(await srv.services.db.selectFrom("user").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await lastMail(email, "Vous avez déjà un compte")).toContain("/mot-de-passe-oublie");
  });

  it("brings a colleague who signs up from an invitation back to the invitation, which says when it was already used", async () => {
    const alice = await createVerifiedUser(srv.services, "Alice Accueil");
    const ca = await sessionCookie(srv.services, alice.email, alice.password);
    await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Retour" }, ca);
    const org = await srv.services.db.selectFrom("organization").select("id").where("name", "=", "PTCE Retour").executeTakeFirstOrThrow();
    const newcomer = `nouvelle.${kind}@example.org`;
    await post(`/organisations/${org.id}`, { email: newcomer }, ca);
    const path = /https?:\/\/[^/\s]+(\/invitations\/\S+)/.exec(await lastMail(newcomer, "Alice Accueil vous invite"))![1];
    const page = await (await get(path)).text();
    const signUpLink = /href="(\/inscription\?[^"]+)"/.exec(page)![1].replace(/&amp;/g, "&");
    expect(signUpLink).toContain(`redirectTo=${encodeURIComponent(path)}`);
    const form = await (await get(signUpLink)).text();
    const redirectTo = /name="redirectTo" value="([^"]+)"/.exec(form)![1];
    await post("/inscription", { name: "Nina Nouvelle", email: newcomer, password: "phrase-de-passe-longue", redirectTo });
    const link = /(http\S+verify-email\S+)/.exec(await lastMail(newcomer, "Confirmez"))![1];
    const verified = await get(link.replace(/^http:\/\/[^/]+/, ""));
    expect(verified.headers.get("location")).toBe(path);
    const cookie = cookiesOf(verified);
    expect((await post(path, {}, cookie)).status).toBe(302);
    expect(await (await get(path, cookie)).text()).toContain("Ce lien d’invitation a déjà été utilisé.");
  });

  it("resets a forgotten password through the e-mailed link", async () => {
    const user = await createVerifiedUser(srv.services, "Paul Oubli");
    await post("/mot-de-passe-oublie", { email: user.email });
    const link = /(http\S+reset-password\S+)/.exec(await lastMail(user.email, "Nouveau mot de passe"))![1];
    const step = await get(link.replace(/^http:\/\/[^/]+/, ""));
    expect(step.status).toBe(302);
    const target = new URL(step.headers.get("location")!, srv.url);
    expect(target.pathname).toBe("/nouveau-mot-de-passe");
    const token = target.searchParams.get("token")!;
    const done = await post("/nouveau-mot-de-passe", { token, password: "nouveau-secret-tres-long" });
    expect(done.headers.get("location")).toBe("/connexion?reset=1");
    const ok = await post("/connexion", { email: user.email, password: "nouveau-secret-tres-long", intent: "password" });
    expect(ok.status).toBe(303);
    const old = await post("/connexion", { email: user.email, password: user.password, intent: "password" });
    expect(await old.text()).toContain("incorrect");
  });

  it("signs in with a magic link, and says the same thing for unknown addresses", async () => {
    const user = await createVerifiedUser(srv.services, "Magali Lien");
    const sent = await post("/connexion", { email: user.email, intent: "magic" });
    expect(await sent.text()).toContain("Si un compte existe");
    const unknown = await post("/connexion", { email: `inconnu.${kind}@example.org`, intent: "magic" });
    expect(await unknown.text()).toContain("Si un compte existe");
    const link = /(http\S+magic-link\S+)/.exec(await lastMail(user.email, "Votre lien de connexion"))![1];
    const res = await get(link.replace(/^http:\/\/[^/]+/, ""));
    expect(res.status).toBe(302);
    expect((await get("/espace", cookiesOf(res))).status).toBe(200);
  });

  it("limits repeated sign-in attempts", async () => {
    const user = await createVerifiedUser(srv.services, "Lina Limite");
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(await (await post("/connexion", { email: user.email, password: "mauvais-mot-de-passe", intent: "password" })).text());
    expect(statuses.slice(0, 5).every((s) => s.includes("incorrect"))).toBe(true);
    expect(statuses[6]).toContain("Trop de tentatives");
  });

  it("invites a colleague who joins and then edits the same dossier", async () => {
    const alice = await createVerifiedUser(srv.services, "Alice Hôte");
    const bob = await createVerifiedUser(srv.services, "Bob Invité");
    const ca = await sessionCookie(srv.services, alice.email, alice.password);
    const cb = await sessionCookie(srv.services, bob.email, bob.password);
    const created = await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Invitations" }, ca);
    const dossier = created.headers.get("location")!;
    const org = await srv.services.db
      .selectFrom("organization")
      .select("id")
      .where("name", "=", "PTCE Invitations")
      .executeTakeFirstOrThrow();
    expect((await get(dossier, cb)).status).toBe(404);
    const invited = await post(`/organisations/${org.id}`, { email: bob.email }, ca);
    expect(await invited.text()).toContain(`Invitation envoyée à ${bob.email}`);
    const link = /(http\S+\/invitations\/\S+)/.exec(await lastMail(bob.email, "Alice Hôte vous invite"))![1];
    const path = link.replace(/^http:\/\/[^/]+/, "");
    expect(await (await get(path, cb)).text()).toContain("Rejoindre PTCE Invitations");
    const accepted = await post(path, {}, cb);
    expect(accepted.status).toBe(302);
    expect((await get(dossier, cb)).status).toBe(200);
    // The link works once.
    const again = await post(path, {}, ca);
    expect(await again.text()).toContain("déjà été utilisé");
  });

  it("keeps a no-JavaScript save posted after the session expired, and restores it after sign-in", async () => {
    const user = await createVerifiedUser(srv.services, "Éva Expirée");
    const cookie = await sessionCookie(srv.services, user.email, user.password);
    const created = await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Expiré" }, cookie);
    const dossier = created.headers.get("location")!;
    const text = "Un long texte écrit pendant une heure — « à ne pas perdre ».";
    // Posted without a session (it expired): nothing is lost.
    const res = await post(`${dossier}/parties/partie2`, { _fields: "q1_issues", "f.q1_issues": text, "v.q1_issues": "0", intent: "save" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toContain("/connexion?redirectTo=");
    expect(location).toContain("expire=1");
    const back = decodeURIComponent(/redirectTo=([^&]+)/.exec(location)![1]);
    expect(back).toMatch(/\/parties\/partie2\?reprise=/);
    // Another person cannot read it, even with the link.
    const other = await createVerifiedUser(srv.services, "Autre");
    expect((await get(back, await sessionCookie(srv.services, other.email, other.password))).status).toBe(404);
    // After signing in again, the text is back in the form.
    const page = await (await get(back, cookie)).text();
    expect(page).toContain("Nous avons récupéré ce que vous aviez saisi");
    expect(page).toContain("Un long texte écrit pendant une heure — « à ne pas perdre ».".replace(/«/g, "«"));
  });

  it("shows the interface in English when chosen, and keeps French call content", async () => {
    const res = await post("/langue", { lang: "en" });
    const cookie = cookiesOf(res);
    expect(cookie).toBe("lang=en");
    const html = await (await get("/appels/ptce-emploi-2015", cookie)).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("The two conditions");
    expect(html).toContain("PTCE, employment and secure career paths");
    const fr = await (await get("/appels/ptce-emploi-2015")).text();
    expect(fr).toContain("Les deux conditions");
  });

  it("lets the organiser read captured e-mails and extend one organisation's deadline; applicants cannot", async () => {
    const organiser = await sessionCookie(srv.services, "equipe@trame.test", "organisateur-secret-42");
    const applicant = await createVerifiedUser(srv.services, "Anne Candidate");
    const ca = await sessionCookie(srv.services, applicant.email, applicant.password);
    expect((await get("/admin", ca)).status).toBe(404);
    expect((await get("/admin/courriels", ca)).status).toBe(404);
    expect((await get("/admin/charte", ca)).status).toBe(404);
    const mails = await (await get("/admin/courriels", organiser)).text();
    expect(mails).toContain("Confirmez votre adresse e-mail");
    await post("/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Délai" }, ca);
    const org = await srv.services.db.selectFrom("organization").select("id").where("name", "=", "PTCE Délai").executeTakeFirstOrThrow();
    const call = await srv.services.db.selectFrom("call").select(["id", "closes_at"]).executeTakeFirstOrThrow();
    const until = new Date(new Date(call.closes_at).getTime() + 10 * 86400000).toISOString().slice(0, 10);
    expect((await post(`/admin/appels/${call.id}/delais`, { organizationId: org.id, until, reason: "Inondation" }, ca)).status).toBe(404);
    const done = await post(`/admin/appels/${call.id}/delais`, { organizationId: org.id, until, reason: "Inondation" }, organiser);
    expect(await done.text()).toContain("Date limite prolongée pour PTCE Délai");
    const ext = await srv.services.db
      .selectFrom("deadline_extension")
      .select("closes_at")
      .where("organization_id", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(new Date(ext.closes_at).getTime()).toBeGreaterThan(new Date(call.closes_at).getTime());
    // The organisation is told by e-mail, and « Mon espace » shows the same new date as the dossier (issue 9).
    expect(plain(await lastMail(applicant.email, "Date limite prolongée"))).toContain("Motif : Inondation");
    const shown = formatParisDateTime(new Date(new Date(ext.closes_at).getTime() - 60_000), "fr");
    expect(await (await get("/espace", ca)).text()).toContain(shown);
  });
});
