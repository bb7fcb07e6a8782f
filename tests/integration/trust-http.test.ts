// Trust findings of issue 8 over HTTP on both databases: password guessing throttled whatever the
// X-Forwarded-For, honest crowds behind a trusted proxy never locked out, better-auth's endpoints closed
// but for its e-mailed links, e-mails to a chosen address capped, unconfirmed accounts indistinguishable
// from wrong passwords, organisation invitations bound to their address, autosave floods refused,
// ordinary mistakes answered without a 500, HSTS over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { submittedDossier } from "../support/dossiers";
import { runDueJobs } from "../../app/jobs/queue.server";

describe.each(DATABASES)("trust over HTTP on %s", (kind) => {
  let srv: RunningServer;
  let proxied: RunningServer;
  const post = (s: RunningServer, path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: "POST",
      body: new URLSearchParams(body),
      headers: { origin: s.url, ...headers },
      redirect: "manual",
    });
  const get = (s: RunningServer, path: string, cookie?: string) =>
    fetch(`${s.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  /** The message shown in the page's error summary (the page also carries the whole dictionary). */
  const shown = (html: string) => /class="error-summary"[\s\S]*?<li>([^<]*)<\/li>/.exec(html)?.[1];
  const mailsTo = async (s: RunningServer, to: string) => {
    await runDueJobs(s.services.db, s.services.jobHandlers);
    return s.services.db.selectFrom("email").select(["subject"]).where("to_addr", "=", to).execute();
  };

  beforeAll(async () => {
    srv = await startBuiltServer(kind);
    proxied = await startBuiltServer(kind, { TRAME_TRUSTED_PROXIES: "loopback", APP_URL: "https://trame.example.org" });
  });
  afterAll(async () => {
    await srv?.close();
    await proxied?.close();
  });

  it("throttles 50 wrong passwords sent with 50 different X-Forwarded-For, without locking the owner out for long", async () => {
    const victim = await createVerifiedUser(srv.services, "Victor Visé");
    const answers: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const res = await post(
        srv,
        "/connexion",
        { email: victim.email, password: `essai-${i}-mauvais`, intent: "password" },
        { "x-forwarded-for": `203.0.113.${i + 1}` },
      );
      answers.push(await res.text());
    }
    // Delays of 2 s, 4 s, 8 s… after the free attempts: on a slow machine the loop itself may outlast the
    // first ones, each letting one more attempt through. Counted from the time the loop took, not assumed.
    let elapsed = Date.now() - started;
    let extra = 0;
    for (let delay = 2000; elapsed >= delay; delay = Math.min(30_000, delay * 2)) {
      elapsed -= delay;
      extra++;
    }
    const wrong = answers.filter((a) => shown(a)?.startsWith("Adresse e-mail ou mot de passe incorrect")).length;
    const throttled = answers.filter((a) =>
      /^Trop de tentatives en peu de temps\. Réessayez dans \d+ secondes\.$/.test(shown(a) ?? ""),
    ).length;
    // Five free attempts, then one attempt per growing delay: the header changed nothing.
    expect(wrong).toBeLessThanOrEqual(6 + extra);
    expect(throttled).toBeGreaterThanOrEqual(44 - extra);
    expect(wrong + throttled).toBe(50);
    // The right password waits like everyone else, but never longer than the cap (30 s): no lockout.
    const meanwhile = await post(srv, "/connexion", { email: victim.email, password: victim.password, intent: "password" });
    expect(shown(await meanwhile.text())).toMatch(/^Trop de tentatives/);
    const row = await srv.services.db
      .selectFrom("throttle")
      .select(["next_at"])
      .where("key", "=", `signInFailuresByAccount:${victim.email}`)
      .executeTakeFirstOrThrow();
    expect(Number(row.next_at) - Date.now()).toBeLessThanOrEqual(30_000);
    // Once the delay has passed (time moved on here), the owner signs in, and the failures are forgotten.
    await srv.services.db
      .updateTable("throttle")
      .set({ next_at: 0 })
      .where("key", "=", `signInFailuresByAccount:${victim.email}`)
      .execute();
    const ok = await post(srv, "/connexion", { email: victim.email, password: victim.password, intent: "password" });
    expect(ok.status).toBe(303);
    expect(
      await srv.services.db
        .selectFrom("throttle")
        .select("key")
        .where("key", "=", `signInFailuresByAccount:${victim.email}`)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it("lets 20 different people sign in within a minute from 20 addresses behind a trusted proxy", async () => {
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => createVerifiedUser(proxied.services, `Personne ${i + 1}`)));
    const statuses = await Promise.all(
      people.map((p, i) =>
        post(
          proxied,
          "/connexion",
          { email: p.email, password: p.password, intent: "password" },
          { "x-forwarded-for": `198.51.100.${i + 10}` },
        ).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(20).fill(303));
    // The sessions record each person's own address, as resolved through the trusted proxy.
    const addresses = await proxied.services.db
      .selectFrom("session")
      .select("ipAddress" as never)
      .execute();
    expect(new Set(addresses.map((a) => (a as Record<string, string>).ipAddress)).size).toBeGreaterThanOrEqual(20);
  });

  it("sends HSTS when served over HTTPS, and not over plain HTTP", async () => {
    expect((await get(proxied, "/")).headers.get("strict-transport-security")).toContain("max-age=");
    expect((await get(srv, "/")).headers.get("strict-transport-security")).toBeNull();
  });

  it("closes better-auth's HTTP endpoints except the links it e-mails", async () => {
    const user = await createVerifiedUser(srv.services, "Bruno Direct");
    for (const path of [
      "/api/auth/sign-in/email",
      "/api/auth/sign-up/email",
      "/api/auth/request-password-reset",
      "/api/auth/sign-in/magic-link",
    ]) {
      const res = await fetch(`${srv.url}${path}`, {
        method: "POST",
        body: JSON.stringify({ email: user.email, password: user.password, name: "x" }),
        headers: { "content-type": "application/json", origin: srv.url },
      });
      expect(res.status, path).toBe(404);
    }
    const cookie = await sessionCookie(srv.services, user.email, user.password);
    for (const path of ["/api/auth/list-sessions", "/api/auth/get-session"]) expect((await get(srv, path, cookie)).status, path).toBe(404);
    // The e-mailed link still works (an invalid token is refused by better-auth itself, not by a 404).
    expect((await get(srv, "/api/auth/verify-email?token=nimporte-quoi")).status).not.toBe(404);
  });

  it("sends at most three e-mails an hour to an address chosen by whoever signs up", async () => {
    const target = `cible.${kind}@example.org`;
    for (let i = 0; i < 6; i++) await post(srv, "/inscription", { name: "Quelqu’un", email: target, password: "phrase-de-passe-longue" });
    expect((await mailsTo(srv, target)).length).toBeLessThanOrEqual(3);
  });

  it("answers an unconfirmed account like a wrong password, and sends the link again at most once in ten minutes", async () => {
    const email = `pas.confirme.${kind}@example.org`;
    expect((await post(srv, "/inscription", { name: "Paul Pressé", email, password: "phrase-de-passe-longue" })).status).toBe(302);
    const right = await (await post(srv, "/connexion", { email, password: "phrase-de-passe-longue", intent: "password" })).text();
    const wrong = await (await post(srv, "/connexion", { email, password: "pas-le-bon-du-tout", intent: "password" })).text();
    expect(shown(right)).toMatch(/^Adresse e-mail ou mot de passe incorrect/);
    expect(shown(right)).toBe(shown(wrong));
    await post(srv, "/connexion", { email, password: "phrase-de-passe-longue", intent: "password" });
    const confirmations = (await mailsTo(srv, email)).filter((m) => m.subject.startsWith("Confirmez"));
    expect(confirmations).toHaveLength(2); // the sign-up's, and one sent again
  });

  it("binds an organisation's invitation to the invited address", async () => {
    const alice = await createVerifiedUser(srv.services, "Alice Invitante");
    const bob = await createVerifiedUser(srv.services, "Bob Invité");
    const carol = await createVerifiedUser(srv.services, "Carole Curieuse");
    const ca = await sessionCookie(srv.services, alice.email, alice.password);
    await post(srv, "/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Lien Lié" }, { cookie: ca });
    const org = await srv.services.db.selectFrom("organization").select("id").where("name", "=", "PTCE Lien Lié").executeTakeFirstOrThrow();
    await post(srv, `/organisations/${org.id}`, { email: bob.email }, { cookie: ca });
    await runDueJobs(srv.services.db, srv.services.jobHandlers);
    const mail = await srv.services.db
      .selectFrom("email")
      .select("text_body")
      .where("to_addr", "=", bob.email)
      .where("subject", "like", "%vous invite%")
      .executeTakeFirstOrThrow();
    const path = /https?:\/\/[^/\s]+(\/invitations\/\S+)/.exec(mail.text_body)![1];
    // Carol got hold of the link: it gives her nothing, and the link still works for Bob.
    const stolen = await post(srv, path, {}, { cookie: await sessionCookie(srv.services, carol.email, carol.password) });
    expect(await stolen.text()).toContain(`Cette invitation a été envoyée à ${bob.email}`);
    const members = () => srv.services.db.selectFrom("membership").select("user_id").where("organization_id", "=", org.id).execute();
    expect((await members()).map((m) => m.user_id)).not.toContain(carol.id);
    const accepted = await post(srv, path, {}, { cookie: await sessionCookie(srv.services, bob.email, bob.password) });
    expect(accepted.status).toBe(302);
    expect((await members()).map((m) => m.user_id)).toContain(bob.id);
  });

  it("answers ordinary mistakes without a 500: reopening an accepted dossier, JSON posted to a form", async () => {
    const d = await submittedDossier(srv.services, { name: "PTCE Accepté" });
    await srv.services.db.updateTable("dossier").set({ state: "accepted" }).where("id", "=", d.id).execute();
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const res = await post(srv, `/dossiers/${d.id}`, { intent: "reopen" }, { cookie });
    expect(res.status).toBeLessThan(500);
    expect(await res.text()).toContain("n’est pas possible pour ce dossier");
    const json = await fetch(`${srv.url}/dossiers/${d.id}`, {
      method: "POST",
      body: JSON.stringify({ intent: "reopen" }),
      headers: { origin: srv.url, cookie, "content-type": "application/json" },
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain("attend un formulaire");
  });

  it("refuses an autosave flood from one account with a message, and keeps the last text", async () => {
    const user = await createVerifiedUser(srv.services, "Flora Flot");
    const cookie = await sessionCookie(srv.services, user.email, user.password);
    const created = await post(srv, "/appels/ptce-emploi-2015/candidater", { intent: "create", name: "PTCE Flot" }, { cookie });
    const dossier = created.headers.get("location")!;
    let version = 0;
    const statuses: number[] = [];
    let refusal = "";
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${srv.url}/api${dossier}/answers`, {
        method: "POST",
        body: new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": `Nom ${i}`, "v.ptce_name": String(version) }),
        headers: { origin: srv.url, cookie },
      });
      statuses.push(res.status);
      const body = (await res.json()) as { results?: { version: number }[]; error?: string };
      if (res.status === 200) version = body.results![0].version;
      else refusal = body.error ?? "";
    }
    expect(statuses.filter((s) => s === 200).length).toBe(180);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
    expect(refusal).toContain("Trop d’enregistrements en peu de temps");
    const stored = await srv.services.db
      .selectFrom("answer")
      .select("value_json")
      .where("field_key", "=", "ptce_name")
      .where("dossier_id", "=", dossier.split("/").pop()!)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.value_json)).toBe("Nom 179");
  });

  it("never sends the person back to another site after signing in", async () => {
    for (const target of ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/%0d%0a/evil.example"]) {
      const html = await (await get(srv, `/connexion?redirectTo=${encodeURIComponent(decodeURIComponent(target))}`)).text();
      expect(html, target).toContain('name="redirectTo" value="/espace"');
    }
  });
});
